#!/usr/bin/env bash
# Memory soak: stream a generated learner set of about GB gigabytes (default 10) through
# `qualkit evaluate --format table` from standard input, with no file on disk, and report the peak
# resident memory of the evaluation. Usage: Benchmarks/soak.sh [GB]
set -euo pipefail
GB=${1:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
(cd "$root" && swift build -c release --product qualkit >/dev/null)
Q="$root/.build/release/qualkit"
learners=$(( GB * 1000 * 1000 * 1000 / 210 ))   # generated records average about 210 bytes
echo "streaming $learners learners (~${GB} GB) through qualkit evaluate --format table"
"$Q" generate --learners "$learners" --seed 3 \
  | /usr/bin/time -o /tmp/qualkit-soak.time -f "evaluate: %e s wall, %M KB peak RSS" \
      "$Q" evaluate --no-progress --format table - > /tmp/qualkit-soak.txt 2> /tmp/qualkit-soak.err || true
cat /tmp/qualkit-soak.time
tail -1 /tmp/qualkit-soak.txt
echo "$(grep -c warning /tmp/qualkit-soak.err) warnings, $(grep -c error /tmp/qualkit-soak.err) errors (in /tmp/qualkit-soak.err)"
