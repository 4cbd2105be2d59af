#!/usr/bin/env python3
"""Writes the worst inputs the default budgets accept, for Benchmarks/budgets.sh.

    make-budget-packs.py shape OUT_DIR NAME UNITS GROUPS MINIMUM [COUNT [CERTIFICATION_END]]
    make-budget-packs.py learners OUT_DIR PACK_DIR...

`shape` writes a pack OUT_DIR/NAME of COUNT qualifications (default 1), each GROUPS groups over one pool of
UNITS one-credit units, every group asking for MINIMUM units of it: every unit can count towards every
group, so the exact assignment's states are the mixes of what each group still needs, (MINIMUM + 1)^GROUPS
of them, all live over every unit. That is the costliest structure per unit the rules allow (each step
tries every group). The k-th qualification (from 0) has UNITS - k units, so that no two compile to the
same programme (the worst case is remembered per programme within a process, which would hide the cost
of a pack of copies). With CERTIFICATION_END (YYYY-MM-DD), each has that certification end (a learner holding a
unit achieved after it is decided twice) and a cap on its first group that no learner can break, so that
both decisions are the assignment programme's, not the search over classes.

`learners` writes OUT_DIR/learners.jsonl: learners over every unit of the packs given, the ones that make
the evaluator work hardest (none held, one short of every group, every unit, every other unit), each
also with an equivalence-free substitution of one held unit for an unheld one, which adds a choice.
"""
import json, os, sys


def write_shape(out, name, units, groups, minimum, count, certification_end=None):
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "pack.yaml"), "w") as f:
        f.write(f"id: budget-{name}\nfamily: \"{name}\"\nawarding_organisation: QualKit benchmarks\nversion: 1.0.0\n"
                "notes:\n  - A synthetic pack (Benchmarks/budgets/make-budget-packs.py), not a real qualification.\n")
    codes = [f"{name}-{i:03d}" for i in range(units)]
    with open(os.path.join(d, "units.yaml"), "w") as f:
        f.write("units:\n")
        for code in codes:
            f.write(f"  - code: {code}\n    title: Unit {code}\n    level: 3\n    credits: 1\n    glh: 3\n")
    with open(os.path.join(d, "qualifications.yaml"), "w") as f:
        f.write("groups:\n")
        for q in range(count):
            members = ", ".join(codes[:units - q])
            for g in range(groups):
                f.write(f"  - id: q{q}g{g}\n    title: Group {g} of {q}\n    units: [{members}]\n")
        f.write("qualifications:\n")
        for q in range(count):
            # A unit counts towards one group only: the least a learner can achieve is every group's minimum.
            credits = groups * minimum
            size = "award" if credits <= 12 else "certificate" if credits <= 36 else "diploma"
            f.write(f"  - id: {name}-q{q}\n    title: Shape {name} {q}\n    level: 3\n    credit_value: {credits}\n"
                    f"    size: {size}\n")
            if certification_end:
                f.write(f"    validity:\n      certification_end: \"{certification_end}\"\n")
            f.write("    rules:\n")
            for g in range(groups):
                f.write(f"      - min_units_from_group: {{ group: q{q}g{g}, units: {minimum} }}\n")
            if certification_end:
                # A cap no learner can break: every decision is then the assignment programme's (the search
                # over classes of interchangeable units serves only paths without caps or bars).
                f.write(f"      - max_credits_from_group: {{ group: q{q}g0, credits: {units - q} }}\n")


def write_routes(out, name, routes, blocks, count):
    """COUNT qualifications of BLOCKS `any_of` rules of ROUTES routes each (ROUTES^BLOCKS paths), each route one
    mandatory unit of its own: no assignment programme at all (0 steps), only paths to compile and try."""
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "pack.yaml"), "w") as f:
        f.write(f"id: budget-{name}\nfamily: \"{name}\"\nawarding_organisation: QualKit benchmarks\nversion: 1.0.0\n"
                "notes:\n  - A synthetic pack (Benchmarks/budgets/make-budget-packs.py), not a real qualification.\n")
    codes = [[f"{name}-{b}-{r:03d}" for r in range(routes)] for b in range(blocks)]
    with open(os.path.join(d, "units.yaml"), "w") as f:
        f.write("units:\n")
        for code in sum(codes, []):
            f.write(f"  - code: {code}\n    title: Unit {code}\n    level: 3\n    credits: 1\n    glh: 3\n")
    with open(os.path.join(d, "qualifications.yaml"), "w") as f:
        f.write("groups: []\nqualifications:\n")
        for q in range(count):
            f.write(f"  - id: {name}-q{q}\n    title: Shape {name} {q}\n    level: 3\n    credit_value: {blocks}\n"
                    f"    size: award\n    rules:\n")
            for b in range(blocks):
                f.write("      - any_of:\n")
                # The k-th qualification leaves out its first k routes of the first block: no two are alike.
                for r in range(q if b == 0 else 0, routes):
                    f.write(f"          - route: b{b}r{r}\n            title: Route {r}\n"
                            f"            rules:\n              - mandatory: [{codes[b][r]}]\n")


def write_tiny(out, name, count):
    """COUNT qualifications of one mandatory unit each: the most qualifications (and paths) a pack file holds."""
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "pack.yaml"), "w") as f:
        f.write(f"id: budget-{name}\nfamily: \"{name}\"\nawarding_organisation: QualKit benchmarks\nversion: 1.0.0\n"
                "notes:\n  - A synthetic pack (Benchmarks/budgets/make-budget-packs.py), not a real qualification.\n")
    with open(os.path.join(d, "units.yaml"), "w") as f:
        f.write("units:\n")
        for q in range(count):
            f.write(f"  - code: {name}-{q}\n    title: U\n    level: 3\n    credits: 1\n    glh: 3\n")
    with open(os.path.join(d, "qualifications.yaml"), "w") as f:
        f.write("groups: []\nqualifications:\n")
        for q in range(count):
            f.write(f"  - id: {name}-q{q}\n    title: Q\n    level: 3\n    credit_value: 1\n    size: award\n"
                    f"    rules:\n      - mandatory: [{name}-{q}]\n")


def write_learners(out, packs):
    codes = []
    for p in packs:
        with open(os.path.join(p, "units.yaml")) as f:
            codes += [line.split(":", 1)[1].strip() for line in f if line.strip().startswith("- code:")]
    sets = {"none": [], "all": codes, "half": codes[::2], "five": codes[:5], "all-but-one": codes[:-1]}
    with open(os.path.join(out, "learners.jsonl"), "w") as f:
        for name, held in sets.items():
            f.write(json.dumps({"id": name, "units": [{"code": c} for c in held]}) + "\n")
            if held and len(held) < len(codes):
                spare = next(c for c in codes if c not in set(held))
                f.write(json.dumps({"id": name + "+sub", "units": [{"code": c} for c in held],
                                    "exceptions": [{"kind": "substitute", "unit": held[0], "for": spare,
                                                    "reason": "benchmark"}]}) + "\n")


if __name__ == "__main__":
    if sys.argv[1] == "shape":
        out, name, units, groups, minimum = sys.argv[2], sys.argv[3], *map(int, sys.argv[4:7])
        write_shape(out, name, units, groups, minimum, int(sys.argv[7]) if len(sys.argv) > 7 else 1,
                    sys.argv[8] if len(sys.argv) > 8 else None)
    elif sys.argv[1] == "routes":
        out, name, routes, blocks = sys.argv[2], sys.argv[3], *map(int, sys.argv[4:6])
        write_routes(out, name, routes, blocks, int(sys.argv[6]) if len(sys.argv) > 6 else 1)
    elif sys.argv[1] == "tiny":
        write_tiny(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif sys.argv[1] == "learners":
        write_learners(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
