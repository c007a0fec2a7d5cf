"""Is the output already current? Answered from raw bytes, before anything is parsed.

In: the policy directory and the output directory. Out: the inputs' hash, and whether a
build would change nothing, so that `policyc build` can say "up to date" after reading
the files instead of loading, validating, modelling and emitting them.

The output is up to date when all three hold:

1. its manifest records this policyc version and the hash of the raw bytes and relative
   names of every policy file the build reads (`policyc.load.inputs`);
2. the files under it are exactly the manifest's, with its sizes and sha256
   (`manifest.TreeCheck`): every byte is read and hashed, but for a file whose `stat` is
   as the build that placed it recorded (with the incremental cache: `policyc.load.seen`,
   settled at the file system's own time before the tree was swapped in);
3. the stamp `.policyc_cache/<out>.json` beside it says that a build with this very
   toolchain wrote this very manifest. The toolchain is policyc's own code, templates
   and schemas, the versions of its dependencies and of Python: the version number
   alone would miss an edited emitter in a checkout, or new CLDR data in a Babel
   upgrade. Without a stamp (a fresh clone, CI) the build simply runs in full.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policyc import __version__, fs, parallel
from policyc.diagnostics import Diagnostic, from_plain, plain
from policyc.load.files import Listings, discover_names, read_file
from policyc.load.inputs import inputs_hash, is_test_file
from policyc.load.seen import Listing, Record, look, record_of
from policyc.output.manifest import MANIFEST, MANIFEST_LIMIT, TreeCheck, parse_manifest
from policyc.output.toolhash import toolchain

CACHE_DIR = ".policyc_cache"


@dataclass(frozen=True)
class Inputs:
    """The policy files as the up-to-date check found and read them: when the output is
    not current, the build loads these very bytes instead of finding and reading every
    file again (at 10,000 files that took a second)."""

    names: list[str]  # each file's path as `discover_names` lists them
    data: list[bytes | None]  # each file's bytes, in the same order (None: not read)
    digests: list[tuple[str, bytes | None]]  # (relative name, `inputs.file_digest`)
    shas: list[bytes]  # each file's SHA-256, in the same order (tests' files too)
    seen: dict[str, Record] = field(default_factory=dict)  # of the files read now
    listed: dict[str, Listing] | None = None  # of every directory walked (with `dirs`)

    def read(self) -> Reader:
        """`read_file` answering from these bytes for the paths of `names` (any other
        path is read from disk); `Reader.unread` gives the SHA-256 of those not read."""
        return Reader(zip(self.names, self.data, self.shas, strict=True))


class Reader:
    """`read_file` answering from bytes read already, and their SHA-256 (`sha256`), so
    that loading hashes no file a second time. Known by the text of their paths, as
    loading is given them (`Inputs.names`): no `Path` of 10,000 files is made."""

    def __init__(self, known: Iterable[tuple[str, bytes | None, bytes]]) -> None:
        self.known = {path: (data, sha) for path, data, sha in known}

    def _find(self, path: Path | str) -> tuple[bytes | None, bytes] | None:
        return self.known.get(path) if isinstance(path, str) else None

    def unread(self, path: Path | str) -> bytes | None:
        """The SHA-256 of a file not read, known by its `stat` (`policyc.load.seen`)."""
        found = self._find(path)
        return found[1] if found is not None and found[0] is None else None

    def __call__(self, path: Path | str, name: str) -> bytes | Diagnostic:
        found = self._find(path)
        return read_file(path, name) if found is None or found[0] is None else found[0]

    def sha256(self, path: Path | str, data: bytes) -> bytes:
        """The SHA-256 of `data`, the bytes this reader gave for `path`: known when they
        are the very bytes it holds, else computed."""
        found = self._find(path)
        if found is not None and found[0] is data:
            return found[1]
        return hashlib.sha256(data).digest()


def read_inputs(
    policies: Path, seen: Mapping[str, Any] | None = None, dirs: Mapping[str, Any] | None = None
) -> Inputs | None:
    """Every policy file the build reads, with its bytes and its (POSIX path relative to
    `policies`, `inputs.file_digest` of its bytes), read exactly as the build reads them.
    With `seen` (the records of the files hashed before, by the path each was found
    under: the cache's),
    a file its record shows unchanged is not read (`policyc.load.seen`); the files read
    are recorded in `Inputs.seen`. With `dirs` (the records of the directories walked
    before), a directory its record shows unchanged is not listed again, and every
    directory walked is recorded in `Inputs.listed`.

    None when a file is missing, unreadable, not a regular file or too large: the full
    build reports it.
    """
    listings = None if dirs is None else Listings(dirs)
    names, problems = discover_names([policies], listings)
    if problems:
        return None
    found = []
    datas: list[bytes | None] = []
    shas = []
    records: dict[str, Record] = {}
    at_ns = time.time_ns()  # before any `lstat`: see `policyc.load.seen`
    prefix = os.path.join(os.fspath(policies), "")
    for name in names:
        if name.startswith(prefix):  # as `relative_to`, without its cost per file
            rel = name[len(prefix) :].replace(os.sep, "/")
        else:
            rel = Path(name).relative_to(policies).as_posix()
        info = None
        if seen is not None:
            info, known = look(name, seen)
            if known is not None:
                found.append((rel, None if known[1] else known[0]))
                datas.append(None)
                shas.append(known[0])
                continue
        data = read_file(name, name)
        if not isinstance(data, bytes):
            return None
        sha = hashlib.sha256(data).digest()  # `file_digest`, hashing once for `Reader`
        tests = is_test_file(data)
        found.append((rel, None if tests else sha))
        datas.append(data)
        shas.append(sha)
        made = None if info is None else record_of(info, at_ns, sha, tests)
        if made is not None:
            records[name] = made
    return Inputs(names, datas, found, shas, records, None if listings is None else listings.made)


def hash_inputs(policies: Path) -> str | None:
    inputs = read_inputs(policies)
    return None if inputs is None else inputs_hash(inputs.digests)


def stamp_path(out: Path) -> Path:
    return out.parent / CACHE_DIR / f"{out.name}.json"


def _stamp(manifest: bytes, out: Path) -> dict[str, str]:
    """The stamp of `manifest` in `out`: the toolchain's hash through the memo kept beside
    the stamps (`toolhash`)."""
    toolchain_hash = toolchain(stamp_path(out).parent)
    return {"manifest_sha256": hashlib.sha256(manifest).hexdigest(), "toolchain": toolchain_hash}


STAMP_LIMIT = 64 << 20  # the stamp holds the build's findings: thousands of warnings


def record(out: Path, manifest: bytes, findings: Sequence[Diagnostic] = ()) -> None:
    """After a build: remember which toolchain wrote this manifest, and the findings of
    its inputs (warnings: a build with errors writes nothing), which a build that finds
    the output up to date reports again as its own (best effort). The cache directory
    must be a real directory; its `.gitignore` is created only where nothing is (not
    even a dangling link), and the stamp is written under an unpredictable name, then
    renamed over the old one (`policyc.fs`)."""
    path = stamp_path(out)
    with contextlib.suppress(OSError):
        fs.own_directory(path.parent)
        ignore = path.parent / ".gitignore"
        if fs.describe(ignore) is None:
            with contextlib.suppress(FileExistsError):
                fs.write_new(ignore, b"# Created by policyc: build stamps, never commit them.\n*\n")
        stamp: dict[str, Any] = {**_stamp(manifest, out), "findings": [plain(d) for d in findings]}
        data = json.dumps(stamp, sort_keys=True, ensure_ascii=False) + "\n"
        fs.replace_file(path, data.encode())


def candidate(out: Path) -> tuple[dict[str, Any], bytes] | None:
    """The manifest of `out`, parsed and as bytes, if this policyc version wrote it (check
    1's version part: cheap), else None: then no build can be skipped."""
    try:
        data = fs.read_regular(out / MANIFEST, MANIFEST_LIMIT)
    except OSError:
        return None
    recorded = parse_manifest(data)
    if recorded is None or recorded.get("policyc_version") != __version__:
        return None
    return recorded, data


def stamped(out: Path, manifest: bytes) -> list[Diagnostic] | None:
    """The findings of the build that wrote `manifest`, if the stamp says this very
    toolchain did (check 3); else None."""
    try:
        stamp = json.loads(fs.read_regular(stamp_path(out), STAMP_LIMIT))
        expected = _stamp(manifest, out)
        if not isinstance(stamp, dict) or stamp.keys() != {*expected, "findings"}:
            return None
        if any(stamp[k] != v for k, v in expected.items()):
            return None
        return [from_plain(d) for d in stamp["findings"]]
    except (OSError, ValueError, TypeError):  # not a stamp policyc wrote
        return None


@dataclass(frozen=True)
class Verdict:
    """What the up-to-date check found: the inputs' hash (`adjust`ed for the build's
    options; None if not read), whether the output is current, and the inputs as read
    (None if not read, or not all readable)."""

    input_hash: str | None
    current: bool
    inputs: Inputs | None = None
    findings: list[Diagnostic] = field(default_factory=list)  # of the current output


def up_to_date(
    policies: Path,
    out: Path,
    adjust: Callable[[str | None], str | None],
    seen: Mapping[str, Any] | None = None,
    dirs: Mapping[str, Any] | None = None,
    outputs: Mapping[str, Any] | None = None,
) -> Verdict:
    """Whether building `policies` into `out` would leave every byte as it is (`seen`,
    `dirs`: the records of the inputs hashed and walked before, as `read_inputs` takes
    them; `outputs`: those of the output's files, as `manifest.TreeCheck` takes them).

    The output tree is the bigger half (its bytes are many times the inputs'), so with two
    cores a forked child starts on its parts (`TreeCheck`) as soon as the manifest is
    read, while this process checks the stamp (the toolchain's hash reads policyc's own
    files) and reads the inputs, then takes the parts the child has not taken yet; the
    child is stopped as soon as the stamp or the inputs show that the build must run.
    """
    found = candidate(out)
    if found is None:
        return Verdict(None, False)
    recorded, listing = found
    with TreeCheck(out, recorded, outputs) as check:
        every = range(len(check.parts))
        shared = parallel.available() and len(check.parts) <= parallel.Queue.LIMIT
        queue = parallel.Queue(len(check.parts)) if shared else None
        child = None
        try:
            if queue is not None:
                child = parallel.start(lambda: _share(check, queue))
            verdict = _by_inputs(policies, out, listing, recorded, adjust, seen, dirs)
            if not verdict.current:
                return verdict  # the child is stopped below
            if queue is None:
                current = check.complete(check.part(i) for i in every)
            else:
                mine = _share(check, queue)
                theirs = 0 if child is None else child.result()
                child = None  # waited for
                if theirs is None:  # the child failed: which parts it did is unknown
                    current = check.complete(check.part(i) for i in every)
                else:
                    current = check.complete(None if n < 0 else n for n in (mine, theirs))
            return Verdict(verdict.input_hash, current, verdict.inputs, verdict.findings)
        finally:
            if child is not None:
                child.kill()
            if queue is not None:
                queue.close()


def _share(check: TreeCheck, queue: parallel.Queue) -> int:
    """How many files the parts taken from `queue` hold, or -1 at the first that is not
    as recorded (then no more are taken: the tree does not match)."""
    total = 0
    while (index := queue.take()) is not None:
        count = check.part(index)
        if count is None:
            return -1
        total += count
    return total


def _by_inputs(
    policies: Path,
    out: Path,
    listing: bytes,
    recorded: dict[str, Any],
    adjust: Callable[[str | None], str | None],
    seen: Mapping[str, Any] | None = None,
    dirs: Mapping[str, Any] | None = None,
) -> Verdict:
    """The verdict of the stamp and the inputs alone (the output tree is not looked at)."""
    findings = stamped(out, listing)
    if findings is None:
        return Verdict(None, False)
    inputs = read_inputs(policies, seen, dirs)
    input_hash = adjust(None if inputs is None else inputs_hash(inputs.digests))
    current = input_hash is not None and recorded.get("inputs_sha256") == input_hash
    return Verdict(input_hash, current, inputs, findings)
