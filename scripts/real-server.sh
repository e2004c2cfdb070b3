#!/usr/bin/env bash
# Runs one of our small MCP servers built on a real third-party implementation from npm, as a
# test target that speaks protocol revision 2026-07-28 (fixtures/interop/servers/NAME/server.mjs;
# what each one does on the wire is in fixtures/interop/NAME.md). Loopback only.
#
#   scripts/real-server.sh NAME [--era dual|modern] [--port N]
#       run it in the foreground: prints `listening on http://127.0.0.1:PORT/mcp` once it accepts
#       connections (port 0, the default, lets the kernel pick one) and runs until SIGTERM/SIGINT
#   scripts/real-server.sh NAME --install
#       only install its packages (quiet when present)
#   scripts/real-server.sh NAME [--era dual|modern] --probe
#       start it, send it the hand-made requests of lib/real-server-probe.mjs, print what it
#       answered as a markdown table, stop it; passes when it is up, offers 2026-07-28 through
#       server/discover, answers echo, and serves (dual) or refuses with -32022 (modern) a legacy
#       initialize. Prints "real-server: PASS ..." or "real-server: FAIL ...: why".
#   scripts/real-server.sh NAME [--era dual|modern] --conformance PATH [--out DIR] [-- ARG...]
#       start it and run the built mcp-conformance PATH against it (every protocol version,
#       profile all, reports in DIR, ARGs added); passes only when the server fails exactly
#       the checks fixtures/interop/NAME-ERA.yaml lists, each read on the wire (a new failure
#       and a listed check that passes everywhere it ran, stale, both fail)
#
# NAME: sdk-v2  the official TypeScript SDK v2 (@modelcontextprotocol/server, createMcpHandler);
#               --era dual serves 2025-era traffic statelessly beside 2026-07-28, --era modern
#               refuses it
#       tmcp    tmcp with @tmcp/transport-http, an independent implementation that answers with
#               SSE; both eras always (it has no modern-only setting), so only --era dual
#       fastmcp the npm framework fastmcp (on the official SDK v1): the initialize era only, with
#               sessions; run and --install only (scripts/survey.sh runs the suite against it)
# Exit: the server's own (run), 0 PASS / 1 FAIL (probe), mcp-conformance's own (conformance),
# 1 when it could not be installed or started, 2 on bad usage. stdout carries only the lines above; npm and the server log to stderr.
#
# Environment:
#   MCPC_NPM_CACHE  where npm packages are installed (default ~/.cache/mcp-conformance-npm); each
#                   server goes into real-server-NAME-<hash of its package-lock.json> there, so
#                   a new lock file installs afresh
#   MCPC_NODE       a Node.js to use (20 or later; see scripts/lib/node.sh)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
# shellcheck source-path=SCRIPTDIR source=lib/node.sh
. "$here/lib/node.sh"

fail() { echo "real-server: $1" >&2; exit "${2:-1}"; }
usage() { fail "usage: scripts/real-server.sh sdk-v2|tmcp|fastmcp [--era dual|modern] [--port N] [--install|--probe|--conformance PATH [--out DIR] [-- ARG...]]" 2; }

name=${1:-}; shift || true
case "$name" in sdk-v2|tmcp|fastmcp) ;; *) usage ;; esac
era=dual; port=0; action=run; conformance=""; out=""; extra=()
while (($#)); do
  case "$1" in
    --era) era=${2:-}; shift 2 || usage ;;
    --port) port=${2:-}; shift 2 || usage ;;
    --install) action=install; shift ;;
    --probe) action=probe; shift ;;
    --conformance) action=conformance; conformance=${2:-}; shift 2 || usage ;;
    --out) out=${2:-}; shift 2 || usage ;;
    --) shift; extra=("$@"); break ;;
    *) usage ;;
  esac
done
[[ "$era" == dual || "$era" == modern ]] || usage
[[ "$port" =~ ^[0-9]+$ ]] || usage
[[ "$name" == tmcp && "$era" == modern ]] && fail "tmcp always serves both eras; it has no --era modern" 2
[[ "$name" == fastmcp && ( "$era" == modern || "$action" == probe || "$action" == conformance ) ]] &&
  fail "fastmcp speaks the initialize era only: run it, or --install" 2
[[ "$action" != conformance || -x "$conformance" ]] || fail "--conformance must name the built mcp-conformance" 2

source=$root/fixtures/interop/servers/$name
# Both packages declare engines node >= 20.
mcpc_node 20 || fail "$mcpc_node_problem"
node=$mcpc_node_path
home=$mcpc_npm_cache/real-server-$name-$(sha256sum "$source/package-lock.json" | cut -c1-12)
# Written only after npm finished, so an interrupted install is not taken for a complete one.
marker=$home/.installed

install() {
  [ -f "$marker" ] && return 0
  command -v npm >/dev/null 2>&1 || fail "npm not found (scripts/bootstrap.sh installs it)"
  mkdir -p "$home" || fail "cannot create $home"
  # Parallel callers (ctest -j) would otherwise run two installs into one folder.
  local lock
  exec {lock}>"$home/.install.lock"
  flock -w 300 "$lock" || fail "timed out waiting for another install into $home"
  if [ ! -f "$marker" ]; then
    echo "real-server: installing the $name server's packages into $home" >&2
    cp "$source/package.json" "$source/package-lock.json" "$home/" || fail "cannot copy the package files"
    # npm ci installs exactly the lock file's tree. --ignore-scripts: nothing in it needs an
    # install script, and a test target has no business running one.
    timeout 300 npm ci --prefix "$home" --no-audit --no-fund --ignore-scripts --loglevel=error >&2 ||
      fail "npm could not install the $name server's packages"
    : >"$marker"
  fi
  exec {lock}>&-
}

# The script must sit beside the node_modules it imports. A copy named by its content lets
# checkouts with different versions of it share the install without overwriting each other's.
entry_point() {
  local entry
  entry=$home/server-$(sha256sum "$source/server.mjs" | cut -c1-12).mjs
  if [ ! -f "$entry" ]; then
    if ! cp "$source/server.mjs" "$entry.$$" || ! mv "$entry.$$" "$entry"; then
      fail "cannot copy server.mjs into $home"
    fi
  fi
  echo "$entry"
}

install
[ "$action" = install ] && exit 0
entry=$(entry_point) || exit 1
args=(--port "$port")
[ "$name" = sdk-v2 ] && args+=(--era "$era")
[ "$action" = run ] && exec "$node" "$entry" "${args[@]}"

log=$(mktemp)
coproc SERVER { exec "$node" "$entry" "${args[@]}" 2>"$log"; }
trap 'kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; rm -f "$log"' EXIT
if ! read -r -t 30 line <&"${SERVER[0]}" || [[ "$line" != "listening on "* ]]; then
  echo "real-server: FAIL $name ($era): the server did not start (got '${line:-}')"
  cat "$log" >&2
  exit 1
fi
url=${line#listening on }
if [ "$action" = probe ]; then
  # The probe bounds each request (10 s); this bounds the whole run.
  timeout 120 "$node" "$here/lib/real-server-probe.mjs" --url "$url" --era "$era"
  exit
fi
out=${out:-$(mktemp -d)}
mkdir -p "$out" || fail "cannot create $out"
report=$out/$name-$era
status=0
"$conformance" run --url "$url" --protocol-version all --profile all \
  --expected-failures "$root/fixtures/interop/$name-$era.yaml" --junit "$report.junit.xml" \
  --json "$report.json" --markdown "$report.md" --html "$report.html" "${extra[@]}" || status=$?
echo "reports in $out"
exit $status
