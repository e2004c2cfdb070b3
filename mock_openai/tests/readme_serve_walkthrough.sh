#!/usr/bin/env bash
# Runs the README's "Test your backend offline" commands as written, except that the servers
# listen on free ports (the README's 8000 and 8100 are replaced by the ports they got), and
# checks that the curl answers what the README says: an mcp_call whose output is "hello".
#
#   readme_serve_walkthrough.sh README BUILD_DIR
set -uo pipefail
readme=$1 build=$2
fail() { echo "readme walkthrough: FAIL: $*"; exit 1; }

section=$(awk '/^## Test your backend offline/{on=1; next} /^## /{on=0} on' "$readme")
[ -n "$section" ] || fail "no '## Test your backend offline' section in $readme"
# The fenced sh blocks of the section, in order.
mapfile -t -d '' blocks < <(awk '/^ *```sh/{on=1; b=""; next} /^ *```/{if(on){printf "%s%c", b, 0}; on=0; next}
                                 on{sub(/^   /, ""); b=b $0 "\n"}' <<<"$section")
((${#blocks[@]} >= 3)) || fail "expected three sh blocks, found ${#blocks[@]}"
grep -q 'mcp-reference-server --port 8000' <<<"${blocks[0]}" || fail "block 1 does not start the reference server on 8000"
grep -q 'mock-openai serve --port 8100' <<<"${blocks[0]}" || fail "block 1 does not start mock-openai serve on 8100"
curl_block=${blocks[2]}
grep -q '^curl ' <<<"$curl_block" || fail "block 3 is not the curl command"

work=$(mktemp -d)
trap 'kill $ref_pid $serve_pid 2>/dev/null; rm -rf "$work"' EXIT
# Each server's first line arrives through a FIFO: read blocks until it is written.
mkfifo "$work/ref.fifo" "$work/serve.fifo"
"$build/reference_server/mcp-reference-server" --port 0 >"$work/ref.fifo" 2>/dev/null &
ref_pid=$!
"$build/mock_openai/mock-openai" serve --port 0 --transcript-dir "$work/serve" >"$work/serve.fifo" 2>/dev/null &
serve_pid=$!
exec 3<"$work/ref.fifo" 4<"$work/serve.fifo"
port_of() {  # reads the listening line from descriptor $1, prints its port
  local line=""
  read -r -t 20 line <&"$1" || return 1
  [[ "$line" == "listening on http://127.0.0.1:"* ]] || return 1
  line=${line#listening on http://127.0.0.1:}
  echo "${line%%/*}"
}
ref_port=$(port_of 3) || fail "the reference server did not start"
serve_port=$(port_of 4) || fail "mock-openai serve did not start"
command=${curl_block//8100/$serve_port}
command=${command//8000/$ref_port}
answer=$(bash -c "$command") || fail "the curl command failed"
python3 - "$answer" <<'PY' || fail "unexpected answer: $answer"
import json, sys
r = json.loads(sys.argv[1])
types = [o["type"] for o in r["output"]]
assert types == ["mcp_list_tools", "mcp_call", "message"], types
assert r["output"][1]["output"] == "hello", r["output"][1]
PY
ls "$work"/serve/resp_*.json >/dev/null 2>&1 || fail "no transcript written to --transcript-dir"
echo "readme walkthrough: PASS (the curl of the README answered list, call 'hello', message)"
