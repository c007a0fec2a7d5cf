"""The cache store: integrity-checked files of plain values under `.policyc_cache/`.

In: a path, the stamp of the toolchain that may read it, and a value made of `None`,
bool, int, float, str, bytes, tuples, lists and dicts. Out: the value read back, or why
the file was not trusted (a PC411/PC412 warning; a missing file is no finding).

Format: a header line `policyc-cache <FORMAT> <stamp> <sha256 of the payload>`, then the
payload, a `marshal` dump. `marshal` is used rather than `pickle` because loading it
never runs code or calls a constructor (a `.policyc_cache/` committed to a repository by
someone else must not be able to run anything), and it is several times faster than JSON
for these values, bytes included; its format depends on the Python version, which the
stamp covers (`output.toolhash.toolchain` hashes the Python version, every dependency's
version and policyc's own code). The payload's hash is checked before it is loaded, so a
truncated or corrupt file is never trusted. Files are written through `policyc.fs`: a
new file with an unpredictable name, then a rename (never through a link); the cache
directory must be a real directory (`fs.own_directory`).
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
from pathlib import Path
from typing import Any

from policyc import fs
from policyc.diagnostics import Diagnostic, Severity, Span

FORMAT = 1  # the layout of the cached values; bump when it changes
MAGIC = b"policyc-cache"
MAX_BYTES = 1 << 31  # a cache file larger than this is not read
_IGNORE = b"# Created by policyc: caches and build stamps, never commit them.\n*\n"


def _warning(code: str, message: str, path: Path, hint: str) -> Diagnostic:
    return Diagnostic(code, message, Span(path.as_posix()), Severity.WARNING, hint=hint)


def corrupt(path: Path, why: str) -> Diagnostic:
    """PC411: a cache file that is not what policyc wrote; it is ignored."""
    return _warning(
        "PC411",
        f"cache file ignored: {why}",
        path,
        "nothing to do: this run rebuilt what it needed and rewrote the cache "
        "(the .policyc_cache/ directory is always safe to delete)",
    )


def read(path: Path, stamp: str) -> tuple[Any, Diagnostic | None]:
    """The value stored at `path` by this toolchain (`stamp`), or None and why not."""
    payload, problem = fetch(path, stamp)
    return (None, problem) if payload is None else load(path, payload)


def fetch(path: Path, stamp: str) -> tuple[memoryview | None, Diagnostic | None]:
    """The checked payload stored at `path` by this toolchain (`stamp`), not loaded yet
    (`load`), or None and why not. Reading and hashing let go of the GIL: a thread can
    fetch while another works."""
    try:
        data = fs.read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, corrupt(path, f"cannot be read ({getattr(exc, 'why', None) or exc})")
    end = data.find(b"\n")
    parts = data[: max(end, 0)].split(b" ")
    payload = memoryview(data)[end + 1 :]  # not copied: the layers are megabytes
    if end < 0 or len(parts) != 4 or parts[0] != MAGIC:
        return None, corrupt(path, "not a policyc cache file")
    if parts[1] != str(FORMAT).encode() or parts[2] != stamp.encode():
        return None, _warning(
            "PC412",
            "cache file ignored: written by another version of policyc or its dependencies",
            path,
            "nothing to do: this run rebuilt what it needed and replaced the cache",
        )
    if hashlib.sha256(payload).hexdigest().encode() != parts[3]:
        return None, corrupt(path, "truncated or corrupt (its checksum does not match)")
    return payload, None


def load(path: Path, payload: memoryview) -> tuple[Any, Diagnostic | None]:
    """The value of a payload `fetch` checked (of the cache file `path`)."""
    try:
        return marshal.loads(payload), None
    except (ValueError, EOFError, TypeError) as exc:
        return None, corrupt(path, f"unreadable ({exc})")


def write(path: Path, stamp: str, value: Any) -> Diagnostic | None:
    """Store `value` at `path` for this toolchain (`stamp`); PC413 if that failed."""
    payload = marshal.dumps(value)
    digest = hashlib.sha256(payload).hexdigest()
    head = b" ".join([MAGIC, str(FORMAT).encode(), stamp.encode(), digest.encode()])
    try:
        own_directory(path.parent)
        fs.replace_file(path, head + b"\n" + payload)
    except OSError as exc:
        return _warning(
            "PC413",
            f"cannot write the cache: {getattr(exc, 'why', None) or exc.strerror or exc}",
            path,
            "the run itself is complete; check that the directory is writable and a real "
            "directory (not a link), or set POLICYC_CACHE_DIR",
        )
    return None


def own_directory(directory: Path) -> None:
    """Make the cache directory (a real directory, never through a link) with a
    `.gitignore` of `*`, created only where nothing is."""
    fs.own_directory(directory)
    ignore = directory / ".gitignore"
    if fs.describe(ignore) is None:
        with contextlib.suppress(FileExistsError):
            fs.write_new(ignore, _IGNORE)


def remove(path: Path) -> None:
    """Remove a cache file policyc wrote (a regular file named by policyc; never a link's
    target, never a directory)."""
    if fs.describe(path) == "a regular file":
        with contextlib.suppress(OSError):
            fs.remove(path)
