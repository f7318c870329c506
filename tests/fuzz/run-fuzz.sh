#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (`cmake --preset fuzz`, folder build/fuzz) and fuzzes
# each in turn for its share of SECONDS (default 60 in total): the topology loader
# (fuzz_topologyloader, corpus/topologyloader/). Exits non-zero when a fuzzer finds a crash, a
# sanitizer error, a broken invariant (tests/fuzz/fuzzchecks.h) or an input that takes longer
# than 10 s; the input is then in build/fuzz/fuzz-work/<target>/artifacts/. Add it to the
# target's corpus folder once fixed, so that tst_fuzzcorpus keeps checking it.
#
# Usage: tests/fuzz/run-fuzz.sh [SECONDS] [TARGET...]   (JOBS=N sets the build parallelism,
#        default 2; TARGET is topologyloader, the default)
#
# By default every run explores anew (a random seed): run it for long stretches to find new
# bugs. FUZZ_SEED=N with FUZZ_RUNS=M walks the same way each time for the same tree (Qt's hash
# seed fixed too; libFuzzer's own heuristics still vary it slightly), which is what CI wants
# (scripts/test.sh): a gate should not turn red because a random walk happened upon an old bug
# this time. SECONDS still bounds such a run.
set -euo pipefail

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(topologyloader)
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$root/build/fuzz

cd "$root"
# Warnings are CI's business (other presets); a fuzz run should not stop at a new clang warning.
cmake --preset fuzz -DINGRESS_WERROR=OFF >/dev/null
cmake --build "$build" -j "${JOBS:-2}" $(printf -- '--target fuzz_%s ' "${targets[@]}")

# The time is split so that CI's `run-fuzz.sh 60` stays near a minute in total.
share=$((seconds / ${#targets[@]}))
[ "$share" -ge 1 ] || share=1
status=0
for target in "${targets[@]}"; do
    case $target in
    # Inputs beyond the parsers' own limits are refused up front; no point generating them.
    topologyloader) max_len=65536 ;;
    *) echo "unknown fuzz target $target" >&2; exit 2 ;;
    esac
    # New inputs the fuzzer finds go to a scratch folder; the seed corpus in the tree stays as is.
    work=$build/fuzz-work/$target
    mkdir -p "$work/corpus" "$work/artifacts"
    echo "== fuzz_$target for ${share}s"
    env ${FUZZ_SEED:+QT_HASH_SEED=0} "$build/bin/fuzz_$target" \
        -max_len=$max_len \
        -max_total_time="$share" \
        -timeout=10 \
        -rss_limit_mb=2048 \
        -print_final_stats=1 \
        -seed="${FUZZ_SEED:-0}" \
        -runs="${FUZZ_RUNS:--1}" \
        -artifact_prefix="$work/artifacts/" \
        "$work/corpus" "$root/tests/fuzz/corpus/$target" || status=$?
done
exit $status
