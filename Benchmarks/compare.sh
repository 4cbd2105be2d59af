#!/usr/bin/env bash
# Side-by-side comparison on one generated learner file, runs interleaved:
#   wc -l (the read floor) | qualkit evaluate --format jsonl to a file | qualkit evaluate --format table |
#   the GoRules ZEN peer from ../shared/peers (to a file) | dd writing as many bytes as the jsonl output
#   (the write floor: what storing that much output costs on this machine, whatever computes it)
# then checks that QualKit's achieved/credits agree with ZEN's wherever ZEN's simplified rules apply,
# and prints medians and ratios. A second, larger file (LARGE learners) measures table vs wc -l and peak
# memory at scale.
#
# Usage: Benchmarks/compare.sh [N] [LARGE]     defaults: N=1000000, LARGE=10000000 (0 skips it)
#        RUNS=3 (runs of each command), WORK=dir (where files go; default a temporary folder)
set -euo pipefail
N=${1:-1000000}
LARGE=${2:-10000000}
RUNS=${RUNS:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
peers=$(cd "$root/.." && pwd)/shared/peers
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
[ -x /usr/bin/time ] || { echo "compare.sh needs GNU time (apt-get install time)" >&2; exit 1; }

echo "== building qualkit (release)"
(cd "$root" && swift build -c release --product qualkit >/dev/null)
Q="$root/.build/release/qualkit"

gen() {  # gen COUNT FILE
    if [ -f "$peers/gen_learners.py" ]; then python3 "$peers/gen_learners.py" --learners "$1" --seed 1 > "$2"
    else "$Q" generate --learners "$1" --seed 1 -o "$2"; fi
}

zen_python=""
if [ -f "$peers/zen/run_zen.py" ]; then
    venv="${ZEN_VENV:-$HOME/.cache/qualkit-zenvenv}"
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import zen" 2>/dev/null; then
        echo "== installing zen-engine 2.1.3 into $venv"
        python3 -m venv "$venv" && "$venv/bin/pip" install -q zen-engine==2.1.3
    fi
    zen_python="$venv/bin/python"
else
    echo "(no ZEN peer at $peers/zen: skipping it)"
fi

file="$work/learners-$N.jsonl"
[ -s "$file" ] || { echo "== generating $N learners"; gen "$N" "$file"; }
echo "   $(du -h "$file" | cut -f1) in $file"

declare -A times mem
# /usr/bin/time writes its line to stderr after the command's own stderr; keep only that line.
timed() { local name=$1; shift; local t; t=$(/usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1); times[$name]="${times[$name]:-} ${t%% *}"; mem[$name]="${mem[$name]:-} ${t##* }"; }

for r in $(seq 1 "$RUNS"); do
    echo "== run $r of $RUNS"
    timed "wc -l" wc -l "$file"
    timed "qualkit jsonl" "$Q" evaluate --no-progress --format jsonl -o "$work/qualkit.jsonl" "$file"
    blocks=$(( ($(stat -c %s "$work/qualkit.jsonl") + 4194303) / 4194304 ))
    timed "write floor (dd)" dd if=/dev/zero of="$work/floor.bin" bs=4M count="$blocks" status=none
    rm -f "$work/floor.bin"
    timed "qualkit table" "$Q" evaluate --no-progress --format table -o "$work/qualkit.txt" "$file"
    if [ -n "$zen_python" ]; then timed "ZEN (zen-engine)" sh -c "\"$zen_python\" \"$peers/zen/run_zen.py\" \"$file\" > \"$work/zen.jsonl\""; fi
done

echo "== checking agreement with ZEN"
if [ -n "$zen_python" ]; then
python3 - "$work/qualkit.jsonl" "$work/zen.jsonl" <<'PY'
import json, sys
# ZEN's decision applies the registration end date but not the certification end date or the completion
# window; results whose only difference could come from those are left out of the comparison.
skip_codes = {"certification-closed", "completion-window"}
zen = {}
with open(sys.argv[2]) as f:
    for line in f:
        r = json.loads(line)
        zen[(r["learner"], r["qualification"])] = (r["achieved"], r["credits"])
compared = skipped = mismatched = 0
examples = []
with open(sys.argv[1]) as f:
    for line in f:
        r = json.loads(line)
        z = zen.get((r["learner"], r["qualification"]))
        if z is None:
            mismatched += 1; examples.append(("missing in ZEN", r["learner"], r["qualification"])); continue
        if any(u["code"] in skip_codes for u in r["unmet"]):
            skipped += 1
            if z[1] != r["credits"]: mismatched += 1; examples.append(("credits", r["learner"], r["qualification"]))
            continue
        compared += 1
        if (r["achieved"], r["credits"]) != z:
            mismatched += 1; examples.append(((r["achieved"], r["credits"]), z, r["learner"], r["qualification"]))
print(f"   compared {compared} results, {skipped} left out (certification end / completion window), {mismatched} disagree")
for e in examples[:10]: print("   ", e)
sys.exit(1 if mismatched else 0)
PY
fi

median() { printf '%s\n' $1 | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo
echo "== $N learners, $(nproc) cores, medians of $RUNS runs"
printf '| %-22s | %10s | %12s | %14s |\n' "command" "wall s" "peak RSS MB" "vs qualkit jsonl"
printf '| %-22s | %10s | %12s | %14s |\n' "---" "---" "---" "---"
qj=$(median "${times[qualkit jsonl]}")
for name in "wc -l" "write floor (dd)" "qualkit jsonl" "qualkit table" "ZEN (zen-engine)"; do
    [ -n "${times[$name]:-}" ] || continue
    t=$(median "${times[$name]}"); m=$(median "${mem[$name]}")
    printf '| %-22s | %10s | %12s | %14s |\n' "$name" "$t" "$(awk -v k="$m" 'BEGIN{printf "%.1f", k/1024}')" "$(awk -v a="$t" -v b="$qj" 'BEGIN{ if (b>0) printf "%.1f×", a/b; else print "-"}')"
done
if [ -n "${times[ZEN (zen-engine)]:-}" ]; then
    echo "ZEN / qualkit jsonl: $(awk -v a="$(median "${times[ZEN (zen-engine)]}")" -v b="$qj" 'BEGIN{printf "%.1f", a/b}')×"
fi
echo "qualkit table / wc -l: $(awk -v a="$(median "${times[qualkit table]}")" -v b="$(median "${times[wc -l]}")" 'BEGIN{ if (b>0) printf "%.1f", a/b; else print "-"}')×"
echo "qualkit jsonl / write floor: $(awk -v a="$qj" -v b="$(median "${times[write floor (dd)]}")" 'BEGIN{ if (b>0) printf "%.1f", a/b; else print "-"}')× ($(du -h "$work/qualkit.jsonl" | cut -f1) of output)"

if [ "$LARGE" -gt 0 ]; then
    big="$work/learners-$LARGE.jsonl"
    [ -s "$big" ] || { echo "== generating $LARGE learners"; gen "$LARGE" "$big"; }
    unset 'times[wc -l]' 'times[qualkit table]' 'mem[qualkit table]'
    for r in $(seq 1 "$RUNS"); do
        timed "wc -l" wc -l "$big"
        timed "qualkit table" "$Q" evaluate --no-progress --format table -o "$work/qualkit-large.txt" "$big"
    done
    t=$(median "${times[qualkit table]}"); w=$(median "${times[wc -l]}"); m=$(median "${mem[qualkit table]}")
    echo
    echo "== $LARGE learners ($(du -h "$big" | cut -f1)): wc -l ${w} s, qualkit table ${t} s (${m} KB peak RSS)"
    echo "qualkit table / wc -l: $(awk -v a="$t" -v b="$w" 'BEGIN{ if (b>0) printf "%.1f", a/b; else print "-"}')×"
fi
