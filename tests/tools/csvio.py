"""Reading benefitroll's CSV outputs and inputs in tests, independently of the program."""
import csv
import io

ENCODINGS = {"utf-8-bom": "utf-8-sig", "utf-8": "utf-8", "gb18030": "gb18030"}


def read_rows(path, encoding="utf-8-sig"):
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode(encoding)
    return list(csv.DictReader(io.StringIO(text, newline="")))


def read_input_records(path):
    """Data records of an input export, as a spreadsheet would count them, or None when the
    file is not clean CSV (then the count can't be checked independently)."""
    with open(path, "rb") as f:
        data = f.read()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        return None
    if "\0" in text:
        return None
    if "\r" in text.replace("\r\n", ""):
        return None  # a lone CR is a character for inputs.md, a line end for Python's csv
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        return None
    rows = [r for r in rows if any(c.strip(" \t") for c in r) or len(r) > 1]
    return max(len(rows) - 1, 0)


def mask_id(v):
    return v[:6] + "*" * (len(v) - 10) + v[-4:] if len(v) > 10 else v


def fen(amount):
    neg = amount.startswith("-")
    whole, _, frac = amount.lstrip("-").partition(".")
    assert len(frac) == 2, amount
    v = int(whole) * 100 + int(frac)
    return -v if neg else v
