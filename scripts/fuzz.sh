#!/usr/bin/env bash
# scripts/fuzz.sh [--seconds N] [--no-build] [TARGET...]: builds the `fuzz` preset
# (clang-14, libFuzzer, ASan + UBSan) and runs each fuzz target (or the ones named)
# for N seconds (default 4: the smoke .ci/run uses), starting from its seeds in
# fixtures/fuzz/<target>/. Prints executions, exec/s, coverage and corpus size per
# target. Exit 1 when any target crashed, leaked or broke an invariant; the input
# that did it is left in build/fuzz/crashes/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=4
build=1
targets=()
while (($#)); do
  case "$1" in
    --seconds) seconds=${2:?--seconds needs a number}; shift 2 ;;
    --seconds=*) seconds=${1#--seconds=}; shift ;;
    --no-build) build=0; shift ;;
    -h | --help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done

# Each target: the longest input worth trying (bytes) and its dictionary.
declare -A max_len=([jsonrpc_fuzz]=16384 [sse_fuzz]=8192 [dispatcher_fuzz]=8192
                    [headers_fuzz]=2048 [loaders_fuzz]=16384 [reports_fuzz]=16384
                    [serve_request_fuzz]=16384)
declare -A dict=([jsonrpc_fuzz]=json [sse_fuzz]=sse [dispatcher_fuzz]=json
                 [headers_fuzz]=headers [loaders_fuzz]=json [reports_fuzz]=json
                 [serve_request_fuzz]=json)
((${#targets[@]})) || targets=(jsonrpc_fuzz sse_fuzz dispatcher_fuzz headers_fuzz loaders_fuzz reports_fuzz
                               serve_request_fuzz)

if ((build)); then
  scripts/bootstrap.sh --ci
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz
fi

out=build/fuzz
failed=()
printf '%-16s %12s %8s %6s %7s %8s  %s\n' target executions exec/s cov ft corpus result
for t in "${targets[@]}"; do
  [[ -n "${max_len[$t]:-}" ]] || { echo "fuzz: no target $t" >&2; exit 2; }
  corpus=$out/corpus/$t
  mkdir -p "$corpus" "$out/crashes/$t"
  log=$out/$t.log
  status=0
  "$out/fuzz/$t" -max_total_time="$seconds" -max_len="${max_len[$t]}" -rss_limit_mb=2048 \
    -timeout=10 -dict="fuzz/dict/${dict[$t]}.dict" -print_final_stats=1 \
    -artifact_prefix="$out/crashes/$t/" "$corpus" "fixtures/fuzz/${t%_fuzz}" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p' <<<"$last")
  result=ok
  if ((status)); then
    result="FAILED (exit $status; $log)"
    failed+=("$t")
  fi
  printf '%-16s %12s %8s %6s %7s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"
done

if ((${#failed[@]})); then
  for t in "${failed[@]}"; do
    echo "---- $t ----" >&2
    grep -E -A 30 'ERROR: |runtime error|invariant broken|deadly signal' "$out/$t.log" | head -n 60 >&2 || tail -n 40 "$out/$t.log" >&2
  done
  echo "fuzz: ${#failed[@]} target(s) failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} target(s), ${seconds}s each, no crash"
