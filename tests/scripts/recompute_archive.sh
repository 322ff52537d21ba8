#!/usr/bin/env bash
# recompute on the sample archive: unchanged rules pay nothing; the retroactive raise pays once
# (a second recompute with the first in the archive pays nothing more); a byte changed in an
# archived month stops everything (exit 3, naming the file, nothing written).
set -u
BIN=$1; ROOT=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1" >&2; fail=1; fi; }
for m in 07 08 09; do
  "$BIN" run --month 2020-$m --rules "$ROOT/rules/erdao-2020.toml" --input "$ROOT/samples/2020-$m" \
    --out "$T/a/2020-$m" --as-of 2020-$m-10 --quiet || { echo "FAIL: run 2020-$m" >&2; exit 1; }
done
rows() { tail -n +2 "$1" | grep -c . ; }
"$BIN" recompute --rules "$ROOT/rules/erdao-2020.toml" --archive "$T/a" --from 2020-07 --to 2020-09 --out "$T/same" --quiet
check "unchanged rules: exit 0" "[ $? = 0 ]"
check "unchanged rules: no arrears row" "[ \$(rows '$T/same/arrears.csv') = 0 ]"
check "unchanged rules: nothing to pay" "[ \$(rows '$T/same/disbursement.csv') = 0 ]"
"$BIN" recompute --rules "$ROOT/rules/erdao-2020-raise.toml" --archive "$T/a" --from 2020-07 --to 2020-09 --out "$T/a/recompute-1" --quiet
check "raise: exit 0" "[ $? = 0 ]"
check "raise: arrears rows written" "[ \$(rows '$T/a/recompute-1/arrears.csv') -gt 0 ]"
check "raise: something to pay" "[ \$(rows '$T/a/recompute-1/disbursement.csv') -gt 0 ]"
"$BIN" recompute --rules "$ROOT/rules/erdao-2020-raise.toml" --archive "$T/a" --from 2020-07 --to 2020-09 --out "$T/a/recompute-2" --quiet
check "again with the first in the archive: nothing more to pay" "[ \$(rows '$T/a/recompute-2/settlements.csv') = 0 ] && [ \$(rows '$T/a/recompute-2/disbursement.csv') = 0 ]"
"$BIN" recompute --rules "$ROOT/rules/erdao-2020-raise.toml" --archive "$T/a" --from 2020-07 --to 2020-09 --as-of 2020-09-14 --out "$T/before" --quiet
check "as of the day before the announcement: no arrears" "[ \$(rows '$T/before/arrears.csv') = 0 ]"
# One byte of an archived input changed.
printf 'X' | dd of="$T/a/2020-08/inputs/members.csv" bs=1 seek=200 conv=notrunc status=none
"$BIN" recompute --rules "$ROOT/rules/erdao-2020-raise.toml" --archive "$T/a" --from 2020-07 --to 2020-09 --out "$T/t" 2>"$T/err"; rc=$?
check "tampered month: exit 3 (got $rc)" "[ $rc = 3 ]"
check "the message names the file" "grep -q '2020-08/inputs/members.csv' '$T/err'"
check "nothing written" "[ ! -e '$T/t' ]"
[ $fail = 0 ] && echo "recompute_archive: all checks passed"
exit $fail
