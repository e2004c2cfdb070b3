#!/usr/bin/env bash
# packaging.cmake_install BUILD SOURCE VERSION PROGRAM...: `cmake --install` of
# the build in BUILD into a fresh prefix puts the programs in bin/ and their man
# pages in share/man/man1/ and nothing else, and they work with the checkout
# SOURCE hidden.
set -euo pipefail
build=$1 source=$2 version=$3
shift 3
programs=("$@")
# shellcheck source=packaging/tests/lib.sh
. "$(dirname "$0")/lib.sh"

prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 ||
  fail "cmake --install:"$'\n'"$(cat "$tmp/install.log")"
expected=$(for p in "${programs[@]}"; do echo "bin/$p"; echo "share/man/man1/$p.1.gz"; done | sort)
files=$(cd "$prefix" && find . -type f | sed 's|^\./||' | sort)
[[ $files == "$expected" ]] || fail "cmake --install put"$'\n'"$files"$'\n'"not"$'\n'"$expected"
check_installed "$prefix/bin" "$prefix/share/man/man1"
run_outside_checkout "$prefix/bin" "$source"
echo "packaging.cmake_install: ${programs[*]} and their man pages in $prefix"
