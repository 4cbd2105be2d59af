#!/usr/bin/env python3
"""Replaces a table of Benchmarks/README.md with a file: readme-table.py NAME FILE [README].

The table sits between `<!-- NAME table: begin -->` and `<!-- NAME table: end -->`; the benchmark
scripts (budgets.sh, inputs.sh, report.sh, shapes/measure.sh) call this with UPDATE_README=1 (or WRITE=1),
so that every published figure is a results file written by a script on HEAD, copied here whole.
"""
import os
import sys

name, table = sys.argv[1], open(sys.argv[2]).read()
readme = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "README.md")
text = open(readme).read()
begin, end = f"<!-- {name} table: begin -->", f"<!-- {name} table: end -->"
if begin not in text or end not in text:
    sys.exit(f"readme-table.py: {readme} has no '{begin}' … '{end}' markers")
i, k = text.index(begin) + len(begin), text.index(end)
open(readme, "w").write(text[:i] + "\n" + table + text[k:])
