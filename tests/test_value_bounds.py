"""Values that pass validation cannot break the output: durations are at most 366 days
(PC340, located), and no integer in routing JSON can exceed 2^53 (the schemas' `maximum`).
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from policyc.model.context import MAX_DURATION_MINUTES, duration_problem

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"
SAFE_INTEGER = 2**53 - 1  # JavaScript's Number.MAX_SAFE_INTEGER


@pytest.mark.parametrize(
    ("text", "too_long"),
    [
        ("366d", False),
        ("367d", True),
        ("8784h", False),
        ("8785h", True),
        ("527040m", False),
        ("527041m", True),
        ("365d23h60m", False),
        ("366d0h1m", True),
        ("0000000000366d", False),
        ("99999999999999999999d", True),
        ("9" * 5000 + "m", True),  # beyond Python's int-string limit: counted, not converted
    ],
)
def test_the_bound_is_366_days(text: str, too_long: bool) -> None:
    assert (duration_problem(text) is not None) is too_long
    assert MAX_DURATION_MINUTES == 366 * 24 * 60


@pytest.fixture
def vendor(tmp_path: Path) -> Path:
    """A copy of the vendor policies, to edit."""
    shutil.copytree(VENDOR, tmp_path / "policies")
    return tmp_path / "policies"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _found(done: Result) -> list[tuple[str, str, int, int]]:
    found = json.loads(done.stdout)
    if isinstance(found, dict):  # `route --format json`: the answer with its diagnostics
        found = found["diagnostics"]
    return [(d["code"], Path(d["file"]).name, d["line"], d["column"]) for d in found]


def test_route_reports_a_huge_target_at_once(run: Callable[..., Result], vendor: Path) -> None:
    """`within: 3000000d` made `route` walk the calendar for 37 s and end in PC901."""
    _replace(
        vendor / "sla.yaml", "severities: [p2], within: 4h", "severities: [p2], within: 3000000d"
    )
    _replace(vendor / "sla.yaml", "within: {min: 1d, max: 2d}", "within: {min: 1d, max: 400d}")
    start = time.monotonic()
    done = run(
        "route", "--policies", str(vendor), "--programme", "northwind-support",
        "--tier", "enterprise", "--severity", "p2", "--country", "AT",
        "--opened", "2026-12-24T17:00:00+01:00", "--format", "json",
    )  # fmt: skip
    assert time.monotonic() - start < 10
    assert done.exit_code == 1, done.output
    assert "PC901" not in done.output
    assert _found(done) == [("PC340", "sla.yaml", 10, 56), ("PC340", "sla.yaml", 12, 71)]


def test_business_day_and_escalation_delay_are_bounded(
    run: Callable[..., Result], vendor: Path
) -> None:
    _replace(vendor / "calendars.yaml", "business_day: 10h", "business_day: " + "9" * 5000 + "h")
    _replace(vendor / "regions.yaml", "delay: 30m", "delay: 367d")
    done = run("validate", "--policies", str(vendor), "--format", "json")
    assert done.exit_code == 1
    assert _found(done) == [("PC340", "calendars.yaml", 7, 15), ("PC340", "regions.yaml", 23, 50)]
    message = json.loads(done.stdout)[0]["message"]
    assert message == "duration 999999999999999999999... is longer than 366 days"


def test_policy_test_expectations_are_bounded(
    run: Callable[..., Result], vendor: Path, write: Callable[[str, str], Path]
) -> None:
    test = vendor / "tests" / "bound.yaml"
    test.parent.mkdir()
    test.write_text(
        "apiVersion: policyc/v1\nkind: PolicyTest\nid: bound\nprogramme: northwind-support\n"
        "cases:\n  - name: far\n    given: {tier: business, severity: p1, country: DE}\n"
        "    expect:\n      targets:\n        first-response: {within: 400d}\n",
        encoding="utf-8",
    )
    done = run("test", "--policies", str(vendor), "--format", "json")
    assert done.exit_code == 1
    assert _found(done) == [("PC340", "bound.yaml", 10, 34)]


def test_counts_beyond_2_to_the_53_are_located(run: Callable[..., Result], vendor: Path) -> None:
    _replace(vendor / "regions.yaml", "level: 2,", f"level: {SAFE_INTEGER + 1},")
    done = run("validate", "--policies", str(vendor), "--format", "json")
    assert done.exit_code == 1
    ((code, name, found_line, _col),) = _found(done)
    assert (code, name, found_line) == ("PC208", "regions.yaml", 24)


def _integers(node: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if node.get("type") == "integer":
            yield pointer, node
        for key, value in node.items():
            yield from _integers(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _integers(value, f"{pointer}/{i}")


@pytest.mark.parametrize("path", sorted((ROOT / "schemas").glob("*.schema.json")), ids=str)
def test_every_integer_has_a_safe_maximum(path: Path) -> None:
    """Routing JSON is read by JavaScript: no integer there (or in a policy) exceeds 2^53 − 1."""
    for pointer, schema in _integers(json.loads(path.read_text(encoding="utf-8"))):
        assert 0 <= schema.get("maximum", SAFE_INTEGER + 1) <= SAFE_INTEGER, pointer


def test_generated_routing_minutes_stay_within_the_bound() -> None:
    routing = json.loads((ROOT / "schemas" / "routing.schema.json").read_text(encoding="utf-8"))
    assert routing["$defs"]["minutes"]["maximum"] == MAX_DURATION_MINUTES
