#!/usr/bin/env bash
# The whole test suite from nothing: install dependencies, build, run every test with ctest (the CI
# command). The sanitizer run of the same suite is scripts/sanitize.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/build.sh"
build=${TLTT_BUILD_DIR:-$root/build}
(cd "$build" && ctest --output-on-failure -j "${TLTT_JOBS:-2}" "$@")
