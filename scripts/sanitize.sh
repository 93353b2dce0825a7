#!/usr/bin/env bash
# The test suite under AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer: builds
# build-asan/ with -DTLTT_SANITIZE=address,undefined (kernels and host programs compiled at run
# time get the same flags) and runs every test except those listed below. Any report fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/deps.sh"
build=${TLTT_SANITIZE_BUILD_DIR:-$root/build-asan}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTLTT_SANITIZE=address,undefined -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g -DNDEBUG" >/dev/null
cmake --build "$build" -j "${TLTT_JOBS:-2}"

# Not run here:
# - label `fuzz` (fuzz_build, frontend_fuzz_smoke, pipeline_fuzz_smoke): the fuzzers are built by clang-14
#   with -fsanitize=fuzzer,address,undefined in every run already (fuzz/run.sh);
# - calibration_gemm_targets: 35 timing-only GEMM simulations whose one assertion is the timing
#   model's accuracy, which instrumentation cannot change; the same simulator paths run in the
#   timing tests, and under ASan it alone would take a quarter of the CI budget;
# - python_pytest: the module is loaded by the Debian CPython, which is not instrumented (ASan's
#   runtime must come first in the process); the compiler, runner and simulator code it calls
#   runs instrumented in every other test.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/scripts/lsan.supp}
cd "$build"
ctest --output-on-failure -j "${TLTT_JOBS:-2}" -LE fuzz -E '^(calibration_gemm_targets|python_pytest)$' "$@"
