#!/usr/bin/env python3
"""Recounts a month folder from its files and checks manifest.json against them: hashes, row
counts, control totals, disbursement against the ledgers, and household outcomes. This is the
test of outputs.md's "what must hold", made without the program's help."""
import hashlib
import json
import os
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(__file__))
from csvio import ENCODINGS, fen, read_input_records, read_rows  # noqa: E402

HOLD_CODES = {"MEMBER_REJECTED", "DUPLICATE_PERSON", "TEKUN_AND_DIBAO", "MISSING_ACCOUNT"}


def main(folder):
    errors = []
    err = errors.append
    with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as f:
        m = json.load(f)
    enc = ENCODINGS[m["options"]["output_encoding"]]

    listed = {o["file"]: o for o in m["outputs"]}
    for inp in m["inputs"]:
        listed.setdefault(inp["file"], inp)
    listed.setdefault(m["rules"]["file"], {"file": m["rules"]["file"], "sha256": m["rules"]["sha256"]})
    on_disk = set()
    for dirpath, _, files in os.walk(folder):
        for name in files:
            rel = os.path.relpath(os.path.join(dirpath, name), folder)
            if rel != "manifest.json":
                on_disk.add(rel)
    if on_disk != set(listed):
        err(f"files on disk {sorted(on_disk ^ set(listed))} differ from the manifest's list")
    for rel, o in listed.items():
        path = os.path.join(folder, rel)
        if not os.path.exists(path):
            continue
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        if digest != o["sha256"]:
            err(f"{rel}: sha256 {digest} != manifest {o['sha256']}")

    def rows_of(name):
        return read_rows(os.path.join(folder, name), enc)

    ledgers = {n: rows_of(n) for n in ("payments.csv", "subsidies.csv", "held.csv", "disbursement.csv")}
    for name in ("exceptions.csv", "watchlist.csv", "summary.csv"):
        ledgers[name] = rows_of(name)
    for name, rows in ledgers.items():
        o = listed.get(name)
        if o is None:
            err(f"{name} not in the manifest")
            continue
        if o.get("rows") != len(rows):
            err(f"{name}: {len(rows)} data rows, manifest says {o.get('rows')}")
        if "amount" in o:
            total = sum(fen(r["amount"]) for r in rows)
            if fen(o["amount"]) != total:
                err(f"{name}: lines sum to {total} fen, manifest says {o['amount']}")
    for inp in m["inputs"]:
        n = read_input_records(os.path.join(folder, inp["file"]))
        if n is not None and n != inp["rows"]:
            err(f"{inp['file']}: {n} records, manifest says {inp['rows']}")

    c = m["control"]
    sums = {k: sum(fen(r["amount"]) for r in ledgers[k + ".csv"]) for k in ("payments", "subsidies", "held", "disbursement")}
    for k, v in sums.items():
        if fen(c[k]) != v:
            err(f"control.{k} {c[k]} != sum of {k}.csv {v}")
    cash = sum(fen(r["amount"]) for r in ledgers["payments.csv"]) + sum(
        fen(r["amount"]) for r in ledgers["subsidies.csv"] if r["form"] in ("cash", "premium"))
    if cash != sums["disbursement"]:
        err(f"disbursement {sums['disbursement']} != cash and premium lines {cash}")
    if c["accounts"] != len(ledgers["disbursement.csv"]):
        err("control.accounts != rows of disbursement.csv")
    per_payee = defaultdict(lambda: [0, 0])
    for name in ("payments.csv", "subsidies.csv"):
        for r in ledgers[name]:
            if r["form"] in ("cash", "premium"):
                key = (r["payee_account"], r["payee_name"])
                per_payee[key][0] += 1
                per_payee[key][1] += fen(r["amount"])
    got = defaultdict(lambda: [0, 0])
    for r in ledgers["disbursement.csv"]:
        key = (r["payee_account"], r["payee_name"])
        got[key][0] += int(r["lines"])
        got[key][1] += fen(r["amount"])
    if dict(per_payee) != dict(got):
        err("disbursement rows do not sum the ledgers' cash and premium lines per payee")
    for name in ("payments.csv", "subsidies.csv", "held.csv"):
        for r in ledgers[name]:
            if fen(r["amount"]) <= 0:
                err(f"{name}: a line of {r['amount']}")

    # Household outcomes, from the files.
    h = m["households"]
    if h["paid"] + h["held"] + h["not_paid"] + h["rejected"] != h["rows"]:
        err("households: paid + held + not_paid + rejected != rows")
    exc = ledgers["exceptions.csv"]
    rejected_lines = {r["line"] for r in exc if r["file"] == "households.csv" and r["severity"] == "error"}
    if len(rejected_lines) != h["rejected"]:
        err(f"households.rejected {h['rejected']} != {len(rejected_lines)} rejected rows in exceptions.csv")
    held = {r["household_id"] for r in ledgers["held.csv"] if not r["ref"]}
    held |= {r["household_id"] for r in exc if r["code"] in HOLD_CODES and not r["file"]}
    paid = {r["household_id"] for n in ("payments.csv", "subsidies.csv") for r in ledgers[n] if not r["ref"]} - held
    if len(held) != h["held"]:
        err(f"households.held {h['held']} != {len(held)} households held in the files")
    if len(paid) != h["paid"]:
        err(f"households.paid {h['paid']} != {len(paid)} households with ledger lines only")
    mem = m["members"]
    if mem["counted"] + mem["not_counted"] + mem["rejected"] != mem["rows"]:
        err("members: counted + not_counted + rejected != rows")

    for e in errors:
        print(f"check_manifest {folder}: {e}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
