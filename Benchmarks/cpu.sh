# Sourced by the benchmark scripts (budgets.sh, inputs.sh, shapes/measure.sh). CPU time, not wall time: the
# machine is shared. Read from the child's resource usage (wait4), user + system, in microseconds:
# /usr/bin/time's 10 ms steps are coarser than the per-learner figures derived from them. The command is
# spawned, not forked: a forked Python's copy of itself would be charged to the command.
#
# `cpu COMMAND…`: the median CPU seconds of RUNS runs of the command (RUNS set by the caller), its output
# discarded.
# `cputime FILE COMMAND…`: runs the command once, its standard output inherited (to pipe it into a reader),
# and appends its CPU seconds to FILE.
_cpu_python='
import os, sys
def spawn(command, discard):
    actions = []
    if discard:
        actions = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
    pid = os.posix_spawnp(command[0], command, os.environ, file_actions=actions)
    usage = os.wait4(pid, 0)[2]
    return usage.ru_utime + usage.ru_stime
if sys.argv[1] == "median":
    runs, command = int(sys.argv[2]), sys.argv[3:]
    times = sorted(spawn(command, True) for _ in range(runs))
    print(f"{times[(len(times) - 1) // 2]:.6f}")
else:
    seconds = spawn(sys.argv[3:], False)
    with open(sys.argv[2], "a") as f:
        f.write(f"{seconds:.6f}\n")
'
cpu() { python3 -c "$_cpu_python" median "$RUNS" "$@"; }
cputime() { python3 -c "$_cpu_python" once "$@"; }
