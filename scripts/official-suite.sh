#!/usr/bin/env bash
# Runs the official MCP conformance suite (through scripts/official-conformance.sh)
# against a freshly started mcp-reference-server and fails if any check fails.
#
#   scripts/official-suite.sh --server PATH [--server-arg ARG]... [--scenario NAME]...
#                             [--baseline FILE] [-- EXTRA ARGS FOR THE SUITE, e.g. --suite all]
#
# With --scenario, each named scenario runs on its own; otherwise the suite's
# default selection runs once. Prints the official totals; exit 0 only when
# something passed and nothing failed, or, with --baseline (the suite's
# expected-failures layout: `server:` then `- scenario  # reason`), when exactly
# the listed scenarios failed: an unlisted failure and a listed pass (stale) both
# fail the run, and every entry must give its reason.
# CONFORMANCE_VERSION selects the suite's version (official-conformance.sh installs
# each version into its own folder).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
official=$here/official-conformance.sh
server=""; server_args=(); scenarios=(); extra=(); baseline=""
while (($#)); do
  case "$1" in
    --server) server=$2; shift 2 ;;
    --server-arg) server_args+=("$2"); shift 2 ;;
    --scenario) scenarios+=("$2"); shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "official-suite: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[ -x "$server" ] || { echo "official-suite: --server must name the built mcp-reference-server" >&2; exit 2; }
if [ -n "$baseline" ]; then
  [ -r "$baseline" ] || { echo "official-suite: cannot read baseline $baseline" >&2; exit 2; }
  expected=$(sed -n 's/^[[:space:]]*-[[:space:]]*\([A-Za-z0-9_.:$-]*\).*/\1/p' "$baseline" | sort -u)
  unexplained=$(grep -E '^[[:space:]]*-[[:space:]]*[A-Za-z0-9]' "$baseline" | grep -v '#' || true)
  [ -z "$unexplained" ] || { echo "official-suite: baseline entries without a reason:"$'\n'"$unexplained" >&2; exit 2; }
fi

coproc SERVER { exec "$server" --port 0 "${server_args[@]}" 2>/dev/null; }
trap 'kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null' EXIT
if ! read -r -t 20 line <&"${SERVER[0]}" || [[ "$line" != "listening on "* ]]; then
  echo "official-suite: the server did not start (got '${line:-}')" >&2
  exit 1
fi
url=${line#listening on }
echo "official-suite: server at $url" >&2

passed=0; failed=0; rc=0; failed_scenarios=""; passed_scenarios=""
run() {
  local out last
  out=$("$official" "$url" "$@" "${extra[@]}" 2>&1)
  printf '%s\n' "$out" | grep -E '^(PASS|FAIL) ' || true
  failed_scenarios+=$(printf '%s\n' "$out" | sed -n 's/^FAIL \([^ ]*\).*/\1/p')$'\n'
  passed_scenarios+=$(printf '%s\n' "$out" | sed -n 's/^PASS \([^ ]*\).*/\1/p')$'\n'
  last=$(printf '%s\n' "$out" | tail -n 1)
  if [[ "$last" =~ ^official:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    passed=$((passed + BASH_REMATCH[1])); failed=$((failed + BASH_REMATCH[2]))
  else
    printf '%s\n' "$out" | tail -n 20 >&2
    echo "official-suite: the suite did not run: $last" >&2
    rc=1
  fi
}
if ((${#scenarios[@]})); then
  for s in "${scenarios[@]}"; do run --scenario "$s"; done
else
  run
fi
echo "official: $passed passed, $failed failed"
if [ -n "$baseline" ]; then
  failed_scenarios=$(printf '%s' "$failed_scenarios" | sed '/^$/d' | sort -u)
  passed_scenarios=$(printf '%s' "$passed_scenarios" | sed '/^$/d' | sort -u)
  unexpected=$(comm -23 <(printf '%s\n' "$failed_scenarios" | sed '/^$/d') <(printf '%s\n' "$expected"))
  stale=$(comm -12 <(printf '%s\n' "$passed_scenarios" | sed '/^$/d') <(printf '%s\n' "$expected"))
  echo "baseline: $(printf '%s\n' "$expected" | sed '/^$/d' | wc -l) expected failures; unexpected: ${unexpected:-none}; stale: ${stale:-none}"
  ((rc == 0 && passed > 0)) && [ -z "$unexpected" ] && [ -z "$stale" ]
  exit
fi
((rc == 0 && failed == 0 && passed > 0))
