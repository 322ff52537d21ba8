#!/usr/bin/env bash
# summary.html (outputs.md): one self-contained page that a section chief reads before signing.
# Runs the sample month, checks the page has no script, no network address and no full ID, renders
# it in headless Chromium (Debian's `chromium`, installed by `make deps`) to a PNG and checks the
# picture is not blank (text and the blue bars of the charts drawn); prints it to PDF on A4.
set -u
BIN=$1; ROOT=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1" >&2; fail=1; fi; }

"$BIN" run --month 2020-09 --rules "$ROOT/rules/erdao-2020.toml" --input "$ROOT/samples/2020-09" \
  --out "$T/2020-09" --quiet || { echo "FAIL: run" >&2; exit 1; }
H="$T/2020-09/summary.html"
check "summary.html is written" "[ -s '$H' ]"
check "it is listed in the manifest" "grep -q '\"file\": \"summary.html\"' '$T/2020-09/manifest.json'"
check "no <script" "! grep -qi '<script' '$H'"
check "no http: or https: (no network resource)" "! grep -qiE 'https?:' '$H'"
check "no external resource (src=, <link, @import, url()" "! grep -qiE '(src=|<link|@import|url\\()' '$H'"
check "prints on A4" "grep -q '@page { size: A4' '$H'"
# A full resident ID: 17 digits then a digit or X, with no digit just before or after.
check "no full resident ID" "! grep -qP '(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])' '$H'"
# An account number shown whole would be a run of 12 or more digits.
check "no account number" "! grep -qP '[0-9]{12,}' '$H'"
check "the totals, charts and outcomes are there" \
  "grep -q '本月合计' '$H' && grep -q '按项目' '$H' && grep -q '按街道' '$H' && grep -q '家庭结果' '$H' && grep -q '异常' '$H'"
check "payments total as the manifest says (47,363.00)" "grep -q '47,363.00' '$H'"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  echo "FAIL: chromium is not installed (make deps installs it)" >&2
  exit 1
fi
# Headless Chromium with a fresh profile, offline: chrome ARGS... URL
chrome() {
  local profile; profile=$(mktemp -d "$T/profile.XXXX")
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" "$@" >"$T/chromium.log" 2>&1
}
# 1240 x 1754 pixels: an A4 page at 150 dpi.
chrome --screenshot="$T/summary.png" --window-size=1240,1754 "file://$H"
check "chromium wrote the PNG" "[ -s '$T/summary.png' ]"
[ -n "${KEEP_PNG:-}" ] && cp "$T/summary.png" "$KEEP_PNG"

python3 - "$T/summary.png" <<'PY' || fail=1
# Decodes the PNG with zlib alone and counts the pixels that are not white, and the ones of the
# charts' bar colour (#3b6ea5).
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat = 8, b""
while pos < len(data):
    length, = struct.unpack(">I", data[pos:pos + 4])
    kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
    pos += 12 + length
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
assert depth == 8 and colour in (2, 6), f"unexpected PNG format {depth}/{colour}"
bpp = 3 if colour == 2 else 4
raw = zlib.decompress(idat)
stride = width * bpp
prev = bytearray(stride)
i = 0
ink = bars = 0
for _ in range(height):
    f = raw[i]; i += 1
    line = bytearray(raw[i:i + stride]); i += stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + ((a + b) >> 1)) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        r, g, bl = line[x], line[x + 1], line[x + 2]
        if r < 240 or g < 240 or bl < 240:
            ink += 1
        if abs(r - 0x3b) < 12 and abs(g - 0x6e) < 12 and abs(bl - 0xa5) < 12:
            bars += 1
    prev = line
total = width * height
print(f"summary.png {width}x{height}: {ink} pixels not white ({100 * ink // total}%), {bars} bar pixels")
ok = True
if ink < total // 50:
    print("FAIL: the page looks blank (under 2% of the pixels are not white)", file=sys.stderr); ok = False
if bars < 5000:
    print("FAIL: the charts' bars are not drawn", file=sys.stderr); ok = False
sys.exit(0 if ok else 1)
PY

chrome --no-pdf-header-footer --print-to-pdf="$T/summary.pdf" "file://$H"
check "chromium printed a PDF" "[ -s '$T/summary.pdf' ]"
check "on A4 pages (595 x 842 pt)" "grep -aqE '/MediaBox \\[0 0 59[45]\\.[0-9]+ 84[12]\\.[0-9]+\\]' '$T/summary.pdf'"

[ $fail = 0 ] && echo "summary_html: all checks passed"
exit $fail
