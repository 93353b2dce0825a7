#!/usr/bin/env bash
# Installs dependencies and builds the project into build/ (Ninja, 2 jobs by default).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/deps.sh"
build=${TLTT_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${TLTT_BUILD_TYPE:-RelWithDebInfo} >/dev/null
cmake --build "$build" -j "${TLTT_JOBS:-2}"
