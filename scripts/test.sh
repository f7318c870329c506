#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, fuzzes the topology loader (the
# same walk each time: FUZZ_RUNS inputs from FUZZ_SEED, at most FUZZ_SECONDS; exploring is
# tests/fuzz/run-fuzz.sh's default), then runs every test (ctest).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
jobs=$(nproc)
cmake --preset ci >/dev/null
cmake --build --preset ci -j "$jobs"
FUZZ_SEED=${FUZZ_SEED:-1} FUZZ_RUNS=${FUZZ_RUNS:-100000} tests/fuzz/run-fuzz.sh "${FUZZ_SECONDS:-120}"
# Last, so that its summary closes the output.
ctest --preset ci -j "$jobs"
