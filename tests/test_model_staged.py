"""A cold build's model in two steps (`model.build.build_staged`, the reporting rules run
while the emitters start) gives exactly the IR and the findings of one step."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from benchgen import generate
from test_model_checks import CASES, VENDOR

from policyc import pipeline
from policyc.emit import run
from policyc.model.build import build_staged, build_with
from policyc.validate import validate_documents


def _edited(tmp_path: Path, edits: list[tuple[str, str, str]]) -> Path:
    root = tmp_path / "policies"
    shutil.copytree(VENDOR, root)
    for name, old, new in edits:
        path = next(p for p in root.rglob("*.yaml") if p.as_posix().endswith(name))
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return root


@pytest.mark.parametrize("code", ["clean", *sorted(CASES)])
def test_two_steps_give_the_ir_and_findings_of_one(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    root = _edited(tmp_path, CASES.get(code, []))
    valid, _found = validate_documents(pipeline.load([root.relative_to(tmp_path)]).documents)
    policies, builder = build_with(valid)
    staged, so_far, findings = build_staged(valid)
    everything = findings()
    assert everything == builder.ctx.diags  # the same order, not only once sorted
    assert so_far == [d for d in everything if d in so_far]
    assert staged == policies


def _no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)  # a child running or not waited for
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize("where", ["model", "preflight"])
def test_a_cold_build_stopped_by_a_reporting_rule_writes_nothing(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The emitting child started before the rules ran is stopped; the findings are
    those of `validate` (plus preflight's), as before the two steps."""
    monkeypatch.setenv("POLICYC_JOBS", "2")
    monkeypatch.chdir(tmp_path)
    generate.generate(tmp_path / "p", 60, seed=3)  # at least 4 programmes
    cancelled: list[bool] = []
    cancel = run.Emitting.cancel

    def spy(self: run.Emitting) -> None:
        cancelled.append(self.child is not None)
        cancel(self)

    monkeypatch.setattr(run.Emitting, "cancel", spy)
    calendar = next(
        p for p in sorted((tmp_path / "p").rglob("calendars.yaml")) if "shared" not in p.parts
    )
    text = calendar.read_text(encoding="utf-8")
    zone = next(line for line in text.splitlines() if line.startswith("timezone: "))
    if where == "model":
        calendar.write_text(text.replace(zone, "timezone: Europe/Atlantis"), encoding="utf-8")
    else:  # PC421: a chrome message the pages need is gone
        for chrome in (tmp_path / "p" / "shared" / "chrome").iterdir():
            lines = chrome.read_text(encoding="utf-8").splitlines(keepends=True)
            kept = [line for line in lines if not line.startswith("  site.title:")]
            assert len(kept) < len(lines)
            chrome.write_text("".join(kept), encoding="utf-8")
    outcome = pipeline.build(Path("p"), Path("out"))
    found = pipeline.validate([Path("p")]).diagnostics
    errors = {d.code for d in outcome.diagnostics if d.severity.name == "ERROR"}
    assert errors == ({"PC315"} if where == "model" else {"PC421"})
    assert [d for d in outcome.diagnostics if not d.code.startswith("PC4")] == found
    assert not (tmp_path / "out").exists()
    assert cancelled == [True]  # a child had started emitting
    assert _no_child_left()
