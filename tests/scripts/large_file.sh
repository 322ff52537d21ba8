#!/usr/bin/env bash
# A households.csv of more than 48 MiB without a final newline (generated now, not committed),
# with a LF at size - 16 MiB: every row is read once, none twice, and the dibao lines and total
# match what the generator computed on its own.
set -u
BIN=$1; ROOT=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
read -r n lines total < <(python3 "$ROOT/tests/tools/gen_large.py" "$T/in")
"$BIN" run --month 2020-09 --rules "$ROOT/rules/erdao-2020.toml" --input "$T/in" --out "$T/out" --quiet || { echo "FAIL: run" >&2; exit 1; }
python3 - "$T/out" "$n" "$lines" "$total" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[0] and __import__("os").path.join(__import__("os").environ.get("ROOT", ""), "tests/tools"))
folder, n, lines, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
m = json.load(open(folder + "/manifest.json", encoding="utf-8"))
ok = True
def check(what, got, want):
    global ok
    if got != want:
        print(f"FAIL: {what}: {got}, expected {want}", file=sys.stderr); ok = False
check("household rows", m["households"]["rows"], n)
check("rejected", m["households"]["rejected"], 0)
rows = open(folder + "/payments.csv", encoding="utf-8-sig").read().splitlines()[1:]
dibao = [r for r in rows if ",dibao," in r]
check("dibao lines", len(dibao), lines)
fen = 0
for r in dibao:
    whole, frac = r.split(",")[10].split(".")
    fen += int(whole) * 100 + int(frac)
check("dibao total (fen)", fen, total)
ids = [r.split(",")[1] for r in dibao]
check("distinct households paid", len(set(ids)), len(ids))
sys.exit(0 if ok else 1)
PY
rc=$?
[ $rc = 0 ] && echo "large_file: $n households, $lines dibao lines, total checked"
exit $rc
