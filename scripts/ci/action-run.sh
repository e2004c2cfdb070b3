#!/usr/bin/env bash
# The shell steps of the mcp-conformance GitHub Action (action.yml at the root of
# this repository) and of the GitLab template (scripts/ci/mcp-conformance.gitlab-ci.yml):
# find or build mcp-conformance, start the server under test, wait until it is
# ready, run the suite (or merge the JSON reports of its shards), write the
# reports, the step summary and the step outputs, stop the server, and exit with
# mcp-conformance's exit status (docs/ci.md).
#
# It reads its inputs from the environment, named as GitHub passes action inputs:
# INPUT_<NAME> with the name upper-cased and "-" as "_" (action.yml lists them all).
# Exit status: mcp-conformance's (0 passed, 1 a check failed, 2 usage, 3 no
# server answered); 2 as well for inputs this script cannot use, and 3 when the
# server exits or prints no ready line before INPUT_READY_TIMEOUT.
set -uo pipefail

toolkit_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
input() { local name="INPUT_$1"; printf '%s' "${!name:-${2:-}}"; }

reports_dir=$(input REPORTS_DIR mcp-conformance-reports)
server_log="$reports_dir/server.log"
server_pid=""
url=""

say() { echo "mcp-conformance action: $*" >&2; }

summary() {  # summary MARKDOWN: appended to the run page, when there is one
  [[ -n ${GITHUB_STEP_SUMMARY:-} && $(input SUMMARY true) == true ]] || return 0
  printf '%s\n' "$1" >>"$GITHUB_STEP_SUMMARY"
}

output() {  # output NAME VALUE: a step output, when there is a place for it
  [[ -n ${GITHUB_OUTPUT:-} ]] && printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
  return 0
}

stop_server() {
  [[ -n $server_pid ]] || return 0
  # The command ran in its own session: end every process it started.
  kill -TERM -- "-$server_pid" 2>/dev/null
  timeout 10 tail --pid="$server_pid" -s 0.1 -f /dev/null  # until it exits, 10 s at most
  kill -KILL -- "-$server_pid" 2>/dev/null
  server_pid=""
url=""
}
trap stop_server EXIT

give_up() {  # give_up STATUS MESSAGE: said on stderr and on the run page
  say "$2"
  local tail=""
  [[ -s $server_log ]] && tail=$(tail -n 20 "$server_log")
  summary "### ❌ MCP conformance: $2"
  [[ -n $tail ]] && summary $'The server\'s last lines:\n```\n'"$tail"$'\n```'
  output exit-code "$1"
  exit "$1"
}

find_toolkit() {  # sets conformance: the given program, the one on PATH, or one built here
  conformance=$(input MCP_CONFORMANCE)
  if [[ -n $conformance ]]; then
    [[ -x $conformance ]] || give_up 2 "mcp-conformance: $conformance is not an executable"
    return
  fi
  if conformance=$(command -v mcp-conformance); then return; fi
  say "mcp-conformance is not on PATH: building it from $toolkit_root"
  "$toolkit_root/scripts/build.sh" release >&2 || give_up 2 "building mcp-conformance failed"
  conformance="$toolkit_root/build/release/conformance/mcp-conformance"
}

# Starts INPUT_SERVER_COMMAND in its own session, its output in the server log;
# waits for the ready line (which gives the URL when none was given) or, with
# a URL and no ready pattern, for any HTTP answer from the URL.
start_server() {
  local command pattern timeout deadline line
  command=$(input SERVER_COMMAND)
  pattern=$(input READY_PATTERN)
  timeout=$(input READY_TIMEOUT 60)
  [[ $timeout =~ ^[0-9]+$ ]] || give_up 2 "ready-timeout: expected seconds, got '$timeout'"
  deadline=$((SECONDS + timeout))
  : >"$server_log"
  output server-log "$server_log"
  if [[ -n $url && -z $pattern ]]; then
    setsid bash -c "$command" >"$server_log" 2>&1 </dev/null &
    server_pid=$!
    # Any HTTP status will do: the server is listening. curl waits between tries.
    curl --silent --output /dev/null --retry-connrefused --retry "$timeout" --retry-delay 1 \
      --retry-max-time "$timeout" --max-time "$timeout" "$url" ||
      give_up 3 "the server did not answer at $url within $timeout s"
    return
  fi
  [[ -n $pattern ]] || pattern='https?://[^[:space:]]+'
  local fifo="$reports_dir/.server-output"
  rm -f "$fifo"
  mkfifo "$fifo" || give_up 2 "cannot make a pipe in $reports_dir"
  setsid bash -c "$command" >"$fifo" 2>&1 </dev/null &
  server_pid=$!
  exec 3<"$fifo"
  rm -f "$fifo"
  while :; do
    local left=$((deadline - SECONDS))
    ((left > 0)) || give_up 3 "the server printed no line matching '$pattern' within $timeout s"
    IFS= read -r -t "$left" line <&3
    local read_status=$?
    ((read_status > 128)) && continue  # the time is up: said above
    ((read_status == 0)) || give_up 3 "the server exited (or closed its output) before it was ready"
    printf '%s\n' "$line" >>"$server_log"
    [[ $line =~ $pattern ]] || continue
    if [[ -z $url ]]; then
      [[ $line =~ https?://[^[:space:]]+ ]] || give_up 2 "the ready line names no URL: $line"
      url=${BASH_REMATCH[0]}
    fi
    break
  done
  cat <&3 >>"$server_log" &  # the server keeps writing: keep reading
  exec 3<&-
}

main() {
  mkdir -p "$reports_dir" || give_up 2 "cannot make $reports_dir"
  find_toolkit
  local shard name merge
  shard=$(input SHARD)
  merge=$(input MERGE)
  name=$(input ARTIFACT_NAME mcp-conformance)
  [[ -n $shard ]] && name="$name-shard-${shard/\//-of-}"
  local base="$reports_dir/$name"
  local -a reports=(--junit "$base.xml" --json "$base.json" --markdown "$base.md" --html "$base.html")
  local -a extra=()
  if [[ -n $(input ARGS) ]]; then
    # Split and unquoted as a shell would, without running anything.
    local words
    words=$(xargs -n 1 printf '%s\n' <<<"$(input ARGS)") || give_up 2 "args: unbalanced quotes"
    mapfile -t extra <<<"$words"
  fi
  output artifact-name "$name"
  local -a command
  if [[ -n $merge ]]; then
    local -a files=() patterns
    read -ra patterns <<<"$merge"
    shopt -s nullglob
    for pattern in "${patterns[@]}"; do
      # shellcheck disable=SC2206 # the pattern is meant to glob
      files+=($pattern)
    done
    shopt -u nullglob
    ((${#files[@]})) || give_up 2 "merge: no file matches '$merge'"
    command=(merge "${reports[@]}" "${extra[@]}" "${files[@]}")
  else
    url=$(input URL)
    local stdio
    stdio=$(input STDIO)
    [[ -n $(input SERVER_COMMAND) ]] && start_server
    if [[ -n $stdio ]]; then
      command=(run --stdio "$stdio")
    else
      [[ -n $url ]] || give_up 2 "no server: give url, server-command or stdio"
      command=(run --url "$url")
    fi
    [[ -n $(input PROTOCOL_VERSION) ]] && command+=(--protocol-version "$(input PROTOCOL_VERSION)")
    [[ -n $(input PROFILE) ]] && command+=(--profile "$(input PROFILE)")
    [[ -n $shard ]] && command+=(--shard "$shard")
    [[ -n $(input EXPECTED_FAILURES) ]] && command+=(--expected-failures "$(input EXPECTED_FAILURES)")
    command+=("${reports[@]}" "${extra[@]}")
  fi
  "$conformance" "${command[@]}"
  local status=$?
  if [[ -s $base.md ]]; then
    summary "$(cat "$base.md")"
  else
    summary "### ❌ MCP conformance: mcp-conformance exited $status and wrote no report (see the log)"
  fi
  output exit-code "$status"
  for kind in junit:xml json:json markdown:md html:html; do
    [[ -f $base.${kind#*:} ]] && output "${kind%%:*}" "$base.${kind#*:}"
  done
  return "$status"
}

main
