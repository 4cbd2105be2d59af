# Sourced by the benchmark scripts (budgets.sh, shapes/measure.sh): `cpu COMMAND…` prints the median CPU
# seconds (user + system) of RUNS runs of the command, its output discarded. Needs `RUNS` set by the caller.
# CPU time, not wall time: the machine is shared. Read from the child's resource usage (wait4) in
# microseconds: /usr/bin/time's 10 ms steps are coarser than the per-learner figures derived from them.
cpu() {
    python3 -c '
import os, subprocess, sys
runs, command = int(sys.argv[1]), sys.argv[2:]
times = []
for _ in range(runs):
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0  # reaped here; keeps Popen from waiting again
    times.append(usage.ru_utime + usage.ru_stime)
times.sort()
print(f"{times[(len(times) - 1) // 2]:.6f}")' "$RUNS" "$@"
}
