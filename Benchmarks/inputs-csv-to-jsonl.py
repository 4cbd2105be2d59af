#!/usr/bin/env python3
"""The learners of a generated units CSV (learner,unit,achieved,hours; each learner's rows together) as JSON
Lines records with the same units, in the same order: standard input to standard output. For inputs.sh,
which checks that both forms give the same results. Hours are copied as written (the generator writes
plain decimals, which JSON reads as the same numbers)."""
import csv
import json
import sys

rows = csv.reader(sys.stdin)
header = next(rows)
column = {name: i for i, name in enumerate(header)}
current, units = None, []


def flush():
    if current is not None:
        parts = [f'"id":{json.dumps(current, ensure_ascii=False)}']
        parts.append('"units":[' + ",".join(units) + "]")
        sys.stdout.write("{" + ",".join(parts) + "}\n")


for row in rows:
    learner = row[column["learner"]]
    if learner != current:
        flush()
        current, units = learner, []
    entry = [f'"code":{json.dumps(row[column["unit"]], ensure_ascii=False)}']
    if row[column["achieved"]]:
        entry.append(f'"achieved":"{row[column["achieved"]]}"')
    if row[column["hours"]]:
        entry.append(f'"hours":{row[column["hours"]]}')
    units.append("{" + ",".join(entry) + "}")
flush()
