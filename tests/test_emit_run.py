"""Emitting on two cores gives exactly what a serial run gives, errors included."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from benchgen import generate

from policyc import parallel, pipeline
from policyc.emit import emitters, run
from policyc.emit.base import WHOLE, Artifact, Part


class Fake:
    """An emitter that returns a shared artifact and one per programme, or fails
    (optionally only in a child)."""

    def __init__(self, name: str, fail: str = "never", pause: float = 0.0) -> None:
        self.name, self.fail, self.parent, self.pause = name, fail, os.getpid(), pause

    def emit(self, policies: Any, part: Part = WHOLE) -> list[Artifact]:
        in_child = os.getpid() != self.parent
        if self.fail == "always" or (self.fail == "in child" and in_child):
            raise RuntimeError(f"{self.name} failed")
        if not in_child:
            time.sleep(self.pause)  # lets the child take the batches first
        found = [
            Artifact(f"{self.name}/{pid}", pid.encode() * 1000) for pid in part.programmes(policies)
        ]
        if part.shared:
            found.append(Artifact(f"{self.name}.txt", self.name.encode() * 1000))
        return sorted(found, key=lambda a: a.path)


def paths(name: str) -> list[str]:
    return [f"{name}.txt", *(f"{name}/{pid}" for pid in sorted(POLICIES.programmes))]


POLICIES: Any = SimpleNamespace(programmes={f"p{i}": None for i in range(parallel.EMIT_PROGRAMMES)})


@pytest.fixture
def two_jobs(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Force two processes and record whether each parallel attempt succeeded."""
    monkeypatch.setenv("POLICYC_JOBS", "2")
    attempts: list[bool] = []
    original = run._parallel

    def spy(*args: Any) -> list[Artifact] | None:
        found = original(*args)
        attempts.append(found is not None)
        return found

    monkeypatch.setattr(run, "_parallel", spy)
    return attempts


def test_artifacts_of_a_real_build_are_the_same_in_parallel(
    tmp_path: Path, two_jobs: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    generate.generate(tmp_path / "p", 60, seed=4)
    result = pipeline.validate([tmp_path / "p"])
    assert result.policies is not None and len(result.policies.programmes) >= 4
    both = run.emit_all(emitters(), result.policies, lambda _e: None)
    monkeypatch.setenv("POLICYC_JOBS", "1")
    serial = run.emit_all(emitters(), result.policies, lambda _e: None)
    assert two_jobs == [True]
    assert [a.path for a in both] == [a.path for a in serial] and both == serial


def test_order_is_the_emitters_order(two_jobs: list[bool]) -> None:
    fakes = [Fake(n) for n in ("a", "b", "c", "d", "e")]
    found = run.emit_all(fakes, POLICIES, lambda _e: None)
    assert [a.path for a in found] == [p for n in "abcde" for p in paths(n)]
    assert two_jobs == [True]


@pytest.mark.parametrize("failing", [0, 1, 2])
def test_an_error_surfaces_as_in_a_serial_run(two_jobs: list[bool], failing: int) -> None:
    fakes = [Fake(n, "always" if i >= failing else "never") for i, n in enumerate("abcd")]
    started: list[str] = []
    with pytest.raises(RuntimeError, match=f"^{'abcd'[failing]} failed$"):
        run.emit_all(fakes, POLICIES, lambda e: started.append(e.name))
    assert two_jobs == [False]
    assert started[-1] == "abcd"[failing]  # the emitter named in an internal error


def test_a_failure_in_the_child_only_falls_back_to_serial(two_jobs: list[bool]) -> None:
    fakes = [Fake("a", pause=0.3), Fake("b", "in child"), Fake("c")]
    found = run.emit_all(fakes, POLICIES, lambda _e: None)
    assert [a.path for a in found] == [p for n in "abc" for p in paths(n)]
    assert two_jobs == [False]


def test_small_sets_and_one_job_stay_serial(
    two_jobs: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    few: Any = SimpleNamespace(programmes={"p": None})
    run.emit_all([Fake("a"), Fake("b")], few, lambda _e: None)
    monkeypatch.setenv("POLICYC_JOBS", "1")
    run.emit_all([Fake("a"), Fake("b")], POLICIES, lambda _e: None)
    assert two_jobs == []


def test_the_parts_of_every_emitter_make_the_whole_once(tmp_path: Path) -> None:
    generate.generate(tmp_path / "p", 40, seed=7)
    result = pipeline.validate([tmp_path / "p"])
    assert result.policies is not None and len(result.policies.programmes) >= 3
    for emitter in emitters():
        whole = emitter.emit(result.policies)
        ids = sorted(result.policies.programmes)
        parts = [
            emitter.emit(result.policies, Part(frozenset(ids[i::3]), i == 0)) for i in range(3)
        ]
        assert all(part for part in parts), emitter.name
        joined = sorted((a for part in parts for a in part), key=lambda a: a.path)
        assert joined == whole, emitter.name


def test_both_processes_take_batches(two_jobs: list[bool]) -> None:
    """The batches are shared out as the processes go, each programme made exactly once."""
    many: Any = SimpleNamespace(programmes={f"p{i:02}": None for i in range(40)})

    class Recording(Fake):
        def emit(self, policies: Any, part: Part = WHOLE) -> list[Artifact]:
            time.sleep(0.02)  # every batch takes a while, in either process
            found = super().emit(policies, part)
            return [Artifact(a.path, str(os.getpid()).encode()) for a in found]

    found = run.emit_all([Recording("a")], many, lambda _e: None)
    assert two_jobs == [True]
    assert [a.path for a in found] == ["a.txt", *(f"a/p{i:02}" for i in range(40))]
    makers = {a.data for a in found[1:]}
    assert len(makers) == 2 and found[0].data == str(os.getpid()).encode()
    assert len(run.batches([f"p{i}" for i in range(40)])) == 10
    assert len(run.batches([f"p{i}" for i in range(100_000)])) <= parallel.Queue.LIMIT


def test_emitting_started_early_gives_the_same_or_nothing(two_jobs: list[bool]) -> None:
    """`Emitting` forks at once: the child takes batches while this process does other
    work (a cold build's reporting rules); `finish` joins them, `cancel` stops the child."""
    fakes = [Fake("a"), Fake("b")]
    early = run.Emitting(fakes, POLICIES)
    assert early.child is not None
    time.sleep(0.3)  # the child takes every batch meanwhile
    found = early.finish(lambda _e: None)
    assert [a.path for a in found] == [p for n in "ab" for p in paths(n)]
    assert two_jobs == [True]
    stopped = run.Emitting(fakes, POLICIES)
    stopped.cancel()
    assert stopped.child is None and stopped.queue is None
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_the_digests_taken_while_emitting_are_the_artifacts(two_jobs: list[bool]) -> None:
    """`Emitting.digests`: each artifact's sha256, in order, whichever process made it."""
    import hashlib

    many: Any = SimpleNamespace(programmes={f"p{i:02}": None for i in range(40)})
    emitting = run.Emitting([Fake("a"), Fake("b", pause=0.01)], many)
    found = emitting.finish(lambda _e: None)
    assert two_jobs == [True] and emitting.digests is not None
    assert emitting.digests == [hashlib.sha256(a.data).hexdigest() for a in found]
    emitting = run.Emitting([Fake("a"), Fake("b", "in child")], many)
    assert emitting.finish(lambda _e: None) == found and emitting.digests is None
