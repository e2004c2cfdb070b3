#!/usr/bin/env bash
# The repository stands on its own: no tracked file refers to a path outside the
# checkout (the workplace's ../shared reading material, or /work/...). Exit 1 names
# each line that does.
set -euo pipefail
cd "$(dirname "$0")/.."
if hits=$(git grep -n -I -E '\.\./shared|/work/' -- ':!scripts/check-standalone.sh'); then
  printf '%s\n' "$hits" >&2
  echo "check-standalone: the lines above refer to files outside the checkout" >&2
  exit 1
fi
echo "check-standalone: no reference outside the checkout"
