#!/usr/bin/env bash
# Crash safety of the month folder (outputs.md): the test binary benefitroll_faults ends the
# process right after the Nth write, fsync or rename, or fails the Nth with EIO or ENOSPC. For
# every N the target holds nothing or a complete month whose manifest verifies; the next run
# succeeds and is byte-identical to an uninterrupted one. Two runs writing the same month at
# once: exactly one wins, the other says so.
set -u
BIN=$1; ROOT=$2
FBIN="$(dirname "$BIN")/benefitroll_faults"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0
args=(run --month 2020-09 --rules "$ROOT/rules/erdao-2020.toml" --input "$ROOT/samples/2020-09" --quiet)
"$BIN" "${args[@]}" --out "$T/ref/2020-09" || { echo "FAIL: reference run" >&2; exit 1; }
points=$(BENEFITROLL_FAULT_COUNT=1 "$FBIN" "${args[@]}" --out "$T/count/2020-09" 2>&1 | sed -n 's/^fault-points: //p')
[ -n "$points" ] && [ "$points" -gt 10 ] || { echo "FAIL: could not count fault points ($points)" >&2; exit 1; }
tried=0; partial=0; complete=0; empty=0; recovered=0
for mode in kill eio enospc; do
  for ((n = 1; n <= points; n++)); do
    d="$T/$mode-$n"; mkdir -p "$d"
    BENEFITROLL_FAULT="$mode:$n" "$FBIN" "${args[@]}" --out "$d/2020-09" >/dev/null 2>"$d.err"; rc=$?
    tried=$((tried + 1))
    if [ "$mode" != kill ] && [ $rc = 0 ]; then echo "FAIL: $mode:$n exited 0" >&2; fail=1; fi
    if [ "$mode" != kill ] && ! grep -q "Nothing was written" "$d.err"; then
      echo "FAIL: $mode:$n: no clear message: $(head -c 200 "$d.err")" >&2; fail=1
    fi
    if [ -e "$d/2020-09" ] && [ -n "$(ls -A "$d/2020-09")" ]; then
      if python3 "$ROOT/tests/tools/check_manifest.py" "$d/2020-09" 2>/dev/null && diff -r -q "$d/2020-09" "$T/ref/2020-09" >/dev/null; then
        complete=$((complete + 1))
      else
        partial=$((partial + 1)); echo "FAIL: $mode:$n left a partial month" >&2; fail=1
      fi
    else
      empty=$((empty + 1))
      # The next run succeeds (and clears any temporary folder the killed one left).
      if "$BIN" "${args[@]}" --out "$d/2020-09" && diff -r -q "$d/2020-09" "$T/ref/2020-09" >/dev/null; then
        recovered=$((recovered + 1))
      else
        echo "FAIL: $mode:$n: the next run did not give the reference month" >&2; fail=1
      fi
      leftovers=$(ls -A "$d" | grep -v '^2020-09$' || true)
      [ -z "$leftovers" ] || { echo "FAIL: $mode:$n: left $leftovers beside the month" >&2; fail=1; }
    fi
  done
done
# Two runs at once on the same month: exactly one wins.
for i in 1 2 3; do
  d="$T/race$i"
  "$BIN" "${args[@]}" --out "$d/2020-09" 2>"$d.e1" & p1=$!
  "$BIN" "${args[@]}" --out "$d/2020-09" 2>"$d.e2" & p2=$!
  wait $p1; r1=$?; wait $p2; r2=$?
  if ! { [ $r1 = 0 ] && [ $r2 = 5 ]; } && ! { [ $r1 = 5 ] && [ $r2 = 0 ]; }; then
    echo "FAIL: race $i: exit statuses $r1 and $r2, expected one 0 and one 5" >&2; fail=1
  fi
  diff -r -q "$d/2020-09" "$T/ref/2020-09" >/dev/null || { echo "FAIL: race $i: the winner's month differs" >&2; fail=1; }
done
echo "crash_safety: $points fault points × 3 modes = $tried tried; $partial partial months; $complete complete, $empty empty; $recovered recoveries byte-identical"
exit $fail
