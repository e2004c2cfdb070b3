#!/usr/bin/env bash
# Installs what the project needs from Debian's packages, and nothing when all of it is
# present (then it is quiet and takes well under a second). Each step it takes is one line.
#   scripts/bootstrap.sh            what scripts/run.sh needs: the compilers and libraries
#                                   of the one build (programs and tests)
#   scripts/bootstrap.sh --tests    also what some tests run: headless Chromium (the HTML
#                                   report in a browser), dpkg-dev and file (the .deb)
#   scripts/bootstrap.sh --ci       also what .ci/run checks with: clang-format, and clang-14
#                                   with libFuzzer (scripts/fuzz.sh)
#   scripts/bootstrap.sh --interop  also Node.js and npm, for the interop tests only (the
#                                   official suite, SDK v2, server-everything, tmcp)
#   scripts/bootstrap.sh --bench    also the load generator (wrk)
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config git ca-certificates curl ccache
  libcpp-httplib-dev nlohmann-json3-dev libcurl4-openssl-dev libssl-dev
  libboost-dev libboost-filesystem-dev libvalijson-dev libyaml-cpp-dev libcli11-dev
  # The build also makes the tests (GoogleTest, xmllint for the JUnit schema tests).
  libgtest-dev libgmock-dev libxml2-utils
  help2man  # the man pages, made from each program's --help at build time
)
want_node=false
for arg in "$@"; do
  case $arg in
    --tests) packages+=(chromium dpkg-dev file) ;;
    # The fuzz preset: clang-14, whose libFuzzer and sanitizer runtimes are in
    # libclang-rt-14-dev (only recommended, so named here), and libxml2 to read JUnit back.
    --ci) packages+=(chromium dpkg-dev file clang-format clang-14 libclang-rt-14-dev libxml2-dev) ;;
    --interop) want_node=true ;;
    --bench) packages+=(wrk) ;;
    *) echo "bootstrap: unknown option $arg (see the top of $0)" >&2; exit 2 ;;
  esac
done

missing=()
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null | awk '/install ok installed/ {print $1}' || true)
for p in "${packages[@]}"; do
  grep -qx -- "$p" <<<"$installed" || missing+=("$p")
done
# Only the interop tests run npm packages; nothing else needs Node.js.
if $want_node && ! command -v npm >/dev/null 2>&1; then missing+=(nodejs npm); fi

if ((${#missing[@]})); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "bootstrap: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  echo "bootstrap: apt-get update" >&2
  $sudo apt-get update -qq
  echo "bootstrap: installing ${#missing[@]} Debian package(s): ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "bootstrap: installed" >&2
fi

if $want_node; then
  # Debian 12's nodejs is 18; the official suite needs 22 (the SDK client 20). npm ships a
  # Node 22 binary as a package; mcpc_node installs it where the interop scripts look for it.
  # shellcheck source-path=SCRIPTDIR source=lib/node.sh
  . "$(dirname "$0")/lib/node.sh"
  mcpc_node 22 || { echo "bootstrap: $mcpc_node_problem" >&2; exit 1; }
fi
