#!/usr/bin/env bash
# Privacy and spreadsheets (issue 6, outputs.md): the reports meant for people of the sample
# month and of catalogue fixtures full of payloads (and of an audit and a recompute of each)
# hold no full resident ID, account or phone-like number; no CSV cell written begins like a
# formula. See tests/tools/privacy.py.
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
python3 "$ROOT/tests/tools/privacy.py" "$BIN" "$ROOT" "$T"
