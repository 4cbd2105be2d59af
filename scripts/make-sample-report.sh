#!/usr/bin/env bash
# Regenerates Samples/report/, the HTML report of Samples/learners.jsonl (a test fails when it is stale),
# and, where Chromium is installed, the screenshots of it that the docs show
# (Sources/QualKit/QualKit.docc/Resources/report-*.png).
#
#   bash scripts/make-sample-report.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product qualkit >/dev/null
Q=.build/debug/qualkit
"$Q" report -o Samples/report --all Samples/learners.jsonl
echo "wrote Samples/report"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
    echo "Chromium is not installed (apt-get install chromium): the screenshots were not redrawn" >&2
    exit 0
fi
shots=Sources/QualKit/QualKit.docc/Resources
mkdir -p "$shots"
shoot() {   # page, picture, height
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
        --window-size=1000,"$3" --screenshot="$PWD/$shots/$2" "file://$PWD/Samples/report/$1" >/dev/null 2>&1
    echo "wrote $shots/$2"
}
shoot index.html report-dashboard.png 1500
shoot learners/S06-8578-mixed-groups-6.html report-worksheet-routes.png 1500
shoot learners/S07-d3-by-mark-sheets-7.html report-worksheet-achieved.png 1100
