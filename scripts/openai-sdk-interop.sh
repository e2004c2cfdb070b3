#!/usr/bin/env bash
# Points the official OpenAI SDK (npm `openai`) at a freshly started `mock-openai serve` by its
# base URL, with an `mcp` tool whose server is a freshly started mcp-reference-server, and
# checks what the SDK made of it (scripts/lib/openai-sdk-probe.mjs):
#   create           responses.create: mcp_list_tools, mcp_call of echo, message; output_text;
#                    responses.retrieve gives the same response
#   stream           stream: true through the SDK's Stream, and the responses.stream helper with
#                    finalResponse(): the events in order, sequence_number rising, the final
#                    response shaped like the non-streaming one
#   approval         require_approval by default: mcp_approval_request, then previous_response_id
#                    with an mcp_approval_response runs the call, and lists nothing again
#   connector-error  a server_url nobody listens on: OpenAI.APIError 424 external_connector_error
#                    (and, streamed, the SDK raises the error event as an APIError)
#   headers          `headers` reach the MCP server, the `authorization` token is in neither the
#                    response nor the --transcript-dir file
# and the same through the JavaScript Agents SDK (npm @openai/agents), an Agent with a
# hostedMcpTool run on that client (scripts/lib/openai-agents-cases.mjs):
#   agents-run       run(): the list, the call and the final output
#   agents-stream    run() streamed: the Responses events in order, the run item events
#   agents-approval  requireApproval 'always': one interruption; approved, the run goes on to
#                    the call, and the mock lists nothing again
#
#   scripts/openai-sdk-interop.sh --serve PATH --server PATH [--case NAME]...
#
# --serve is the built mock-openai, --server the built mcp-reference-server; every case runs
# when none is named. Prints one line per case, then "openai-sdk: PASS ..." or
# "openai-sdk: FAIL ...: why". Exit 0 on PASS, 1 on FAIL, 2 when it could not run (bad usage,
# no Node.js, npm could not install a package).
#
# Environment:
#   OPENAI_SDK_VERSION     the SDK's npm version (default: the pinned one below)
#   OPENAI_AGENTS_VERSION  the Agents SDK's (default: the pinned one below)
#   MCPC_NPM_CACHE         where npm packages are installed (default ~/.cache/mcp-conformance-npm):
#                          openai-sdk-VERSION and openai-agents-VERSION there
#   MCPC_NODE              a Node.js to use (the SDK needs 22 or later; see scripts/lib/node.sh)
set -uo pipefail

# Newest published versions when this was written (npm view openai version; the same for
# @openai/agents, and for zod, the schema library it needs beside it).
pinned=7.59.0
pinned_agents=0.20.0
pinned_zod=4.6.7
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib/node.sh
. "$here/lib/node.sh"

fail() { echo "openai-sdk-interop: $*" >&2; exit 2; }

serve=""; server=""; cases=()
while (($#)); do
  case "$1" in
    --serve) serve=${2:-}; shift 2 ;;
    --server) server=${2:-}; shift 2 ;;
    --case) cases+=("${2:-}"); shift 2 ;;
    *) fail "unknown argument '$1'" ;;
  esac
done
[ -x "$serve" ] || fail "--serve must name the built mock-openai"
[ -x "$server" ] || fail "--server must name the built mcp-reference-server"
want_sdk=false; want_agents=false; case_args=()
((${#cases[@]})) || { want_sdk=true; want_agents=true; }
for name in "${cases[@]}"; do
  if [[ "$name" == agents-* ]]; then want_agents=true; else want_sdk=true; fi
  case_args+=(--case "$name")
done

# ---- Node.js (the SDK's package declares engines node >= 22) and the packages ----
mcpc_node 22 || fail "$mcpc_node_problem"
node=$mcpc_node_path
version=${OPENAI_SDK_VERSION:-$pinned}
agents_version=${OPENAI_AGENTS_VERSION:-$pinned_agents}

# npm_folder NAME SPEC...: installs the exact SPECs into $mcpc_npm_cache/NAME once and prints
# that folder. The marker holds the SPECs and is written only after npm finished, so an
# interrupted install, or one of other versions, is not taken for the one wanted.
npm_folder() {
  local home=$mcpc_npm_cache/$1
  shift
  local marker=$home/.installed
  if [ "$(cat "$marker" 2>/dev/null)" != "$*" ]; then
    command -v npm >/dev/null 2>&1 || fail "npm not found (scripts/bootstrap.sh installs it)"
    echo "openai-sdk-interop: installing $* into $home" >&2
    mkdir -p "$home" || fail "cannot create $home"
    rm -f "$marker"
    [ -f "$home/package.json" ] || echo '{"private":true}' >"$home/package.json"
    # --ignore-scripts: none of these packages needs an install script.
    timeout 300 npm install --prefix "$home" --save-exact --no-audit --no-fund --ignore-scripts \
      --loglevel=error "$@" >&2 || fail "npm could not install $*"
    echo "$*" >"$marker"
  fi
  echo "$home"
}

folders=()
if $want_sdk; then
  home=$(npm_folder "openai-sdk-$version" "openai@$version") || exit 2
  folders+=(--sdk "$home")
fi
if $want_agents; then
  # The Agents SDK runs on the pinned `openai` too, so both probes test the same client.
  home=$(npm_folder "openai-agents-$agents_version" "@openai/agents@$agents_version" \
    "openai@$version" "zod@$pinned_zod") || exit 2
  folders+=(--agents "$home")
fi

# ---- the MCP server, mock-openai serve in front of it, and the SDK against that ----
transcripts=$(mktemp -d) || fail "cannot make a transcript folder"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$transcripts"' EXIT

# Each program prints its URL once it listens; only its first line is read.
exec {server_out}< <(exec "$server" --port 0 2>/dev/null)
pids+=($!)
if ! read -r -t 20 -u "$server_out" line || [[ "$line" != "listening on "* ]]; then
  echo "openai-sdk: FAIL mcp-reference-server did not start (got '${line:-}')"
  exit 1
fi
mcp_url=${line#listening on }
exec {serve_out}< <(exec "$serve" serve --port 0 --transcript-dir "$transcripts" 2>/dev/null)
pids+=($!)
if ! read -r -t 20 -u "$serve_out" line || [[ "$line" != "listening on "* ]]; then
  echo "openai-sdk: FAIL mock-openai serve did not start (got '${line:-}')"
  exit 1
fi
base_url=${line#listening on }

# The probe bounds each request (20 s); this bounds the whole run.
timeout 120 "$node" "$here/lib/openai-sdk-probe.mjs" "${folders[@]}" --base-url "$base_url" \
  --mcp-url "$mcp_url" --transcript-dir "$transcripts" "${case_args[@]}"
status=$?
case $status in
  0 | 1) exit "$status" ;;
  2) fail "the probe refused its arguments" ;;
  124) echo "openai-sdk: FAIL the probe did not finish within 120 s" ;;
  *) echo "openai-sdk: FAIL the probe ended with status $status" ;;
esac
exit 1
