#!/usr/bin/env bash
# `benefitroll audit` (commands.md) on the sample year: the archive written by `run` audits
# clean; then each kind of finding is planted in a copy of the archive and must be reported:
# TAMPERED, MISMATCH, CONTROL_TOTAL, LEDGER_INVALID, PAID_TWICE, GRACE_OVERRUN, MONTH_MISSING,
# DIFFERS_FROM_RULES, and a month of "another system" (no manifest.json).
set -u
BIN=$1; ROOT=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1" >&2; fail=1; fi; }
FIX="python3 $ROOT/tests/tools/fix_manifest.py"
A=$T/archive
MONTHS="2020-01 2020-02 2020-03 2020-04 2020-05 2020-06 2020-07 2020-08 2020-09 2020-10 2020-11 2020-12"
for m in $MONTHS; do
  "$BIN" run --month $m --rules "$ROOT/rules/erdao-2020.toml" --input "$ROOT/samples/$m" \
    --out "$A/$m" --quiet || { echo "FAIL: run $m" >&2; exit 1; }
done

# The rules with a retroactive raise of the urban standard (from 2020-07, announced 2020-09-15).
cp "$ROOT/rules/erdao-2020.toml" "$T/raise.toml"
cat >>"$T/raise.toml" <<'EOF'

[[dibao]]
from = "2020-07"
announced = 2020-09-15
source = "test: a retroactive raise of the urban standard"
urban_monthly = "750"
EOF

# audit NAME ARCHIVE FROM TO [options]: writes $T/out-NAME, sets rc and F (its findings.csv).
audit() {
  local name=$1 arch=$2 from=$3 to=$4; shift 4
  "$BIN" audit --archive "$arch" --from $from --to $to --out "$T/out-$name" --quiet "$@" 2>"$T/err-$name"
  rc=$?
  F="$T/out-$name/findings.csv"
}
# count PATTERN: findings rows matching an extended regex (severity,code,month,household_id,...).
count() { grep -cE "$1" "$F"; }
# copy NAME: a fresh copy of the archive, $C.
copy() { C=$T/copy-$1; cp -r "$A" "$C"; }

# 1. The sample year audits clean.
audit clean "$A" 2020-01 2020-12
check "the sample year audits with exit 0 (got $rc: $(cat "$T/err-clean"))" "[ $rc = 0 ]"
check "and without any finding" "[ \$(wc -l <'$F') = 1 ]"
check "the header is findings.csv's" "head -1 '$F' | grep -q 'severity,code,month,household_id,person_id,item,expected,actual,message'"
check "manifest.json says command audit and lists 12 months" \
  "python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); assert m[\"command\"]==\"audit\" and len(m[\"months\"])==12 and all(x[\"manifest_sha256\"] for x in m[\"months\"]) and m[\"findings\"]==dict(error=0,review=0,info=0)' '$T/out-clean/manifest.json'"
check "summary.csv has a TOTAL row for every month" "[ \$(grep -c ',TOTAL,0$' '$T/out-clean/summary.csv') = 13 ]"
check "summary.html is self-contained (no script, no link)" "! grep -qiE '<script|https?://|<link' '$T/out-clean/summary.html'"
check "summary.html is in Chinese by default" "grep -q '审计结果' '$T/out-clean/summary.html'"
"$BIN" audit --archive "$A" --from 2020-01 --to 2020-12 --out "$T/out-clean" --quiet 2>/dev/null; rc=$?
check "a finished audit is refused without --force (exit 5, got $rc)" "[ $rc = 5 ]"
"$BIN" audit --archive "$A" --from 2020-01 --to 2020-12 --out "$T/out-clean2" --quiet --jobs 1; rc=$?
check "the same audit again (1 job) gives the same bytes" "[ $rc = 0 ] && diff -r '$T/out-clean' '$T/out-clean2' >/dev/null"
"$BIN" audit --archive "$A" --from 2020-09 --to 2020-09 --out "$T/out-clean" --force --lang en >"$T/stdout-en"; rc=$?
check "--force replaces it (got $rc)" "[ $rc = 0 ]"
check "--lang en: stdout and summary.html in English" "grep -q 'findings: 0 error' '$T/stdout-en' && grep -q 'Audit of 2020-09' '$T/out-clean/summary.html'"
"$BIN" audit --archive "$A" --from 2020-09 --to 2020-08 --out "$T/out-bad" --quiet 2>/dev/null; rc=$?
check "--to before --from is a usage error (got $rc)" "[ $rc = 2 ]"

# 1b. A month is computed again with the as_of and options its manifest records.
"$BIN" run --month 2020-08 --rules "$T/raise.toml" --as-of 2020-09-01 --input "$ROOT/samples/2020-08" \
  --out "$T/opts/2020-08" --output-encoding gb18030 --lang en --no-mask --input-encoding utf-8 --quiet
audit opts "$T/opts" 2020-08 2020-08
check "a month run with --as-of, gb18030, en and --no-mask audits clean (got $rc)" "[ $rc = 0 ] && [ \$(wc -l <'$F') = 1 ]"

# 2. One byte of an input changed: TAMPERED.
copy tamper
sed -i 's/^EDQ-0011,\(.*\),900\.00,/EDQ-0011,\1,901.00,/' "$C/2020-09/inputs/households.csv"
audit tamper "$C" 2020-09 2020-09
check "a changed input byte: exit 4 (got $rc)" "[ $rc = 4 ]"
check "a changed input byte: TAMPERED" "[ \$(count '^error,TAMPERED,2020-09,') -ge 1 ] && grep -q 'inputs/households.csv' '$F'"

# 3. A changed amount in payments.csv, the manifest's hashes fixed up: MISMATCH and CONTROL_TOTAL.
copy amount
sed -i 's/^2020-09,EDQ-0001,,dibao,\(.*\),930\.00,/2020-09,EDQ-0001,,dibao,\1,931.00,/' "$C/2020-09/payments.csv"
$FIX "$C/2020-09"
audit amount "$C" 2020-09 2020-09
check "a changed amount: exit 4 (got $rc)" "[ $rc = 4 ]"
check "a changed amount: no TAMPERED once the hashes are fixed" "[ \$(count ',TAMPERED,') = 0 ]"
check "a changed amount: one MISMATCH line, expected 930.00, actual 931.00" \
  "[ \$(count '^error,MISMATCH,2020-09,EDQ-0001,,dibao,930\.00,931\.00,') = 1 ] && [ \$(count ',MISMATCH,') = 1 ]"
check "a changed amount: CONTROL_TOTAL" "[ \$(count '^error,CONTROL_TOTAL,2020-09,') -ge 1 ]"

# 4. A deleted line: MISMATCH (missing).
copy delete
sed -i '/^2020-09,EDQ-0002,,dibao,/d' "$C/2020-09/payments.csv"
$FIX "$C/2020-09"
audit delete "$C" 2020-09 2020-09
check "a deleted line: exit 4 (got $rc)" "[ $rc = 4 ]"
check "a deleted line: MISMATCH expected 820.00, actual empty" "[ \$(count '^error,MISMATCH,2020-09,EDQ-0002,,dibao,820\.00,,') = 1 ]"

# 5. An added line for a person dead before the month: LEDGER_INVALID.
copy dead
echo '2020-09,EDQ-0024,220105193904145213,tekun_basic,特困人员基本生活费,cash,长春大街街道,长通社区,沈国华,6228142334715165215,1130.00,1130.00,tekun@2020-01,' >>"$C/2020-09/payments.csv"
$FIX "$C/2020-09"
audit dead "$C" 2020-09 2020-09 --no-mask
check "a line for a dead person: exit 4 (got $rc)" "[ $rc = 4 ]"
check "a line for a dead person: LEDGER_INVALID naming the death" \
  "grep -E '^error,LEDGER_INVALID,2020-09,EDQ-0024,220105193904145213,tekun_basic,' '$F' | grep -q '2020-07-28'"
check "a line for a dead person: also MISMATCH (an extra line)" "[ \$(count '^error,MISMATCH,2020-09,EDQ-0024,') = 1 ]"

# 6. Heating paid twice in one season (October and November); a heating line in June belongs
#    to the season before and is not paid twice.
copy heating
grep '^2020-10,EDQ-0001,,heating,' "$C/2020-10/subsidies.csv" | sed 's/^2020-10/2020-11/' >>"$C/2020-11/subsidies.csv"
grep '^2020-10,EDQ-0002,,heating,' "$C/2020-10/subsidies.csv" | sed 's/^2020-10/2020-06/' >>"$C/2020-06/subsidies.csv"
$FIX "$C/2020-11"; $FIX "$C/2020-06"
audit heating "$C" 2020-06 2020-11
check "heating twice: exit 4 (got $rc)" "[ $rc = 4 ]"
check "heating twice in one season: PAID_TWICE in 2020-11" "[ \$(count '^error,PAID_TWICE,2020-11,EDQ-0001,,heating,') = 1 ]"
check "heating in June and October: two seasons, not PAID_TWICE" "[ \$(count ',PAID_TWICE,.*EDQ-0002') = 0 ]"

# 7. Festival aid paid twice in a year (January and December).
copy holiday
grep '^2020-01,EDQ-0001,,holiday_cash,' "$C/2020-01/subsidies.csv" | sed 's/^2020-01/2020-12/' >>"$C/2020-12/subsidies.csv"
$FIX "$C/2020-12"
audit holiday "$C" 2020-01 2020-12
check "holiday cash twice: exit 4 (got $rc)" "[ $rc = 4 ]"
check "holiday cash twice in a year: PAID_TWICE in 2020-12" "[ \$(count '^error,PAID_TWICE,2020-12,EDQ-0001,,holiday_cash,') = 1 ]"
check "holiday cash twice: nothing else paid twice" "[ \$(count ',PAID_TWICE,') = 1 ]"

# 8. A gradual exit paid one month too long: EDQ-0011's exit ran 2020-03 to 2020-08 (6 months).
copy grace
echo '2020-09,EDQ-0011,,dibao_grace,渐退期低保金,cash,桃源街道,桃源社区,马凤琴,621783168840818796,150.00,300.00×50%=150.00,dibao@2020-01+2019-12-20,' >>"$C/2020-09/payments.csv"
$FIX "$C/2020-09"
audit grace "$C" 2020-03 2020-09
check "grace overrun: exit 4 (got $rc)" "[ $rc = 4 ]"
check "grace overrun: GRACE_OVERRUN for EDQ-0011 in 2020-09" "[ \$(count '^error,GRACE_OVERRUN,2020-09,EDQ-0011,,dibao_grace,') = 1 ]"
check "grace overrun: no other household" "[ \$(count ',GRACE_OVERRUN,') = 1 ]"

# 9. One person paid in two households in one month.
copy twohouseholds
grep '^2020-09,EDQ-0001,220104196407020900,price_subsidy,' "$C/2020-09/subsidies.csv" | sed 's/^2020-09,EDQ-0001,/2020-09,EDQ-0002,/' >>"$C/2020-09/subsidies.csv"
$FIX "$C/2020-09"
audit twohouseholds "$C" 2020-09 2020-09 --no-mask
check "a person in two households: exit 4 (got $rc)" "[ $rc = 4 ]"
check "a person in two households: LEDGER_INVALID for each household" \
  "[ \$(count '^error,LEDGER_INVALID,2020-09,EDQ-0001,220104196407020900,,') = 1 ] && [ \$(count '^error,LEDGER_INVALID,2020-09,EDQ-0002,220104196407020900,,') = 1 ]"

# 10. A month missing from the range: MONTH_MISSING, a review (exit 0).
copy missing
rm -rf "$C/2020-05"
audit missing "$C" 2020-04 2020-06
check "a missing month: exit 0 (got $rc)" "[ $rc = 0 ]"
check "a missing month: MONTH_MISSING for 2020-05 and nothing else" "[ \$(count '^review,MONTH_MISSING,2020-05,') = 1 ] && [ \$(wc -l <'$F') = 2 ]"

# 11. Rules with a retroactive raise (from 2020-07, announced 2020-09-15): DIFFERS_FROM_RULES.
audit raise "$A" 2020-06 2020-09 --rules "$T/raise.toml"
check "other rules: exit 0, reviews only (got $rc: $(cat "$T/err-raise"))" "[ $rc = 0 ]"
check "other rules: EDQ-0001's dibao due 1050.00 under the raise, paid 930.00" \
  "[ \$(count '^review,DIFFERS_FROM_RULES,2020-09,EDQ-0001,,dibao,1050\.00,930\.00,') = 1 ]"
check "other rules: nothing differs in 2020-06, before the raise" "[ \$(count ',DIFFERS_FROM_RULES,2020-06,') = 0 ]"
check "other rules: each of 2020-07 to 2020-09 differs" \
  "[ \$(count ',DIFFERS_FROM_RULES,2020-07,') -gt 0 ] && [ \$(count ',DIFFERS_FROM_RULES,2020-08,') -gt 0 ]"
audit raise-asof "$A" 2020-06 2020-09 --rules "$T/raise.toml" --as-of 2020-09-01
check "other rules as of 2020-09-01, before the raise was announced: nothing differs" "[ $rc = 0 ] && [ \$(wc -l <'$F') = 1 ]"
printf '[[dibao]\n' >"$T/broken.toml"
audit broken "$A" 2020-09 2020-09 --rules "$T/broken.toml"
check "--rules with errors: exit 3 (got $rc) and nothing written" "[ $rc = 3 ] && [ ! -e '$T/out-broken' ]"

# 12. Another system's month: 2020-09 without manifest.json, three amounts altered.
mkdir -p "$T/other"; cp -r "$A/2020-09" "$T/other/2020-09"; rm "$T/other/2020-09/manifest.json"
sed -i -e 's/^2020-09,EDQ-0001,,dibao,\(.*\),930\.00,/2020-09,EDQ-0001,,dibao,\1,929.00,/' \
       -e 's/^2020-09,EDQ-0002,,dibao,\(.*\),820\.00,/2020-09,EDQ-0002,,dibao,\1,819.00,/' \
       -e 's/^2020-09,EDQ-0003,,dibao,\(.*\),630\.00,/2020-09,EDQ-0003,,dibao,\1,629.00,/' \
       "$T/other/2020-09/payments.csv"
audit other "$T/other" 2020-09 2020-09
check "another system's month: exit 4 (got $rc)" "[ $rc = 4 ]"
check "another system's month: exactly the three altered lines as MISMATCH" \
  "[ \$(count ',MISMATCH,') = 3 ] && [ \$(count '^error,MISMATCH,2020-09,EDQ-000[123],,dibao,') = 3 ]"
check "another system's month: one info row NO_MANIFEST, nothing else" \
  "[ \$(count '^info,NO_MANIFEST,2020-09,') = 1 ] && [ \$(wc -l <'$F') = 5 ]"

# 13. A month that cannot be computed again (its rules.toml broken, the manifest's hash fixed
#     up): one MISMATCH saying so; its ledgers are still read whole and checked; no scratch
#     folder is left in the result.
copy broken-rules
printf '[[dibao\n' >>"$C/2020-09/rules.toml"
$FIX "$C/2020-09"
audit broken-rules "$C" 2020-09 2020-09
check "a month that cannot be computed again: exit 4 (got $rc)" "[ $rc = 4 ]"
check "a month that cannot be computed again: one MISMATCH saying so" \
  "[ \$(count '^error,MISMATCH,2020-09,,,,,,\"?无法由其') = 1 ]"
check "a month that cannot be computed again: no scratch folder left" \
  "[ -z \"\$(ls -A '$T/out-broken-rules' | grep '^\\.')\" ]"

[ $fail = 0 ] && echo "audit_archive: all checks passed"
exit $fail
