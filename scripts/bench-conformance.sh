#!/usr/bin/env bash
# Times mcp-conformance against the reference server next to the official MCP
# conformance suite against the same server, and prints the figures.
#
#   scripts/bench-conformance.sh [--server-arg ARG]... [VERSION | all]...
#
#  - ours, the spec profile: as a user runs it by default (the versions the runner
#    picks when no --protocol-version is given; the label names them), then with each
#    VERSION as --protocol-version (default: 2025-11-25, the newest before
#    2026-07-28, and all); then the whole catalogue (every version, both profiles);
#  - theirs: the official suite 0.1.16 (the version our interop tests pin), its
#    default selection and --suite all, and 0.2.0-alpha.12 with --requirements
#    2026-07-28; each version after one untimed warm-up run, so npm's install is not
#    counted.
# --server-arg passes ARG to mcp-reference-server (e.g. --server-arg --era
# --server-arg legacy). Each figure is the median of ROUNDS runs (default 3); a run of
# ours that did not pass says so in its label. Needs Node.js for the official suite
# (scripts/bootstrap.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
server_args=(); versions=()
while (($#)); do
  case "$1" in
    --server-arg) server_args+=("$2"); shift 2 ;;
    -*) echo "bench-conformance: unknown option '$1'" >&2; exit 2 ;;
    *) versions+=("$1"); shift ;;
  esac
done
((${#versions[@]})) || versions=(2025-11-25 all)
# BUILD_DIR: use binaries already built there (e.g. build/ci) instead of building release.
if [ -z "${BUILD_DIR:-}" ]; then scripts/build.sh release >/dev/null; fi
bin=${BUILD_DIR:-build/release}
rounds=${ROUNDS:-3}
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# Checks do not always end their sessions: room for every run of the bench.
fifo=$work/listen; mkfifo "$fifo"
"$bin/reference_server/mcp-reference-server" --port 0 --max-sessions 1000000 \
  "${server_args[@]}" >"$fifo" 2>/dev/null &
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
  printf '%6.2f s  %s (median of %d: %s)\n' "$(printf '%s\n' "${times[@]}" | median)" \
    "$label" "$rounds" "$(printf '%.2f ' "${times[@]}" | sed 's/ $//')"
}

ours=$bin/conformance/mcp-conformance
ours_timed() {  # ours_timed LABEL RUN-ARGS...: one untimed run names what ran, then timed
  local label=$1; shift
  local summary status=0 tested results
  summary=$("$ours" run --url "$url" --quiet "$@" 2>&1) || status=$?
  tested=$(printf '%s\n' "$summary" | sed -n 's/^[a-z-]* (\([0-9-]*\)) .*/\1/p' | sort -u)
  results=$(printf '%s\n' "$summary" | awk '$1 == "total" {print $2 + $3 + $4 + $5 + $6}')
  if (($(wc -w <<<"$tested") > 2)); then tested="$(wc -w <<<"$tested") versions"; fi
  label+=" [$(xargs <<<"$tested"), ${results:-0} results]"
  ((status == 0)) || label+=" (exit $status)"
  timed "$label" "$ours" run --url "$url" --quiet "$@"
}
echo "reference server: $url${server_args[*]:+ ${server_args[*]}}; $(nproc) cores"
ours_timed "mcp-conformance spec, by default"
for v in "${versions[@]}"; do
  ours_timed "mcp-conformance spec, --protocol-version $v" --protocol-version "$v"
done
ours_timed "mcp-conformance, all versions, both profiles" --protocol-version all --profile all

official=scripts/official-conformance.sh
official_timed() {  # official_timed VERSION [SUITE-ARGS...]
  local version=$1; shift
  CONFORMANCE_VERSION=$version timed "official suite $version, ${*:-default selection}" \
    "$official" "$url" "$@"
}
for version in 0.1.16 0.2.0-alpha.12; do  # warm-up: installs each version once
  CONFORMANCE_VERSION=$version "$official" "$url" >/dev/null 2>&1 || true
done
official_timed 0.1.16
official_timed 0.1.16 --suite all
official_timed 0.2.0-alpha.12 --requirements 2026-07-28
