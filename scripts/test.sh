#!/usr/bin/env bash
# scripts/test.sh [--interop] [PRESET] [ctest args...]: install what is missing, build
# (warnings are errors), run the tests. PRESET: ci (default; the build scripts/run.sh uses
# too), dev, asan or tsan.
#   without --interop: every test but the interop label (which needs Node.js and npm)
#   --interop:         only the interop tests: installs Node.js first (bootstrap.sh --interop)
set -euo pipefail
cd "$(dirname "$0")/.."
interop=false
if [ "${1:-}" = "--interop" ]; then interop=true; shift; fi
preset=${1:-ci}
shift || true
if $interop; then scripts/bootstrap.sh --tests --interop; else scripts/bootstrap.sh --tests; fi
scripts/build.sh "$preset"
if $interop; then
  echo "test: the interop tests (npm packages on first use)" >&2
  ctest --preset "$preset" -L interop "$@"
else
  echo "test: running the tests (the interop tests need Node.js: scripts/test.sh --interop)" >&2
  ctest --preset "$preset" -LE interop "$@"
fi
