#!/usr/bin/env bash
# The main job: install what is missing, build, start the reference server on a
# free port, drive an MCP exchange against it, write what happened to out/, and
# say where.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release >/dev/null
bin=build/release
out=${OUT_DIR:-out}
mkdir -p "$out"

coproc SERVER { exec "$bin/reference_server/mcp-reference-server" --port 0 2>"$out/server.log"; }
trap 'kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true' EXIT
read -r -t 20 line <&"${SERVER[0]}" || { echo "run: the reference server did not start; see $out/server.log" >&2; exit 1; }
url=${line#listening on }
echo "reference server: $url"

scripts/demo-exchange.sh "$url" | tee "$out/exchange.txt"

echo
echo "written: $out/exchange.txt (the exchange), $out/server.log (server log)"
