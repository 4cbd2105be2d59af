# Sourced by the benchmark scripts (budgets.sh, shapes/measure.sh): `cpu COMMAND…` prints the median CPU
# seconds (user + system) of RUNS runs of the command, its output discarded. Needs `RUNS` and `tmp` (a
# scratch folder) set by the caller. CPU time, not wall time: the machine is shared.
cpu() {
    local times=()
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%U %S" -o "$tmp/time" "$@" >/dev/null 2>&1 || true
        times+=("$(awk '{print $1 + $2}' "$tmp/time")")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
