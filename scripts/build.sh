#!/usr/bin/env bash
# scripts/build.sh [PRESET]: configure and build with a CMake preset (default: ci).
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-ci}
scripts/bootstrap.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
