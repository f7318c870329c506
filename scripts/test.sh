#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors and runs every test (ctest), then
# fuzzes the topology loader for FUZZ_SECONDS (default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
jobs=$(nproc)
cmake --preset ci >/dev/null
cmake --build --preset ci -j "$jobs"
ctest --preset ci -j "$jobs"
tests/fuzz/run-fuzz.sh "${FUZZ_SECONDS:-60}"
