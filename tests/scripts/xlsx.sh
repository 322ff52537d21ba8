#!/usr/bin/env bash
# ledgers.xlsx (outputs.md): opened without Excel (python3 zipfile and the sheets' XML). IDs and
# accounts are text cells, amounts numbers with the 0.00 format equal to the CSVs', the header
# row frozen with an autofilter; the exception and watch-list sheets masked; the manifest lists
# the file with its sha256; and two runs give the same bytes.
set -u
BIN=$1; ROOT=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
run() { "$BIN" run --month 2020-09 --rules "$ROOT/rules/erdao-2020.toml" --input "$ROOT/samples/2020-09" --quiet "$@"; }
run --out "$T/a/2020-09" || { echo "FAIL: first run" >&2; exit 1; }
run --out "$T/b/2020-09" --jobs 1 || { echo "FAIL: second run" >&2; exit 1; }
fail=0
if ! cmp -s "$T/a/2020-09/ledgers.xlsx" "$T/b/2020-09/ledgers.xlsx"; then
  echo "FAIL: two runs give different ledgers.xlsx bytes" >&2; fail=1
fi

python3 - "$T/a/2020-09" <<'PY' || fail=1
import csv, hashlib, json, re, sys, zipfile
import xml.etree.ElementTree as ET

folder = sys.argv[1]
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
errors = []
def err(msg): errors.append(msg)

path = folder + "/ledgers.xlsx"
z = zipfile.ZipFile(path)
manifest = json.load(open(folder + "/manifest.json", encoding="utf-8"))
listed = {o["file"]: o for o in manifest["outputs"]}
if "ledgers.xlsx" not in listed:
    err("ledgers.xlsx is not in the manifest's outputs")
elif listed["ledgers.xlsx"]["sha256"] != hashlib.sha256(open(path, "rb").read()).hexdigest():
    err("the manifest's sha256 of ledgers.xlsx is not the file's")
core = z.read("docProps/core.xml").decode()
if "2020-09-01T00:00:00Z" not in core:
    err("the document date is not the fixed first day of the month")
if any(i.date_time != (1980, 1, 1, 0, 0, 0) for i in z.infolist()):
    err("a zip entry carries a clock time")

# Sheets by name -> XML of the sheet.
wb = ET.fromstring(z.read("xl/workbook.xml"))
rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
target = {r.get("Id"): r.get("Target") for r in rels.iter(REL + "Relationship")}
sheets = {}
for s in wb.find("m:sheets", NS):
    sheets[s.get("name")] = ET.fromstring(z.read("xl/" + target[s.get("{%s}id" % NS["r"])]))
want = ["发放明细", "补贴明细", "暂缓发放", "异常", "关注名单"]
if list(sheets) != want:
    err(f"sheets {list(sheets)}, expected {want}")

# Styles: which cellXfs index shows 0.00.
styles = ET.fromstring(z.read("xl/styles.xml"))
fmts = {n.get("numFmtId"): n.get("formatCode") for n in styles.iter("{%s}numFmt" % NS["m"])}
xfs = list(styles.find("m:cellXfs", NS))
def number_format(s):
    i = int(s or 0)
    fid = xfs[i].get("numFmtId")
    return fmts.get(fid, "builtin " + fid)

def col_of(ref): return re.match(r"[A-Z]+", ref).group(0)
def cells(sheet):
    """Rows as lists of (column, type, style, text)."""
    out = []
    for row in sheet.iter("{%s}row" % NS["m"]):
        r = []
        for c in row.findall("m:c", NS):
            t = c.get("t")
            if t == "inlineStr":
                text = "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"]))
            else:
                v = c.find("m:v", NS)
                text = v.text if v is not None else ""
            r.append((col_of(c.get("r")), t, c.get("s"), text))
        out.append(r)
    return out

def frozen_and_filtered(name, sheet, ncols):
    pane = sheet.find(".//m:pane", NS)
    if pane is None or pane.get("state") != "frozen" or pane.get("ySplit") != "1":
        err(f"{name}: the header row is not frozen")
    af = sheet.find("m:autoFilter", NS)
    if af is None or not af.get("ref", "").startswith("A1:"):
        err(f"{name}: no autofilter on the header row")

def fen(text):
    whole, _, frac = text.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])

LEDGER_COLS = "ABCDEFGHIJKLMNO"
def check_ledger(name, csv_name, held):
    sheet = sheets.get(name)
    if sheet is None: return
    rows = cells(sheet)
    frozen_and_filtered(name, sheet, 15 if held else 14)
    with open(f"{folder}/{csv_name}", encoding="utf-8-sig", newline="") as f:
        data = list(csv.DictReader(f))
    if len(rows) - 1 != len(data):
        err(f"{name}: {len(rows) - 1} rows, {csv_name} has {len(data)}")
    for k, (row, line) in enumerate(zip(rows[1:], data), start=2):
        by_col = {c: (t, s, text) for c, t, s, text in row}
        for col, field in (("B", "household_id"), ("C", "person_id"), ("J", "payee_account")):
            if not line[field]:
                if col in by_col: err(f"{name} row {k}: {field} should be empty")
                continue
            t, s, text = by_col.get(col, (None, None, None))
            if t not in ("s", "inlineStr"):
                err(f"{name} row {k}: {field} is not a text cell (t={t})")
            elif text != line[field]:
                err(f"{name} row {k}: {field} {text!r}, {csv_name} says {line[field]!r}")
        t, s, text = by_col.get("K", (None, None, None))
        if t is not None:
            err(f"{name} row {k}: the amount is not a number cell (t={t})")
        elif number_format(s) != "0.00":
            err(f"{name} row {k}: the amount's format is {number_format(s)!r}, not 0.00")
        elif round(float(text) * 100) != fen(line["amount"]):
            err(f"{name} row {k}: amount {text}, {csv_name} says {line['amount']}")

check_ledger("发放明细", "payments.csv", False)
check_ledger("补贴明细", "subsidies.csv", False)
check_ledger("暂缓发放", "held.csv", True)

# The reports for people: masked like their CSVs: no 18-character ID anywhere. (Account columns are
# masked; an account quoted inside a message, SHARED_ACCOUNT's, is as exceptions.csv has it.)
full_id = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
for name in ("异常", "关注名单"):
    sheet = sheets.get(name)
    if sheet is None: continue
    frozen_and_filtered(name, sheet, 9)
    for row in cells(sheet):
        for c, t, s, text in row:
            if t in ("s", "inlineStr") and full_id.search(text):
                err(f"{name}: an unmasked ID: {text!r}")
exc = cells(sheets["异常"]) if "异常" in sheets else []
with open(f"{folder}/exceptions.csv", encoding="utf-8-sig", newline="") as f:
    n_exc = sum(1 for _ in csv.DictReader(f))
if len(exc) - 1 != n_exc:
    err(f"异常: {len(exc) - 1} rows, exceptions.csv has {n_exc}")
# A line number is a number cell; a masked person_id a text cell like the CSV's.
for row in exc[1:]:
    for c, t, s, text in row:
        if c == "D" and t is not None: err(f"异常: line {text!r} is not a number cell")
        if c == "F" and t not in ("s", "inlineStr"): err("异常: person_id is not a text cell")

for e in errors:
    print("FAIL: " + e, file=sys.stderr)
print(f"xlsx: {len(errors)} problem(s)")
sys.exit(1 if errors else 0)
PY

[ $fail = 0 ] && echo "xlsx: all checks passed"
exit $fail
