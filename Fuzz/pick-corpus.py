#!/usr/bin/env python3
"""Picks a small, useful part of a grown fuzzing corpus to check in (see README.md, "Corpora").

    pick-corpus.py FUZZER SEED_DIR GROWN_DIR OUT_DIR [MAX]

Runs FUZZER (an instrumented target) with `-merge=1` over SEED_DIR and GROWN_DIR into a scratch directory
only to get libFuzzer's merge control file, which lists the coverage features of every input. Then,
starting from the features of SEED_DIR (kept as they are), it greedily picks from GROWN_DIR the input
that adds the most features not yet covered, ties going to the smaller input, until MAX (default 100)
are picked or nothing adds a feature, and copies them to OUT_DIR as `fuzz-<sha1 prefix>`. Everything
runs under `nice -n 19`.
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile


def main() -> int:
    if len(sys.argv) not in (5, 6):
        print(__doc__, file=sys.stderr)
        return 2
    fuzzer, seeds, grown, out = sys.argv[1:5]
    limit = int(sys.argv[5]) if len(sys.argv) == 6 else 100
    with tempfile.TemporaryDirectory(prefix="pick-corpus.") as tmp:
        control = os.path.join(tmp, "control")
        scratch = os.path.join(tmp, "merged")
        os.mkdir(scratch)
        env = dict(os.environ, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "detect_leaks=0"))
        subprocess.run(["nice", "-n", "19", fuzzer, "-merge=1", f"-merge_control_file={control}", scratch, seeds, grown],
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        lines = open(control, encoding="utf-8", errors="surrogateescape").read().split("\n")
        count = int(lines[0])
        paths = lines[2:2 + count]
        features: dict[int, set[int]] = {}
        for line in lines[2 + count:]:
            parts = line.split()
            if parts and parts[0] == "FT":
                features[int(parts[1])] = set(map(int, parts[2:]))
    seeds_abs = os.path.abspath(seeds)
    covered: set[int] = set()
    candidates = []
    for i, p in enumerate(paths):
        if os.path.abspath(os.path.dirname(p)) == seeds_abs:
            covered |= features.get(i, set())
        else:
            candidates.append(i)
    everything = set().union(*features.values()) if features else set()
    picked = []
    while len(picked) < limit:
        best = max(candidates, key=lambda i: (len(features.get(i, set()) - covered), -os.path.getsize(paths[i])), default=None)
        if best is None or not features.get(best, set()) - covered:
            break
        covered |= features[best]
        candidates.remove(best)
        picked.append(best)
    os.makedirs(out, exist_ok=True)
    for i in picked:
        data = open(paths[i], "rb").read()
        shutil.copyfile(paths[i], os.path.join(out, "fuzz-" + hashlib.sha1(data).hexdigest()[:12]))
    print(f"picked {len(picked)} of {len(paths) - sum(1 for p in paths if os.path.abspath(os.path.dirname(p)) == seeds_abs)} grown inputs; "
          f"{len(covered)} features covered with the seeds, of {len(everything)} in seeds and grown inputs together")
    return 0


if __name__ == "__main__":
    sys.exit(main())
