#!/usr/bin/env bash
# A mesh run is deterministic: two `tltt run --mesh` processes of the same kernel print the same
# cycles, per device and in total, and the same speed-up.
# Usage: mesh_determinism.sh TLTT KERNEL_FILE [tltt run options...]
set -u
tltt=$1
file=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for run in 1 2; do
  "$tltt" run "$file" "$@" >"$tmp/$run.log" 2>&1 || { cat "$tmp/$run.log"; exit 1; }
  grep -E '^  device [0-9]+ |^one device: |^PASS ' "$tmp/$run.log" >"$tmp/$run.cycles"
done
cat "$tmp/1.cycles"
grep -q '^PASS .*speedup=' "$tmp/1.cycles" || { echo "no PASS line with a speed-up"; exit 1; }
diff "$tmp/1.cycles" "$tmp/2.cycles" || { echo "the two runs differ"; exit 1; }
echo "both runs agree"
