"""Work in a forked child process, for the stages that pay off on two cores.

In: a function. Out: its result, computed in a child made with `fork` (so it shares this
process's memory: nothing is pickled on the way in) and sent back pickled in a file;
or None if the child failed in any way, so the caller can do the work itself and any
error surfaces exactly as in a serial run.

Used only with two CPUs (or `POLICYC_JOBS=2`), `fork` available and no other threads;
`POLICYC_JOBS=1` keeps everything in one process.
"""

from __future__ import annotations

import os
import pickle
import signal
import tempfile
import threading
from collections.abc import Callable
from typing import IO, Any


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

    def __init__(self, pid: int, file: IO[bytes]) -> None:
        self.pid, self.file = pid, file

    def result(self) -> Any | None:
        """What the function returned, or None if the child failed."""
        try:
            _pid, status = os.waitpid(self.pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                return None
            self.file.seek(0)
            return pickle.loads(self.file.read())
        finally:
            self.file.close()

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        self.result()


def start(work: Callable[[], Any]) -> Child | None:
    """Run `work()` in a forked child; None if no child could be made.

    The child leaves its result in an unnamed temporary file and exits; only then does
    this process read it. Read through a pipe while the child still ran, every page this
    process wrote to (the result's buffers too) had to be copied away from the child's
    (copy-on-write, about 12 µs a page here): a second per 150 MB of artifacts.
    """
    try:
        file = tempfile.TemporaryFile(prefix="policyc-")  # noqa: SIM115 (Child closes it)
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        file.close()
        return None
    if pid == 0:  # the child: never returns
        status = 1
        try:
            pickle.dump(work(), file, pickle.HIGHEST_PROTOCOL)
            file.flush()
            status = 0
        except BaseException:  # reported by the exit status: the parent does the work
            pass
        finally:
            os._exit(status)
    return Child(pid, file)
