"""The file-system boundary: every file policyc writes, reads back, locks, stamps or removes.

In: paths. Out: bytes, new files and removed trees, or a `Refused` error saying what was
found instead. The rules, which every caller gets by going through here:

* A file policyc creates (lock, stamp, temporary file) is created with
  `O_CREAT | O_EXCL | O_NOFOLLOW`: never through a symlink, never over an existing file;
  a temporary file has an unpredictable name (`new_name`) in a directory policyc made.
* A file policyc reads is opened with `O_NOFOLLOW | O_NONBLOCK` and `fstat`ed before a
  byte is read: a symlink, FIFO, device, socket or directory is refused (`Refused`), so
  nothing hangs on a pipe, streams `/dev/zero` or reads a link's target; reads are bounded.
* A file read by its place in a tree (`read_within`: what `policyc preview` serves) is
  reached one directory at a time, each opened without following a link: no `..`, no
  link anywhere on the way leads outside the tree.
* A tree is read (`walk_files`) one directory at a time, each opened relative to its
  parent's descriptor without following a link, and its files by name in it (`read_at`).
* A tree is removed without following symlinks: a link is unlinked, its target untouched.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import stat
from collections.abc import Collection, Iterator
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_DIR_FLAGS = os.O_RDONLY | _DIRECTORY | _CLOEXEC
LINK = "a symbolic link"  # why a link is `Refused`
_KINDS = (
    (stat.S_ISLNK, LINK),
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


class Refused(OSError):
    """A path that is not what policyc may read or write there (a link, a FIFO, too big)."""

    def __init__(self, path: Path | str, why: str) -> None:
        super().__init__(errno.EPERM, why, os.fspath(path))
        self.why = why


class TooLarge(Refused):
    """A file over the size limit of what is read."""

    def __init__(self, path: Path | str, size: int, limit: int) -> None:
        super().__init__(path, f"{size:,} bytes, over the {limit:,}-byte limit")
        self.size = size


def kind(mode: int) -> str:
    """What a file of this mode is, for a message ("a named pipe")."""
    for test, what in _KINDS:
        if test(mode):
            return what
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


def describe(path: Path | str, dir_fd: int | None = None) -> str | None:
    """What is at `path` (relative to `dir_fd` if given) without following a final
    symlink, or None if nothing is."""
    try:
        return kind(os.lstat(path, dir_fd=dir_fd).st_mode)
    except FileNotFoundError:
        return None


def _open_regular(path: Path | str, flags: int, dir_fd: int | None = None) -> int:
    """A descriptor of the regular file at `path` (relative to `dir_fd` if given), or
    `Refused` (a link, FIFO, device)."""
    return _open_sized(path, flags, dir_fd)[0]


def _open_sized(path: Path | str, flags: int, dir_fd: int | None = None) -> tuple[int, int]:
    """`_open_regular` with the size its `fstat` found."""
    try:
        fd = os.open(path, flags | _NOFOLLOW | _NONBLOCK | _CLOEXEC, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno == errno.ELOOP or (exc.errno == errno.EMLINK and _NOFOLLOW):
            raise Refused(path, LINK) from None
        if exc.errno in (errno.ENXIO, errno.EISDIR):  # a socket, or a directory
            raise Refused(path, describe(path, dir_fd) or "not a regular file") from None
        raise
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise Refused(path, kind(info.st_mode))
    return fd, info.st_size


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them (more: `Refused`)."""
    fd, size = _open_sized(path, os.O_RDONLY)
    return _read_closing(fd, path, limit, size)


def read_at(directory: int, name: str, limit: int) -> bytes:
    """`read_regular` of the file `name` in the open `directory` (`walk_files`)."""
    fd, size = _open_sized(name, os.O_RDONLY, directory)
    return _read_closing(fd, name, limit, size)


def _read_closing(fd: int, path: Path | str, limit: int, size: int | None = None) -> bytes:
    """The bytes of the open regular file `fd`, at most `limit`; closes `fd`. `size` is
    what its `fstat` said, if that was asked already."""
    try:
        if size is None:
            size = os.fstat(fd).st_size
        if size > limit:
            raise TooLarge(path, size, limit)
        chunks = []
        total = 0
        if size:  # one read asking for a byte more than the size: a short one is the end
            chunk = os.read(fd, size + 1)
            if len(chunk) == size:  # the common case: 1 read instead of 2 (the second empty)
                return chunk
            chunks.append(chunk)
            total = len(chunk)
        while total <= limit:  # /proc files report size 0: read up to the limit, never past it
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise TooLarge(path, total, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def open_tree(root: Path | str) -> int:
    """A descriptor of the directory `root`, for `walk_files` (a link named as the root
    is followed, as `list_files` follows it); the caller closes it."""
    return os.open(root, _DIR_FLAGS)


def open_directory_at(directory: int, name: str) -> int:
    """A descriptor of the real directory `name` in the open `directory`, never a link's."""
    return os.open(name, _DIR_FLAGS | _NOFOLLOW, dir_fd=directory)


def list_directory(directory: int, skip: Collection[str] = ()) -> tuple[list[str], list[str]]:
    """The names in the open `directory`: (entries that are not directories, directories
    but those named in `skip`), as `walk_files` sees them; nothing if it cannot be read."""
    files: list[str] = []
    directories: list[str] = []
    try:
        with os.scandir(directory) as found:
            entries = list(found)
    except OSError:
        return files, directories
    for entry in entries:
        try:  # the type scandir read: no system call unless the file system gave none
            is_directory = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_directory = False
        if is_directory:
            if entry.name not in skip:
                directories.append(entry.name)
        elif not (entry.name in skip and _entry_is_dir(entry)):
            files.append(entry.name)
    return files, directories


def walk_files(
    root: Path | str | int, skip: Collection[str] = (), prefix: str = ""
) -> Iterator[tuple[int, str, str]]:
    """Every entry under the directory `root` (a path, or a descriptor the caller keeps)
    that is not a directory, as (a descriptor of its directory, its name, `prefix` and its
    POSIX path relative to `root`): read it with `read_at(directory, name, limit)` before
    the next one is asked for.

    Every directory below `root` is opened relative to its parent's descriptor without
    following a link (a link is listed like a file, never entered), so what is read is
    what was listed; directories named in `skip`, and links to directories with such a
    name, are left out. A directory that cannot be read lists nothing (as `os.walk`).
    """
    if isinstance(root, int):
        fd, owned = root, False
    else:
        try:
            fd, owned = open_tree(root), True
        except OSError:
            return
    stack: list[tuple[int, str, list[str]]] = []  # open directories, subdirectories to do
    try:
        while True:
            files, todo = list_directory(fd, skip)
            stack.append((fd, prefix, todo))
            for name in files:
                yield fd, name, prefix + name
            while stack:  # the next directory to list, depth first: one descriptor a level
                parent, above, waiting = stack[-1]
                if not waiting:
                    done = stack.pop()[0]
                    if stack or owned:
                        os.close(done)
                    continue
                name = waiting.pop()
                try:
                    fd = open_directory_at(parent, name)
                except OSError:  # gone meanwhile, replaced by a link, unreadable
                    continue
                prefix = f"{above}{name}/"
                break
            else:
                return
    finally:
        for index, (fd, _prefix, _todo) in enumerate(stack):
            if index or owned:
                os.close(fd)


def _entry_is_dir(entry: os.DirEntry[str]) -> bool:
    """Whether a link leads to a directory."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def read_within(root: Path, parts: list[str], limit: int) -> bytes:
    """The bytes of the regular file `root/part/part/…`, walked one directory at a time
    without following a link at any step (`root` itself included): a link, `..`, or any
    component that is not a plain name is `Refused`, a missing one `FileNotFoundError`,
    and a directory at the end `Refused(…, "a directory")` (the caller may add index.html).
    """
    for part in parts:
        if part in ("", ".", "..") or "/" in part or "\0" in part or os.sep in part:
            raise Refused(root, f"not a plain file name: {part!r}")
    if not parts:
        raise Refused(root, "a directory")
    directory_flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW | _CLOEXEC
    fd = _open_directory(root, directory_flags, None)
    try:
        for part in parts[:-1]:
            inner = _open_directory(part, directory_flags, fd)
            os.close(fd)
            fd = inner
        file = _open_regular(parts[-1], os.O_RDONLY, fd)
    finally:
        os.close(fd)
    return _read_closing(file, parts[-1], limit)


def _open_directory(path: Path | str, flags: int, dir_fd: int | None) -> int:
    """A descriptor of the real directory at `path` (not a link to one), or `Refused`."""
    try:
        return os.open(path, flags, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
            raise Refused(path, describe(path, dir_fd) or "not a directory") from None
        raise


def open_regular_rw(path: Path | str) -> int:
    """A read-write descriptor of the existing regular file at `path` (the lock)."""
    return _open_regular(path, os.O_RDWR)


def create(path: Path | str, data: bytes = b"", mode: int = 0o644) -> int:
    """Create a new file at `path` (never through a link, never over a file), write `data`;
    returns the open descriptor (the caller closes it)."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    fd = os.open(path, flags, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:
        os.close(fd)
        raise
    return fd


def write_new(path: Path | str, data: bytes, mode: int = 0o644) -> None:
    """Create the new file `path` holding `data`."""
    os.close(create(path, data, mode))


def new_name(prefix: str) -> str:
    """An unpredictable file name for a temporary file (`.<prefix>.<random>`)."""
    return f".{prefix}.{secrets.token_hex(8)}"


def replace_file(path: Path, data: bytes) -> None:
    """Put `data` at `path` atomically: a new file with an unpredictable name beside it,
    then a rename (which replaces a link at `path` itself, never its target)."""
    tmp = path.with_name(new_name(path.name))
    write_new(tmp, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def own_directory(path: Path) -> None:
    """Make the directory `path`, or check that what is there is a real directory."""
    try:
        os.mkdir(path)
    except FileExistsError:
        what = describe(path)
        if what != "a directory":
            raise Refused(path, what or "not a directory") from None


def remove(path: Path) -> None:
    """Remove `path` without following links: a tree is removed, a link only unlinked."""
    what = describe(path)
    if what is None:
        return
    if what == "a directory":
        shutil.rmtree(path)
    else:
        os.unlink(path)
