#!/usr/bin/env bash
# --lang en (commands.md): every message and label that run, validate, explain, recompute and
# audit write or print is English; the only Chinese left is what the inputs and the rules file
# hold (names, places, institutions, the rules' sources). CSV column names are English in both
# languages.
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
# recompute of the sample archive with the raise (README), in English.
for m in 07 08 09; do
  "$BIN" run --month 2020-$m --rules "$RULES" --input "$ROOT/samples/2020-$m" --out "$T/archive/2020-$m" \
    --as-of 2020-$m-10 --quiet || { echo "FAIL: run 2020-$m" >&2; exit 1; }
done
"$BIN" recompute --rules "$ROOT/rules/erdao-2020-raise.toml" --archive "$T/archive" --from 2020-07 \
  --to 2020-09 --out "$T/en-recompute" --lang en >"$T/recompute.out" 2>&1 ||
  { echo "FAIL: recompute --lang en" >&2; exit 1; }
# audit of that archive against the raise (DIFFERS_FROM_RULES, and 2020-06 missing), in English.
"$BIN" audit --rules "$ROOT/rules/erdao-2020-raise.toml" --archive "$T/archive" --from 2020-06 \
  --to 2020-09 --out "$T/en-audit" --lang en >"$T/audit.out" 2>&1 ||
  { echo "FAIL: audit --lang en" >&2; exit 1; }

python3 - "$T" "$IN" "$RULES" "$ROOT" <<'PY' || fail=1
import csv, glob, io, os, re, sys, zipfile
t, inputs, rules, root = sys.argv[1:5]
cjk = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
allowed = ""
for p in (glob.glob(inputs + "/*.csv") + [rules, root + "/rules/erdao-2020-raise.toml"] +
          [f for m in ("07", "08", "09") for f in glob.glob(f"{root}/samples/2020-{m}/*.csv")]):
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
# recompute: every file it writes (arrears.csv and held.csv hold the rules' item names).
recompute = t + "/en-recompute"
for name in sorted(os.listdir(recompute)):
    if name == "rules.toml":
        continue
    text = open(f"{recompute}/{name}", encoding="utf-8-sig").read()
    if name in ("arrears.csv", "held.csv"):
        # item_name is the rules file's Chinese label, as in the ledgers.
        rows = list(csv.reader(io.StringIO(text)))
        col = rows[0].index("item_name")
        text = "\n".join(",".join(f for i, f in enumerate(r) if i != col) for r in rows)
    check("recompute/" + name, text)
    if name.endswith(".csv") and cjk.search(text.splitlines()[0] if text else ""):
        problems.append(f"recompute/{name}: a Chinese column name")
# audit: every file it writes.
audit = t + "/en-audit"
for name in sorted(os.listdir(audit)):
    check("audit/" + name, open(f"{audit}/{name}", encoding="utf-8-sig").read())
page = open(audit + "/summary.html", encoding="utf-8").read()
for want in ("Findings by code", "Findings by month", "differs from the given rules",
             "month missing", "Months clean", "Checked (section chief):"):
    if want not in page:
        problems.append(f"audit/summary.html: no {want!r}")
for page in (folder + "/summary.html", recompute + "/summary.html", audit + "/summary.html"):
    if '<html lang="en">' not in open(page, encoding="utf-8").read():
        problems.append(f"{page} does not say lang=en")
for p in problems:
    print("FAIL: " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
[ $fail = 0 ] && echo "lang_en: all checks passed"
exit $fail
