#!/usr/bin/env bash
# Times a full mcp-conformance run against the reference server next to the
# official MCP conformance suite against the same server, and prints the figures.
#  - ours: the spec profile at the server's latest version (the official suite's
#    scope), and the whole catalogue (every version, both profiles);
#  - theirs: the official suite's default selection and --suite all (0.1.16, the
#    version our interop tests pin), after one untimed warm-up run so npm's
#    install is not counted.
# Each figure is the median of ROUNDS runs (default 3). Needs Node.js for the
# official suite (scripts/bootstrap.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
# BUILD_DIR: use binaries already built there (e.g. build/ci) instead of building release.
if [ -z "${BUILD_DIR:-}" ]; then scripts/build.sh release >/dev/null; fi
bin=${BUILD_DIR:-build/release}
rounds=${ROUNDS:-3}
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

fifo=$work/listen; mkfifo "$fifo"
"$bin/reference_server/mcp-reference-server" --port 0 >"$fifo" 2>/dev/null &
server_pid=$!
read -r -t 20 line <"$fifo" || { echo "bench-conformance: the server did not start" >&2; exit 1; }
url=${line#listening on }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
seconds() {  # seconds CMD...: wall time of one run, in seconds
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN {printf "%.2f", ns / 1e9}'
}
timed() {  # timed LABEL CMD...: prints the median of ROUNDS runs
  local label=$1; shift
  local times=()
  for _ in $(seq "$rounds"); do times+=("$(seconds "$@")"); done
  printf '%-58s %6.2f s (median of %d: %s)\n' "$label" \
    "$(printf '%s\n' "${times[@]}" | median)" "$rounds" "$(printf '%.2f ' "${times[@]}")"
}

ours=$bin/conformance/mcp-conformance
checks_spec=$("$ours" list --profile spec | grep -c '^  ')
checks_all=$("$ours" list --profile all | grep -c '^  ')
echo "reference server: $url; $(nproc) cores"
timed "mcp-conformance, spec profile, latest version ($checks_spec checks)" \
  "$ours" run --url "$url" --quiet
timed "mcp-conformance, every version, both profiles ($checks_all checks)" \
  "$ours" run --url "$url" --quiet --protocol-version all --profile all

official=$(dirname "$0")/official-conformance.sh
export CONFORMANCE_VERSION=${CONFORMANCE_VERSION:-0.1.16}
"$official" "$url" >/dev/null 2>&1 || true  # warm-up: installs the package once
timed "official suite $CONFORMANCE_VERSION, default selection" "$official" "$url"
timed "official suite $CONFORMANCE_VERSION, --suite all" "$official" "$url" --suite all
