"""Schema validation: every error located at the right line:col, in one run, readable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from syrupy.assertion import SnapshotAssertion

from policyc.load import load_text
from policyc.validate import validate_documents

HEAD = "apiVersion: policyc/v1\n"


def diags(text: str) -> list[tuple[str, int, int, str]]:
    docs, found = load_text(text, "f.yaml")
    assert not found
    _, errors = validate_documents(docs)
    return [(d.code, d.span.line, d.span.col, d.message) for d in errors]


CAL = HEAD + "kind: Calendar\nid: office\nname: calendar.office\ntimezone: UTC\n"


def test_valid_calendar() -> None:
    assert diags(CAL + "hours: [{days: [mon], from: '09:00', to: '17:00'}]\n") == []


def test_missing_api_version_and_unknown_kind() -> None:
    assert diags("kind: Calendar\n")[0][:3] == ("PC201", 1, 1)
    code, line, col, _message = diags(HEAD + "kind: Calender\n")[0]
    assert (code, line, col) == ("PC202", 2, 7)
    docs, _ = load_text(HEAD + "kind: Calender\n", "f.yaml")
    assert "did you mean 'Calendar'" in (validate_documents(docs)[1][0].hint or "")


def test_not_a_mapping() -> None:
    assert diags("- a\n- b\n")[0][:3] == ("PC209", 1, 1)


def test_nested_errors_in_lists_are_located() -> None:
    text = CAL + (
        "hours:\n"
        "  - {days: [mon], from: '09:00', to: '17:00'}\n"
        "  - days: [mon, someday]\n"
        "    from: 9:00\n"
        "    to: '25:00'\n"
    )
    found = diags(text)
    assert [(c, ln, col) for c, ln, col, _ in found] == [
        ("PC206", 8, 17),
        ("PC206", 9, 11),
        ("PC206", 10, 9),
    ]


def test_missing_required_points_at_parent_key() -> None:
    text = CAL + "hours:\n  - days: [mon]\n    from: '09:00'\n"
    assert diags(text) == [("PC203", 7, 5, "missing required property 'to'")]


def test_missing_required_at_top_level() -> None:
    found = diags(HEAD + "kind: Calendar\nid: office\nname: calendar.office\nhours: []\n")
    assert found == [("PC203", 1, 1, "missing required property 'timezone'")]


def test_unknown_property_suggests_near_miss() -> None:
    docs, _ = load_text(CAL + "hours: []\nholidys: []\n", "f.yaml")
    (error,) = validate_documents(docs)[1]
    assert (error.code, error.span.line, error.span.col) == ("PC204", 7, 1)
    assert error.hint == "did you mean 'holidays'?"


def test_number_where_text_is_expected_shows_source_text() -> None:
    found = diags(HEAD + "kind: Catalog\nprogramme: p\nlocale: en\nmessages:\n  version: 1.10\n")
    assert found == [("PC205", 6, 12, "expected text, got the number 1.10 (read as 1.1)")]


def test_formats_are_checked() -> None:
    text = CAL + "hours: []\nholidays: [{date: '2026-02-30', name: holiday.x}]\n"
    assert [c[:3] for c in diags(text)] == [("PC207", 7, 19)]


def test_bad_range_target_shape() -> None:
    text = (
        HEAD + "kind: SlaPolicy\nid: s\nprogramme: p\nname: sla.s\ncalendar: c\n"
        "targets:\n  - {metric: m, within: {min: 1h}}\n"
    )
    assert diags(text) == [("PC203", 8, 17, "missing required property 'max' in 'within'")]


@pytest.fixture
def broken_tree(write: Callable[[str, str], Path], tmp_path: Path) -> Path:
    write(
        "policies/a.yaml",
        """
        apiVersion: policyc/v1
        kind: Calendar
        id: Office
        name: calendar.office
        timezone: UTC
        hours: [{days: [mon], from: '9:00', to: '17:00'}]
        """,
    )
    write("policies/b.yaml", "apiVersion: policyc/v1\nkind: Calender\nid: x\n")
    write("policies/c.yaml", "a: 1\na: 2\n")
    write("policies/sub/d.yml", "apiVersion: policyc/v2\nkind: Calendar\n")
    return tmp_path


def test_all_errors_of_all_files_in_one_run_sorted(
    broken_tree: Path,
    run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    snapshot: SnapshotAssertion,
) -> None:
    monkeypatch.chdir(broken_tree)
    result = run("validate")
    assert result.exit_code == 1
    assert result.stderr == snapshot


@pytest.mark.parametrize("fmt", ["json", "github"])
def test_machine_formats(
    fmt: str,
    broken_tree: Path,
    run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    snapshot: SnapshotAssertion,
) -> None:
    monkeypatch.chdir(broken_tree)
    result = run("validate", "--format", fmt)
    assert result.exit_code == 1
    assert result.stdout == snapshot
