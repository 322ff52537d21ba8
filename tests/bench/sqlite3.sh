#!/bin/bash
# The sqlite3 peer of make bench: imports DIR/households.csv and DIR/members.csv into an
# in-memory database with .import --csv (every column text, named by the header), then runs
# rule.sql. Prints "LINES TOTAL_FEN". Usage: sqlite3.sh DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$1"
exec sqlite3 -batch -bail :memory: \
  ".import --csv households.csv households" \
  ".import --csv members.csv members" \
  ".mode list" ".separator ' '" \
  ".read '$here/rule.sql'"
