#!/usr/bin/env bash
# Connects the official TypeScript SDK v2 client (npm @modelcontextprotocol/client) to a freshly
# started mcp-reference-server in one version-negotiation mode, and checks what it did: the
# protocol version it selected, tools/list, a call of `echo`, and a call of a tool that asks the
# client a question (test_elicitation: an input_required result and a retry in 2026-07-28, a
# server request on the call's stream before).
#
#   scripts/sdk-client-interop.sh --server PATH [--server-arg ARG]... --mode auto|legacy
#                                 --expect VERSION [--transport http|stdio]
#
# VERSION is the protocol version the client must select (2026-07-28 means the modern era). In
# the modern era over HTTP the client must have probed with server/discover first, sent no
# initialize, and retried the question's call with inputResponses; with --mode legacy it must
# open with initialize and send no probe. Prints the probe's facts, then one line
# "sdk-client: PASS ..." or "sdk-client: FAIL ...: why". Exit 0 on PASS, 1 on FAIL, 2 when it
# could not run (bad usage, no Node.js, npm could not install the client).
#
# Environment:
#   SDK_CLIENT_VERSION  the client's npm version (default: the pinned one below)
#   MCPC_NPM_CACHE      where npm packages are installed (default ~/.cache/mcp-conformance-npm);
#                       the client goes into sdk-client-VERSION there
#   MCPC_NODE           a Node.js to use (the client needs 20 or later; see scripts/lib/node.sh)
set -uo pipefail

# Newest published version when this was written (npm view @modelcontextprotocol/client versions).
pinned=2.4.0
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib/node.sh
. "$here/lib/node.sh"

fail() { echo "sdk-client-interop: $*" >&2; exit 2; }

server=""; server_args=(); mode=""; expect=""; transport=http
while (($#)); do
  case "$1" in
    --server) server=${2:-}; shift 2 ;;
    --server-arg) server_args+=("${2:-}"); shift 2 ;;
    --mode) mode=${2:-}; shift 2 ;;
    --expect) expect=${2:-}; shift 2 ;;
    --transport) transport=${2:-}; shift 2 ;;
    *) fail "unknown argument '$1'" ;;
  esac
done
[ -x "$server" ] || fail "--server must name the built mcp-reference-server"
[[ "$mode" == auto || "$mode" == legacy ]] || fail "--mode must be auto or legacy"
[[ "$transport" == http || "$transport" == stdio ]] || fail "--transport must be http or stdio"
[[ "$expect" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || fail "--expect must be a protocol version"

# ---- Node.js (the client's package declares engines node >= 20) and the client ----
mcpc_node 20 || fail "$mcpc_node_problem"
node=$mcpc_node_path
version=${SDK_CLIENT_VERSION:-$pinned}
home=$mcpc_npm_cache/sdk-client-$version
# Written only after npm finished, so an interrupted install is not taken for a complete one.
marker=$home/.installed
installed=$("$node" -p "require('$home/node_modules/@modelcontextprotocol/client/package.json').version" 2>/dev/null)
if [ ! -f "$marker" ] || [ "$installed" != "$version" ]; then
  command -v npm >/dev/null 2>&1 || fail "npm not found (scripts/bootstrap.sh installs it)"
  echo "sdk-client-interop: installing @modelcontextprotocol/client@$version into $home" >&2
  mkdir -p "$home" || fail "cannot create $home"
  rm -f "$marker"
  [ -f "$home/package.json" ] || echo '{"private":true}' >"$home/package.json"
  # --ignore-scripts: none of its dependencies needs an install script.
  timeout 300 npm install --prefix "$home" --save-exact --no-audit --no-fund --ignore-scripts \
    --loglevel=error "@modelcontextprotocol/client@$version" >&2 ||
    fail "npm could not install @modelcontextprotocol/client@$version"
  : >"$marker"
fi

# ---- the server, and the client against it ----
probe=("$node" "$here/lib/sdk-client-probe.mjs" --sdk "$home" --mode "$mode")
what="$mode/$transport vs mcp-reference-server${server_args[*]:+ ${server_args[*]}}"
if [ "$transport" = http ]; then
  coproc SERVER { exec "$server" --port 0 "${server_args[@]}" 2>/dev/null; }
  trap 'kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null' EXIT
  if ! read -r -t 20 line <&"${SERVER[0]}" || [[ "$line" != "listening on "* ]]; then
    echo "sdk-client: FAIL $what: the server did not start (got '${line:-}')"
    exit 1
  fi
  probe+=(--url "${line#listening on }")
else
  probe+=(--stdio "$server" --stdio "${server_args[@]}")
fi
# The probe bounds each request (20 s); this bounds the whole run, connect included.
facts=$(timeout 120 "${probe[@]}")
echo "$facts"

# ---- the checks ----
FACTS=$facts EXPECT=$expect WHAT=$what "$node" - <<'EOF'
const facts = (() => { try { return JSON.parse(process.env.FACTS); } catch { return null; } })();
const expect = process.env.EXPECT;
const modern = expect >= '2026-07-28';
const why = [];
const check = (ok, problem) => { if (!ok) why.push(problem); };
if (!facts) {
  why.push('the probe printed no facts');
} else {
  for (const e of facts.errors ?? []) why.push(e);
  check(facts.protocolVersion === expect, `selected ${facts.protocolVersion}, expected ${expect}`);
  check(facts.era === (modern ? 'modern' : 'legacy'), `era ${facts.era}`);
  if (modern) check(facts.supportedVersions?.includes(expect), 'no server/discover result offering it');
  check(facts.tools > 0, `tools/list gave ${facts.tools} tools`);
  const echo = facts.echo ?? {};
  check(echo.answer === echo.sent, `echo answered ${JSON.stringify(echo.answer)}`);
  // The tool reports what the user answered; every value the client gave must be in it.
  const input = facts.inputCall ?? {};
  const text = input.text ?? '';
  const carried = text.includes('action=accept') &&
                  Object.values(input.answered ?? {}).every((v) => text.includes(String(v)));
  check(input.rounds === 1, `the client was asked ${input.rounds} times, expected once`);
  check(input.isError === false && carried,
        `${input.tool} did not complete with the answer: ${JSON.stringify(input.text)}`);
  if (facts.transport === 'http') {
    const wire = facts.wire ?? [];
    const sent = (label) => wire.some((w) => w.startsWith(label + ' '));
    if (modern) {
      check(wire[0] === 'server/discover 200', `the first POST was '${wire[0]}', not server/discover`);
      check(!sent('initialize'), 'it sent initialize');
      check(sent('tools/call+inputResponses'), 'no tools/call retried with inputResponses');
    } else if (facts.mode === 'legacy') {
      check(wire[0] === 'initialize 200', `the first POST was '${wire[0]}', not initialize`);
      check(!sent('server/discover'), 'it probed with server/discover in legacy mode');
    } else {
      check(sent('initialize'), 'auto mode fell back to no initialize');
    }
  }
}
const what = process.env.WHAT;
if (why.length) {
  console.log(`sdk-client: FAIL ${what}: ${why.join('; ')}`);
  process.exit(1);
}
const rounds = facts.transport === 'http' && modern ? ', retried with inputResponses' : '';
console.log(`sdk-client: PASS ${what}: ${facts.protocolVersion} (${facts.era}), ${facts.tools} tools, ` +
            `echo ok, ${facts.inputCall.tool} answered${rounds}`);
EOF
