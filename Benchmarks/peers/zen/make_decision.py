#!/usr/bin/env python3
"""Writes the loaded qualifications as one GoRules ZEN decision (JDM), from QualKit's own model.

    qualkit list --format model | python3 make_decision.py > decision.json

Generated, not hand-copied: units, credits, practice-hour minimums, mark sheets, rules of combination,
tutorial and induction minimums and registration end dates all come from the packs, so the peer decides the
same qualifications as QualKit whatever the packs say. The shape is that of the ZEN decision a user
might pick for the same seven qualifications: an expression node for the unit facts, a decision table with one row per route
(hit policy collect), an expression node for the results; Python only feeds lines and formats output.

What a decision table can say without an assignment search is generated: mandatory units, minimum credits
or units from a group, minimum credits overall, and alternative routes. A pack with caps, bars, credits at
a level, or groups that share units on one route is refused with a message: the peer would not decide it
exactly. Like the reference peer, it checks the registration end date but not the certification end date
or the completion window (compare.sh leaves those results out of the agreement check).
"""
import json
import re
import sys


def ident(prefix, s):
    return prefix + re.sub(r"[^A-Za-z0-9]", "_", s)


def paths(rules, ctx):
    """The routes through `rules` as lists of atoms (kind, args), with the route ids taken."""
    out = [([], [])]
    for r in rules:
        (kind, body), = r.items()
        args = body.get("_0"), body.get("_1")
        if kind == "allOf":
            out = [(ids + i2, atoms + a2) for ids, atoms in out for i2, a2 in paths(args[0], ctx)]
        elif kind == "anyOf":
            out = [(ids + [route["id"]] + i2, atoms + a2)
                   for ids, atoms in out for route in args[0] for i2, a2 in paths(route["rules"], ctx)]
        elif kind in ("mandatory", "minCreditsFromGroup", "minUnitsFromGroup", "minCredits"):
            out = [(ids, atoms + [(kind, args)]) for ids, atoms in out]
        else:
            sys.exit(f"make_decision.py: qualification {ctx}: a '{kind}' rule needs QualKit's exact assignment; "
                     "the ZEN peer cannot decide it")
    return out


def build(families):
    units, sheets, quals = {}, {}, []
    for f in families:
        for u in f["units"]:
            units[u["code"]] = (u["credits"], u.get("minimumPracticeHours") or 0)
        for a in f.get("assessments", []):
            if a.get("markSheet"):
                m = a["markSheet"]
                sheets[a["id"]] = ([(s["maximum"], s["minimum"]) for s in m["sections"]], m["passMark"], a["covers"])
        quals += f["qualifications"]

    exprs = []

    def E(k, v):
        exprs.append({"id": "e-" + k, "key": k, "value": v})

    def once(k, v):   # a fact several qualifications share is computed once
        if all(e["key"] != k for e in exprs):
            E(k, v)
        return k

    E("learner", "id")
    covered = {}
    for sid, (sections, pass_mark, cover) in sheets.items():
        k = ident("pass_", sid)
        conds = [f"#.id == '{sid}'", f"len(#.marks ?? []) == {len(sections)}"]
        conds += [f"#.marks[{i}] >= {mn}" for i, (_mx, mn) in enumerate(sections)]
        conds.append(f"sum(#.marks) >= {pass_mark}")
        E(k, "some(assessments ?? [], " + " and ".join(conds) + ")")
        for u in cover:
            covered.setdefault(u, []).append(k)
    by_min = {}
    for code, (_cr, mh) in units.items():
        if mh:
            by_min.setdefault(mh, []).append(code)
    low = " or ".join("(#.code in [" + ", ".join(f"'{c}'" for c in cs) + f"] and #.hours < {mh})"
                      for mh, cs in sorted(by_min.items()))
    E("listed_ok", f"map(filter(units ?? [], #.hours == null or not ({low or 'false'})), #.code)")
    for code in units:
        E(ident("u_", code), " or ".join([f"'{code}' in $.listed_ok"] + [f"$.{k}" for k in covered.get(code, [])]))

    def credit_sum(codes):
        return " + ".join(f"($.{ident('u_', c)} ? {units[c][0]} : 0)" for c in codes) or "0"

    cols, colid, rows = [], {}, []

    def col(field):
        if field not in colid:
            colid[field] = "in-" + field
            cols.append({"id": colid[field], "name": field, "field": field})
        return colid[field]

    results = []
    for q in quals:
        qid = q["id"]
        groups = {g["id"]: g["units"] for g in q.get("groups", [])}
        named = []

        def walk(rs):
            for r in rs:
                (kind, body), = r.items()
                if kind == "mandatory":
                    named.extend(body["_0"])
                elif kind in ("minCreditsFromGroup", "minUnitsFromGroup"):
                    named.extend(groups[body["_0"]])
                elif kind == "allOf":
                    walk(body["_0"])
                elif kind == "anyOf":
                    for route in body["_0"]:
                        walk(route["rules"])
        walk(q["rules"])
        qunits = list(dict.fromkeys(named))
        credits_key = ident("cr_", qid)
        E(credits_key, credit_sum(qunits))
        base = {}
        d = q.get("delivery", {})
        for field, key in (("tutorial_hours", "minimumTutorialHours"), ("induction_hours", "minimumInductionHours")):
            if d.get(key):   # not recorded: not checked (QualKit reports it under 'unchecked')
                k = once(ident(field + "_ok_", str(d[key])), f"{field} == null or {field} >= {d[key]}")
                base[col(k)] = "true"
        end = q.get("validity", {}).get("registrationEnd")
        if end:
            k = once(ident("registered_ok_", end), f"registered == null or d(registered) <= d('{end}')")
            base[col(k)] = "true"
        for route_ids, atoms in paths(q["rules"], qid):
            cells = dict(base)
            seen = set()
            for kind, (a, b) in atoms:
                if kind == "mandatory":
                    for u in a:
                        cells[col(ident("u_", u))] = "true"
                elif kind == "minCredits":
                    cells[col(credits_key)] = f">= {a}"
                else:
                    if seen & set(groups[a]):
                        sys.exit(f"make_decision.py: qualification {qid}: groups that share units on one route need "
                                 "QualKit's exact assignment; the ZEN peer cannot decide them")
                    seen |= set(groups[a])
                    k = once(ident("gc_" if kind == "minCreditsFromGroup" else "gu_", qid + "_" + a),
                             credit_sum(groups[a]) if kind == "minCreditsFromGroup"
                             else " + ".join(f"($.{ident('u_', c)} ? 1 : 0)" for c in groups[a]))
                    cells[col(k)] = f">= {b}"
            r = {"_id": f"r-{qid}-{'+'.join(route_ids) or 'all'}", "_description": f"{qid} ({'+'.join(route_ids) or 'all'})"}
            r.update(cells)
            r["out-qualification"] = f"'{qid}'"
            rows.append(r)
        results.append(f"{{qualification: '{qid}', achieved: some(passed, #.qualification == '{qid}'), credits: {credits_key}}}")
    for r in rows:  # an empty cell matches any value
        for c in cols:
            r.setdefault(c["id"], "")

    def pos(x):
        return {"x": x, "y": 200}

    nodes = [
        {"id": "learner", "type": "inputNode", "name": "learner", "position": pos(0)},
        {"id": "facts", "type": "expressionNode", "name": "unit facts", "position": pos(250),
         "content": {"expressions": exprs, "passThrough": False}},
        {"id": "rules", "type": "decisionTableNode", "name": "rules of combination", "position": pos(550),
         "content": {"hitPolicy": "collect", "passThrough": True, "outputPath": "passed", "inputs": cols,
                     "outputs": [{"id": "out-qualification", "name": "qualification", "field": "qualification"}],
                     "rules": rows}},
        {"id": "results", "type": "expressionNode", "name": "results", "position": pos(850),
         "content": {"expressions": [{"id": "x-learner", "key": "learner", "value": "learner"},
                                     {"id": "x-results", "key": "results", "value": "[" + ", ".join(results) + "]"}],
                     "passThrough": False}},
        {"id": "response", "type": "outputNode", "name": "response", "position": pos(1100)},
    ]
    edges = [{"id": f"edge-{a}-{b}", "type": "edge", "sourceId": a, "targetId": b}
             for a, b in [("learner", "facts"), ("facts", "rules"), ("rules", "results"), ("results", "response")]]
    return {"contentType": "application/vnd.gorules.decision", "nodes": nodes, "edges": edges}


if __name__ == "__main__":
    print(json.dumps(build(json.load(sys.stdin)), indent=2))
