#!/usr/bin/env bash
# The main job: install what is missing, build, start the reference server on a
# free port (and a --stateless one for ChatGPT's current client), replay OpenAI's
# client profiles against them with mock-openai, send one Responses API request
# through mock-openai serve, run the conformance catalogue
# against the stateful one, write reports to out/ and say where.
set -euo pipefail
cd "$(dirname "$0")/.."
# The programs and their man pages: all that `cmake --install build/ci` installs.
scripts/build.sh ci mcp-reference-server mock-openai mcp-conformance man-pages
bin=build/ci
out=${OUT_DIR:-out}
mkdir -p "$out"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null || true' EXIT

start_server() {  # start_server NAME ARGS...: sets URL from the server's listening line
  local name=$1; shift
  local fifo; fifo=$(mktemp -u); mkfifo "$fifo"
  "$bin/reference_server/mcp-reference-server" --port 0 "$@" >"$fifo" 2>>"$out/server-$name.log" &
  pids+=($!)
  local line=""
  read -r -t 20 line <"$fifo" || true
  rm -f "$fifo"
  [[ "$line" == "listening on "* ]] || { echo "run: the reference server ($name) did not start; see $out/server-$name.log" >&2; exit 1; }
  URL=${line#listening on }
}

: >"$out/server-stateful.log"; : >"$out/server-stateless.log"
start_server stateful; stateful=$URL
start_server stateless --stateless; stateless=$URL
echo "reference server: $stateful (sessions), $stateless (--stateless)"
echo

status=0
replay() {  # replay PROFILE URL
  local profile=$1 url=$2
  "$bin/mock_openai/mock-openai" replay --url "$url" --profile "$profile" \
    --json "$out/mock-openai-$profile.json" --junit "$out/mock-openai-$profile.junit.xml" \
    --transcript "$out/mock-openai-$profile.transcript.json" || status=1
  echo
}
replay guide "$stateful"
replay chatgpt-2026 "$stateless"

# The Responses API offline: one responses.create with an mcp tool through mock-openai serve,
# as a backend would send it with its SDK's base URL pointed at the mock.
fifo=$(mktemp -u); mkfifo "$fifo"
"$bin/mock_openai/mock-openai" serve --port 0 --transcript-dir "$out/serve" >"$fifo" 2>>"$out/serve.log" &
pids+=($!)
line=""; read -r -t 20 line <"$fifo" || true; rm -f "$fifo"
if [[ "$line" == "listening on "* ]]; then
  base=${line#listening on }
  echo "mock-openai serve: $base (responses.create with an mcp tool on the reference server)"
  body='{"model": "gpt-4.1", "input": "@call echo {\"text\": \"hello from the mock\"}",
         "tools": [{"type": "mcp", "server_label": "reference", "server_url": "'"$stateful"'",
                    "require_approval": "never"}]}'
  if curl -sS --fail-with-body --max-time 30 "$base/responses" -H 'Authorization: Bearer any-key' \
      -H 'Content-Type: application/json' -d "$body" -o "$out/serve-response.json" \
      -w '  HTTP %{http_code}\n'; then
    { grep -o '"text":"[^"]*"' "$out/serve-response.json" || true; } | tail -1 | sed 's/^"text":"\(.*\)"$/  message: \1/'
  else
    status=1
  fi
else
  echo "run: mock-openai serve did not start; see $out/serve.log" >&2; status=1
fi
echo

# The whole catalogue, every version the server speaks, both profiles.
"$bin/conformance/mcp-conformance" run --url "$stateful" --protocol-version all --profile all \
  --junit "$out/conformance.junit.xml" --json "$out/conformance.json" \
  --markdown "$out/conformance.md" --html "$out/conformance.html" || status=1
echo

echo "reports in $out/:"
echo "  conformance.html (open in a browser), conformance.junit.xml (CI), conformance.json, conformance.md"
echo "  mock-openai-<profile>.json (result and Responses-API items), .junit.xml, .transcript.json (every exchange)"
echo "  serve-response.json (a Response from mock-openai serve), serve/RESPONSE_ID.json (its MCP exchanges)"
echo "  server-*.log (the reference servers' logs)"
exit $status
