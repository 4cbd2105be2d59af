#!/usr/bin/env python3
"""Side-by-side timing of QualKit against the read floor, the write floor and the GoRules ZEN peer.

Run it through compare.sh, which builds qualkit and prepares the Python environment. Every command runs
RUNS times, interleaved, on the same generated learner file in one temporary folder (one file system for
every output), timed with a sub-millisecond clock; peak memory is the command's VmHWM ('-' when it ended
before it could be read). The read floor is warmed first. It prints a table (every run, the median, and
each ratio against the row it is compared with in wall and in CPU time, with a warning on runs that waited
far longer than they computed and on floors so disturbed that ratios against them are suspect), stamped
with the commit and the load average; checks that QualKit and ZEN agree; and writes compare-N.json,
compare-N.csv and compare-N.png to --out. The temporary folder is removed.
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
FOUR = "qualkit jsonl, ZEN's four fields"


def timed(cmd, stdout=None):
    """Runs `cmd`, returns (seconds, peak RSS in MB, CPU seconds: user + system). The clock stops when wait4 returns; the peak is the
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
        _, status, usage = os.wait4(p.pid, 0)
        t = time.perf_counter() - t0
        done.set()
        watcher.join()
    finally:
        if stdout:
            out.close()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode not in (0, 1):   # 1: some records rejected, still a full run
        sys.exit(f"compare: {' '.join(cmd)} failed with status {p.returncode}")
    return t, hwm[0] / 1024, usage.ru_utime + usage.ru_stime


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

    rows = {}   # name -> list of (seconds, MB, CPU seconds)
    sizes_out = {}   # name -> bytes written
    def add(name, t, out=None):
        rows.setdefault(name, []).append(t)
        if out: sizes_out[name] = os.path.getsize(out)

    # The big-pack scenario: the 120-unit diploma of shapes/make-shapes.py, learners from the generator.
    shapes = os.path.join(tmp, "shapes")
    subprocess.run([sys.executable, os.path.join(HERE, "shapes", "make-shapes.py"), shapes], check=True, stdout=subprocess.DEVNULL)
    diploma = ["--no-bundled", "--specs", os.path.join(shapes, "diploma-120")]
    big_n = max(1, n // 5)
    big_file = os.path.join(tmp, "diploma.jsonl")
    print(f"== generating {big_n} learners for the 120-unit diploma", flush=True)
    subprocess.run([q, "generate", *diploma, "--learners", str(big_n), "--seed", "1", "-o", big_file], check=True)
    # With `next` (the cheapest completion, searched over the diploma's classes of interchangeable units) on fewer.
    next_n = min(big_n, 2000)
    next_file = os.path.join(tmp, "diploma-next.jsonl")
    subprocess.run([q, "generate", *diploma, "--learners", str(next_n), "--seed", "1", "-o", next_file], check=True)
    four = "learner,qualification,achieved,credits"

    out_j, out_c, out_t = (os.path.join(tmp, x) for x in ("qualkit.jsonl", "qualkit.csv", "qualkit.txt"))
    zen_out, floor = os.path.join(tmp, "zen.jsonl"), os.path.join(tmp, "floor.bin")
    curve = {}   # (series, size) -> [seconds]
    # Warm the read floor: the first read of a fresh file measures the disk, not what a warm run costs.
    for f in files.values():
        timed(["wc", "-l", f])
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
            if main_size:
                add("qualkit table", t)
                # The cohort diff reads each record once and evaluates it against both sides.
                add("qualkit diff --format table (bundled against bundled)",
                    timed([q, "diff", "--from-bundled", "--to-bundled", "--format", "table", "-o", out_t, f]))
            t = timed([q, "evaluate", "--no-progress", "--format", "jsonl", "-o", out_j, f])
            curve.setdefault(("qualkit jsonl", s), []).append(t[0])
            if main_size:
                add("qualkit jsonl", t, out_j)
                add("write floor (jsonl bytes)", timed(floor_cmd(floor, os.path.getsize(out_j))))
                os.remove(floor)
                out_4 = os.path.join(tmp, "qualkit-four.jsonl")
                add("qualkit jsonl, ZEN's four fields", timed([q, "evaluate", "--no-progress", "--fields", four, "-o", out_4, f]), out_4)
                add("write floor (four-field bytes)", timed(floor_cmd(floor, os.path.getsize(out_4))))
                os.remove(floor); os.remove(out_4)
                out_m = os.path.join(tmp, "qualkit-messages.jsonl")
                add("qualkit jsonl --messages (the old shape)", timed([q, "evaluate", "--no-progress", "--messages", "-o", out_m, f]), out_m)
                os.remove(out_m)
                add("qualkit csv", timed([q, "evaluate", "--no-progress", "--format", "csv", "-o", out_c, f]), out_c)
                add("write floor (csv bytes)", timed(floor_cmd(floor, os.path.getsize(out_c))))
                os.remove(floor)
            t = timed(zen + [f], stdout=zen_out)
            curve.setdefault(("ZEN (zen-engine 2.1.3)", s), []).append(t[0])
            if main_size: add("ZEN (zen-engine 2.1.3)", t)
        out_b = os.path.join(tmp, "diploma-out")
        add(f"diploma-120 table, {big_n} learners", timed([q, "evaluate", *diploma, "--no-progress", "--format", "table", "-o", out_b, big_file]))
        add(f"diploma-120 jsonl (with next), {next_n} learners", timed([q, "evaluate", *diploma, "--no-progress", "-o", out_b, next_file]), out_b)
        add(f"diploma-120 jsonl, ZEN's four fields, {big_n} learners", timed([q, "evaluate", *diploma, "--no-progress", "--fields", four, "-o", out_b, big_file]), out_b)
        os.remove(out_b)
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
        "qualkit diff --format table (bundled against bundled)": ("qualkit table", "diff / evaluate table"),
        "qualkit jsonl": ("write floor (jsonl bytes)", "jsonl / its write floor"),
        "qualkit jsonl, ZEN's four fields": ("write floor (four-field bytes)", "four fields / its write floor"),
        "qualkit csv": ("write floor (csv bytes)", "csv / its write floor"),
        f"qualkit table, {a.large} learners": (f"wc -l, {a.large} learners", "table / wc -l"),
    }
    med = {k: statistics.median(t for t, _, _ in v) for k, v in rows.items()}
    cpu = {k: statistics.median(c for _, _, c in v) for k, v in rows.items()}
    table = []
    for name, runs in rows.items():
        notes = []
        if name in compared_with and compared_with[name][0] in med:
            base_name = compared_with[name][0]
            wall_ratio = med[name] / med[base_name]
            cpu_ratio = cpu[name] / cpu[base_name] if cpu[base_name] > 0 else float("inf")
            notes.append(f"{compared_with[name][1]} = {wall_ratio:.2f}× wall, {cpu_ratio:.2f}× CPU")
        if name == "qualkit csv" and "qualkit jsonl" in med:
            notes.append(f"csv / jsonl = {med[name] / med['qualkit jsonl']:.2f}× wall, {cpu[name] / cpu['qualkit jsonl']:.2f}× CPU")
        if name.startswith("ZEN"):
            # The headline: ZEN against the same work, the four fields ZEN writes.
            notes.append(f"ZEN / four fields = {med[name] / med[FOUR]:.0f}× (the same output); ZEN / table = {med[name] / med['qualkit table']:.0f}×; "
                         f"ZEN / jsonl = {med[name] / med['qualkit jsonl']:.1f}×")
        # A run whose wall time is far above its CPU time waited on something (the disk, other jobs): say so.
        waited = [t for t, _, c in runs if t > 0.2 and t > 3 * max(c, 0.01)]
        if waited and not name.startswith("wc") and not name.startswith("write floor"):
            notes.append(f"⚠ {len(waited)} of {len(runs)} runs took over 3× their CPU time (I/O wait or load)")
        if name.startswith("wc") or name.startswith("write floor"):
            slow = [t for t, _, c in runs if t > 0.5 and t > 5 * max(c, 0.01)]
            if slow:
                notes.append(f"⚠ floor disturbed: {len(slow)} of {len(runs)} runs waited (wall over 5× CPU); ratios against it are suspect")
        if name in sizes_out and name.startswith("qualkit"):
            notes.append(f"{sizes_out[name] / n:.0f} bytes per learner")
        if name.startswith("diploma-120"):
            results = int(name.rsplit(", ", 1)[1].split()[0])   # learners × one qualification
            notes.append(f"{results / cpu[name] / 1e6:.2f}M results per CPU second, {results / med[name] / 1e6:.2f}M per second")
        table.append({"command": name, "runs_s": [round(t, 4) for t, _, _ in runs], "median_s": round(med[name], 4),
                      "median_cpu_s": round(cpu[name], 4),
                      "peak_rss_mb": round(max(m for _, m, _ in runs), 1) or None, "ratio": "; ".join(notes)})

    size = os.path.getsize(files[n])
    stamp = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}"
    try:
        commit = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = "unknown"
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    print()
    print(f"{n} learners ({size / 1e6:.0f} MB, qualkit generate --seed 1), {a.runs} runs each, interleaved; {stamp}; "
          f"commit {commit}; load average {load}; {machine}")
    print()
    print("| command | runs (s) | median s | median CPU s | peak RSS MB | ratio |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    for row in table:
        print(f"| {row['command']} | {' '.join(f'{t:.3f}' for t in row['runs_s'])} | {row['median_s']:.3f} | {row['median_cpu_s']:.3f} | "
              f"{row['peak_rss_mb'] or '-'} | {row['ratio']} |")

    base = os.path.join(a.out, f"compare-{n}")
    result = {"learners": n, "file_bytes": size, "runs": a.runs, "date": stamp, "machine": machine, "commit": commit,
              "load_average": load,
              "command": f"Benchmarks/compare.sh {n}" + (f" --large {a.large}" if a.large else ""),
              "rows": table, "agreement": agree,
              "curve": [{"series": k[0], "learners": k[1], "median_s": statistics.median(v), "runs_s": v}
                        for k, v in sorted(curve.items())]}
    with open(base + ".json", "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    with open(base + ".csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["command", "run", "seconds", "peak_rss_mb", "cpu_seconds"])
        for name, runs in rows.items():
            for i, (t, m, c) in enumerate(runs, 1):
                w.writerow([name, i, f"{t:.4f}", f"{m:.1f}", f"{c:.4f}"])
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
