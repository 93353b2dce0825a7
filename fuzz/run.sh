#!/usr/bin/env bash
# Builds a libFuzzer target with clang-14 (-fsanitize=fuzzer,address,undefined) and runs it for
# a bounded time from a seed corpus (the examples and the lit inputs). TARGET is `frontend`
# (fuzz_frontend.cc: the front end alone) or `pipeline` (fuzz_pipeline.cc: the front end, every
# pass and code generation). Crashing inputs are left in OUT/crashes; keep each one as a regression test under
# tests/lit/frontend/fuzz-regressions (it must produce a diagnostic, not a crash). SECONDS=0 only
# builds. Both targets can share one OUT: objects are named by source path, so the second target
# compiles only its own entry point.
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
# The objects go through ccache when it is installed (scripts/deps.sh installs it): the two CI
# targets share most sources, and a fresh clone would otherwise rebuild both from nothing, which
# was two thirds of the plain suite's time.
launcher=$(command -v ccache || true)
mkdir -p "$out/obj" "$out/corpus_$target" "$out/crashes"

flags=(-std=c++20 -O1 -g -fsanitize=fuzzer-no-link,address,undefined
       -fno-sanitize-recover=undefined -I"$root/src")
sources=("$root"/fuzz/fuzz_$target.cc)
headers=()
for d in "${dirs[@]}"; do
  mapfile -t -O "${#sources[@]}" sources < <(find "$root/src/$d" -name '*.cc' | sort)
  mapfile -t -O "${#headers[@]}" headers < <(find "$root/src/$d" -name '*.h' -o -name '*.def' | sort)
  # Texts a layer embeds at build time (tltt_embed_files in its CMakeLists.txt), made by the same
  # script. embed_calls.py reads the calls (over several lines, with set() and file(GLOB)
  # variables) and prints one "SYMBOL FILE|FILE..." line per call.
  while read -r symbol files; do
    gen="$out/obj/embedded_${symbol}.cc"
    cmake -DFILES="$files" -DOUT="$gen" -DSYMBOL="$symbol" -P "$root/cmake/embed_script.cmake"
    sources+=("$gen")
  done < <(python3 "$root/fuzz/embed_calls.py" "$root" "src/$d/CMakeLists.txt")
done

headers+=("$root/src/sim/include/ttsim/sfpu_functions.def")  # the SFPU table the passes share

# Rebuild an object when its source, or any header, is newer than it.
# sed reads all of ls's output: `head -1` could exit first and, under pipefail, fail the script on
# ls's SIGPIPE without a word.
newest_header=$(ls -t "${headers[@]}" | sed -n 1p)
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
    xargs -P "${TLTT_JOBS:-2}" -I{} bash -c 'src=${1%%|*}; obj=${1##*|}; shift; '"$launcher $cxx"' "$@" -c "$src" -o "$obj"' _ {} "${flags[@]}"
fi
"$cxx" -fsanitize=fuzzer,address,undefined "${objs[@]}" -lfmt -o "$out/fuzz_$target"
if ((secs == 0)); then
  echo "fuzz/run.sh: built $out/fuzz_$target"
  exit 0
fi

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
