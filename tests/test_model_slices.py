"""The model checked in slices (`policyc.model.slices` through `policyc.incremental`).

The property: after any sequence of edits (durations, words, comments), additions,
deletions, renames, reverts and breakages of policy files, `validate` through the cache,
whether it ran the whole model or only the changed programmes with the shared documents,
reports exactly the findings of a run without the cache, warnings included, and the IR a
build would emit from is the cold run's. 200 sequences under CI. The examples below pin
when slices are used and when the whole model must run instead.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from benchgen import generate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_incremental import _apply

from policyc import pipeline
from policyc.incremental import Cache

CI = os.environ.get("CI") == "true"
SEQUENCES = 200 if CI else 25


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five generated programmes plus the shared calendar and chrome."""
    root = tmp_path_factory.mktemp("slices-template") / "policies"
    generate.generate(root, 60, seed=5)
    return root


def _copy(template: Path, tmp_path: Path) -> tuple[Path, Cache]:
    root = tmp_path / "policies"
    shutil.copytree(template, root)
    cache = Cache(tmp_path / "cache")
    assert pipeline.validate([root], cache=cache).diagnostics == []
    assert cache.sliced is None  # the first run models everything
    return root, cache


def _edit(path: Path, pattern: str, replace: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, replace, text, count=1)
    assert changed != text, (path, pattern)
    path.write_text(changed, encoding="utf-8")


def _same_as_cold(root: Path, cache: Cache, *, ir: bool = True) -> pipeline.Result:
    found = pipeline.validate([root], cache=cache, ir=ir)
    cold = pipeline.validate([root])
    assert found.diagnostics == cold.diagnostics
    if ir:
        assert found.policies == cold.policies
    return found


def test_a_changed_programme_is_checked_alone(template: Path, tmp_path: Path) -> None:
    root, cache = _copy(template, tmp_path)
    sla = sorted(root.glob("*/sla.yaml"))[0]
    _edit(sla, r"within: (\d+)", r"within: 1\1")
    _same_as_cold(root, cache)
    assert cache.sliced == [sla.parent.name]
    _same_as_cold(root, Cache(tmp_path / "cache"))  # nothing changed: nothing checked
    assert cache.sliced == [sla.parent.name]


def test_findings_of_a_slice_replace_the_programme_s_old_ones(
    template: Path, tmp_path: Path
) -> None:
    """A new warning in one programme, then gone again; the other programmes' findings
    stay (an unused calendar in a second programme, PC333)."""
    root, cache = _copy(template, tmp_path)
    first, second = sorted(root.glob("*/calendars.yaml"))[:2]
    spare = (
        "---\napiVersion: policyc/v1\nkind: Calendar\nid: spare-hours\n"
        f"programme: {first.parent.name}\nname: calendar.office.name\ntimezone: Etc/UTC\n"
        "hours: [{days: [mon], from: '09:00', to: '17:00'}]\n"
    )
    first.write_text(first.read_text(encoding="utf-8") + spare, encoding="utf-8")
    found = _same_as_cold(root, Cache(tmp_path / "cache"))
    assert [d.code for d in found.diagnostics] == ["PC333"]
    programme = first.parent.name
    sla = root / second.parent.name / "sla.yaml"
    _edit(sla, r"within: (\d+)", r"within: 1\1")
    cache = Cache(tmp_path / "cache")
    found = _same_as_cold(root, cache, ir=False)
    assert cache.sliced == [second.parent.name]
    assert [d.code for d in found.diagnostics] == ["PC333"]
    assert found.diagnostics[0].span.file.split("/")[-2] == programme


def test_an_interface_change_runs_the_whole_model(template: Path, tmp_path: Path) -> None:
    """A programme that stops declaring a locale changes what the page chrome is checked
    against (PC322 in a shared file): the whole model runs."""
    root, cache = _copy(template, tmp_path)
    programme = sorted(root.glob("*/programme.yaml"))[0]
    _edit(programme, r"(?m)^(locales: \[.*), th\]", r"\1]")
    (programme.parent / "catalogs" / "th.yaml").unlink()
    _same_as_cold(root, cache)
    assert cache.sliced is None


def test_an_unknown_calendar_runs_the_whole_model(template: Path, tmp_path: Path) -> None:
    """PC301's hint names every calendar of the set: a slice cannot give it."""
    root, cache = _copy(template, tmp_path)
    sla = sorted(root.glob("*/sla.yaml"))[0]
    _edit(sla, r"calendar: (\S+)", r"calendar: \1-gone")
    found = _same_as_cold(root, cache)
    assert cache.sliced is None
    assert "PC301" in [d.code for d in found.diagnostics]


def test_a_calendar_used_across_programmes_is_never_sliced(template: Path, tmp_path: Path) -> None:
    root, cache = _copy(template, tmp_path)
    first, second = sorted(root.glob("*/sla.yaml"))[:2]
    theirs = re.search(r"(?m)^id: (\S+)", (first.parent / "calendars.yaml").read_text())
    assert theirs is not None
    _edit(second, r"calendar: (\S+)", f"calendar: {theirs.group(1)}")
    _same_as_cold(root, cache)
    _edit(second, r"within: (\d+)", r"within: 1\1")
    _same_as_cold(root, cache)
    assert cache.sliced is None


OPS = st.sampled_from(["edit", "edit", "edit", "add", "delete", "rename", "revert", "shared"])
STEPS = st.lists(
    st.tuples(OPS, st.integers(0, 10_000), st.integers(0, 10_000)), min_size=1, max_size=3
)


@settings(
    max_examples=SEQUENCES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS, reopen=st.booleans(), ir=st.booleans())
def test_sliced_findings_equal_cold(
    template: Path,
    tmp_path_factory: pytest.TempPathFactory,
    steps: list[tuple[str, int, int]],
    reopen: bool,
    ir: bool,
) -> None:
    work = tmp_path_factory.mktemp("slices")
    root, cache = _copy(template, work)
    for op, pick, place in steps:
        _apply(root, template, op, pick, place)
        if reopen:
            cache = Cache(work / "cache")
        _same_as_cold(root, cache, ir=ir)


def test_a_kept_cache_replaces_only_the_changed_programme_s_ir(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`build --watch` keeps one cache: after an edit, the IR is the previous one with the
    changed programme's slice in its place, equal to a cold run's, and no whole IR is
    built again."""
    from policyc.model import build

    root, cache = _copy(template, tmp_path)
    whole: list[int] = []
    real = build.build_with
    monkeypatch.setattr(
        build,
        "build_with",
        lambda docs, mode=None, **kw: whole.append(len(docs)) or real(docs, mode, **kw),
    )
    everything = len(pipeline.validate([root]).documents)
    for sla in sorted(root.glob("*/sla.yaml"))[:2]:
        _edit(sla, r"within: (\d+)", r"within: 1\1")
        whole.clear()
        found = pipeline.validate([root], cache=cache)
        assert cache.sliced == [sla.parent.name]
        assert whole and max(whole) < everything / 2  # only the slice was modelled
        cold = pipeline.validate([root])
        assert found.diagnostics == cold.diagnostics
        assert found.policies == cold.policies


def test_many_changed_programmes_run_the_whole_model(template: Path, tmp_path: Path) -> None:
    """Each slice models the shared documents again: past one programme in
    `SLICE_SHARE`, one whole run is cheaper (a branch switch, a bulk edit)."""
    from policyc.incremental import SLICE_SHARE

    root, cache = _copy(template, tmp_path)
    groups = len({p.parent for p in root.glob("*/programme.yaml")}) + 1  # and the shared
    many = groups // SLICE_SHARE + 1
    for sla in sorted(root.glob("*/sla.yaml"))[:many]:
        _edit(sla, r"within: (\d+)", r"within: 1\1")
    _same_as_cold(root, cache)
    assert cache.sliced is None
