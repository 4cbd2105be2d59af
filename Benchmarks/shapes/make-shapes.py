#!/usr/bin/env python3
"""Writes the big-pack shapes of the exact-evaluation benchmarks as spec packs, and a learner file per shape.

    make-shapes.py OUT_DIR

Each shape is a pack directory OUT_DIR/NAME (pack.yaml, units.yaml, qualifications.yaml), OUT_DIR/NAME.jsonl
with learners that stress it (every unit but one, every unit, none, and a sweep of prefixes), and
OUT_DIR/NAME.real.jsonl with 2,000 seeded learners who hold random eighths, quarters, halves and three
quarters of the units, or five of them (the mix a centre's file has: most of them reach the exact
assignment and its cheapest completion). The shapes are the ones a third-party author brings
(overlapping optional groups, a capped group, deep routes, 120- and 300-unit diplomas, a catalogue of ten
qualifications over 200 shared units, with and without caps and bars) and the ones that used to break the
engine (257 mandatory units, 129 routes).
"""
import json, os, random, sys


def write_units(out, name, units):
    """The pack's folder with its pack.yaml and units.yaml; returns the folder."""
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "pack.yaml"), "w") as f:
        f.write(f"id: shape-{name}\nfamily: \"{name}\"\nawarding_organisation: QualKit benchmarks\nversion: 1.0.0\n"
                f"notes:\n  - A synthetic pack for the benchmarks (Benchmarks/shapes/make-shapes.py), not a real qualification.\n")
    with open(os.path.join(d, "units.yaml"), "w") as f:
        f.write("units:\n")
        for code, credits, level in units:
            f.write(f"  - code: {code}\n    title: Unit {code}\n    level: {level}\n    credits: {credits}\n    glh: {credits * 3}\n")
    return d


def write_pack(out, name, units, groups, rules, credit_value, size):
    d = write_units(out, name, units)
    with open(os.path.join(d, "qualifications.yaml"), "w") as f:
        f.write("groups:\n" if groups else "groups: []\n")
        for gid, members in groups:
            f.write(f"  - id: {gid}\n    title: Group {gid}\n    units: [{', '.join(members)}]\n")
        f.write(f"qualifications:\n  - id: {name}\n    title: Shape {name}\n    level: 3\n    credit_value: {credit_value}\n"
                f"    size: {size}\n    rules:\n")
        for r in rules:
            f.write("      " + r.replace("\n", "\n      ") + "\n")
    codes = [u[0] for u in units]
    with open(os.path.join(out, name + ".jsonl"), "w") as f:
        sets = [codes[:-1], codes, [], codes[1:]] + [codes[:k] for k in range(0, len(codes), max(1, len(codes) // 16))]
        for i, s in enumerate(sets):
            f.write(json.dumps({"id": f"{name}-{i}", "units": [{"code": c} for c in s]}) + "\n")
    write_learners(out, name, codes)


def write_family(out, name, units, quals):
    """A pack of several qualifications over one pool of units, and learners who hold random parts of it."""
    d = write_units(out, name, units)
    with open(os.path.join(d, "qualifications.yaml"), "w") as f:
        f.write("groups:\n")
        for _, groups, _ in quals:
            for gid, members in groups:
                f.write(f"  - id: {gid}\n    title: Group {gid}\n    units: [{', '.join(members)}]\n")
        f.write("qualifications:\n")
        for qid, _, rules in quals:
            f.write(f"  - id: {qid}\n    title: Shape {qid}\n    level: 3\n    credit_value: 44\n    size: diploma\n    rules:\n")
            for r in rules:
                f.write("      " + r.replace("\n", "\n      ") + "\n")
    write_learners(out, name, [u[0] for u in units])


def write_learners(out, name, codes):
    """Realistic learners for a shape: a seeded mix of nearly complete, part-way and beginning learners."""
    rng = random.Random(name)
    with open(os.path.join(out, name + ".real.jsonl"), "w") as f:
        for i in range(2000):
            k = rng.choice([len(codes) // 8, len(codes) // 4, len(codes) // 2, 3 * len(codes) // 4, 5])
            held = rng.sample(codes, min(k, len(codes)))
            f.write(json.dumps({"id": f"{name}-r{i}", "units": [{"code": c} for c in held]}) + "\n")


def main(out):
    for n in (20, 40, 64):
        units = [(f"O{n}-{i:03d}", 3, 3) for i in range(n)]
        codes = [u[0] for u in units]
        write_pack(out, f"overlap-{n}", units, [("a", codes), ("b", codes)],
                   ["- min_credits_from_group: { group: a, credits: 12 }", "- min_credits_from_group: { group: b, credits: 12 }"],
                   24, "certificate")
    units = [(f"T-{i:03d}", 3, 3) for i in range(20)]
    codes = [u[0] for u in units]
    write_pack(out, "three-groups-cap", units, [("a", codes), ("b", codes), ("c", codes), ("all", codes)],
               ["- min_credits_from_group: { group: a, credits: 12 }", "- min_credits_from_group: { group: b, credits: 12 }",
                "- min_credits_from_group: { group: c, credits: 12 }", "- max_credits_from_group: { group: all, credits: 36 }"],
               36, "certificate")
    # Twelve any_of nested one inside the other: route a ends it, route b goes one level deeper.
    units, rule = [], None
    for k in reversed(range(12)):
        a, b = f"N-{k:02d}a", f"N-{k:02d}b"
        units += [(a, 3, 3), (b, 3, 3)]
        inner = [f"- mandatory: [{b}]"] + ([rule] if rule else [f"- mandatory: [{a}]"])
        rule = ("- any_of:\n    - route: a{k}\n      title: Route a{k}\n      rules:\n        - mandatory: [{a}]\n"
                "    - route: b{k}\n      title: Route b{k}\n      rules:\n" +
                "\n".join("        " + line.replace("\n", "\n        ") for line in inner)).format(k=k, a=a)
    write_pack(out, "nested-routes-12", sorted(units), [], [rule], 3, "award")
    # A 120-credit diploma: 10 mandatory units, optional groups B and C, free credits and a level-4 floor.
    mand = [(f"D-M{i:02d}", 6, 3) for i in range(10)]
    gb = [(f"D-B{i:02d}", 3 + i % 4, 3 + i % 2) for i in range(60)]
    gc = [(f"D-C{i:02d}", 3 + i % 3, 3 + (i + 1) % 2) for i in range(50)]
    write_pack(out, "diploma-120", mand + gb + gc, [("b", [u[0] for u in gb]), ("c", [u[0] for u in gc])],
               [f"- mandatory: [{', '.join(u[0] for u in mand)}]", "- min_credits_from_group: { group: b, credits: 30 }",
                "- min_credits_from_group: { group: c, credits: 15 }", "- min_credits: 120",
                "- min_credits_at_level: { level: 4, credits: 40 }"], 120, "diploma")
    # A 300-unit diploma: 10 mandatory units and six optional groups, E and F sharing 15 units.
    mand = [(f"P-M{i:02d}", 6, 3) for i in range(10)]
    own = {g: [(f"P-{g}{i:02d}", 3 + i % 4, 3 + (i + ord(g)) % 3) for i in range(n)]
           for g, n in (("A", 60), ("B", 60), ("C", 50), ("D", 50), ("E", 35), ("F", 20))}
    shared = [(f"P-S{i:02d}", 3 + i % 4, 3 + i % 3) for i in range(15)]
    members = {g: [u[0] for u in own[g]] + ([u[0] for u in shared] if g in "EF" else []) for g in own}
    write_pack(out, "diploma-300", mand + [u for g in own for u in own[g]] + shared,
               [(g.lower(), members[g]) for g in own],
               [f"- mandatory: [{', '.join(u[0] for u in mand)}]"]
               + [f"- min_credits_from_group: {{ group: {g.lower()}, credits: {c} }}"
                  for g, c in (("A", 15), ("B", 15), ("C", 10), ("D", 10), ("E", 9), ("F", 9))]
               + ["- min_credits: 150", "- min_credits_at_level: { level: 4, credits: 40 }"], 150, "diploma")
    # A catalogue: ten qualifications over one pool of 200 units, each with its own mandatory units and
    # groups drawn from the pool; then the same with caps and barred pairs.
    pool = [(f"K-{i:03d}", 3 + i % 4, 2 + i % 4) for i in range(200)]
    for variant in ("catalogue-200", "catalogue-200-caps"):
        quals = []
        for q in range(10):
            mand = [pool[(q * 7 + k) % 200][0] for k in range(4)]
            opt = [pool[(q * 19 + 11 + k * 3) % 200][0] for k in range(40)]
            opt = [c for c in opt if c not in mand]
            ga, gb = opt[:25], opt[25:]
            rules = [f"- mandatory: [{', '.join(mand)}]", f"- min_credits_from_group: {{ group: q{q}a, credits: 18 }}",
                     f"- min_units_from_group: {{ group: q{q}b, units: 2 }}", f"- min_credits: {12 + 18 + 8 + 6}"]
            if variant.endswith("caps"):
                rules += [f"- max_credits_from_group: {{ group: q{q}a, credits: 27 }}",
                          f"- barred: [{ga[0]}, {gb[0]}]", "- max_credits_at_level: { level: 2, credits: 9 }"]
            quals.append((f"{variant}-q{q}", [(f"q{q}a", ga), (f"q{q}b", gb)], rules))
        write_family(out, variant, pool, quals)
    units = [(f"M-{i:03d}", 1, 3) for i in range(257)]
    write_pack(out, "mandatory-257", units, [], [f"- mandatory: [{', '.join(u[0] for u in units)}]"], 257, "diploma")
    units, routes = [], []
    for k in range(129):
        a, b = f"R-{k:03d}a", f"R-{k:03d}b"
        units += [(a, 3, 3), (b, 3, 3)]
        routes.append(f"    - route: r{k}\n      title: Route {k}\n      rules:\n        - mandatory: [{a}, {b}]")
    write_pack(out, "routes-129", units, [], ["- any_of:\n" + "\n".join(routes)], 6, "award")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "shapes")
