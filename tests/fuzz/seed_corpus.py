#!/usr/bin/env python3
"""Writes the committed seed corpus of each fuzz target, tests/fuzz/corpus/<target>/ (small
files, from the samples, the rules and the catalogue). Usage: seed_corpus.py [ROOT]"""
import os
import sys


def main(root):
    corpus = os.path.join(root, "tests", "fuzz", "corpus")

    def put(target, name, data):
        d = os.path.join(corpus, target)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)

    def head(path, lines):
        with open(os.path.join(root, path), "rb") as f:
            return b"".join(f.read().splitlines(keepends=True)[:lines])

    # fuzz_readers: selector byte (file % 3, encoding / 3 % 3), then the file.
    for sel, name in ((0, "households.csv"), (1, "members.csv"), (2, "cases.csv")):
        put("fuzz_readers", f"sample-{name}", bytes([sel]) + head(f"samples/2020-09/{name}", 12))
    cat = os.path.join(root, "tests", "catalogue")
    for fixture, name, sel in (("quote-stray-swallows-next-line", "households.csv", 0),
                               ("quoted-crlf-line-numbers", "households.csv", 0),
                               ("gbk-chinese-headers", "households.csv", 6),
                               ("gb18030-4byte", "households.csv", 0),
                               ("blank-lines-before-header", "members.csv", 1),
                               ("bom-utf8", "members.csv", 4),
                               ("formula-cases", "cases.csv", 2),
                               ("nul-members-name", "members.csv", 1),
                               ("utf16le-bom-households", "households.csv", 0)):
        with open(os.path.join(cat, fixture, name), "rb") as f:
            put("fuzz_readers", f"{fixture}-{name}", bytes([sel]) + f.read()[:1500])

    # fuzz_values: selector byte (check % 16), then the value.
    values = [(0, "1234.56"), (0, "007"), (1, "0.01"), (2, "56.30"), (3, "2020-09"), (4, "2020-02-29"),
              (5, "是"), (6, "220105196203150937"), (7, "22010519750505123x"), (8, "220105202010010125"),
              (9, "6230598867984974"), (10, "=HYPERLINK(\"x\")"), (10, "东站街道\u0085"), (11, "EDQ-0001"),
              (12, "20"), (13, "a\nb\tc\x7f" + "长" * 50), (14, "身份证220105196203150937号，账号6230598867984974"),
              (15, "户编号,街道\n"), (31, "\ufeff东站"), (47, "\u4e1c\u7ad9")]
    for i, (sel, v) in enumerate(values):
        data = v.encode("gb18030") if sel == 47 else v.encode("utf-8")
        put("fuzz_values", f"v{i:02d}", bytes([sel]) + data)

    # fuzz_rules: the rules files.
    for rel in ("rules/erdao-2020.toml", "rules/erdao-2020-raise.toml", "tests/rules_check/errors.toml",
                "tests/rules_check/syntax.toml", "tests/rules_check/warnings.toml"):
        with open(os.path.join(root, rel), "rb") as f:
            put("fuzz_rules", os.path.basename(rel), f.read())

    # fuzz_csv_roundtrip: encoding byte, then strings separated by FF.
    strings = ["王建国", "𬱖𠀀🏠", 'a"b', '"', "1,234.50", "第一行\n第二行", "甲\r\n乙", "\r", "=1+1",
               "-40.00", "@x", "+86", "'", "", "220105196203150937", "6230598867984974"]
    for enc in range(3):
        put("fuzz_csv_roundtrip", f"strings-{enc}", bytes([enc]) + b"\xff".join(s.encode() for s in strings))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
