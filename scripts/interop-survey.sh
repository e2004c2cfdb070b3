#!/usr/bin/env bash
# Two servers of the survey (scripts/survey.sh) as interop tests: the published
# @modelcontextprotocol/server-filesystem and server-memory over stdio (pinned in
# fixtures/interop/servers/survey), each in a temporary folder of its own.
#
#   scripts/interop-survey.sh --server filesystem|memory --conformance PATH [--out DIR]
#       mcp-conformance at 2025-11-25, profile all, --strict: passes only when the server fails or
#       warns on exactly the checks fixtures/interop/survey-NAME.yaml lists (each a real
#       violation, with its rule), and no tools/call reached a tool not annotated readOnlyHint
#   scripts/interop-survey.sh --server filesystem|memory --mock-openai PATH [--out DIR]
#       mock-openai replay with every profile: passes when each reached the server and none
#       called a tool not annotated readOnlyHint (the flows' own verdicts are the survey's)
#
# Exit: 0 pass, 1 fail (the reason on stderr), 2 bad usage.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
# shellcheck source-path=SCRIPTDIR source=lib/node.sh
. "$here/lib/node.sh"

fail() { echo "interop-survey: $1" >&2; exit "${2:-1}"; }
usage() { fail "usage: scripts/interop-survey.sh --server filesystem|memory (--conformance PATH | --mock-openai PATH) [--out DIR]" 2; }

server=""; conformance=""; mock=""; out=""
while (($#)); do
  case "$1" in
    --server) server=${2:-}; shift 2 || usage ;;
    --conformance) conformance=${2:-}; shift 2 || usage ;;
    --mock-openai) mock=${2:-}; shift 2 || usage ;;
    --out) out=${2:-}; shift 2 || usage ;;
    *) usage ;;
  esac
done
case "$server" in filesystem | memory) ;; *) usage ;; esac
[[ -n "$conformance" && -z "$mock" && -x "$conformance" ]] ||
  [[ -z "$conformance" && -n "$mock" && -x "$mock" ]] || usage
# The programs run in the server's temporary folder.
[ -z "$conformance" ] || conformance=$(realpath "$conformance")
[ -z "$mock" ] || mock=$(realpath "$mock")

mcpc_node 20 || fail "$mcpc_node_problem"
# shellcheck source-path=SCRIPTDIR source=lib/survey-servers.sh
. "$here/lib/survey-servers.sh"
survey_install

out=${out:-$(mktemp -d)}
mkdir -p "$out" || fail "cannot create $out"
out=$(realpath "$out")
work=$(mktemp -d "${TMPDIR:-/tmp}/interop-survey.XXXXXX") || fail "cannot create a temporary folder"
trap 'rm -rf "$work"' EXIT
command=$(survey_stdio_command "$server" "$work")
reports=()

if [ -n "$conformance" ]; then
  report=$out/$server-conformance
  status=0
  (cd "$work" && exec "$conformance" run --stdio "$command" --protocol-version 2025-11-25 --profile all \
    --strict --expected-failures "$root/fixtures/interop/survey-$server.yaml" \
    --json "$report.json" --junit "$report.junit.xml" --full-exchanges --quiet) || status=$?
  ((status == 0)) || fail "mcp-conformance exited $status against $server (reports in $out)"
  reports=("$report.json")
else
  for profile in guide responses-2025 chatgpt-2025 chatgpt-2026 agents-sdk codex; do
    report=$out/$server-mock-$profile.json
    status=0
    (cd "$work" && exec "$mock" replay --stdio "$command" --profile "$profile" --json "$report" --quiet) || status=$?
    ((status <= 1)) || fail "mock-openai --profile $profile exited $status against $server (reports in $out)"
    reports+=("$report")
  done
fi
"$mcpc_node_path" "$here/lib/tool-calls.mjs" "${reports[@]}" ||
  fail "a tools/call reached a tool that is not read-only (reports in $out)"
echo "interop-survey: PASS $server (reports in $out)"
