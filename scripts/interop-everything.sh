#!/usr/bin/env bash
# Runs mcp-conformance against @modelcontextprotocol/server-everything (npm) and
# passes only when the server fails exactly the checks that
# fixtures/interop/everything-<mode>.yaml lists, each with the evidence: a new
# failure and a listed check that now passes (stale) both fail.
#
#   scripts/interop-everything.sh --conformance PATH --mode http|stdio [--out DIR]
#                                 [-- extra mcp-conformance run arguments]
#
# http: Streamable HTTP on a loopback port, every protocol version, both profiles.
# stdio: the same server over stdio, 2025-11-25 only (Node starts once per check,
# so every version would take minutes).
# Exit: mcp-conformance's own (0 as expected, 1 a difference), 2 bad usage, 1 when
# the server cannot be installed or started.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
conformance=""; mode=""; out=""; extra=()
while (($#)); do
  case "$1" in
    --conformance) conformance=$2; shift 2 ;;
    --mode) mode=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "interop-everything: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[ -x "$conformance" ] || { echo "interop-everything: --conformance must name the built mcp-conformance" >&2; exit 2; }
case "$mode" in http|stdio) ;; *) echo "interop-everything: --mode must be http or stdio" >&2; exit 2 ;; esac
out=${out:-$(mktemp -d)}
mkdir -p "$out"
expected=$root/fixtures/interop/everything-$mode.yaml
reports=(--junit "$out/everything-$mode.junit.xml" --json "$out/everything-$mode.json"
         --markdown "$out/everything-$mode.md" --html "$out/everything-$mode.html")

"$here/everything-server.sh" install

if [ "$mode" = stdio ]; then
  command=$("$here/everything-server.sh" stdio-command)
  status=0
  "$conformance" run --stdio "$command" --protocol-version 2025-11-25 --profile all \
    --expected-failures "$expected" "${reports[@]}" "${extra[@]}" || status=$?
  echo "reports in $out"
  exit $status
fi

# The server prints its URL on one line; a FIFO lets us wait for it without polling.
fifo=$(mktemp -u); mkfifo "$fifo"
"$here/everything-server.sh" http >"$fifo" 2>"$out/everything-server.log" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; rm -f "$fifo"' EXIT
line=""
read -r -t 60 line <"$fifo" || true
[[ "$line" == "listening on "* ]] || { echo "interop-everything: the server did not start; see $out/everything-server.log" >&2; exit 1; }
status=0
"$conformance" run --url "${line#listening on }" --protocol-version all --profile all \
  --expected-failures "$expected" "${reports[@]}" "${extra[@]}" || status=$?
echo "reports in $out"
exit $status
