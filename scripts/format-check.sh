#!/usr/bin/env bash
# Fails (exit 1) when a tracked C++ file is not clang-formatted; clang-format names
# each place. `--fix` formats them instead.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null 2>&1 || { echo "format-check: clang-format not found (scripts/bootstrap.sh --ci installs it)" >&2; exit 2; }
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
if [ "${1:-}" = "--fix" ]; then
  clang-format -i "${files[@]}"
  exit 0
fi
if report=$(clang-format --dry-run --Werror "${files[@]}" 2>&1); then
  echo "format-check: ${#files[@]} files formatted"
else
  printf '%s\n' "$report" | head -n 60 >&2
  echo "format-check: the files above are not clang-formatted; run scripts/format-check.sh --fix" >&2
  exit 1
fi
