#!/usr/bin/env bash
# `make test`: run every CTest entry (unit tests under ASan/UBSan, API tests
# that drive the real binary over HTTP), then count test cases across all of
# them and end with "N passed, N failed". Exit status 0 only when nothing
# failed.
set -uo pipefail
build=$1
mkdir -p "$build/results"
results=$(cd "$build/results" && pwd)
rm -rf "$results"/*
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
# every statement prepared in the tests has its plan checked (store_plans.h)
export FQ_PLAN_GUARD=${FQ_PLAN_GUARD:-1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$build" -j 2 --output-on-failure --output-junit "$results/ctest.xml" \
  --timeout 900 "${@:2}"
ctest_rc=$?
python3 tests/summary.py "$results"
sum_rc=$?
if [ $ctest_rc -ne 0 ] || [ $sum_rc -ne 0 ]; then
  exit 1
fi
