#!/usr/bin/env bash
# Fails (listing the files) when a tracked C++ file differs from what .clang-format makes of it.
# `scripts/check_format.sh --fix` rewrites them instead. Pinned to clang-format-16 (Debian 12),
# the first release with InsertBraces; generated goldens under tests/passes/golden are exempt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cf=${CLANG_FORMAT:-clang-format-16}
command -v "$cf" >/dev/null || { echo "error: $cf not found (scripts/deps.sh installs it)" >&2; exit 1; }
mapfile -t files < <(git ls-files '*.cc' '*.h' '*.cpp' '*.hpp' | grep -v '^tests/passes/golden/')
if [[ "${1:-}" == "--fix" ]]; then
  "$cf" -i "${files[@]}"
  exit 0
fi
if ! out=$("$cf" --dry-run --Werror "${files[@]}" 2>&1); then
  grep -o '^[^:]*:[0-9]*:[0-9]*: error' <<<"$out" | cut -d: -f1 | sort -u |
    sed 's/$/: not clang-formatted (run scripts\/check_format.sh --fix)/' >&2
  exit 1
fi
echo "${#files[@]} files formatted"
