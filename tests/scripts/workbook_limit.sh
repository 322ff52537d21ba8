#!/usr/bin/env bash
# ledgers.xlsx is written for a roll whose sheets hold at most 200,000 rows (kWorkbookMaxRows,
# src/output/workbook.h) and left out above that: the manifest does not list it, run says so, the
# summary page says so, and the CSVs still hold every line (check_manifest.py adds them up).
set -u
BIN=$1; ROOT=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1" >&2; fail=1; fi; }
"$BIN" sample --month 2020-09 --households 50000 --out "$T/big" --seed 3 --quiet
"$BIN" run --month 2020-09 --rules "$ROOT/rules/erdao-2020.toml" --input "$T/big" --out "$T/out" \
  --lang en > "$T/stdout"
check "the large roll runs" "[ $? = 0 ]"
python3 "$ROOT/tests/tools/check_manifest.py" "$T/out" || fail=1
check "no ledgers.xlsx above the limit" "[ ! -e '$T/out/ledgers.xlsx' ]"
check "the manifest does not list it" "! grep -q ledgers.xlsx '$T/out/manifest.json'"
check "run says why" "grep -q 'ledgers.xlsx: not written (.* rows, over 200000' '$T/stdout'"
check "summary.html says why" "grep -q 'so no ledgers.xlsx' '$T/out/summary.html'"
rows=$(($(wc -l < "$T/out/payments.csv") + $(wc -l < "$T/out/subsidies.csv") - 2))
check "the ledgers hold more than 200000 lines ($rows)" "[ $rows -gt 200000 ]"
"$BIN" sample --month 2020-09 --households 2000 --out "$T/small" --seed 3 --quiet
"$BIN" run --month 2020-09 --rules "$ROOT/rules/erdao-2020.toml" --input "$T/small" --out "$T/out2" --quiet
check "a small roll has its workbook" "[ -s '$T/out2/ledgers.xlsx' ] && grep -q ledgers.xlsx '$T/out2/manifest.json'"
[ $fail = 0 ] && echo "workbook_limit: all checks passed"
exit $fail
