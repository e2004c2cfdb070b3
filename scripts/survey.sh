#!/usr/bin/env bash
# A survey of the field: installs real MCP servers from npm (pinned), runs both programs
# against each on loopback (mcp-conformance: every protocol version, profile all; mock-openai:
# every profile), and writes fixtures/interop/survey.md, a table of verdicts per server and,
# for every failure and warning, what it got and how it reads (fixtures/interop/survey-readings.json).
# Not part of the default test run; see fixtures/interop/README.md.
#
#   scripts/survey.sh [--only NAME]... [--out DIR] [--jobs N] [--markdown FILE]
#                     [--conformance PATH] [--mock-openai PATH] [--list]
#
#   --only NAME         survey only this server (repeatable; --list shows the names)
#   --out DIR           where the reports go (default: a new temporary folder); DIR/NAME/ holds
#                       conformance.json/.junit.xml/.log and mock-PROFILE.json/.junit.xml/.log of
#                       each server, DIR/runs.tsv their exit codes and seconds
#   --jobs N            passed to mcp-conformance run (default: its own)
#   --markdown FILE     the survey page to write (default fixtures/interop/survey.md); "-" for none
#   --conformance PATH, --mock-openai PATH
#                       the programs (default: build/ci/conformance/mcp-conformance and
#                       build/ci/mock_openai/mock-openai of this checkout)
#   --list              print the servers and exit
#
# Every server runs with an empty environment but PATH and HOME, HOME and its working folder
# being a temporary folder of its own (the filesystem server is given only that folder, the
# memory server keeps its file there); HTTP servers listen on 127.0.0.1, port 0.
# Exit: 0 when every server was surveyed (whatever its verdicts), 1 when one could not be
# installed or started, 2 on bad usage.
#
# Environment: MCPC_NPM_CACHE, MCPC_NODE (scripts/lib/node.sh)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
# shellcheck source-path=SCRIPTDIR source=lib/node.sh
. "$here/lib/node.sh"

# name|transport|npm package (its pinned version is recorded in the page)|how it is started
servers=(
  "filesystem|stdio|@modelcontextprotocol/server-filesystem|given a temporary folder as its only root"
  "memory|stdio|@modelcontextprotocol/server-memory|MEMORY_FILE_PATH in a temporary folder"
  "sequential-thinking|stdio|@modelcontextprotocol/server-sequential-thinking|DISABLE_THOUGHT_LOGGING=true"
  "everything-stdio|stdio|@modelcontextprotocol/server-everything|scripts/everything-server.sh stdio-command"
  "everything-http|streamable-http|@modelcontextprotocol/server-everything|scripts/everything-server.sh http"
  "everything-sse|sse|@modelcontextprotocol/server-everything|scripts/everything-server.sh sse"
  "sdk-v2|streamable-http|@modelcontextprotocol/server|scripts/real-server.sh sdk-v2 --era dual"
  "tmcp|streamable-http|tmcp|scripts/real-server.sh tmcp"
  "playwright|stdio|@playwright/mcp|--headless --isolated, output in a temporary folder; no browser installed"
  "fastmcp|streamable-http|fastmcp|scripts/real-server.sh fastmcp (fixtures/interop/servers/fastmcp)"
)
profiles=(guide responses-2025 chatgpt-2025 chatgpt-2026 agents-sdk codex)

fail() { echo "survey: $1" >&2; exit "${2:-1}"; }
usage() {
  fail "usage: scripts/survey.sh [--only NAME]... [--out DIR] [--jobs N] [--markdown FILE] [--conformance PATH] [--mock-openai PATH] [--list]" 2
}

only=(); out=""; jobs=""; markdown=$root/fixtures/interop/survey.md
conformance=$root/build/ci/conformance/mcp-conformance
mock=$root/build/ci/mock_openai/mock-openai
while (($#)); do
  case "$1" in
    --only) only+=("${2:-}"); shift 2 || usage ;;
    --out) out=${2:-}; shift 2 || usage ;;
    --jobs) jobs=${2:-}; shift 2 || usage ;;
    --markdown) markdown=${2:-}; shift 2 || usage ;;
    --conformance) conformance=${2:-}; shift 2 || usage ;;
    --mock-openai) mock=${2:-}; shift 2 || usage ;;
    --list) for s in "${servers[@]}"; do IFS='|' read -r n t _ <<<"$s"; echo "$n ($t)"; done; exit 0 ;;
    *) usage ;;
  esac
done
[[ -z "$jobs" || "$jobs" =~ ^[1-9][0-9]*$ ]] || fail "--jobs must be a positive number" 2
[ -x "$conformance" ] || fail "no mcp-conformance at $conformance (build the ci preset or pass --conformance)" 2
[ -x "$mock" ] || fail "no mock-openai at $mock (build the ci preset or pass --mock-openai)" 2
for n in "${only[@]}"; do
  printf '%s\n' "${servers[@]}" | grep -q "^$n|" || fail "no server named '$n' (see --list)" 2
done
conformance=$(realpath "$conformance"); mock=$(realpath "$mock")

out=${out:-$(mktemp -d "${TMPDIR:-/tmp}/survey.XXXXXX")}
mkdir -p "$out" || fail "cannot create $out"
out=$(realpath "$out")
work=$(mktemp -d "${TMPDIR:-/tmp}/survey-work.XXXXXX") || fail "cannot create a temporary folder"
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
    server_pid=""
  fi
}
trap 'stop_server; rm -rf "$work"' EXIT

mcpc_node 20 || fail "$mcpc_node_problem"
# shellcheck source-path=SCRIPTDIR source=lib/survey-servers.sh
. "$here/lib/survey-servers.sh"

# Starts an HTTP server (its command line in "$@"), waits for its `listening on URL` line, and
# sets url. Its log goes to $log, and so does whatever else it prints on stdout later: a reader
# stays on its stdout, which would otherwise be a closed pipe.
start_http() {
  local fifo=$work/listening line=""
  rm -f "$fifo"; mkfifo "$fifo"
  (cd "$dir" && exec "$@") 2>"$log" > >(IFS= read -r first; printf '%s\n' "$first" >"$fifo"; exec cat >>"$log") &
  server_pid=$!
  read -r -t 60 line <"$fifo"
  rm -f "$fifo"
  [[ "$line" == "listening on "* ]] || { stop_server; return 1; }
  url=${line#listening on }
}

# Sets target (the mcp-conformance / mock-openai arguments that name the server) and version,
# starting the server when it listens on HTTP.
prepare() {
  local name=$1
  target=(); version=""; url=""
  case "$name" in
    filesystem | memory | sequential-thinking | playwright)
      target=(--stdio "$(survey_stdio_command "$name" "$dir")")
      version=$(survey_version "$name") ;;
    everything-*)
      "$here/everything-server.sh" install || return 1
      version=${EVERYTHING_VERSION:-$(sed -n 's/^pinned=//p' "$here/everything-server.sh")}
      case "$name" in
        everything-stdio) target=(--stdio "$("$here/everything-server.sh" stdio-command)") ;;
        everything-http) start_http "$here/everything-server.sh" http || return 1; target=(--url "$url") ;;
        everything-sse) start_http "$here/everything-server.sh" sse || return 1; target=(--url "$url" --transport sse) ;;
      esac ;;
    sdk-v2 | tmcp | fastmcp)
      "$here/real-server.sh" "$name" --install || return 1
      local pkg_dir=$root/fixtures/interop/servers/$name
      case "$name" in
        sdk-v2) version=$(sed -n 's/.*"@modelcontextprotocol\/server": "\(.*\)".*/\1/p' "$pkg_dir/package.json") ;;
        *) version=$(sed -n "s/.*\"$name\": \"\(.*\)\".*/\1/p" "$pkg_dir/package.json") ;;
      esac
      start_http "$here/real-server.sh" "$name" || return 1
      target=(--url "$url") ;;
  esac
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

survey_one() {  # $1 name, $2 transport, $3 package, $4 how it is started
  local name=$1 transport=$2 package=$3 how=$4 start rc profile
  dir=$work/$name; log=$out/$name/server.log
  rm -rf "${dir:?}" "${out:?}/$name"; mkdir -p "$dir" "$out/$name"
  echo "survey: $name ($transport)" >&2
  if ! prepare "$name"; then
    printf '%s\t%s\t%s\t%s\t%s\tnot started\n' "$name" "$transport" "$package" "$version" "$how" >>"$out/servers.tsv"
    echo "survey: $name could not be installed or started; see $log" >&2
    return 1
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$transport" "$package" "$version" "$how" "${url:-stdio}" >>"$out/servers.tsv"
  local args=(run "${target[@]}" --protocol-version all --profile all --quiet --full-exchanges
              --json "$out/$name/conformance.json" --junit "$out/$name/conformance.junit.xml")
  [ -n "$jobs" ] && args+=(--jobs "$jobs")
  start=$(now); rc=0
  (cd "$dir" && exec "$conformance" "${args[@]}") >"$out/$name/conformance.log" 2>&1 || rc=$?
  printf '%s\tmcp-conformance\tall\t%s\t%s\n' "$name" "$rc" "$(elapsed "$start")" >>"$out/runs.tsv"
  for profile in "${profiles[@]}"; do
    start=$(now); rc=0
    (cd "$dir" && exec "$mock" replay "${target[@]}" --profile "$profile" --quiet \
      --json "$out/$name/mock-$profile.json" --junit "$out/$name/mock-$profile.junit.xml") \
      >"$out/$name/mock-$profile.log" 2>&1 || rc=$?
    printf '%s\tmock-openai\t%s\t%s\t%s\n' "$name" "$profile" "$rc" "$(elapsed "$start")" >>"$out/runs.tsv"
  done
  stop_server
}

survey_install
# What was surveyed with: the programs' versions and the checkout's commit, for the page's header.
{
  "$conformance" --version | head -n 1
  "$mock" --version | head -n 1
  echo "checkout $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%d)"
  echo "mcp-conformance --jobs ${jobs:-default}"
} >"$out/about.txt"
status=0
for s in "${servers[@]}"; do
  IFS='|' read -r name transport package how <<<"$s"
  if ((${#only[@]})) && ! printf '%s\n' "${only[@]}" | grep -qx "$name"; then continue; fi
  sed -i "/^$name\t/d" "$out/servers.tsv" "$out/runs.tsv" 2>/dev/null
  survey_one "$name" "$transport" "$package" "$how" || status=1
done
echo "reports in $out" >&2
if [ "$markdown" != - ]; then
  "$mcpc_node_path" "$here/lib/survey-report.mjs" --out "$out" --readings "$root/fixtures/interop/survey-readings.json" \
    --markdown "$markdown" || status=1
fi
exit $status
