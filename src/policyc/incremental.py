"""Incremental validate and build: redo only what an edit can affect, keep the rest.

In: the policy files (as `pipeline` finds and names them), the model and the output
directory. Out: the same documents, diagnostics and artifacts a cold run makes, byte for
byte (`tests/test_incremental.py` checks it on random edit sequences), from a cache in
`.policyc_cache/` beside the policy directory (`$POLICYC_CACHE_DIR` elsewhere).

Three layers, each content-addressed:

* **Files.** A file's documents, load findings and schema findings depend on its bytes
  and the name it is shown under, and on nothing else: they are kept under
  `(name, sha256(bytes))`. A file is read and hashed unless its `stat` (device, inode,
  size, modification and change times) is the one recorded when it was last hashed,
  at least two seconds after it last changed (`policyc.load.seen`, as git's index and
  Bazel's digest cache do; the records are the `seen` layer); then its recorded hash
  stands, and its bytes are read only if its documents are unpacked. The up-to-date
  check lists again only the directories whose `stat` changed (the `dirs` layer). Only the files
  whose bytes are new are parsed and schema-checked. A cached file's
  documents are unpacked only when read (`FileResult`, `Documents`): each document's
  kind and owner are kept beside them, all `validate` reads of unchanged programmes,
  and the packed documents apart, cut by directory (`BODY_SHARDS`).
* **Model findings.** The semantic findings are kept per group of files (a programme's,
  or the shared page chrome and calendars) under the digest of the group's files
  (`Cache.model`, `policyc.model.slices`). When only programmes' files changed (at
  most one in `SLICE_SHARE`), each changed programme is modelled and checked with the
  shared documents alone and the other groups' findings are reused; a change to the shared files, to the set of
  programmes or to what a programme shows the others (its locales, the calendars it
  defines and uses), and any policy set a slice could misjudge, runs the whole model, so
  cross-programme checks always see the whole set. The page chrome's findings of the
  audiences and units each group uses are kept the same way (`chrome_findings`), under
  the group's digest and what they read of the en chrome.
* **Programmes.** The artifacts of one programme (its pages, Markdown, review page,
  routing table and Python module) are kept under a key made of everything they are made
  from: the hash of the programme's IR as canonical JSON, its source names, the files its Python
  module lists, the calendars and page chrome (the whole IR besides the programmes), the
  locales, ids and names of every programme (the language menus and indexes), the
  programmes owning a calendar it uses, the build options and the toolchain. A programme
  whose key is unchanged takes its artifacts from the output directory, each checked
  against the recorded SHA-256; the shared files (indexes, package root, style sheet) are
  made again every time. A shared calendar or a chrome catalog is part of every key, so
  changing one rebuilds everything, as it must.

Besides, for a build in a new process: in a sliceable set each programme's IR is made
from its own files, the shared ones, the mode and every group's interface alone (what
`slices.splice` relies on), so its JSON (in field and dict order, validated back by
pydantic: no code from the cache), its canonical JSON and hash are kept under that key
(`ir_keys`, `keep_json`): the next build models the changed programmes only and splices
them into the kept IR (`_kept_ir`), and encodes only them. A kept programme validates at
once only the fields the shared files read of every programme, the rest when first used
(`policyc.model.kept`), which only a programme emitted again needs. The Thai word
breaks of the output's pages are kept, by programme (`keep_words`, `seed_words`), and the
output tree a build replaces becomes the spare the next one refits (`spare`,
`output.write`).

All of these are stored with `policyc.cache` (integrity-checked, stamped with the
toolchain): a cache that is corrupt, truncated or from another toolchain is ignored with
a warning (PC411, PC412), never trusted; one that cannot be written is a warning (PC413).
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
import zlib
from collections.abc import Callable, Collection, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from policyc import cache as store
from policyc import fs, parallel
from policyc.diagnostics import Diagnostic, from_plain, plain
from policyc.load.document import Document
from policyc.load.files import read_file
from policyc.load.inputs import file_digest, is_test_file
from policyc.load.run import parse_all
from policyc.load.seen import Listing, Record, look, record_of, written_record
from policyc.load.yaml_loader import node_source

if TYPE_CHECKING:
    from policyc.emit import ExportFindings
    from policyc.emit.base import Artifact, Emitter
    from policyc.emit.site.chrome import UseFindings
    from policyc.model.ir import Policies, Programme
    from policyc.model.publish import Mode
    from policyc.output.write import Placed
    from policyc.validate.schema import SchemaSet

CACHE_DIR = ".policyc_cache"
# Slices pay off while few programmes changed: each models the shared documents again, so
# beyond one programme in this many (a branch switch, a bulk edit) the whole model runs.
SLICE_SHARE = 4
# The file layer is cut by name into this many cache files, so that an edit rewrites one
# small file. They hold what every run reads of every file (its digest, documents' kinds
# and owners, findings); the marshalled documents (74 MB at 10,000 files), which a run
# reads of the changed programmes and the shared files only, are apart in `BODY_SHARDS`
# cache files cut by directory, so a programme's files and the shared ones share a few.
FILE_SHARDS = 64
BODY_SHARDS = 128
# The canonical JSON of the programmes (20 MB at 10,000 files), cut the same way.
JSON_SHARDS = 16
Runs = dict[str, frozenset[str]]  # programme → the Thai runs its pages asked for
Made = tuple[dict[str, list["Artifact"]], Runs]  # each programme's artifacts, its Thai runs
CACHE_ENV = "POLICYC_CACHE_DIR"
# The length of a programme's entry in the JSON shards (`keep_json`, `_kept_ir`).
_KEPT = 8


def _key(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
        digest.update(f"{len(data)}:".encode() + data)
    return digest.hexdigest()


def _shard(name: str) -> int:
    return zlib.crc32(name.encode("utf-8", "surrogatepass")) % FILE_SHARDS


def _body_shard(name: str) -> int:
    """The body shard of the file `name`: that of its directory."""
    return zlib.crc32(name.rpartition("/")[0].encode("utf-8", "surrogatepass")) % BODY_SHARDS


Owner = tuple[str | None, str | None]  # a document's kind and `Document.owner`
# a cached file's name, what gives its `_entry` body (None: not kept) and its bytes
Packed = tuple[str, Callable[[], bytes | None], bytes | Callable[[], bytes]]


class FileResult:
    """One file as loaded and schema-checked: what `pipeline` needs of it. A file from the
    cache keeps its documents packed until they are read: most runs need only each
    document's kind and owner (`heads`) and the findings of an unchanged file."""

    __slots__ = (
        "_documents",
        "_packed",
        "digest",
        "heads",
        "load_diagnostics",
        "schema_diagnostics",
        "valid_flags",
    )

    def __init__(
        self,
        heads: list[Owner],
        valid_flags: list[bool],
        load_diagnostics: list[Diagnostic],
        schema_diagnostics: list[Diagnostic],
        digest: bytes | None,  # `inputs.file_digest`: None for unread files and policy tests
        documents: list[Document] | None = None,
        packed: Packed | None = None,
    ) -> None:
        self.heads = heads
        self.valid_flags = valid_flags
        self.load_diagnostics = load_diagnostics
        self.schema_diagnostics = schema_diagnostics
        self.digest = digest
        self._documents = documents
        self._packed = packed

    @classmethod
    def of(
        cls,
        documents: list[Document],
        load_diagnostics: list[Diagnostic],
        valid: list[Document],
        schema_diagnostics: list[Diagnostic],
        digest: bytes | None,
    ) -> FileResult:
        """The result of a file loaded now (`valid`: its documents that passed their schema)."""
        passed = {id(d) for d in valid}
        return cls(
            [(d.kind, d.owner) for d in documents],
            [id(d) in passed for d in documents],
            load_diagnostics,
            schema_diagnostics,
            digest,
            documents,
        )

    @property
    def documents(self) -> list[Document]:
        if self._documents is None:
            assert self._packed is not None
            self._documents = _unpack(*self._packed)
            self._packed = None
        return self._documents

    @property
    def valid(self) -> list[Document]:
        """The documents that passed their schema."""
        return [d for d, ok in zip(self.documents, self.valid_flags, strict=True) if ok]


class Documents(Sequence[Document]):
    """The documents of loaded files in order (all, or only the schema-valid ones), each
    file's unpacked from the cache only when read: `validate` of a mostly unchanged set
    counts them and reads their `owners`, and models only the changed programmes'."""

    def __init__(self, files: Sequence[tuple[str, FileResult]], *, valid: bool) -> None:
        self._files = files
        self._valid = valid
        self._list: list[Document] | None = None
        self._len: int | None = None

    def _heads(self, result: FileResult) -> list[Owner]:
        if not self._valid or all(result.valid_flags):
            return result.heads
        return [h for h, ok in zip(result.heads, result.valid_flags, strict=True) if ok]

    def _of(self, result: FileResult) -> list[Document]:
        return result.valid if self._valid else result.documents

    def owners(self) -> Iterator[tuple[str, str | None]]:
        """Each document's file and owner (`Document.owner`), in order, unpacking nothing."""
        for name, result in self._files:
            for _kind, owner in self._heads(result):
                yield name, owner

    def kinds(self) -> Iterator[tuple[str, str | None]]:
        """Each document's file and kind, in order, unpacking nothing."""
        for name, result in self._files:
            for kind, _owner in self._heads(result):
                yield name, kind

    def of(self, files: Container[str]) -> list[Document]:
        """The documents of the files `files`, in order (only those are unpacked)."""
        return [d for name, result in self._files if name in files for d in self._of(result)]

    def _all(self) -> list[Document]:
        if self._list is None:
            self._list = [d for _name, result in self._files for d in self._of(result)]
        return self._list

    def __len__(self) -> int:
        if self._len is None:
            self._len = sum(len(self._heads(result)) for _name, result in self._files)
        return self._len

    @overload
    def __getitem__(self, index: int) -> Document: ...
    @overload
    def __getitem__(self, index: slice) -> list[Document]: ...
    def __getitem__(self, index: int | slice) -> Document | list[Document]:
        return self._all()[index]

    def __iter__(self) -> Iterator[Document]:
        return iter(self._all())


def _check(
    docs: list[Document], load_diags: list[Diagnostic], data: bytes, schemas: SchemaSet
) -> FileResult:
    from policyc.validate import validate_documents  # start-up

    valid, found = validate_documents(docs, schemas)
    digest = file_digest(data, None if load_diags else docs)
    return FileResult.of(docs, load_diags, valid, found, digest)


def _schema_set() -> SchemaSet:
    """One set of compiled schemas for every file of a run (compiling is the cost)."""
    from policyc.validate.schema import SchemaSet  # start-up

    return SchemaSet()


def _entry(result: FileResult, data: bytes) -> tuple[tuple[Any, ...], bytes]:
    """A file result as plain values: the heads, findings and digest as they are, and
    apart from them the body: the documents marshalled (`_unpack` reads them only when
    asked), with the text only when it is not the file's bytes decoded (a blank-line tab
    the loader repaired)."""
    import marshal  # start-up

    docs = result.documents
    text = docs[0].source.text if docs else None
    if text is not None and text == data.decode("utf-8-sig", "replace"):
        text = None
    return (
        result.heads,
        result.valid_flags,
        [plain(d) for d in result.load_diagnostics],
        [plain(d) for d in result.schema_diagnostics],
        result.digest,
    ), marshal.dumps((text, [d.value for d in docs]))


def _result(entry: Sequence[Any], packed: Packed) -> FileResult:
    heads, valid, load_diags, schema_diags, digest = entry
    return FileResult(
        heads,
        valid,
        [from_plain(d) for d in load_diags],
        [from_plain(d) for d in schema_diags],
        digest,
        packed=packed,
    )


def _unpack(
    name: str, body_of: Callable[[], bytes | None], data: bytes | Callable[[], bytes]
) -> list[Document]:
    """A cached file's documents: from its kept body, else (a body shard lost or
    rewritten apart from the file layer) parsed again from its bytes, which the file
    layer's digest says made the same documents. A file not read (known by its `stat`)
    is read now if its text is needed."""
    import marshal  # start-up

    body = body_of()
    if body is None:
        return parse_all([_bytes(data)], [name], _nothing)[0][0]
    text, values = marshal.loads(body)
    if not values:  # a file that did not decode has no documents (and no text)
        return []
    source = node_source(_bytes(data).decode("utf-8-sig") if text is None else text)
    return [Document(name, i, value, source) for i, value in enumerate(values)]


def _nothing(_name: str) -> None:
    pass


def _bytes(data: bytes | Callable[[], bytes] | None) -> bytes:
    """A file's bytes: as read, or read now (`_read_again`)."""
    if data is None:
        return b""
    return data if isinstance(data, bytes) else data()


def _read_again(path: Path | str, name: str) -> bytes:
    """The bytes of a file not read when it was loaded (its `stat` was as recorded when
    it was hashed): nothing if it cannot be read now (gone meanwhile)."""
    data = read_file(path, name)
    return data if isinstance(data, bytes) else b""


# -- the cache -------------------------------------------------------------------------------


@dataclass
class _Layer:
    """One cache file's value, read once per process and written back when changed."""

    path: Path
    value: dict[str, Any] = field(default_factory=dict)
    loaded: bool = False
    changed: bool = False


class Cache:
    """The incremental cache of one policy directory: keep the object for as long as the
    process runs (`build --watch`), so nothing is read back from disk between rebuilds.

    `directory` is where its files go (`for_policies` picks `.policyc_cache/` beside the
    policy directory); with `persist=False` nothing is read from or written to disk.
    `diagnostics` holds the cache's own warnings of the last run (PC411-PC413)."""

    def __init__(self, directory: Path, *, persist: bool = True) -> None:
        self.directory = directory
        self.persist = persist
        self.diagnostics: list[Diagnostic] = []
        self._layers: dict[str, _Layer] = {}
        self._names: dict[tuple[str, str], str] = {}
        self._fetching: set[str] = set()  # layers `prefetch` reads in a thread
        self._fetched: dict[str, tuple[memoryview | None, Diagnostic | None]] = {}
        self._stamp: str | None = None
        self._shas: dict[str, bytes] = {}  # file name → SHA-256 of its bytes, of the last load
        # programme id → the calendars it uses, as of the last `model` (`affected_files`)
        self.calendars_used: dict[str, set[str]] | None = None
        # the programmes the last `model` checked alone (None: it ran the whole model)
        self.sliced: list[str] | None = None
        # each file's group and each group's digest, as of the last `model`
        self.groups: tuple[dict[str, str], dict[str, str]] = ({}, {})
        # the last IR made and the state it is of (scope, options, group digests): a
        # process that keeps the cache (`build --watch`) replaces only changed programmes
        self._ir: tuple[tuple[str, str, dict[str, str]], Policies] | None = None
        # programme id → what its IR is made from, as of the last `model` (`seed_json`)
        self.ir_keys: dict[str, str] = {}
        self._ir_rest = ""  # the key of the IR besides the programmes and their calendars
        self._ir_scope = ""
        self._body_scope = ""  # the scope of the last `load`: where `_body` looks

    @classmethod
    def for_policies(cls, policies: Path) -> Cache:
        """The cache of the policy directory `policies`: `$POLICYC_CACHE_DIR`, else
        `.policyc_cache/` beside the policy directory."""
        configured = os.environ.get(CACHE_ENV)
        if configured:
            return cls(Path(configured))
        return cls(Path(os.path.abspath(policies)).parent / CACHE_DIR)

    def stamp(self) -> str:
        if self._stamp is None:
            from policyc.output.toolhash import toolchain  # start-up

            self._stamp = toolchain(self.directory if self.persist else None)
        return self._stamp

    def _name(self, kind: str, scope: str) -> str:
        """The file name of a layer (asked once per document unpacked: kept)."""
        name = self._names.get((kind, scope))
        if name is None:
            name = self._names[kind, scope] = f"{kind}-{_key(scope)[:16]}.cache"
        return name

    def _layer(self, kind: str, scope: str) -> dict[str, Any]:
        name = self._name(kind, scope)
        layer = self._layers.get(name)
        if layer is None:
            layer = self._layers[name] = _Layer(self.directory / name)
        if not layer.loaded:
            layer.loaded = True
            if name in self._fetching:
                parallel.settle()
            fetched = self._fetched.pop(name, None)
            if fetched is not None:
                payload, problem = fetched
                value, problem = (
                    (None, problem) if payload is None else store.load(layer.path, payload)
                )
                if problem is not None and problem.code not in {d.code for d in self.diagnostics}:
                    self.diagnostics.append(problem)
                if isinstance(value, dict):
                    layer.value = value
            elif self.persist and fs.describe(self.directory) == "a directory":  # never a link
                value, problem = store.read(layer.path, self.stamp())
                if problem is not None and problem.code not in {d.code for d in self.diagnostics}:
                    self.diagnostics.append(problem)  # once a run: the files share a cause
                if isinstance(value, dict):
                    layer.value = value
        return layer.value

    def prefetch(self, layers: Iterable[tuple[str, str]]) -> None:
        """Read and check the files of these layers (kind, scope) in a thread while this
        one works (`parallel.background`); `_layer` loads them from what it fetched.
        A build fetches the layers it reads after loading the files: the kept IR's JSON
        (80 MB at 10,000 files, whose reading and checksum let go of the GIL)."""
        if not self.persist or not parallel.jobs() > 1:
            return
        names = [self._name(kind, scope) for kind, scope in layers]
        todo = [n for n in names if n not in self._layers and n not in self._fetching]
        if not todo:
            return
        stamp, directory, fetched = self.stamp(), self.directory, self._fetched
        self._fetching.update(todo)

        def fetch() -> None:
            if fs.describe(directory) != "a directory":  # never a link
                return
            for name in todo:
                fetched[name] = store.fetch(directory / name, stamp)

        parallel.background(fetch)

    def prefetch_build(self, policies: str, out: str) -> None:
        """`prefetch` what a build reads after loading the files of the policy scope
        `policies`: the kept IR's JSON and the artifact index of the output scope `out`."""
        shards = [*(f"{policies}\x00{i}" for i in range(JSON_SHARDS)), f"{policies}\x00rest"]
        self.prefetch([*(("json", s) for s in shards), ("emit", out)])

    def _changed(self, kind: str, scope: str) -> None:
        self._layers[self._name(kind, scope)].changed = True

    def save(self) -> None:
        """Write the layers that changed (one PC413 into `diagnostics` on failure: the
        layers share a directory, so the first failure stands for all)."""
        failed = False
        for layer in self._layers.values():
            if layer.changed and self.persist and not failed:
                problem = store.write(layer.path, self.stamp(), layer.value)
                if problem is not None:
                    self.diagnostics.append(problem)
                    failed = True
            layer.changed = False

    # -- files -------------------------------------------------------------------------

    def load(
        self,
        scope: str,
        files: Sequence[Path | str],
        names: Sequence[str],
        started: Callable[[str], None],
        read: Callable[[Path | str, str], bytes | Diagnostic] | None = None,
        sha256: Callable[[Path | str, bytes], bytes] | None = None,
        unread: Callable[[Path | str], bytes | None] | None = None,
    ) -> list[FileResult]:
        """Each file loaded and schema-checked, in order: from the cache where its bytes
        and name are known, else parsed and checked now (`scope` names the policy
        directory). By default each file is read here, unless its `stat` is as recorded
        when it was last hashed (`policyc.load.seen`); `read` instead gives a file's bytes
        (`freshness.Reader`, of the files the up-to-date check read), `sha256` their
        SHA-256, and `unread` the SHA-256 of those it did not read, known by their `stat`.
        A file not read is read only if its documents are unpacked. Files that are gone
        are forgotten."""
        shards = [self._layer("files", f"{scope}\x00{i}") for i in range(FILE_SHARDS)]
        self._body_scope = scope
        self._shas = {}
        self.calendars_used = None
        seen = self._layer("seen", scope) if read is None else None
        records: dict[str, Record] = {}
        at_ns = time.time_ns()  # before any `lstat`: see `policyc.load.seen`
        results: list[FileResult | None] = []
        misses: list[int] = []
        datas: list[bytes | Callable[[], bytes] | None] = []
        for path, name in zip(files, names, strict=True):
            started(name)
            sha = None if unread is None else unread(path)
            info = None
            if seen is not None:
                info, known = look(path, seen)
                sha = None if known is None else known[0]
            got: bytes | Callable[[], bytes]
            if sha is not None:
                got = partial(_read_again, path, name)
            else:
                data = (read or read_file)(path, name)
                if isinstance(data, Diagnostic):
                    results.append(FileResult([], [], [data], [], None, []))
                    datas.append(None)
                    continue
                sha = hashlib.sha256(data).digest() if sha256 is None else sha256(path, data)
                made = None if info is None else record_of(info, at_ns, sha, is_test_file(data))
                if made is not None:
                    records[os.fspath(path)] = made
                got = data
            datas.append(got)
            self._shas[name] = sha
            found = shards[_shard(name)].get(name)
            if found is not None and found[0] == sha:
                results.append(_result(found[1:], (name, partial(self._body, name, sha), got)))
            else:
                results.append(None)
                misses.append(len(results) - 1)
        raws = []
        for i in misses:
            got_i = datas[i]
            if not isinstance(got_i, bytes):  # not read (a cache shard lost): read now
                got_i = _bytes(got_i)
                self._shas[names[i]] = hashlib.sha256(got_i).digest()  # of what is parsed
            raws.append(got_i)
        parsed = parse_all(raws, [names[i] for i in misses], started)
        fresh: list[dict[str, tuple[Any, ...]]] = [{} for _ in range(FILE_SHARDS)]
        bodies: dict[str, tuple[bytes, bytes] | None] = {}  # name → (sha, body); None: gone
        schemas = _schema_set() if misses else None
        for i, raw, (docs, diags) in zip(misses, raws, parsed, strict=True):
            assert schemas is not None
            result = _check(docs, diags, raw, schemas)
            results[i] = result
            sha = self._shas[names[i]]
            head, body = _entry(result, raw)
            fresh[_shard(names[i])][names[i]] = (sha, *head)
            bodies[names[i]] = (sha, body)
        wanted = {n for n, d in zip(names, datas, strict=True) if d is not None}
        for i, known_files in enumerate(shards):
            if fresh[i] or not wanted.issuperset(known_files):
                kept = {n: v for n, v in known_files.items() if n in wanted}
                bodies.update((n, None) for n in known_files.keys() - kept.keys())
                known_files.clear()
                known_files.update(kept)
                known_files.update(fresh[i])
                self._changed("files", f"{scope}\x00{i}")
        self._keep_bodies(scope, bodies)
        if seen is not None:
            self.keep_seen(scope, records, [os.fspath(f) for f in files])
        return [r for r in results if r is not None]

    def seen(self, scope: str) -> dict[str, Record]:
        """The records of the files of `scope` last hashed (`policyc.load.seen`), by the
        path each was found under."""
        return self._layer("seen", scope)

    def listings(self, scope: str) -> dict[str, Listing]:
        """The records of the directories of `scope` last walked (`policyc.load.seen`)."""
        return self._layer("dirs", scope)

    def keep_seen(
        self,
        scope: str,
        records: dict[str, Record],
        present: Iterable[str],
        listed: dict[str, Listing] | None = None,
    ) -> None:
        """Record the files hashed now (`records`) and forget those not `present`; with
        `listed`, the directories walked now are the ones recorded."""
        if listed is not None:
            dirs = self._layer("dirs", scope)
            if dirs != listed:
                dirs.clear()
                dirs.update(listed)
                self._changed("dirs", scope)
        seen = self._layer("seen", scope)
        wanted = set(present)
        gone = [key for key in seen if key not in wanted]
        for key in gone:
            del seen[key]
        if records or gone:
            seen.update(records)
            self._changed("seen", scope)

    def _body(self, name: str, sha: bytes) -> bytes | None:
        """The kept body of the file `name` of the last `load`, if it is of the bytes `sha`."""
        found = self._layer("docs", f"{self._body_scope}\x00{_body_shard(name)}").get(name)
        return found[1] if found is not None and found[0] == sha else None

    def _keep_bodies(self, scope: str, bodies: dict[str, tuple[bytes, bytes] | None]) -> None:
        """Store the bodies of files parsed now and forget those of files gone: only the
        body shards of those files are read and written."""
        for name, entry in bodies.items():
            shard = f"{scope}\x00{_body_shard(name)}"
            known = self._layer("docs", shard)
            if entry is not None:
                known[name] = entry
            elif known.pop(name, None) is None:
                continue
            self._changed("docs", shard)

    # -- the model ------------------------------------------------------------------------

    def model(
        self, scope: str, valid: Documents, mode: Mode | None, *, ir: bool = True
    ) -> tuple[Policies | None, list[Diagnostic]]:
        """The model of `valid` (the valid documents of the last `load`) and its findings.

        The findings are kept per group (a programme's files, or the shared ones) under
        the digest of the group's files (`policyc.model.slices`). When only programmes'
        files changed and the set is sliceable, each changed programme is checked with
        the shared documents alone and the other groups' findings are reused; anything
        else runs the whole model. With `ir=False` no IR is returned when slices served
        (`validate` needs the findings only); else the changed programmes' IR replaces
        theirs in the IR this object made last, when it is of the state before the
        change (`slices.splice`), or the IR is built without the rules that only report."""
        from policyc.model import slices  # start-up
        from policyc.model.build import build_with  # start-up

        files, mixed = slices.file_groups(valid.owners())
        members: dict[str, list[str]] = {}
        for name, group in files.items():
            members.setdefault(group, []).append(name)
        digests = {
            g: _key(*(f"{n}\x00{self._shas.get(n, b'').hex()}" for n in sorted(names)))
            for g, names in members.items()
        }
        self.groups = (files, digests)
        record: dict[str, Any] = self._layer("model", scope)
        kept: dict[str, list[Any]] = record.get("groups", {})
        changed = [g for g in digests if g not in kept or kept[g][0] != digests[g]]
        if (
            record.get("mode") == str(mode)
            and record.get("sliceable")
            and not mixed
            and set(kept) == set(digests)
            and slices.SHARED not in changed
            and len(changed) * SLICE_SHARE <= len(digests)
        ):
            groups = dict(kept)
            pieces: dict[str, Policies] = {}
            for group in changed:
                docs = valid.of({f for f, g in files.items() if g in (group, slices.SHARED)})
                policies, builder = build_with(docs, mode)
                pieces[group] = policies
                found = builder.ctx.diags
                if slices.slice_problem(found) or any(d.span.file not in files for d in found):
                    break
                if slices.interface(builder, policies, group) != kept[group][1]:
                    break
                mine = [plain(d) for d in found if files[d.span.file] == group]
                groups[group] = [digests[group], kept[group][1], mine]
            else:
                self.sliced = changed
                if changed:
                    record["groups"] = groups
                    self._changed("model", scope)
                self.calendars_used = _uses(groups)
                self._made_of(scope, mode, digests, groups, sliceable=True)
                diags = [from_plain(d) for g in sorted(groups) for d in groups[g][2]]
                if not ir:
                    return None, diags
                state = (scope, str(mode), {g: v[0] for g, v in kept.items()})
                sources = tuple(sorted({f for f, k in valid.kinds() if k != "PolicyTest"}))
                if self._ir is not None and self._ir[0] == state:
                    from policyc.emit.canonical import carry_over  # start-up: builds only

                    policies = slices.splice(self._ir[1], pieces, sources)
                    carry_over(self._ir[1], policies)
                else:
                    # groups whose IR is not kept (a `validate` recorded their findings
                    # since, which needs no IR) are modelled alone too, as slices
                    unkept = self._unkept(pieces)
                    if unkept is not None and len(unkept) * SLICE_SHARE <= len(digests):
                        for group in unkept:
                            theirs = {f for f, g in files.items() if g in (group, slices.SHARED)}
                            pieces[group] = build_with(valid.of(theirs), mode, report=False)[0]
                    kept_ir = self._kept_ir(pieces)
                    if kept_ir is not None:
                        policies = slices.splice(kept_ir, pieces, sources)
                    else:
                        policies = build_with(valid, mode, report=False)[0]
                self._ir = ((scope, str(mode), digests), policies)
                return policies, diags
        self.sliced = None
        policies, builder = build_with(valid, mode)
        found = builder.ctx.diags
        by_group: dict[str, list[Any]] = {g: [] for g in digests}
        for diag in found:
            owner = files.get(diag.span.file)
            if owner is not None:
                by_group[owner].append(plain(diag))
        record.clear()
        record["mode"] = str(mode)
        record["sliceable"] = slices.sliceable(builder, policies, files, mixed)
        record["groups"] = {
            g: [digests[g], slices.interface(builder, policies, g), by_group[g]] for g in digests
        }
        self._changed("model", scope)
        self.calendars_used = _uses(record["groups"])
        self._made_of(scope, mode, digests, record["groups"], sliceable=record["sliceable"])
        self._ir = ((scope, str(mode), digests), policies)
        return policies, found

    def _made_of(
        self,
        scope: str,
        mode: Mode | None,
        digests: dict[str, str],
        groups: dict[str, list[Any]],
        *,
        sliceable: bool,
    ) -> None:
        """Set `ir_keys`: in a sliceable set a programme's IR is made from its own files,
        the shared ones and the build mode alone (what `slices.splice` relies on); the
        interfaces of every group join the key, so that a change any programme shows the
        others makes every programme's IR new. Nothing is known of a set not sliceable."""
        from policyc.model.slices import SHARED  # start-up

        self._ir_scope = scope
        self.ir_keys = {}
        self._ir_rest = ""
        if not sliceable:
            return
        faces = _key(*(f"{g}\x00{groups[g][1]!r}" for g in sorted(groups)))
        shared = digests.get(SHARED, "")
        self._ir_rest = _key("rest", str(mode), shared, faces)
        self.ir_keys = {
            g: _key("ir", str(mode), digest, shared, faces)
            for g, digest in digests.items()
            if g != SHARED
        }

    def _json_shards(self) -> list[dict[str, Any]]:
        return [self._layer("json", f"{self._ir_scope}\x00{i}") for i in range(JSON_SHARDS)]

    def seed_json(self, policies: Policies) -> None:
        """Give `policies` the canonical JSON and hash of each programme whose IR is made
        from what it was made from when they were kept (`ir_keys`), so that the artifact
        keys, the routing tables and the whole IR's hash encode only the changed ones."""
        from policyc.emit.canonical import programme_hash, programme_json  # start-up
        from policyc.emit.memo import per_build  # start-up

        if not self.ir_keys:
            return
        shards = self._json_shards()
        memo = per_build(policies)
        texts: dict[str, bytes] = memo.setdefault(programme_json, {})
        hashes: dict[str, str] = memo.setdefault(programme_hash, {})
        for pid, key in self.ir_keys.items():
            found = shards[_shard(pid) % JSON_SHARDS].get(pid)
            if found is None or found[0] != key or pid not in policies.programmes:
                continue
            texts.setdefault(pid, found[1])
            if found[2]:
                hashes.setdefault(pid, found[2])

    def keep_json(
        self, policies: Policies, parts: Mapping[str, tuple[bytes, bytes]] | None = None
    ) -> None:
        """Keep the canonical JSON and hash of each programme made for `policies` (after
        its artifacts were made), under its `ir_keys` entry; forget the programmes gone.
        `parts`: the `kept_parts` of some programmes, made already (by the child that
        emitted them: `emit_programmes`)."""
        from policyc.emit.canonical import programme_hash, programme_json  # start-up
        from policyc.emit.memo import per_build  # start-up

        parts = parts or {}
        if not self.ir_keys:
            return
        memo = per_build(policies)
        texts: dict[str, bytes] = memo.get(programme_json, {})
        hashes: dict[str, str] = memo.get(programme_hash, {})
        shards = self._json_shards()
        made: dict[str, tuple[str, bytes, str]] = {}  # the entries to write, new or changed
        for pid in policies.programmes:
            key, text = self.ir_keys.get(pid), texts.get(pid)
            if key is None or text is None:
                continue
            found = shards[_shard(pid) % JSON_SHARDS].get(pid)
            same = (key, text, hashes.get(pid, ""))
            if found is None or len(found) != _KEPT or tuple(found[:3]) != same:
                made[pid] = same
        owned = _owned_calendars(policies, set(made))  # not every programme's: they cost
        for i, shard in enumerate(shards):
            fresh = {
                pid: entry
                for pid, entry in shard.items()
                if pid in self.ir_keys and pid in policies.programmes
            }
            for pid, (key, text, digest) in made.items():
                if _shard(pid) % JSON_SHARDS == i:
                    programme = policies.programmes[pid]
                    stale = {k: list(v) for k, v in programme.stale.items()}
                    other, light = parts.get(pid) or kept_parts(programme)
                    # its fields and dicts in their order (the canonical JSON sorts them)
                    kept = (other, list(programme.sources), stale, owned.get(pid, {}), light)
                    fresh[pid] = (key, text, digest, *kept)
            if fresh != shard:
                shard.clear()
                shard.update(fresh)
                self._changed("json", f"{self._ir_scope}\x00{i}")
        rest = self._layer("json", f"{self._ir_scope}\x00rest")
        if rest.get("key") != self._ir_rest:
            rest.clear()
            rest.update(key=self._ir_rest, **_rest_of(policies))
            self._changed("json", f"{self._ir_scope}\x00rest")

    def _kept_shards(self) -> list[dict[str, Any]] | None:
        """The JSON shards `keep_json` wrote, if the rest of the IR (calendars, chrome) is
        kept under its current key; else None."""
        if not self.ir_keys:
            return None
        rest = self._layer("json", f"{self._ir_scope}\x00rest")
        return self._json_shards() if rest.get("key") == self._ir_rest else None

    def _kept_entry(self, shards: list[dict[str, Any]], pid: str) -> Sequence[Any] | None:
        """The kept entry of programme `pid`, if it is kept under its current key."""
        found = shards[_shard(pid) % JSON_SHARDS].get(pid)
        if found is None or found[0] != self.ir_keys[pid] or len(found) != _KEPT:
            return None
        return found  # type: ignore[no-any-return]

    def _unkept(self, pieces: dict[str, Policies]) -> list[str] | None:
        """The programmes besides `pieces` whose IR `keep_json` did not keep under their
        current key; None when the rest of the IR is not kept either."""
        shards = self._kept_shards()
        if shards is None:
            return None
        return [
            pid
            for pid in self.ir_keys
            if pid not in pieces and self._kept_entry(shards, pid) is None
        ]

    def _kept_ir(self, pieces: dict[str, Policies]) -> Policies | None:
        """The IR of the state before an edit, besides the groups of `pieces`, from the
        JSON `keep_json` kept (validated, never run: no code comes from the cache), for
        `slices.splice`; None unless every part is kept under its current key."""
        from pydantic import ValidationError  # start-up

        from policyc.model import ir  # start-up
        from policyc.model import kept as kept_programme  # start-up

        shards = self._kept_shards()
        if shards is None:
            return None
        rest = self._layer("json", f"{self._ir_scope}\x00rest")
        programmes: dict[str, ir.Programme] = {}
        calendars: dict[str, ir.Calendar] = {}
        try:
            for pid in self.ir_keys:
                if pid in pieces:
                    continue
                found = self._kept_entry(shards, pid)
                if found is None:
                    return None
                _, _, _, rest_json, sources, stale, owned, light = found
                # the fields every build reads now, the rest when first used (`model.kept`)
                stale = {k: tuple(v) for k, v in stale.items()}
                programmes[pid] = kept_programme.kept(light, rest_json, tuple(sources), stale)
                for cid, cal in owned.items():
                    calendars[cid] = ir.Calendar.model_validate_json(cal)
            base = ir.Policies.model_validate_json(rest["json"])
        except (ValidationError, TypeError, ValueError):
            return None
        calendars.update(base.calendars)
        stale_chrome = {k: tuple(v) for k, v in rest["chrome_stale"].items()}
        return base.model_copy(
            update={"programmes": programmes, "calendars": calendars, "chrome_stale": stale_chrome}
        )

    def seed_words(self) -> None:
        """Hand the Thai word breaker the runs the last build kept the words of."""
        from policyc.emit.site import thai  # start-up

        thai.remember(self._layer("thai", "").get("words", {}))

    def keep_words(self, programmes: Iterable[str], runs: Runs) -> None:
        """Keep the words of the Thai runs the pages now hold: those this build asked for
        (`thai.used`) and those of each programme of `programmes` whose pages it kept, as
        recorded when they were made (`runs`: by programme, of the ones made now). So the
        next build segments only new text, whichever programme it makes again."""
        from policyc.emit.site import thai  # start-up

        layer = self._layer("thai", "")
        recorded: dict[str, tuple[str, ...]] = layer.get("runs", {})
        pages: dict[str, tuple[str, ...]] = {}
        for pid in programmes:
            made = runs.get(pid)
            if made:
                pages[pid] = tuple(sorted(made))
            elif made is None and pid in recorded:
                pages[pid] = recorded[pid]
        words = thai.used()
        before: dict[str, tuple[str, ...]] = layer.get("words", {})
        kept = set().union(*(pages[pid] for pid in pages if pid not in runs))
        for run in kept.difference(words):
            found = before.get(run)
            if found is not None:
                words[run] = found
        if layer.get("words") != words or recorded != pages:
            layer.clear()
            layer.update(words=words, runs=pages)
            self._changed("thai", "")

    def export_findings(
        self, scope: str, keys: dict[str, str], make: ExportFindings
    ) -> list[Diagnostic]:
        """The export findings of every programme (PC430-PC439, located in its Export
        documents): kept per programme under its artifacts' key (`programme_keys`) and the
        digest of its files (the positions), made by `make` for the others."""
        files, digests = self.groups
        record: dict[str, tuple[str, list[Any]]] = self._layer("exports", scope)
        want = {pid: _key(key, digests.get(pid, "")) for pid, key in keys.items()}
        todo = {pid for pid, k in want.items() if pid not in record or record[pid][0] != k}
        made = make(todo) if todo else []
        found: dict[str, list[Any]] = {pid: [] for pid in todo}
        for diag in made:
            owner = files.get(diag.span.file)
            if owner not in found:  # not in a file of its programme: keep nothing
                record.clear()
                self._changed("exports", scope)
                return make(None)
            found[owner].append(plain(diag))
        kept = [from_plain(d) for pid in sorted(want) if pid not in todo for d in record[pid][1]]
        if todo or set(record) != set(want):
            fresh = {
                pid: (want[pid], found[pid] if pid in todo else record[pid][1]) for pid in want
            }
            record.clear()
            record.update(fresh)
            self._changed("exports", scope)
        return made + kept

    def chrome_findings(self, scope: str, shape: str, make: UseFindings) -> list[Diagnostic]:
        """The PC421 findings of the audiences and units the pages must label, in document
        order (located in the documents using them): kept per group of files (the last
        `model`'s `groups`: a programme's files, or the shared ones) under the group's
        digest and what they read of the en chrome (`shape`, `chrome.shape_key`), made by
        `make` for the other groups' files. Only for documents that all passed their
        schema (a build past its errors): each is in a file of `groups`."""
        files, digests = self.groups
        if not files:
            return make(None)
        record: dict[str, Any] = self._layer("chrome", scope)
        shaped = _key(shape)
        want = {g: _key(digest, shaped) for g, digest in digests.items()}
        todo = {g for g, k in want.items() if not _kept_entry(record.get(g), k)}
        made: dict[str, dict[str, list[Any]]] = {g: {} for g in todo}
        if todo:
            for diag in make({f for f, g in files.items() if g in todo}):
                group = files.get(diag.span.file)
                if group not in made:  # not in a file asked for: keep nothing
                    record.clear()
                    self._changed("chrome", scope)
                    return make(None)
                made[group].setdefault(diag.span.file, []).append(plain(diag))
        found: list[Diagnostic] = []
        for file, group in files.items():  # in document order, as a whole run makes them
            kept = made[group] if group in todo else record[group][1]
            found.extend(from_plain(d) for d in kept.get(file, ()))
        if todo or set(record) != set(want):
            fresh = {g: (want[g], made[g] if g in todo else record[g][1]) for g in want}
            record.clear()
            record.update(fresh)
            self._changed("chrome", scope)
        return found

    # -- programmes ---------------------------------------------------------------------

    def reusable(
        self,
        scope: str,
        out: Path,
        keys: dict[str, str],
        intact: Collection[str] | None = None,
    ) -> dict[str, list[Artifact]]:
        """The artifacts of each programme whose key is the recorded one, as `Linked`
        artifacts: files of `out` still exactly as the build that recorded them wrote
        them (same inode, size and modification time: a file edited or replaced since
        is not). A programme with any file missing or changed is emitted again.
        `intact`: the programmes whose files `intact` found so, when that was checked
        ahead (a forked child did, while this process modelled)."""
        from policyc.output.linked import from_records  # start-up

        recorded: dict[str, tuple[str, list[tuple[Any, ...]]]] = self._layer("emit", scope)
        reused: dict[str, list[Artifact]] = {}
        top = os.fspath(out)
        for pid, key in keys.items():
            found = recorded.get(pid)
            if found is None or found[0] != key:
                continue
            if intact is None:
                if not _files_intact(top, found[1]):
                    continue
            elif pid not in intact:
                continue
            reused[pid] = from_records(top, found[1])
        return reused

    def stale(self, scope: str, keys: dict[str, str]) -> list[str]:
        """The programmes of `keys` whose key is not the one recorded (or none is), in
        order: made again whatever their files in the output are (`reusable`)."""
        recorded: dict[str, tuple[str, list[tuple[Any, ...]]]] = self._layer("emit", scope)
        return sorted(
            pid
            for pid, key in keys.items()
            if (found := recorded.get(pid)) is None or found[0] != key
        )

    def intact(self, scope: str, out: Path) -> set[str]:
        """The programmes recorded for `scope` whose files in `out` are all as recorded
        (`reusable`'s check of every file: an `lstat` each, 18,000 at 10,000 files)."""
        recorded: dict[str, tuple[str, list[tuple[Any, ...]]]] = self._layer("emit", scope)
        top = os.fspath(out)
        return {pid for pid, (_key, files) in recorded.items() if _files_intact(top, files)}

    def remember(self, scope: str, out: Path, made: dict[str, tuple[str, list[Artifact]]]) -> None:
        """Record each programme's key and its files in `out` as written (hash, size,
        inode, modification time); programmes not in `made` are forgotten. A `Linked`
        file is recorded as its origin was: a hard link shares the inode and modification
        time (were it copied instead, its inode differs and the next build emits it)."""
        from policyc.output.linked import Linked, sha256_of, size_of  # start-up

        recorded = self._layer("emit", scope)
        recorded.clear()
        top = os.fspath(out)
        for pid, (key, artifacts) in made.items():
            files = []
            for a in artifacts:
                if isinstance(a, Linked):
                    files.append((a.path, a.sha256, a.size, a.inode, a.mtime_ns))
                    continue
                try:
                    info = os.lstat(os.path.join(top, a.path))
                except OSError:
                    break
                files.append((a.path, sha256_of(a), size_of(a), info.st_ino, info.st_mtime_ns))
            else:
                recorded[pid] = (key, files)
        self._changed("emit", scope)

    def spare(self, out: Path) -> Path | None:
        """Where the tree a build of `out` replaces is kept for the next build to start
        from (`write.write_tree`), or None: the cache is not kept on disk, or its
        directory cannot be made (it is made now if it is not there: a first build leaves
        a spare too). Safe to delete like the rest of the cache."""
        if not self.persist:
            return None
        try:
            store.own_directory(self.directory)
        except OSError:
            return None
        return self.directory / f"spare-{_key(os.path.realpath(out))[:16]}"

    def outputs(self, out: Path) -> dict[str, bytes]:
        """The records (`policyc.load.seen.Record`) of the files of the output tree `out` as
        the last build placed them, by their paths in it: the up-to-date check takes a
        file whose `stat` is as recorded to hold the bytes recorded, without reading it."""
        return self._layer("outputs", os.path.realpath(out))

    def keep_outputs(
        self, out: Path, placed: Placed | None, entries: dict[str, tuple[str, int]]
    ) -> None:
        """Record the files the write just placed in `out` (`entries`: each one's SHA-256,
        hex, and size by path, `manifest.entries_of`): a file written or linked now by its
        `lstat` then, settled at the time after the last was placed; a file kept from the
        spare tree by its record of the write that placed it (its inode and times
        unchanged since, or the record is simply not trusted). Without `placed`, nothing
        is recorded."""
        records = self.outputs(out)
        before = dict(records)
        records.clear()
        if placed is not None:
            for path, (sha, _size) in entries.items():
                info = placed.changed.get(path)
                if info is None:
                    if path in placed.kept and path in before:
                        records[path] = before[path]
                    continue
                made = written_record(info, placed.settled_ns, bytes.fromhex(sha))
                if made is not None:
                    records[path] = made
        if records or before:
            self._changed("outputs", os.path.realpath(out))

    def forget(self, scope: str) -> None:
        """Drop the artifact index of `scope` (the output changed in a way not recorded)."""
        recorded = self._layer("emit", scope)
        if recorded:
            recorded.clear()
            self._changed("emit", scope)


def _files_intact(top: str, files: list[tuple[Any, ...]]) -> bool:
    """Whether every recorded file (path, hash, size, inode, modification time) is
    still a regular file under `top` with that size, inode and modification time."""
    for path, _sha, size, inode, mtime in files:
        try:
            info = os.lstat(os.path.join(top, path))
        except OSError:
            return False
        if not stat.S_ISREG(info.st_mode) or (info.st_size, info.st_ino) != (size, inode):
            return False
        if info.st_mtime_ns != mtime:
            return False
    return True


def _kept_entry(entry: Any, key: str) -> bool:
    """Whether a group's kept chrome findings are there under `key`."""
    return isinstance(entry, tuple) and len(entry) == 2 and entry[0] == key


def _owned_calendars(policies: Policies, pids: set[str]) -> dict[str, dict[str, bytes]]:
    """Programme id (of `pids`) → the JSON of each calendar it defines, in order."""
    owned: dict[str, dict[str, bytes]] = {}
    for cid, cal in policies.calendars.items():
        if cal.programme is not None and cal.programme in pids:
            owned.setdefault(cal.programme, {})[cid] = cal.model_dump_json().encode()
    return owned


def _rest_of(policies: Policies) -> dict[str, Any]:
    """The IR besides the programmes, their calendars and the source names, as JSON in
    its order (and the field no dump holds), for `Cache._kept_ir`."""
    shared = {c: cal for c, cal in policies.calendars.items() if cal.programme is None}
    rest = policies.model_copy(update={"programmes": {}, "calendars": shared, "sources": ()})
    stale = {k: list(v) for k, v in policies.chrome_stale.items()}
    return {"json": rest.model_dump_json().encode(), "chrome_stale": stale}


def _uses(groups: dict[str, list[Any]]) -> dict[str, set[str]]:
    """Programme id → the calendars it uses, from the groups' interfaces."""
    return {g: set(v[1][3]) for g, v in groups.items() if len(v[1]) == 4}


# -- what a programme's artifacts are made from ----------------------------------------------


def programme_keys(
    policies: Policies, options: str, sources: dict[str, list[str]]
) -> dict[str, str]:
    """Per programme id, the key of everything its artifacts are made from (see the module
    docstring); `sources` is each programme's file list as its Python module gives it."""
    from policyc.emit.canonical import canonical_json, model_json, programme_hash  # start-up

    shared = model_json(policies, exclude={"sources": True, "programmes": True})
    directory = [
        (pid, list(p.locales), p.name, p.summary) for pid, p in policies.programmes.items()
    ]
    context = _key(options, shared, canonical_json(directory))
    owners = {cid: cal.programme for cid, cal in policies.calendars.items()}
    keys = {}
    for pid, programme in policies.programmes.items():
        related = sorted({o for c in programme.calendars if (o := owners.get(c))} - {pid})
        # the hashes of the programmes' canonical JSON (and of the calendars they use, in
        # `shared` too), not the 50 KB of JSON each: kept ones come from the cache
        parts: list[str | bytes] = [context, programme_hash(policies, programme)]
        parts += programme.sources
        parts += ["\x00sources", *sources.get(pid, [])]
        for other in related:
            prog = policies.programmes.get(str(other))
            if prog is not None:
                parts += ["\x00owner", programme_hash(policies, prog)]
        keys[pid] = _key(*parts)
    return keys


def affected_files(
    wanted: Iterable[str], documents: Sequence[Document], uses: dict[str, set[str]] | None
) -> set[str]:
    """The files whose findings an edit of the files `wanted` can change: those files, the
    other files of the programmes they belong to, and, for a calendar or page chrome, the
    files of every programme using it (`uses`: programme id → the calendars it uses;
    every file when the model could not be built: None). Of `Documents`, only the
    documents of `wanted` are unpacked."""
    wanted = set(wanted)
    if isinstance(documents, Documents):
        owners: Iterable[tuple[str, str | None]] = documents.owners()
        named = documents.of(wanted)
    else:
        owners = ((d.file, d.owner) for d in documents)
        named = [d for d in documents if d.file in wanted]
    groups: dict[str, set[str]] = {}
    every: set[str] = set()
    for file, owner in owners:
        every.add(file)
        if owner is not None:
            groups.setdefault(owner, set()).add(file)
    touched = {doc.owner for doc in named} - {None}
    shared = any(doc.owner is None or doc.kind == "Calendar" for doc in named)
    found = set(wanted)
    for group in touched:
        found |= groups.get(str(group), set())
    if shared:
        if uses is None:
            return every | found
        used = {
            str(v.get("id"))
            for d in named
            if d.kind == "Calendar" and isinstance(v := d.value, dict)
        }
        chrome = any(
            d.kind != "Calendar" and not (isinstance(d.value, dict) and d.value.get("programme"))
            for d in named
        )
        for pid, calendars in uses.items():
            if chrome or used & calendars:
                found |= groups.get(pid, set())
    return found


# -- emitting some programmes ----------------------------------------------------------------


def _programmes(
    emitters: Sequence[Emitter],
    policies: Policies,
    pids: Sequence[str],
    started: Callable[[Emitter], None],
) -> Made:
    from policyc.emit.base import Part  # start-up
    from policyc.emit.site import thai  # start-up

    made: dict[str, list[Artifact]] = {}
    runs: Runs = {}
    for pid in pids:
        part = Part(frozenset({pid}), shared=False)

        def one(part: Part = part) -> list[Artifact]:
            found: list[Artifact] = []
            for emitter in emitters:
                started(emitter)
                found.extend(emitter.emit(policies, part))
            return found

        made[pid], runs[pid] = thai.runs_used(one)
    return made, runs


def kept_parts(programme: Programme) -> tuple[bytes, bytes]:
    """What `Cache.keep_json` keeps of a programme besides its canonical JSON: the rest of
    its IR (`kept.rest_json`) and its light fields (`kept.light_json`), about 1 ms."""
    from policyc.model import kept as kept_programme  # start-up

    return kept_programme.rest_json(programme), kept_programme.light_json(programme)


def _quiet(_emitter: Emitter) -> None:
    """The child names no emitter: an error there makes the parent emit its share again."""


def shared_files(
    emitters: Sequence[Emitter], policies: Policies, started: Callable[[Emitter], None]
) -> list[Artifact]:
    """The files every programme shares (the indexes, the package root, the style sheet)."""
    from policyc.emit.base import Part  # start-up
    from policyc.emit.run import emit_part  # start-up

    return emit_part(emitters, policies, started, Part(frozenset(), shared=True))


class SharedAhead:
    """The shared files of a build with the cache, made in a forked child while this
    process runs the preflight and emits the programmes whose key changed: after a
    one-file edit they are most of what is emitted (the site's indexes list every
    programme, the routing index and the package root hash the whole IR). The child
    hands back the Thai runs it segmented (`thai.used`); if it fails, or none could be
    forked, `take` makes the files here, so an error surfaces as in a serial build."""

    def __init__(self, emitters: Sequence[Emitter], policies: Policies) -> None:
        from policyc.emit.site import thai  # start-up

        self.emitters, self.policies = emitters, policies
        self.child: parallel.Child | None = None
        if parallel.available():
            self.child = parallel.start(
                lambda: (shared_files(emitters, policies, _quiet), thai.used())
            )

    def take(self, started: Callable[[Emitter], None]) -> list[Artifact]:
        """The shared files: the child's (waiting for it), else made here."""
        from policyc.emit.site import thai  # start-up

        child, self.child = self.child, None
        found = None if child is None else child.result()
        if found is None:
            return shared_files(self.emitters, self.policies, started)
        artifacts, words = found
        thai.learn(words)
        return list(artifacts)

    def finish(self) -> None:
        """Stop the child if its files were not taken (the build stopped early)."""
        if self.child is not None:
            self.child.kill()
            self.child = None


Parts = dict[str, tuple[bytes, bytes]]  # programme → its `kept_parts`
Sent = tuple[dict[str, list["Artifact"]], Runs, Parts, dict[str, tuple[str, ...]]]


class Split:
    """The programmes `pids` shared out for `emit_programmes`: with two cores, from
    `parallel.EMIT_PROGRAMMES` of them on, a child forked at once takes them one batch
    at a time from a `parallel.Queue` and sends each batch's artifacts back as it goes
    (`parallel.Stream`; with `keep`, their `kept_parts` too), and this process takes the
    rest when it comes to them (`here`), unpickling the child's batches between its own.
    A build starts it before its preflight, as a cold build starts its emitters
    (`emit.run.Emitting`): the child is ahead by then, and the queue evens out what is
    left. `take` gives the child's programmes; if it failed, those neither process made
    are made here."""

    def __init__(
        self, emitters: Sequence[Emitter], policies: Policies, pids: Sequence[str], keep: bool
    ) -> None:
        self.emitters, self.policies, self.keep = emitters, policies, keep
        self.pids = list(pids)
        self.stream: parallel.Stream | None = None
        self.queue: parallel.Queue | None = None
        self.sent: list[Sent] = []  # the child's batches taken so far
        size = max(1, -(-len(self.pids) // parallel.Queue.LIMIT))
        self.batches = [self.pids[i : i + size] for i in range(0, len(self.pids), size)]
        if parallel.worth(len(self.pids), parallel.EMIT_PROGRAMMES):
            self.queue = parallel.Queue(len(self.batches))
            stream = parallel.Stream(self._theirs)
            if stream.child is None:
                self._close()
            else:
                self.stream = stream

    def _theirs(self, send: Callable[[Sent], None]) -> None:
        """The child: each batch it takes, sent with its Thai runs and kept parts; last,
        the Thai words it found (the next build takes them from the cache)."""
        from policyc.emit.site import thai  # start-up

        assert self.queue is not None
        while (index := self.queue.take()) is not None:
            made, runs = _programmes(self.emitters, self.policies, self.batches[index], _quiet)
            parts = {p: kept_parts(self.policies.programmes[p]) for p in made} if self.keep else {}
            send((made, runs, parts, {}))
        send(({}, {}, {}, thai.used()))

    def here(self, started: Callable[[Emitter], None]) -> Made:
        """The programmes this process makes: what is left in the queue (the child's
        batches taken in between), or all of them."""
        if self.queue is None or self.stream is None:
            return _programmes(self.emitters, self.policies, self.pids, started)
        made: dict[str, list[Artifact]] = {}
        runs: Runs = {}
        while (index := self.queue.take()) is not None:
            more, more_runs = _programmes(
                self.emitters, self.policies, self.batches[index], started
            )
            made.update(more)
            runs.update(more_runs)
            self.sent.extend(self.stream.poll())
        return made, runs

    def take(self, mine: Collection[str], started: Callable[[Emitter], None]) -> tuple[Made, Parts]:
        """The child's programmes and kept parts (waiting for it); if it failed, every
        programme neither it nor this process (`mine`) made, made here."""
        from policyc.emit.site import thai  # start-up

        stream, self.stream = self.stream, None
        complete = False
        if stream is not None:
            rest, complete = stream.finish()
            self.sent.extend(rest)
        self._close()
        made: dict[str, list[Artifact]] = {}
        runs: Runs = {}
        parts: Parts = {}
        for their_made, their_runs, their_parts, words in self.sent:
            made.update(their_made)
            runs.update(their_runs)
            parts.update(their_parts)
            thai.learn(words)
        if not complete:  # the batch it failed in, and any it took after
            left = [pid for pid in self.pids if pid not in mine and pid not in made]
            more, more_runs = _programmes(self.emitters, self.policies, left, started)
            made.update(more)
            runs.update(more_runs)
        return (made, runs), parts

    def finish(self) -> None:
        """Stop the child if its share was not taken (the build stopped early)."""
        if self.stream is not None:
            self.stream.kill()
            self.stream = None
        self._close()

    def _close(self) -> None:
        if self.queue is not None:
            self.queue.close()
            self.queue = None


def emit_programmes(
    emitters: Sequence[Emitter],
    policies: Policies,
    pids: Sequence[str],
    started: Callable[[Emitter], None],
    *,
    shared: bool = True,
    keep: bool = False,
    split: Split | None = None,
) -> tuple[dict[str, list[Artifact]], list[Artifact], Runs, dict[str, tuple[bytes, bytes]]]:
    """The artifacts of each programme of `pids` (emitted one programme at a time, so each
    artifact is known to be that programme's), the shared files (none unless `shared`),
    the Thai runs of each programme's pages (for `Cache.keep_words`), and with `keep` the
    `kept_parts` of the programmes a child emitted. With two cores a forked child emits
    programmes as they come (`Split`: `split`, started already for these `pids`, or one
    started now) while this process makes the rest and the shared files; if the child
    fails, its share is emitted here (errors surface as in a serial run)."""
    if split is None:
        split = Split(emitters, policies, pids, keep)
    assert split.pids == list(pids)
    try:
        common = shared_files(emitters, policies, started) if shared else []
        made, runs = split.here(started)
    except BaseException:
        split.finish()
        raise
    (theirs, their_runs), parts = split.take(made, started)
    made.update(theirs)
    runs.update(their_runs)
    return made, common, runs, parts
