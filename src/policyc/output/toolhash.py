"""The toolchain's hash: everything besides the inputs that decides the output.

In: the running installation (policyc's own files and schemas, the versions of the
distributions it depends on, Python's); optionally a directory to keep a memo in.
Out: `toolchain(memo)`, a SHA-256 that moves whenever any of them does (the build stamps
and the incremental cache are kept under it: `freshness`, `incremental`).

Made afresh, it reads all of policyc (1.2 MB) and imports `importlib.metadata` to read
the metadata of every dependency: about 35 ms, a tenth of a build that finds nothing to
do. With a memo directory, the parts of the last hash are reused while nothing they were
made from moved: each file by its `lstat` (`policyc.load.seen`: a file not trusted is
read and hashed again), the distributions by the names of the `*.dist-info` and
`*.egg-info` entries of every directory on `sys.path` (a name holds its version: an
install, an upgrade or a removal changes them) and by the interpreter's own version and
path. A memo that is missing, foreign or unreadable is made again, never trusted as it is.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import time
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policyc import __version__, fs
from policyc.load.seen import record_of, trusted
from policyc.paths import schemas_dir

if TYPE_CHECKING:
    from email.message import Message
    from importlib.metadata import Distribution

# JSON, but not named `*.json`: `<out>.json` is the stamp of the output `<out>` (`freshness`)
MEMO = "toolchain.memo"
_MEMO_LIMIT = 1 << 20
_FORMAT = 1
_PACKAGE = Path(__file__).resolve().parents[1]  # all of policyc, not only output/


def _distributions() -> list[str]:
    """policyc and everything it depends on at run time, as sorted `name==version`."""
    from importlib import metadata  # start-up: only when the memo does not serve

    seen: dict[str, str] = {}
    todo = ["policyc"]
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            seen[key] = "?"
            continue
        headers = _headers(dist)
        seen[key] = headers["Version"]
        for requirement in headers.get_all("Requires-Dist") or dist.requires or []:
            found = re.match(r"[A-Za-z0-9._-]+", requirement)
            if found and "extra ==" not in requirement:
                todo.append(found.group(0))
    return sorted(f"{k}=={v}" for k, v in seen.items())


def _headers(dist: Distribution) -> Message:
    """The headers of a distribution's METADATA, parsed once (`dist.version` and
    `dist.requires` parse all of it each, the long description too: 20 ms a run)."""
    from email import message_from_string  # start-up: with `_distributions`

    text = dist.read_text("METADATA") or dist.read_text("PKG-INFO") or ""
    return message_from_string(text.partition("\n\n")[0])


def _installed() -> str:
    """What decides `_distributions()`: the interpreter, and each `sys.path` entry that
    can hold a distribution's metadata, in order: a directory with the names of the
    metadata directories in it (one without any is left out, so that the script's own
    directory, which differs between `policyc` and `python -m policyc`, does not
    matter), an archive by its size and modification time."""
    parts = [sys.executable, sys.version]
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except NotADirectoryError:
            try:
                info = os.stat(entry)
            except OSError:
                continue
            parts.append(f"{entry}\x00{info.st_size}:{info.st_mtime_ns}")
            continue
        except OSError:  # not there
            continue
        found = sorted(n for n in names if n.endswith((".dist-info", ".egg-info")))
        if found:
            parts.append(f"{entry}\x00{'|'.join(found)}")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _tree_files(root: Path) -> list[str]:
    """The files policyc reads at run time under `root`, as sorted POSIX paths below it."""
    found: list[str] = []
    top = os.fspath(root)
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        rel = os.path.relpath(dirpath, top).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        found.extend(prefix + n for n in filenames if not n.endswith((".pyc", ".pyo")))
    return sorted(found)


def _read_memo(memo: Path | None) -> dict[str, Any]:
    """The memo in `memo`, if it is one this format wrote; else empty."""
    if memo is None:
        return {}
    try:
        found = json.loads(fs.read_regular(memo / MEMO, _MEMO_LIMIT))
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict) or found.get("format") != _FORMAT:
        return {}
    if not isinstance(found.get("files"), dict) or not isinstance(found.get("dists"), list):
        return {}
    return found


def _write_memo(memo: Path, made: dict[str, Any]) -> None:
    """Keep `made` in the directory `memo` (best effort, only where it is a directory)."""
    if fs.describe(memo) != "a directory":
        return
    with contextlib.suppress(OSError):
        fs.replace_file(memo / MEMO, json.dumps(made, sort_keys=True).encode())


def _known(recorded: Any, info: os.stat_result) -> bytes | None:
    """The SHA-256 the memo's `recorded` (hex) gives a file whose `lstat` is `info`, if
    it is trusted (`seen.trusted`)."""
    if not isinstance(recorded, str):
        return None
    try:
        found = trusted(bytes.fromhex(recorded), info)
    except ValueError:
        return None
    return None if found is None else found[0]


@cache
def toolchain(memo: Path | None = None) -> str:
    """The hash of the toolchain (see the module docstring), through the memo kept in the
    directory `memo` if one is given; made once per process and directory."""
    kept = _read_memo(memo)
    installed = _installed()
    dists = kept["dists"] if kept.get("installed") == installed else _distributions()
    records: dict[str, Any] = kept.get("files", {})
    files: dict[str, str] = {}
    digest = hashlib.sha256()
    python = ".".join(map(str, sys.version_info[:3]))
    digest.update(f"policyc {__version__}\npython {python}\n".encode())
    for line in dists:
        digest.update(f"{line}\n".encode())
    roots = [_PACKAGE]
    schemas = schemas_dir()
    if not schemas.is_relative_to(_PACKAGE):
        roots.append(schemas)
    at_ns = time.time_ns()  # before any `lstat`: `seen.record_of`
    for root in roots:
        for rel in _tree_files(root):
            path = os.path.join(root, rel)
            name = f"{root.name}/{rel}"
            info = os.lstat(path)
            recorded = records.get(name)
            known = _known(recorded, info)
            if known is not None:
                sha, files[name] = known, str(recorded)
            else:
                sha = hashlib.sha256(Path(path).read_bytes()).digest()
                made = record_of(info, at_ns, sha, False)
                if made is not None:
                    files[name] = made.hex()
            digest.update(f"{name}:{sha.hex()}\n".encode())
    made_memo = {"format": _FORMAT, "installed": installed, "dists": dists, "files": files}
    if memo is not None and made_memo != kept:
        _write_memo(memo, made_memo)
    return digest.hexdigest()
