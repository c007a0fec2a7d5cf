"""Incremental validate and build (`policyc.incremental`): always the cold run's result.

The property: after any sequence of edits, additions, deletions, renames, reverts and
breakages (bytes that are not UTF-8 or not YAML) of policy files (the shared calendar and
chrome catalogs included), `build` with the cache gives exactly the diagnostics of a run
without it (its validation included), and the written output is
byte for byte what a cold build makes (checked by `build --check`, a full build without
the cache compared file by file with the incremental output). 200 sequences under CI.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from benchgen import generate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyc import cache as store
from policyc import parallel, pipeline
from policyc.diagnostics import Diagnostic, has_errors
from policyc.incremental import Cache

CI = os.environ.get("CI") == "true"
SEQUENCES = 200 if CI else 25


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two generated programmes (20 programme files) plus the shared calendar and chrome."""
    root = tmp_path_factory.mktemp("incremental-template") / "policies"
    generate.generate(root, 20, seed=3)
    return root


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _mutate(text: str, where: int) -> str:
    """A small edit at a place chosen by `where`: a digit, a word, or a comment."""
    digits = [m.start() for m in re.finditer(r"[0-9]", text)]
    words = [m.span() for m in re.finditer(r"(?<=: )[A-Za-z][a-z]{3,}", text)]
    choice = where % 3
    if choice == 0 and digits:
        i = digits[where // 3 % len(digits)]
        return text[:i] + str((int(text[i]) + 1) % 10) + text[i + 1 :]
    if choice == 1 and words:
        start, end = words[where // 3 % len(words)]
        return text[:start] + text[start:end][::-1] + text[end:]
    return text + f"# edited {where}\n"


def _apply(root: Path, template: Path, op: str, pick: int, where: int) -> None:
    files = _files(root)
    if not files and op != "revert":
        return
    path = files[pick % len(files)] if files else root
    if op in ("shared", "chrome"):
        shared = [p for p in files if "shared" in p.parts]
        wanted = [p for p in shared if ("chrome" in p.parts) == (op == "chrome")]
        if not wanted:
            return
        path = wanted[pick % len(wanted)]
        op = "edit"
    if op == "edit":
        path.write_text(_mutate(path.read_text(encoding="utf-8"), where), encoding="utf-8")
    elif op == "add":  # a copy under a new name, its first id changed (or not: a duplicate)
        text = path.read_text(encoding="utf-8")
        if where % 2:
            text = re.sub(r"(?m)^id: (\S+)", rf"id: \1-copy{where}", text, count=1)
        path.with_name(f"copy{where}-{path.name}").write_text(text, encoding="utf-8")
    elif op == "break":  # cut short, then bytes that are not UTF-8 or not YAML
        data = path.read_bytes()
        path.write_bytes(data[: where % (len(data) + 1)] + (b"\xff" if where % 2 else b": ["))
    elif op == "delete":
        path.unlink()
    elif op == "rename":
        path.rename(path.with_name(f"renamed{where}-{path.name}"))
    elif op == "revert":  # a file back to its original bytes: an old cache entry again
        originals = _files(template)
        source = originals[pick % len(originals)]
        target = root / source.relative_to(template)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


OPS = st.sampled_from(
    ["edit", "edit", "add", "delete", "rename", "revert", "shared", "chrome", "break"]
)
STEPS = st.lists(
    st.tuples(OPS, st.integers(0, 10_000), st.integers(0, 10_000)), min_size=1, max_size=2
)


def _cache_findings(diags: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diags if d.code in ("PC411", "PC412", "PC413")]


@pytest.fixture(scope="module")
def built(template: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The template built once with a cache, in the directory every example then works in
    (the cache is kept per policy and output path, so each example starts from a copy of
    this state at the same place, as a user's next run would)."""
    base = tmp_path_factory.mktemp("incremental")
    work, saved = base / "work", base / "saved"
    shutil.copytree(template, work / "policies")
    found = pipeline.build(work / "policies", work / "generated", cache=Cache(work / "cache"))
    assert found.diagnostics == []
    shutil.copytree(work, saved, symlinks=True)
    return work, saved


@settings(
    max_examples=SEQUENCES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS, reopen=st.booleans())
def test_incremental_equals_cold(
    template: Path, built: tuple[Path, Path], steps: list[tuple[str, int, int]], reopen: bool
) -> None:
    from policyc.load import seen

    work, saved = built
    shutil.rmtree(work)
    shutil.copytree(saved, work, symlinks=True)
    root, out, where = work / "policies", work / "generated", work / "cache"
    cache = Cache(where)
    # Files recorded by their `stat` are trusted at once, not two seconds later: the
    # next step's unchanged files are not read, its edits must show in their `stat`.
    racy, seen.RACY_NS = seen.RACY_NS, 0
    try:
        for op, pick, place in steps:
            _apply(root, template, op, pick, place)
            if reopen:  # a new process: the cache comes back from disk
                cache = Cache(where)
            made = pipeline.build(root, out, cache=cache)
            assert not _cache_findings(made.diagnostics)
            cold = pipeline.build(root, out, check=True)  # a full build, compared with out/
            assert not [d for d in cold.diagnostics if d.code == "PC404"], (op, cold.diagnostics)
            assert made.diagnostics == cold.diagnostics
    finally:
        seen.RACY_NS = racy


def test_an_up_to_date_build_reports_the_findings_of_the_build_that_made_it(
    template: Path, tmp_path: Path
) -> None:
    """A build that finds nothing to do gives the findings a full build gives (here a
    calendar nothing uses, PC333), as the property test above found it did not: they
    are kept in the build's stamp, never taken from an output of other inputs."""
    root, out = tmp_path / "policies", tmp_path / "generated"
    shutil.copytree(template, root)
    _apply(root, template, "add", 687, 1)  # a programme's calendar copied under a new id
    first = pipeline.build(root, out, cache=Cache(tmp_path / "cache"))
    assert first.summary.startswith("built") and "PC333" in {d.code for d in first.diagnostics}
    for cache in (Cache(tmp_path / "cache"), None):
        again = pipeline.build(root, out, cache=cache)
        assert again.summary.startswith("up to date") and again.diagnostics == first.diagnostics
    assert pipeline.build(root, out, check=True).diagnostics == first.diagnostics


def test_a_build_after_validate_models_the_changed_programme_alone(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`validate` records the findings of an edit but keeps no IR: the build after it
    (a new process) models the edited programme alone again for its IR, not the whole
    set, and builds what a cold build does."""
    from policyc import incremental
    from policyc.model import build as model_build

    root, out = tmp_path / "policies", tmp_path / "generated"
    shutil.copytree(template, root)
    monkeypatch.setattr(incremental, "SLICE_SHARE", 1)  # slices, with two programmes only
    assert pipeline.build(root, out, cache=Cache(tmp_path / "cache")).diagnostics == []
    sla = sorted(root.glob("*/sla.yaml"))[0]
    text = sla.read_text(encoding="utf-8")
    found = re.search(r"within: (\d+)", text)
    assert found is not None
    sla.write_text(text.replace(found[0], f"within: {int(found[1]) + 1}", 1), "utf-8")
    assert pipeline.validate([root], cache=Cache(tmp_path / "cache"), ir=False).diagnostics == []
    modelled: list[int] = []
    real = model_build.build_with
    monkeypatch.setattr(
        model_build, "build_with", lambda d, *a, **k: modelled.append(len(d)) or real(d, *a, **k)
    )
    assert pipeline.build(root, out, cache=Cache(tmp_path / "cache")).diagnostics == []
    total = len(pipeline.load([root]).documents)
    assert modelled and max(modelled) < total  # slices only
    assert pipeline.build(root, out, check=True).diagnostics == []


def test_the_thai_words_a_forked_emitter_found_are_kept_for_the_next_build(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full build emits half the programmes in a forked child: the Thai word breaks it
    found are kept with this process's, so the build after an edit segments nothing."""
    from policyc import parallel
    from policyc.emit.site import thai

    root, out = tmp_path / "policies", tmp_path / "generated"
    shutil.copytree(template, root)
    monkeypatch.setenv("POLICYC_JOBS", "2")
    monkeypatch.setattr(parallel, "EMIT_PROGRAMMES", 1)  # two programmes: one in the child
    for name, empty in (("_WORDS", {}), ("_USED", set()), ("_BROKEN", {})):
        monkeypatch.setattr(thai, name, empty)  # as in a new process
    forks: list[int] = []
    real_start = parallel.start
    monkeypatch.setattr(parallel, "start", lambda work: forks.append(1) or real_start(work))
    assert pipeline.build(root, out, cache=Cache(tmp_path / "cache")).diagnostics == []
    assert forks
    sla = sorted(root.glob("*/sla.yaml"))[-1]  # the second programme: the child's
    text = sla.read_text(encoding="utf-8")
    found = re.search(r"within: (\d+)", text)
    assert found is not None
    sla.write_text(text.replace(found[0], f"within: {int(found[1]) + 1}", 1), "utf-8")
    for name, empty in (("_WORDS", {}), ("_USED", set()), ("_BROKEN", {})):
        monkeypatch.setattr(thai, name, type(empty)())
    segmented: list[str] = []
    real_segment = thai._segment
    monkeypatch.setattr(thai, "_segment", lambda run: segmented.append(run) or real_segment(run))
    assert pipeline.build(root, out, cache=Cache(tmp_path / "cache")).diagnostics == []
    assert segmented == []
    assert pipeline.build(root, out, check=True).diagnostics == []


def test_what_is_kept_of_the_programmes_a_forked_emitter_made_is_made_there(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build emitting programmes in a forked child as well has the child make what the
    cache keeps of them (`kept_parts`): this process makes it for its own programmes
    only, and the kept entries are those this process would have made."""
    from policyc import incremental, parallel

    root, out = tmp_path / "policies", tmp_path / "generated"
    shutil.copytree(template, root)
    monkeypatch.setenv("POLICYC_JOBS", "2")
    monkeypatch.setattr(parallel, "EMIT_PROGRAMMES", 1)
    here: list[str] = []  # the child's calls stay in the child's memory
    real = incremental.kept_parts
    monkeypatch.setattr(incremental, "kept_parts", lambda p: here.append(p.id) or real(p))
    emitted: list[str] = []  # the programmes this process emitted (the queue shares them out)
    real_programmes = incremental._programmes
    monkeypatch.setattr(
        incremental,
        "_programmes",
        lambda e, p, ids, s: emitted.extend(ids) or real_programmes(e, p, ids, s),
    )
    cache = Cache(tmp_path / "cache")
    result = pipeline.build(root, out, cache=cache)
    assert result.diagnostics == []
    policies = pipeline.validate([root]).policies
    assert policies is not None
    pids = sorted(policies.programmes)
    assert len(pids) >= 2 and sorted(here) == sorted(emitted)  # the child made its own
    shards = cache._kept_shards()
    assert shards is not None
    for pid in pids:
        entry = cache._kept_entry(shards, pid)
        assert entry is not None
        assert (entry[3], entry[7]) == real(policies.programmes[pid])
    _bump(sorted(root.glob("*/sla.yaml"))[-1])
    assert pipeline.build(root, out, cache=Cache(tmp_path / "cache")).diagnostics == []
    assert pipeline.build(root, out, check=True).diagnostics == []


def test_the_changed_programmes_are_emitted_meanwhile_the_preflight_runs(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the cache, the child emitting its share of the programmes whose key changed
    (`incremental.Split`) is forked before the emit stage's preflight runs, as a cold
    build starts its emitters; the output is a cold build's."""
    from policyc import emit, incremental

    root, out = tmp_path / "policies", tmp_path / "generated"
    shutil.copytree(template, root)
    monkeypatch.setenv("POLICYC_JOBS", "2")
    monkeypatch.setattr(parallel, "EMIT_PROGRAMMES", 1)
    events: list[str] = []
    real_init, real_preflight = incremental.Split.__init__, emit.preflight

    def init(self: incremental.Split, *args: Any, **kwargs: Any) -> None:
        real_init(self, *args, **kwargs)
        events.append("split" if self.stream is not None else "no child")

    monkeypatch.setattr(incremental.Split, "__init__", init)
    monkeypatch.setattr(
        emit, "preflight", lambda *a: events.append("preflight") or real_preflight(*a)
    )
    assert pipeline.build(root, out, cache=Cache(tmp_path / "cache")).diagnostics == []
    assert events == ["split", "preflight"]
    assert pipeline.build(root, out, check=True).diagnostics == []


def test_the_programmes_a_failed_child_took_are_made_here(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child sharing out the changed programmes fails on the first it takes: this
    process makes every programme it did not make itself, and the output is complete."""
    from policyc import incremental

    root, out = tmp_path / "policies", tmp_path / "generated"
    shutil.copytree(template, root)
    monkeypatch.setenv("POLICYC_JOBS", "2")
    monkeypatch.setattr(parallel, "EMIT_PROGRAMMES", 1)
    here, real = os.getpid(), incremental._programmes

    def programmes(*args: Any) -> Any:
        if os.getpid() != here:
            raise RuntimeError("the child fails")
        return real(*args)

    monkeypatch.setattr(incremental, "_programmes", programmes)
    calls: list[list[str]] = []  # made in the first call: none left for a second one
    real_emit = incremental.emit_programmes
    monkeypatch.setattr(
        incremental,
        "emit_programmes",
        lambda e, p, pids, s, **more: calls.append(list(pids)) or real_emit(e, p, pids, s, **more),
    )
    assert pipeline.build(root, out, cache=Cache(tmp_path / "cache")).diagnostics == []
    assert len(calls) == 1 and len(calls[0]) >= 2
    assert pipeline.build(root, out, check=True).diagnostics == []


def test_a_kept_programme_keeps_its_thai_words_for_the_build_that_makes_it_again(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit of one programme, then of another: the second build segments nothing,
    though the first one made the other programme's pages again only (it kept the words of
    the pages it kept, not just of those it made)."""
    from policyc.emit.site import thai

    root, out = tmp_path / "policies", tmp_path / "generated"
    shutil.copytree(template, root)
    monkeypatch.setenv("POLICYC_JOBS", "1")
    slas = sorted(root.glob("*/sla.yaml"))
    assert len(slas) == 2

    def fresh_process() -> list[str]:
        for name in ("_WORDS", "_USED", "_BROKEN"):
            monkeypatch.setattr(thai, name, type(getattr(thai, name))())
        segmented: list[str] = []
        real_segment = thai._segment
        monkeypatch.setattr(
            thai, "_segment", lambda run: segmented.append(run) or real_segment(run)
        )
        return segmented

    def edit(sla: Path, name: str) -> None:
        """A tier of the programme gets a new Thai name (in its `th` catalog)."""
        catalog = sla.parent / "catalogs" / "th.yaml"
        text = catalog.read_text(encoding="utf-8")
        found = re.search(r"(?m)^(  tier\.[\w.-]+\.name: )(.+)$", text)
        assert found is not None
        catalog.write_text(text.replace(found[0], found[1] + name, 1), "utf-8")

    fresh_process()
    assert pipeline.build(root, out, cache=Cache(tmp_path / "cache")).diagnostics == []
    edit(slas[0], "แผนทดลองใหม่")
    segmented = fresh_process()
    assert pipeline.build(root, out, cache=Cache(tmp_path / "cache")).diagnostics == []
    assert "แผนทดลองใหม่" in segmented  # new text is segmented
    edit(slas[1], "บริการพิเศษสุด")
    segmented = fresh_process()
    assert pipeline.build(root, out, cache=Cache(tmp_path / "cache")).diagnostics == []
    assert segmented == ["บริการพิเศษสุด"]  # the other programme's earlier text was kept
    assert pipeline.build(root, out, check=True).diagnostics == []


def test_validate_with_cache_equals_cold(template: Path, tmp_path: Path) -> None:
    """`validate` through the cache after edits: the findings of a run without it."""
    root = tmp_path / "policies"
    shutil.copytree(template, root)
    cache = Cache(tmp_path / "cache")
    assert pipeline.validate([root], cache=cache).diagnostics == []
    for step, (op, pick) in enumerate([("edit", 3), ("shared", 0), ("delete", 5), ("add", 7)]):
        _apply(root, template, op, pick, step * 7 + 1)
        found = pipeline.validate([root], cache=Cache(tmp_path / "cache")).diagnostics
        assert found == pipeline.validate([root]).diagnostics


def test_unchanged_files_are_not_parsed_again(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second run parses only the file that changed, and emits only its programme."""
    from policyc import incremental
    from policyc.load import run

    root, out = tmp_path / "policies", tmp_path / "generated"
    shutil.copytree(template, root)
    cache = Cache(tmp_path / "cache")
    assert pipeline.build(root, out, cache=cache).diagnostics == []
    parsed: list[str] = []
    emitted: list[str] = []
    real_parse, real_emit = run.parse_all, incremental._programmes
    monkeypatch.setattr(
        incremental, "parse_all", lambda d, n, s: parsed.extend(n) or real_parse(d, n, s)
    )
    monkeypatch.setattr(
        incremental,
        "_programmes",
        lambda e, p, ids, s: emitted.extend(ids) or real_emit(e, p, ids, s),
    )
    sla = sorted(root.glob("*/sla.yaml"))[0]
    sla.write_text(sla.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert pipeline.build(Path(root), out, cache=Cache(tmp_path / "cache")).diagnostics == []
    assert [Path(p).name for p in parsed] == ["sla.yaml"]
    assert emitted == [] or len(set(emitted)) == 1
    assert pipeline.build(root, out, check=True).diagnostics == []


def test_validate_unpacks_only_the_changed_programme_and_the_shared_files(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`validate` after an edit of one programme's file unpacks from the cache only the
    documents of that programme and of the shared files (the others are counted and
    grouped from their heads), and finds what a run without the cache finds."""
    from policyc import incremental

    root = tmp_path / "policies"
    shutil.copytree(template, root)
    monkeypatch.setattr(incremental, "SLICE_SHARE", 1)  # slices, with two programmes only
    assert pipeline.validate([root], cache=Cache(tmp_path / "cache"), ir=False).diagnostics == []
    unpacked: list[str] = []
    real_unpack = incremental._unpack
    monkeypatch.setattr(
        incremental, "_unpack", lambda n, b, d: unpacked.append(n) or real_unpack(n, b, d)
    )
    sla = sorted(root.glob("*/sla.yaml"))[0]
    text = sla.read_text(encoding="utf-8")
    found = re.search(r"within: (\d+)", text)
    assert found is not None
    sla.write_text(text.replace(found[0], f"within: {int(found[1]) + 1}", 1), "utf-8")
    layers: list[str] = []
    real_read = store.read
    monkeypatch.setattr(store, "read", lambda p, s: layers.append(p.name) or real_read(p, s))
    result = pipeline.validate([root], cache=Cache(tmp_path / "cache"), ir=False)
    mine = {str(p) for p in sla.parent.rglob("*.yaml")} - {str(sla)}
    shared = {str(p) for p in (root / "shared").rglob("*.yaml")}
    assert set(unpacked) == mine | shared
    # the kept documents are read from the body shards of those files' directories only
    bodies = [n for n in layers if n.startswith("docs-")]
    assert len(bodies) == len(set(bodies)) == len({incremental._body_shard(n) for n in unpacked})
    cold = pipeline.validate([root])
    assert result.diagnostics == cold.diagnostics
    assert len(result.documents) == len(cold.documents)
    assert [d.value for d in result.documents] == [d.value for d in cold.documents]


def test_lost_document_bodies_are_parsed_again(template: Path, tmp_path: Path) -> None:
    """The kept documents live apart from the file layer: when they are gone (deleted,
    or a body shard not written), the files are parsed again from their bytes, silently,
    and the run finds and builds what a cold run does."""
    root, where, _path = _validated(template, tmp_path)
    for body in where.glob("docs-*.cache"):
        body.unlink()
    result = pipeline.validate([root], cache=Cache(where))
    cold = pipeline.validate([root])
    assert result.diagnostics == cold.diagnostics == []
    assert [d.value for d in result.documents] == [d.value for d in cold.documents]
    out = tmp_path / "generated"
    assert pipeline.build(root, out, cache=Cache(where)).diagnostics == []
    assert pipeline.build(root, out, check=True).diagnostics == []


def test_each_input_is_found_and_read_once_and_kept_files_stay_kept(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an edit, the up-to-date check's reads are the build's (one `discover`, one
    read per policy file); the files a build kept by linking are recorded as kept, so
    the build after the next edit keeps them again."""
    from policyc import fs, incremental
    from policyc.load import files

    root, out = tmp_path / "policies", tmp_path / "generated"
    shutil.copytree(template, root)
    assert pipeline.build(root, out, cache=Cache(tmp_path / "cache")).diagnostics == []
    reads: list[str] = []
    walks: list[object] = []
    real_read, real_discover, real_names = fs.read_regular, files.discover, files.discover_names
    monkeypatch.setattr(fs, "read_regular", lambda p, n: reads.append(str(p)) or real_read(p, n))
    monkeypatch.setattr(files, "discover", lambda ps: walks.append(ps) or real_discover(ps))
    for where in ("policyc.output.freshness", "policyc.pipeline"):
        monkeypatch.setattr(
            f"{where}.discover_names", lambda ps, *a: walks.append(ps) or real_names(ps, *a)
        )
    emitted: list[str] = []
    real_emit = incremental._programmes
    monkeypatch.setattr(
        incremental,
        "_programmes",
        lambda e, p, ids, s: emitted.extend(ids) or real_emit(e, p, ids, s),
    )
    slas = sorted(root.glob("*/sla.yaml"))
    for sla in [slas[0], slas[-1]]:
        reads.clear()
        walks.clear()
        emitted.clear()
        text = sla.read_text(encoding="utf-8")
        found = re.search(r"within: (\d+)", text)
        assert found is not None
        sla.write_text(text.replace(found[0], f"within: {int(found[1]) + 1}", 1), "utf-8")
        assert pipeline.build(root, out, cache=Cache(tmp_path / "cache")).diagnostics == []
        inputs = [r for r in reads if Path(r).is_relative_to(root)]
        assert len(walks) == 1 and sorted(inputs) == sorted(set(inputs))
        assert len(inputs) == len(list(root.rglob("*.yaml")))
        assert len(set(emitted)) == 1
    assert pipeline.build(root, out, check=True).diagnostics == []


def _validated(template: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """A copy of the template validated once with a cache: its root, the cache directory
    and the cache file of the loaded files."""
    root = tmp_path / "policies"
    shutil.copytree(template, root)
    where = tmp_path / "cache"
    assert pipeline.validate([root], cache=Cache(where)).diagnostics == []
    found = sorted(where.glob("files-*.cache"))
    assert found
    return root, where, found[0]


def test_corrupt_cache_is_ignored_with_a_warning(template: Path, tmp_path: Path) -> None:
    root, where, path = _validated(template, tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # truncated
    found = pipeline.validate([root], cache=Cache(where)).diagnostics
    assert [d.code for d in found] == ["PC411"]
    assert pipeline.validate([root], cache=Cache(where)).diagnostics == []  # rewritten
    head, _, payload = path.read_bytes().partition(b"\n")
    path.write_bytes(head + b"\n" + payload[:-1] + bytes([payload[-1] ^ 1]))  # one bit
    assert [d.code for d in pipeline.validate([root], cache=Cache(where)).diagnostics] == ["PC411"]


def test_foreign_cache_is_ignored_with_a_warning(template: Path, tmp_path: Path) -> None:
    root, where, path = _validated(template, tmp_path)
    value, problem = store.read(path, Cache(where).stamp())
    assert problem is None
    assert store.write(path, "0" * 64, value) is None  # another toolchain's stamp
    found = pipeline.validate([root], cache=Cache(where)).diagnostics
    assert [d.code for d in found] == ["PC412"]


def test_cache_directory_that_is_a_link_is_never_written_through(
    template: Path, tmp_path: Path
) -> None:
    root = tmp_path / "policies"
    shutil.copytree(template, root)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "cache").symlink_to(elsewhere)
    found = pipeline.validate([root], cache=Cache(tmp_path / "cache")).diagnostics
    assert [d.code for d in found] == ["PC413"]
    assert list(elsewhere.iterdir()) == []


def test_an_output_file_edited_by_hand_is_made_again(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kept programme's file is taken from the old output only while it is exactly the
    file the last build wrote: edited in place (same size), it is emitted again, after
    the programmes whose key changed (emitted before the check of the kept files ends)."""
    from policyc import incremental

    root, out = tmp_path / "policies", tmp_path / "generated"
    shutil.copytree(template, root)
    assert pipeline.build(root, out, cache=Cache(tmp_path / "cache")).diagnostics == []
    page = sorted(out.glob("routing/*.json"))[-1]
    data = bytearray(page.read_bytes())
    data[-2:-1] = b" " if data[-2:-1] != b" " else b"\t"
    page.write_bytes(bytes(data))
    other = sorted(root.glob("*/sla.yaml"))[0]
    other.write_text(other.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    emitted: list[tuple[list[str], bool]] = []
    real = incremental.emit_programmes
    monkeypatch.setattr(
        incremental,
        "emit_programmes",
        lambda e, p, pids, s, shared=True, **more: (
            emitted.append((list(pids), shared)) or real(e, p, pids, s, shared=shared, **more)
        ),
    )
    assert pipeline.build(root, out, cache=Cache(tmp_path / "cache")).diagnostics == []
    # a comment: no key changed; the shared files are made apart (`SharedAhead`)
    assert emitted == [([], False), ([page.stem], False)]
    assert pipeline.build(root, out, check=True).diagnostics == []


@pytest.mark.skipif(not parallel.available(), reason="needs fork and two cores")
@pytest.mark.parametrize("child_fails", [False, True])
def test_the_shared_files_are_made_by_a_child_meanwhile(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, child_fails: bool
) -> None:
    """After an edit, a forked child makes the shared files (indexes, package root) while
    the build runs the preflight and emits the changed programme; if the child fails,
    the build makes them itself. Either way the output is a cold build's."""
    from policyc import incremental

    root, out = tmp_path / "policies", tmp_path / "generated"
    shutil.copytree(template, root)
    cache = tmp_path / "cache"
    assert pipeline.build(root, out, cache=Cache(cache)).diagnostics == []
    sla = sorted(root.glob("*/sla.yaml"))[0]
    text = sla.read_text(encoding="utf-8")
    edited = re.sub(r"within: (\d+)", lambda m: f"within: {int(m.group(1)) + 1}", text, count=1)
    assert edited != text
    sla.write_text(edited, encoding="utf-8")
    here, makers = os.getpid(), tmp_path / "makers"
    real = incremental.shared_files

    def shared_files(*args: Any) -> Any:
        with makers.open("a") as log:
            log.write(f"{os.getpid()}\n")
        if child_fails and os.getpid() != here:
            raise RuntimeError("the child fails")
        return real(*args)

    monkeypatch.setattr(incremental, "shared_files", shared_files)
    assert pipeline.build(root, out, cache=Cache(cache)).diagnostics == []
    pids = [int(line) for line in makers.read_text().split()]
    assert len(pids) == (2 if child_fails else 1) and pids[0] != here
    assert pids[1:] == ([here] if child_fails else [])
    assert pipeline.build(root, out, check=True).diagnostics == []


def test_cli_build_and_validate_paths_use_the_cache(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the command line: the cache beside the policy directory, and `validate PATH`
    reporting the errors the changed file causes in its programme's other files."""
    from click.testing import CliRunner

    from policyc.cli import main

    monkeypatch.setenv("POLICYC_CACHE", "1")
    monkeypatch.delenv("POLICYC_CACHE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    shutil.copytree(template, tmp_path / "policies")
    runner = CliRunner()
    args = ["build", "--policies", "policies", "--out", "generated"]
    assert runner.invoke(main, args).exit_code == 0
    assert sorted(p.name for p in (tmp_path / ".policyc_cache").glob("*.cache"))
    programme = sorted((tmp_path / "policies").glob("*/programme.yaml"))[0]
    text = programme.read_text(encoding="utf-8")
    tier = re.search(r"(?m)^- id: (\S+)", text)  # the first tier's id, which sla.yaml uses
    assert tier is not None
    programme.write_text(text.replace(f"- id: {tier.group(1)}\n", "- id: renamed\n", 1))
    shown = programme.relative_to(tmp_path).as_posix()
    found = runner.invoke(main, ["validate", "--format", "json", shown])
    assert found.exit_code == 1
    files = {d["file"] for d in json.loads(found.stdout)}
    assert any(f.endswith("/sla.yaml") for f in files), files
    assert runner.invoke(main, ["validate", "--no-cache", shown]).exit_code == 1


def test_broken_files_come_back_from_the_cache_with_their_findings(tmp_path: Path) -> None:
    """Files that do not decode, do not parse or fail their schema: the same findings
    from the cache as from a cold run."""
    root = tmp_path / "policies"
    root.mkdir()
    (root / "latin1.yaml").write_bytes(b"apiVersion: policyc/v1\nkind: Calendar\nname: caf\xe9\n")
    (root / "syntax.yaml").write_text("a: [1, 2\n", encoding="utf-8")
    (root / "schema.yaml").write_text("apiVersion: policyc/v1\nkind: Calendar\n", encoding="utf-8")
    (root / "tab.yaml").write_text("apiVersion: policyc/v1\n\t\nkind: Nope\n", encoding="utf-8")
    cold = pipeline.validate([root]).diagnostics
    assert {d.span.file.rsplit("/", 1)[-1] for d in cold} >= {"latin1.yaml", "syntax.yaml"}
    for _ in range(2):  # written, then read back
        assert pipeline.validate([root], cache=Cache(tmp_path / "cache")).diagnostics == cold


def test_export_findings_are_made_for_changed_programmes_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The exports' warnings (PC430-PC439) of an unchanged programme come from the cache,
    located as before; a changed programme's are made again; all equal a cold build's."""
    from policyc.emit.exports import check

    root, out = tmp_path / "policies", tmp_path / "generated"
    generate.generate(root, 60, seed=5)
    cold = pipeline.build(root, tmp_path / "cold", cache=None).diagnostics
    assert {d.code for d in cold} & {"PC430", "PC438"}  # the set has export warnings
    assert pipeline.build(root, out, cache=Cache(tmp_path / "cache")).diagnostics == cold
    asked: list[object] = []
    real = check.findings
    monkeypatch.setattr(
        check, "findings", lambda *a, **kw: asked.append(kw.get("programmes")) or real(*a, **kw)
    )
    exports = Path(next(d.span.file for d in cold if d.code in ("PC430", "PC438")))
    exports.write_text("# moved down a line\n" + exports.read_text(encoding="utf-8"))
    found = pipeline.build(root, out, cache=Cache(tmp_path / "cache")).diagnostics
    assert asked == [{exports.parent.name}]
    assert found == pipeline.build(root, out, check=True).diagnostics
    assert found != cold  # the changed file's findings moved one line down


def _bump(sla: Path) -> None:
    """One duration of `sla` an hour longer."""
    text = sla.read_text(encoding="utf-8")
    edited = re.sub(r"within: (\d+)h", lambda m: f"within: {int(m[1]) + 1}h", text, count=1)
    assert edited != text
    sla.write_text(edited, encoding="utf-8")


def test_a_new_process_encodes_only_the_changed_programme_and_refits_the_spare_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The IR and canonical JSON of unchanged programmes come from the cache (`_kept_ir`,
    `seed_json`), and the tree replaced by the last build is refitted into the next one:
    the output is the cold build's, and unchanged files keep their inodes."""
    from policyc.emit import canonical

    root, out = tmp_path / "policies", tmp_path / "generated"
    generate.generate(root, 30, seed=3)
    cache_dir = tmp_path / "cache"
    sla = sorted(root.glob("*/sla.yaml"))[0]
    for step in range(2):  # the second build keeps the first tree as the spare
        if step:
            _bump(sla)
        assert not has_errors(pipeline.build(root, out, cache=Cache(cache_dir)).diagnostics)
    spares = list(cache_dir.glob("spare-*"))
    assert len(spares) == 1 and (spares[0] / "manifest.json").is_file()
    encoded: list[str] = []
    real = canonical.model_json
    monkeypatch.setattr(
        canonical,
        "model_json",
        lambda m, **kw: encoded.append(getattr(m, "id", "")) or real(m, **kw),
    )
    from policyc.model import build as model_build

    built: list[int] = []
    build_with = model_build.build_with
    monkeypatch.setattr(
        model_build,
        "build_with",
        lambda docs, *a, **kw: built.append(len(docs)) or build_with(docs, *a, **kw),
    )
    index = {p: os.lstat(p).st_ino for p in out.rglob("*") if p.is_file()}
    _bump(sla)
    made = pipeline.build(root, out, cache=Cache(cache_dir))
    ids = {d.name for d in root.iterdir() if d.is_dir()}
    assert {e for e in encoded if e in ids} == {sla.parent.name}, encoded
    assert len(built) == 1  # the changed programme's slice: the rest of the IR is kept
    cold = pipeline.build(root, out, check=True)
    assert not [d for d in cold.diagnostics if d.code == "PC404"]
    assert made.diagnostics == cold.diagnostics
    others = {d.name for d in root.iterdir() if d.is_dir()} - {sla.parent.name}
    theirs = [p for p in index if others & set(p.relative_to(out).as_posix().split("/"))]
    assert theirs and all(os.lstat(p).st_ino == index[p] for p in theirs)  # the same files
    assert [p.name for p in cache_dir.glob("spare-*")] == [spares[0].name]


def test_the_kept_ir_is_the_built_one_in_every_order(tmp_path: Path) -> None:
    """`Cache._kept_ir` gives back each programme, calendar and the page chrome exactly as
    built: equal, and with fields and dict entries in the same order (a service's tiers
    follow the programme's tier order, not the alphabet)."""
    root, out = tmp_path / "policies", tmp_path / "generated"
    generate.generate(root, 30, seed=3)
    cache = Cache(tmp_path / "cache")
    assert not has_errors(pipeline.build(root, out, cache=cache).diagnostics)
    cold = pipeline.validate([root]).policies
    assert cold is not None
    fresh = Cache(tmp_path / "cache")
    pipeline.validate([root], cache=fresh)  # a new process: keys from its own model run
    kept = fresh._kept_ir({})
    assert kept is not None
    assert list(kept.programmes) == list(cold.programmes)
    for pid, programme in cold.programmes.items():
        assert kept.programmes[pid] == programme
        assert kept.programmes[pid].model_dump_json() == programme.model_dump_json()
    assert dict(sorted(kept.calendars.items())) == dict(sorted(cold.calendars.items()))
    for cid, calendar in cold.calendars.items():
        assert kept.calendars[cid].model_dump_json() == calendar.model_dump_json()
    assert kept.chrome == cold.chrome and kept.chrome_stale == cold.chrome_stale
    assert json.dumps(kept.chrome) == json.dumps(cold.chrome)
    tiers = [
        list(s.by_tier) for p in cold.programmes.values() for s in p.services if len(s.by_tier) > 1
    ]
    assert any(t != sorted(t) for t in tiers)  # the order is one the JSON's sorting would lose


def test_chrome_findings_are_made_for_changed_programmes_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page chrome's findings of the audiences used (PC421) come from the cache for
    unchanged programmes; only a changed programme's files are read for them; the
    findings, their order included, are a cold build's."""
    from policyc.emit.site import chrome

    root, out = tmp_path / "policies", tmp_path / "generated"
    generate.generate(root, 30, seed=3)
    articles = sorted(root.glob("*/articles/*.yaml"))
    first, second = articles[0], next(a for a in articles if a.parent != articles[0].parent)
    for article in (first, second):  # an audience the chrome cannot label, in two programmes
        text = article.read_text(encoding="utf-8")
        edited = re.sub(r"(?m)^audience: \S+", "audience: robots", text, count=1)
        assert edited != text
        article.write_text(edited, encoding="utf-8")
    cold = pipeline.build(root, tmp_path / "cold", cache=None).diagnostics
    assert [d.span.file for d in cold if d.code == "PC421"] == [
        pipeline.display_name(first),
        pipeline.display_name(second),
    ]
    assert pipeline.build(root, out, cache=Cache(tmp_path / "cache")).diagnostics == cold
    asked: list[object] = []
    real = chrome.use_findings
    monkeypatch.setattr(
        chrome,
        "use_findings",
        lambda s, docs: asked.append({d.file for d in docs}) or real(s, docs),
    )
    second.write_text("# moved down a line\n" + second.read_text(encoding="utf-8"))
    found = pipeline.build(root, out, cache=Cache(tmp_path / "cache")).diagnostics
    programme = second.relative_to(root).parts[0]
    assert len(asked) == 1 and {Path(f).relative_to(root).parts[0] for f in asked[0]} == {programme}
    assert found == pipeline.build(root, out, cache=None).diagnostics
    assert found != cold  # the changed file's finding moved one line down


@pytest.mark.parametrize("child", ["works", "fails"])
def test_a_build_after_an_edit_walks_the_old_trees_in_a_child(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, child: str
) -> None:
    """With two cores, the walks of the old output and the spare and the check of the kept
    programmes' files are done by a forked child while the build models: this process
    does none of them. If the child fails, this process does them, and the result is
    the same either way: what a cold build writes."""
    from policyc import incremental
    from policyc.output import write

    root, out = tmp_path / "policies", tmp_path / "generated"
    shutil.copytree(template, root)
    monkeypatch.setenv("POLICYC_JOBS", "2")
    assert pipeline.build(root, out, cache=Cache(tmp_path / "cache")).diagnostics == []
    _bump(sorted(root.glob("*/sla.yaml"))[0])
    here: list[str] = []  # a child's calls stay in the child's memory
    for module, name in ((write, "_refusal"), (write, "_survey"), (incremental, "_files_intact")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _n=name, _r=real: here.append(_n) or _r(*a))
    if child == "fails":
        monkeypatch.setattr(write, "survey", lambda *a: 1 / 0)
    outcome = pipeline.build(root, out, cache=Cache(tmp_path / "cache"))
    assert outcome.diagnostics == [] and outcome.summary.startswith("built ")
    if child == "works":
        assert here == []
    else:
        assert {"_refusal", "_survey", "_files_intact"} <= set(here)
    assert pipeline.build(root, out, check=True).diagnostics == []


def test_a_build_reads_the_kept_ir_in_a_thread_and_still_checks_it(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build after an edit reads the kept IR's cache files in a thread while it loads
    (`Cache.prefetch`): what it fetched is loaded as a read would be, a corrupt file is
    ignored with PC411 as always, and the build is the cold build's either way."""
    from policyc import parallel

    root, out, where = tmp_path / "policies", tmp_path / "generated", tmp_path / "cache"
    shutil.copytree(template, root)
    monkeypatch.setenv("POLICYC_JOBS", "2")
    assert pipeline.build(root, out, cache=Cache(where)).diagnostics == []
    threads: list[object] = []
    real = parallel.background
    monkeypatch.setattr(parallel, "background", lambda w: threads.append(w) or real(w))
    for corrupt in (False, True):
        _bump(sorted(root.glob("*/sla.yaml"))[int(corrupt)])
        if corrupt:
            path = max(where.glob("json-*.cache"), key=lambda p: p.stat().st_size)
            head, _, payload = path.read_bytes().partition(b"\n")
            path.write_bytes(head + b"\n" + payload[:-1] + bytes([payload[-1] ^ 1]))
        made = pipeline.build(root, out, cache=Cache(where))
        assert [d.code for d in made.diagnostics] == (["PC411"] if corrupt else [])
        assert pipeline.build(root, out, check=True).diagnostics == []
    assert len(threads) == 2
