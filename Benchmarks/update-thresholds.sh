#!/usr/bin/env bash
# Records the checked-in thresholds for the library scenarios: malloc counts, and instructions where this
# machine has hardware counters (package-benchmark reports none on a VM without them). Wall time and
# throughput are left out: on a shared VM they vary between runs, and a threshold on them fails at random.
#
#   Benchmarks/update-thresholds.sh        then review and commit Benchmarks/Thresholds/
#
# `swift package --disable-sandbox benchmark thresholds check` compares a run against these files (CI runs
# it for the same scenarios; see .ci/run).
set -euo pipefail
cd "$(dirname "$0")"
CHECKED='Evaluate\.PreParsed\.1k|WorstCase\.RepeatedSets|SpecLoading\.Bundled'
swift package --disable-sandbox benchmark thresholds update --filter "$CHECKED" --no-progress >/dev/null
python3 - <<'PY'
import glob, json
stable = {"mallocCountTotal", "instructions"}
for f in glob.glob("Thresholds/*.p90.json"):
    with open(f) as fh:
        t = json.load(fh)
    kept = {k: v for k, v in t.items() if k in stable}
    with open(f, "w") as fh:
        json.dump(kept, fh, indent=2, sort_keys=True)
        fh.write("\n")
    print(f, kept)
PY
