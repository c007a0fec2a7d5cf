"""The bundled seed programmes load into an IR that states the seeds' facts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from policyc import pipeline
from policyc.model import Policies
from policyc.model.ir import Programme

POLICIES = Path(__file__).resolve().parent.parent / "policies"
LOCALES = ("en", "zh-TW", "it", "fr", "th")


@cache
def policies() -> Policies:
    result = pipeline.validate([POLICIES])
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    assert result.policies is not None
    return result.policies


def programme(pid: str) -> Programme:
    return policies().programmes[pid]


def test_policies_validate_without_findings() -> None:
    result = pipeline.validate([POLICIES])
    assert [f"{d.span.file}:{d.span.line} {d.code} {d.message}" for d in result.diagnostics] == []


def test_zoho_sev1_acknowledgement_for_premium_partners() -> None:
    zoho = programme("zoho-partner-support")
    default = zoho.default_sla
    assert default is not None
    cell = default.cell("premium", "sev-1", "acknowledgement")
    assert cell is not None
    assert (cell.target.min.minutes, cell.target.max.minutes) == (60, 180)
    assert cell.target.calendar == "zoho-business-days"
    # only the critical case types are worked around the clock: per ticket, not per cell
    assert cell.exception is None and cell.conditional == ("critical-cases",)
    sev3 = default.cell("premium", "sev-3", "consideration")
    assert sev3 is not None and (sev3.target.min.amount, sev3.target.min.unit) == (2, "day")
    assert (sev3.target.min.minutes, sev3.target.max.minutes) == (2 * 1440, 3 * 1440)


def test_dropbox_first_response_targets() -> None:
    default = programme("dropbox-premium-support").default_sla
    assert default is not None
    minutes = {
        tier: default.cell(tier, "standard", "first-response").target.max.minutes  # type: ignore[union-attr]
        for tier in ("essentials", "enhanced", "champions-grand", "champions-epic")
    }
    assert minutes == {
        "essentials": 240,
        "enhanced": 60,
        "champions-grand": 240,
        "champions-epic": 60,
    }


def test_japanese_support_hours() -> None:
    cal = policies().calendars["jst-business-hours"]
    assert cal.timezone == "Asia/Tokyo"
    assert [(i.day, i.start, i.end) for i in cal.intervals] == [
        (day, 9 * 60, 17 * 60) for day in range(5)
    ]


def test_san_marino_l4_contact_is_the_italy_manager() -> None:
    zoho = programme("zoho-partner-support")
    region = zoho.region_of("SM")
    assert region is not None and region.id == "europe-uk"
    assert zoho.escalation is not None
    chain = next(c for c in zoho.escalation.chains if c.region == region.id)
    level4 = next(lv for lv in chain.levels if lv.level == 4)
    contacts = [
        zoho.contacts[sc.contact] for sc in level4.contacts if not sc.scoped or "SM" in sc.countries
    ]
    assert [(c.name, c.email) for c in contacts] == [
        ("Francesco Orazi", "francesco.orazi@eu.zohocorp.com")
    ]


def test_large_account_threshold_for_india() -> None:
    zoho = programme("zoho-partner-support")
    rule = next(r for r in zoho.large_accounts if "IN" in r.applies_to)
    assert rule.min_seats == 100
    us = next(r for r in zoho.large_accounts if "US" in r.applies_to)
    ca = next(r for r in zoho.large_accounts if "CA" in r.applies_to)
    assert (us.min_seats, ca.min_seats) == (70, 50)


def test_team_tickets_cutoff_date() -> None:
    dates = {d.id: d.date for d in programme("dropbox-premium-support").dates}
    assert dates["team-tickets-cutoff"] == "2024-12-11"


@pytest.mark.parametrize("pid", ["dropbox-premium-support", "zoho-partner-support"])
def test_every_locale_catalog_is_complete(pid: str) -> None:
    prog = programme(pid)
    assert prog.locales == LOCALES
    keys = set(prog.catalogs["en"])
    for loc in LOCALES:
        assert set(prog.catalogs[loc]) == keys, loc


def test_seed_wording_is_kept() -> None:
    dropbox = programme("dropbox-premium-support")
    zoho = programme("zoho-partner-support")
    th = set(map(str, zoho.catalogs["th"].values()))
    assert any("การรับทราบ" in t for t in th)
    # response times are rendered from the SLA targets by the chrome's plural `within.<unit>`
    # messages, which keep the seeds' wording ("Entro 1 ora", "Dans l’heure", "4 小時內")
    assert dropbox.services[1].by_tier["enhanced"].sla is not None
    chrome = policies().chrome
    assert chrome["it"]["within.hour"] == {
        "one": "entro {count} ora",
        "many": "entro {count} ore",
        "other": "entro {count} ore",
    }
    assert chrome["fr"]["within.hour"]["one"] == "dans l’heure"  # type: ignore[index]
    assert chrome["zh-TW"]["within.hour"] == {"other": "{count} 小時內"}


def test_us_level4_is_split_by_sub_territory() -> None:
    zoho = programme("zoho-partner-support")
    assert zoho.escalation is not None
    region = zoho.region_of("US")
    assert region is not None
    chain = next(c for c in zoho.escalation.chains if c.region == region.id)
    level4 = next(lv for lv in chain.levels if lv.level == 4)
    us = [sc for sc in level4.contacts if sc.subdivisions]
    assert {zoho.contacts[sc.contact].name for sc in us} == {"Matt", "Connor", "Diana"}
    subdivisions = {s.id: s for s in region.subdivisions}
    codes = [c for sc in us for s in sc.subdivisions for c in subdivisions[s].codes]
    assert len(codes) == len(set(codes)) and "US-NY" in codes and "US-CA" in codes


def test_third_programme_shape_validates_with_no_code_change() -> None:
    vendor = Path(__file__).parent / "cases" / "vendor" / "policies"
    result = pipeline.validate([vendor])
    assert result.diagnostics == []
    assert result.policies is not None
    prog = result.policies.programmes["northwind-support"]
    default = prog.default_sla
    assert default is not None
    p1 = default.cell("enterprise", "p1", "first-response")
    assert p1 is not None and p1.exception == "p1-nonstop" and p1.target.max.minutes == 30
    p4 = default.cell("standard", "p4", "first-response")
    assert p4 is not None and (p4.target.min.minutes, p4.target.max.minutes) == (600, 1200)


def test_what_no_seed_states_is_not_stated() -> None:
    """Issue 19: a fact no source gives is `not stated` in the IR, not a guess."""
    dropbox = programme("dropbox-premium-support")
    services = {s.id: s for s in dropbox.services}
    for sid in (
        "support-24-7",
        "implementation-consultation",
        "root-cause-meeting",
        "live-webinars",
    ):
        by_tier = services[sid].by_tier
        assert by_tier["champions-grand"].included is None, sid
        assert by_tier["champions-epic"].included is None, sid
        assert by_tier["essentials"].included is not None, sid
    japanese = next(p for p in dropbox.sla_policies if p.id == "japanese-language")
    assert sorted({c.tier for c in japanese.cells}) == ["enhanced", "essentials"]
    assert policies().calendars["dash-live-support"].not_stated == ("days",)

    zoho = programme("zoho-partner-support")
    (template,) = zoho.request_templates
    required = {f.id: f.required for f in template.fields}
    assert [f for f, r in required.items() if r is not None] == [
        "troubleshooting-steps",
        "attachments",
    ]
    assert required["troubleshooting-steps"] is False and required["attachments"] is False
    assert policies().calendars["zoho-business-days"].not_stated == ("timezone",)
    stated = [r.id for r in zoho.regions if "countries" not in r.not_stated]
    assert stated == ["india", "europe-uk", "usa-canada", "brazil"]
