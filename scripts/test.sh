#!/usr/bin/env bash
# The whole test suite from nothing: install dependencies, build, run every test with ctest, then
# run it again under AddressSanitizer/UndefinedBehaviorSanitizer (scripts/sanitize.sh; set
# TLTT_SANITIZE_SUITE=0 to skip that second pass in a quick local run).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/build.sh"
build=${TLTT_BUILD_DIR:-$root/build}
(cd "$build" && ctest --output-on-failure -j "${TLTT_JOBS:-2}" "$@")
if [ "${TLTT_SANITIZE_SUITE:-1}" != 0 ]; then
  bash "$root/scripts/sanitize.sh"
fi
