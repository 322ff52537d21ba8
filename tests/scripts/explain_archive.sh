#!/usr/bin/env bash
# explain --archive (commands.md): a month folder's own inputs, rules and as-of day, and whether
# what it computes matches the folder's ledgers; a changed ledger line is named with both amounts.
set -u
BIN=$1; ROOT=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1" >&2; fail=1; fi; }
"$BIN" run --month 2020-09 --rules "$ROOT/rules/erdao-2020.toml" --input "$ROOT/samples/2020-09" \
  --out "$T/2020-09" --quiet || { echo "FAIL: run" >&2; exit 1; }
D="$T/2020-09"
"$BIN" explain --archive "$D" --month 2020-09 --household EDQ-0031 >"$T/held.out"; rc=$?
check "explain --archive exits 0 (got $rc)" "[ $rc = 0 ]"
check "it says the folder" "grep -q '依据：月份目录 $D' '$T/held.out'"
check "held lines and the case line are compared and match" "grep -q '与账册一致' '$T/held.out'"
check "the held dibao is shown with its hold" "grep -qE '820.00 +暂缓：MISSING_ACCOUNT' '$T/held.out'"
"$BIN" explain --archive "$D" --month 2020-09 --household EDQ-0002 --lang en >"$T/en.out"
check "--lang en says it matches" "grep -q 'matches the ledger' '$T/en.out'"
# Explain computes from the folder's inputs: the same as from the samples.
"$BIN" explain --input "$ROOT/samples/2020-09" --rules "$ROOT/rules/erdao-2020.toml" --month 2020-09 \
  --household EDQ-0002 --lang en >"$T/input.out"
check "the same explanation as from the input folder (sections 1 to 5)" \
  "diff <(sed -n '3,/^6\\./p' '$T/en.out' | grep -v -e '^6\\.' -e '^\$') <(sed -n '3,\$p' '$T/input.out' | grep -v '^\$') >/dev/null"

# Change one amount of the ledger: explain names the line, with the ledger's and its own amount.
chmod -R u+w "$D"
sed -i 's/^\(2020-09,EDQ-0002,,dibao,[^,]*,cash,[^,]*,[^,]*,[^,]*,[0-9]*,\)820\.00,/\1830.00,/' "$D/payments.csv"
check "the test changed the ledger" "grep -q ',830.00,' '$D/payments.csv'"
"$BIN" explain --archive "$D" --month 2020-09 --household EDQ-0002 >"$T/diff.out"; rc=$?
check "a differing ledger still exits 0 (got $rc)" "[ $rc = 0 ]"
check "the difference is named" "grep -q '与账册不一致，1 处差异' '$T/diff.out'"
check "with both amounts" "grep -qE 'payments.csv dibao +账册 830.00 +重算 820.00' '$T/diff.out'"

"$BIN" explain --archive "$D" --month 2020-08 --household EDQ-0002 >/dev/null 2>"$T/err"; rc=$?
check "another month than the folder's is a usage error (got $rc)" "[ $rc = 2 ]"
check "and says so" "grep -q 'month folder of 2020-09, not of 2020-08' '$T/err'"
"$BIN" explain --archive "$D" --month 2020-09 --household EDQ-9999 >/dev/null 2>"$T/err"; rc=$?
check "an unknown household exits 2 (got $rc)" "[ $rc = 2 ]"
"$BIN" explain --archive "$D" --input "$ROOT/samples/2020-09" --month 2020-09 --household EDQ-0002 >/dev/null 2>&1; rc=$?
check "--archive with --input is a usage error (got $rc)" "[ $rc = 2 ]"

[ $fail = 0 ] && echo "explain_archive: all checks passed"
exit $fail
