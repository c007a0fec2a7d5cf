"""`policyc route`: text and JSON answers, diagnostics with did-you-mean, exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from syrupy.assertion import SnapshotAssertion

ROOT = Path(__file__).resolve().parent.parent
SEEDS = str(ROOT / "policies")
VENDOR = str(ROOT / "tests" / "cases" / "vendor" / "policies")
MONACO = (
    "--programme",
    "zoho-partner-support",
    "--tier",
    "premium",
    "--severity",
    "sev-1",
    "--country",
    "MC",
    "--seats",
    "80",
    "--opened",
    "2026-03-27T17:30:00+01:00",
    "--case-type",
    "downtime",
)


NORTHWIND = (
    "--programme",
    "northwind-support",
    "--tier",
    "enterprise",
    "--severity",
    "p2",
    "--country",
    "at",
    "--seats",
    "12",
    "--opened",
    "2026-12-24T17:00:00+01:00",
)


def test_text_answer(run: Callable[..., Result], snapshot: SnapshotAssertion) -> None:
    result = run("route", *NORTHWIND, "--policies", VENDOR)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == snapshot


def test_json_answer(run: Callable[..., Result], snapshot: SnapshotAssertion) -> None:
    result = run("route", *NORTHWIND, "--format", "json", "--policies", VENDOR)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == snapshot


def test_zoho_monaco_text(run: Callable[..., Result]) -> None:
    result = run("route", *MONACO, "--policies", SEEDS)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "country     MC → region europe-uk — Europe & UK" in lines
    assert (
        "                   1h–3h on always-open (critical-cases exception of zoho-business-days,"
        " matched case_types: downtime, system-crash, login)"
    ) in lines
    # in the zone of the calendar measured on (always-open: UTC)
    assert (
        "                   due 2026-03-27T17:30:00+00:00 … 2026-03-27T19:30:00+00:00 (Etc/UTC)"
    ) in lines
    assert "large account  yes: 80 user-licences (rule europe-uk: ≥ 60 user-licences)" in lines
    assert lines[-1].startswith("        Claire Tredez <claire.tredez@eu.zohocorp.com>")


def test_due_is_shown_with_the_offset_of_its_date(run: Callable[..., Result]) -> None:
    """Opened before the 29 March 2026 change, due after it: shown as 08:00+02:00 in the
    calendar's zone, not 07:00+01:00 in the opening's offset."""
    result = run(
        "route", "--programme", "northwind-support", "--tier", "standard", "--severity", "p2",
        "--country", "DE", "--opened", "2026-03-27T14:00:00+01:00", "--policies", VENDOR,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # 4 business hours: 4 h left on Friday (14:00–18:00), so due Friday 18:00
    assert "due 2026-03-27T18:00:00+01:00 (Europe/Berlin)" in result.stdout
    result = run(
        "route", "--programme", "northwind-support", "--tier", "standard", "--severity", "p3",
        "--country", "DE", "--opened", "2026-03-27T17:00:00+01:00", "--policies", VENDOR,
    )  # fmt: skip
    assert "due 2026-03-30T17:00:00+02:00 (Europe/Berlin)" in result.stdout


def test_zoho_monaco_json(run: Callable[..., Result]) -> None:
    result = run("route", *MONACO, "--format", "json", "--policies", SEEDS)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["diagnostics"] == []
    answer = data["resolution"]
    assert answer["opened"] == "2026-03-27T16:30:00Z"
    assert answer["targets"][0]["due"] == {
        "earliest": "2026-03-27T17:30:00Z",
        "latest": "2026-03-27T19:30:00Z",
    }
    assert answer["large_account"]["large"] is True
    assert [c["contact"] for c in answer["escalation"][3]["contacts"]] == ["claire-tredez"]


def test_us_without_sub_territory_lists_every_territory(run: Callable[..., Result]) -> None:
    args = ("--programme", "zoho-partner-support", "--tier", "advanced", "--severity", "sev-3")
    result = run("route", *args, "--country", "US", "--policies", SEEDS)
    assert result.exit_code == 0
    for person, territory in (("Matt", "us-east"), ("Connor", "us-west"), ("Diana", "us-central")):
        assert f"{person} <" in result.stdout
        assert f"sub-territories: {territory}" in result.stdout


def test_warnings_go_with_the_answer(run: Callable[..., Result]) -> None:
    args = ("--programme", "dropbox-premium-support", "--tier", "essentials")
    result = run("route", *args, "--severity", "standard", "--language", "jp", "--policies", SEEDS)
    assert result.exit_code == 0
    assert "warning[PC508]" in result.stderr and "did you mean 'ja'?" in result.stderr
    assert "SLA policy  standard" in result.stdout
    result = run(
        "route",
        *args,
        "--severity",
        "standard",
        "--language",
        "jp",
        "--format",
        "json",
        "--policies",
        SEEDS,
    )
    data = json.loads(result.stdout)
    assert [d["code"] for d in data["diagnostics"]] == ["PC508"]
    assert data["resolution"]["sla_policy"] == "standard"


@pytest.mark.parametrize(
    ("option", "value", "code", "suggestion"),
    [
        ("--programme", "zoho-partner", "PC501", "zoho-partner-support"),
        ("--tier", "premum", "PC502", "premium"),
        ("--severity", "sev-l", "PC503", "sev-1"),
        ("--country", "UK", "PC504", "GB"),
        ("--subdivision", "US-NYC", "PC505", "US-NY"),
        ("--channel", "phon", "PC506", "phone"),
        ("--opened", "2026-03-27 17:30", "PC507", "+01:00"),
    ],
)
def test_unknown_value_is_a_diagnostic_with_did_you_mean(
    run: Callable[..., Result], option: str, value: str, code: str, suggestion: str
) -> None:
    args = dict(zip(MONACO[::2], MONACO[1::2], strict=True))
    args[option] = value
    argv = [x for pair in args.items() for x in pair]
    result = run("route", *argv, "--policies", SEEDS)
    assert result.exit_code == 1
    assert f"error[{code}]" in result.stderr and suggestion in result.stderr
    assert f"<{option}>" in result.stderr  # the diagnostic names the option
    assert result.stdout == ""
    result = run("route", *argv, "--format", "json", "--policies", SEEDS)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["resolution"] is None
    assert [d["code"] for d in data["diagnostics"]] == [code]


def test_unknown_values_snapshot(run: Callable[..., Result], snapshot: SnapshotAssertion) -> None:
    result = run(
        "route",
        "--programme",
        "zoho-partner-support",
        "--tier",
        "premum",
        "--severity",
        "sev-1",
        "--country",
        "UK",
        "--policies",
        SEEDS,
    )
    assert result.exit_code == 1
    assert result.stderr == snapshot


def test_missing_policy_directory_is_an_environment_error(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    result = run("route", *MONACO, "--policies", str(tmp_path / "nope"))
    assert result.exit_code == 2 and "PC113" in result.stderr


def test_broken_policies_are_reported_not_routed(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    (tmp_path / "bad.yaml").write_text("apiVersion: policyc/v1\nkind: Nope\n", encoding="utf-8")
    result = run("route", *MONACO, "--policies", str(tmp_path), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["resolution"] is None and data["diagnostics"]


def test_required_options(run: Callable[..., Result]) -> None:
    result = run("route", "--programme", "x")
    assert result.exit_code == 2 and "--tier" in result.stderr


def test_vendor_fixture(run: Callable[..., Result]) -> None:
    result = run(
        "route",
        "--programme",
        "northwind-support",
        "--tier",
        "enterprise",
        "--severity",
        "p1",
        "--country",
        "at",
        "--opened",
        "2026-12-24T17:00:00+01:00",
        "--policies",
        VENDOR,
    )
    assert result.exit_code == 0
    assert "30m on nonstop (p1-nonstop exception of berlin-office)" in result.stdout
    assert "due 2026-12-24T16:30:00+00:00 (Etc/UTC)" in result.stdout  # the calendar's zone
    assert "L1  Duty manager on call (after 30 min)" in result.stdout
