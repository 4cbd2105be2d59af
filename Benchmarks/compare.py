#!/usr/bin/env python3
"""Side-by-side timing of QualKit against the read floor, the write floor and the GoRules ZEN peer.

Run it through compare.sh, which builds qualkit and prepares the Python environment. Every command runs
RUNS times, interleaved, on the same generated learner file in one temporary folder (one file system for
every output), timed with a sub-millisecond clock; peak memory is the command's VmHWM ('-' when it ended
before it could be read). It prints a table (every
run, the median and the ratio against the row each is compared with), checks that QualKit and ZEN agree,
and writes compare-N.json, compare-N.csv and compare-N.png to --out. The temporary folder is removed.
"""
import argparse
import csv
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(cmd, stdout=None):
    """Runs `cmd`, returns (seconds, peak RSS in MB). The clock stops when wait4 returns; the peak is the
    kernel's high-water mark of the command's own memory (VmHWM), read by a second thread every few
    milliseconds (wait4's figure would include the forking Python process)."""
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL
    hwm = [0]
    try:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        done = threading.Event()

        def watch():
            while not done.is_set():
                try:
                    with open(f"/proc/{p.pid}/status") as f:
                        for line in f:
                            if line.startswith("VmHWM:"):
                                hwm[0] = max(hwm[0], int(line.split()[1]))
                except (OSError, ValueError):
                    pass
                done.wait(0.002)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        _, status, _ = os.wait4(p.pid, 0)
        t = time.perf_counter() - t0
        done.set()
        watcher.join()
    finally:
        if stdout:
            out.close()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode not in (0, 1):   # 1: some records rejected, still a full run
        sys.exit(f"compare: {' '.join(cmd)} failed with status {p.returncode}")
    return t, hwm[0] / 1024


def floor_cmd(path, nbytes):
    """dd writing `nbytes` (rounded up to 4 MiB blocks): what storing that much costs here."""
    return ["dd", "if=/dev/zero", f"of={path}", "bs=4M", f"count={max(1, -(-nbytes // (4 << 20)))}", "status=none"]


def agreement(qualkit_jsonl, zen_jsonl):
    """QualKit's achieved and credits against ZEN's, leaving out results that only the date checks ZEN's
    decision does not make (certification end, completion window) could explain."""
    skip = {"certification-closed", "completion-window"}
    zen = {}
    with open(zen_jsonl) as f:
        for line in f:
            r = json.loads(line)
            zen[(r["learner"], r["qualification"])] = (r["achieved"], r["credits"])
    compared = skipped = disagree = 0
    examples = []
    with open(qualkit_jsonl) as f:
        for line in f:
            r = json.loads(line)
            z = zen.get((r["learner"], r["qualification"]))
            if any(u["code"] in skip for u in r["unmet"]):
                skipped += 1
                continue
            compared += 1
            if z != (r["achieved"], r["credits"]):
                disagree += 1
                examples.append((r["learner"], r["qualification"], (r["achieved"], r["credits"]), z))
    return {"compared": compared, "left_out": skipped, "disagree": disagree, "examples": examples[:10]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("learners", type=int)
    ap.add_argument("--qualkit", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--large", type=int, default=0, help="also time table against wc -l on this many learners")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    q = a.qualkit
    os.makedirs(a.out, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="qualkit-compare-")
    try:
        return run(a, q, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(a, q, tmp):
    n = a.learners
    decision = os.path.join(tmp, "decision.json")
    with open(os.path.join(tmp, "model.json"), "wb") as f:
        subprocess.run([q, "list", "--format", "model"], stdout=f, check=True)
    with open(os.path.join(tmp, "model.json")) as fin, open(decision, "w") as fout:
        subprocess.run([sys.executable, os.path.join(HERE, "peers/zen/make_decision.py")], stdin=fin, stdout=fout, check=True)
    zen = [sys.executable, os.path.join(HERE, "peers/zen/run_zen.py"), decision]

    sizes = sorted({max(1, n // 10), max(1, n // 3), n})
    files = {}
    for s in sizes + ([a.large] if a.large else []):
        files[s] = os.path.join(tmp, f"learners-{s}.jsonl")
        print(f"== generating {s} learners (qualkit generate --seed 1)", flush=True)
        subprocess.run([q, "generate", "--learners", str(s), "--seed", "1", "-o", files[s]], check=True)

    rows = {}   # name -> list of (seconds, MB)
    def add(name, t):
        rows.setdefault(name, []).append(t)

    out_j, out_c, out_t = (os.path.join(tmp, x) for x in ("qualkit.jsonl", "qualkit.csv", "qualkit.txt"))
    zen_out, floor = os.path.join(tmp, "zen.jsonl"), os.path.join(tmp, "floor.bin")
    curve = {}   # (series, size) -> [seconds]
    # Sizes in increasing order, so the last outputs left in tmp are those of N, which the agreement reads.
    for r in range(1, a.runs + 1):
        print(f"== run {r} of {a.runs}", flush=True)
        for s in sizes:
            f = files[s]
            main_size = s == n
            t = timed(["wc", "-l", f])
            if main_size: add("wc -l (read floor)", t)
            t = timed([q, "evaluate", "--no-progress", "--format", "table", "-o", out_t, f])
            curve.setdefault(("qualkit table", s), []).append(t[0])
            if main_size: add("qualkit table", t)
            t = timed([q, "evaluate", "--no-progress", "--format", "jsonl", "-o", out_j, f])
            curve.setdefault(("qualkit jsonl", s), []).append(t[0])
            if main_size:
                add("qualkit jsonl", t)
                add("write floor (jsonl bytes)", timed(floor_cmd(floor, os.path.getsize(out_j))))
                os.remove(floor)
                add("qualkit csv", timed([q, "evaluate", "--no-progress", "--format", "csv", "-o", out_c, f]))
                add("write floor (csv bytes)", timed(floor_cmd(floor, os.path.getsize(out_c))))
                os.remove(floor)
            t = timed(zen + [f], stdout=zen_out)
            curve.setdefault(("ZEN (zen-engine 2.1.3)", s), []).append(t[0])
            if main_size: add("ZEN (zen-engine 2.1.3)", t)
        if a.large:
            add(f"wc -l, {a.large} learners", timed(["wc", "-l", files[a.large]]))
            add(f"qualkit table, {a.large} learners", timed([q, "evaluate", "--no-progress", "--format", "table", "-o", out_t, files[a.large]]))

    print("== checking agreement with ZEN", flush=True)
    agree = agreement(out_j, zen_out)
    print(f"   compared {agree['compared']} results, {agree['left_out']} left out (certification end / completion window), "
          f"{agree['disagree']} disagree")
    for e in agree["examples"]:
        print("   ", e)

    compared_with = {
        "qualkit table": ("wc -l (read floor)", "table / wc -l"),
        "qualkit jsonl": ("write floor (jsonl bytes)", "jsonl / its write floor"),
        "qualkit csv": ("write floor (csv bytes)", "csv / its write floor"),
        f"qualkit table, {a.large} learners": (f"wc -l, {a.large} learners", "table / wc -l"),
    }
    med = {k: statistics.median(t for t, _ in v) for k, v in rows.items()}
    table = []
    for name, runs in rows.items():
        ratio = ""
        if name in compared_with and compared_with[name][0] in med:
            ratio = f"{compared_with[name][1]} = {med[name] / med[compared_with[name][0]]:.2f}×"
        if name.startswith("ZEN"):
            ratio = f"ZEN / table = {med[name] / med['qualkit table']:.0f}×; ZEN / jsonl = {med[name] / med['qualkit jsonl']:.1f}×"
        table.append({"command": name, "runs_s": [round(t, 4) for t, _ in runs], "median_s": round(med[name], 4),
                      "peak_rss_mb": round(max(m for _, m in runs), 1) or None, "ratio": ratio})

    size = os.path.getsize(files[n])
    stamp = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}"
    print()
    print(f"{n} learners ({size / 1e6:.0f} MB, qualkit generate --seed 1), {a.runs} runs each, interleaved; {stamp}; {machine}")
    print()
    print("| command | runs (s) | median s | peak RSS MB | ratio |")
    print("| --- | --- | ---: | ---: | --- |")
    for row in table:
        print(f"| {row['command']} | {' '.join(f'{t:.3f}' for t in row['runs_s'])} | {row['median_s']:.3f} | "
              f"{row['peak_rss_mb'] or '-'} | {row['ratio']} |")

    base = os.path.join(a.out, f"compare-{n}")
    result = {"learners": n, "file_bytes": size, "runs": a.runs, "date": stamp, "machine": machine,
              "command": f"Benchmarks/compare.sh {n}" + (f" --large {a.large}" if a.large else ""),
              "rows": table, "agreement": agree,
              "curve": [{"series": k[0], "learners": k[1], "median_s": statistics.median(v), "runs_s": v}
                        for k, v in sorted(curve.items())]}
    with open(base + ".json", "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    with open(base + ".csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["command", "run", "seconds", "peak_rss_mb"])
        for name, runs in rows.items():
            for i, (t, m) in enumerate(runs, 1):
                w.writerow([name, i, f"{t:.4f}", f"{m:.1f}"])
    plot(result, base + ".png")
    print(f"\nwrote {base}.json, .csv and .png")
    return 1 if agree["disagree"] else 0


def plot(result, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(7, 4.5))
    series = sorted({c["series"] for c in result["curve"]})
    for s in series:
        pts = sorted((c["learners"], c["median_s"]) for c in result["curve"] if c["series"] == s)
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=s)
    ax.set_xscale("log"); ax.set_yscale("log")
    ax.set_xlabel("learners (qualkit generate --seed 1)"); ax.set_ylabel("wall time, median (s)")
    ax.set_title(f"QualKit and ZEN, seven qualifications ({result['date']})")
    ax.grid(True, which="both", alpha=0.3); ax.legend()
    fig.tight_layout(); fig.savefig(path, dpi=110)


if __name__ == "__main__":
    sys.exit(main())
