#!/usr/bin/env bash
# The -O0 sweep: every e2e test (ctest label e2e, both devices) with every optimization pass off.
# TLTT_OPT_LEVEL=0 makes each `tltt compile`/`tltt run` of the suite compile at -O0 (an explicit
# -O on a test's command line still wins). A measurement, not a CI test: the summary and the
# failed tests are printed at the end and the whole log is kept in $TLTT_SWEEP_LOG
# (default build/e2e_O0.log). Extra arguments go to ctest (e.g. -R 'gemm', -E 'mesh').
#   bash scripts/e2e_O0.sh            # run it at nice 19 on TLTT_JOBS (2) jobs
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TLTT_BUILD_DIR:-$root/build}
log=${TLTT_SWEEP_LOG:-$build/e2e_O0.log}
if [[ ! -x "$build/tools/tltt/tltt" ]]; then
  echo "e2e_O0.sh: no tltt in $build (build first: bash scripts/build.sh)" >&2
  exit 2
fi
export TLTT_OPT_LEVEL=0
# Tuned GEMM blocks are an optimization too (B0); they are keyed by -O level, but stay out anyway.
export TLTT_TUNING_CACHE=0
start=$(date +%s)
nice -n 19 ctest --test-dir "$build" -L e2e -j "${TLTT_JOBS:-2}" --output-on-failure "$@" \
  >"$log" 2>&1
status=$?
echo "e2e at -O0: $(( $(date +%s) - start )) s, log $log"
grep -E '^[0-9]+% tests passed' "$log" || true
sed -n '/^The following tests FAILED:/,$p' "$log"
exit $status
