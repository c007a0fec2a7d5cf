"""Files known by their `stat`: a file hashed before is not read again while it is, by
every sign the kernel keeps, the file that was hashed.

In: a file's `lstat` and the record made when its bytes were last hashed (or written).
Out: the recorded SHA-256 (and whether the file holds only policy tests), or None: read it.

As git's index and Bazel's digest cache do, a record holds the file's device, inode,
size, modification and change times, and a time before which its changes are settled.
It is trusted only if all five are unchanged and the file last changed before that time:
a write after the hash then moves the change time past the recorded one, which no one
can set back (`touch` and `utime` set the modification time, and the change time to now).
A file changed twice within one tick of a coarse clock, the second time right after it
was hashed, is what the settled time is for: such a record is never trusted, and the
file is read and hashed again. Only regular files are trusted (a link is read).

- An input (`record_of`) is settled `RACY_NS` before it was looked at: the margin covers
  the coarsest clock of a file system the policies may be on.
- An output (`written_record`) is settled at the file system's own time taken after the
  build wrote it and before it was moved into place (`policyc.output.write`): any later
  change to it gets a change time no earlier than that, on that very clock.

Directories are known the same way (`listing_of`, `listed`): a directory's modification
and change times move whenever an entry is added to it, removed or renamed, so one whose
`stat` is as recorded holds the entries it held (their names and types; their contents
are each file's own record).
"""

from __future__ import annotations

import os
import stat
import struct
from collections.abc import Mapping
from typing import Any

RACY_NS = 2_000_000_000  # a file changed this close to its hash is hashed again

# A file's record, packed (a cache of 10,000 records loads several times faster as bytes
# than as tuples): device, inode, size, modification and change times, settled time,
# the bytes' SHA-256, whether the file holds only policy tests.
_PACKED = struct.Struct("<QQQqqq32s?")
Record = bytes


def record_of(info: os.stat_result, at_ns: int, sha: bytes, tests: bool) -> Record | None:
    """The record of a regular file whose `lstat` was `info` when it was read at `at_ns`
    (taken before the `lstat`), with its bytes' SHA-256; None for any other file."""
    return written_record(info, at_ns - RACY_NS, sha, tests)


def written_record(
    info: os.stat_result, settled_ns: int, sha: bytes, tests: bool = False
) -> Record | None:
    """The record of a regular file whose `lstat` was `info`, holding the bytes `sha`,
    whose changes before `settled_ns` (on the clock of its file system) are known; None
    for any other file."""
    if not stat.S_ISREG(info.st_mode) or len(sha) != 32:
        return None
    return _PACKED.pack(
        info.st_dev,
        info.st_ino,
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
        settled_ns,
        sha,
        tests,
    )


def look(
    path: str | os.PathLike[str], records: Mapping[str, Any]
) -> tuple[os.stat_result | None, tuple[bytes, bool] | None]:
    """The `lstat` of the file `path` (None if it fails) and what its record in `records`
    (by the path as found) says, if it is `trusted`."""
    try:
        info = os.lstat(path)
    except OSError:
        return None, None
    return info, trusted(records.get(os.fspath(path)), info)


def trusted(recorded: Any, info: os.stat_result) -> tuple[bytes, bool] | None:
    """The SHA-256 and the tests flag of `recorded` if `info` (an `lstat` now) shows the
    very file it was made of, not changed since, and the record is not racy."""
    if not isinstance(recorded, bytes) or len(recorded) != _PACKED.size:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    dev, ino, size, mtime, ctime, settled_ns, sha, tests = _PACKED.unpack(recorded)
    if (dev, ino, size, mtime, ctime) != (
        info.st_dev,
        info.st_ino,
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
    ):
        return None
    if max(mtime, ctime) >= settled_ns:
        return None
    return sha, tests


Listing = tuple[int, int, int, int, int, tuple[tuple[str, int], ...]]


def listing_of(
    info: os.stat_result, at_ns: int, entries: tuple[tuple[str, int], ...]
) -> Listing | None:
    """The record of a directory whose `lstat` was `info` when it was listed at `at_ns`
    (taken before the `lstat`), with its entries (name, type); None if not a directory."""
    if not stat.S_ISDIR(info.st_mode):
        return None
    settled_ns = at_ns - RACY_NS
    return (info.st_dev, info.st_ino, info.st_mtime_ns, info.st_ctime_ns, settled_ns, entries)


def listed(recorded: Any, info: os.stat_result) -> tuple[tuple[str, int], ...] | None:
    """The entries of `recorded` if `info` (an `lstat` now) shows the very directory it
    was made of, not changed since, and the record is not racy."""
    if not isinstance(recorded, tuple) or len(recorded) != 6 or not stat.S_ISDIR(info.st_mode):
        return None
    dev, ino, mtime, ctime, settled_ns, entries = recorded
    if (dev, ino, mtime, ctime) != (info.st_dev, info.st_ino, info.st_mtime_ns, info.st_ctime_ns):
        return None
    if not isinstance(settled_ns, int) or max(mtime, ctime) >= settled_ns:
        return None
    if not isinstance(entries, tuple) or not all(map(_entry, entries)):
        return None
    return entries


def _entry(entry: Any) -> bool:
    """Whether a recorded entry is a name of one path component and its type."""
    if not isinstance(entry, tuple) or len(entry) != 2 or entry[1] not in (0, 1, 2):
        return False
    name = entry[0]
    return (
        isinstance(name, str)
        and name.isascii()
        and name not in ("", ".", "..")
        and "/" not in name
        and "\x00" not in name
    )
