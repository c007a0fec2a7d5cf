"""The output lock: one `policyc build` at a time writes a given output directory.

In: the output directory. Out: a held `OutputLock` (plus a warning when it took over the
lock of a build that died), or a PC402 diagnostic naming the build that holds it.

The lock file `.<out>.lock` sits beside the output and holds the owner's pid. On POSIX
the kernel lock (`flock`) on that file is the truth: it vanishes when its owner dies, so
a lock file whose pid no longer holds it is stale and is taken over with a PC405
warning. Without `flock` (Windows) the file's existence is the lock.

The file is created through `policyc.fs` (`O_EXCL | O_NOFOLLOW`); an existing one is used
only if it is a regular file with one link holding at most a pid: a symlink, a FIFO or a
file with other content in its place is refused with PC408 and left as it is.
"""

from __future__ import annotations

import contextlib
import errno
import os
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from policyc import fs
from policyc.diagnostics import Diagnostic, Severity, Span

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


def _read_pid(fd: int) -> int | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 64).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def refused(path: Path, why: str) -> Diagnostic:
    """PC408: something that is not policyc's file sits where policyc keeps one."""
    return Diagnostic(
        "PC408",
        f"refusing to use {path.name}: it is {why}, not a file policyc wrote",
        Span(path.as_posix()),
        hint=f"move {path.name} away (policyc never writes through links or over others' files)",
    )


def _open_existing(path: Path) -> int | Diagnostic | None:
    """The existing lock file, opened read-write if it can be policyc's (None: gone)."""
    try:
        fd = fs.open_regular_rw(path)
    except FileNotFoundError:
        return None
    except fs.Refused as exc:
        return refused(path, exc.why)
    info = os.fstat(fd)
    text = b"x"
    if info.st_size <= 64:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 65).strip()
    if info.st_nlink != 1 or not (text.isdigit() or not text):
        os.close(fd)
        why = "a hard link" if info.st_nlink != 1 else "a file holding something else than a pid"
        return refused(path, why)
    return fd


def _create_or_open(path: Path) -> tuple[int, bool] | Diagnostic | None:
    """The lock file created (True) or the existing one opened (False), why it cannot be
    policyc's, or None when it went away meanwhile (try again)."""
    try:
        return fs.create(path), True
    except FileExistsError:
        opened = _open_existing(path)
        return opened if opened is None or isinstance(opened, Diagnostic) else (opened, False)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        return refused(path, "a symbolic link")


def _alive(pid: int) -> bool:
    if os.name == "nt":  # pragma: no cover - os.kill(pid, 0) would terminate it there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _held(path: Path, pid: int | None) -> Diagnostic:
    who = f"build pid {pid}" if pid is not None else "another build"
    return Diagnostic(
        "PC402",
        f"output is locked: {who} is writing it (lock file {path.name})",
        Span(path.as_posix()),
        hint=f"wait for that build to finish; if none is running, delete {path.name}",
    )


@dataclass
class OutputLock:
    """A held lock; release it with `release()` or by using it as a context manager."""

    path: Path
    fd: int
    took_over: Diagnostic | None = None

    @classmethod
    def acquire(cls, out: Path) -> OutputLock | Diagnostic:
        """Take the lock of `out` (whose parent must exist) without waiting."""
        path = lock_path(out)
        if fcntl is None:
            return cls._acquire_exclusive(path)
        for _ in range(10):
            found = _create_or_open(path)
            if found is None:
                continue
            if isinstance(found, Diagnostic):
                return found
            fd, _created = found
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # held by a live process
                pid = _read_pid(fd)
                os.close(fd)
                return _held(path, pid)
            # A releasing build unlinks the file before unlocking it: make sure the
            # path still names the file we locked, or try again with the new one.
            try:
                current = os.stat(path)
                mine = os.fstat(fd)
                same = (current.st_dev, current.st_ino) == (mine.st_dev, mine.st_ino)
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
            previous = _read_pid(fd)
            lock = cls(path, fd)
            if previous is not None and previous != os.getpid():
                lock.took_over = _stale(path, previous)
            lock._stamp()
            return lock
        return _held(path, None)  # pragma: no cover - ten lost races in a row

    @classmethod
    def _acquire_exclusive(cls, path: Path) -> OutputLock | Diagnostic:
        """The fallback without `flock`: the lock file's existence is the lock."""
        took_over = None
        for _ in range(2):
            found = _create_or_open(path)
            if found is None:
                continue
            if isinstance(found, Diagnostic):
                return found
            fd, created = found
            if not created:
                pid = _read_pid(fd)
                os.close(fd)
                if pid is None or _alive(pid):
                    return _held(path, pid)
                took_over = _stale(path, pid)
                with contextlib.suppress(OSError):
                    path.unlink()
                continue
            lock = cls(path, fd, took_over)
            lock._stamp()
            return lock
        return _held(path, None)

    def _stamp(self) -> None:
        os.ftruncate(self.fd, 0)
        os.lseek(self.fd, 0, os.SEEK_SET)
        os.write(self.fd, f"{os.getpid()}\n".encode())

    def release(self) -> None:
        if self.fd < 0:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()  # before unlocking, so no one locks a file we then delete
        os.close(self.fd)
        self.fd = -1

    def __enter__(self) -> OutputLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _stale(path: Path, pid: int) -> Diagnostic:
    return Diagnostic(
        "PC405",
        f"took over the stale lock of build pid {pid}, which is no longer running",
        Span(path.as_posix()),
        Severity.WARNING,
        hint="an earlier build was killed; its leftovers were cleaned up",
    )
