#!/usr/bin/env python3
"""Plots µs per learner against the number of units from a results file of measure.sh, as SVG.

    plot.py [SHAPES_MD] [OUT_SVG]     (defaults: Benchmarks/results/shapes.md, Benchmarks/results/shapes.svg)

Two series over every shape: `--format table` (the decision) and the default JSON Lines (with `next`),
on logarithmic axes, each point named by its shape; shapes whose groups share units or have caps are
drawn hollow, so that the flat curve of the others shows. Standard library only (no matplotlib): the
benchmark scripts run on a fresh machine. The stamp line of the results file goes under the title.
"""
import math
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
source = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "results", "shapes.md")
target = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "results", "shapes.svg")

# Shapes whose groups share units, or with caps or bars (the others have disjoint groups, or routes).
OVERLAPPING = {"overlap-20", "overlap-40", "overlap-64", "three-groups-cap", "diploma-300", "catalogue-200-caps"}

rows, stamp = [], ""
with open(source) as f:
    for line in f:
        if line.startswith("Measured "):
            stamp = line.strip().split(";")[0]
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 9 and re.fullmatch(r"[a-z0-9-]+", cells[0]) and cells[1].isdigit():
            rows.append((cells[0], int(cells[1]), float(cells[7]), float(cells[8])))
if not rows:
    sys.exit(f"plot.py: no shape rows in {source}")

W, H, left, right, top, bottom = 760, 440, 70, 170, 50, 50
xs = [r[1] for r in rows]
ys = [v for r in rows for v in r[2:]]
x0, x1 = math.log10(min(xs) * 0.8), math.log10(max(xs) * 1.25)
y0, y1 = math.floor(math.log10(max(min(ys), 0.01))), math.ceil(math.log10(max(ys)))


def px(x):
    return left + (math.log10(x) - x0) / (x1 - x0) * (W - left - right)


def py(y):
    return H - bottom - (math.log10(max(y, 10 ** y0)) - y0) / (y1 - y0) * (H - top - bottom)


out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="11">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{left}" y="20" font-size="14">µs per learner (CPU, --threads 1, start-up subtracted) against units</text>',
       f'<text x="{left}" y="36" fill="#555">{stamp} (Benchmarks/results/shapes.md)</text>']
for e in range(y0, y1 + 1):
    y = py(10 ** e)
    out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{W - right}" y2="{y:.1f}" stroke="#ddd"/>')
    out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{10 ** e:g}</text>')
for u in (20, 50, 100, 200, 300):
    if min(xs) * 0.8 <= u <= max(xs) * 1.25:
        x = px(u)
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{H - bottom}" stroke="#eee"/>')
        out.append(f'<text x="{x:.1f}" y="{H - bottom + 16}" text-anchor="middle">{u}</text>')
out.append(f'<text x="{(left + W - right) / 2:.0f}" y="{H - 12}" text-anchor="middle">units in the pack</text>')
series = (("table", 2, "#1f77b4"), ("jsonl (with next)", 3, "#d62728"))
for name, column, colour in series:
    points = sorted((r[1], r[column], r[0]) for r in rows if r[0] not in OVERLAPPING)
    path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y, _ in points)
    out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
    for r in rows:
        x, y = px(r[1]), py(r[column])
        fill = "white" if r[0] in OVERLAPPING else colour
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{fill}" stroke="{colour}" stroke-width="1.5">'
                   f'<title>{r[0]}: {r[1]} units, {r[column]:g} µs</title></circle>')
for i, (name, _, colour) in enumerate(series):
    y = top + 10 + 18 * i
    out.append(f'<circle cx="{W - right + 16}" cy="{y}" r="4" fill="{colour}"/>')
    out.append(f'<text x="{W - right + 26}" y="{y + 4}">{name}</text>')
out.append(f'<circle cx="{W - right + 16}" cy="{top + 46}" r="4" fill="white" stroke="#555"/>')
out.append(f'<text x="{W - right + 26}" y="{top + 50}">groups that share</text>')
out.append(f'<text x="{W - right + 26}" y="{top + 63}">units, or caps</text>')
out.append(f'<text x="{W - right + 10}" y="{top + 86}" fill="#555">lines: the others</text>')
for r in rows:
    out.append(f'<text x="{px(r[1]) + 6:.1f}" y="{py(r[3]) - 6:.1f}" fill="#777" font-size="9">{r[0]}</text>')
out.append("</svg>")
with open(target + ".tmp", "w") as f:
    f.write("\n".join(out) + "\n")
os.replace(target + ".tmp", target)
print(f"plot.py: wrote {target}")
