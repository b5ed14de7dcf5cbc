#!/usr/bin/env python3
"""A machine stall, made on purpose: every CPU taken by a SCHED_FIFO 99 busy loop for MS ms.

One process forks a child per CPU it may run on; each child pins itself to its CPU and raises
itself to SCHED_FIFO 99 first (so that its wake-up is not delayed by the load around it), then
sleeps to a common start 50 ms ahead and spins from there, so the CPUs are taken together, not
one after the other. The exit status is 0 only if every child got its CPU and its priority.
Nothing else runs meanwhile, but the kernel does: timers expire and packets queue, as in a
hypervisor's pause. Needs root (CAP_SYS_NICE).

    python3 cpustall.py MS
"""
import os
import sys
import time


def main():
    ms = int(sys.argv[1])
    start = time.monotonic() + 0.05
    children = []
    for cpu in sorted(os.sched_getaffinity(0)):
        pid = os.fork()
        if pid == 0:
            try:
                os.sched_setaffinity(0, {cpu})
                os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(99))
                time.sleep(max(0, start - time.monotonic()))
                while time.monotonic() < start + ms / 1000:
                    pass
                os._exit(0)
            except BaseException as e:  # the parent's exit status says so
                print(e, flush=True)
                os._exit(1)
        children.append(pid)
    sys.exit(max(os.waitstatus_to_exitcode(os.waitpid(p, 0)[1]) for p in children))


if __name__ == "__main__":
    main()
