"""Policy files on disk: which files a run reads (discovery) and their bytes (safe reads).

In: the paths named on the command line. Out: the policy files under them, sorted, and
each file's bytes, or located PC109/PC113 diagnostics. Everything goes through
`policyc.fs`; symlinks are followed only inside the policy directory and its repository.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

from policyc import fs
from policyc.diagnostics import Diagnostic, Span
from policyc.load.seen import Listing, listed, listing_of

MAX_FILE_BYTES = 8 * 1024 * 1024


def _not_regular(path: Path) -> str:
    """What a path that is not a regular file is, for its PC113 message."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "broken symbolic link" if path.is_symlink() else "no such file"
    except OSError as exc:
        return "symbolic link loop" if exc.errno == errno.ELOOP else f"cannot read: {exc}"
    except RuntimeError:
        return "symbolic link loop"
    return f"not a regular file: {fs.kind(mode)}"


def read_file(path: Path | str, display: str) -> bytes | Diagnostic:
    """One policy file's bytes, or why it cannot be read; `display` names it.

    Read through `policyc.fs`: a FIFO, a device or a directory is refused before a byte is
    read. A symlink (which `discover` checked stays inside the repository) is read at its
    resolved path, itself opened without following links (tried as it is first: no
    `lstat` per file for the few that are links)."""
    try:
        try:
            return fs.read_regular(path, MAX_FILE_BYTES)
        except fs.Refused as exc:
            if exc.why != fs.LINK:
                raise
        return fs.read_regular(Path(path).resolve(strict=True), MAX_FILE_BYTES)
    except fs.TooLarge as exc:
        return Diagnostic(
            "PC109",
            f"file is {exc.size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit",
            Span(display),
            hint="split the file; policy files are small",
        )
    except fs.Refused as exc:
        return Diagnostic("PC113", f"not a regular file: {exc.why}", Span(display))
    except (FileNotFoundError, RuntimeError):
        return Diagnostic("PC113", _not_regular(Path(path)), Span(display))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Diagnostic("PC113", "symbolic link loop", Span(display))
        return Diagnostic("PC113", f"cannot read file: {exc.strerror or exc}", Span(display))


MAX_DIR_DEPTH = 32  # directory levels below the policy directory
_name = attrgetter("name")


def shown_path(path: str) -> str:
    """A path as text that can be printed: bytes that are not UTF-8 as `\\xNN`."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def repository(path: Path) -> Path | None:
    """The git work tree holding `path` (the nearest directory upwards with `.git`)."""
    for candidate in (path, *path.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return None


def allowed_roots(root: Path) -> list[Path]:
    """Where symlinks found in the policy directory `root` may lead: the directory itself
    (the one named on the command line may be a link) and the git work tree holding it."""
    absolute = Path(os.path.abspath(root))
    try:
        real = absolute.resolve(strict=True)
    except (OSError, RuntimeError):
        return [absolute]
    found = [real]
    for where in (absolute, real):
        repo = repository(where)
        if repo is not None:
            found.append(repo.resolve())
    return found


def _problem(path: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic("PC113", message, Span(shown_path(path)), hint=hint)


class _Listed(NamedTuple):
    """An entry of a directory known by its `stat` (`policyc.load.seen`), as `scandir`
    gave it: its name and type (`_kind`)."""

    name: str
    kind: int

    def is_symlink(self) -> bool:
        return self.kind == _LINK

    def is_dir(self, *, follow_symlinks: bool = True) -> bool:
        return self.kind == _DIR


_OTHER, _DIR, _LINK = 0, 1, 2


def _kind(entry: os.DirEntry[str]) -> int:
    if entry.is_symlink():
        return _LINK
    return _DIR if entry.is_dir(follow_symlinks=False) else _OTHER


class Listings:
    """The directories of a walk known by their `stat` (`known`: the records of the last
    walk, by the path each was walked under), and the records of this one (`made`)."""

    def __init__(self, known: Mapping[str, Any]) -> None:
        self.known = known
        self.made: dict[str, Listing] = {}
        self.at_ns = time.time_ns()  # before any `lstat`: see `policyc.load.seen`

    def entries(self, dirpath: str) -> Sequence[os.DirEntry[str] | _Listed]:
        """The entries of the directory `dirpath`, in `_walk`'s order: as recorded if its
        `stat` shows it unchanged, else listed (and recorded if all names are ASCII)."""
        info = os.lstat(dirpath)
        names = listed(self.known.get(dirpath), info)
        if names is not None:
            self.made[dirpath] = self.known[dirpath]
            return [_Listed(name, kind) for name, kind in names]
        entries = sorted(os.scandir(dirpath), key=_name, reverse=True)
        if all(e.name.isascii() for e in entries):
            made = listing_of(info, self.at_ns, tuple((e.name, _kind(e)) for e in entries))
            if made is not None:
                self.made[dirpath] = made
        return entries


def _entries(dirpath: str, listings: Listings | None) -> Sequence[os.DirEntry[str] | _Listed]:
    """The entries of `dirpath` in the walk's order (`Listings.entries`)."""
    if listings is None:
        return sorted(os.scandir(dirpath), key=_name, reverse=True)
    return listings.entries(dirpath)


def _walk(
    root: Path, found: dict[str, str], diags: list[Diagnostic], listings: Listings | None = None
) -> None:
    """Add every policy file under the directory `root`, following symlinks that stay
    inside `allowed_roots` (others are PC113), with a bounded depth and no loops; with
    `listings`, a directory its `stat` shows unchanged is not listed again."""
    bounds = allowed_roots(root)
    top = os.fspath(root)
    try:
        real_top = root.resolve(strict=True)
    except (OSError, RuntimeError):
        diags.append(_problem(top, "symbolic link loop"))
        return
    seen = {str(real_top): top}  # real directory → its path as found
    stack: list[tuple[str, Path, int]] = [(top, real_top, 0)]
    while stack:
        dirpath, real_dir, depth = stack.pop()
        try:
            entries = _entries(dirpath, listings)
        except OSError as exc:
            diags.append(_problem(dirpath, f"cannot read directory: {exc.strerror or exc}"))
            continue
        # `os.path.join` once per directory, not per entry (10,000 files: 10,000 joins)
        here, real_here = os.path.join(dirpath, ""), os.path.join(real_dir, "")
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            path = here + name
            policy_name = name.endswith((".yaml", ".yml"))
            if not name.isascii() and _not_utf8(entry, path, policy_name, diags):
                continue  # (an ASCII name is UTF-8: no encoding round trip per entry)
            if not entry.is_symlink():
                if entry.is_dir(follow_symlinks=False) and not policy_name:
                    _enter(path, real_dir / name, depth, seen, stack, diags, None)
                elif policy_name:  # a directory named *.yaml: read_file reports it
                    found.setdefault(real_here + name, path)
                continue
            try:
                real = Path(path).resolve(strict=True)
            except (OSError, RuntimeError):  # broken or looping: read_file reports a file
                if policy_name:
                    found.setdefault(path, path)
                continue
            is_dir = real.is_dir()
            if not policy_name and not is_dir:
                continue
            if not any(real.is_relative_to(b) for b in bounds):
                where = "directory" if is_dir else "file"
                diags.append(
                    _problem(
                        path,
                        f"symbolic link to a {where} outside the policy directory and its "
                        "repository",
                        "copy it into the repository instead",
                    )
                )
            elif is_dir and not policy_name:
                _enter(path, real, depth, seen, stack, diags, real_dir)
            else:
                found.setdefault(str(real), path)


def _not_utf8(
    entry: os.DirEntry[str] | _Listed, path: str, policy_name: bool, diags: list[Diagnostic]
) -> bool:
    """Whether an entry's name is not valid UTF-8 (skipped; PC113 if it would be read)."""
    if entry.name == shown_path(entry.name):
        return False
    if policy_name or entry.is_dir():
        diags.append(
            _problem(
                path,
                "file name is not valid UTF-8",
                "rename it: names of policy files are UTF-8 text",
            )
        )
    return True


def _enter(
    path: str,
    real: Path,
    depth: int,
    seen: dict[str, str],
    stack: list[tuple[str, Path, int]],
    diags: list[Diagnostic],
    here: Path | None,
) -> None:
    """Queue the directory `path` (really `real`, found in `here`; None for a directory
    that is no link: it cannot lead back) unless it is too deep, leads back to a directory
    it is in (a loop) or was read already (then once is enough)."""
    if here is not None and here.is_relative_to(real):
        diags.append(_problem(path, "symbolic link loop: leads back to a directory it is in"))
        return
    if depth + 1 > MAX_DIR_DEPTH:
        diags.append(
            _problem(
                path,
                f"directories nested deeper than {MAX_DIR_DEPTH} levels",
                "flatten the policy directory",
            )
        )
        return
    if str(real) in seen:
        return
    seen[str(real)] = path
    stack.append((path, real, depth + 1))


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Expand directories into their `*.yaml`/`*.yml` files, sorted; report bad paths.

    Symlinked files and directories in a policy directory are followed when they lead
    inside it or the git work tree holding it; elsewhere they are PC113 and never read.
    A file reached twice (named directly and through its directory) is read once.
    """
    names, diags = discover_names(paths)
    return [Path(name) for name in names], diags


def discover_names(
    paths: Iterable[Path], listings: Listings | None = None
) -> tuple[list[str], list[Diagnostic]]:
    """`discover`'s files as the text of their paths, in its order: the up-to-date check
    needs no `Path` of them (10,000 of them, and their sort by `as_posix`, took 0.05 s).
    `listings`: directories known by their `stat` are not listed again."""
    found: dict[str, str] = {}  # real path → the path as found
    diags: list[Diagnostic] = []
    for root in paths:
        if root.is_dir():
            _walk(root, found, diags, listings)
        elif root.exists() or root.is_symlink():
            try:
                real = str(root.resolve())
            except (OSError, RuntimeError):  # symlink loop
                real = str(root.absolute())
            found.setdefault(real, os.fspath(root))
        else:
            diags.append(Diagnostic("PC113", "no such file or directory", Span(str(root))))
    return sorted(found.values(), key=_posix), diags


def _posix(name: str) -> str:
    """`Path(name).as_posix()` of a path `discover` found, without making the `Path`: on
    POSIX the walk joins names to the directory as given, which `Path` normalized already
    but for `.` (its files are `./name`)."""
    if os.sep != "/":
        return Path(name).as_posix()
    return name[2:] if name.startswith("./") else name
