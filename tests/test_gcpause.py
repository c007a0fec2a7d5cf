"""`policyc.gcpause.outlive`: what a one-shot command drops is kept until the process ends
without teardown (`cli.run`), and freed as usual anywhere else (tests, `build --watch`)."""

from __future__ import annotations

import weakref
from pathlib import Path

import pytest
from benchgen import generate

from policyc import gcpause, pipeline
from policyc.diagnostics import has_errors


class _Data:
    """Something a weak reference can follow."""


@pytest.fixture(autouse=True)
def _as_usual() -> object:
    yield
    gcpause.ending_without_teardown(False)


def test_kept_only_in_a_process_ending_without_teardown() -> None:
    usual = _Data()
    gone = weakref.ref(usual)
    gcpause.outlive(usual)
    del usual
    assert gone() is None  # freed as usual: nothing keeps it

    gcpause.ending_without_teardown()
    kept = _Data()
    alive = weakref.ref(kept)
    gcpause.outlive(kept)
    del kept
    assert alive() is not None  # kept for the process's end
    gcpause.ending_without_teardown(False)  # a watcher: what was kept is let go
    assert alive() is None


def test_a_build_and_a_validate_hand_their_data_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The documents, the IR and the artifacts outlive the build (and the validate's
    result the validate), instead of being freed object by object before the exit."""
    handed: list[object] = []
    monkeypatch.setattr(pipeline, "outlive", handed.append)
    root = tmp_path / "policies"
    generate.generate(root, 10, seed=2)
    made = pipeline.build(root, tmp_path / "generated")
    assert not has_errors(made.diagnostics)
    [(result, artifacts, _made)] = handed
    assert result.policies is not None and len(artifacts) > 10
    checked = pipeline.validate([root])
    assert handed[-1] is checked
