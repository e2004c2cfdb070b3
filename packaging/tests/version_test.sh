#!/usr/bin/env bash
# packaging.version VERSION EXECUTABLE...: every program a user runs, shipped or
# a helper (bench/, testing/), prints "NAME VERSION" for --version and exits 0.
set -euo pipefail
version=$1
shift
for exe in "$@"; do
  name=$(basename "$exe")
  out=$("$exe" --version) || { echo "FAIL: $name --version exited $?" >&2; exit 1; }
  [[ $out == "$name $version" ]] || { echo "FAIL: $name --version printed '$out', not '$name $version'" >&2; exit 1; }
done
echo "packaging.version: $# programs print their name and $version"
