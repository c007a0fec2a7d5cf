"""`policyc build` end to end: failures keep the old tree, `--check` reports drift, the
no-op build skips all work, and the output is the same whatever the environment."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from integrity import (
    DROPBOX,
    SEEDS,
    SHARED,
    VENDOR,
    ExplodingEmitter,
    ProgrammeEmitter,
    beside,
    policy_tree,
    tree,
    use_emitters,
    vendor_tree,
)
from syrupy.assertion import SnapshotAssertion

from policyc import pipeline
from policyc.diagnostics import Severity, has_errors
from policyc.emit.base import WHOLE, Artifact, Part
from policyc.model.ir import Policies
from policyc.output import freshness

EXTRA_CALENDAR = (
    "apiVersion: policyc/v1\nkind: Calendar\nid: extra\nprogramme: northwind-support\n"
    "name: calendar.nonstop\ntimezone: UTC\nhours: []\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with the vendor policies, built once with the test emitter; cwd is in it."""
    vendor_tree(tmp_path / "policies")
    monkeypatch.chdir(tmp_path)
    use_emitters(monkeypatch, ProgrammeEmitter())
    assert pipeline.build(Path("policies"), Path("generated")).summary.startswith("built 3")
    return tmp_path


class Counting:
    """Wraps an emitter and counts its runs."""

    def __init__(self, inner: ProgrammeEmitter) -> None:
        self.inner, self.name, self.runs = inner, inner.name, 0

    def emit(self, policies: Policies, part: Part = WHOLE) -> list[Artifact]:
        self.runs += 1
        return self.inner.emit(policies, part)


# -- failures keep the old tree -------------------------------------------------------------


def test_a_policy_error_leaves_the_old_tree(project: Path, run: Callable[..., Result]) -> None:
    before = tree(project / "generated")
    (project / "policies" / "programme.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    result = run("build", "--policies", "policies", "--out", "generated")
    assert result.exit_code == 1 and "PC103" in result.stderr
    assert tree(project / "generated") == before and beside(project / "generated") == []


def test_an_emitter_error_leaves_the_old_tree(
    project: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree(project / "generated")
    (project / "policies" / "extra.yaml").write_text(EXTRA_CALENDAR, encoding="utf-8")
    use_emitters(monkeypatch, ProgrammeEmitter(), ExplodingEmitter())
    result = run("build", "--policies", "policies", "--out", "generated")
    assert (
        result.exit_code == 2 and "PC901" in result.stderr and "<emit exploding>" in result.stderr
    )
    assert "Traceback" not in result.stderr + result.stdout
    assert tree(project / "generated") == before and beside(project / "generated") == []


def test_an_emitter_cannot_write_outside_the_output(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Escaping:
        name = "escaping"

        def emit(self, policies: Policies, part: Part = WHOLE) -> list[Artifact]:
            return [Artifact("../../escaped.txt", b"pwned")] if part.shared else []

    use_emitters(monkeypatch, Escaping())
    before = tree(project)
    (project / "policies" / "extra.yaml").write_text(EXTRA_CALENDAR, encoding="utf-8")
    diags = pipeline.build(Path("policies"), Path("generated")).diagnostics
    assert [d.code for d in diags if d.severity is Severity.ERROR] == ["PC401"]
    assert not (project.parent / "escaped.txt").exists()
    (project / "policies" / "extra.yaml").unlink()
    assert tree(project) == before


def test_files_of_a_removed_programme_are_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the real emitters: every file of a programme goes when its policies go."""
    policies = policy_tree(
        tmp_path / "policies", {"vendor": VENDOR, "dropbox": DROPBOX, "shared": SHARED}
    )
    out = tmp_path / "generated"
    for _ in range(2):
        outcome = pipeline.build(policies, out)
        assert not has_errors(outcome.diagnostics), outcome.diagnostics
        built = tree(out)
        listed = json.loads(built["manifest.json"])["artifacts"]
        assert set(listed) == set(built) - {"manifest.json"}
        dropbox = [p for p in built if "dropbox-premium-support" in p]
        if (policies / "dropbox").exists():
            assert dropbox, "the emitters wrote no file named after the programme"
            (policies / "dropbox").rename(tmp_path / "dropbox-removed")
        else:
            assert dropbox == []


# -- --check --------------------------------------------------------------------------------


def test_check_passes_on_a_fresh_build(project: Path, run: Callable[..., Result]) -> None:
    result = run("build", "--check", "--policies", "policies", "--out", "generated")
    assert result.exit_code == 0
    assert result.stderr == "up to date: 3 files in generated match a fresh build\n"


def test_check_reports_edited_missing_and_extra_files(
    project: Path, run: Callable[..., Result], snapshot: SnapshotAssertion
) -> None:
    out = project / "generated"
    edited = out / "programmes" / "northwind-support.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("business", "gold"), "utf-8")
    (out / "index.txt").unlink()
    (out / "programmes" / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = tree(out)
    result = run("build", "--check", "--policies", "policies", "--out", "generated")
    assert result.exit_code == 1
    assert result.stderr.count("error[PC404]") == 3
    assert result.stderr == snapshot
    assert tree(out) == before  # --check never writes
    as_json = run("build", "--check", "--format", "json", "--policies", "policies")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout) == snapshot


def test_check_of_a_missing_output(tmp_path: Path, run: Callable[..., Result]) -> None:
    policy_tree(tmp_path / "policies", {"": VENDOR})
    result = run("build", "--check", "--policies", str(tmp_path / "policies"), "--out", "nope")
    assert result.exit_code == 1 and "missing: a fresh build writes it" in result.stderr


# -- the incremental no-op ------------------------------------------------------------------


def _explode(*args: object, **kwargs: object) -> None:
    raise AssertionError("the no-op build must not get this far")


@pytest.mark.parametrize("jobs", ["1", "2"])  # the output tree hashed here, or in a child
def test_an_unchanged_build_is_a_no_op(
    project: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    monkeypatch.setenv("POLICYC_JOBS", jobs)
    before = tree(project / "generated")
    use_emitters(monkeypatch, ExplodingEmitter())
    monkeypatch.setattr(pipeline, "validate", _explode)  # not even parsed
    monkeypatch.setattr("policyc.output.write.write_tree", _explode)
    result = run("build", "--policies", "policies", "--out", "generated")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "up to date: generated (nothing to do)\n"
    assert tree(project / "generated") == before


@pytest.mark.parametrize(
    "change",
    ["input edited", "input added", "output edited", "output extra file", "toolchain", "stamp"],
)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_any_change_makes_the_build_run_again(
    project: Path, monkeypatch: pytest.MonkeyPatch, change: str, jobs: str
) -> None:
    monkeypatch.setenv("POLICYC_JOBS", jobs)
    counting = Counting(ProgrammeEmitter())
    use_emitters(monkeypatch, counting)
    out, policies = project / "generated", project / "policies"
    fresh = tree(out)
    if change == "input edited":
        path = policies / "programme.yaml"
        path.write_bytes(path.read_bytes() + b"# a comment changes the bytes\n")
    elif change == "input added":
        (policies / "sub").mkdir()
        (policies / "sub" / "extra.yml").write_text(EXTRA_CALENDAR, encoding="utf-8")
    elif change == "output edited":
        (out / "index.txt").write_text("northwind-suppore\n", encoding="utf-8")  # same size
    elif change == "output extra file":
        (out / "stray.txt").write_text("", encoding="utf-8")
    elif change == "toolchain":
        monkeypatch.setattr(freshness, "toolchain", lambda memo=None: "another policyc build")
    elif change == "stamp":
        freshness.stamp_path(out).unlink()
    # an extra file is not policyc's: only --force-clean lets the rebuild delete it (PC409)
    outcome = pipeline.build(policies, out, force_clean=change == "output extra file")
    assert counting.runs == 1, outcome.summary
    assert outcome.summary.startswith("built")
    assert tree(out).keys() == fresh.keys()
    assert pipeline.build(policies, out).summary.endswith("(nothing to do)")
    assert counting.runs == 1


def test_check_always_builds_in_full(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counting = Counting(ProgrammeEmitter())
    use_emitters(monkeypatch, counting)
    outcome = pipeline.build(project / "policies", project / "generated", check=True)
    assert counting.runs == 1 and outcome.diagnostics == []


# -- determinism ----------------------------------------------------------------------------

_BUILD = (
    "import sys\n"
    "from policyc.cli import main\n"
    "main(['build', '--policies', sys.argv[1], '--out', sys.argv[2]])\n"
)


def _build_elsewhere(policies: Path, out: Path, cwd: Path, env: dict[str, str]) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "TZ"))}
    done = subprocess.run(
        [sys.executable, "-c", _BUILD, str(policies), str(out)],
        cwd=cwd,
        env={**base, "NO_COLOR": "1", **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def _today_strings(locales: list[str]) -> set[str]:
    """Today (in the time zones the builds ran in) as ISO, numeric and CLDR-formatted dates."""
    from babel.dates import format_date

    found: set[str] = set()
    for zone in ("UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"):
        from zoneinfo import ZoneInfo

        day = dt.datetime.now(ZoneInfo(zone)).date()
        found |= {
            day.isoformat(),
            day.strftime("%Y%m%d"),
            day.strftime("%d/%m/%Y"),
            day.strftime("%m/%d/%Y"),
            day.strftime("%Y/%m/%d"),
            day.strftime("%d.%m.%Y"),
        }
        for locale in locales:
            for style in ("medium", "long", "full"):
                found.add(format_date(day, style, locale=locale.replace("-", "_")))
    return found


def test_builds_are_byte_identical_whatever_the_environment(tmp_path: Path) -> None:
    """The vendor fixture and the real policies, copied in opposite file orders to two
    differently named directories, built from different working directories under
    different TZ, LANG/LC_ALL, PYTHONHASHSEED and user: byte-identical, and nothing in
    the output names the machine, the user, the paths or today's date."""
    parts = {"vendor": VENDOR, **{p.name: p for p in sorted(SEEDS.iterdir()) if p.is_dir()}}
    one = policy_tree(tmp_path / "first" / "policies", parts)
    two = policy_tree(tmp_path / "second-checkout" / "src" / "policies", parts, reverse=True)
    home = tmp_path / "home-zqxuser"
    home.mkdir()
    _build_elsewhere(
        one,
        tmp_path / "first" / "generated",
        cwd=one.parent,
        env={"TZ": "Pacific/Kiritimati", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"},
    )
    _build_elsewhere(
        two,
        tmp_path / "second-checkout" / "generated",
        cwd=home,
        env={
            "TZ": "Pacific/Pago_Pago",
            "LANG": "fr_FR.UTF-8",
            "LC_ALL": "th_TH.UTF-8",
            "PYTHONHASHSEED": "4242",
            "USER": "zqxuser",
            "LOGNAME": "zqxuser",
            "HOME": str(home),
        },
    )
    first = tree(tmp_path / "first" / "generated")
    second = tree(tmp_path / "second-checkout" / "generated")
    assert first.keys() == second.keys()
    assert [p for p in first if first[p] != second[p]] == []
    kinds = {Path(p).suffix for p in first}
    assert {".html", ".md", ".json", ".py"} <= kinds, kinds  # every emitter took part

    inputs = b"".join(p.read_bytes() for p in sorted(one.rglob("*")) if p.is_file())
    locales = sorted({p.stem for p in one.rglob("catalogs/*.yaml")} | {"en"})
    needles = {
        str(tmp_path),
        tmp_path.name,
        "second-checkout",
        "zqxuser",
        getpass.getuser(),
        os.uname().nodename,
        *_today_strings(locales),
    }
    leaks = {
        (path, needle)
        for needle in needles
        if len(needle) >= 4 and needle.encode() not in inputs  # words the policies use are fine
        for path, data in first.items()
        if needle.encode() in data
    }
    assert leaks == set()
