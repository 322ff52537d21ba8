#!/usr/bin/env bash
# `benefitroll rules check` on every fixture of tests/rules_check: the exact report (each
# problem with its line number) and the exit status; and the Erdao rules file checks clean.
set -u
BIN=$1; ROOT=$2
fail=0
cd "$ROOT/tests/rules_check" || exit 1
for f in *.toml; do
  name=${f%.toml}
  out=$("$BIN" rules check "$f" 2>&1); rc=$?
  if [ "$out" != "$(cat "$name.expected")" ]; then
    echo "FAIL: rules check $f output differs:" >&2
    diff <(echo "$out") "$name.expected" >&2; fail=1
  fi
  [ "$rc" = "$(cat "$name.status")" ] || { echo "FAIL: rules check $f exit $rc, expected $(cat "$name.status")" >&2; fail=1; }
done
cd "$ROOT"
"$BIN" rules check rules/erdao-2020.toml >/dev/null || { echo "FAIL: rules/erdao-2020.toml does not check clean" >&2; fail=1; }
"$BIN" rules show rules/erdao-2020.toml --month 2020-09 | grep -q "710" || { echo "FAIL: rules show lacks the 2020 standard" >&2; fail=1; }
[ $fail = 0 ] && echo "rules_check: all fixtures match"
exit $fail
