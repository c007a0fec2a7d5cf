"""Write artifacts atomically: check their paths, then swap a verified tree in.

In: artifacts (the manifest among them, `output.manifest`). Out: a complete, current
output directory, or the diagnostics of why the old one was kept (`--check` compares
instead: `output.check`).

The new tree is written into a temporary directory beside the output, read back and
verified, then swapped in with two renames while holding the output lock. A failure at
any point (a full disk, Ctrl-C, SIGTERM) removes the temporary tree and leaves the old
one byte-for-byte as it was; the leftovers of a build that was killed outright are
cleaned up by the next one. Stale files (a removed programme's pages) disappear with the
old tree. Artifact paths are checked first, so nothing is ever written outside --out.

Every file is created, read back and removed through `policyc.fs` (no symlink followed,
no FIFO or device read). The old tree may hold only what its manifest lists (plus the
caches of `CACHE_DIRS`): a rebuild that would delete anything else (a `.git`, notes)
stops with PC409 naming the files, unless `force_clean` is given.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from policyc import fs, parallel
from policyc.diagnostics import Diagnostic, Severity, Span
from policyc.emit.base import Artifact
from policyc.load import seen
from policyc.load.seen import Listing
from policyc.output.linked import Linked, place, size_of
from policyc.output.lock import OutputLock, refused
from policyc.output.manifest import (
    CACHE_DIRS,
    MANIFEST,
    MANIFEST_LIMIT,
    list_files,
    read_manifest,
)

# Keeps `<checkout>/generated/<path>` under Windows' 260-character MAX_PATH.
MAX_PATH_CHARS = 200
MAX_NAME_CHARS = 128
_NAME = re.compile(r"[A-Za-z0-9._+-]+")
# Windows device names, reserved with any extension (`con.html` too), in any case.
_DEVICE = re.compile(r"^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\..*)?$", re.IGNORECASE)


# -- artifact paths ------------------------------------------------------------------------


def path_problem(path: str) -> str | None:
    """Why `path` cannot be written safely and portably inside the output, or None."""
    if not path or path.startswith("/") or "\\" in path or "\x00" in path:
        return "not a relative POSIX path"
    if len(path) > MAX_PATH_CHARS:
        return f"longer than {MAX_PATH_CHARS} characters"
    for part in path.split("/"):
        why = _part_problem(part)
        if why is not None:
            return why
    return None


@functools.lru_cache(maxsize=1 << 16)
def _part_problem(part: str) -> str | None:
    """Why one component of a path cannot be written, or None. Cached: an output's
    18,000 paths share a few thousand components (programmes, locales, page names)."""
    if part in ("", ".", ".."):
        return "has an empty, '.' or '..' component"
    if not _NAME.fullmatch(part):
        return f"component {part!r} has characters other than A-Z a-z 0-9 . _ + -"
    if len(part) > MAX_NAME_CHARS:
        return f"component longer than {MAX_NAME_CHARS} characters"
    if part.endswith("."):
        return f"component {part!r} ends with a dot"
    if _DEVICE.match(part):
        return f"component {part!r} is a reserved device name on Windows"
    return None


def check_paths(artifacts: Sequence[Artifact]) -> list[Diagnostic]:
    """PC401 for each artifact path that is unsafe, duplicated or collides with another."""
    diags: list[Diagnostic] = []

    def refuse(path: str, why: str) -> None:
        diags.append(
            Diagnostic(
                "PC401",
                f"refusing to write artifact {path!r}: {why}",
                Span(path[:MAX_PATH_CHARS] or "<empty path>"),
                hint="an emitter produced this path; report it as a policyc bug",
            )
        )

    paths = sorted(a.path for a in artifacts)
    if _clean(paths):
        return diags
    seen: dict[str, str] = {}  # case-folded path → path
    clear: set[str] = set()  # parents without a file at or above them
    files = set(paths)
    for path in paths:
        why = path_problem(path)
        if why is not None:
            refuse(path, why)
            continue
        folded = path.casefold()
        if folded in seen:
            other = seen[folded]
            refuse(
                path,
                "produced twice" if other == path else f"same name as {other!r} ignoring case",
            )
            continue
        seen[folded] = path
        parent = _parent_file(path, files, clear)
        if parent is not None:
            refuse(path, f"{parent!r} is also written as a file")
    return diags


def _clean(paths: list[str]) -> bool:
    """Whether `check_paths` finds nothing wrong with `paths`, checked in bulk: every
    component of every path once (`_part_problem`, a few thousand distinct ones among
    18,000 paths), the lengths and characters of all at once, the paths ignoring case,
    and the directories against the files (at 10,000 files a third of the time one path
    at a time takes). False says only that `check_paths` must look path by path."""
    if not paths or max(map(len, paths)) > MAX_PATH_CHARS:
        return not paths
    joined = "\x00".join(paths)
    if joined.count("\x00") != len(paths) - 1 or "\\" in joined:
        return False  # a NUL or a backslash in a path
    parts = set(joined.replace("\x00", "/").split("/"))  # "" for an empty, absolute or "a//b" path
    if any(_part_problem(part) is not None for part in parts):
        return False
    if len({path.casefold() for path in paths}) != len(paths):
        return False  # the same path twice, or two that differ only in case
    directories: set[str] = set()
    for head in {path.rpartition("/")[0] for path in paths}:
        while head and head not in directories:
            directories.add(head)
            head = head.rpartition("/")[0]
    return directories.isdisjoint(paths)  # no path is a directory of another


def _parent_file(path: str, files: set[str], clear: set[str] | None = None) -> str | None:
    """The nearest of the clean `path`'s parents (`PurePosixPath(path).parents`, "."
    last) that is in `files`, or None; by string slicing, not a path object per parent
    (a tenth of a build's write at 18,000 artifacts). `clear` collects the parents found
    to have no file among themselves and their own parents, so that the next path below
    one stops there (the artifacts share a few thousand directories)."""
    seen = []
    end = len(path)
    while end > 0:
        end = path.rfind("/", 0, end)
        parent = path[:end] if end > 0 else "."
        if clear is not None and parent in clear:
            break
        if parent in files:
            return parent
        seen.append(parent)
    if clear is not None:
        clear.update(seen)
    return None


# -- writing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    """How the files of a tree just swapped in stand: each file written or linked now, by
    its `lstat` in the tree (`changed`), the files left as they were in the spare tree it
    was refitted from (`kept`: as the last write placed them), and the file system's time
    taken after the last of them was placed and before the swap (`settled_ns`): any later
    change to a file gets a change time no earlier (`policyc.load.seen`)."""

    changed: dict[str, os.stat_result]
    kept: frozenset[str]
    settled_ns: int


@dataclass
class WriteOutcome:
    diagnostics: list[Diagnostic]
    written: int = 0
    cleanup: Cleanup | None = None  # `write_tree(defer=True)`: call its `finish()`
    placed: Placed | None = None  # of the tree written (None: nothing was)


class _Terminated(BaseException):
    """SIGTERM arrived while the tree was being written."""


def _leftover(out: Path) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(out.name)}\.(new|old)-[A-Za-z0-9_]+$")


def _recover(out: Path) -> None:
    """Under the lock: undo what a killed build left beside `out` (policyc's own names;
    a link there is unlinked, never followed)."""
    pattern = _leftover(out)
    found = sorted(p for p in out.parent.iterdir() if pattern.match(p.name))
    olds = [p for p in found if ".old-" in p.name and fs.describe(p) == "a directory"]
    if olds and fs.describe(out) is None:
        os.rename(olds[-1], out)  # killed between the two renames of a swap
    for path in found:
        fs.remove(path)


_CONFLICT = re.compile(rb"^(?:<{7}|={7}|>{7})(?: |$)", re.MULTILINE)


def _broken_manifest(out: Path, shown: str) -> Diagnostic | None:
    """PC406 or PC408 for a `manifest.json` that is there but not one policyc can read:
    a git merge conflict, other text, or not a regular file (never read then)."""
    path = out / MANIFEST
    try:
        data = fs.read_regular(path, MANIFEST_LIMIT)
    except FileNotFoundError:
        return None
    except fs.Refused as exc:
        return refused(path, exc.why)
    conflict = _CONFLICT.search(data)
    if conflict is not None:
        line = data.count(b"\n", 0, conflict.start()) + 1
        return Diagnostic(
            "PC406",
            f"{MANIFEST} has git merge conflict markers: which files policyc wrote is unknown",
            Span(f"{shown}/{MANIFEST}", line),
            hint=f"take either side (`git checkout --theirs {shown}/{MANIFEST}`), then run "
            "`policyc build` again; do not edit the manifest by hand",
        )
    return Diagnostic(
        "PC406",
        f"{MANIFEST} is not a policyc manifest (not JSON of the right shape)",
        Span(f"{shown}/{MANIFEST}"),
        hint=f"restore {shown}/{MANIFEST} from version control, then run `policyc build` again",
    )


def _unowned(out: Path, recorded: dict[str, Any]) -> list[str]:
    """Files under `out` that its manifest does not list: policyc did not write them."""
    entries = recorded.get("artifacts")
    owned = {*entries, MANIFEST} if isinstance(entries, dict) else {MANIFEST}
    return sorted(list_files(out) - owned)


def _some(files: list[str]) -> str:
    """The first five of `files`, and how many more."""
    return ", ".join(files[:5]) + (f" and {len(files) - 5} more" if len(files) > 5 else "")


def _not_owned(shown: str, files: list[str]) -> Diagnostic:
    listed = _some(files)
    return Diagnostic(
        "PC409",
        f"refusing to replace {shown}/: the rebuild would delete {len(files)} file"
        f"{'s' * (len(files) != 1)} policyc did not write: {listed}",
        Span(f"{shown}/{files[0]}"),
        hint=f"move them out of {shown}/, or pass --force-clean to delete them",
        notes=tuple(f"not in {MANIFEST}: {f}" for f in files[:20]),
    )


def _refusal(out: Path, force_clean: bool = False) -> Diagnostic | None:
    """Refuse to replace a directory that policyc did not write (say `--out src`), or one
    holding files its manifest does not list (unless `force_clean`)."""
    what = fs.describe(out)
    if what is None:
        return None
    if what != "a directory":
        return Diagnostic(
            "PC403", "the output path exists and is not a directory", Span(out.as_posix())
        )
    if not any(out.iterdir()):
        return None
    recorded = read_manifest(out)
    if recorded is not None:
        unowned = [] if force_clean else _unowned(out, recorded)
        return _not_owned(out.as_posix(), unowned) if unowned else None
    broken = _broken_manifest(out, out.as_posix())
    if broken is not None:
        return broken
    return Diagnostic(
        "PC406",
        f"refusing to replace {out.name}/: it is not empty and has no policyc {MANIFEST}",
        Span(out.as_posix()),
        hint="pass the right --out, or empty the directory if it really is the output",
    )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_file(path: Path, data: bytes) -> None:
    """Write one new file (made durable with the rest of the tree by `_flush`)."""
    fs.write_new(path, data)


def _syncfs(directory: Path) -> bool:
    """Flush the whole file system holding `directory` to the disk with Linux's `syncfs`
    (not in `os`); False where that is not available or fails."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
        fd = os.open(directory, os.O_RDONLY)
    except (OSError, AttributeError):
        return False
    try:
        return bool(syncfs(fd) == 0)
    finally:
        os.close(fd)


def _flush(tmp: Path, artifacts: Sequence[Artifact]) -> None:
    """Make a written tree durable before it is swapped in. One `syncfs` waits for every
    file at once (far faster than one `fsync` per file right after writing it:
    `benchmarks/README.md`); elsewhere every file, then every directory (deepest first) is fsynced."""
    if _syncfs(tmp):
        return
    dirs = {tmp}
    for a in artifacts:
        path = tmp / a.path
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        dirs.update(d for d in path.parents if d.is_relative_to(tmp))
    for directory in sorted(dirs, key=lambda d: len(d.parts), reverse=True):
        _fsync_dir(directory)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a directory
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _directories(artifacts: Sequence[Artifact]) -> list[str]:
    """Every directory the artifacts need (relative, POSIX), each after its parent."""
    found: set[str] = set()
    for a in artifacts:
        end = a.path.rfind("/")
        while end > 0:
            parent = a.path[:end]
            if parent in found:
                break
            found.add(parent)
            end = a.path.rfind("/", 0, end)
    return sorted(found)  # a parent sorts before every path below it


def _make_directories(tmp: Path, artifacts: Sequence[Artifact]) -> None:
    """Make the tree's directories, one `mkdir` each."""
    _mkdirs(tmp, _directories(artifacts))


def _write_files(tmp: Path, artifacts: Sequence[Artifact], *, again: bool = False) -> bool:
    """Write artifacts under `tmp`, whose directories are made. `again` overwrites what a
    failed writer may have left."""
    top = os.fspath(tmp)
    for a in artifacts:
        target = os.path.join(top, a.path)
        if again:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)
        if isinstance(a, Linked):
            place(a, target)
        else:
            _write_file(Path(target), a.data)
    return True


def _fill(tmp: Path, artifacts: Sequence[Artifact]) -> None:
    """Write every artifact under `tmp` and flush them. From `parallel.WRITE_FILES` files
    on, a forked child writes the second half in path order, making its directories too
    (creating files and directories is mostly system-call time, and the child shares the
    artifacts without copying them): only the directories both halves need are made
    first, here. If the child fails, its share is written here."""
    if not parallel.worth(len(artifacts), parallel.WRITE_FILES):
        _make_directories(tmp, artifacts)
        _write_files(tmp, artifacts)
    else:
        ordered = sorted(artifacts, key=lambda a: a.path)
        first, second = ordered[: len(ordered) // 2], ordered[len(ordered) // 2 :]
        mine, theirs = _directories(first), _directories(second)
        both = set(mine).intersection(theirs)
        _mkdirs(tmp, sorted(both))
        parallel.split(
            lambda: _write_part(tmp, [d for d in mine if d not in both], first),
            lambda: _write_part(tmp, [d for d in theirs if d not in both], second),
            lambda: _write_part(tmp, theirs, second, again=True),
        )
    _flush(tmp, artifacts)


def _write_part(
    tmp: Path, directories: Sequence[str], artifacts: Sequence[Artifact], *, again: bool = False
) -> bool:
    """Make `directories`, then write `artifacts` (`_write_files`); `again` keeps the
    directories a failed writer made already, and overwrites its files."""
    _mkdirs(tmp, directories, again=again)
    return _write_files(tmp, artifacts, again=again)


def _mkdirs(tmp: Path, directories: Sequence[str], *, again: bool = False) -> None:
    """Make `directories` (relative, each after its parent) under `tmp`; `again` keeps
    those there already."""
    top = os.fspath(tmp)
    for directory in directories:
        path = os.path.join(top, directory)
        try:
            os.mkdir(path)
        except FileExistsError:
            if not again or fs.describe(Path(path)) != "a directory":
                raise


def _write_shared(tmp: Path, artifacts: Sequence[Artifact]) -> None:
    """`_write_files`, split with a forked child from `parallel.WRITE_FILES` files on."""
    if parallel.worth(len(artifacts), parallel.WRITE_FILES):
        parallel.split(
            lambda: _write_files(tmp, artifacts[0::2]),
            lambda: _write_files(tmp, artifacts[1::2]),
            lambda: _write_files(tmp, artifacts[1::2], again=True),
        )
    else:
        _write_files(tmp, artifacts)


def _adopt(spare: Path, tmp: Path) -> bool:
    """Move the spare tree (`write_tree`) in place of the empty `tmp`: False when there is
    none or it cannot be moved there (another file system)."""
    if fs.describe(spare) != "a directory":
        return False
    try:
        os.rename(spare, tmp)  # replaces the empty directory `tmp`
    except OSError:
        return False
    return True


@dataclass(frozen=True)
class _Tree:
    """A tree as `_scan` found it, never following a link (POSIX paths relative to it)."""

    files: dict[str, int]  # each regular file's inode
    dirs: list[str]  # each after its parent
    others: list[str]  # links, FIFOs...
    caches: list[str]  # directories named in `CACHE_DIRS`, not looked into
    # With `_scan(listed=True)`: each directory (by its prefix: "" for the top, else
    # "a/b/") holding only files and directories, by its record (`seen.listing_of`),
    # its files and its directories' names; `_rescan` lists it again only if it moved.
    listed: dict[str, tuple[Listing, dict[str, int], list[str]]] = field(default_factory=dict)


def _scan(top: str, caches: frozenset[str] = frozenset(), *, listed: bool = False) -> _Tree:
    """The tree under `top`: one `scandir` per directory, the entries' types as it reports
    them (no `stat`); a directory named in `caches` is listed as such, not walked. With
    `listed`, each directory's `lstat` is taken before it is listed and recorded with its
    entries (`_Tree.listed`)."""
    return _rescan(top, None, caches, listed=listed)


def _rescan(
    top: str,
    before: _Tree | None,
    caches: frozenset[str] = frozenset(),
    *,
    listed: bool = False,
) -> _Tree:
    """`_scan(top, caches, listed=listed)`, where (unless `listed`) a directory whose
    `lstat` shows it as `before` recorded it (`seen.listed`: no entry added, removed or
    renamed since, and not racy) is not listed again: its entries are the recorded ones."""
    files: dict[str, int] = {}
    dirs: list[str] = []
    others: list[str] = []
    skipped: list[str] = []
    records: dict[str, tuple[Listing, dict[str, int], list[str]]] = {}
    known = {} if before is None else before.listed
    todo = [(top, "")]
    while todo:
        directory, prefix = todo.pop()
        if listed:
            at_ns = time.time_ns()  # before the `lstat`: `seen.listing_of`
            info = os.lstat(directory)
        elif known:
            recorded = known.get(prefix)
            if recorded is not None and seen.listed(recorded[0], os.lstat(directory)) is not None:
                files.update(recorded[1])
                for rel in recorded[2]:
                    dirs.append(rel)
                    todo.append((f"{top}/{rel}", rel + "/"))
                continue
        here: dict[str, int] = {}
        below: list[str] = []
        strange = len(others) + len(skipped)
        with os.scandir(directory) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_file(follow_symlinks=False):
                    here[rel] = entry.inode()
                elif not entry.is_dir(follow_symlinks=False):
                    others.append(rel)
                elif entry.name in caches:
                    skipped.append(rel)
                else:
                    below.append(rel)
                    todo.append((entry.path, rel + "/"))
        files.update(here)
        dirs.extend(below)
        if listed and strange == len(others) + len(skipped):
            record = seen.listing_of(info, at_ns, ())
            if record is not None:
                records[prefix] = (record, here, below)
    dirs.sort()
    return _Tree(files, dirs, others, skipped, records)


def _survey(spare: Path) -> tuple[_Tree | None, list[Diagnostic]]:
    """The spare tree (`write_tree`), if it may be refitted: every file in it is one its
    own `manifest.json` lists (the manifest of the build that wrote it), or lies in a
    tool's cache (`CACHE_DIRS`, removed by a swap as well). Else None, and the spare is
    left as it is: with a PC411 warning naming the files policyc did not write there
    (never deleted: standards), silently when it is not there or cannot be read."""
    if fs.describe(spare) != "a directory":
        return None, []
    try:
        found = _scan(os.fspath(spare), CACHE_DIRS, listed=True)
    except OSError:
        return None, []
    recorded = read_manifest(spare)
    entries = recorded.get("artifacts", {}) if recorded is not None else {}
    owned = entries.keys() | {MANIFEST} if recorded is not None else set()
    foreign = sorted(rel for rel in [*found.files, *found.others] if rel not in owned)
    if foreign:
        return None, [_foreign_spare(spare, foreign)]
    return found, []


def _foreign_spare(spare: Path, files: list[str]) -> Diagnostic:
    listed = _some(files)
    return Diagnostic(
        "PC411",
        f"spare output tree ignored: it holds {len(files)} file{'s' * (len(files) != 1)} "
        f"policyc did not write: {listed}",
        Span(spare.as_posix()),
        Severity.WARNING,
        hint="nothing to do: the output was written afresh and the spare left as it is; "
        "move those files out of it (the rest of .policyc_cache/ is safe to delete)",
        notes=tuple(f"not in its {MANIFEST}: {f}" for f in files[:20]),
    )


def _refit(tmp: Path, artifacts: Sequence[Artifact], found: _Tree) -> frozenset[str]:
    """Turn the adopted spare tree `tmp` (as `_survey` found it: only files its manifest
    lists, and tools' caches) into exactly `artifacts`: a file that is already the hard
    link a `Linked` artifact names (same inode as its origin, which the cache checked) is
    kept; every other file is removed, and written or linked again; the directories are
    made or removed to fit. Costs a walk and the changed files, instead of a `mkdir` per
    directory and a link per file, and spares removing the old tree.
    Returns the files kept. Refitted even when it keeps none (after a full rebuild): its
    directories are the ones needed again, and its files, links to the output's when
    the previous build kept them, cost little to unlink, where a fresh tree would make
    every directory and wait for the spare's removal (2.5 s at 10,000 files)."""
    top = os.fspath(tmp)
    wanted = {a.path: a for a in artifacts}
    kept: set[str] = set()
    for rel, inode in found.files.items():
        a = wanted.get(rel)
        if isinstance(a, Linked) and a.inode == inode:
            kept.add(rel)
    needed = set(_directories(artifacts))
    for rel in found.caches:
        fs.remove(Path(top, rel))
    for rel in found.others:
        os.unlink(os.path.join(top, rel))
    for rel in found.files:
        if rel not in kept:
            os.unlink(os.path.join(top, rel))
    for rel in reversed(found.dirs):  # each below its parent
        if rel not in needed:
            os.rmdir(os.path.join(top, rel))
    for rel in sorted(needed.difference(found.dirs)):
        os.mkdir(os.path.join(top, rel))
    _write_shared(tmp, [a for a in artifacts if a.path not in kept])
    _flush(tmp, artifacts)
    return frozenset(kept)


def _verify(
    tmp: Path,
    artifacts: Sequence[Artifact],
    kept: frozenset[str] = frozenset(),
    before: _Tree | None = None,
) -> Placed:
    """The written tree holds exactly the artifacts, as regular files, each of its full
    size. (Reading the bytes back would only read the page cache, never the disk; `syncfs`
    or `fsync` report the disk's write errors.) A file that is the very inode a `Linked`
    artifact names was not written now: its origin's size was checked with that inode
    (`Cache.reusable`). The files `kept` from the spare tree (`_refit`) are not `stat`ed
    (18,000 calls at 10,000 files); the others' `lstat` and the time after them are the
    tree's `Placed`. A tree refitted from `before` (the spare as `_survey` found it) is
    listed again only where its directories moved (`_rescan`): 7,700 `lstat`s instead of
    7,700 listings of 18,000 entries at 10,000 files."""
    top = os.fspath(tmp)
    found = _rescan(top, before)
    want = {a.path: a for a in artifacts}
    if found.others or found.caches or found.files.keys() != want.keys():
        raise OSError(errno.EIO, "the written tree does not list exactly the artifacts")
    changed: dict[str, os.stat_result] = {}
    for path, inode in found.files.items():
        a = want[path]
        linked = isinstance(a, Linked) and a.inode == inode
        if linked and path in kept:
            continue  # left as the last write placed it
        info = changed[path] = os.stat(os.path.join(top, path), follow_symlinks=False)
        if linked:
            continue
        if info.st_size != size_of(a):
            raise OSError(errno.EIO, f"{path} is {info.st_size} bytes on disk, not {size_of(a)}")
    os.utime(tmp)  # the file system's time now: after every file placed (`Placed`)
    return Placed(changed, kept, os.stat(tmp).st_ctime_ns)


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    """Turn SIGTERM into an exception while writing, so the cleanup runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def output_dir(out: Path) -> Path:
    """`out` made absolute; a symlink is followed, so the swap keeps the link."""
    out = Path(os.path.abspath(out))
    return out.resolve() if out.is_symlink() else out


@dataclass(frozen=True)
class Surveyed:
    """The two walks a write starts with (`_refusal` of the output, `_survey` of the
    spare), taken ahead by `survey` (a build runs it in a forked child while it models
    and emits), each with the mark (`_mark`) its tree had before the walk. `write_tree`
    uses a walk only if its tree still has that mark, and walks again otherwise: a
    build's swap renames both trees, a file added at a tree's top changes its mark."""

    out: Path
    force_clean: bool
    out_mark: tuple[int, int, int] | None
    refusal: Diagnostic | None
    spare: Path | None
    spare_mark: tuple[int, int, int] | None
    found: tuple[_Tree | None, list[Diagnostic]]

    def refusal_of(self, out: Path, force_clean: bool) -> Diagnostic | None:
        """`_refusal(out, force_clean)`, from the walk taken ahead if it still holds."""
        if (out, force_clean) == (self.out, self.force_clean) and _mark(out) == self.out_mark:
            return self.refusal
        return _refusal(out, force_clean)

    def survey_of(self, spare: Path) -> tuple[_Tree | None, list[Diagnostic]]:
        """`_survey(spare)`, from the walk taken ahead if it still holds."""
        if spare == self.spare and _mark(spare) == self.spare_mark:
            return self.found
        return _survey(spare)


def _mark(path: Path) -> tuple[int, int, int] | None:
    """What changes when a tree is renamed, replaced or its top gains or loses an entry:
    its device, inode and change time (which no one can set back)."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_ctime_ns)


def survey(out: Path, force_clean: bool, spare: Path | None) -> Surveyed:
    """The walks `write_tree(out, ..., force_clean=force_clean, spare=spare)` starts
    with, taken now (18,696 files: about 0.2 s that need not wait for the artifacts)."""
    out = output_dir(out)
    out_mark = _mark(out)
    refusal = _refusal(out, force_clean)
    spare_mark = None if spare is None else _mark(spare)
    found = (None, []) if spare is None else _survey(spare)
    return Surveyed(out, force_clean, out_mark, refusal, spare, spare_mark, found)


def write_tree(
    out: Path,
    artifacts: Sequence[Artifact],
    *,
    force_clean: bool = False,
    defer: bool = False,
    spare: Path | None = None,
    surveyed: Surveyed | None = None,
) -> WriteOutcome:
    """Replace `out` with exactly `artifacts`: temp dir, verify, swap; all or nothing.
    Files under `out` that its manifest does not list are deleted only with `force_clean`.

    With `defer`, the old tree is removed by another process while the caller goes on:
    the outcome's `cleanup.finish()` must then be called (it waits, and releases the
    output lock, held until then).

    With `spare` (a path on the output's file system, in the incremental cache), the old
    tree is moved there instead of removed, and the next write starts from it: it is
    moved beside the output as the temporary tree and refitted (`_refit`), so that an
    incremental build neither makes every directory again nor removes the old tree
    (its unchanged files are the hard links it needs already). Without one, or when it
    cannot be used, the tree is written from scratch as before; a spare holding a file
    its own manifest does not list is left as it is, with a PC411 warning (`_survey`).

    `surveyed` holds the walks of `out` and `spare` taken ahead (`survey`), used where
    the trees are as they were then."""
    problems = check_paths(artifacts)
    if problems:
        return WriteOutcome(problems)
    out = output_dir(out)
    shown = out.as_posix()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        lock = OutputLock.acquire(out)
    except OSError as exc:
        return WriteOutcome([_cannot(shown, exc)])
    if isinstance(lock, Diagnostic):
        return WriteOutcome([lock])
    diags = [lock.took_over] if lock.took_over else []
    gone: list[Path] = []
    try:
        try:
            _recover(out)
            if surveyed is None:
                refusal = _refusal(out, force_clean)
            else:
                refusal = surveyed.refusal_of(out, force_clean)
            if refusal is not None:
                return WriteOutcome([*diags, refusal])
            old, stale, placed = _replace(out, artifacts, spare, diags, surveyed)
            if old is not None and spare is not None and _keep_spare(old, spare):
                old = None
            gone = [p for p in (stale, old) if p is not None]
        finally:
            if not gone:  # else released once the old trees are gone
                lock.release()
    except OSError as exc:
        return WriteOutcome([*diags, _cannot(shown, exc)])
    except _Terminated:
        # Cleaned up and unlocked: now die of the signal as if it had not been caught.
        signal.raise_signal(signal.SIGTERM)
        raise SystemExit(128 + signal.SIGTERM) from None
    if not gone:
        return WriteOutcome(diags, written=len(artifacts), placed=placed)
    cleanup = Cleanup(gone, lock, background=defer)
    if not defer:
        cleanup.finish()
    return WriteOutcome(
        diags, written=len(artifacts), cleanup=cleanup if defer else None, placed=placed
    )


def _keep_spare(old: Path, spare: Path) -> bool:
    """Move the replaced tree `old` to `spare` for the next write; False if it cannot be
    (then it is removed as usual)."""
    try:
        os.rename(old, spare)  # fails if `spare` is there and not empty
    except OSError:
        return False
    return True


def _seed_spare(out: Path, new: Path, artifacts: Sequence[Artifact], spare: Path) -> None:
    """For a write that replaces no tree (the first build into `out`): a spare for the
    next write all the same, made of hard links to the files of the new tree `new`
    before it is swapped in (a link moves a file's change time: `Placed`), so that the
    first build after an edit refits it as every later one does, instead of writing
    every file again. Made beside `out` under a temporary name (`_recover` removes it
    if the build is killed) and renamed into place; on any failure nothing is left."""
    if fs.describe(spare) is not None:
        return
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        _make_directories(tmp, artifacts)
        top, origin = os.fspath(tmp), os.fspath(new)
        for a in artifacts:
            os.link(os.path.join(origin, a.path), os.path.join(top, a.path), follow_symlinks=False)
        os.rename(tmp, spare)
    except OSError:
        with contextlib.suppress(OSError):
            fs.remove(tmp)


def _replace(
    out: Path,
    artifacts: Sequence[Artifact],
    spare: Path | None = None,
    warnings: list[Diagnostic] | None = None,
    surveyed: Surveyed | None = None,
) -> tuple[Path | None, Path | None, Placed]:
    """Swap a verified tree of `artifacts` in for `out`, starting from the tree at `spare`
    if there is one (and `_survey` allows it: else its warning joins `warnings`); returns
    where the old tree went (None if there was none), for the caller to remove or keep,
    the spare when refitting it failed (to remove), and how the new tree's files
    were placed."""
    parent = out.parent
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=parent))
    old = parent / f".{out.name}.old-{tmp.name.rsplit('-', 1)[1]}"
    swapped = moved = False
    stale: Path | None = None
    kept: frozenset[str] | None = None
    try:
        with _sigterm_raises():
            mode = 0o777 & ~_umask()
            os.chmod(tmp, mode)  # mkdtemp makes it private
            found: _Tree | None = None
            problems: list[Diagnostic] = []
            if spare is not None:
                found, problems = _survey(spare) if surveyed is None else surveyed.survey_of(spare)
            if warnings is not None:
                warnings.extend(problems)
            if found is not None and spare is not None and _adopt(spare, tmp):
                os.chmod(tmp, mode)
                try:
                    kept = _refit(tmp, artifacts, found)
                except OSError:  # something in the spare in the way: start afresh
                    kept = None
                if kept is None:  # removed with the old tree (a `new-` name: never restored)
                    stale = parent / f"{tmp.name}_spare"
                    os.rename(tmp, stale)
                    os.mkdir(tmp, mode)
                    _fill(tmp, artifacts)
            else:
                _fill(tmp, artifacts)
            if spare is not None and not out.exists():
                _seed_spare(out, tmp, artifacts, spare)
            placed = _verify(tmp, artifacts, kept or frozenset(), None if kept is None else found)
            if out.exists():
                os.rename(out, old)
                moved = True
            try:
                os.rename(tmp, out)
            except BaseException:
                if old.exists() and not out.exists():
                    os.rename(old, out)
                raise
            swapped = True
            _fsync_dir(parent)
    except BaseException:
        # A refitted spare that failed its check goes back as the spare, not removed: it
        # may hold a file someone put there since the walk, which the next write's walk
        # then names (PC411) and leaves alone.
        back = kept is not None and not swapped and spare is not None and _keep_spare(tmp, spare)
        _discard(tmp, old, swapped, keep=back)
        if stale is not None:
            with contextlib.suppress(OSError):
                fs.remove(stale)
        raise
    return (old if moved else None), stale, placed


def _discard(tmp: Path, old: Path, swapped: bool, *, keep: bool = False) -> None:
    """Remove the new tree `tmp` (unless `keep`: it was moved away), and the old tree
    `old` once it was swapped out (else it is restored, or was never moved)."""
    if not keep:
        with contextlib.suppress(OSError):
            fs.remove(tmp)
    if swapped or fs.describe(old) is None:
        with contextlib.suppress(OSError):
            fs.remove(old)


# Run by a new interpreter, not a fork: the build's large heap is then not shared, so its
# pages are not copied each time the build writes to one while the removal runs (about
# 12 µs a page: `benchmarks/README.md`). `shutil.rmtree` is what `fs.remove` uses for a
# directory: it refuses a link at the top and unlinks links inside, following none.
# It goes through `fs.remove` like every removal (no link followed: `shutil.rmtree`),
# importing policyc from where this process has it (`-I -S`: nothing else on the path).
_SOURCE_ROOT = os.fspath(Path(__file__).resolve().parents[2])  # the directory holding policyc
_REMOVE = (
    "import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path; "
    "from policyc import fs; [fs.remove(Path(p)) for p in sys.argv[2:]]"
)


class Cleanup:
    """The old trees after a swap (the replaced output, a spare whose refit failed),
    being removed while the build finishes (7,700 directories took 1.5 s at 10,000
    policy files). The output lock stays held until
    `finish()`: a next build must not recover (remove) the same tree meanwhile; the
    removing process holds the lock's descriptor too, so this holds even if the build
    dies first. A leftover is removed by the next build in any case (`_recover`)."""

    def __init__(self, olds: Sequence[Path], lock: OutputLock, *, background: bool) -> None:
        self.olds, self.lock = list(olds), lock
        self.process = _start_removal(self.olds, lock.fd) if background else None

    def finish(self) -> None:
        """Wait for the removal (finishing it here if that process failed), then unlock."""
        try:
            if self.process is not None:
                self.process.wait()
                self.process = None
            for old in self.olds:
                with contextlib.suppress(OSError):
                    fs.remove(old)  # gone already when the process succeeded
        finally:
            self.lock.release()


def _start_removal(olds: Sequence[Path], lock_fd: int) -> subprocess.Popen[bytes] | None:
    """A process removing the trees `olds` (None if none could be started)."""
    if not sys.executable:
        return None
    keep = (lock_fd,) if os.name == "posix" and lock_fd >= 0 else ()
    try:
        return subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _REMOVE, _SOURCE_ROOT, *map(os.fspath, olds)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=keep,
        )
    except OSError:
        return None


def _cannot(shown: str, exc: OSError) -> Diagnostic:
    reason = exc.strerror or str(exc)
    where = f" ({exc.filename})" if exc.filename else ""
    hint = "free some disk space" if exc.errno == errno.ENOSPC else "check the file system"
    return Diagnostic(
        "PC403",
        f"could not write the output: {reason}{where}; the previous output is unchanged",
        Span(shown),
        hint=hint,
    )
