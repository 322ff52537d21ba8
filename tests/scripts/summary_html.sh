#!/usr/bin/env bash
# summary.html (outputs.md, commands.md): one self-contained page that a section chief reads
# before signing, for a month (run), for a recompute and for an audit. Runs the sample month, the
# sample archive's recompute (the README's worked example) and an audit of that archive; checks
# each page has no script, no network address and no full ID, is listed in its manifest with its
# sha256, and (recompute, audit) is the same bytes twice; renders each in headless Chromium
# (Debian's `chromium`, installed by `make deps`) to a PNG and checks the picture is not blank
# (text and the blue bars of the charts drawn); prints it to PDF on A4. KEEP_PNG=FILE,
# KEEP_RECOMPUTE_PNG=FILE and KEEP_AUDIT_PNG=FILE keep the pictures.
set -u
BIN=$1; ROOT=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1" >&2; fail=1; fi; }
# What every page must hold or not hold: page_checks NAME FILE MANIFEST
page_checks() {
  local n=$1 h=$2 m=$3
  check "$n: summary.html is written" "[ -s '$h' ]"
  check "$n: it is listed in the manifest with its sha256" \
    "tr -d ' \n' <'$m' | grep -q '\"file\":\"summary.html\",\"sha256\":\"$(sha256sum "$h" | cut -c1-64)\"'"
  check "$n: no <script" "! grep -qi '<script' '$h'"
  check "$n: no http: or https: (no network resource)" "! grep -qiE 'https?:' '$h'"
  check "$n: no external resource (src=, <link, @import, url()" "! grep -qiE '(src=|<link|@import|url\\()' '$h'"
  check "$n: prints on A4" "grep -q '@page { size: A4' '$h'"
  # A full resident ID: 17 digits then a digit or X, with no digit just before or after.
  check "$n: no full resident ID" "! grep -qP '(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])' '$h'"
  # An account number shown whole would be a run of 12 or more digits.
  check "$n: no account number" "! grep -qP '[0-9]{12,}' '$h'"
  # No clock time: nothing shaped like 12:34 (the page has no time of day to show).
  check "$n: no clock time" "! grep -qP '(?<![0-9])[0-2]?[0-9]:[0-5][0-9](?![0-9])' '$h'"
}

"$BIN" run --month 2020-09 --rules "$ROOT/rules/erdao-2020.toml" --input "$ROOT/samples/2020-09" \
  --out "$T/2020-09" --quiet || { echo "FAIL: run" >&2; exit 1; }
H="$T/2020-09/summary.html"
page_checks run "$H" "$T/2020-09/manifest.json"
check "run: the totals, charts and outcomes are there" \
  "grep -q '本月合计' '$H' && grep -q '按项目' '$H' && grep -q '按街道' '$H' && grep -q '家庭结果' '$H' && grep -q '异常' '$H'"
check "run: payments total as the manifest says (47,363.00)" "grep -q '47,363.00' '$H'"

# recompute: the README's worked example (the raise of July announced on 15 September).
for m in 07 08 09; do
  "$BIN" run --month 2020-$m --rules "$ROOT/rules/erdao-2020.toml" --input "$ROOT/samples/2020-$m" \
    --out "$T/archive/2020-$m" --as-of 2020-$m-10 --quiet || { echo "FAIL: run 2020-$m" >&2; exit 1; }
done
for r in 1 2; do
  "$BIN" recompute --rules "$ROOT/rules/erdao-2020-raise.toml" --archive "$T/archive" --from 2020-07 \
    --to 2020-09 --out "$T/recompute-$r" --quiet || { echo "FAIL: recompute" >&2; exit 1; }
done
R="$T/recompute-1/summary.html"
page_checks recompute "$R" "$T/recompute-1/manifest.json"
check "recompute: the same bytes twice" "cmp -s '$R' '$T/recompute-2/summary.html'"
check "recompute: totals, both charts, the months and their rules, exceptions, sign lines" \
  "grep -q '合计' '$R' && grep -q '按月份的差额' '$R' && grep -q '按项目的差额' '$R' && grep -q '重算的月份与规则' '$R' && grep -q '异常' '$R' && grep -q '审核（科长）' '$R'"
check "recompute: arrears and pay now as the README says (7,765.00 and 7,733.00 to 36 accounts)" \
  "grep -q '7,765.00' '$R' && grep -q '7,733.00' '$R' && grep -q '36 个账户' '$R'"
check "recompute: the new dibao version is named for each month" \
  "[ \$(grep -o '<b>dibao@2020-07+2020-09-15</b>' '$R' | wc -l) = 3 ]"
check "recompute: one bar per month" "grep -q '>2020-07</text>' '$R' && grep -q '>2020-09</text>' '$R'"

# audit: the recompute's archive audited against the raise (DIFFERS_FROM_RULES in each month),
# from 2020-06 (a month missing), with one file tampered with (TAMPERED).
cp -r "$T/archive" "$T/audit-archive"
echo '# changed' >>"$T/audit-archive/2020-08/payments.csv"
for r in 1 2; do
  "$BIN" audit --archive "$T/audit-archive" --from 2020-06 --to 2020-09 \
    --rules "$ROOT/rules/erdao-2020-raise.toml" --out "$T/audit-$r" --quiet
  rc=$?  # 4: a finding of severity error (TAMPERED)
  [ $rc = 4 ] || { echo "FAIL: audit (exit $rc, expected 4)" >&2; exit 1; }
done
U="$T/audit-1/summary.html"
page_checks audit "$U" "$T/audit-1/manifest.json"
check "audit: the same bytes twice" "cmp -s '$U' '$T/audit-2/summary.html'"
check "audit: totals, both charts, findings by code, the months, sign lines" \
  "grep -q '合计' '$U' && grep -q '按代码的发现' '$U' && grep -q '按月份的发现' '$U' && grep -q '发现（按严重程度与代码）' '$U' && grep -q '审计的月份' '$U' && grep -q '审核（科长）' '$U'"
check "audit: each code with its meaning" \
  "grep -q '<td>TAMPERED</td><td>文件被改动</td>' '$U' && grep -q '<td>DIFFERS_FROM_RULES</td><td>与所给规则不同</td>' '$U' && grep -q '<td>MONTH_MISSING</td><td>月份缺失</td>' '$U'"
check "audit: one bar per month, the missing month with its finding" \
  "grep -q '>2020-06</text>' '$U' && grep -q '>2020-09</text>' '$U' && grep -q '<td>2020-06</td><td>缺失</td><td>1 项发现</td>' '$U'"
check "audit: the shared page (cards, no CSS of its own)" \
  "grep -q 'class=\"card\"' '$U' && [ \$(grep -c '<style>' '$U') = 1 ]"
"$BIN" audit --archive "$T/archive" --from 2020-07 --to 2020-09 --out "$T/audit-clean" --quiet ||
  { echo "FAIL: audit clean" >&2; exit 1; }
check "audit: a clean archive says so, month by month" \
  "[ \$(grep -c '<td>无发现</td>' '$T/audit-clean/summary.html') = 3 ] && grep -q '未发现问题' '$T/audit-clean/summary.html'"

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
# The picture of a page: not blank, bars drawn. png_checks NAME PNG
png_checks() {
python3 - "$2" "$1" <<'PY' || fail=1
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
print(f"{sys.argv[2]}: {width}x{height}: {ink} pixels not white ({100 * ink // total}%), {bars} bar pixels")
ok = True
if ink < total // 50:
    print(f"FAIL: {sys.argv[2]}: the page looks blank (under 2% of the pixels are not white)", file=sys.stderr); ok = False
if bars < 5000:
    print(f"FAIL: {sys.argv[2]}: the charts' bars are not drawn", file=sys.stderr); ok = False
sys.exit(0 if ok else 1)
PY
}
# A page rendered and printed: render NAME HTML KEEP
render() {
  local n=$1 h=$2 keep=$3
  # 1240 x 1754 pixels: an A4 page at 150 dpi.
  chrome --screenshot="$T/$n.png" --window-size=1240,1754 "file://$h"
  check "$n: chromium wrote the PNG" "[ -s '$T/$n.png' ]"
  [ -n "$keep" ] && cp "$T/$n.png" "$keep"
  png_checks "$n" "$T/$n.png"
  chrome --no-pdf-header-footer --print-to-pdf="$T/$n.pdf" "file://$h"
  check "$n: chromium printed a PDF" "[ -s '$T/$n.pdf' ]"
  check "$n: on A4 pages (595 x 842 pt)" "grep -aqE '/MediaBox \\[0 0 59[45]\\.[0-9]+ 84[12]\\.[0-9]+\\]' '$T/$n.pdf'"
}
render run "$H" "${KEEP_PNG:-}"
render recompute "$R" "${KEEP_RECOMPUTE_PNG:-}"
render audit "$U" "${KEEP_AUDIT_PNG:-}"

[ $fail = 0 ] && echo "summary_html: all checks passed"
exit $fail
