"""`policyc test`: PolicyTest documents run through route resolution; failures are located."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from syrupy.assertion import SnapshotAssertion

from policyc import pipeline

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"
CASES = ROOT / "tests" / "cases" / "policytest"


@pytest.fixture
def here(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the project root, so files are named relative to it in the output."""
    monkeypatch.chdir(ROOT)
    return ROOT


def _vendor(*extra: str) -> list[str]:
    return ["test", "--policies", "tests/cases/vendor/policies", *extra]


def test_passing_cases(run: Callable[..., Result], here: Path, snapshot: SnapshotAssertion) -> None:
    result = run(*_vendor("tests/cases/policytest/passing.yaml"))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == snapshot


def test_failing_cases_are_located(
    run: Callable[..., Result], here: Path, snapshot: SnapshotAssertion
) -> None:
    result = run(*_vendor("tests/cases/policytest/failing.yaml"))
    assert result.exit_code == 1
    for code in ("PC501", "PC502", "PC503", "PC504", "PC551", "PC552", "PC553", "PC554"):
        assert f"error[{code}]" in result.stderr, code
    assert (
        "failing.yaml:19:31: error[PC554] wrong facts: expected Anna Beker at L2" in result.stderr
    )
    assert "hint: did you mean 'Anna Becker'?" in result.stderr
    assert "FAILED: 0 passed, 4 failed (4 cases in 1 suite)" in result.stderr
    assert result.stderr == snapshot


def test_json_format(run: Callable[..., Result], here: Path, snapshot: SnapshotAssertion) -> None:
    result = run(*_vendor("tests/cases/policytest", "--format", "json"))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"] == {"cases": 6, "passed": 2, "failed": 4, "suites": 2}
    assert [c["passed"] for c in data["cases"]] == [False, False, False, False, True, True]
    assert data["cases"][0]["codes"] == ["PC551", "PC552", "PC553", "PC554"]
    assert result.stdout == snapshot


def test_github_format(run: Callable[..., Result], here: Path) -> None:
    result = run(*_vendor("tests/cases/policytest/failing.yaml", "--format", "github"))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 14 and all(line.startswith("::error file=tests/cases/") for line in lines)
    assert "line=9,col=15" in lines[0] and "title=PC551" in lines[0]


def test_case_without_programme(
    run: Callable[..., Result], write: Callable[[str, str], Path]
) -> None:
    path = write(
        "anonymous.yaml",
        """
        apiVersion: policyc/v1
        kind: PolicyTest
        id: anonymous
        cases:
          - name: which programme?
            given: {tier: standard, severity: p1}
            expect: {region: france}
        """,
    )
    result = run(*_vendor(str(path)))
    assert result.exit_code == 1
    assert (
        "anonymous.yaml:6:12: error[PC555] which programme?: the case names no programme"
        in result.stderr
    )


def test_tests_inside_the_policy_directory_run_by_default(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    tree = tmp_path / "policies"
    shutil.copytree(VENDOR, tree)
    (tree / "tests").mkdir()
    shutil.copy(CASES / "passing.yaml", tree / "tests" / "northwind.yaml")
    result = run("test", "--policies", str(tree))
    assert result.exit_code == 0, result.stderr
    assert "ok: 2 passed, 0 failed (2 cases in 1 suite)" in result.stderr
    assert run("validate", "--policies", str(tree)).exit_code == 0


def test_policy_tests_do_not_change_the_model(tmp_path: Path) -> None:
    tree = tmp_path / "policies"
    shutil.copytree(VENDOR, tree)
    before = pipeline.validate([tree])
    (tree / "tests").mkdir()
    shutil.copy(CASES / "failing.yaml", tree / "tests" / "failing.yaml")
    after = pipeline.validate([tree])
    assert after.ok and before.policies is not None
    assert after.policies == before.policies
    assert len(after.documents) == len(before.documents) + 1


def test_no_tests_is_a_warning(run: Callable[..., Result]) -> None:
    result = run("test", "--policies", str(VENDOR))
    assert result.exit_code == 0
    assert "warning[PC556] no policy tests found" in result.stderr
    assert "ok: 0 passed, 0 failed (0 cases in 0 suites)" in result.stderr


def test_schema_errors_in_a_test_file(
    run: Callable[..., Result], write: Callable[[str, str], Path]
) -> None:
    path = write(
        "bad.yaml",
        """
        apiVersion: policyc/v1
        kind: PolicyTest
        id: bad
        programme: northwind-support
        cases:
          - name: opened without offset
            given: {tier: standard, severity: p1, opened: "2026-03-27T17:30"}
            expect: {regoin: france}
        """,
    )
    result = run(*_vendor(str(path)))
    assert result.exit_code == 1
    assert "bad.yaml:7:51: error[PC206]" in result.stderr
    assert "bad.yaml:8:14: error[PC204] unknown property 'regoin'" in result.stderr


def test_invalid_policies_stop_before_the_tests(run: Callable[..., Result], tmp_path: Path) -> None:
    tree = tmp_path / "policies"
    shutil.copytree(VENDOR, tree)
    sla = tree / "sla.yaml"
    sla.write_text(sla.read_text().replace("calendar: berlin-office", "calendar: berlin"))
    result = run("test", "--policies", str(tree), str(CASES / "passing.yaml"))
    assert result.exit_code == 1 and "PC301" in result.stderr and "passed" not in result.stderr


def test_missing_policy_directory(run: Callable[..., Result], tmp_path: Path) -> None:
    assert run("test", "--policies", str(tmp_path / "nope")).exit_code == 2


def test_seed_programmes_keep_their_promises(run: Callable[..., Result], here: Path) -> None:
    """The shipped cases (Zoho's Monaco and San Marino escalations, Dropbox's weekend and
    Japanese-language targets) pass against the shipped policies."""
    result = run("test")
    assert result.exit_code == 0, result.stderr
    assert "ok: 13 passed, 0 failed (13 cases in 2 suites)" in result.stderr
    assert "zoho-partner-support › Premium partner, sev 1 downtime, Monaco" in result.stderr


def test_a_changed_promise_fails_the_seed_tests(run: Callable[..., Result], tmp_path: Path) -> None:
    """The walkthrough's change: Dropbox Enhanced answers within 30 minutes, not 60."""
    tree = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", tree)
    sla = tree / "dropbox-premium-support" / "sla.yaml"
    text = sla.read_text()
    old = "    tiers: [enhanced, champions-epic]\n    within: 1h\n"
    assert old in text
    sla.write_text(text.replace(old, "    tiers: [enhanced, champions-epic]\n    within: 30m\n"))
    result = run("test", "--policies", str(tree))
    assert result.exit_code == 1
    assert (
        "error[PC552] Enhanced first response within 60 minutes: expected first-response within 1h (60 min), resolved 30 min"
        in result.stderr
    )
    assert "error[PC553]" in result.stderr


def test_policy_tests_do_not_change_the_build(tmp_path: Path) -> None:
    """Editing a policy test never makes generated/ stale (the inputs hash skips them)."""
    tree = tmp_path / "policies"
    shutil.copytree(VENDOR, tree)
    (tree / "tests").mkdir()
    suite = tree / "tests" / "northwind.yaml"
    suite.write_text((CASES / "passing.yaml").read_text())
    out = tmp_path / "generated"
    assert not [d for d in pipeline.build(tree, out).diagnostics if d.severity.value == "error"]
    suite.write_text(suite.read_text() + "# a new comment\n")
    drift = [d for d in pipeline.build(tree, out, check=True).diagnostics if d.code == "PC404"]
    assert drift == []
    (tree / "sla.yaml").write_text((tree / "sla.yaml").read_text() + "# a new comment\n")
    drift = [d for d in pipeline.build(tree, out, check=True).diagnostics if d.code == "PC404"]
    assert drift, "a change to a policy file must show as drift of the manifest"


def test_is_test_file() -> None:
    from policyc.load.inputs import is_test_file

    assert is_test_file((CASES / "passing.yaml").read_bytes())
    assert not is_test_file((VENDOR / "sla.yaml").read_bytes())
    assert not is_test_file(b"kind: PolicyTest\n---\nkind: Calendar\n")
    assert is_test_file(b"{apiVersion: policyc/v1, kind: PolicyTest}\n")  # decided by parsing


def test_json_when_the_policies_do_not_validate(run: Callable[..., Result], tmp_path: Path) -> None:
    tree = tmp_path / "policies"
    shutil.copytree(VENDOR, tree)
    sla = tree / "sla.yaml"
    sla.write_text(sla.read_text().replace("calendar: berlin-office", "calendar: berlin"))
    result = run("test", "--policies", str(tree), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"]["cases"] == 0 and data["diagnostics"][0]["code"] == "PC301"
