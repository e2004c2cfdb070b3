#!/usr/bin/env bash
# scripts/build.sh [PRESET [TARGET...]]: install what is missing, configure and build with a
# CMake preset (default: ci, the one build scripts/run.sh and scripts/test.sh share), all of
# it or only the TARGETs. The build prints its own progress.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-ci}
shift || true
scripts/bootstrap.sh
if [ ! -f "build/$preset/build.ninja" ]; then echo "build: configuring (preset $preset)" >&2; fi
cmake --preset "$preset" >/dev/null
targets=()
for target in "$@"; do targets+=(--target "$target"); done
echo "build: compiling (preset $preset${*:+, $*}; a first build takes a few minutes)" >&2
cmake --build --preset "$preset" "${targets[@]}"
