"""Work in a forked child process, for the stages that pay off on two cores.

In: a function. Out: its result, computed in a child made with `fork` (so it shares this
process's memory: nothing is pickled on the way in) and sent back pickled through a pipe;
or None if the child failed in any way, so the caller can do the work itself and any
error surfaces exactly as in a serial run.

Used only with two CPUs (or `POLICYC_JOBS=2`), `fork` available and no other threads;
`POLICYC_JOBS=1` keeps everything in one process.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Any


def jobs() -> int:
    """How many processes may work: `POLICYC_JOBS`, else the CPUs available (at most 2)."""
    wanted = os.environ.get("POLICYC_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return min(int(wanted), 2)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(cpus or 1, 2)


def available() -> bool:
    return jobs() > 1 and hasattr(os, "fork") and threading.active_count() == 1


class Child:
    """A running child; `result()` waits for it."""

    def __init__(self, pid: int, read: int) -> None:
        self.pid, self.read = pid, read

    def result(self) -> Any | None:
        """What the function returned, or None if the child failed."""
        with os.fdopen(self.read, "rb") as pipe:
            payload = pipe.read()
        _pid, status = os.waitpid(self.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            return None
        return pickle.loads(payload)

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        self.result()


def start(work: Callable[[], Any]) -> Child | None:
    """Run `work()` in a forked child; None if no child could be made."""
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the child: never returns
        os.close(read)
        status = 1
        try:
            payload = pickle.dumps(work(), pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as pipe:
                pipe.write(payload)
            status = 0
        except BaseException:  # reported by the exit status: the parent does the work
            pass
        finally:
            os._exit(status)
    os.close(write)
    return Child(pid, read)
