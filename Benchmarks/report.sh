#!/usr/bin/env bash
# The HTML report's dashboard beside `qualkit evaluate --format table`, on N generated learners (default
# 1,000,000, --seed 1): wall clock, CPU and peak resident memory of each, RUNS runs interleaved (default
# 3), medians; then, since the machine is shared and noisy, the instructions of each (callgrind, all
# threads) on SMALL learners (default 10,000), as ratios to the table's. Prints the commit and the load
# average first, so that a figure says what it measured.
#
#   Benchmarks/report.sh [N]          RUNS=5 Benchmarks/report.sh 100000
#   WRITE=1 Benchmarks/report.sh      also puts the tables into Benchmarks/README.md (between the
#                                     "report table" markers), stamped with the commit and the load
#
# Builds qualkit (release). The learner files and the reports go in a temporary folder that is removed.
set -euo pipefail
N=${1:-1000000}
RUNS=${RUNS:-3}
SMALL=${SMALL:-10000}
root=$(cd "$(dirname "$0")/.." && pwd)
command -v /usr/bin/time >/dev/null || { echo "report.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
(cd "$root" && swift build -c release --product qualkit >/dev/null)
Q="$root/.build/release/qualkit"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stamp="commit $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet -- Sources || echo ' (with uncommitted changes)');\
 load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
echo "$stamp"
"$Q" generate --learners "$N" --seed 1 -o "$work/learners.jsonl"
size="$N learners, $(( $(stat -c %s "$work/learners.jsonl") / 1000000 )) MB"
echo "$size"
AS_OF=2016-06-30
measure() {   # name, command...
    local name=$1; shift
    /usr/bin/time -o "$work/time" -f "%e %U %S %M" "$@" >/dev/null 2>"$work/err" || {
        echo "report.sh: '$name' failed:" >&2; tail -3 "$work/err" >&2; exit 1; }
    read -r wall user sys peak < "$work/time"
    echo "$name $wall $(echo "$user + $sys" | bc) $peak" >> "$work/runs"
}
for run in $(seq "$RUNS"); do
    measure table "$Q" evaluate --format table -o "$work/table.txt" "$work/learners.jsonl"
    rm -rf "$work/dash"; measure dashboard "$Q" report -o "$work/dash" "$work/learners.jsonl"
    rm -rf "$work/asof"; measure dashboard-as-of "$Q" report -o "$work/asof" --as-of $AS_OF "$work/learners.jsonl"
    rm -rf "$work/ws"; measure dashboard+1000-worksheets "$Q" report -o "$work/ws" --limit 1000 "$work/learners.jsonl"
done
# Instructions, all threads, on a smaller file (callgrind runs the program about 50 times slower; the
# worksheets, rendered by Mustache, about 7 ms of CPU each, are left to the timed runs).
if command -v valgrind >/dev/null; then
    "$Q" generate --learners "$SMALL" --seed 1 -o "$work/small.jsonl"
    # valgrind cannot read the release binary's debug information: a copy without it is measured.
    cp "$Q" "$work/qualkit" && strip --strip-debug "$work/qualkit"
    count() {   # name, arguments...
        local name=$1; shift
        valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$work/qualkit" "$@" >/dev/null 2>"$work/cg.err" \
            || true
        local n; n=$(grep -o 'Collected : [0-9]*' "$work/cg.err" | grep -o '[0-9]*$' || true)
        [ -n "$n" ] && echo "$name $n" >> "$work/instructions" || echo "report.sh: no count for '$name'" >&2
    }
    count table evaluate --format table -o "$work/small-table.txt" "$work/small.jsonl"
    rm -rf "$work/sd"; count dashboard report -o "$work/sd" "$work/small.jsonl"
    rm -rf "$work/sa"; count dashboard-as-of report -o "$work/sa" --as-of $AS_OF "$work/small.jsonl"
fi
python3 - "$work/runs" "$work/instructions" "$RUNS" "$SMALL" > "$work/table.md" <<'PY'
import os, statistics, sys
labels = {"table": "`evaluate --format table`", "dashboard": "`report` (dashboard only)",
          "dashboard-as-of": "`report --as-of 2016-06-30` (with deadlines)",
          "dashboard+1000-worksheets": "`report --limit 1000` (dashboard and 1,000 worksheets)"}
rows = {}
for line in open(sys.argv[1]):
    name, wall, cpu, peak = line.split()
    rows.setdefault(name, []).append((float(wall), float(cpu), int(peak)))
base = statistics.median(w for w, _, _ in rows["table"])
base_cpu = statistics.median(c for _, c, _ in rows["table"])
print("| what | wall (median) | CPU (median) | peak RSS (max) | wall ratio | CPU ratio |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for name, runs in rows.items():
    wall = statistics.median(w for w, _, _ in runs)
    cpu = statistics.median(c for _, c, _ in runs)
    peak = max(p for _, _, p in runs)
    print(f"| {labels[name]} | {wall:.2f} s | {cpu:.2f} s | {peak / 1024:.0f} MB | {wall / base:.2f} | {cpu / base_cpu:.2f} |")
print(f"\n({sys.argv[3]} runs each, interleaved.)")
if os.path.exists(sys.argv[2]) and os.path.getsize(sys.argv[2]) > 0:
    counts = dict(line.split() for line in open(sys.argv[2]))
    base = int(counts["table"])
    print(f"\nInstructions (callgrind, every thread) on {int(sys.argv[4]):,} of the same learners:\n")
    print("| what | instructions | per learner | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for name, n in counts.items():
        print(f"| {labels[name]} | {int(n):,} | {int(n) // int(sys.argv[4]):,} | {int(n) / base:.2f} |")
PY
cat "$work/table.md"
if [ "${WRITE:-}" = 1 ]; then
    { printf '<!-- written by Benchmarks/report.sh: %s -->\n\n%s (`--seed 1`), release build; %s.\n\n' \
        "$stamp" "$size" "$stamp"; cat "$work/table.md"; } > "$work/readme-table.md"
    python3 "$root/Benchmarks/readme-table.py" report "$work/readme-table.md"
    echo "wrote the tables into Benchmarks/README.md"
fi
