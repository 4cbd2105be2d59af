#!/usr/bin/env python3
"""Evaluates every learner of a JSON Lines file with the GoRules ZEN engine and a decision from
make_decision.py, writing learner, qualification, achieved and credits per result (one JSON object a line).

    python run_zen.py DECISION.json LEARNERS.jsonl > results.jsonl     (needs: pip install zen-engine==2.1.3)

Python reads lines and hands each raw line to ZenEngine.evaluate (a static loader keeps the decision
compiled between calls); every rule runs inside the engine (Rust). Output is written in blocks.
"""
import json
import sys

import zen


def main():
    decision, learners = sys.argv[1], sys.argv[2]
    with open(decision, encoding="utf-8") as f:
        content = json.load(f)
    engine = zen.ZenEngine({"loader": {"type": "static", "content": {"qualifications": content}}})
    evaluate, dumps, out = engine.evaluate, json.dumps, sys.stdout.write
    buf = []
    with open(learners, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            result = evaluate("qualifications", line)["result"]
            lid = result["learner"]
            for r in result["results"]:
                buf.append(dumps({"learner": lid, "qualification": r["qualification"], "achieved": r["achieved"],
                                  "credits": int(r["credits"])}, separators=(",", ":")))
            if len(buf) >= 8192:
                buf.append("")
                out("\n".join(buf))
                buf.clear()
    if buf:
        buf.append("")
        out("\n".join(buf))


if __name__ == "__main__":
    main()
