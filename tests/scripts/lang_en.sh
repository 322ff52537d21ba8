#!/usr/bin/env bash
# --lang en (commands.md): every message and label that run, validate and explain write or print
# is English; the only Chinese left is what the inputs and the rules file hold (names, places,
# institutions, the rules' sources). CSV column names are English in both languages.
set -u
BIN=$1; ROOT=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
IN="$ROOT/samples/2020-09"; RULES="$ROOT/rules/erdao-2020.toml"
fail=0
"$BIN" run --month 2020-09 --rules "$RULES" --input "$IN" --out "$T/en/2020-09" --lang en >"$T/run.out" 2>&1 ||
  { echo "FAIL: run --lang en" >&2; exit 1; }
"$BIN" validate --month 2020-09 --rules "$RULES" --input "$IN" --lang en >"$T/validate.out" 2>&1
for h in EDQ-0002 EDQ-0010 EDQ-0018 EDQ-0021 EDQ-0025 EDQ-0026 EDQ-0031 EDQ-0032 EDQ-0033 EDQ-0036 EDQ-0038; do
  "$BIN" explain --input "$IN" --rules "$RULES" --month 2020-09 --household $h --lang en >"$T/explain-$h.out" 2>&1 ||
    { echo "FAIL: explain $h --lang en" >&2; fail=1; }
done
"$BIN" explain --archive "$T/en/2020-09" --month 2020-09 --household EDQ-0031 --lang en >"$T/explain-archive.out" 2>&1 ||
  { echo "FAIL: explain --archive --lang en" >&2; fail=1; }
"$BIN" run --month 2020-09 --rules "$RULES" --input "$IN" --out "$T/zh/2020-09" --quiet ||
  { echo "FAIL: run" >&2; exit 1; }

python3 - "$T" "$IN" "$RULES" <<'PY' || fail=1
import glob, os, re, sys, zipfile
t, inputs, rules = sys.argv[1:4]
cjk = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
allowed = ""
for p in glob.glob(inputs + "/*.csv") + [rules]:
    allowed += open(p, encoding="utf-8-sig").read()
problems = []
def check(name, text):
    for run in set(cjk.findall(text)):
        if run not in allowed:
            problems.append(f"{name}: Chinese text in English output: {run!r}")
for p in glob.glob(t + "/*.out"):
    check(os.path.basename(p), open(p, encoding="utf-8").read())
folder = t + "/en/2020-09"
for name in ("exceptions.csv", "watchlist.csv", "summary.csv", "summary.html", "manifest.json",
             "payments.csv", "subsidies.csv", "held.csv", "disbursement.csv"):
    text = open(f"{folder}/{name}", encoding="utf-8-sig").read()
    if name in ("payments.csv", "subsidies.csv", "held.csv"):
        # item_name is the rules file's Chinese label by outputs.md, in every language.
        text = "\n".join(l.split(",", 5)[5] if l.count(",") >= 5 else l for l in text.splitlines())
    check(name, text)
z = zipfile.ZipFile(folder + "/ledgers.xlsx")
for n in z.namelist():
    if n.endswith(".xml") and not n.startswith("xl/theme/"):  # the theme lists font names
        check("ledgers.xlsx:" + n, z.read(n).decode())
# Column names: English in both languages.
for lang in ("en", "zh"):
    for p in glob.glob(f"{t}/{lang}/2020-09/*.csv"):
        header = open(p, encoding="utf-8-sig").readline()
        if cjk.search(header):
            problems.append(f"{lang}/{os.path.basename(p)}: a Chinese column name: {header.strip()}")
if '<html lang="en">' not in open(folder + "/summary.html", encoding="utf-8").read():
    problems.append("summary.html does not say lang=en")
for p in problems:
    print("FAIL: " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
[ $fail = 0 ] && echo "lang_en: all checks passed"
exit $fail
