#!/usr/bin/env bash
# The HTML report's dashboard beside `qualkit evaluate --format table`, on N generated learners (default
# 1,000,000, --seed 1): wall clock, CPU and peak resident memory of each, RUNS runs interleaved (default
# 3), medians. Prints the commit and the load average first, so that a figure says what it measured.
#
#   Benchmarks/report.sh [N]          RUNS=5 Benchmarks/report.sh 100000
#
# Builds qualkit (release). The learner file and the reports go in a temporary folder that is removed.
set -euo pipefail
N=${1:-1000000}
RUNS=${RUNS:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
command -v /usr/bin/time >/dev/null || { echo "report.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
(cd "$root" && swift build -c release --product qualkit >/dev/null)
Q="$root/.build/release/qualkit"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "commit $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo ' (with uncommitted changes)');" \
     "load average $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
"$Q" generate --learners "$N" --seed 1 -o "$work/learners.jsonl"
echo "$N learners, $(( $(stat -c %s "$work/learners.jsonl") / 1000000 )) MB"
measure() {   # name, command...
    local name=$1; shift
    /usr/bin/time -o "$work/time" -f "%e %U %S %M" "$@" >/dev/null 2>"$work/err" || {
        echo "report.sh: '$name' failed:" >&2; tail -3 "$work/err" >&2; exit 1; }
    read -r wall user sys peak < "$work/time"
    echo "$name $wall $(echo "$user + $sys" | bc) $peak" >> "$work/runs"
}
for run in $(seq "$RUNS"); do
    measure table "$Q" evaluate --format table "$work/learners.jsonl"
    rm -rf "$work/dash"; measure dashboard "$Q" report -o "$work/dash" "$work/learners.jsonl"
    rm -rf "$work/ws"; measure dashboard+1000-worksheets "$Q" report -o "$work/ws" --limit 1000 "$work/learners.jsonl"
done
python3 - "$work/runs" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, wall, cpu, peak = line.split()
    rows.setdefault(name, []).append((float(wall), float(cpu), int(peak)))
base = statistics.median(w for w, _, _ in rows["table"])
print("| what | wall (median) | CPU (median) | peak RSS (max) | wall ratio |")
print("| --- | ---: | ---: | ---: | ---: |")
for name, runs in rows.items():
    wall = statistics.median(w for w, _, _ in runs)
    cpu = statistics.median(c for _, c, _ in runs)
    peak = max(p for _, _, p in runs)
    label = {"table": "`evaluate --format table`", "dashboard": "`report` (dashboard only)",
             "dashboard+1000-worksheets": "`report --limit 1000` (dashboard and 1,000 worksheets)"}[name]
    print(f"| {label} | {wall:.2f} s | {cpu:.2f} s | {peak / 1024:.0f} MB | {wall / base:.1f} |")
print(f"({len(rows['table'])} runs each, interleaved)")
PY
