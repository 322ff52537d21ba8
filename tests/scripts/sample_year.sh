#!/usr/bin/env bash
# The whole sample year 2020-01 … 2020-12 runs, and in every month the manifest adds up:
# disbursement.csv equals the cash and premium lines of both ledgers per account and in total,
# every control total equals its file's lines, every hash and row count is the file's.
set -u
BIN=$1; ROOT=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0
for m in 2020-01 2020-02 2020-03 2020-04 2020-05 2020-06 2020-07 2020-08 2020-09 2020-10 2020-11 2020-12; do
  if ! "$BIN" run --month $m --rules "$ROOT/rules/erdao-2020.toml" --input "$ROOT/samples/$m" --out "$T/$m" --quiet; then
    echo "FAIL: run $m" >&2; fail=1; continue
  fi
  python3 "$ROOT/tests/tools/check_manifest.py" "$T/$m" || fail=1
done
# Each once-a-year item shows in its payment month.
grep -q ',holiday_goods,' "$T/2020-01/subsidies.csv" || { echo "FAIL: no holiday goods in January" >&2; fail=1; }
grep -q ',education,' "$T/2020-09/subsidies.csv" || { echo "FAIL: no education in September" >&2; fail=1; }
grep -q ',heating,' "$T/2020-10/subsidies.csv" || { echo "FAIL: no heating in October" >&2; fail=1; }
grep -q ',insurance_premium,' "$T/2020-11/subsidies.csv" || { echo "FAIL: no premiums in November" >&2; fail=1; }
grep -q ',heating,' "$T/2020-09/subsidies.csv" && { echo "FAIL: heating outside October" >&2; fail=1; }
[ $fail = 0 ] && echo "sample_year: 12 months run and add up"
exit $fail
