#!/usr/bin/env bash
# scripts/bench-serve.sh [BENCH OPTIONS]: builds (the ci preset, only what it needs) and runs
# bench-serve-throughput: non-streaming responses.create (tools/list + tools/call echo,
# require_approval never) through `mock-openai serve` against mcp-reference-server at 1 and 8
# concurrent keep-alive clients, next to the same MCP flow run directly (the replay's
# FlowRunner, in-process, as many threads), with the ratios serve/direct for p50 and requests/s;
# then `mock-openai replay` as a process (start-up included). Prints the figures; exits 1 when
# any request failed. Options (--requests N, --clients 1,8, --warmup N, --replay-runs N):
# bench-serve-throughput --help.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh ci bench-serve-throughput mcp-reference-server mock-openai >/dev/null
bin=build/ci
exec "$bin/bench/bench-serve-throughput" --server "$bin/reference_server/mcp-reference-server" \
  --mock-openai "$bin/mock_openai/mock-openai" "$@"
