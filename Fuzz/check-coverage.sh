#!/usr/bin/env bash
# Checks that the fuzzing build recipe still instruments the Swift code (see README.md, "Checking the
# instrumentation"): builds one target with the recipe, runs it for a short while from its seed corpus
# and fails unless
#   1. libFuzzer loads far more coverage counters than an uninstrumented build gives (≈ 3,900: only the
#      C code of libyaml is instrumented then), at least MIN_COUNTERS;
#   2. `cov:` at the end of the run is above `cov:` once the seed corpus is loaded (INITED), i.e.
#      mutations find new edges;
#   3. the Swift object files call AddressSanitizer (`__asan_*`), i.e. `-sanitize=address` reached the
#      Swift compiler too and not only `-sanitize=fuzzer` (or the other way round).
#
# Usage: Fuzz/check-coverage.sh [TARGET] [SECONDS]      (from anywhere)
#   TARGET   learners (default), csv, specs or packtree
#   SECONDS  how long to fuzz (default 25)
# Environment: SCRATCH (default .build-fuzz, relative to Fuzz/), MIN_COUNTERS (default 20000),
#   SWIFTC_SANITIZE (default -sanitize=fuzzer,address; set it empty, with another SCRATCH, to build with
#   the old recipe, which this script must reject).
# Exit status: 0 when instrumented; 1 when a check fails; 2 when the build fails, the target crashes or
# the arguments are wrong. Runs the build and the fuzzer under `nice -n 19`, one after the other.
set -uo pipefail

cd "$(dirname "$0")" || exit 2
target=${1:-learners}
seconds=${2:-25}
scratch=${SCRATCH:-.build-fuzz}
min_counters=${MIN_COUNTERS:-20000}
case $target in
    learners|csv) max_len=4096 ;;
    specs|packtree) max_len=16384 ;;
    *) echo "check-coverage: unknown target '$target' (learners, csv, specs, packtree)" >&2; exit 2 ;;
esac
[[ $seconds =~ ^[0-9]+$ ]] && (( seconds > 0 )) || { echo "check-coverage: SECONDS must be a positive integer" >&2; exit 2; }
product=qualkit-fuzz-$target
swiftc_sanitize=${SWIFTC_SANITIZE--sanitize=fuzzer,address}
flags=(--product "$product" --scratch-path "$scratch" -c release -Xswiftc -DFUZZING --sanitize=fuzzer --sanitize=address)
[[ -n $swiftc_sanitize ]] && flags+=(-Xswiftc "$swiftc_sanitize")

# The recipe: the one command README.md gives. `-Xswiftc -sanitize=fuzzer,address` is what makes it
# work: SwiftPM passes `--sanitize` values to swiftc as separate `-sanitize=` flags, of which the Swift
# driver keeps only the last.
echo "check-coverage: building $product (instrumented, $scratch)" >&2
if ! nice -n 19 swift build "${flags[@]}" >&2; then
    echo "check-coverage: FAIL: the build failed" >&2
    exit 2
fi
bin=$(nice -n 19 swift build "${flags[@]}" --show-bin-path)/$product
[[ -x $bin ]] || { echo "check-coverage: FAIL: no binary at $bin" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/check-coverage.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
cp corpus/"$target"/* "$work/corpus/"

echo "check-coverage: fuzzing $product for ${seconds}s from $(ls "$work/corpus" | wc -l) seed inputs" >&2
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} nice -n 19 "$bin" "$work/corpus" -max_len=$max_len \
    -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$work/artifacts/" 2> "$work/log" >/dev/null
status=$?

# libFuzzer's stderr: "INFO: Loaded 1 modules   (93606 inline 8-bit counters): ..." (one line per
# group of modules), "#36  INITED cov: 2418 ft: 4733 ...", then "#N  NEW|REDUCE|pulse|DONE  cov: ...".
counters=$(sed -n 's/^INFO: Loaded [0-9]* modules *(\([0-9]*\) inline 8-bit counters).*/\1/p' "$work/log" | awk '{ s += $1 } END { print s + 0 }')
start_cov=$(sed -n 's/^#[0-9]*[[:space:]]*INITED.* cov: \([0-9]*\) .*/\1/p' "$work/log" | head -n 1)
end_cov=$(sed -n 's/^#[0-9]*[[:space:]]*[A-Z_a-z]*[[:space:]]*cov: \([0-9]*\) .*/\1/p' "$work/log" | tail -n 1)
execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$work/log" | tail -n 1)
end_line=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE)' "$work/log" | tail -n 1)

if (( status != 0 )) || compgen -G "$work/artifacts/*" >/dev/null; then
    echo "check-coverage: FAIL: the fuzzer stopped with status $status (a crash, leak or timeout?); its log:" >&2
    tail -n 60 "$work/log" >&2
    for f in "$work"/artifacts/*; do [[ -e $f ]] && cp "$f" "/tmp/check-coverage-$target-$(basename "$f")" && echo "check-coverage: input kept as /tmp/check-coverage-$target-$(basename "$f")" >&2; done
    exit 2
fi

fail=0
echo "check-coverage: $product: counters ${counters}, cov ${start_cov:-?} at start → ${end_cov:-?} at end, ${execs:-?} executions" >&2
echo "check-coverage: last status line: ${end_line:-none}" >&2
if (( counters < min_counters )); then
    echo "check-coverage: FAIL: libFuzzer loaded $counters coverage counters, fewer than $min_counters: the Swift code is not instrumented for coverage (an uninstrumented build loads ≈ 3,900)" >&2
    fail=1
fi
if [[ -z ${start_cov:-} || -z ${end_cov:-} ]]; then
    echo "check-coverage: FAIL: no 'cov:' figures in libFuzzer's output" >&2
    fail=1
elif (( end_cov <= start_cov )); then
    echo "check-coverage: FAIL: cov did not grow past its start value ($start_cov → $end_cov): mutations find no new edges" >&2
    fail=1
fi
objects=$(dirname "$bin")/QualKitCore.build
if ! ls "$objects"/*.o >/dev/null 2>&1; then
    echo "check-coverage: FAIL: no QualKitCore object files in $objects to check for AddressSanitizer" >&2
    fail=1
elif (( $(nm -u "$objects"/*.o 2>/dev/null | grep -c '__asan_') == 0 )); then   # not grep -q: nm would get SIGPIPE
    echo "check-coverage: FAIL: the Swift code of QualKitCore does not call AddressSanitizer: -sanitize=address did not reach swiftc" >&2
    fail=1
fi
if (( fail )); then
    echo "check-coverage: libFuzzer's output is in the log below" >&2
    head -n 12 "$work/log" >&2
    exit 1
fi
echo "check-coverage: OK" >&2
