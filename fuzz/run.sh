#!/usr/bin/env bash
# Builds a libFuzzer target with clang-14 (-fsanitize=fuzzer,address,undefined) and runs it for
# a bounded time from a seed corpus (the examples and the lit inputs). TARGET is `frontend`
# (fuzz_frontend.cc: the front end alone) or `pipeline` (fuzz_pipeline.cc: the front end, every
# pass and code generation). Crashing inputs are left in OUT/crashes; keep each one as a regression test under
# tests/lit/frontend/fuzz-regressions (it must produce a diagnostic, not a crash).
#   fuzz/run.sh [SECONDS=60] [OUT=build/fuzz] [TARGET=frontend]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
out=${2:-$root/build/fuzz}
target=${3:-frontend}
case $target in
  frontend) dirs=(support ir frontend) ;;
  pipeline) dirs=(support ir frontend device passes codegen) ;;
  *) echo "fuzz/run.sh: TARGET must be frontend or pipeline, not '$target'" >&2; exit 2 ;;
esac
cxx=${CXX_FUZZ:-clang++-14}
mkdir -p "$out/obj" "$out/corpus_$target" "$out/crashes"

flags=(-std=c++20 -O1 -g -fsanitize=fuzzer-no-link,address,undefined
       -fno-sanitize-recover=undefined -I"$root/src")
sources=("$root"/fuzz/fuzz_$target.cc)
headers=()
for d in "${dirs[@]}"; do  # subfolders too (src/passes/sfpu, src/passes/dst)
  while IFS= read -r f; do sources+=("$f"); done < <(find "$root/src/$d" -name '*.cc' | sort)
  while IFS= read -r f; do headers+=("$f"); done < <(find "$root/src/$d" -name '*.h' | sort)
done

# The text CMake embeds at build time (cmake/embed*.cmake): the device descriptions the passes
# read and the host-program prologue codegen writes.
if [[ $target == pipeline ]]; then
  mkdir -p "$out/gen"
  devices=$(printf '%s|' "$root"/data/devices/*.json)
  cmake -DOUT="$out/gen/embedded_devices.cc" -DFILES="${devices%|}" -P "$root/cmake/embed_devices.cmake"
  cmake -DIN="$root/src/codegen/host_prologue.cpp" -DOUT="$out/gen/embedded_host_prologue.cc" \
    -DSYMBOL=host_prologue -P "$root/cmake/embed_script.cmake"
  sources+=("$out/gen/embedded_devices.cc" "$out/gen/embedded_host_prologue.cc")
fi

# Rebuild an object when its source, or any header, is newer than it.
newest_header=$(ls -t "${headers[@]}" "$root"/src/ir/*.def "$root"/src/passes/*.def | head -1)
objs=()
todo=()
for src in "${sources[@]}"; do
  rel=${src#"$root"/}
  obj="$out/obj/${rel//\//_}.o"
  objs+=("$obj")
  if [[ ! -f "$obj" || "$src" -nt "$obj" || "$newest_header" -nt "$obj" ]]; then
    todo+=("$src|$obj")
  fi
done
if ((${#todo[@]})); then
  printf '%s\n' "${todo[@]}" |
    xargs -P "${TLTT_JOBS:-2}" -I{} bash -c 'src=${1%%|*}; obj=${1##*|}; shift; '"$cxx"' "$@" -c "$src" -o "$obj"' _ {} "${flags[@]}"
fi
"$cxx" -fsanitize=fuzzer,address,undefined "${objs[@]}" -lfmt -o "$out/fuzz_$target"

seeds=("$root/examples" "$root/tests/lit/frontend" "$root/tests/lit/diagnostics")
if [[ $target == pipeline ]]; then
  seeds+=("$root/examples/sfpu" "$root/tests/e2e/kernels" "$root/tests/lit/sfpu" "$root/tests/lit/codegen"
          "$root/tests/lit/passes")
fi
if [[ -d "$root/tests/lit/frontend/fuzz-regressions" ]]; then
  seeds+=("$root/tests/lit/frontend/fuzz-regressions")
fi
set +e
# A fixed seed keeps the CI run reproducible; TLTT_FUZZ_SEED=0 lets libFuzzer pick one.
"$out/fuzz_$target" -seed="${TLTT_FUZZ_SEED:-1}" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -max_len=8192 \
  -artifact_prefix="$out/crashes/" -print_final_stats=1 "$out/corpus_$target" "${seeds[@]}" \
  >"$out/fuzz_$target.log" 2>&1
status=$?
set -e
tail -n 15 "$out/fuzz_$target.log"
if ((status != 0)); then
  echo "fuzz/run.sh: the fuzzer found a failing input (see $out/crashes and $out/fuzz_$target.log)" >&2
  exit 1
fi
echo "fuzz/run.sh: no crash in ${secs}s ($target)"
