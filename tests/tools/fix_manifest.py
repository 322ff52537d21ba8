#!/usr/bin/env python3
"""After a test edits files of a month folder, makes its manifest.json describe them again:
the sha256 of every listed file, the data rows of its CSV outputs, and the `amount` of the
ledgers, held.csv and disbursement.csv. The control totals (`control`) are left as they were,
so that an edited amount still shows as a wrong control total.

    fix_manifest.py FOLDER
"""
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from csvio import ENCODINGS, fen, read_rows  # noqa: E402


def yuan(f):
    sign = "-" if f < 0 else ""
    f = abs(f)
    return f"{sign}{f // 100}.{f % 100:02d}"


def main(folder):
    path = os.path.join(folder, "manifest.json")
    with open(path, encoding="utf-8") as f:
        m = json.load(f)
    enc = ENCODINGS[m["options"]["output_encoding"]]
    for entry in m["outputs"] + m["inputs"] + [m["rules"]]:
        p = os.path.join(folder, entry["file"])
        with open(p, "rb") as f:
            entry["sha256"] = hashlib.sha256(f.read()).hexdigest()
        if entry["file"].endswith(".csv") and not entry["file"].startswith("inputs/"):
            rows = read_rows(p, enc)
            entry["rows"] = len(rows)
            if "amount" in entry:
                entry["amount"] = yuan(sum(fen(r["amount"]) for r in rows))
    with open(path, "w", encoding="utf-8") as f:
        json.dump(m, f, ensure_ascii=False, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
