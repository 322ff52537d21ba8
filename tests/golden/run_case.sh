#!/usr/bin/env bash
# One golden case: run the command line in CASE/cmd, then compare exit status, standard output
# and error, and every file under CASE/expected/out byte for byte; check the hand-worked
# expectations (hand*.csv) and recount every manifest written.
# Usage: run_case.sh BENEFITROLL CASE_DIR        (UPDATE_GOLDEN=1 rewrites expected/)
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
CASE=$(cd "$2" && pwd)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
export CASE ROOT OUT
fail=0
note() { echo "golden $(basename "$CASE"): $*" >&2; fail=1; }

# The command lines, with $CASE, $ROOT and $OUT replaced (no other shell expansion). Every line
# but the last prepares (e.g. runs the months of an archive) and must exit 0; the last is the
# one whose status and output are compared.
mapfile -t lines < <(sed -e "s|\$CASE|$CASE|g" -e "s|\$ROOT|$ROOT|g" -e "s|\$OUT|$OUT|g" "$CASE/cmd" | grep -v '^[[:space:]]*$')
for ((i = 0; i < ${#lines[@]}; i++)); do
  read -r -a argv <<<"${lines[$i]}"
  if ((i + 1 < ${#lines[@]})); then
    (cd "$OUT" && "$BIN" "${argv[@]}" --quiet >/dev/null 2>"$OUT/.prep-stderr") ||
      { note "preparing command $((i + 1)) failed: $(cat "$OUT/.prep-stderr")"; }
    rm -f "$OUT/.prep-stderr"
  else
    (cd "$OUT" && "$BIN" "${argv[@]}" >"$OUT/.stdout" 2>"$OUT/.stderr")
    status=$?
  fi
done
# Paths in messages name the case folder; make them stable.
sed -i -e "s|$CASE|\$CASE|g" -e "s|$ROOT|\$ROOT|g" -e "s|$OUT|\$OUT|g" "$OUT/.stdout" "$OUT/.stderr"

if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
  rm -rf "$CASE/expected"
  mkdir -p "$CASE/expected/out"
  echo "$status" >"$CASE/expected/status"
  cp "$OUT/.stdout" "$CASE/expected/stdout"
  cp "$OUT/.stderr" "$CASE/expected/stderr"
  (cd "$OUT" && find . -type f ! -name '.stdout' ! -name '.stderr' ! -path './*/inputs/*' \
     ! -name rules.toml | sed 's|^\./||') | while read -r f; do
    mkdir -p "$CASE/expected/out/$(dirname "$f")"
    cp "$OUT/$f" "$CASE/expected/out/$f"
  done
  echo "updated $CASE/expected" >&2
fi

[ -f "$CASE/expected/status" ] || { note "no expected/status"; exit 1; }
# The exit status worked out by hand, where the case gives one.
if [ -f "$CASE/EXPECTED_STATUS" ] && [ "$status" != "$(cat "$CASE/EXPECTED_STATUS")" ]; then
  note "exit status $status, EXPECTED_STATUS says $(cat "$CASE/EXPECTED_STATUS")"
fi
[ "$status" = "$(cat "$CASE/expected/status")" ] || note "exit status $status, expected $(cat "$CASE/expected/status")"
for s in stdout stderr; do
  if [ -f "$CASE/expected/$s" ] && ! cmp -s "$OUT/.$s" "$CASE/expected/$s"; then
    note "$s differs:"; diff "$CASE/expected/$s" "$OUT/.$s" | head -20 >&2
  fi
done
if [ -d "$CASE/expected/out" ]; then
  while read -r f; do
    if [ ! -f "$OUT/$f" ]; then note "missing output $f"; continue; fi
    if ! cmp -s "$OUT/$f" "$CASE/expected/out/$f"; then
      note "$f differs:"; diff "$CASE/expected/out/$f" "$OUT/$f" | head -20 >&2
    fi
  done < <(cd "$CASE/expected/out" && find . -type f | sed 's|^\./||')
  # Nothing written that the case does not expect (inputs/ copies and rules.toml aside).
  while read -r f; do
    [ -f "$CASE/expected/out/$f" ] || note "unexpected output $f"
  done < <(cd "$OUT" && find . -type f ! -name '.stdout' ! -name '.stderr' ! -path './*/inputs/*' \
             ! -name rules.toml | sed 's|^\./||')
fi
# Hand-worked expectations, independent of the program's own files.
if ls "$CASE"/hand*.csv >/dev/null 2>&1; then
  python3 "$ROOT/tests/tools/check_hand.py" "$CASE" "$OUT" || fail=1
fi
# Every manifest written adds up.
while read -r m; do
  python3 "$ROOT/tests/tools/check_manifest.py" "$(dirname "$m")" || fail=1
done < <(grep -l '"command": "run"' $(find "$OUT" -name manifest.json) /dev/null 2>/dev/null)
exit $fail
