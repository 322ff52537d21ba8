#!/usr/bin/env bash
# The same roll as UTF-8, UTF-8 with BOM, GB18030 with Chinese headers, and with CRLF line
# ends gives the same ledgers and reports (inputs.md: encodings, aliases, line ends).
set -u
BIN=$1; ROOT=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0
S="$ROOT/samples/2020-09"
python3 "$ROOT/tests/tools/variants.py" "$S" "$T" || exit 1
for v in utf8 bom gb18030 crlf; do
  "$BIN" run --month 2020-09 --rules "$ROOT/rules/erdao-2020.toml" --input "$T/$v" --out "$T/out-$v" --quiet
  [ $? = 0 ] || { echo "FAIL: run on $v" >&2; fail=1; }
done
for v in bom gb18030 crlf; do
  for f in payments.csv subsidies.csv held.csv disbursement.csv exceptions.csv watchlist.csv summary.csv; do
    if ! cmp -s "$T/out-utf8/$f" "$T/out-$v/$f"; then
      echo "FAIL: $f differs between utf8 and $v" >&2; diff "$T/out-utf8/$f" "$T/out-$v/$f" | head >&2; fail=1
    fi
  done
done
[ $fail = 0 ] && echo "encodings: all checks passed"
exit $fail
