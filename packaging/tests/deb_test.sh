#!/usr/bin/env bash
# packaging.deb BUILD SOURCE VERSION PROGRAM...: cpack makes the Debian package
# from the build in BUILD; it holds the programs in /usr/bin and their man pages
# in /usr/share/man/man1 and nothing else, names its version and maintainer,
# depends on the shared libraries the programs use (dpkg-shlibdeps), and what it
# unpacks works with the checkout SOURCE hidden. The package is not installed.
set -euo pipefail
build=$1 source=$2 version=$3
shift 3
programs=("$@")
# shellcheck source=packaging/tests/lib.sh
. "$(dirname "$0")/lib.sh"

cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/package" >"$tmp/cpack.log" 2>&1 ||
  fail "cpack:"$'\n'"$(cat "$tmp/cpack.log")"
deb=$tmp/package/mcp-conformance_${version}_$(dpkg --print-architecture).deb
[[ -f $deb ]] || fail "no $deb; cpack made: $(ls "$tmp/package")"

info=$(dpkg-deb --info "$deb")
has "$info" "Package: mcp-conformance" "dpkg-deb --info"
has "$info" "Version: $version" "dpkg-deb --info"
has "$info" "Maintainer: " "dpkg-deb --info"
has "$info" "Description: " "dpkg-deb --info"
depends=$(sed -n 's/^ Depends: //p' <<<"$info")
for library in libc6 libstdc++6 libcurl4 libssl3 libyaml-cpp; do
  has "$depends" "$library" "the package's Depends"
done

expected=$(for p in "${programs[@]}"; do echo "./usr/bin/$p"; echo "./usr/share/man/man1/$p.1.gz"; done | sort)
files=$(dpkg-deb --contents "$deb" | awk '$1 !~ /^d/ {print $6}' | sort)
[[ $files == "$expected" ]] || fail "the package holds"$'\n'"$files"$'\n'"not"$'\n'"$expected"

dpkg-deb -x "$deb" "$tmp/root"
for p in "${programs[@]}"; do
  has "$(file "$tmp/root/usr/bin/$p")" ", stripped" "$p in the package"
done
check_installed "$tmp/root/usr/bin" "$tmp/root/usr/share/man/man1"
run_outside_checkout "$tmp/root/usr/bin" "$source"
echo "packaging.deb: $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB), Depends: $depends"
