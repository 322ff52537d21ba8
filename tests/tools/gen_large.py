#!/usr/bin/env python3
"""Generates a households.csv of more than 48 MiB with no final newline, placed so that a LF
sits at offset size - 16 MiB (the trigger of the parser's phantom-row bug, notes file), and a
members.csv; prints the expected dibao line count and total in fen.
Usage: gen_large.py OUT_DIR [N]"""
import datetime
import os
import sys

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def rid(seq):
    # A distinct ID for every seq: the birth day walks from 1940-01-01, 1000 people a day.
    day = datetime.date(1940, 1, 1) + datetime.timedelta(days=seq // 1000)
    body = "220105" + day.strftime("%Y%m%d") + "%03d" % (seq % 1000)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, W)) % 11]


def main(out, n):
    os.makedirs(out, exist_ok=True)
    hh = ["household_id,street,community,area,program,head_name,head_id,bank_account,monthly_income"]
    mem = ["household_id,person_id,name,relation,covered"]
    total = 0
    lines = 0
    for i in range(n):
        hid = "L%07d" % i
        income = i % 800  # whole yuan
        person = rid(i)
        # Long rows (a 46-character community) keep the file over 48 MiB with fewer households.
        pad = "x" * (i % 7)
        hh.append(f"{hid},东站街道,和平社区{'东' * 42}{pad},urban,dibao,张三,{person},62220000{i:010d},{income}")
        mem.append(f"{hid},{person},张三,head,y")
        gap = 710 - income
        if gap > 0:
            total += max(gap, 30) * 100
            lines += 1
    text = "\n".join(hh).encode("utf-8")
    # Move the end so that the byte at size - 16 MiB is a LF: pad the last row's last value
    # with spaces, which the reader trims (inputs.md), so no value changes.
    p = len(text) - (1 << 24)
    r = text.index(b"\n", p)
    if r != p:
        hh[-1] += " " * (r - p)
        text = "\n".join(hh).encode("utf-8")
    assert text[len(text) - (1 << 24)] == 0x0A and len(text) > 48 * (1 << 20)
    with open(os.path.join(out, "households.csv"), "wb") as f:
        f.write(text)  # no final newline
    with open(os.path.join(out, "members.csv"), "wb") as f:
        f.write(("\n".join(mem) + "\n").encode("utf-8"))
    print(n, lines, total)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 250000)
