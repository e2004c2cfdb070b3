#!/usr/bin/env bash
# Benchmarks the reference server on this machine and prints, in one run:
#  - tools/call (echo) requests/s and p50/p99 latency with 1, 8 and 32 concurrent
#    keep-alive clients (wrk), for mcp-reference-server and for a bare cpp-httplib
#    server answering every POST with a fixed body (the floor), and our ratio to it;
#  - the delay from a progress notification being produced to a client reading it
#    off SSE (p50/p99 over 1000 events).
# The two servers are measured alternately, ROUNDS times each, and the median run
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

# measure URL CONNS -> "rps p50_ms p99_ms"
measure() {
  local threads=$(( $2 < 2 ? 1 : 2 ))
  local out
  out=$(MCP_SESSION=$3 wrk -t"$threads" -c"$2" -d"${duration}s" --latency -s "$work/call.lua" "$1")
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
printf '%-8s | %14s %9s %9s | %14s %9s %9s | %6s\n' clients "reference r/s" "p50 ms" "p99 ms" "bare r/s" "p50 ms" "p99 ms" ratio
for c in $connections; do
  : >"$work/ref.txt"; : >"$work/bare.txt"
  for _ in $(seq "$rounds"); do
    measure "$ref_url" "$c" "$session" >>"$work/ref.txt"
    measure "$bare_url" "$c" "" >>"$work/bare.txt"
  done
  read -r r_rps r_p50 r_p99 < <(median <"$work/ref.txt")
  read -r b_rps b_p50 b_p99 < <(median <"$work/bare.txt")
  ratio=$(awk -v a="$r_rps" -v b="$b_rps" 'BEGIN { printf "%.0f%%", 100*a/b }')
  printf '%-8s | %14.0f %9s %9s | %14.0f %9s %9s | %6s\n' "$c" "$r_rps" "$r_p50" "$r_p99" "$b_rps" "$b_p50" "$b_p99" "$ratio"
done
"$bin/bench/bench-sse-latency" "$ref_url" 1000 1
