#!/usr/bin/env bash
# scripts/demo-exchange.sh URL: initialize / initialized / tools/list / tools/call /
# DELETE against an MCP server, printing each step (status, time, body).
set -euo pipefail
url=$1
hdr=$(mktemp); trap 'rm -f "$hdr"' EXIT
session=""; version=""

step() {  # step NAME METHOD BODY
  local name=$1 method=$2 body=${3:-}
  local args=(-s -o - -D "$hdr" -w '\n%{http_code} %{time_total}' -X "$method")
  args+=(-H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream')
  [ -n "$session" ] && args+=(-H "Mcp-Session-Id: $session")
  [ -n "$version" ] && args+=(-H "MCP-Protocol-Version: $version")
  [ -n "$body" ] && args+=(--data-binary "$body")
  local reply status seconds
  reply=$(curl "${args[@]}" "$url")
  status=$(tail -n 1 <<<"$reply" | cut -d' ' -f1); seconds=$(tail -n 1 <<<"$reply" | cut -d' ' -f2)
  reply=$(sed '$d' <<<"$reply")
  printf '%-28s HTTP %s  %6.1f ms\n' "$name" "$status" "$(awk "BEGIN{print $seconds*1000}")"
  [ -n "$reply" ] && printf '    %s\n' "$(head -c 400 <<<"$reply")"
  REPLY_BODY=$reply
  [[ "$status" =~ ^2 ]] || { echo "step '$name' failed with HTTP $status" >&2; exit 1; }
}

step "initialize" POST '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"demo-exchange","version":"1.0"}}}'
session=$(awk 'tolower($1)=="mcp-session-id:" {print $2}' "$hdr" | tr -d '\r')
version=$(sed -n 's/.*"protocolVersion":"\([^"]*\)".*/\1/p' <<<"$REPLY_BODY")
echo "    session: ${session:-<none: stateless>}, protocol: $version"
step "notifications/initialized" POST '{"jsonrpc":"2.0","method":"notifications/initialized"}'
step "tools/list" POST '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'
step "tools/call echo" POST '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello from the demo"}}}'
step "tools/call sleep (progress)" POST '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"sleep","arguments":{"ms":300,"steps":3},"_meta":{"progressToken":"demo"}}}'
[ -n "$session" ] && step "DELETE session" DELETE
echo "exchange complete"
