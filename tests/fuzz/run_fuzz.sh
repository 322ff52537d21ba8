#!/usr/bin/env bash
# Runs one libFuzzer target (tests/fuzz/*.cc).
#   run_fuzz.sh smoke  BINARY SEEDS SECONDS        make test: SECONDS of fuzzing from the seeds (new
#                                                  inputs go to a temporary folder), then every
#                                                  seed replayed once
#   run_fuzz.sh fuzz   BINARY SEEDS SECONDS WORK   make fuzz: SECONDS of fuzzing; the corpus grows
#                                                  in WORK (the committed SEEDS are only read)
#   run_fuzz.sh replay BINARY DIR...               every input of the folders, once
# Prints the target's figures: runs, executions per second, corpus size. Any crash, sanitizer
# report, leak, timeout (a unit over 5 s) or failed property ends with a non-zero status.
set -u
mode=$1; bin=$2
name=$(basename "$bin")
if [ ! -x "$bin" ]; then
  echo "$name: $bin is not built: the fuzz targets need clang++ and libFuzzer (Debian: clang, libclang-rt-14-dev)" >&2
  exit 1
fi
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
opts=(-timeout=5 -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$T/")
report() {  # figures from libFuzzer's final statistics
  local log=$1
  local runs eps
  runs=$(grep -a 'stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -1)
  eps=$(grep -a 'stat::average_exec_per_sec' "$log" | awk '{print $2}' | tail -1)
  echo "$name: ${runs:-0} executions, ${eps:-0} exec/s, corpus $2 inputs"
}
fail() {
  echo "$name: FAILED ($1); the last lines of its log:" >&2
  grep -a -E 'ERROR|SUMMARY|property failed|runtime error|Test unit written|deadly|timeout' "$T/log" | head -20 >&2
  for a in "$T"/crash-* "$T"/timeout-* "$T"/leak-* "$T"/oom-*; do
    [ -e "$a" ] || continue
    keep="${TMPDIR:-/tmp}/$name-$(basename "$a")"
    cp "$a" "$keep" && echo "$name: the input is kept in $keep (replay: $bin $keep)" >&2
  done
  exit 1
}
case $mode in
  smoke)
    seeds=$3; secs=$4
    mkdir -p "$T/new"
    "$bin" "${opts[@]}" -max_total_time="$secs" "$T/new" "$seeds" >"$T/log" 2>&1 || fail "fuzzing"
    report "$T/log" "$(( $(ls "$seeds" | wc -l) + $(ls "$T/new" | wc -l) ))"
    "$bin" "${opts[@]}" -runs=0 "$seeds" >"$T/log" 2>&1 || fail "replaying the seeds"
    ;;
  fuzz)
    seeds=$3; secs=$4; work=$5
    mkdir -p "$work"
    "$bin" "${opts[@]}" -max_total_time="$secs" "$work" "$seeds" >"$T/log" 2>&1 || fail "fuzzing"
    report "$T/log" "$(ls "$work" | wc -l)"
    ;;
  replay)
    shift 2
    n=0
    for d in "$@"; do n=$((n + $(ls "$d" | wc -l))); done
    "$bin" "${opts[@]}" -runs=0 "$@" >"$T/log" 2>&1 || fail "replaying"
    echo "$name: $n inputs replayed, no crash, no sanitizer report"
    ;;
  *)
    echo "usage: run_fuzz.sh smoke|fuzz|replay BINARY ..." >&2; exit 2 ;;
esac
