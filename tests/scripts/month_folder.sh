#!/usr/bin/env bash
# The month folder's promises (outputs.md): two runs give the same bytes; a finished month is
# refused without --force (exit 5) and left unchanged; --force replaces it whole; a non-empty
# folder that is not a result is never touched (exit 2); a fatal error (missing column,
# unreadable rules) exits 3 and leaves no folder behind.
set -u
BIN=$1; ROOT=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1" >&2; fail=1; fi; }
run() { "$BIN" run --month 2020-09 --rules "$ROOT/rules/erdao-2020.toml" --input "$ROOT/samples/2020-09" --quiet "$@"; }

run --out "$T/a/2020-09"; check "first run exits 0" "[ $? = 0 ]"
run --out "$T/b/2020-09" --jobs 1; check "second run exits 0" "[ $? = 0 ]"
check "two runs (2 jobs and 1 job) give the same bytes" "diff -r '$T/a/2020-09' '$T/b/2020-09' >/dev/null"

before=$(cd "$T/a/2020-09" && find . -type f -exec sha256sum {} + | sort)
run --out "$T/a/2020-09" 2>"$T/err"; rc=$?
check "a finished month without --force exits 5 (got $rc)" "[ $rc = 5 ]"
check "the message says --force" "grep -q -- --force '$T/err'"
after=$(cd "$T/a/2020-09" && find . -type f -exec sha256sum {} + | sort)
check "the refused run changed nothing" "[ \"\$before\" = \"\$after\" ]"
run --out "$T/a/2020-09" --force; rc=$?
check "--force replaces a finished month (got $rc)" "[ $rc = 0 ]"
check "the replaced month is byte-identical" "diff -r '$T/a/2020-09' '$T/b/2020-09' >/dev/null"
check "no temporary folder is left beside it" "[ -z \"\$(ls -A '$T/a' | grep -v '^2020-09$')\" ]"

mkdir -p "$T/c/2020-09"; echo keep >"$T/c/2020-09/notes.txt"
run --out "$T/c/2020-09" --force 2>/dev/null; rc=$?
check "a non-empty folder without manifest exits 2 even with --force (got $rc)" "[ $rc = 2 ]"
check "and is left alone" "[ \"\$(ls '$T/c/2020-09')\" = notes.txt ]"

mkdir -p "$T/empty/2020-09"
run --out "$T/empty/2020-09"; check "an empty --out folder is fine" "[ $? = 0 ]"

mkdir -p "$T/in"; cp "$ROOT/samples/2020-09/"*.csv "$T/in/"
# Drop the column `area` (the fourth) from households.csv: a fatal error.
cut -d, -f1-3,5- "$ROOT/samples/2020-09/households.csv" >"$T/in/households.csv"
"$BIN" run --month 2020-09 --rules "$ROOT/rules/erdao-2020.toml" --input "$T/in" --out "$T/d/2020-09" 2>"$T/err"; rc=$?
check "a missing required column exits 3 (got $rc)" "[ $rc = 3 ]"
check "the message names the column" "grep -q area '$T/err'"
check "and no folder is written" "[ ! -e '$T/d/2020-09' ] && [ -z \"\$(ls -A '$T/d' 2>/dev/null)\" ]"

printf '[[dibao]\nfrom = \n' >"$T/bad.toml"
"$BIN" run --month 2020-09 --rules "$T/bad.toml" --input "$ROOT/samples/2020-09" --out "$T/e/2020-09" 2>"$T/err"; rc=$?
check "unreadable rules exit 3 (got $rc)" "[ $rc = 3 ]"
check "and no folder is written" "[ ! -e '$T/e' ] || [ -z \"\$(ls -A '$T/e')\" ]"
"$BIN" run --month 2020-09 --rules "$T/missing.toml" --input "$ROOT/samples/2020-09" --out "$T/f/2020-09" 2>"$T/err"; rc=$?
check "a missing rules file exits 3 (got $rc)" "[ $rc = 3 ]"

"$BIN" run --month 2020-13 --rules "$ROOT/rules/erdao-2020.toml" --input "$ROOT/samples/2020-09" --out "$T/g" 2>/dev/null; rc=$?
check "a bad --month is a usage error (got $rc)" "[ $rc = 2 ]"

[ $fail = 0 ] && echo "month_folder: all checks passed"
exit $fail
