#!/usr/bin/env bash
# --progress (commands.md): a progress line on standard error, never in an output. On a sample
# roll that takes over a second: `always` with standard error a file writes plain progress lines
# and a last "done" line, and the month folder is byte-identical to a `never` run's; `auto` on a
# terminal (a pty made by script(1)) redraws the line with '\r' and clears it at the end, again
# with the same folder; `auto` with standard error not a terminal, and `--quiet` even with
# `--progress always`, write nothing to standard error. explain (from the inputs and from a month
# folder) writes the same lines with `always` and prints the same explanation as with `never`.
set -u
BIN=$1; ROOT=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
RULES="$ROOT/rules/erdao-2020.toml"
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1" >&2; fail=1; fi; }

"$BIN" sample --month 2020-09 --households 100000 --out "$T/roll" --seed 1 --quiet ||
  { echo "FAIL: sample" >&2; exit 1; }
run() { "$BIN" run --month 2020-09 --rules "$RULES" --input "$T/roll" --out "$T/$1" "${@:2}"; }

start=$(date +%s%N)
run always --progress always >"$T/always.out" 2>"$T/always.err" || { echo "FAIL: run --progress always" >&2; exit 1; }
ms=$((($(date +%s%N) - start) / 1000000))
run never --progress never >"$T/never.out" 2>"$T/never.err" || { echo "FAIL: run --progress never" >&2; exit 1; }
check "always: the last line says done" "tail -n 1 '$T/always.err' | grep -q '^benefitroll：完成：已读 [0-9,]* 行（用时 [0-9]* 秒）$'"
check "always: every line is a progress line" \
  "! grep -qvE '^benefitroll：(读取|计算|写出|完成)：已读 [0-9,]+ 行' '$T/always.err'"
check "always, not a terminal: plain lines, no carriage return or escape" "! grep -q \$'[\\r\\x1b]' '$T/always.err'"
# A line a second: a run of over 1.5 s has one before the last.
if [ "$ms" -gt 1500 ]; then
  check "always: a progress line while it worked (${ms} ms)" \
    "grep -qE '^benefitroll：(读取|计算|写出)：' '$T/always.err'"
fi
check "the rows read are every row of the three files" \
  "grep -q '已读 346,451 行' '$T/always.err'"
check "never: nothing on standard error" "[ ! -s '$T/never.err' ]"
check "the month folder does not depend on --progress" "diff -r '$T/always' '$T/never' >/dev/null"
check "nor does standard output" "cmp -s <(sed 's|/always|/X|' '$T/always.out') <(sed 's|/never|/X|' '$T/never.out')"

# auto on a terminal: the line is redrawn in place and cleared at the end.
# auto draws only once the work has lasted a second: a larger roll on one job, so that it does
# on a fast machine too; the redraw is checked when the run did last over 1.5 s.
if command -v script >/dev/null; then
  "$BIN" sample --month 2020-09 --households 300000 --out "$T/big" --seed 1 --quiet
  "$BIN" run --month 2020-09 --rules "$RULES" --input "$T/big" --out "$T/big-never" --quiet
  start=$(date +%s%N)
  script -qfec "'$BIN' run --month 2020-09 --rules '$RULES' --input '$T/big' --out '$T/tty' --jobs 1" \
    /dev/null >"$T/tty.out" 2>&1 </dev/null
  check "auto, terminal: exit 0" "[ $? = 0 ]"
  ms=$((($(date +%s%N) - start) / 1000000))
  if [ "$ms" -gt 1500 ]; then
    check "auto, terminal: a line redrawn with \\r (${ms} ms)" "grep -qaE \$'\\rbenefitroll：(读取|计算|写出)：已读 [0-9,]+ 行' '$T/tty.out'"
    check "auto, terminal: cleared at the end" "grep -qa \$'\\r\\x1b\\[K' '$T/tty.out'"
  else
    echo "progress: the terminal run took ${ms} ms, under 1.5 s: redraw not checked"
  fi
  check "auto, terminal: no plain done line" "! grep -qa 'benefitroll：完成' '$T/tty.out'"
  check "auto, terminal: the same month folder" "diff -r '$T/tty' '$T/big-never' >/dev/null"
else
  echo "FAIL: script(1) is not installed (util-linux)" >&2; fail=1
fi

# explain reads the whole input folder: the same lines while it reads, and the same explanation.
H=$(python3 -c 'import csv,sys; print(next(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))["household_id"])' "$T/roll/households.csv")
for src in "--input $T/roll --rules $RULES" "--archive $T/never"; do
  "$BIN" explain $src --month 2020-09 --household "$H" --progress always >"$T/explain-always.out" \
    2>"$T/explain-always.err" || { echo "FAIL: explain $src --progress always" >&2; fail=1; }
  "$BIN" explain $src --month 2020-09 --household "$H" --progress never >"$T/explain-never.out" \
    2>"$T/explain-never.err" || { echo "FAIL: explain $src --progress never" >&2; fail=1; }
  check "explain ${src%% *}, always: progress lines and a last done line" \
    "tail -n 1 '$T/explain-always.err' | grep -q '^benefitroll：完成：已读 346,451 行' && ! grep -qvE '^benefitroll：(读取|计算|写出|完成)：已读 [0-9,]+ 行' '$T/explain-always.err'"
  check "explain ${src%% *}, never: nothing on standard error" "[ ! -s '$T/explain-never.err' ]"
  check "explain ${src%% *}: standard output does not depend on --progress" \
    "[ -s '$T/explain-never.out' ] && cmp -s '$T/explain-always.out' '$T/explain-never.out'"
done

"$BIN" validate --month 2020-09 --rules "$RULES" --input "$T/roll" >/dev/null 2>"$T/auto.err"
check "auto, standard error not a terminal: nothing" "[ ! -s '$T/auto.err' ]"
"$BIN" validate --month 2020-09 --rules "$RULES" --input "$T/roll" --quiet --progress always \
  >/dev/null 2>"$T/quiet.err"
check "--quiet silences --progress always" "[ ! -s '$T/quiet.err' ]"

[ $fail = 0 ] && echo "progress: all checks passed"
exit $fail
