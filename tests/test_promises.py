"""SLA cells that say what is promised: a target, `not-offered`, `best-effort`, `not-stated`.

One fixture (`tests/cases/promises/`: three plans, one without targets for the top
severities) built through the CLI; the page, the Python package, the routing table, `route`,
coverage (PC318) and `diff` each checked for the cells that state no target.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from generated_package import cli_build, edited_copy, import_package

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "cases" / "promises" / "policies"
CHROME = ROOT / "policies" / "shared" / "chrome"
PID = "larkspur-support"

Run = Callable[..., Result]


def tree(dest: Path, edits: list[tuple[str, str, str]] = ()) -> Path:  # type: ignore[assignment]
    """The fixture plus the en and fr page chrome, with `(file, old, new)` edits applied."""
    edited_copy(FIXTURE, dest, edits)
    (dest / "chrome").mkdir()
    for locale in ("en", "fr"):
        shutil.copyfile(CHROME / f"{locale}.yaml", dest / "chrome" / f"{locale}.yaml")
    return dest


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("promises")
    return cli_build(tree(base / "policies"), base / "out")


def test_pages_show_each_kind_translated(built: Path) -> None:
    page = (built / "site" / "en" / PID / "index.html").read_text(encoding="utf-8")
    # developer × sev-1/sev-2 × both metrics; best effort: developer sev-3 + business × 3
    assert page.count("Not available") == 4
    assert page.count("Best effort") == 4
    assert page.count("Not stated") == 1
    assert "No target" not in page  # no hole: every cell is explicit
    markdown = (built / "docs" / "fr" / f"{PID}.md").read_text(encoding="utf-8")
    assert markdown.count("Non disponible") == 4
    assert markdown.count("Meilleur effort") == 4
    assert markdown.count("Non précisé") == 1


def _import(built: Path) -> Any:
    return import_package(built / "python")


def test_python_package_exposes_typed_cells(built: Path) -> None:
    package = _import(built)
    module = package.PROGRAMMES[PID]
    assert module.sla("developer", "sev-1", "resolution") == package.NotOffered()
    assert isinstance(module.sla("developer", "sev-2", "first-response"), package.NotOffered)
    assert isinstance(module.sla("business", "sev-1", "resolution"), package.BestEffort)
    assert isinstance(module.sla("enterprise", "sev-3", "resolution"), package.NotStated)
    target = module.sla("enterprise", "sev-1", "resolution")
    assert isinstance(target, package.Target)
    assert (target.min_minutes, target.max_minutes) == (240, 480)
    matrix = module.SLA[module.SlaPolicy.PLANS]
    assert len(matrix) == 3 * 3 * 2  # every documented cell is there: no KeyError


CONSUMER = """
from typing import assert_never

from support_policies import BestEffort, NextBusinessDay, NotOffered, NotStated, Promise
from support_policies import Target
from support_policies import larkspur_support as lark


def describe(promise: Promise) -> str:
    match promise:
        case Target(max_minutes=m):
            return f"within {m} min"
        case NextBusinessDay(at=at):
            return f"by the {at} of the next business day"
        case NotOffered():
            return "not offered"
        case BestEffort():
            return "best effort"
        case NotStated():
            return "not stated"
        case _:
            assert_never(promise)


print(describe(lark.sla(lark.Tier.DEVELOPER, lark.Severity.SEV_1, lark.Metric.RESOLUTION)))
print(describe(lark.sla("enterprise", "sev-1", "resolution")))
"""


def test_a_strict_consumer_matches_on_the_union(built: Path, tmp_path: Path) -> None:
    """`mypy --strict` accepts an exhaustive match over the five kinds, and it runs."""
    consumer = tmp_path / "consumer.py"
    consumer.write_text(textwrap.dedent(CONSUMER).lstrip(), encoding="utf-8")
    env_path = str(built / "python")
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-version",
         "3.11", "--cache-dir", str(tmp_path / ".mypy"), str(consumer)],
        capture_output=True, text=True, cwd=env_path, check=False,
        env={"MYPYPATH": env_path, "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    ran = subprocess.run(
        [sys.executable, str(consumer)],
        capture_output=True, text=True, check=True, env={"PYTHONPATH": env_path},
    )  # fmt: skip
    assert ran.stdout.splitlines() == ["not offered", "within 480 min"]


def test_routing_table_cells_carry_their_promise(built: Path) -> None:
    table = json.loads((built / "routing" / f"{PID}.json").read_text(encoding="utf-8"))
    assert table["format_version"] == 2
    (policy,) = table["sla_policies"]
    cells = policy["targets"]
    assert cells["developer"]["sev-1"]["resolution"] == {"promise": "not-offered"}
    assert cells["business"]["sev-2"]["resolution"] == {"promise": "best-effort"}
    assert cells["enterprise"]["sev-3"]["resolution"] == {"promise": "not-stated"}
    assert cells["enterprise"]["sev-1"]["resolution"]["promise"] == "target"
    assert cells["enterprise"]["sev-1"]["resolution"]["max"]["minutes"] == 480
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "schemas" / "routing.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator(schema).validate(table)


def test_route_reports_cells_without_target(run: Run, tmp_path: Path) -> None:
    policies = str(tree(tmp_path / "p"))
    ticket = ["--programme", PID, "--tier", "developer", "--severity", "sev-3"]
    text = run("route", "--policies", policies, *ticket)
    assert text.exit_code == 0, text.output
    assert "best effort (no committed time), policy plans" in text.output
    data = json.loads(run("route", "--policies", policies, *ticket, "--format", "json").output)
    resolution = data["resolution"]
    assert [t["metric"] for t in resolution["targets"]] == ["first-response"]
    assert resolution["no_targets"] == [
        {"metric": "resolution", "policy": "plans", "promise": "best-effort"}
    ]


def test_an_override_policy_cell_without_target_wins(run: Run, tmp_path: Path) -> None:
    """A conditional policy's `not-offered` answers for the metric; the default is not tried."""
    override = textwrap.dedent(
        """
        ---
        apiVersion: policyc/v1
        kind: SlaPolicy
        id: portal-only
        programme: larkspur-support
        name: sla.plans
        calendar: larkspur-office
        applies_to: {channels: [portal]}
        targets:
          - {metric: resolution, within: not-offered}
        """
    )
    policies = tree(tmp_path / "p")
    with (policies / "sla.yaml").open("a", encoding="utf-8") as f:
        f.write(override)
    args = ["--programme", PID, "--tier", "enterprise", "--severity", "sev-1"]
    args += ["--channel", "portal", "--format", "json"]
    data = json.loads(run("route", "--policies", str(policies), *args).output)
    assert data["resolution"]["no_targets"] == [
        {"metric": "resolution", "policy": "portal-only", "promise": "not-offered"}
    ]
    assert [t["policy"] for t in data["resolution"]["targets"]] == ["plans"]


def test_coverage_accepts_explicit_cells_and_still_finds_holes(run: Run, tmp_path: Path) -> None:
    policies = tree(
        tmp_path / "p",
        [("sla.yaml", "  - {metric: resolution, tiers: [enterprise], severities: [sev-3], "
          "within: not-stated}\n", "")],
    )  # fmt: skip
    result = run("validate", "--policies", str(policies))
    assert result.exit_code == 1
    assert "error[PC318]" in result.output
    assert "enterprise × sev-3 × resolution" in result.output
    assert "not-offered" in result.output  # the hint names the explicit cells


def test_an_unknown_cell_word_is_a_located_schema_error(run: Run, tmp_path: Path) -> None:
    policies = tree(tmp_path / "p", [("sla.yaml", "within: not-stated}", "within: unknown}")])
    result = run("validate", "--policies", str(policies))
    assert result.exit_code == 1
    assert "sla.yaml:" in result.output and "error[PC2" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("old", "new", "direction", "breaking"),
    [
        ("within: {min: 4h, max: 8h}}", "within: best-effort}", "loosened", True),
        ("severities: [sev-3], within: 2d}", "severities: [sev-3], within: not-offered}",
         "loosened", True),
        ("within: not-stated}", "within: 5d}", "tightened", False),
        ("tiers: [business], within: best-effort}", "tiers: [business], within: not-offered}",
         "loosened", True),
    ],
)  # fmt: skip
def test_diff_classifies_changes_between_kinds(
    run: Run, tmp_path: Path, old: str, new: str, direction: str, breaking: bool
) -> None:
    before = tree(tmp_path / "old")
    after = tree(tmp_path / "new", [("sla.yaml", old, new)])
    result = run("diff", str(before), str(after), "--format", "json")
    data = json.loads(result.output)
    changes = data["changes"]
    assert changes, data
    assert all(c["field"] in ("promise", None) for c in changes)
    assert {c["direction"] for c in changes} == {direction}
    assert {c["breaking"] for c in changes} == {breaking}
    failing = run("diff", str(before), str(after), "--fail-on", "breaking")
    assert failing.exit_code == (1 if breaking else 0), failing.output


def test_policy_tests_pin_cells_without_target(run: Run, tmp_path: Path) -> None:
    policies = tree(tmp_path / "p")
    passing = run("test", "--policies", str(policies))
    assert passing.exit_code == 0, passing.output
    assert "3 passed, 0 failed" in passing.output
    wrong = tree(
        tmp_path / "q",
        [
            ("tests/plans.yaml", "resolution: {promise: best-effort}", "resolution: {within: 3d}"),
            ("tests/plans.yaml", "{promise: not-stated}", "{promise: best-effort}"),
        ],
    )
    failing = run("test", "--policies", str(wrong))
    assert failing.exit_code == 1
    assert "expected a resolution target, but business × sev-2 is best-effort" in failing.output
    assert "expected resolution to be best-effort, resolved not-stated" in failing.output


@pytest.mark.parametrize(
    ("within", "says"),
    [
        ("30 min", "'30 min' is not a valid duration"),
        ("asap", "hint: write durations like '90m', '4h', '1h30m' or '2d'"),
        ("best-efort", "hint: did you mean 'best-effort'?"),
        ("not stated", "hint: did you mean 'not-stated'?"),
    ],
)
def test_a_wrong_within_is_explained_by_the_form_it_resembles(
    run: Run, tmp_path: Path, within: str, says: str
) -> None:
    """A word list beside the duration form: the words only for a near miss of one of them."""
    edit = (
        "sla.yaml",
        "severities: [sev-3], within: 2d}",
        f"severities: [sev-3], within: {within}}}",
    )
    result = run("validate", "--policies", str(tree(tmp_path / "p", [edit])))
    assert result.exit_code == 1 and "error[PC206]" in result.output, result.output
    assert says in result.output, result.output
