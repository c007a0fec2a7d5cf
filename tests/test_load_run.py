"""Loading on two cores gives exactly what loading the files one by one gives."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from benchgen import generate

from policyc import parallel, pipeline
from policyc.load import run

BROKEN = "zz-broken/bad.yaml"  # sorts into the child's half


@pytest.fixture(scope="module")
def policy_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("policies")
    generate.generate(root, parallel.LOAD_FILES + 20, seed=9)
    (root / BROKEN).parent.mkdir()
    (root / BROKEN).write_text("apiVersion: policyc/v1\nkind: [Calendar\n", encoding="utf-8")
    return root


def _loaded(root: Path, jobs: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ...]:
    monkeypatch.setenv("POLICYC_JOBS", jobs)
    result = pipeline.load([root])
    spans = [d.span(["kind"]) for d in result.documents[:: max(1, len(result.documents) // 40)]]
    values = [(d.file, d.index, d.value) for d in result.documents]
    return result.files, values, result.diagnostics, spans


def test_parallel_load_equals_serial(policy_set: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forks = []
    original = parallel.start
    monkeypatch.setattr(parallel, "start", lambda work: forks.append(1) or original(work))
    both = _loaded(policy_set, "2", monkeypatch)
    assert forks == [1]
    serial = _loaded(policy_set, "1", monkeypatch)
    assert forks == [1]
    assert both == serial
    assert [d.code for d in both[2]] == ["PC103"] and both[2][0].span.file.endswith(BROKEN)


def test_a_failing_child_falls_back_to_loading_here(
    policy_set: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = os.getpid()
    original = run.load_hashed

    def load_file(path: Path, name: str) -> Any:
        if os.getpid() != parent:
            raise RuntimeError("child broke")
        return original(path, name)

    serial = _loaded(policy_set, "1", monkeypatch)
    monkeypatch.setattr(run, "load_hashed", load_file)
    assert _loaded(policy_set, "2", monkeypatch) == serial


def test_an_error_in_this_process_names_its_file(
    policy_set: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = run.load_hashed
    files = pipeline.load([policy_set]).files
    first = next(name for name in files if name.endswith("programme.yaml"))
    assert files.index(first) < len(files) // 2  # in this process's half

    def load_file(path: Path, name: str) -> Any:
        if name.endswith("programme.yaml"):
            raise RuntimeError("simulated bug")
        return original(path, name)

    monkeypatch.setattr(run, "load_hashed", load_file)
    monkeypatch.setenv("POLICYC_JOBS", "2")
    with pytest.raises(RuntimeError, match="simulated bug"):
        pipeline.load([policy_set])
    assert pipeline.WorkingOn.current == first


def test_a_preloading_import_waits_for_nothing_but_a_fork(
    policy_set: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`validate` with a cache imports the model in a thread while files are read
    (`parallel.preload`); a stage that forks (here: parsing every file, the cache being
    empty) first lets that import finish, so it still forks, never with a second thread
    alive."""
    import threading
    import time

    from policyc.incremental import Cache

    monkeypatch.setenv("POLICYC_JOBS", "2")
    imported: list[str] = []
    monkeypatch.setattr(parallel, "_import", lambda m: time.sleep(0.5) or imported.append(m))
    original_preload = parallel.preload
    monkeypatch.setattr(parallel, "preload", lambda m: original_preload(m + "_not_imported_yet"))
    threads: list[int] = []
    original = parallel.start
    monkeypatch.setattr(
        parallel,
        "start",
        lambda work: threads.append(threading.active_count()) or original(work),
    )
    result = pipeline.validate([policy_set], cache=Cache(tmp_path / "cache"))
    assert imported == ["policyc.model.build_not_imported_yet"]
    assert threads == [1]  # the load forked once, with the import done
    assert [d.code for d in result.diagnostics] == ["PC103"]


def test_meanwhile_is_given_this_process_batches(
    policy_set: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`load_checked_all`'s `meanwhile` sees each batch loaded here, never the child's;
    the result is what loading the files one by one gives."""
    files = sorted(str(p) for p in policy_set.rglob("*.yaml"))

    def check(docs: list[Any]) -> tuple[list[Any], list[Any]]:
        return docs[:1], []

    seen: list[Any] = []
    monkeypatch.setenv("POLICYC_JOBS", "2")
    both = run.load_checked_all(files, files, lambda _n: None, check, seen.append)
    monkeypatch.setenv("POLICYC_JOBS", "1")
    serial = run.load_checked_all(files, files, lambda _n: None, check, seen.append)
    key = [(d.file, d.index, d.value) for (docs, *_), _c in both for d in docs]
    assert key == [(d.file, d.index, d.value) for (docs, *_), _c in serial for d in docs]
    assert 0 < sum(map(len, seen)) < len(files)  # the serial run calls it not at all
    assert all(len(batch) <= run.BATCH for batch in seen)


def test_a_build_warms_up_once_and_loads_thai_only_for_thai(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(pipeline, "_set_up", lambda: calls.append("set up"))
    monkeypatch.setattr(pipeline, "_thai_dictionary", lambda: calls.append("thai"))

    def batch(*locales: str) -> list[Any]:
        docs = [SimpleNamespace(value={"kind": "Catalog", "locale": loc}) for loc in locales]
        return [((docs, [], None), ([], []))]

    warming = pipeline._Warming()
    warming(batch("en", "fr"))
    warming(batch("de"))
    assert calls == ["set up"]
    warming(batch("en", "th"))
    warming(batch("th"))
    assert calls == ["set up", "thai"]
