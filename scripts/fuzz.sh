#!/usr/bin/env bash
# `make fuzz`: run each libFuzzer target of BUILD for SECONDS, starting from
# its committed seeds (fuzz/corpus/<target>) and the inputs earlier runs
# found (BUILD/corpus/<target>, where new finds go); crashes land in
# BUILD/artifacts/<target>/. Prints one line per target with its
# executions and findings; exit 1 when any target found something.
# Usage: scripts/fuzz.sh BUILD SECONDS [TARGET...] (default: all of fuzz/).
set -uo pipefail
build=$1
seconds=$2
shift 2
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for src in fuzz/fuzz_*.c; do
    targets+=("$(basename "$src" .c)")
  done
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=0
for t in "${targets[@]}"; do
  work="$build/corpus/$t"
  art="$build/artifacts/$t"
  log="$build/logs/$t.log"
  mkdir -p "$work" "$art" "$(dirname "$log")"
  "$build/$t" -max_total_time="$seconds" -print_final_stats=1 -timeout=25 -rss_limit_mb=2048 \
    -artifact_prefix="$art/" "$work" "fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  found=$(find "$art" -type f | wc -l)
  echo "$t: ${execs:-?} executions in ${seconds}s, $found findings (exit $rc, log $log)"
  if [ $rc -ne 0 ] || [ "$found" -ne 0 ]; then
    failed=1
  fi
done
exit $failed
