#!/usr/bin/env bash
# A T.dynamic kernel run at three sizes (one not a multiple of 32) from one compiled program:
# the first run builds the host program and compiles the kernels, the other two reuse the same
# program file and compile no kernel. Then the artifacts of one `tltt compile` serve two more sizes.
# With `sharded` (a kernel sharding a tensor along the size: docs/layouts.md, "Shard specs computed
# at run time") the sizes are multiples of 128 and the kernels' sharded accessor arguments,
# compile-time arguments, make each new size compile them again: only the program is checked.
# Usage: dynamic_sizes.sh TLTT KERNEL_FILE DEVICE [sharded]
set -u
tltt=$1
file=$2
device=$3
sharded=${4:-}
sizes=(64 4001 200)
compile_at=96
later=(100 1000)
if [ "$sharded" = sharded ]; then
  sizes=(256 512 128)
  compile_at=384
  later=(640 1024)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TTSIM_CACHE_DIR=$tmp/kernel-cache TLTT_WORK_DIR=$tmp/work
status=0
programs=()
for m in "${sizes[@]}"; do
  "$tltt" run "$file" --device "$device" --set m=$m >"$tmp/run.log" 2>&1 || status=1
  grep -E '^(program|kernels compiled|PASS|FAIL)' "$tmp/run.log"
  grep -q '^PASS ' "$tmp/run.log" || { cat "$tmp/run.log"; status=1; }
  programs+=("$(awk '/^program / { print $2 }' "$tmp/run.log")")
  if [ $m != "${sizes[0]}" ]; then
    [ "$sharded" = sharded ] || grep -q '^kernels compiled: 0$' "$tmp/run.log" ||
      { echo "m=$m compiled kernels"; status=1; }
    grep -q '^program .* (cached)$' "$tmp/run.log" || { echo "m=$m rebuilt the program"; status=1; }
  fi
done
[ "${programs[0]}" = "${programs[1]}" ] && [ "${programs[0]}" = "${programs[2]}" ] ||
  { echo "the three sizes ran different programs"; status=1; }
"$tltt" compile "$file" --device "$device" --set m=$compile_at -o "$tmp/artifacts" || status=1
for m in "${later[@]}"; do
  "$tltt" run "$file" --device "$device" --set m=$m --artifacts "$tmp/artifacts" >"$tmp/run.log" 2>&1
  grep -q '^PASS ' "$tmp/run.log" || { cat "$tmp/run.log"; status=1; }
  [ "$sharded" = sharded ] || grep -q '^kernels compiled: 0$' "$tmp/run.log" ||
    { echo "m=$m compiled kernels"; status=1; }
done
exit $status
