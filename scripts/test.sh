#!/usr/bin/env bash
# scripts/test.sh [PRESET] [ctest args...]: install what is missing, build, run the tests.
# PRESET: ci (default; warnings are errors), dev, asan or tsan.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-ci}
shift || true
scripts/build.sh "$preset"
ctest --preset "$preset" "$@"
