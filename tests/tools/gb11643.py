"""Resident IDs (GB 11643-1999) for tests, written from inputs.md and not from the program: the
check character is ISO 7064 MOD 11-2 over the first 17 digits; digits 7-14 are a real date whose
month is not after the run month."""
import datetime

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def check_char(first17):
    return CHECK[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def make_id(region, birth, seq):
    """An 18-character ID: region (6 digits), birth (YYYYMMDD), seq (3 digits), check."""
    d17 = f"{region}{birth}{seq:03d}"
    return d17 + check_char(d17)


def is_valid(v, run_month):
    """inputs.md's resident ID: 17 digits, check character 0-9 or X (x taken as X), matching
    MOD 11-2, a real birth date whose month (YYYY-MM) is not after run_month."""
    if len(v) != 18 or not v[:17].isascii() or not v[:17].isdigit():
        return False
    last = "X" if v[17] == "x" else v[17]
    if last not in "0123456789X" or check_char(v[:17]) != last:
        return False
    try:
        born = datetime.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return False
    return f"{born.year:04d}-{born.month:02d}" <= run_month


def single_substitutions(v):
    """Every ID that differs from v in exactly one character, a digit for a digit (and, in the
    check position, any of 0-9 and X)."""
    out = []
    for i, c in enumerate(v):
        alphabet = "0123456789X" if i == 17 else "0123456789"
        for d in alphabet:
            if d != c.upper():
                out.append(v[:i] + d + v[i + 1:])
    return out


def adjacent_swaps(v):
    """v with characters i and i+1 exchanged, for i = 0..16 (equal characters give v itself)."""
    return [v[:i] + v[i + 1] + v[i] + v[i + 2:] for i in range(17)]
