#!/usr/bin/env bash
# Benchmarks the reference server on this machine and prints, in one run:
#  - tools/call (echo) requests/s and p50/p99 latency with 1, 8 and 32 concurrent
#    keep-alive clients (wrk), for mcp-reference-server at 2025-11-25 (in a
#    session) and at 2026-07-28 (no session; envelope and headers validated on
#    every request), and for a bare cpp-httplib server answering every POST with a
#    fixed body (the floor), with the ratios 2026/2025 and each to the floor;
#  - the delay from a progress notification being produced to a client reading it
#    off SSE (p50/p99 over 1000 events).
# The three are measured alternately, ROUNDS times each, and the median run
# is reported, so a noisy moment on a shared 2-core machine does not decide the
# ratio. DURATION (seconds per wrk run, default 3), ROUNDS (3) and CONNECTIONS
# ("1 8 32") can be set.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --bench
scripts/build.sh release >/dev/null
bin=build/release
duration=${DURATION:-3}
rounds=${ROUNDS:-3}
connections=${CONNECTIONS:-"1 8 32"}
work=$(mktemp -d); pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

start() {  # start NAME CMD...: runs CMD, waits for its listening line, sets URL
  local name=$1; shift
  "$@" >"$work/$name.out" 2>"$work/$name.err" &
  pids+=($!)
  for _ in $(seq 200); do
    if grep -q '^listening on ' "$work/$name.out" 2>/dev/null; then
      URL=$(sed -n 's/^listening on //p' "$work/$name.out"); return 0
    fi
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.05
  done
  echo "bench: $name did not start: $(cat "$work/$name.err")" >&2; exit 1
}

start reference "$bin/reference_server/mcp-reference-server" --port 0 --workers 64 --log-level error
ref_url=$URL
start bare "$bin/bench/bench-bare-httplib" --threads 128
bare_url=$URL

session=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -H 'Accept: application/json, text/event-stream' \
  --data '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}' \
  "$ref_url" | awk 'tolower($1)=="mcp-session-id:" {print $2}' | tr -d '\r')

cat >"$work/call.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"}}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["MCP-Protocol-Version"] = "2025-11-25"
local session = os.getenv("MCP_SESSION")
if session and session ~= "" then wrk.headers["Mcp-Session-Id"] = session end
LUA
cat >"$work/call26.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{"name":"bench","version":"1"}}}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["MCP-Protocol-Version"] = "2026-07-28"
wrk.headers["Mcp-Method"] = "tools/call"
wrk.headers["Mcp-Name"] = "echo"
LUA
reply=$(curl -s -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
  -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/call' -H 'Mcp-Name: echo' \
  --data "$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$work/call26.lua")" "$ref_url")
grep -q '"resultType":"complete"' <<<"$reply" || { echo "bench: the 2026-07-28 call failed: $reply" >&2; exit 1; }

# measure URL CONNS SESSION SCRIPT -> "rps p50_ms p99_ms"
measure() {
  local threads=$(( $2 < 2 ? 1 : 2 ))
  local out
  out=$(MCP_SESSION=$3 wrk -t"$threads" -c"$2" -d"${duration}s" --latency -s "$work/$4" "$1")
  if grep -q 'Non-2xx' <<<"$out"; then echo "bench: non-2xx answers from $1:" >&2; echo "$out" >&2; exit 1; fi
  local rps p50 p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  echo "$rps $(to_ms "$p50") $(to_ms "$p99")"
}
to_ms() { awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.3f", n }'; }

median() {  # median of "rps p50 p99" lines, by rps
  sort -n -k1,1 | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }'
}

echo "machine: $(nproc) cores, $(uname -r); echo tools/call over keep-alive; median of $rounds wrk runs of ${duration}s"
printf '%-7s | %11s %7s %7s | %11s %7s %7s | %11s %7s %7s | %9s %9s %9s\n' clients \
  "2025 r/s" "p50 ms" "p99 ms" "2026 r/s" "p50 ms" "p99 ms" "bare r/s" "p50 ms" "p99 ms" \
  "2026/2025" "2025/bare" "2026/bare"
percent() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100*a/b }'; }
for c in $connections; do
  : >"$work/ref.txt"; : >"$work/ref26.txt"; : >"$work/bare.txt"
  for _ in $(seq "$rounds"); do
    measure "$ref_url" "$c" "$session" call.lua >>"$work/ref.txt"
    measure "$ref_url" "$c" "" call26.lua >>"$work/ref26.txt"
    measure "$bare_url" "$c" "" call.lua >>"$work/bare.txt"
  done
  read -r r_rps r_p50 r_p99 < <(median <"$work/ref.txt")
  read -r m_rps m_p50 m_p99 < <(median <"$work/ref26.txt")
  read -r b_rps b_p50 b_p99 < <(median <"$work/bare.txt")
  printf '%-7s | %11.0f %7s %7s | %11.0f %7s %7s | %11.0f %7s %7s | %9s %9s %9s\n' "$c" \
    "$r_rps" "$r_p50" "$r_p99" "$m_rps" "$m_p50" "$m_p99" "$b_rps" "$b_p50" "$b_p99" \
    "$(percent "$m_rps" "$r_rps")" "$(percent "$r_rps" "$b_rps")" "$(percent "$m_rps" "$b_rps")"
done
"$bin/bench/bench-sse-latency" "$ref_url" 1000 1
