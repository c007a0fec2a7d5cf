"""An artifact whose bytes are already on disk: a file of the previous output, unchanged.

In: the artifact's path, the absolute path of the identical file in the output being
replaced, and its recorded SHA-256 and size. Out: an `Artifact` the manifest lists by
those, and the writer hard-links into the new tree instead of writing it again (an
incremental build keeps most of a 250 MB output this way). The bytes are read only if
the link cannot be made, and then checked against the recorded hash.
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass

from policyc import fs
from policyc.emit.base import Artifact


@dataclass(frozen=True, slots=True)
class Linked(Artifact):
    """`data` is empty: the bytes are those of the regular file `origin`, whose inode
    and modification time (as the cache checked them) a hard link to it keeps."""

    origin: str = ""
    sha256: str = ""
    size: int = 0
    inode: int = 0
    mtime_ns: int = 0


_FIELDS = ("path", "data", "origin", "sha256", "size", "inode", "mtime_ns")


def from_records(top: str, files: Iterable[tuple[str, str, int, int, int]]) -> list[Artifact]:
    """The files of the output `top` as a cache recorded them (path, SHA-256, size, inode,
    modification time), as `Linked` artifacts. Made without the frozen dataclass's
    `__init__`, which sets each field through `object.__setattr__`: a third of the time
    (18,000 at 10,000 files, each build after an edit)."""
    new = object.__new__
    path_, data_, origin_, sha_, size_, inode_, mtime_ = (
        getattr(Linked, name).__set__ for name in _FIELDS
    )
    prefix = top.rstrip("/") + "/"
    out: list[Artifact] = []
    for path, sha, size, inode, mtime in files:
        linked = new(Linked)
        path_(linked, path)
        data_(linked, b"")
        origin_(linked, prefix + path)
        sha_(linked, sha)
        size_(linked, size)
        inode_(linked, inode)
        mtime_(linked, mtime)
        out.append(linked)
    return out


def sha256_of(artifact: Artifact) -> str:
    if isinstance(artifact, Linked):
        return artifact.sha256
    return hashlib.sha256(artifact.data).hexdigest()


def size_of(artifact: Artifact) -> int:
    return artifact.size if isinstance(artifact, Linked) else len(artifact.data)


def place(artifact: Linked, target: str) -> None:
    """Put the linked artifact's bytes at `target` (a new name): a hard link to its origin
    (never following a link), or, where links cannot be made, a copy checked against the
    recorded hash."""
    try:
        os.link(artifact.origin, target, follow_symlinks=False)
        return
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP):
            raise
    data = fs.read_regular(artifact.origin, artifact.size)
    if len(data) != artifact.size or hashlib.sha256(data).hexdigest() != artifact.sha256:
        raise OSError(errno.EIO, f"{artifact.origin} changed while the output was written")
    fs.write_new(target, data)
