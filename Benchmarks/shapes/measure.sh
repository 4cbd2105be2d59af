#!/usr/bin/env bash
# What a learner costs on big packs, against the number of units: one scripted run of HEAD.
#
#   Benchmarks/shapes/measure.sh [QUALKIT]     (default: .build/release/qualkit; build it first)
#
# For each shape of make-shapes.py: its units, paths and static worst case (`qualkit list --format json`,
# `evaluation_cost`); the CPU time (user + system) of loading the pack (`evaluate` on an empty file) and of
# `validate`; and the CPU time per learner of `evaluate --threads 1` on the shape's realistic learners
# (NAME.real.jsonl, five times over with unique ids: 10,000 learners),
# with `--format table` (the decision) and with the
# default JSON Lines (with `next`, the cheapest completion), the empty run subtracted. Each figure is the
# median of RUNS runs (default 3). CPU time, not wall time: the machine is shared.
#
# Writes Benchmarks/results/shapes.md (stamped with the commit, the time and the load average) and prints it,
# and the plot of its per-learner figures against units, Benchmarks/results/shapes.svg (plot.py);
# with UPDATE_README=1 also replaces the table between the markers in Benchmarks/README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
Q="${1:-$root/.build/release/qualkit}"
RUNS="${RUNS:-3}"
[ -x "$Q" ] || { echo "measure.sh: build first: swift build -c release --product qualkit" >&2; exit 1; }
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
python3 "$here/make-shapes.py" "$tmp" >/dev/null
: > "$tmp/empty.jsonl"

# cpu COMMAND…: the median CPU seconds of RUNS runs.
source "$here/../cpu.sh"

commit="$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- Sources || echo '+changes')"
stamp="$(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit, load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
out="$root/Benchmarks/results/shapes.md"
{
echo "<!-- written by Benchmarks/shapes/measure.sh: $stamp -->"
echo "Measured $stamp; CPU time, median of $RUNS runs, \`--threads 1\`."
echo
echo "| shape | units | qualifications | paths | steps (worst case) | pack load ms | validate ms | table µs per learner | jsonl (with next) µs per learner |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for s in overlap-20 overlap-40 overlap-64 three-groups-cap nested-routes-12 diploma-120 diploma-300 catalogue-200 \
         catalogue-200-caps mandatory-257 routes-129; do
    limits=()
    # diploma-300's overlapping groups exceed the default limits, its worst case the default budgets (see
    # Benchmarks/README.md).
    [ "$s" = diploma-300 ] && limits=(--max-steps 20000000 --max-states 655360 --max-pack-steps 20000000 \
        --max-catalog-steps 20000000)
    # Five copies, each learner's id made unique (a repeated id costs a warning each).
    for i in 1 2 3 4 5; do sed "s/\"id\": \"/\"id\": \"c$i-/" "$tmp/$s.real.jsonl"; done > "$tmp/$s.many.jsonl"
    cp "$tmp/$s.many.jsonl" "$tmp/$s.next.jsonl"
    n=$(wc -l < "$tmp/$s.many.jsonl")
    nj=$(wc -l < "$tmp/$s.next.jsonl")
    read -r units quals paths steps <<< "$("$Q" list --format json --no-bundled --specs "$tmp/$s" "${limits[@]}" | python3 -c '
import json, sys
p = json.load(sys.stdin)["packs"][0]
qs = p["qualifications"]
print(len(p["units"]), len(qs), sum(q["evaluation_cost"]["paths"] for q in qs), sum(q["evaluation_cost"]["steps"] for q in qs))')"
    args=(evaluate --threads 1 --no-bundled --specs "$tmp/$s" "${limits[@]}")
    e=$(cpu "$Q" "${args[@]}" --format table "$tmp/empty.jsonl")
    v=$(cpu "$Q" validate --no-bundled "$tmp/$s" "${limits[@]}")
    t=$(cpu "$Q" "${args[@]}" --format table "$tmp/$s.many.jsonl")
    j=$(cpu "$Q" "${args[@]}" "$tmp/$s.next.jsonl")
    python3 -c "
e, v, t, j, n, nj = $e, $v, $t, $j, $n, $nj
print(f'| $s | $units | $quals | $paths | {$steps:,} | {e*1000:.0f} | {v*1000:.0f} | {max(t-e,0)/n*1e6:.1f} | {max(j-e,0)/nj*1e6:.1f} |')"
done
} | tee "$out"
# The same figures as a plot against the number of units (results/shapes.svg, shown in Benchmarks/README.md).
python3 "$here/plot.py" "$out" "$root/Benchmarks/results/shapes.svg" >&2

if [ "${UPDATE_README:-0}" = 1 ]; then
    python3 "$root/Benchmarks/readme-table.py" shapes "$out"
    echo "measure.sh: Benchmarks/README.md updated" >&2
fi
