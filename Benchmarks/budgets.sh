#!/usr/bin/env bash
# The default budgets in seconds: the worst pack sets they accept, loaded, and the worst learner, evaluated.
#
#   Benchmarks/budgets.sh [QUALKIT]     (default: .build/release/qualkit; build it first)
#
# Reads the defaults from `qualkit evaluate --help` and writes, with budgets/make-budget-packs.py:
# - "steps": the costliest single qualification the per-qualification limits accept (390 one-credit units
#   in six groups, each asking for 2 of them: 729 states live over every unit, 1,959,552 steps; of the
#   shapes tried, the one that costs most per step), then a second one of the same kind filling what the
#   registry's budget has left beside the bundled packs;
# - "dated": the same shape with a certification end (and a cap no learner can break, so that every decision
#   runs the assignment programme), as many units as fit: a learner holding a unit achieved too late is
#   decided twice (EvaluationCost.decisions), and the budgets charge both decisions;
# - "paths": qualifications of 4,096 paths (two `any_of` of 64 routes; no steps), as many as fit;
# - "small": qualifications of one mandatory unit (one path each), as many as fit.
# Each set is filled up to the registry budget (EvaluationLimits.maximumCatalogSteps) together with the
# bundled packs: `validate` accepts it, and the same set with one qualification more is rejected (checked).
# For each set: the CPU time (user + system) of loading it with the bundled packs (`evaluate` on an empty
# file), and per learner of `evaluate --threads 1` (the default JSON Lines: the decision, the cheapest
# completion and the counted credits) on 20 distinct learners of each kind, the empty run subtracted: one
# unit held (the completion searched over every unit), every unit but one, and for "steps" one unit held
# with two substitutions in the second qualification (the learner's budget, maximumLearnerSteps, spent); for
# "dated", one unit held and every unit but one with one of them late (the second decision).
# Distinct learners: a repeated unit set is answered from the decision cache. Medians of RUNS runs
# (default 3). CPU time, not wall time: the machine is shared.
#
# Writes Benchmarks/results/budgets.md (stamped with the commit, the time and the load average) and prints
# it; with UPDATE_README=1 also replaces the table between the markers in Benchmarks/README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
Q="${1:-$root/.build/release/qualkit}"
RUNS="${RUNS:-3}"
G="$here/budgets/make-budget-packs.py"
[ -x "$Q" ] || { echo "budgets.sh: build first: swift build -c release --product qualkit" >&2; exit 1; }
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
: > "$tmp/empty.jsonl"

default() { "$Q" evaluate --help | tr '\n' ' ' | sed -E "s/.*--$1 <N> +[^(]*\(default +([0-9]+)\).*/\1/"; }
catalog=$(default max-catalog-steps); pack=$(default max-pack-steps); learner=$(default max-learner-steps)
charge=500 # EvaluationLimits.stepsPerPath
# What the bundled packs take: each qualification's budget_steps (EvaluationCost.budgetSteps: its decisions'
# steps, the counted credits' search and the path charge).
bundled="$("$Q" list --format json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(sum(q["evaluation_cost"]["budget_steps"] for p in d["packs"] for q in p["qualifications"]))')"

# cpu COMMAND…: the median CPU seconds of RUNS runs.
source "$here/cpu.sh"

# The budget a pack takes: its qualifications' budget_steps, from `list --format json`.
taken() {
    "$Q" list --format json --specs "$1" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(sum(q["evaluation_cost"]["budget_steps"] for p in d["packs"] if p["id"] == sys.argv[1]
          for q in p["qualifications"]))' "budget-$(basename "$1")"
}
accepted() { "$Q" validate "$1" >/dev/null 2>&1; }

# "steps": the costliest qualification, then one of the same kind in what is left: the most units of three
# groups asking for 4 each that fit both what the registry has left and a third of the learner's budget (two
# substitutions in it are three more decisions), found by bisection over the units with `validate`.
python3 "$G" shape "$tmp" steps 390 6 2
joined() { # UNITS: writes steps-full, the costliest qualification and the second one of UNITS units
    rm -rf "$tmp/steps-b" "$tmp/steps-full"; python3 "$G" shape "$tmp" steps-b "$1" 3 4
    python3 - "$tmp" <<'EOF2'
import sys, os
t = sys.argv[1]
a, b, full = (os.path.join(t, n) for n in ("steps", "steps-b", "steps-full"))
os.makedirs(full)
units_b = open(os.path.join(b, "units.yaml")).read().split("\n", 1)[1]
open(os.path.join(full, "units.yaml"), "w").write(open(os.path.join(a, "units.yaml")).read() + units_b)
ga, qsa = open(os.path.join(a, "qualifications.yaml")).read().split("qualifications:\n")
gb, qsb = open(os.path.join(b, "qualifications.yaml")).read().split("qualifications:\n")
gb = gb.split("groups:\n", 1)[1].replace("id: q0g", "id: bq0g")
qsb = qsb.replace("group: q0g", "group: bq0g")
open(os.path.join(full, "qualifications.yaml"), "w").write(ga + gb + "qualifications:\n" + qsa + qsb)
open(os.path.join(full, "pack.yaml"), "w").write(
    open(os.path.join(a, "pack.yaml")).read().replace("budget-steps", "budget-steps-full"))
EOF2
}
fits() { # UNITS: whether the pair fits the registry and the second a third of the learner's budget
    joined "$1"; accepted "$tmp/steps-full" || return 1
    [ $(( $(taken "$tmp/steps-full") - $(taken "$tmp/steps") )) -le $((learner / 3)) ]
}
low=12; high=512
fits "$low" || { echo "budgets.sh: the costliest qualification leaves no room beside it" >&2; exit 1; }
while [ $((high - low)) -gt 1 ]; do
    mid=$(( (low + high) / 2 ))
    if fits "$mid"; then low=$mid; else high=$mid; fi
done
units=$low; joined "$units"

# "dated": the costliest shape with a certification end, so that a learner with a unit achieved too late is
# decided twice (EvaluationCost.decisions): the most units of six groups asking for 2 that fit the registry
# beside the bundled packs, each decision charged.
dated_fits() { rm -rf "$tmp/dated"; python3 "$G" shape "$tmp" dated "$1" 6 2 1 2020-12-31; accepted "$tmp/dated"; }
low=12; high=390
dated_fits "$low" || { echo "budgets.sh: no dated qualification fits" >&2; exit 1; }
while [ $((high - low)) -gt 1 ]; do
    mid=$(( (low + high) / 2 ))
    if dated_fits "$mid"; then low=$mid; else high=$mid; fi
done
dated_units=$low; dated_fits "$dated_units"
dated_steps=$("$Q" list --format json --specs "$tmp/dated" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(sum(q["evaluation_cost"]["steps"] for p in d["packs"] if p["id"] == "budget-dated" for q in p["qualifications"]))')

# "paths" and "small": as many qualifications as fit, and the check that one more does not.
fill() { # KIND NAME ARGS… : writes NAME with COUNT qualifications, the most that fit
    local kind=$1 name=$2; shift 2
    local one count
    python3 "$G" "$kind" "$tmp" "$name" "$@" 1
    one=$(taken "$tmp/$name")
    count=$(( (catalog - bundled) / one + 1 ))
    while :; do
        rm -rf "${tmp:?}/$name"; python3 "$G" "$kind" "$tmp" "$name" "$@" "$count"
        accepted "$tmp/$name" && break
        count=$((count - 1)); [ "$count" -gt 0 ] || { echo "budgets.sh: no $kind qualification fits" >&2; exit 1; }
    done
    echo "$count"
}
paths_count=$(fill routes paths 64 2)
small_count=$(fill tiny small)
# The precise diagnostic one qualification over gives (recorded with the results).
rm -rf "$tmp/small-over"; python3 "$G" tiny "$tmp" small-over $((small_count + 1))
over_message=$("$Q" validate "$tmp/small-over" 2>&1 | grep -m1 'limit-exceeded' | sed -E 's#^[^ ]*: error: ##' || true)

# Learners: 20 distinct ones of each kind.
python3 - "$tmp" <<'EOF'
import json, os, sys
t = sys.argv[1]
def codes(pack):
    return [l.split(":", 1)[1].strip() for l in open(os.path.join(t, pack, "units.yaml")) if l.strip().startswith("- code:")]
def write(name, learners):
    with open(os.path.join(t, name + ".jsonl"), "w") as f:
        for l in learners: f.write(json.dumps(l) + "\n")
for pack in ("steps-full", "paths", "small"):
    c = codes(pack)
    write(pack + ".one", [{"id": f"one{i}", "units": [{"code": c[i]}]} for i in range(20)])
    write(pack + ".all-but-one", [{"id": f"abo{i}", "units": [{"code": x} for j, x in enumerate(c) if j != i]}
                                  for i in range(20)])
c = codes("dated")
write("dated.one", [{"id": f"one{i}", "units": [{"code": c[i], "achieved": "2019-01-01"}]} for i in range(20)])
# Every unit but one, in time except the i-th, achieved after the certification end: the rules are met with
# it and decided again without it.
write("dated.late", [{"id": f"late{i}", "units": [{"code": x, "achieved": "2021-06-01" if j == i else "2019-01-01"}
                                                  for j, x in enumerate(c) if j != len(c) - 1 - i]}
                     for i in range(20)])
c = codes("steps-full")
a = [x for x in c if x.startswith("steps-") and not x.startswith("steps-b")]
b = [x for x in c if x.startswith("steps-b")]
write("steps-full.substitutions", [{"id": f"sub{i}", "units": [{"code": a[i]}, {"code": b[0]}, {"code": b[1]}],
    "exceptions": [{"kind": "substitute", "unit": b[0], "for": b[2 + i], "reason": "benchmark"},
                   {"kind": "substitute", "unit": b[1], "for": b[30 + i], "reason": "benchmark"}]} for i in range(20)])
EOF

commit="$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- Sources || echo '+changes')"
stamp="$(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit, load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
out="$root/Benchmarks/results/budgets.md"
row() { # NAME DESCRIPTION PACK LEARNER-KINDS…
    local name=$1 what=$2 p=$3; shift 3
    local e worst=0 kind t kinds=""
    local steps; steps=$(taken "$tmp/$p")
    e=$(cpu "$Q" evaluate --threads 1 --specs "$tmp/$p" "$tmp/empty.jsonl")
    for kind in "$@"; do
        t=$(cpu "$Q" evaluate --threads 1 --specs "$tmp/$p" "$tmp/$p.$kind.jsonl")
        t=$(python3 -c "print(f'{max($t - $e, 0) / 20 * 1000:.1f}')")
        kinds="$kinds$kind $t, "
        worst=$(python3 -c "print(max($worst, $t))")
    done
    python3 -c "
print(f'| $name | $what | {$steps + $bundled:,} | {$e:.2f} | ${kinds%, } | {$worst:.1f} |')"
}
{
echo "<!-- written by Benchmarks/budgets.sh: $stamp -->"
echo "Measured $stamp; CPU time, median of $RUNS runs, \`--threads 1\`, release build."
n() { python3 -c "print(f'{$1:,}')"; }
echo "Default budgets: registry (\`maximumCatalogSteps\`) $(n "$catalog"), pack (\`maximumPackSteps\`) $(n "$pack"), learner (\`maximumLearnerSteps\`) $(n "$learner") steps; $charge steps a path (\`EvaluationLimits.stepsPerPath\`); the bundled packs take $(n "$bundled")."
echo
echo "| pack set (with the bundled packs) | what | budget taken | load s | ms per learner, by kind | worst learner ms |"
echo "| --- | --- | ---: | ---: | --- | ---: |"
row steps "the costliest qualification (1,959,552 steps) and one of $units units (3 groups asking for 4)" steps-full one all-but-one substitutions
row dated "a qualification of $dated_units units (6 groups asking for 2, a cap none can break; $(n "$dated_steps") steps a decision) with a certification end, decided twice for a late unit" dated one late
row paths "$paths_count of 4,096 paths (the most that fit)" paths one all-but-one
row small "$small_count qualifications of one mandatory unit" small one all-but-one
echo
echo "One qualification more than \`small\` holds: \`$over_message\`"
} | tee "$out"

if [ "${UPDATE_README:-0}" = 1 ]; then
    python3 "$root/Benchmarks/readme-table.py" budgets "$out"
    echo "budgets.sh: Benchmarks/README.md updated" >&2
fi
