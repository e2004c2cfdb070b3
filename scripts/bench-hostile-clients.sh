#!/usr/bin/env bash
# scripts/bench-hostile-clients.sh [BENCH OPTIONS] [-- SERVER ARGS]: builds a release and runs
# bench-hostile-clients against mcp-reference-server: 500 stalled half-requests and 100
# trickled bodies while well-behaved initialize and tools/call are timed (target: under 1 s),
# then 10,000 abrupt disconnects with the server's fds, threads and RSS sampled before, after
# and once settled (target: back to the baseline). Prints the figures; exits 1 when a target
# is missed. Options (--stalled N, --disconnects N, ...): bench-hostile-clients --help.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release >/dev/null
bin=build/release
exec "$bin/bench/bench-hostile-clients" --server "$bin/reference_server/mcp-reference-server" "$@"
