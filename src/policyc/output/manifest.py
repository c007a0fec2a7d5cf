"""`manifest.json`: what a build wrote (each artifact's hash and size, the versions that
shape the output, the inputs' hash), and whether a directory still holds exactly that.

In: artifacts and the inputs' hash, or an output directory. Out: the manifest artifact,
a parsed manifest, the files of a tree, or whether it matches its manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from policyc import __version__, fs, toolchain
from policyc.emit.base import Artifact
from policyc.load.seen import trusted
from policyc.output.linked import sha256_of, size_of

MANIFEST = "manifest.json"
MANIFEST_LIMIT = 64 * 1024 * 1024  # bytes; 10,000 artifacts make about 1.5 MB
ARTIFACT_LIMIT = 256 * 1024 * 1024  # bytes read back per file by --check and freshness
FORMAT_VERSION = 1
# What Python, mypy, ruff and pytest write next to the generated package when it is used.
CACHE_DIRS = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"})


def entries_of(
    artifacts: Sequence[Artifact], digests: Sequence[str] | None = None
) -> dict[str, tuple[str, int]]:
    """Each artifact's sha256 (hex) and size by its path; `digests`: the sha256s, in
    order, when taken already (by the emitting processes: `emit.run`)."""
    if digests is None:
        return {a.path: (sha256_of(a), size_of(a)) for a in artifacts}
    return {a.path: (digest, size_of(a)) for a, digest in zip(artifacts, digests, strict=True)}


def manifest(
    artifacts: Sequence[Artifact],
    input_hash: str,
    digests: Sequence[str] | None = None,
    entries: dict[str, tuple[str, int]] | None = None,
) -> Artifact:
    """`manifest.json`: every artifact's sha256 and size, policyc's version, the versions
    that shape the output (`toolchain`), the inputs' hash (`entries`: `entries_of` the
    artifacts, when taken already).

    The bytes are those of `json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False)`
    (`_dumps`), with the artifacts' entries laid out here: with `indent`, `json` encodes
    in pure Python, and 18,000 entries of three values took a quarter of a second."""
    if entries is None:
        entries = entries_of(artifacts, digests)
    body: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "policyc_version": __version__,
        "toolchain": toolchain.current(),
        "inputs_sha256": input_hash,
    }
    if not entries:
        return Artifact(MANIFEST, _dumps({**body, "artifacts": {}}).encode())
    rest = _dumps(body)  # "{\n  ...}\n": every key sorts after "artifacts"
    text = "".join(
        [
            '{\n  "artifacts": {\n',
            ",\n".join(_entry(path, *entries[path]) for path in sorted(entries)),
            "\n  },\n",
            rest[2:],
        ]
    )
    return Artifact(MANIFEST, text.encode())


def _dumps(body: dict[str, Any]) -> str:
    return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _entry(path: str, sha256: str, size: int) -> str:
    """One artifact's entry as `_dumps` lays it out at its depth."""
    return (
        f'    {encode_basestring(path)}: {{\n      "sha256": {encode_basestring(sha256)},\n'
        f'      "size": {int(size)!r}\n    }}'
    )


def read_manifest(out: Path) -> dict[str, Any] | None:
    """The manifest of `out` if it is one policyc wrote (right shape), else None."""
    try:
        return parse_manifest(fs.read_regular(out / MANIFEST, MANIFEST_LIMIT))
    except OSError:
        return None


def parse_manifest(raw: bytes) -> dict[str, Any] | None:
    """`read_manifest` of bytes read already. Callers only read the result: the same
    bytes read again answer the same dict (a build reads the output's manifest three
    times, up-to-date check, toolchain note and ownership: 15 ms a parse at 18,000
    artifacts), compared in full, never by a hash."""
    last = _last_parsed
    if last is not None and last[0] == raw:
        return last[1]
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("artifacts"), dict):
        return None
    if not isinstance(data.get("inputs_sha256"), str):
        return None
    _remember(raw, data)
    return data


_last_parsed: tuple[bytes, dict[str, Any]] | None = None


def _remember(raw: bytes, data: dict[str, Any]) -> None:
    global _last_parsed
    _last_parsed = (raw, data)


def list_files(root: Path) -> set[str]:
    """Every file under `root` as a POSIX path relative to it. Symlinks count as files
    and are not followed; empty directories do not count, nor do the caches that tools
    leave beside the generated Python (`CACHE_DIRS`): the next build's swap removes them.

    One `scandir` per directory, its entries' types as it reports them: no `lstat` per
    directory and no `relpath` (as `os.walk` took: a build lists its output twice)."""
    found: set[str] = set()
    if not root.is_dir():
        return found
    todo = [(os.fspath(root), "")]
    while todo:
        directory, prefix = todo.pop()
        try:
            with os.scandir(directory) as entries:
                for entry in entries:
                    if _is_directory(entry):
                        if entry.name not in CACHE_DIRS:
                            todo.append((entry.path, f"{prefix}{entry.name}/"))
                    elif not (entry.name in CACHE_DIRS and _leads_to_directory(entry)):
                        found.add(prefix + entry.name)
        except OSError:  # unreadable, or gone meanwhile: as `os.walk`, nothing listed
            continue
    return found


def _is_directory(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _leads_to_directory(entry: os.DirEntry[str]) -> bool:
    """A link to a directory named as a cache: not listed, as the cache itself."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def toolchain_note(out: Path, shown: str, advice: str) -> str | None:
    """Why `out` may differ from a fresh build before any file is compared: it was written
    by another policyc, CLDR or tzdata (None if it was not, or has no manifest)."""
    recorded = read_manifest(out)
    if recorded is None:
        return None
    return toolchain.difference(recorded.get("toolchain"), shown, advice)


def tree_matches(out: Path, recorded: dict[str, Any]) -> bool:
    """Whether `out` holds exactly the manifest's artifacts, with their sizes and hashes:
    the files of `list_files`, each read once where the walk found it (`fs.walk_files`);
    the first extra, missing, replaced or changed file answers."""
    with TreeCheck(out, recorded) as check:
        return check.valid and check.complete(check.part(i) for i in range(len(check.parts)))


@dataclass(frozen=True)
class _Part:
    """Some of the tree: the files `names` of the open `directory` (`sub` None), or all
    of its subdirectory `sub`; their paths start with `prefix`."""

    directory: int
    prefix: str
    names: list[str]
    sub: str | None
    size: int  # the manifest's bytes in it: the biggest parts go first


class TreeCheck:
    """`tree_matches` in parts that two processes can share (`parallel.Queue`): the
    files of the top two levels of `out` and each directory below them, biggest first.
    The directories of the top two levels are listed and opened here (`close` them).
    A file with a record in `records` (`policyc.load.seen.Record`, by path) that its `lstat`
    bears out for the entry's sha256 and size is not read."""

    def __init__(
        self, out: Path, recorded: dict[str, Any], records: Mapping[str, Any] | None = None
    ) -> None:
        self.records: Mapping[str, Any] = {} if records is None else records
        entries = recorded.get("artifacts")
        self.entries: dict[str, Any] = entries if isinstance(entries, dict) else {}
        self.valid = isinstance(entries, dict)
        self.opened: list[int] = []
        self.parts: list[_Part] = []
        try:
            top = fs.open_tree(out)
        except OSError:
            return
        self.opened.append(top)
        below: dict[str, int] = {}  # bytes under each directory of the second level
        for path, entry in self.entries.items():
            second = path.find("/", path.find("/") + 1)
            if second > 0 and isinstance(entry, dict) and isinstance(entry.get("size"), int):
                key = path[: second + 1]
                below[key] = below.get(key, 0) + entry["size"]
        files, directories = fs.list_directory(top, CACHE_DIRS)
        self._add(top, "", files)
        for name in directories:
            try:
                directory = fs.open_directory_at(top, name)
            except OSError:  # as `walk_files`: a directory that cannot be read lists nothing
                continue
            self.opened.append(directory)
            files, subdirectories = fs.list_directory(directory, CACHE_DIRS)
            self._add(directory, f"{name}/", files)
            for sub in subdirectories:
                prefix = f"{name}/{sub}/"
                self.parts.append(_Part(directory, prefix, [], sub, below.get(prefix, 0)))
        self.parts.sort(key=lambda part: part.size, reverse=True)

    def _add(self, directory: int, prefix: str, names: list[str]) -> None:
        size = 0
        for name in names:
            entry = self.entries.get(prefix + name)
            if isinstance(entry, dict) and isinstance(entry.get("size"), int):
                size += entry["size"]
        self.parts.append(_Part(directory, prefix, names, None, size))

    def part(self, index: int) -> int | None:
        """How many files part `index` holds, each as recorded; None at the first that is
        not (an extra file, a changed one, a link)."""
        part = self.parts[index]
        if part.sub is None:
            files = ((part.directory, name, part.prefix + name) for name in part.names)
            return self._count(files)
        try:
            directory = fs.open_directory_at(part.directory, part.sub)
        except OSError:
            return 0
        try:
            return self._count(fs.walk_files(directory, CACHE_DIRS, part.prefix))
        finally:
            os.close(directory)

    def _count(self, files: Iterable[tuple[int, str, str]]) -> int | None:
        found = 0
        for directory, name, path in files:
            found += 1
            if path not in self.entries:
                if path == MANIFEST:  # checked by the stamp (`freshness.stamped`)
                    continue
                return None
            packed = self.records.get(path)
            if packed is not None and _vouched(directory, name, packed, self.entries[path]):
                continue
            if not _holds(directory, name, self.entries[path]):
                return None
        return found

    def complete(self, counts: Iterable[int | None]) -> bool:
        """Whether the parts' counts (`part`) add up to exactly the manifest's files."""
        total = 0
        for count in counts:
            if count is None:
                return False
            total += count
        return self.valid and total == len(self.entries) + (MANIFEST not in self.entries)

    def close(self) -> None:
        for fd in self.opened:
            os.close(fd)
        self.opened = []

    def __enter__(self) -> TreeCheck:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _vouched(directory: int, name: str, packed: Any, entry: object) -> bool:
    """Whether the record `packed` is trusted for the file `name` in the open `directory`
    as it is now (`policyc.load.seen.trusted`) and holds the entry's sha256 and size."""
    if not isinstance(entry, dict):
        return False
    try:
        info = os.stat(name, dir_fd=directory, follow_symlinks=False)
    except OSError:
        return False
    found = trusted(packed, info)
    return (
        found is not None
        and info.st_size == entry.get("size")
        and found[0].hex() == entry.get("sha256")
    )


def _holds(directory: int, name: str, entry: object) -> bool:
    """Whether the file `name` in the open `directory` has the entry's size and sha256."""
    if not isinstance(entry, dict):
        return False
    size = entry.get("size")
    if not isinstance(size, int) or size < 0:
        return False
    try:  # a bigger file is refused unread
        data = fs.read_at(directory, name, min(size, ARTIFACT_LIMIT))
    except OSError:
        return False
    return len(data) == size and hashlib.sha256(data).hexdigest() == entry.get("sha256")
