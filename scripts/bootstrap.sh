#!/usr/bin/env bash
# Installs what the project needs from Debian's packages, and nothing when all
# of it is present (then it is quiet and takes well under a second).
#   scripts/bootstrap.sh            build + test dependencies
#   scripts/bootstrap.sh --bench    also the load generator (wrk)
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config git ca-certificates curl
  libcpp-httplib-dev nlohmann-json3-dev libcurl4-openssl-dev libssl-dev
  libboost-dev libboost-filesystem-dev libvalijson-dev libyaml-cpp-dev
  libgtest-dev libgmock-dev libxml2-utils libcli11-dev ccache clang-format
  # The fuzz preset (scripts/fuzz.sh; .ci/run runs its smoke): clang-14, whose
  # libFuzzer and sanitizer runtimes are in libclang-rt-14-dev (only recommended,
  # so named here), and libxml2 to read the fuzzed JUnit back.
  clang-14 libclang-rt-14-dev libxml2-dev
  # Only for the tests, not the programs: reports_html_browser_test opens the HTML
  # report in headless Chromium (without it that test fails and says so).
  chromium
)
[[ " $* " == *" --bench "* ]] && packages+=(wrk)

missing=()
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null | awk '/install ok installed/ {print $1}' || true)
for p in "${packages[@]}"; do
  grep -qx -- "$p" <<<"$installed" || missing+=("$p")
done

# The interop tests run npm packages (the official MCP conformance suite, the official
# TypeScript SDK client, server-everything), which the scripts install with npm on first use.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if ((${#missing[@]})); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "bootstrap: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  echo "bootstrap: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian 12's nodejs is 18; the official suite needs 22 (the SDK client 20). npm ships a
# Node 22 binary as a package; mcpc_node installs it where the interop scripts look for it.
# shellcheck source-path=SCRIPTDIR source=lib/node.sh
. "$(dirname "$0")/lib/node.sh"
mcpc_node 22 || { echo "bootstrap: $mcpc_node_problem" >&2; exit 1; }
