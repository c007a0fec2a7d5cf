"""Conditions on tier, severity, region, country and case type: SLA policies and calendar
exceptions, their precedence, ambiguous overlaps, and Zoho's critical cases as the source
says (business days; downtime, system crash and login problems worked at weekends).

Everything goes through the CLI (`validate`, `route`, `build`) on the seeds or on copies of
the vendor fixture with a few YAML edits.
"""

from __future__ import annotations

import json
import re
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
        assert cases in without_word_marks(html), locale


def without_word_marks(html: str) -> str:
    """A page without the Thai word marks of its text (`<span class="w">`, `<wbr>`)."""
    return re.sub(r'<span class="w">([^<]*)</span>', r"\1", html.replace("<wbr>", ""))


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


# -- business hours in the customer's local region ------------------------------------------

PARIS = """---
apiVersion: policyc/v1
kind: Calendar
id: paris-office
programme: northwind-support
name: calendar.berlin-office
timezone: Europe/Paris
business_day: 8h
hours:
  - {days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00"}
holidays:
  - {date: "2026-05-01", name: holiday.christmas}
"""


def regional(dest: Path) -> Path:
    tree = vendor(
        dest,
        [("sla.yaml", "calendar: berlin-office\n", "calendar: berlin-office\n"
          "region_calendars: {france: paris-office}\n")],
    )  # fmt: skip
    with (tree / "calendars.yaml").open("a", encoding="utf-8") as f:
        f.write(PARIS)
    return tree


def test_calendar_by_customer_region(run: Run, tmp_path: Path) -> None:
    tree = regional(tmp_path / "p")
    args = ["--programme", "northwind-support", "--tier", "standard", "--severity", "p3"]
    opened = ["--opened", "2026-04-30T16:00:00+02:00"]  # Thursday; 1 May is a Paris holiday
    france = route_json(run, tree, *args, "--country", "MC", *opened)["resolution"]
    first = france["targets"][0]
    assert (first["calendar"], first["base_calendar"]) == ("paris-office", "paris-office")
    assert first["min"] == {"minutes": 480, "amount": 1, "unit": "day"}  # a Paris day: 8h
    # 1 h on Thursday, Friday is a holiday, 7 h on Monday
    assert first["due"]["latest"] == "2026-05-04T14:00:00Z"
    germany = route_json(run, tree, *args, "--country", "DE", *opened)["resolution"]
    assert germany["targets"][0]["calendar"] == "berlin-office"
    assert germany["targets"][0]["min"]["minutes"] == 600
    nowhere = route_json(run, tree, *args)["resolution"]
    assert nowhere["targets"][0]["calendar"] == "berlin-office"
    # the region's calendar brings its own exceptions: Paris has none, so P1 is not nonstop
    p1 = route_json(run, tree, *args[:4], "--severity", "p1", "--country", "FR")["resolution"]
    assert (p1["targets"][0]["calendar"], p1["targets"][0]["exception"]) == ("paris-office", None)
    p1 = route_json(run, tree, *args[:4], "--severity", "p1", "--country", "AT")["resolution"]
    assert (p1["targets"][0]["calendar"], p1["targets"][0]["exception"]) == (
        "nonstop",
        "p1-nonstop",
    )


def test_region_calendars_in_page_python_and_routing(run: Run, tmp_path: Path) -> None:
    tree = regional(tmp_path / "p")
    (tree / "chrome").mkdir()
    for locale in ("en", "fr"):
        shutil.copyfile(
            SEEDS / "shared" / "chrome" / f"{locale}.yaml", tree / "chrome" / f"{locale}.yaml"
        )
    out = tmp_path / "out"
    built = run("build", "--policies", str(tree), "--out", str(out))
    assert built.exit_code == 0, built.output
    page = (out / "docs" / "en" / "northwind-support.md").read_text("utf-8")
    assert "France and Monaco: Berlin office hours (" in page and "Europe/Paris" in page
    table = json.loads((out / "routing" / "northwind-support.json").read_text("utf-8"))
    (policy,) = table["sla_policies"]
    assert policy["region_calendars"] == {"france": "paris-office"}
    cell = policy["targets"]["standard"]["p3"]["first-response"]
    assert cell["calendar"] == "berlin-office" and cell["min"]["minutes"] == 600
    assert cell["by_region"]["france"]["calendar"] == "paris-office"
    assert cell["by_region"]["france"]["min"]["minutes"] == 480
    for name in [m for m in sys.modules if m.split(".")[0] == "support_policies"]:
        del sys.modules[name]
    sys.path.insert(0, str(out / "python"))
    try:
        from support_policies import Target
        from support_policies import northwind_support as northwind
    finally:
        sys.path.pop(0)
        for name in [m for m in sys.modules if m.split(".")[0] == "support_policies"]:
            del sys.modules[name]
    target = northwind.sla("standard", "p3", "first-response")
    assert isinstance(target, Target)
    local = target.for_region(northwind.Region.FRANCE)
    assert (local.calendar.id, local.min_minutes) == ("paris-office", 480)
    assert target.for_region("dach") is target and target.for_region(None) is target


# -- leftovers: warnings with their own codes -----------------------------------------------


def test_unused_calendar_unmentioned_case_type_and_early_key_date_warn(
    run: Run, tmp_path: Path
) -> None:
    tree = vendor(
        tmp_path / "p",
        [("programme.yaml", 'valid_to: "2026-12-31"\n', 'valid_to: "2026-12-31"\n'
          "dates:\n  - {id: cutoff, date: '2025-06-30', text: programme.summary}\n")],
        extra=policy("outages", "{case_types: [outage]}", "15m"),
    )  # fmt: skip
    with (tree / "calendars.yaml").open("a", encoding="utf-8") as f:
        f.write(PARIS)
    result = run("validate", "--policies", str(tree))
    assert result.exit_code == 0, result.output  # warnings only
    found = {
        line.split("[")[1].split("]")[0]: line
        for line in result.output.splitlines()
        if "warning[" in line
    }
    assert set(found) == {"PC333", "PC334", "PC335"}, result.output
    assert "calendars.yaml:" in found["PC333"] and "'paris-office'" in found["PC333"]
    assert "programme.yaml:" in found["PC334"] and "'question'" in found["PC334"]
    assert "'cutoff' (2025-06-30) is before valid_from 2026-01-01" in found["PC335"]
    used = regional(tmp_path / "q")  # the same calendar chosen for a region: no PC333
    assert "PC333" not in run("validate", "--policies", str(used)).output


# -- fixed-offset zones as pages write them ---------------------------------------------------


def test_etc_gmt_zone_is_shown_with_its_real_sign(run: Run, tmp_path: Path) -> None:
    tree = vendor(
        tmp_path / "p", [("calendars.yaml", "timezone: Europe/Berlin", "timezone: Etc/GMT-1")]
    )
    (tree / "chrome").mkdir()
    for locale in ("en", "fr"):
        shutil.copyfile(
            SEEDS / "shared" / "chrome" / f"{locale}.yaml", tree / "chrome" / f"{locale}.yaml"
        )
    out = tmp_path / "out"
    assert run("build", "--policies", str(tree), "--out", str(out)).exit_code == 0
    for locale in ("en", "fr"):
        page = (out / "docs" / locale / "northwind-support.md").read_text("utf-8")
        assert "UTC+1 (Etc/GMT-1)" in page, locale
        assert "GMT-1)" not in page.replace("(Etc/GMT-1)", ""), locale


@pytest.mark.parametrize(("written", "meant"), [("GMT+1", "Etc/GMT-1"), ("UTC-6", "Etc/GMT+6")])
def test_offset_written_like_a_page_is_refused_with_the_right_zone(
    run: Run, tmp_path: Path, written: str, meant: str
) -> None:
    tree = vendor(
        tmp_path / "p", [("calendars.yaml", "timezone: Europe/Berlin", f"timezone: {written}")]
    )
    result = run("validate", "--policies", str(tree))
    assert result.exit_code == 1
    assert f"error[PC315] unknown IANA time zone '{written}'" in result.output
    assert f"'{written}' is written '{meant}' in the tz database" in result.output


# -- words that match the promise -------------------------------------------------------------


def test_target_heading_follows_the_commitment(run: Run, tmp_path: Path) -> None:
    committed = {
        "en": "Committed response times",
        "fr": "Engagements de délai de réponse",
        "it": "Impegni sui tempi di risposta",
        "zh-TW": "承諾回應時間",
        "th": "เวลาตอบกลับที่ให้คำมั่น",
    }
    for locale, heading in committed.items():
        page = (GENERATED / "docs" / locale / "zoho-partner-support.md").read_text("utf-8")
        assert f"## {heading}\n" in page, locale
    guaranteed = {"en": "Guaranteed response times", "fr": "Délais de réponse garantis"}
    for locale, heading in guaranteed.items():  # Dropbox: "guaranteed a reply"
        page = (GENERATED / "docs" / locale / "dropbox-premium-support.md").read_text("utf-8")
        assert f"## {heading}\n" in page, locale
    neutral = vendor(tmp_path / "n")
    (neutral / "chrome").mkdir()
    shutil.copyfile(SEEDS / "shared" / "chrome" / "fr.yaml", neutral / "chrome" / "fr.yaml")
    shutil.copyfile(SEEDS / "shared" / "chrome" / "en.yaml", neutral / "chrome" / "en.yaml")
    assert run("build", "--policies", str(neutral), "--out", str(tmp_path / "o")).exit_code == 0
    french = (tmp_path / "o" / "docs" / "fr" / "northwind-support.md").read_text("utf-8")
    assert "## Délais de réponse cibles\n" in french and "garanti" not in french
    tree = vendor(
        tmp_path / "p",
        [("programme.yaml", "metrics:\n", "commitment: guaranteed\nmetrics:\n")],
    )
    (tree / "chrome").mkdir()
    for locale in ("en", "fr"):
        shutil.copyfile(
            SEEDS / "shared" / "chrome" / f"{locale}.yaml", tree / "chrome" / f"{locale}.yaml"
        )
    out = tmp_path / "out"
    assert run("build", "--policies", str(tree), "--out", str(out)).exit_code == 0
    html = (out / "site" / "fr" / "northwind-support" / "index.html").read_text("utf-8")
    assert "<h2>Délais de réponse garantis</h2>" in html
    assert "## Guaranteed response times\n" in (
        out / "docs" / "en" / "northwind-support.md"
    ).read_text("utf-8")


def test_diff_reports_case_types_commitment_and_per_ticket_exceptions(
    run: Run, tmp_path: Path
) -> None:
    old = vendor(tmp_path / "old")
    new = vendor(
        tmp_path / "new",
        [
            ("programme.yaml", "metrics:\n", "commitment: committed\nmetrics:\n"),
            ("programme.yaml", "  - {id: question, name: tier.standard}\n", ""),
            (
                "calendars.yaml",
                "{id: p1-nonstop, severities: [p1], calendar: nonstop, text: calendar.p1-nonstop}",
                "{id: p1-nonstop, case_types: [outage], calendar: nonstop,"
                " text: calendar.p1-nonstop}",
            ),
        ],
    )
    data = json.loads(run("diff", str(old), str(new), "--format", "json").output)
    found = {(c["section"], c["field"], json.dumps(c["subject"])) for c in data["changes"]}
    assert ("programme", "commitment", json.dumps({"programme": "northwind-support"})) in found
    assert any(s == "metrics" and "question" in subj for s, _f, subj in found)
    per_ticket = [c for c in data["changes"] if c["field"] == "exceptions for some tickets"]
    assert per_ticket and all(c["new"] == ["p1-nonstop"] for c in per_ticket)
    text = run("diff", str(old), str(new)).output
    assert "case type question removed" in text
