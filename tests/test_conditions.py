"""Conditions on tier, severity, region, country and case type: SLA policies and calendar
exceptions, their precedence, ambiguous overlaps, and Zoho's critical cases as the source
says (business days; downtime, system crash and login problems worked at weekends).

Everything goes through the CLI (`validate`, `route`, `build`) on the seeds or on copies of
the vendor fixture with a few YAML edits.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "policies"
GENERATED = ROOT / "generated"
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"
ZOHO = ["--programme", "zoho-partner-support", "--tier", "premium", "--severity", "sev-1"]
SATURDAY = ["--country", "MC", "--opened", "2026-03-28T10:00:00+01:00"]

Run = Callable[..., Result]

CASE_TYPES = """case_types:
  - {id: outage, name: tier.enterprise}
  - {id: question, name: tier.standard}
"""


def vendor(dest: Path, edits: list[tuple[str, str, str]] = (), extra: str = "") -> Path:  # type: ignore[assignment]
    """The vendor fixture with case types, `(file, old, new)` edits and extra SLA documents."""
    shutil.copytree(VENDOR, dest)
    programme = dest / "programme.yaml"
    programme.write_text(programme.read_text(encoding="utf-8") + CASE_TYPES, encoding="utf-8")
    for file, old, new in edits:
        path = dest / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{file}: {old!r} not found"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if extra:
        with (dest / "sla.yaml").open("a", encoding="utf-8") as f:
            f.write(extra)
    return dest


def policy(pid: str, applies_to: str, within: str, priority: int | None = None) -> str:
    lines = [
        "---",
        "apiVersion: policyc/v1",
        "kind: SlaPolicy",
        f"id: {pid}",
        "programme: northwind-support",
        "name: sla.standard-terms",
        "calendar: berlin-office",
        f"applies_to: {applies_to}",
        *([f"priority: {priority}"] if priority is not None else []),
        f"targets: [{{metric: first-response, within: {within}}}]",
    ]
    return "\n".join(lines) + "\n"


def route_json(run: Run, policies: Path, *args: str) -> dict[str, Any]:
    result = run("route", "--policies", str(policies), *args, "--format", "json")
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# -- Zoho: business days, critical case types at the weekend -----------------------------


def test_zoho_sev1_without_critical_case_type_waits_for_business_days(run: Run) -> None:
    data = route_json(run, SEEDS, *ZOHO, *SATURDAY)
    (ack, consideration) = data["resolution"]["targets"]
    assert ack["calendar"] == "zoho-business-days" and ack["exception"] is None
    # Monday 00:00 in Kolkata is Sunday 18:30 UTC: one to three hours after that
    assert ack["due"] == {"earliest": "2026-03-29T19:30:00Z", "latest": "2026-03-29T21:30:00Z"}
    assert consideration["calendar"] == "zoho-business-days"


@pytest.mark.parametrize("case_type", ["downtime", "system-crash", "login"])
def test_zoho_critical_case_types_are_worked_at_the_weekend(run: Run, case_type: str) -> None:
    data = route_json(run, SEEDS, *ZOHO, *SATURDAY, "--case-type", case_type)
    ack = data["resolution"]["targets"][0]
    assert data["resolution"]["case_type"] == case_type
    assert (ack["calendar"], ack["exception"]) == ("always-open", "critical-cases")
    assert ack["due"] == {"earliest": "2026-03-28T10:00:00Z", "latest": "2026-03-28T12:00:00Z"}


def test_route_text_explains_the_matching_exception(run: Run) -> None:
    result = run("route", *ZOHO, *SATURDAY, "--case-type", "login")
    assert result.exit_code == 0, result.output
    assert "ticket      case type login" in result.output
    assert (
        "on always-open (critical-cases exception of zoho-business-days, "
        "matched case_types: downtime, system-crash, login)" in result.output
    )


def test_unknown_case_type_is_pc506_with_a_suggestion(run: Run) -> None:
    result = run("route", *ZOHO, "--case-type", "logn")
    assert result.exit_code == 1
    assert "<--case-type>" in result.output and "error[PC506]" in result.output
    assert "unknown case type 'logn'" in result.output and "did you mean 'login'" in result.output


def test_zoho_pages_say_business_time_and_name_the_critical_cases() -> None:
    words = {
        "en": ("business time", "Downtime, System crash, and Login problems"),
        "fr": ("heures ouvrées", "Interruption, Panne du système et Problème de connexion"),
        "it": ("orario lavorativo", "Tempo di inattività, Arresto anomalo del sistema e"),
        "zh-TW": ("營業時間", "停機、系統當機和登入問題"),
        "th": ("เวลาทำการ", "การหยุดทำงาน การล่มของระบบ และปัญหาในการเข้าสู่ระบบ"),
    }
    for locale, (business, cases) in words.items():
        page = (GENERATED / "docs" / locale / "zoho-partner-support.md").read_text("utf-8")
        assert cases in page, locale
        rows = [line for line in page.splitlines() if line.startswith("| **")]
        sev1 = [r for r in rows if "1–3" in r or "1-3" in r]
        assert sev1 and all(business in r for r in sev1), (locale, sev1)
        html = (GENERATED / "site" / locale / "zoho-partner-support" / "index.html").read_text(
            "utf-8"
        )
        assert cases in html, locale


def test_zoho_python_and_routing_agree() -> None:
    for name in [m for m in sys.modules if m.split(".")[0] == "support_policies"]:
        del sys.modules[name]  # another test may have imported a package of another tree
    sys.path.insert(0, str(GENERATED / "python"))
    try:
        from support_policies import Target
        from support_policies import zoho_partner_support as zoho
    finally:
        sys.path.pop(0)
    target = zoho.sla("premium", "sev-1", "acknowledgement")
    assert isinstance(target, Target)
    assert target.calendar.id == "zoho-business-days" and target.exception is None
    assert target.calendar_for().id == "zoho-business-days"
    assert target.calendar_for(case_type=zoho.CaseType.LOGIN).id == "always-open"
    assert [c.exception.id for c in target.conditional] == ["critical-cases"]
    table = json.loads((GENERATED / "routing" / "zoho-partner-support.json").read_text("utf-8"))
    cell = table["sla_policies"][0]["targets"]["premium"]["sev-1"]["acknowledgement"]
    assert cell["calendar"] == "zoho-business-days"
    assert cell["conditional_exceptions"] == ["critical-cases"]
    (exception,) = table["calendars"]["zoho-business-days"]["exceptions"]
    assert exception["case_types"] == ["downtime", "system-crash", "login"]
    assert exception["per_ticket"] is True and exception["severities"] == []
    assert [c["id"] for c in table["case_types"]] == ["downtime", "system-crash", "login"]


# -- SLA policies by tier, region, country, case type --------------------------------------


def test_policy_by_region_tier_and_case_type(run: Run, tmp_path: Path) -> None:
    extra = policy(
        "dach-outages", "{regions: [dach], tiers: [enterprise], case_types: [outage]}", "15m"
    )
    tree = vendor(tmp_path / "p", extra=extra)
    base = ["--programme", "northwind-support", "--tier", "enterprise", "--severity", "p2"]
    hit = route_json(run, tree, *base, "--country", "AT", "--case-type", "outage")["resolution"]
    assert hit["sla_policy"] == "dach-outages"
    assert hit["targets"][0]["policy"] == "dach-outages"
    assert hit["targets"][0]["min"]["minutes"] == 15
    assert hit["targets"][1]["policy"] == "standard-terms"  # resolution: from the default
    for other in (
        ["--country", "FR", "--case-type", "outage"],  # another region
        ["--country", "AT", "--case-type", "question"],  # another case type
        ["--country", "AT"],  # no case type given: the condition does not match
    ):
        miss = route_json(run, tree, *base, *other)["resolution"]
        assert miss["sla_policy"] == "standard-terms", other
    business = route_json(
        run, tree, "--programme", "northwind-support", "--tier", "business", "--severity", "p2",
        "--country", "AT", "--case-type", "outage",
    )  # fmt: skip
    assert business["resolution"]["sla_policy"] == "standard-terms"
    text = run("route", "--policies", str(tree), *base, "--country", "CH", "--case-type", "outage")
    assert "(matched tiers: enterprise; regions: dach; case_types: outage)" in text.output


def test_overlapping_policies_are_a_located_error_until_priority_settles(
    run: Run, tmp_path: Path
) -> None:
    extra = policy("by-country", "{countries: [AT]}", "20m") + policy(
        "by-case", "{case_types: [outage]}", "25m"
    )
    tree = vendor(tmp_path / "p", extra=extra)
    result = run("validate", "--policies", str(tree))
    assert result.exit_code == 1
    assert "error[PC330]" in result.output and "sla.yaml:" in result.output
    assert "'by-case' and 'by-country' can both match one ticket" in result.output
    assert "priority" in result.output  # the hint
    settled = vendor(
        tmp_path / "q",
        extra=policy("by-country", "{countries: [AT]}", "20m", priority=5)
        + policy("by-case", "{case_types: [outage]}", "25m"),
    )
    assert run("validate", "--policies", str(settled)).exit_code == 0
    args = ["--programme", "northwind-support", "--tier", "standard", "--severity", "p3"]
    answer = route_json(run, settled, *args, "--country", "AT", "--case-type", "outage")
    assert answer["resolution"]["sla_policy"] == "by-country"
    disjoint = vendor(
        tmp_path / "r",
        extra=policy("austria", "{countries: [AT]}", "20m")
        + policy("france", "{regions: [france]}", "25m"),
    )
    assert run("validate", "--policies", str(disjoint)).exit_code == 0


def test_exception_by_case_type_and_overlap(run: Run, tmp_path: Path) -> None:
    cases = vendor(
        tmp_path / "p",
        [
            (
                "calendars.yaml",
                "{id: p1-nonstop, severities: [p1], calendar: nonstop, text: calendar.p1-nonstop}",
                "{id: p1-nonstop, severities: [p1], calendar: nonstop, text: calendar.p1-nonstop}\n"
                "  - {id: outages, case_types: [outage], severities: [p2], calendar: nonstop,"
                " text: calendar.p1-nonstop}",
            )
        ],
    )
    assert run("validate", "--policies", str(cases)).exit_code == 0
    args = ["--programme", "northwind-support", "--tier", "business", "--severity", "p2"]
    friday = ["--opened", "2026-03-27T17:30:00+01:00"]
    outage = route_json(run, cases, *args, *friday, "--case-type", "outage")["resolution"]
    assert outage["targets"][0]["exception"] == "outages"
    assert outage["targets"][0]["calendar"] == "nonstop"
    question = route_json(run, cases, *args, *friday, "--case-type", "question")["resolution"]
    assert question["targets"][0]["calendar"] == "berlin-office"
    overlap = vendor(
        tmp_path / "q",
        [
            (
                "calendars.yaml",
                "{id: p1-nonstop, severities: [p1], calendar: nonstop, text: calendar.p1-nonstop}",
                "{id: p1-nonstop, severities: [p1], calendar: nonstop, text: calendar.p1-nonstop}\n"
                "  - {id: outages, case_types: [outage], calendar: nonstop,"
                " text: calendar.p1-nonstop}",
            )
        ],
    )
    result = run("validate", "--policies", str(overlap))
    assert result.exit_code == 1 and "error[PC331]" in result.output
    assert "calendars.yaml:" in result.output


def test_unknown_ids_in_conditions_are_located(run: Run, tmp_path: Path) -> None:
    tree = vendor(
        tmp_path / "p",
        [("calendars.yaml", "severities: [p1], calendar: nonstop", "case_types: [outag], calendar: nonstop")],
        extra=policy("x", "{case_types: [questoin], regions: [benelux]}", "1h"),
    )  # fmt: skip
    result = run("validate", "--policies", str(tree))
    assert result.exit_code == 1
    assert "unknown case type 'outag'" in result.output
    assert "unknown case type 'questoin'" in result.output
    assert "unknown region 'benelux'" in result.output
    assert result.output.count("error[PC301]") == 3
