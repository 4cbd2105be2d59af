#!/usr/bin/env bash
# Issuing credentials: the rate of `qualkit credentials` on N generated learners (default 100,000) whose
# units and mark sheets are all dated, beside `evaluate` and `verify` on the same files; then where the
# time goes, by instruction counts (callgrind) on the first 2,000 learners: the share under Ed25519
# signing (BoringSSL's ED25519_sign, through swift-crypto), under JSON encoding, and under evaluation.
# Writes Benchmarks/results/credentials.md, stamped with the commit, the machine and its load.
# Usage: Benchmarks/credentials.sh [N]
set -euo pipefail
N=${1:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
swift build -c release --product qualkit >/dev/null
Q="$root/.build/release/qualkit"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$Q" generate --learners "$N" --seed 1 -o "$work/generated.jsonl" 2>/dev/null
# The generator leaves some units and mark sheets undated; a credential needs every counted unit's day.
# Each undated one gets the record's latest date (or its registration date, or 2014-01-01), which keeps it
# inside the record's own completion window.
python3 - "$work/generated.jsonl" "$work/learners.jsonl" <<'PY'
import json, sys
with open(sys.argv[1]) as src, open(sys.argv[2], "w") as out:
    for line in src:
        r = json.loads(line)
        dates = [u["achieved"] for u in r.get("units", []) if u.get("achieved")]
        dates += [a["date"] for a in r.get("assessments", []) if a.get("date")]
        day = max(dates) if dates else r.get("registered", "2014-01-01")
        for u in r.get("units", []):
            u.setdefault("achieved", day)
        for a in r.get("assessments", []):
            a.setdefault("date", day)
        out.write(json.dumps(r, separators=(",", ":")) + "\n")
PY
"$Q" keygen -o "$work/key.jwk" 2>/dev/null

timed() {   # label, command...: wall and CPU seconds, peak RSS
    local label=$1; shift
    /usr/bin/time -o "$work/time" -f "%e %U %S %M" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    read -r wall user sys rss < "$work/time"
    echo "$label $wall $user $sys $rss"
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
evaluate=$(timed evaluate "$Q" evaluate --no-progress --format table "$work/learners.jsonl")
issue=$(timed credentials "$Q" credentials --issuer Samples/issuer.json --key "$work/key.jwk" \
    -o "$work/credentials.jsonl" "$work/learners.jsonl")
issued=$(wc -l < "$work/credentials.jsonl")
verify=$(timed verify "$Q" verify --key "$work/key.pub.jwk" "$work/credentials.jsonl")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# Where the instructions go, on the first 2,000 learners (valgrind cannot read the release binary's debug
# information, so a copy without it is measured, as shapes/measure.sh does).
head -2000 "$work/learners.jsonl" > "$work/small.jsonl"
cp "$Q" "$work/qualkit" && strip --strip-debug "$work/qualkit"
(cd "$work" && valgrind --tool=callgrind --callgrind-out-file=cg.out ./qualkit credentials \
    --issuer "$root/Samples/issuer.json" \
    --key key.jwk -o small-credentials.jsonl small.jsonl >/dev/null 2>&1)
callgrind_annotate --inclusive=yes "$work/cg.out" > "$work/cg.txt" 2>/dev/null
share() {   # the largest inclusive count of a symbol matching $1, as a share of the program's total
    python3 - "$work/cg.txt" "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
total = int(re.search(r"^\s*([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS", text, re.M).group(1).replace(",", ""))
best = 0
for m in re.finditer(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$", text, re.M):
    if re.search(sys.argv[2], m.group(2)):
        best = max(best, int(m.group(1).replace(",", "")))
print("%.1f%%" % (100.0 * best / total))
PY
}
sign=$(share 'ED25519_sign')
write=$(share 'PayloadWriterV7payload')
evaluation=$(share 'datedResults')
startup=$(share 'CredentialIssuerV7profile3key9evaluator7options')
reading=$(share 'LearnerReader.*Iterator.*next')
small_issued=$(wc -l < "$work/small-credentials.jsonl")

read -r _ ewall euser esys erss <<< "$evaluate"
read -r _ iwall iuser isys irss <<< "$issue"
read -r _ vwall vuser vsys vrss <<< "$verify"
rate=$(python3 -c "print(f'{$issued / $iwall:,.0f}')")
vrate=$(python3 -c "print(f'{$issued / $vwall:,.0f}')")
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Package.swift || echo "+changes")
out=Benchmarks/results/credentials.md
cat > "$out" <<MD
# Issuing credentials (\`Benchmarks/credentials.sh $N\`)

Commit $commit, $(date -u +%Y-%m-%d), $(nproc) cores ($cpu),
load average before $load_before, after $load_after (other builds share this machine: read the figures as upper bounds).

$N generated learners (seed 1), every unit and mark sheet dated; $issued achieved results, so $issued credentials.

| command | wall s | user s | sys s | peak RSS KB | rate |
| --- | --- | --- | --- | --- | --- |
| \`evaluate --format table\` (all cores) | $ewall | $euser | $esys | $erss | |
| \`credentials\` (one thread: evaluate, build, encode, sign) | $iwall | $iuser | $isys | $irss | $rate credentials/s |
| \`verify\` (one thread) | $vwall | $vuser | $vsys | $vrss | $vrate credentials/s |

Where \`credentials\` spends its instructions (callgrind, first 2,000 learners, $small_issued credentials;
inclusive counts as a share of the program's total):

| part | share |
| --- | --- |
| Ed25519 signing (\`ED25519_sign\`, swift-crypto's BoringSSL) | $sign |
| writing the payload (\`PayloadWriter.payload\`) | $write |
| evaluation with dates (\`datedResults\`) | $evaluation |
| reading the learner records | $reading |
| making the issuer once (achievements, pack hashes, encoded pieces) | $startup |
MD
cat "$out"
