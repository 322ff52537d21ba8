#!/usr/bin/env python3
"""Privacy and spreadsheet safety of the outputs (issue 6, outputs.md), checked from the files:

1. Every report meant for people (exceptions.csv, watchlist.csv, summary.csv, summary.html,
   findings.csv) of the sample month, of a few catalogue fixtures full of payloads, and of an
   audit and a recompute of them, holds no full resident ID (17 digits and a digit or X, no
   digit around it), no full account (a run of 6-32 digits equal to a bank_account of the
   inputs) and no phone-like number (a run of exactly 11 digits beginning with 1).
2. No cell of any CSV written (inputs/ copies aside) begins with = + - @ TAB or CR, except an
   amount such as -40.00.

Usage: privacy.py BENEFITROLL ROOT WORKDIR
"""
import csv
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from csvio import ENCODINGS  # noqa: E402

MONTH = "2020-09"
FIXTURES = ["privacy-payloads", "formula-households", "formula-members", "formula-cases",
            "bom-second-header", "id-future-birth", "account-bad"]
STAFF_FILES = {"exceptions.csv", "watchlist.csv", "summary.csv", "summary.html", "findings.csv"}
STAFF_SHEETS = re.compile(r"异常|关注|exception|watch", re.I)  # the workbook's report sheets
ID_SHAPE = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
DIGIT_RUN = re.compile(r"[0-9]+")
AMOUNT = re.compile(r"^-[0-9]+\.[0-9]{2}$")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def run(cmd, ok=(0,)):
    p = subprocess.run(cmd, capture_output=True, timeout=120)
    if p.returncode not in ok:
        raise RuntimeError(f"{' '.join(cmd)}: exit {p.returncode}: {p.stderr.decode(errors='replace')[:400]}")


def input_accounts(folder):
    """Every bank_account of an input folder's households.csv and cases.csv that is an account."""
    accounts = set()
    for name in ("households.csv", "cases.csv"):
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            continue
        data = open(path, "rb").read()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            continue
        for row in csv.DictReader(io.StringIO(text, newline="")):
            v = (row.get("bank_account") or row.get("收款账号") or "").strip(" \t")
            if v.isascii() and v.isdigit() and 6 <= len(v) <= 32:
                accounts.add(v)
    return accounts


class Scan:
    def __init__(self, work):
        self.work = work
        self.files = self.cells = 0
        self.leaks = []      # (file, what, text)
        self.formulas = []   # (file, cell)

    def text(self, where, t, accounts):
        for m in ID_SHAPE.finditer(t):
            self.leaks.append((where, "resident ID", m.group()))
        for m in DIGIT_RUN.finditer(t):
            run_ = m.group()
            if run_ in accounts:
                self.leaks.append((where, "account", run_))
            if len(run_) == 11 and run_[0] == "1":
                self.leaks.append((where, "phone-like number", run_))

    def workbook(self, path, where, accounts):
        """The workbook's exception and watch-list sheets are reports meant for people; no sheet
        may hold a formula (text cells are text)."""
        z = zipfile.ZipFile(path)
        names = dict(re.findall(r'<sheet name="([^"]*)"[^>]*r:id="([^"]*)"', z.read("xl/workbook.xml").decode()))
        rels = {}
        for rid, target in re.findall(r'<Relationship Id="([^"]*)"[^>]*Target="([^"]*)"',
                                      z.read("xl/_rels/workbook.xml.rels").decode()):
            rels[rid] = target
        for sheet, rid in names.items():
            xml = z.read("xl/" + rels[rid]).decode()
            self.files += 1
            if "<f>" in xml or "<f " in xml:
                self.formulas.append((f"{where}[{sheet}]", "a formula cell"))
            if STAFF_SHEETS.search(sheet):
                for t in re.findall(r"<t[^>]*>([^<]*)</t>", xml):
                    self.cells += 1
                    self.text(f"{where}[{sheet}]", html.unescape(t), accounts)

    def folder(self, folder, accounts):
        enc = "utf-8-sig"
        mpath = os.path.join(folder, "manifest.json")
        if os.path.exists(mpath):
            with open(mpath, encoding="utf-8") as f:
                enc = ENCODINGS.get(json.load(f).get("options", {}).get("output_encoding"), enc)
        for dirpath, _, names in os.walk(folder):
            if os.path.relpath(dirpath, folder).split(os.sep)[0] == "inputs":
                continue
            for name in sorted(names):
                path = os.path.join(dirpath, name)
                where = os.path.relpath(path, self.work)
                if name.endswith(".html") and name in STAFF_FILES:
                    self.files += 1
                    self.text(where, open(path, encoding="utf-8").read(), accounts)
                if name.endswith(".xlsx"):
                    self.workbook(path, where, accounts)
                if not name.endswith(".csv"):
                    continue
                self.files += 1
                text = open(path, "rb").read().decode(enc)
                for row in csv.reader(io.StringIO(text, newline="")):
                    for cell in row:
                        self.cells += 1
                        if cell.startswith(FORMULA_START) and not AMOUNT.match(cell):
                            self.formulas.append((where, cell))
                        if name in STAFF_FILES:
                            self.text(where, cell, accounts)


def main():
    binary, root, work = sys.argv[1], sys.argv[2], sys.argv[3]
    rules = os.path.join(root, "rules", "erdao-2020.toml")
    raise_rules = os.path.join(root, "rules", "erdao-2020-raise.toml")
    scan = Scan(work)
    sources = [("sample", os.path.join(root, "samples", MONTH))]
    sources += [(f, os.path.join(root, "tests", "catalogue", f)) for f in FIXTURES]
    for name, inputs in sources:
        archive = os.path.join(work, name, "archive")
        os.makedirs(archive)
        month = os.path.join(archive, MONTH)
        run([binary, "run", "--month", MONTH, "--rules", rules, "--input", inputs, "--out", month, "--quiet"])
        audit = os.path.join(work, name, "audit")
        run([binary, "audit", "--archive", archive, "--from", MONTH, "--to", MONTH, "--out", audit,
             "--rules", raise_rules, "--quiet"], ok=(0, 4))
        recompute = os.path.join(work, name, "recompute")
        run([binary, "recompute", "--rules", raise_rules, "--archive", archive, "--from", MONTH, "--to", MONTH,
             "--out", recompute, "--quiet"])
        accounts = input_accounts(inputs)
        for folder in (month, audit, recompute):
            scan.folder(folder, accounts)
    for where, what, value in scan.leaks:
        print(f"FAIL privacy: {where}: a full {what} in a report meant for people: {value}", file=sys.stderr)
    for where, cell in scan.formulas:
        print(f"FAIL spreadsheet: {where}: a cell begins like a formula: {cell[:60]!r}", file=sys.stderr)
    ids = sum(1 for _, w, _ in scan.leaks if w == "resident ID")
    accounts = sum(1 for _, w, _ in scan.leaks if w == "account")
    phones = sum(1 for _, w, _ in scan.leaks if w == "phone-like number")
    print(f"privacy: {len(sources)} rolls (run, audit, recompute), {scan.files} files, {scan.cells} cells: "
          f"{ids} full IDs, {accounts} full accounts, {phones} phone-like numbers in reports; "
          f"{len(scan.formulas)} unescaped formula cells")
    return 0 if not scan.leaks and not scan.formulas else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RuntimeError as e:
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)
