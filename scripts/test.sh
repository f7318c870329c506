#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, fuzzes the topology loader for
# FUZZ_SECONDS (default 60), then runs every test (ctest).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
jobs=$(nproc)
cmake --preset ci >/dev/null
cmake --build --preset ci -j "$jobs"
tests/fuzz/run-fuzz.sh "${FUZZ_SECONDS:-60}"
# Last, so that its summary closes the output.
ctest --preset ci -j "$jobs"
