#!/usr/bin/env bash
# How the cost of exact evaluation grows with units and overlapping groups, for the big-pack shapes.
#
#   Benchmarks/shapes/measure.sh [QUALKIT]
#
# For each shape of make-shapes.py: its static worst case (`qualkit list --format json`, evaluation_cost), the
# instructions per learner that valgrind's callgrind counts for `qualkit evaluate` on the shape's learners (the
# same count whatever else the machine does; the run with no learners is subtracted), and the wall time per
# learner of a native run. Prints a Markdown table; everything it makes goes in a temporary folder it removes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
Q="${1:-$here/../../.build/release/qualkit}"
[ -x "$Q" ] || { echo "measure.sh: build first: swift build -c release --product qualkit" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "measure.sh: valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
command -v objcopy >/dev/null || { echo "measure.sh: objcopy is needed (apt-get install binutils)" >&2; exit 1; }
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
python3 "$here/make-shapes.py" "$tmp" >/dev/null
# valgrind 3.19 cannot read Swift 6.3's DWARF 5: measure a copy without debug information.
cp "$Q" "$tmp/qualkit" && objcopy --strip-debug "$tmp/qualkit" && Q="$tmp/qualkit"
: > "$tmp/empty.jsonl"
instr() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/Collected/ {print $4}'; }
echo "| shape | units | paths | steps (worst case) | states (worst case) | learners | instructions per learner | µs per learner |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for s in overlap-20 overlap-40 overlap-64 three-groups-cap nested-routes-12 diploma-120 mandatory-257 routes-129; do
    args=(evaluate --threads 1 --no-bundled --specs "$tmp/$s" --format table)
    cost=$("$Q" list --format json --no-bundled --specs "$tmp/$s" | python3 -c '
import json,sys; p=json.load(sys.stdin)["packs"][0]; c=p["qualifications"][0]["evaluation_cost"]
print(len(p["units"]), c["paths"], c["steps"], c["states"])')
    n=$(wc -l < "$tmp/$s.jsonl")
    i0=$(instr "$Q" "${args[@]}" "$tmp/empty.jsonl"); i1=$(instr "$Q" "${args[@]}" "$tmp/$s.jsonl")
    t0=$(python3 -c 'import time;print(time.perf_counter())'); "$Q" "${args[@]}" "$tmp/$s.jsonl" >/dev/null
    t1=$(python3 -c 'import time;print(time.perf_counter())'); "$Q" "${args[@]}" "$tmp/empty.jsonl" >/dev/null
    t2=$(python3 -c 'import time;print(time.perf_counter())')
    read -r units paths steps states <<< "$cost"
    python3 -c "
i0,i1,n=${i0//,/},${i1//,/},$n; t=(($t1-$t0)-($t2-$t1))/n*1e6
print(f'| $s | $units | $paths | {$steps:,} | {$states:,} | {n} | {(i1-i0)//n:,} | {max(t,0):.0f} |')"
done
