#!/usr/bin/env bash
# The malformed-input catalogue (tests/catalogue/, issue 6): `benefitroll run` on every fixture
# and on fixtures generated now (ID mutants, a line over 16 MiB); exit status, exception codes
# and outcome counts compared with each fixture's hand-worked expect.txt; every month written
# recounted by check_manifest.py. Prints "catalogue: N fixtures, N/N as expected, ...".
# Usage: catalogue.sh BENEFITROLL ROOT [FIXTURE...]
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$2
shift 2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
python3 "$ROOT/tests/tools/catalogue.py" "$BIN" "$ROOT" "$T" "$@"
