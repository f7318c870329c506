#!/bin/sh
# Builds bench_model in Release and runs it: load, validate and RoutingTable build times and the
# cost of one lookup for 10 ... 10,000 hosts. Usage: bench/run-model-bench.sh [bench_model args]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build="${INGRESS_BENCH_BUILD:-$root/build/bench-release}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DINGRESS_BUILD_GUI=OFF -DINGRESS_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target bench_model -j"${INGRESS_BENCH_JOBS:-2}"
"$build/bin/bench_model" "$@"
