#!/usr/bin/env python3
"""Compares a golden case's hand-worked expectations (hand.csv, hand-exceptions.csv,
hand-watchlist.csv, hand-outcomes.csv) with what the program wrote. The hand files are made
from the spec's formulas by a person, never from the program's output."""
import json
import os
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(__file__))
from csvio import ENCODINGS, mask_id, read_rows  # noqa: E402

PAYMENT_ITEMS = {"dibao", "dibao_grace", "tekun_basic", "tekun_care", "temporary"}
SUBSIDY_ITEMS = {"price_subsidy", "benefit_card", "electricity", "water", "gas", "heating",
                 "holiday_cash", "holiday_goods", "insurance_premium", "education", "fee_waiver"}
HOLD_CODES = {"MEMBER_REJECTED", "DUPLICATE_PERSON", "TEKUN_AND_DIBAO", "MISSING_ACCOUNT"}


def find_month(out, command="run"):
    """The first folder (in sorted order) whose manifest says `command`."""
    for dirpath, dirs, files in sorted(os.walk(out)):
        dirs.sort()
        if "manifest.json" in files:
            with open(os.path.join(dirpath, "manifest.json"), encoding="utf-8") as f:
                if json.load(f).get("command") == command:
                    return dirpath
    return None


def find_last_recompute(out):
    """The recompute folder written last: the one named by the case's last command line."""
    found = []
    for dirpath, _, files in os.walk(out):
        if "manifest.json" in files:
            with open(os.path.join(dirpath, "manifest.json"), encoding="utf-8") as f:
                if json.load(f).get("command") == "recompute":
                    found.append((os.path.getmtime(os.path.join(dirpath, "manifest.json")), dirpath))
    return max(found)[1] if found else None


def check_recompute(case, out):
    folder = find_last_recompute(out)
    if folder is None:
        print(f"check_hand {case}: no recompute folder written", file=sys.stderr)
        return 1
    with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as f:
        m = json.load(f)
    enc = ENCODINGS[m["options"]["output_encoding"]]
    rd = lambda n: read_rows(os.path.join(folder, n), enc)  # noqa: E731
    fail = 0
    p = os.path.join(case, "hand-arrears.csv")
    if os.path.exists(p):
        cols = ("month", "household_id", "person_id", "item", "paid", "due", "delta")
        want = Counter(tuple(r[c] for c in cols) for r in read_rows(p, "utf-8-sig"))
        got = Counter(tuple(r[c] for c in cols) for r in rd("arrears.csv"))
        fail |= diff("hand-arrears.csv", want, got)
    p = os.path.join(case, "hand-settlements.csv")
    if os.path.exists(p):
        cols = ("month", "household_id", "ref", "role", "paid", "due", "net", "paid_now")
        want = Counter(tuple(r[c] for c in cols) for r in read_rows(p, "utf-8-sig"))
        got = Counter(tuple(r[c] for c in cols) for r in rd("settlements.csv"))
        fail |= diff("hand-settlements.csv", want, got)
    p = os.path.join(case, "hand-overpaid.csv")
    if os.path.exists(p):
        want = Counter(r["household_id"] for r in read_rows(p, "utf-8-sig"))
        got = Counter(r["household_id"] for r in rd("exceptions.csv") if r["code"] == "OVERPAID")
        fail |= diff("hand-overpaid.csv", want, got)
    if fail:
        print(f"check_hand {case}: hand-worked recompute expectations differ (above)", file=sys.stderr)
    return fail


def diff(name, want, got):
    if want == got:
        return 0
    for k in sorted((want - got).elements()):
        print(f"  {name}: expected by hand, not written: {k}", file=sys.stderr)
    for k in sorted((got - want).elements()):
        print(f"  {name}: written, not expected by hand: {k}", file=sys.stderr)
    return 1


def main(case, out):
    rc = 0
    if any(os.path.exists(os.path.join(case, n)) for n in ("hand-arrears.csv", "hand-settlements.csv", "hand-overpaid.csv")):
        rc = check_recompute(case, out)
    if not any(os.path.exists(os.path.join(case, n)) for n in (
            "hand.csv", "hand-subsidies.csv", "hand-exceptions.csv", "hand-watchlist.csv",
            "hand-outcomes.csv", "hand-disbursement.csv", "hand-cases.csv")):
        return rc
    return check_run(case, out) | rc


def check_run(case, out):
    folder = find_month(out)
    if folder is None:
        print(f"check_hand {case}: no month folder written", file=sys.stderr)
        return 1
    with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as f:
        m = json.load(f)
    enc = ENCODINGS[m["options"]["output_encoding"]]
    masked = m["options"]["mask"]
    rd = lambda n: read_rows(os.path.join(folder, n), enc)  # noqa: E731
    fail = 0
    p = os.path.join(case, "hand.csv")
    if os.path.exists(p):
        want = Counter((r["file"], r["household_id"], r["person_id"], r["item"], r["amount"]) for r in read_rows(p, "utf-8-sig"))
        got = Counter(("payments", r["household_id"], r["person_id"], r["item"], r["amount"]) for r in rd("payments.csv"))
        got += Counter(("held", r["household_id"], r["person_id"], r["item"], r["amount"])
                       for r in rd("held.csv") if r["item"] in PAYMENT_ITEMS)
        fail |= diff("hand.csv", want, got)
    p = os.path.join(case, "hand-subsidies.csv")
    if os.path.exists(p):
        want = Counter((r["file"], r["household_id"], r["person_id"], r["item"], r["form"], r["amount"]) for r in read_rows(p, "utf-8-sig"))
        got = Counter(("subsidies", r["household_id"], r["person_id"], r["item"], r["form"], r["amount"]) for r in rd("subsidies.csv"))
        got += Counter(("held", r["household_id"], r["person_id"], r["item"], r["form"], r["amount"])
                       for r in rd("held.csv") if r["item"] in SUBSIDY_ITEMS)
        fail |= diff("hand-subsidies.csv", want, got)
    p = os.path.join(case, "hand-disbursement.csv")
    if os.path.exists(p):
        want = Counter((r["payee_account"], r["payee_name"], r["lines"], r["amount"]) for r in read_rows(p, "utf-8-sig"))
        got = Counter((r["payee_account"], r["payee_name"], r["lines"], r["amount"]) for r in rd("disbursement.csv"))
        fail |= diff("hand-disbursement.csv", want, got)
    p = os.path.join(case, "hand-cases.csv")
    if os.path.exists(p):
        hand = read_rows(p, "utf-8-sig")
        want = Counter((r["case_id"], r["outcome"]) for r in hand)
        exc = rd("exceptions.csv")
        lines = {r["line"]: r for r in exc if r["file"] == "cases.csv"}
        paid = Counter(r["ref"] for r in rd("payments.csv") if r["ref"])
        held = Counter(r["ref"] for r in rd("held.csv") if r["ref"])
        got = Counter()
        for r in hand:
            cid = r["case_id"]
            if paid.get(cid):
                got[(cid, "paid")] += 1
            elif held.get(cid):
                got[(cid, "held")] += 1
        # rejected and other-month cases have no line: count them from the manifest instead
        c = m.get("cases", {})
        counts = Counter(r["outcome"] for r in hand)
        for k in ("paid", "held", "rejected", "other_month"):
            if counts.get(k, 0) != c.get(k, 0):
                print(f"  manifest cases.{k} = {c.get(k, 0)}, hand says {counts.get(k, 0)}", file=sys.stderr)
                fail = 1
        want_lines = Counter(k for k in want.elements() if k[1] in ("paid", "held"))
        fail |= diff("hand-cases.csv (paid and held)", want_lines, got)
        del lines
    p = os.path.join(case, "hand-exceptions.csv")
    if os.path.exists(p):
        mk = (lambda v: mask_id(v)) if masked else (lambda v: v)
        want = Counter((r["severity"], r["code"], r["household_id"], mk(r["person_id"])) for r in read_rows(p, "utf-8-sig"))
        got = Counter((r["severity"], r["code"], r["household_id"], r["person_id"]) for r in rd("exceptions.csv"))
        fail |= diff("hand-exceptions.csv", want, got)
    p = os.path.join(case, "hand-watchlist.csv")
    if os.path.exists(p):
        want = Counter((r["code"], r["household_id"]) for r in read_rows(p, "utf-8-sig"))
        got = Counter((r["code"], r["household_id"]) for r in rd("watchlist.csv"))
        fail |= diff("hand-watchlist.csv", want, got)
    p = os.path.join(case, "hand-outcomes.csv")
    if os.path.exists(p):
        hand = read_rows(p, "utf-8-sig")
        exc = rd("exceptions.csv")
        rejected = Counter(r["household_id"] for r in exc if r["file"] == "households.csv" and r["severity"] == "error")
        held = {r["household_id"] for r in rd("held.csv") if not r["ref"]}
        held |= {r["household_id"] for r in exc if r["code"] in HOLD_CODES and not r["file"]}
        paid = {r["household_id"] for n in ("payments.csv", "subsidies.csv") for r in rd(n) if not r["ref"]}
        got = Counter()
        for hid, n in rejected.items():
            got[(hid, "rejected")] += len({r["line"] for r in exc if r["file"] == "households.csv" and r["severity"] == "error" and r["household_id"] == hid})
        for r in hand:
            hid = r["household_id"]
            if rejected.get(hid):
                continue
            got[(hid, "held" if hid in held else "paid" if hid in paid else "not_paid")] += 1
        want = Counter((r["household_id"], r["outcome"]) for r in hand)
        fail |= diff("hand-outcomes.csv", want, got)
        h = m["households"]
        counts = Counter(o for _, o in want.elements())
        for k in ("paid", "held", "not_paid", "rejected"):
            if counts.get(k, 0) != h[k]:
                print(f"  manifest households.{k} = {h[k]}, hand says {counts.get(k, 0)}", file=sys.stderr)
                fail = 1
    if fail:
        print(f"check_hand {case}: hand-worked expectations differ (above)", file=sys.stderr)
    return fail


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
