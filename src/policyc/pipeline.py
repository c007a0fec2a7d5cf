"""The pipeline as plain functions: load → validate → model → emit → write.

Each stage returns its value plus diagnostics; the pipeline stops before emitting when
any error exists, so a broken policy never produces a half-written `generated/`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from policyc import parallel
from policyc.diagnostics import Diagnostic, Severity, Span, has_errors, sort_diagnostics
from policyc.emit import default_output
from policyc.gcpause import outlive, paused_gc
from policyc.load import Document
from policyc.load.files import discover_names
from policyc.load.inputs import inputs_hash
from policyc.load.run import Loaded, load_all, load_checked_all
from policyc.validate import SchemaSet, validate_documents  # cheap: jsonschema only on errors

if TYPE_CHECKING:
    from policyc.emit.base import Artifact, Emitter
    from policyc.emit.run import Emitting
    from policyc.emit.site.compiled import Compiling
    from policyc.incremental import Cache, Documents, FileResult, SharedAhead, Split
    from policyc.model.ir import Policies
    from policyc.model.publish import Mode as IncompleteLocales
    from policyc.output.freshness import Inputs, Verdict
    from policyc.output.write import Surveyed


class WorkingOn:
    """What the pipeline is working on, so an internal error can name the file."""

    current: str = "<startup>"


def display_name(path: Path) -> str:
    """The name a file is shown under: relative to the cwd when inside it, POSIX style."""
    return display_names([path])[0]


def _relative(directory: Path, cwd: Path) -> str | None:
    """A directory's real path relative to `cwd`, or None when outside it."""
    try:
        resolved = directory.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        resolved = Path(os.path.abspath(directory))
    try:
        return resolved.relative_to(cwd).as_posix()
    except ValueError:
        return None


def display_names(paths: Iterable[Path]) -> list[str]:
    """`display_name` of each path, resolving each directory and the cwd once."""
    cwd = Path.cwd().resolve()
    shown: dict[Path, str | None] = {}  # directory → its name relative to the cwd
    names = []
    for path in paths:
        parent = path.parent
        if not path.name:  # "." or "/": the directory itself
            names.append(_relative(path, cwd) or path.as_posix())
            continue
        if parent not in shown:
            shown[parent] = _relative(parent, cwd)  # a symlinked file keeps its own name
        inside = shown[parent]
        if inside is None:
            names.append(path.as_posix())
        else:
            names.append(path.name if inside == "." else f"{inside}/{path.name}")
    return names


@dataclass
class Result:
    """Everything a run produced: documents, the model (if built) and diagnostics."""

    documents: Sequence[Document] = field(default_factory=list)  # from a cache: `Documents`
    files: list[str] = field(default_factory=list)
    policies: Policies | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # each file's path (as `discover` found it) and `inputs.file_digest`
    digests: list[tuple[Path | str, bytes | None]] = field(default_factory=list)

    def inputs_hash(self, root: Path) -> str:
        """The hash of the files loaded from the policy directory `root` (see `inputs`)."""
        return inputs_hash((_relative_posix(p, root), d) for p, d in self.digests)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def _relative_posix(path: Path | str, root: Path) -> str:
    """The POSIX path of `path`, a file `discover` found under `root`, relative to it."""
    prefix = os.path.join(os.fspath(root), "")
    text = os.fspath(path)
    if os.sep == "/" and text.startswith(prefix):
        return text[len(prefix) :]
    return Path(path).relative_to(root).as_posix()


def canonical_names(roots: Iterable[Path], files: Sequence[Path | str]) -> list[str]:
    """How each file is shown: a file found in a directory named on the command line is
    that directory's `display_name` joined with its path below it as walked, so names (and
    the artifacts quoting them) do not depend on how the directory is spelled or where
    symlinks in it lead. Other files get their own `display_name`."""
    dirs = [(os.path.join(os.fspath(r), ""), display_name(r)) for r in roots if r.is_dir()]
    names: list[str | None] = []
    others: list[Path] = []  # files outside every root: named by `display_names`
    for path in files:
        text = os.fspath(path)
        for prefix, shown in dirs:
            if text.startswith(prefix):
                rest = text[len(prefix) :].replace(os.sep, "/")
                names.append(rest if shown == "." else f"{shown.rstrip('/')}/{rest}")
                break
        else:
            names.append(None)
            others.append(Path(path))
    own = iter(display_names(others))
    return [name if name is not None else next(own) for name in names]


def _discover(
    paths: list[Path], result: Result, found: Sequence[Path | str] | None = None
) -> tuple[Sequence[Path | str], list[str]]:
    """The policy files under `paths` (`found`: as discovered already, without problems),
    as the text of their paths, and their names; problems go into `result`."""
    files: Sequence[Path | str]
    files, diags = discover_names(paths) if found is None else (found, [])
    result.diagnostics.extend(diags)
    if not files and not diags:
        result.diagnostics.extend(no_policy_files(p) for p in paths if p.is_dir())
    return files, canonical_names(paths, files)


def load(paths: Iterable[Path]) -> Result:
    """Find, read and parse every policy file under `paths`."""
    result = Result()
    paths = list(paths)
    files, names = _discover(paths, result)
    _gather(result, files, names, load_all(files, names, _loading))
    return result


def _load_validated(paths: Iterable[Path], warm: bool = False) -> tuple[Result, list[Document]]:
    """`load`, then `validate_documents` of its documents: the documents that pass their
    schema are returned, and the schema's findings follow the load's in the result, as
    the two stages run one after the other give them. Each file is checked by the process
    that loaded it (`load.run.load_checked_all`): on two cores, half the check's time.
    `warm`: a build follows (`_Warming` runs between this process's batches)."""
    result = Result()
    paths = list(paths)
    files, names = _discover(paths, result)
    check = functools.partial(validate_documents, schemas=SchemaSet())  # one per process
    loaded = load_checked_all(files, names, _loading, check, _Warming() if warm else None)
    _gather(result, files, names, [each for each, _checked in loaded])
    valid = [doc for _each, (docs, _found) in loaded for doc in docs]
    result.diagnostics.extend(d for _each, (_docs, found) in loaded for d in found)
    return result, valid


class _Warming:
    """What a cold build's emitters would each set up on first use, set up by this process
    while a child loads files (`load.run.load_checked_all`'s `meanwhile`): the modules of
    the later stages, the page templates and, once a document in Thai is loaded, the Thai
    dictionary (0.4 s). The emitting child, forked later, shares all of it, instead of
    both emitting processes doing it (the Thai dictionary) or doing it on one core while
    the other idles (imports). Only the time of the build changes: each is what the first
    use would have done; anything failing here is left to that first use."""

    def __init__(self) -> None:
        self.set_up = self.thai = False

    def __call__(self, batch: Sequence[tuple[Loaded, object]]) -> None:
        with contextlib.suppress(Exception):
            if not self.set_up:
                self.set_up = True
                _set_up()
            if not self.thai and any(_in_thai(d) for (docs, *_), _ in batch for d in docs):
                self.thai = True
                _thai_dictionary()


def _in_thai(doc: Document) -> bool:
    """Whether the document is in Thai (pages of a programme with a Thai catalog, and the
    language menu of every page naming Thai, get Thai word breaks)."""
    locale = doc.value.get("locale") if isinstance(doc.value, dict) else None
    return isinstance(locale, str) and locale.split("-")[0].lower() == "th"


def _set_up() -> None:
    """The later stages' modules imported, the page templates compiled."""
    import importlib  # start-up

    for module in _LATER:
        importlib.import_module(module)
    from policyc.emit import emitters  # start-up: the build's later stages
    from policyc.emit.site.html import environment  # start-up

    emitters()  # imports every emitter's modules
    env = environment()
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)


# what a cold build imports once its files are loaded
_LATER = (
    "policyc.model.build",
    "policyc.emit.run",
    "policyc.emit.site.compiled",
    "policyc.output.check",
    "policyc.output.manifest",
)


def _thai_dictionary() -> None:
    """PyThaiNLP's dictionary loaded, as `emit.site.thai` segments words (`newmm`)."""
    from pythainlp.tokenize import word_tokenize  # start-up: only for Thai

    word_tokenize("ไทย", engine="newmm", keep_whitespace=False)


def _gather(
    result: Result, files: Sequence[Path | str], names: Sequence[str], loaded: Sequence[Loaded]
) -> None:
    """Each file's name, documents, findings and digest into `result`, in file order."""
    documents: list[Document] = []
    for path, name, (docs, found, digest) in zip(files, names, loaded, strict=True):
        result.files.append(name)
        documents.extend(docs)
        result.diagnostics.extend(found)
        result.digests.append((path, digest))
    result.documents = documents


def _loading(name: str) -> None:
    WorkingOn.current = name


def _scope(paths: Sequence[Path]) -> str:
    """What a cache of these policy paths is kept under: their real paths and the cwd
    (file names in findings are relative to it)."""
    return "\n".join([os.getcwd(), *(os.path.realpath(p) for p in paths)])


def load_checked(
    paths: Iterable[Path], cache: Cache, inputs: Inputs | None = None
) -> tuple[Result, Documents]:
    """`load` and the schema check through `cache`: only files whose bytes are new are
    parsed and checked. Returns the result (load and schema findings) and the documents
    that passed their schema, as the cold path makes them (unpacked from the cache only
    when read: `incremental.Documents`). `inputs`: the files of the one policy directory
    in `paths` as the up-to-date check found and read them."""
    from policyc.incremental import Documents  # start-up

    result = Result()
    paths = list(paths)
    if inputs is None:
        files, names = _discover(paths, result)
        loaded: list[FileResult] = cache.load(_scope(paths), files, names, _loading)
    else:
        files, names = _discover(paths, result, inputs.names)
        reader = inputs.read()
        loaded = cache.load(
            _scope(paths), files, names, _loading, reader, reader.sha256, reader.unread
        )
    schema: list[Diagnostic] = []
    for path, name, found in zip(files, names, loaded, strict=True):
        result.files.append(name)
        result.diagnostics.extend(found.load_diagnostics)
        result.digests.append((path, found.digest))
        schema.extend(found.schema_diagnostics)
    result.diagnostics.extend(schema)
    named = list(zip(names, loaded, strict=True))
    result.documents = Documents(named, valid=False)
    return result, Documents(named, valid=True)


def validate(
    paths: Iterable[Path],
    *,
    semantic: bool = True,
    upgrade: Callable[[Sequence[Document]], None] | None = None,
    incomplete_locales: IncompleteLocales | None = None,
    cache: Cache | None = None,
    ir: bool = True,
) -> Result:
    """Load and schema-check the files, then build the model and run semantic checks;
    `upgrade` rewrites the loaded documents first (`policyc diff` reads old revisions);
    `incomplete_locales` overrides the programmes' setting (`policyc.model.publish`).
    With a `cache` (`policyc.incremental`), unchanged files are not parsed again and only
    changed programmes are checked again; its own warnings (PC411-PC413) join the
    findings. `ir=False` says the caller needs the findings only: with a cache, the IR
    (`Result.policies`) may then be left out."""
    with paused_gc():  # the run's data is long-lived and acyclic: see policyc.gcpause
        if cache is None:
            result = _validate(
                paths, semantic=semantic, upgrade=upgrade, incomplete_locales=incomplete_locales
            )
        else:
            cache.diagnostics = []
            result = _validate(
                paths, semantic=semantic, cache=cache, incomplete_locales=incomplete_locales, ir=ir
            )
            cache.save()
            result.diagnostics = sort_diagnostics(result.diagnostics + cache.diagnostics)
        outlive(result)
        return result


def _validate(
    paths: Iterable[Path],
    *,
    semantic: bool,
    upgrade: Callable[[Sequence[Document]], None] | None = None,
    incomplete_locales: IncompleteLocales | None = None,
    cache: Cache | None = None,
    ir: bool = True,
    inputs: Inputs | None = None,
    staged: list[Staged] | None = None,
) -> Result:
    """`validate`'s work. With `staged` (and no cache), the model's rules that only
    report are left to the `Staged` appended there, unless the model has errors already:
    the result's diagnostics are then only the IR's until `Staged.complete`."""
    paths = list(paths)
    valid: Sequence[Document]
    if cache is not None:
        if semantic:
            parallel.preload("policyc.model.build")
        result, checked = load_checked(paths, cache, inputs)
        valid = checked
    elif upgrade is None:
        result, valid = _load_validated(paths, warm=staged is not None)
    else:
        result = load(paths)
        upgrade(result.documents)
        valid, diags = validate_documents(result.documents)
        result.diagnostics.extend(diags)
    if semantic and valid and not has_errors(result.diagnostics):
        from policyc.model import build_model  # start-up: pydantic, only past the schemas

        WorkingOn.current = "<model>"
        if cache is None and staged is not None:
            from policyc.model.build import build_staged  # start-up: as `build_model`

            loaded = list(result.diagnostics)
            result.policies, found, findings = build_staged(valid, incomplete_locales)
            if has_errors(found):
                found = findings()
            else:
                staged.append(Staged(loaded, findings))
        elif cache is None:
            result.policies, found = build_model(valid, incomplete_locales)
        else:
            scope = _scope(paths)
            result.policies, found = cache.model(scope, checked, incomplete_locales, ir=ir)
        result.diagnostics.extend(found)
    result.diagnostics = sort_diagnostics(result.diagnostics)
    return result


@dataclass
class Staged:
    """A cold build's model findings still to come (`model.build.build_staged`): the
    rules that only report run while the emitters start."""

    loaded: list[Diagnostic]  # the load and schema findings
    findings: Callable[[], list[Diagnostic]]

    def complete(self, result: Result) -> None:
        """Run the rules: `result` then has every finding, as `_validate` gives them."""
        WorkingOn.current = "<model>"
        result.diagnostics = sort_diagnostics(self.loaded + self.findings())


def no_policy_files(directory: Path) -> Diagnostic:
    """PC116: a policy directory without a single `*.yaml`/`*.yml` file (a warning)."""
    return Diagnostic(
        "PC116",
        f"no policy files found under {display_name(directory)}",
        Span(display_name(directory)),
        Severity.WARNING,
        hint="policy files end in .yaml or .yml; check --policies DIR",
    )


def missing_directory(path: Path) -> Diagnostic:
    return Diagnostic(
        "PC113",
        "policy directory not found",
        Span(path.as_posix()),
        hint="run from the project root or pass --policies DIR",
    )


class Waited(Protocol):
    """Work another process does while a build goes on (`build` waits for it)."""

    def finish(self) -> None: ...


@dataclass(frozen=True)
class _Looked:
    """What `_Ahead`'s child found: the write's walks, the kept programmes' files."""

    surveyed: Surveyed
    intact: set[str]


class _Ahead:
    """A build after an edit looks at the old output and the spare tree (`write.survey`)
    and at the kept programmes' files (`Cache.intact`) in a forked child while it models
    (about 0.3 s of system calls off its path); each use checks that it still holds."""

    def __init__(self, child: parallel.Child, cache: Cache, scope: str) -> None:
        self.child: parallel.Child | None = child
        self.taken: _Looked | None = None
        self.cache, self.scope = cache, scope

    @classmethod
    def start(
        cls, out: Path, force_clean: bool, cache: Cache | None, scope: str, waits: list[Waited]
    ) -> _Ahead | None:
        """The child started (and added to `waits`), or None without a cache or where
        none may be forked (the write walks then)."""
        from policyc.output import write  # start-up

        spare = None if cache is None else cache.spare(out)
        if cache is None or spare is None or not parallel.available():
            return None
        kept = cache

        def look() -> _Looked:
            return _Looked(write.survey(out, force_clean, spare), kept.intact(scope, out))

        child = parallel.start(look)
        if child is None:
            return None
        ahead = cls(child, cache, scope)
        waits.append(ahead)
        return ahead

    def prefetch(self, policies: Path) -> None:
        """Have the cache read the layers a build reads after loading (`prefetch_build`)
        in a thread: start it after the last fork before them."""
        self.cache.prefetch_build(_scope([policies]), self.scope)

    def take(self) -> _Looked | None:
        """What the child found (waiting for it), or None if it failed."""
        if self.child is not None:
            found = self.child.result()
            self.child = None
            self.taken = found if isinstance(found, _Looked) else None
        return self.taken

    def finish(self) -> None:
        """Stop the child if its findings were not taken (the build stopped early)."""
        if self.child is not None:
            self.child.kill()
            self.child = None


@dataclass
class BuildOutcome:
    diagnostics: list[Diagnostic]
    summary: str = ""


def _with_options(
    input_hash: str,
    python_package: str | None,
    base_url: str | None = None,
    incomplete_locales: str | None = None,
) -> str:
    """The inputs' hash, changed by build options that change the output (so a build with
    another `--python-package`, `--base-url` or `--incomplete-locales` is never "up to
    date"); the default options keep it as is."""
    if default_output(python_package, base_url) and not incomplete_locales:
        return input_hash
    options = f"{input_hash}\npython-package={python_package}"
    if base_url:
        options += f"\nbase-url={base_url}"
    if incomplete_locales:
        options += f"\nincomplete-locales={incomplete_locales}"
    return hashlib.sha256(options.encode()).hexdigest()


def _out_scope(
    out: Path,
    python_package: str | None,
    base_url: str | None,
    policies: Path,
    incomplete_locales: str | None = None,
) -> str:
    """What the artifact index of a build is kept under: the output and the options."""
    where = [os.path.realpath(out), os.getcwd(), display_name(policies)]
    return "\n".join([*where, str(python_package), str(base_url), str(incomplete_locales)])


def _emitting(emitter: Emitter) -> None:
    WorkingOn.current = f"<emit {emitter.name}>"


def build(
    policies: Path,
    out: Path,
    *,
    check: bool = False,
    python_package: str | None = None,
    force_clean: bool = False,
    base_url: str | None = None,
    incomplete_locales: IncompleteLocales | None = None,
    cache: Cache | None = None,
) -> BuildOutcome:
    """Validate, emit every artifact in memory, then write atomically (or compare).

    With a `cache` (`policyc.incremental`), only files whose bytes are new are parsed and
    only programmes whose inputs changed are emitted again (the rest are read back from
    `out`, checked against their recorded hashes); the output is byte for byte that of a
    build without it. Its own warnings (PC411-PC413) join the findings.

    The raw input bytes are hashed first: when the output's manifest and stamp show
    that a build would change nothing, it stops there ("up to date"). `check` always
    builds in full and compares instead of writing.

    The cyclic garbage collector stays paused throughout (see `policyc.gcpause`): with
    the documents, the IR and every artifact alive, each of its full collections during
    the manifest and the write walked the whole heap (`benchmarks/README.md`).

    The replaced output tree is removed by another process while the build records its
    cache, and waited for before returning (`write.Cleanup`).
    """
    # the old output removed, the page templates compiled, meanwhile: waited for here
    waits: list[Waited] = []
    try:
        with paused_gc():
            if cache is not None:
                cache.diagnostics = []
            outcome = _build(
                policies,
                out,
                check=check,
                python_package=python_package,
                force_clean=force_clean,
                base_url=base_url,
                incomplete_locales=incomplete_locales,
                cache=cache,
                waits=waits,
            )
            if cache is not None:
                cache.save()
                outcome.diagnostics = sort_diagnostics(outcome.diagnostics + cache.diagnostics)
            return outcome
    finally:
        for waited in waits:
            waited.finish()


def overlap(policies: Path, out: Path) -> Diagnostic | None:
    """PC410 when the output directory is the policy directory, inside it or holds it: a
    build replaces the whole output, so it would delete policies or write among them."""
    try:
        real_policies, real_out = policies.resolve(), out.resolve()
    except (OSError, RuntimeError):
        return None
    if real_out == real_policies:
        where = "is the policy directory"
    elif real_out.is_relative_to(real_policies):
        where = "is inside the policy directory"
    elif real_policies.is_relative_to(real_out):
        where = "holds the policy directory"
    else:
        return None
    return Diagnostic(
        "PC410",
        f"the output directory {where} ({display_name(policies)})",
        Span(display_name(out)),
        hint="pass an --out beside the policy directory, e.g. generated/ of the project root",
    )


def _verdict(
    policies: Path,
    out: Path,
    cache: Cache | None,
    python_package: str | None,
    base_url: str | None,
    incomplete_locales: IncompleteLocales | None,
) -> Verdict:
    """The up-to-date check (`freshness.up_to_date`); with a cache, the inputs whose
    `stat` is as it was when they were last hashed are not read (`policyc.load.seen`),
    and those read are recorded; so are the output's files as the last build placed them
    (`Cache.keep_outputs`)."""
    from policyc.output import freshness  # start-up

    scope = _scope([policies])
    verdict = freshness.up_to_date(
        policies,
        out,
        lambda found: found and _with_options(found, python_package, base_url, incomplete_locales),
        None if cache is None else cache.seen(scope),
        None if cache is None else cache.listings(scope),
        None if cache is None else cache.outputs(out),
    )
    if cache is not None and verdict.inputs is not None:
        cache.keep_seen(scope, verdict.inputs.seen, verdict.inputs.names, verdict.inputs.listed)
    return verdict


def _build(
    policies: Path,
    out: Path,
    *,
    check: bool,
    python_package: str | None,
    force_clean: bool,
    base_url: str | None = None,
    incomplete_locales: IncompleteLocales | None = None,
    cache: Cache | None = None,
    waits: list[Waited],
) -> BuildOutcome:
    # start-up: what only a build needs (`validate` never loads it)
    from policyc.output import freshness, write  # start-up

    out = write.output_dir(out)
    shown = display_name(out)
    overlapping = overlap(policies, out)
    if overlapping is not None:
        return BuildOutcome([overlapping])
    WorkingOn.current = "<inputs>"
    input_hash: str | None = None
    inputs: Inputs | None = None
    if not check:
        verdict = _verdict(policies, out, cache, python_package, base_url, incomplete_locales)
        if verdict.current:  # the findings of the build that made it, as a build gives them
            return BuildOutcome(verdict.findings, f"up to date: {shown} (nothing to do)")
        input_hash, inputs = verdict.input_hash, verdict.inputs
    scope = _out_scope(out, python_package, base_url, policies, incomplete_locales)
    ahead = _Ahead.start(out, force_clean, None if check else cache, scope, waits)
    # start-up: what only a build that runs needs (not the no-op)
    from policyc.emit import emitters  # start-up
    from policyc.emit.run import emit_all  # start-up
    from policyc.emit.site import compiled  # start-up
    from policyc.output import check as drift_check  # start-up
    from policyc.output import manifest  # start-up

    staged: list[Staged] | None = [] if cache is None else None
    # a build after an edit: the page templates compile on the other core meanwhile
    templates = compiled.start(cache is not None and not check)
    waits.append(templates)
    if ahead is not None:  # after the forks: read in a thread while the files load
        ahead.prefetch(policies)
    result = _validate(
        [policies],
        semantic=True,
        cache=cache,
        incomplete_locales=incomplete_locales,
        inputs=inputs,  # the bytes just hashed: not found and read a second time
        staged=staged,
    )
    if not result.ok or result.policies is None:
        return BuildOutcome(result.diagnostics)
    chosen = emitters(
        python_package=python_package, policy_root=display_name(policies), base_url=base_url
    )
    shared = None if check else _shared_ahead(cache, chosen, result, templates, waits)
    emitting, found, keys, split = _preflight(
        result, chosen, staged, cache, check, scope, policies, waits
    )
    if not result.ok or has_errors(found):
        return BuildOutcome(sort_diagnostics(result.diagnostics + found))
    result.diagnostics = sort_diagnostics(result.diagnostics + found)
    if input_hash is None:  # not read yet: there was no output to compare with
        input_hash = _with_options(
            result.inputs_hash(policies), python_package, base_url, incomplete_locales
        )
    made: dict[str, tuple[str, list[Artifact]]] = {}
    digests: list[str] | None = None  # each artifact's sha256, when taken as it was made
    if emitting is not None:
        artifacts = emitting.finish(_emitting)
        digests = emitting.digests
    elif cache is None or keys is None:
        artifacts = emit_all(chosen, result.policies, _emitting)
    else:
        artifacts, made = _emit_incremental(
            chosen, result.policies, cache, scope, out, keys, ahead, shared, split
        )
    WorkingOn.current = "<write>"
    entries = manifest.entries_of(artifacts, digests)
    listing = manifest.manifest(artifacts, input_hash, entries=entries)
    artifacts.append(listing)
    if check:
        drift = drift_check.check_tree(out, artifacts, shown)
        summary = f"up to date: {len(artifacts)} files in {shown} match a fresh build"
        return BuildOutcome(result.diagnostics + drift, summary)
    note = manifest.toolchain_note(out, shown, "rebuilt with this environment's")
    toolchain_changed = [Diagnostic("PC407", note, Span(shown), Severity.WARNING)] if note else []
    spare = cache.spare(out) if cache is not None else None
    surveyed = None if ahead is None or ahead.taken is None else ahead.taken.surveyed
    outcome = write.write_tree(
        out, artifacts, force_clean=force_clean, defer=True, spare=spare, surveyed=surveyed
    )
    if outcome.cleanup is not None:  # finished by `build`
        waits.append(outcome.cleanup)
    if not has_errors(outcome.diagnostics):
        freshness.record(out, listing.data, result.diagnostics)
    if cache is not None:
        if has_errors(outcome.diagnostics):
            cache.forget(scope)
        else:
            cache.remember(scope, out, made)
        cache.keep_outputs(out, outcome.placed, entries)
    outlive((result, artifacts, made))  # freed by the process's end, or as usual
    return BuildOutcome(
        result.diagnostics + toolchain_changed + outcome.diagnostics,
        f"built {outcome.written} files into {shown}",
    )


def _preflight(
    result: Result,
    chosen: Sequence[Emitter],
    staged: list[Staged] | None,
    cache: Cache | None,
    check: bool,
    scope: str,
    policies: Path,
    waits: list[Waited],
) -> tuple[Emitting | None, list[Diagnostic], dict[str, str] | None, Split | None]:
    """The model's rules still to run (`staged`, of a cold build: the emitters start
    meanwhile, returned running unless something failed) and the emit stage's preflight:
    its findings, and each programme's key when the cache is used (else None), with the
    programmes whose key changed shared out (`incremental.Split`: a child emitting its
    share meanwhile, added to `waits`)."""
    from policyc.emit import preflight  # start-up
    from policyc.emit.run import Emitting  # start-up

    assert result.policies is not None
    emitting = Emitting(chosen, result.policies) if staged else None
    keys: dict[str, str] | None = None
    split = None
    try:
        if staged:
            staged[0].complete(result)
        if not result.ok:
            found = []
        elif cache is None or check:
            found = preflight(result.policies, result.documents)
        else:  # `_shared_ahead` seeded the cache's canonical JSON
            keys = _programme_keys(result.policies, scope, display_name(policies))
            split = _split(cache, chosen, result.policies, cache.stale(scope, keys), waits)
            kept = functools.partial(cache.export_findings, scope, keys)
            uses = functools.partial(cache.chrome_findings, _scope([policies]))
            found = preflight(result.policies, result.documents, kept, uses)
    except BaseException:
        if emitting is not None:
            emitting.cancel()
        raise
    if emitting is not None and (not result.ok or has_errors(found)):
        emitting.cancel()
        emitting = None
    return emitting, found, keys, split


def _split(
    cache: Cache,
    chosen: Sequence[Emitter],
    policies: Policies,
    stale: list[str],
    waits: list[Waited],
) -> Split:
    """The programmes whose key changed, shared out at once (`incremental.Split`); a
    child making the kept parts of its share when the cache keeps the IR."""
    from policyc.incremental import Split  # start-up

    split = Split(chosen, policies, stale, keep=bool(cache.ir_keys))
    waits.append(split)
    return split


def _shared_ahead(
    cache: Cache | None,
    chosen: Sequence[Emitter],
    result: Result,
    templates: Compiling,
    waits: list[Waited],
) -> SharedAhead | None:
    """With the cache, start making the shared files in a forked child
    (`incremental.SharedAhead`) as soon as the model is built: the programmes' canonical
    JSON and Thai words from the cache (`Cache.seed_json`, `Cache.seed_words`) and the
    compiled page templates go with it. None without a cache or a model."""
    from policyc.incremental import SharedAhead  # start-up

    policies = result.policies
    if cache is None or policies is None or not result.ok:
        return None
    cache.seed_json(policies)
    cache.seed_words()
    templates.adopt()
    shared = SharedAhead(chosen, policies)
    waits.append(shared)
    return shared


def _programme_keys(policies: Policies, scope: str, policy_root: str) -> dict[str, str]:
    """Each programme's key (`incremental.programme_keys`) for the build options `scope`."""
    from policyc.emit.python.sources import module_sources  # start-up
    from policyc.incremental import programme_keys  # start-up

    WorkingOn.current = "<cache>"
    return programme_keys(policies, scope, module_sources(policies, policy_root)[1])


def _emit_incremental(
    chosen: Sequence[Emitter],
    policies: Policies,
    cache: Cache,
    scope: str,
    out: Path,
    keys: dict[str, str],
    ahead: _Ahead | None = None,
    shared: SharedAhead | None = None,
    split: Split | None = None,
) -> tuple[list[Artifact], dict[str, tuple[str, list[Artifact]]]]:
    """Every artifact, emitting only the programmes whose key changed (and the shared
    files, unless the child `shared` makes them meanwhile); the others are read back from
    `out`. Those are emitted first, while the child `ahead` still checks the kept
    programmes' files in `out` (`Cache.intact`); a kept programme whose files changed
    since is emitted after. Also returns each programme's key and artifacts, for the
    cache, and hands the cache the Thai words of the pages (`Cache.keep_words`)."""
    from policyc.incremental import emit_programmes  # start-up

    keep = bool(cache.ir_keys)  # a child emitting programmes makes what `keep_json` keeps
    stale = cache.stale(scope, keys) if split is None else split.pids
    fresh, common, runs, parts = emit_programmes(
        chosen, policies, stale, _emitting, shared=shared is None, keep=keep, split=split
    )
    taken = None if ahead is None else ahead.take()
    reused = cache.reusable(scope, out, keys, None if taken is None else taken.intact)
    if shared is not None:  # made meanwhile by the child `_shared_ahead` started
        common = shared.take(_emitting)
    again = [pid for pid in sorted(policies.programmes) if pid not in reused and pid not in fresh]
    if again:  # their files in `out` changed since the build that wrote them
        more, _none, more_runs, more_parts = emit_programmes(
            chosen, policies, again, _emitting, shared=False, keep=keep
        )
        fresh.update(more)
        runs.update(more_runs)
        parts.update(more_parts)
    cache.keep_words(keys, runs)
    cache.keep_json(policies, parts)
    made = {pid: (keys[pid], arts) for pid, arts in [*reused.items(), *fresh.items()]}
    artifacts = list(common)
    for _key, arts in made.values():
        artifacts.extend(arts)
    artifacts.sort(key=lambda a: a.path)
    return artifacts, made
