#!/usr/bin/env bash
# The main job from nothing: build, compile the example GEMM written in TileLang, run it on the
# simulated Wormhole and print the check against the CPU reference.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/build.sh"
build=${TLTT_BUILD_DIR:-$root/build}
exec "$build/tools/tltt/tltt" run "$root/examples/gemm.py" "$@"
