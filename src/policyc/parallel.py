"""The one seam for working on two cores: when a stage forks, how, and what happens when a
child fails.

In: work as functions. Out: their results, computed partly in a child made with `fork` (it
shares this process's memory: nothing is pickled on the way in) and sent back pickled in
a file. A child that fails in any way yields nothing, and its share of the work is done
again here, so any error surfaces exactly as in a serial run.

A stage forks only from its threshold on (below it, forking costs more than it saves:
`benchmarks/README.md` has the measurements), with two CPUs (or `POLICYC_JOBS=2`), `fork`
available and no other threads; `POLICYC_JOBS=1` keeps everything in one process.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from typing import IO, Any, TypeVar

T = TypeVar("T")
U = TypeVar("U")

# -- thresholds: from how many items each stage forks ------------------------------------
LOAD_FILES = 200  # load: policy files (both processes take batches of them)
EMIT_PROGRAMMES = 4  # emit: programmes (both processes take batches of them)
WRITE_FILES = 1000  # write: artifacts (the child writes every second one)
# freshness always forks when it may: both of its halves read everything


def jobs() -> int:
    """How many processes may work: `POLICYC_JOBS`, else the CPUs available (at most 2)."""
    wanted = os.environ.get("POLICYC_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return min(int(wanted), 2)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(cpus or 1, 2)


def available() -> bool:
    """Whether a child may be forked now (after the threads `preload` and `background`
    started)."""
    settle()
    return jobs() > 1 and hasattr(os, "fork") and threading.active_count() == 1


_preloads: list[threading.Thread] = []


def preload(module: str) -> None:
    """Import `module` in a thread while this one waits for the disk (a run from the
    cache mostly walks and reads files). A fork waits for it first: a child forked in
    the middle of an import could never finish it."""
    if module not in sys.modules:  # an error is raised again by the import where it is used
        background(lambda: _import(module))


def background(work: Callable[[], None]) -> None:
    """Run `work` in a thread while this one goes on (reading and hashing files, which
    let go of the GIL). Its errors are dropped: whoever needs its results does the work
    again. A fork waits for it first, as for `preload`; `settle` waits for it."""
    thread = threading.Thread(target=_quietly, args=(work,), daemon=True)
    thread.start()
    _preloads.append(thread)


def settle() -> None:
    """Wait for what `preload` and `background` started."""
    while _preloads:
        _preloads.pop().join()


def _quietly(work: Callable[[], None]) -> None:
    with contextlib.suppress(BaseException):
        work()


def _import(module: str) -> None:
    import importlib  # start-up

    importlib.import_module(module)


def worth(count: int, threshold: int) -> bool:
    """Whether `count` items reach a stage's `threshold` and a child may be forked."""
    return count >= threshold and available()


class Child:
    """A running child; `result()` waits for it."""

    def __init__(self, pid: int, file: IO[bytes]) -> None:
        self.pid, self.file = pid, file
        self.status: int | None = None  # once waited for

    def exited(self) -> bool:
        """Whether the child has exited (waited for without blocking)."""
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
        return self.status is not None

    def result(self) -> Any | None:
        """What the function returned, or None if the child failed."""
        try:
            if self.status is None:
                _pid, self.status = os.waitpid(self.pid, 0)
            if os.waitstatus_to_exitcode(self.status) != 0:
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
    (copy-on-write).
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


class Stream:
    """A forked child (made by `start`) that sends results one at a time as it goes
    (`work(send)`), for this process to take while it works too (`poll`).

    Each result is pickled into an unnamed temporary file; only then is its size written
    to a pipe, so a size read here always names bytes written already (`finish` reads
    the pipe while it waits: a child never waits long for room in it). Taking results as they come keeps their
    unpickling off the end of the stage, and the child pickles each result while this
    process still works, not all of them once everything is done."""

    def __init__(self, work: Callable[[Callable[[Any], None]], None]) -> None:
        self.child: Child | None = None
        self._sizes = b""  # read from the pipe, not yet a whole size
        self._offset = 0  # where the next result starts in the file
        self.file: IO[bytes] | None = None
        self._read = -1
        try:
            self.file = tempfile.TemporaryFile(prefix="policyc-")  # noqa: SIM115 (see close)
            self._read, write = os.pipe()
        except OSError:
            self.close()
            return
        os.set_blocking(self._read, False)
        fd = self.file.fileno()

        def send(item: Any) -> None:
            data = pickle.dumps(item, pickle.HIGHEST_PROTOCOL)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.write(write, len(data).to_bytes(8, "big"))

        def run() -> bool:
            work(send)
            return True

        try:
            self.child = start(run)
        finally:
            os.close(write)  # the child's copy stays open until it exits
        if self.child is None:
            self.close()

    def poll(self) -> list[Any]:
        """The results sent since the last call, in the order sent (without waiting)."""
        self._take_sizes()
        return self._results()

    def finish(self) -> tuple[list[Any], bool]:
        """Wait for the child: the results not taken yet, and whether it did all its work
        (False: it failed, or there was none). The pipe is read while waiting, so that a
        child never waits for room in it."""
        child, self.child = self.child, None
        try:
            if child is None:
                return [], False
            while self._take_sizes() and not child.exited():
                select.select([self._read], [], [], 0.1)
            done = child.result() is not None
            self._take_sizes()
            return self._results(), done
        finally:
            self.close()

    def _take_sizes(self) -> bool:
        """Read the sizes the pipe holds (without waiting); False at its end."""
        while self._read >= 0:
            try:
                chunk = os.read(self._read, 1 << 16)
            except BlockingIOError:
                return True
            if not chunk:
                return False
            self._sizes += chunk
        return False

    def _results(self) -> list[Any]:
        """The results whose sizes were read, unpickled from the file."""
        whole = len(self._sizes) - len(self._sizes) % 8
        sizes, self._sizes = self._sizes[:whole], self._sizes[whole:]
        found = []
        fd = self.file.fileno() if self.file is not None else -1
        for i in range(0, whole, 8):
            size = int.from_bytes(sizes[i : i + 8], "big")
            found.append(pickle.loads(_pread(fd, size, self._offset)))
            self._offset += size
        return found

    def kill(self) -> None:
        """Stop the child (its results are not wanted)."""
        child, self.child = self.child, None
        if child is not None:
            child.kill()
        self.close()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None
        if self._read >= 0:
            os.close(self._read)
            self._read = -1


def _pread(fd: int, size: int, offset: int) -> bytes:
    """`size` bytes of the file `fd` from `offset` (written already)."""
    parts = []
    while size:
        part = os.pread(fd, size, offset)
        if not part:
            raise EOFError("a streamed result was cut short")
        parts.append(part)
        size, offset = size - len(part), offset + len(part)
    return b"".join(parts)


def result_or(child: Child | None, work: Callable[[], T]) -> T:
    """The child's result; `work()` here if there is no child or it failed."""
    found = child.result() if child is not None else None
    return work() if found is None else found


def split(here: Callable[[], T], there: Callable[[], U], again: Callable[[], U]) -> tuple[T, U]:
    """`here()` in this process while a forked child runs `there()`. If no child could be
    made or it failed, `again()` (the child's share, as this process does it) runs here
    after `here()`; if `here()` raises, the child is killed and the error propagates.
    `there` must not return None."""
    child = start(there)
    try:
        mine = here()
    except BaseException:
        if child is not None:
            child.kill()
        raise
    return mine, result_or(child, again)


class Queue:
    """Numbered tasks `0 … count-1` that two processes take in turn, each number once.

    Every number is in a pipe, and its writing end closed, before the fork; each process
    reads the next 4-byte number until the pipe is empty (numbers are read whole: the pipe
    holds them all before either process reads, so at most 4096 fit in its 16 KiB)."""

    LIMIT = 4096

    def __init__(self, count: int) -> None:
        if count > self.LIMIT:
            raise ValueError(f"at most {self.LIMIT} tasks, not {count}")
        self.read, write = os.pipe()
        try:
            os.write(write, b"".join(i.to_bytes(4, "big") for i in range(count)))
        finally:
            os.close(write)

    def take(self) -> int | None:
        """The next task nobody has taken yet, or None when all are taken."""
        token = os.read(self.read, 4)
        return int.from_bytes(token, "big") if token else None

    def close(self) -> None:
        os.close(self.read)
