#!/usr/bin/env bash
# Help that teaches (issue 8): every command's --help exits 0 and shows a worked example on the
# samples; the man page doc/benefitroll.1 renders without a warning and documents every command,
# every option of every --help and every exit status; `make install` puts the program and the
# man page under DESTDIR/PREFIX.
set -u
BIN=$1; ROOT=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1" >&2; fail=1; fi; }
MAN="$ROOT/doc/benefitroll.1"

for cmd in run validate recompute audit explain sample "rules check" "rules show"; do
  # shellcheck disable=SC2086
  "$BIN" $cmd --help >"$T/help" 2>&1; rc=$?
  check "$cmd --help exits 0 (got $rc)" "[ $rc = 0 ]"
  check "$cmd --help shows an example" "grep -q '^Example' '$T/help'"
  check "$cmd --help's example runs benefitroll $cmd" "grep -q '^  benefitroll $cmd ' '$T/help'"
  grep -o -- '--[a-z][a-z-]*' "$T/help" | sort -u >>"$T/options"
done
"$BIN" --help >"$T/help" 2>&1
check "benefitroll --help lists the exit statuses" "grep -q 'Exit status: 0 done' '$T/help'"

check "the man page exists" "[ -s '$MAN' ]"
LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$MAN" 2>"$T/groff"
check "the man page renders without a warning: $(head -c 300 "$T/groff")" "[ ! -s '$T/groff' ]"
LC_ALL=C.UTF-8 groff -man -Tutf8 -rLL=250n "$MAN" 2>/dev/null | sed 's/.\x08//g' >"$T/man.txt"
for cmd in run validate recompute audit explain sample "rules check" "rules show"; do
  check "the man page documents '$cmd'" "grep -q 'benefitroll $cmd' '$T/man.txt'"
done
for opt in $(sort -u "$T/options"); do
  check "the man page documents $opt" "grep -q -- '$opt' '$T/man.txt'"
done
for status in 0 1 2 3 4 5; do
  check "the man page documents exit status $status" "sed -n '/^EXIT STATUS/,/^EXAMPLES/p' '$T/man.txt' | grep -qE '^ +$status +[^ ]'"
done
check "the man page's examples use the samples" "grep -q 'samples/2020-09' '$T/man.txt'"

# make install, dry run: the binary to PREFIX/bin, the man page to PREFIX/share/man/man1, under DESTDIR.
make -n -C "$ROOT" install BUILD=/nonexistent DESTDIR="$T/stage" PREFIX=/opt/br >"$T/make" 2>&1
check "make install copies the program to DESTDIR/PREFIX/bin" "grep -q 'install -m 755 /nonexistent/benefitroll $T/stage/opt/br/bin/benefitroll' '$T/make'"
check "make install copies the man page to DESTDIR/PREFIX/share/man/man1" "grep -q 'install -m 644 doc/benefitroll.1 $T/stage/opt/br/share/man/man1/benefitroll.1' '$T/make'"

[ $fail = 0 ] && echo "help: all checks passed"
exit $fail
