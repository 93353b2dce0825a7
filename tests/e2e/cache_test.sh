#!/usr/bin/env bash
# The kernel and program caches across `tltt run` invocations: two concurrent cold runs sharing
# one empty cache both PASS, and a later warm run (fresh work directory) compiles no kernel.
# Usage: cache_test.sh TLTT KERNEL_FILE [tltt run options...]
set -u
tltt=$1
file=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TTSIM_CACHE_DIR=$tmp/kernel-cache TLTT_WORK_DIR=$tmp/work
status=0

# Cold, concurrent: both compile (or wait on the other's lock) and both must PASS.
"$tltt" run "$file" "$@" >"$tmp/a.log" 2>&1 &
a=$!
"$tltt" run "$file" "$@" >"$tmp/b.log" 2>&1 &
b=$!
wait $a || { echo "concurrent run A failed:"; cat "$tmp/a.log"; status=1; }
wait $b || { echo "concurrent run B failed:"; cat "$tmp/b.log"; status=1; }
for log in a b; do
  grep -q '^PASS ' "$tmp/$log.log" || { echo "run $log has no PASS line"; status=1; }
done
compiled=$(cat "$tmp/a.log" "$tmp/b.log" | awk '/^kernels compiled: / { n += $3 } END { print n + 0 }')
echo "cold concurrent runs compiled $compiled kernels between them"

# Warm: a third run in its own fresh work directory compiles nothing and reuses the program.
"$tltt" run "$file" "$@" >"$tmp/c.log" 2>&1 || { cat "$tmp/c.log"; status=1; }
cat "$tmp/c.log"
grep -q '^kernels compiled: 0$' "$tmp/c.log" || { echo "the warm run compiled kernels"; status=1; }
grep -q '^program .* (cached)$' "$tmp/c.log" || { echo "the warm run rebuilt the program"; status=1; }
grep -q '^PASS ' "$tmp/c.log" || status=1
# One object per kernel, not one per run: the cache holds as many objects as one run compiles.
objects=$(ls "$TTSIM_CACHE_DIR"/k_*.so | wc -l)
echo "kernel objects in the cache: $objects"
[ "$objects" -le 3 ] || { echo "the cache holds duplicate kernel objects"; status=1; }
exit $status
