#!/usr/bin/env bash
# What the kind of input costs: CSV against JSON Lines on the same learners, and learners with exceptions
# against the same learners without. One scripted run of HEAD.
#
#   Benchmarks/inputs.sh [N] [QUALKIT]     N learners (default 500000); QUALKIT defaults to
#                                          .build/release/qualkit (build it first)
#   RUNS=7 (runs of each command, interleaved)
#
# The inputs, from `qualkit generate --seed 1`:
# - CSV and JSON Lines: `generate --format csv` (units only: CSV carries no registration date, delivery
#   hours or mark sheets), and the same learners as JSON Lines records with the same units
#   (inputs-csv-to-jsonl.py), so that both give the same results (checked: the outputs are compared);
# - exceptions: `generate --exceptions 0.05` (5% of the learners with units carry one or two exceptions)
#   against `generate` (the same learners without them).
# Each is evaluated with `--threads 1`, `--format table` and the default JSON Lines output, RUNS times,
# interleaved; the figure is the median CPU time (user + system), and the ratio is taken after
# subtracting the start-up (`evaluate` on an empty file), also given without subtracting it.
# Every run writes to standard output, piped into a reader that discards it (`cat > /dev/null`): no
# output reaches the page cache, whose writeback would be charged to whichever run happened to trigger
# it, so that runs are comparable. Inputs are large (500,000 learners: a table run takes about a second)
# so that the CPU-time clock's steps do not matter.
#
# Writes Benchmarks/results/inputs.md (stamped with the commit, the time and the load average) and prints
# it; with UPDATE_README=1 also replaces the table between the markers in Benchmarks/README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
N="${1:-500000}"
Q="${2:-$root/.build/release/qualkit}"
RUNS="${RUNS:-7}"
[ -x "$Q" ] || { echo "inputs.sh: build first: swift build -c release --product qualkit" >&2; exit 1; }
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
: > "$tmp/empty.jsonl"
"$Q" generate --learners "$N" --seed 1 --format csv -o "$tmp/units.csv"
python3 "$here/inputs-csv-to-jsonl.py" < "$tmp/units.csv" > "$tmp/units.jsonl"
"$Q" generate --learners "$N" --seed 1 -o "$tmp/plain.jsonl"
"$Q" generate --learners "$N" --seed 1 --exceptions 0.05 -o "$tmp/exceptions.jsonl"

# The same results from both forms of the same learners (compared by digest: the JSON Lines output of
# 500,000 learners is about 2 GB).
for f in table jsonl; do
    a=$("$Q" evaluate --no-progress --threads 1 --format "$f" "$tmp/units.csv" 2>/dev/null | sha256sum)
    b=$("$Q" evaluate --no-progress --threads 1 --format "$f" "$tmp/units.jsonl" 2>/dev/null | sha256sum)
    [ "$a" = "$b" ] || { echo "inputs.sh: CSV and JSON Lines give different $f output" >&2; exit 1; }
done

# name -> command (evaluate arguments after --threads 1)
names=(empty csv-table jsonl-table csv-jsonl jsonl-jsonl plain-table exceptions-table plain-jsonl exceptions-jsonl)
args() {
    case "$1" in
        empty) echo "--format table $tmp/empty.jsonl" ;;
        csv-table) echo "--format table $tmp/units.csv" ;;
        jsonl-table) echo "--format table $tmp/units.jsonl" ;;
        csv-jsonl) echo "$tmp/units.csv" ;;
        jsonl-jsonl) echo "$tmp/units.jsonl" ;;
        plain-table) echo "--format table $tmp/plain.jsonl" ;;
        exceptions-table) echo "--format table $tmp/exceptions.jsonl" ;;
        plain-jsonl) echo "$tmp/plain.jsonl" ;;
        exceptions-jsonl) echo "$tmp/exceptions.jsonl" ;;
    esac
}
# `cputime FILE COMMAND…` (cpu.sh): the command's CPU time (user + system) to the microsecond, appended to
# FILE; its standard output goes into a reader.
source "$here/cpu.sh"
for _ in $(seq "$RUNS"); do
    for n in "${names[@]}"; do
        # shellcheck disable=SC2046
        cputime "$tmp/cpu-$n" "$Q" evaluate --no-progress --threads 1 $(args "$n") 2>/dev/null | cat >/dev/null || true
    done
done

commit="$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- Sources || echo '+changes')"
stamp="$(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit, load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
learners_csv=$(python3 -c "import sys; print(sum(1 for _ in open(sys.argv[1])))" "$tmp/units.jsonl")
out="$root/Benchmarks/results/inputs.md"
python3 - "$tmp" "$N" "$learners_csv" "$RUNS" "$stamp" > "$out" <<'EOF'
import statistics, sys
tmp, n, n_csv, runs, stamp = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
def cpu(name):
    return statistics.median(float(x) for x in open(f"{tmp}/cpu-{name}"))
e = cpu("empty")
print(f"<!-- written by Benchmarks/inputs.sh: {stamp} -->")
print(f"Measured {stamp}; `evaluate --threads 1`, every output piped into `cat > /dev/null`, CPU time "
      f"(user + system, to the microsecond), median of {runs} interleaved runs; "
      f"start-up (`evaluate` on an empty file): {e * 1000:.0f} ms.")
print()
print("| input | against | output | CPU s | µs per learner (start-up subtracted) | ratio | ratio without subtracting |")
print("| --- | --- | --- | ---: | ---: | ---: | ---: |")
rows = [
    ("CSV (units only)", "the same learners as JSON Lines", "table", "csv-table", "jsonl-table", n_csv),
    ("CSV (units only)", "the same learners as JSON Lines", "jsonl", "csv-jsonl", "jsonl-jsonl", n_csv),
    ("JSON Lines, 5% with exceptions", "the same learners without", "table", "exceptions-table", "plain-table", n),
    ("JSON Lines, 5% with exceptions", "the same learners without", "jsonl", "exceptions-jsonl", "plain-jsonl", n),
]
for what, base_name, fmt, a, b, count in rows:
    ta, tb = cpu(a), cpu(b)
    print(f"| {what} | {base_name} | {fmt} | {ta:.3f} (against {tb:.3f}) | {max(ta - e, 0) / count * 1e6:.2f} "
          f"(against {max(tb - e, 0) / count * 1e6:.2f}) | {max(ta - e, 0) / max(tb - e, 1e-9):.2f}× | {ta / tb:.2f}× |")
print()
print(f"{n} generated learners (`qualkit generate --seed 1`); the CSV file holds the {n_csv} of them with units, "
      f"and its JSON Lines twin the same {n_csv}.")
EOF
cat "$out"

if [ "${UPDATE_README:-0}" = 1 ]; then
    python3 "$root/Benchmarks/readme-table.py" inputs "$out"
    echo "inputs.sh: Benchmarks/README.md updated" >&2
fi
