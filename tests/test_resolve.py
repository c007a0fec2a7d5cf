"""Route resolution on the seed programmes: the cases the issue names, and unknown inputs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from policyc import pipeline
from policyc.diagnostics import Severity, Span
from policyc.model.ir import Policies
from policyc.resolve.rules import Resolution, ResolveError, parse_opened, resolve

ROOT = Path(__file__).resolve().parent.parent
ZOHO = "zoho-partner-support"
DROPBOX = "dropbox-premium-support"
CET = timezone(timedelta(hours=1))
JST = timezone(timedelta(hours=9))
EDT = timezone(timedelta(hours=-4))


@cache
def seeds() -> Policies:
    result = pipeline.validate([ROOT / "policies"])
    assert result.ok and result.policies is not None
    return result.policies


@cache
def vendor() -> Policies:
    result = pipeline.validate([ROOT / "tests" / "cases" / "vendor" / "policies"])
    assert result.ok and result.policies is not None
    return result.policies


def route(programme: str, tier: str, severity: str, **ticket: Any) -> Resolution:
    policies = vendor() if programme == "northwind-support" else seeds()
    return resolve(policies, programme, tier, severity, **ticket)


def due(r: Resolution, metric: str) -> tuple[datetime, datetime]:
    target = r.target(metric)
    assert target is not None and target.due is not None
    return target.due.earliest, target.due.latest


def people(r: Resolution, level: int) -> list[str]:
    found = r.level(level)
    assert found is not None
    return [c.name for c in found.contacts]


# -- the seed cases ------------------------------------------------------------------------


def test_zoho_sev1_premium_partner_in_monaco_friday_evening() -> None:
    opened = datetime(2026, 3, 27, 17, 30, tzinfo=CET)  # Friday 17:30 in Monaco
    r = route(ZOHO, "premium", "sev-1", country="MC", seats=60, opened=opened, case_type="downtime")
    assert r.region == "europe-uk" and r.sla_policy == "partner-support-commitment"
    ack = r.target("acknowledgement")
    assert ack is not None
    assert (ack.min.minutes, ack.max.minutes) == (60, 180)
    # critical case types are worked around the clock: the weekend does not stop the clock
    assert (ack.calendar, ack.base_calendar, ack.exception) == (
        "always-open",
        "zoho-business-days",
        "critical-cases",
    )
    assert due(r, "acknowledgement") == (
        datetime(2026, 3, 27, 18, 30, tzinfo=CET),
        datetime(2026, 3, 27, 20, 30, tzinfo=CET),
    )
    assert due(r, "consideration") == (
        datetime(2026, 3, 27, 19, 30, tzinfo=CET),
        datetime(2026, 3, 28, 1, 30, tzinfo=CET),
    )
    assert r.target("resolution") is None  # documented, no promised target
    assert r.large_account is not None
    assert (r.large_account.rule, r.large_account.min_seats) == ("europe-uk", 60)
    assert r.large_account.large is True  # the threshold is inclusive
    assert people(r, 4) == ["Claire Tredez"]
    assert [lv.level for lv in r.escalation] == [1, 2, 3, 4]


def test_zoho_sev2_same_moment_waits_for_the_business_week() -> None:
    opened = datetime(2026, 3, 27, 17, 30, tzinfo=CET)  # 22:00 Friday in Kolkata
    r = route(ZOHO, "premium", "sev-2", country="MC", opened=opened)
    ack = r.target("acknowledgement")
    assert ack is not None and (ack.calendar, ack.exception) == ("zoho-business-days", None)
    # 2 h left on Friday (IST), then Monday from 00:00 IST: 4 h → 04:00 IST Monday
    assert due(r, "acknowledgement")[0] == datetime(2026, 3, 29, 22, 30, tzinfo=UTC)
    # 2d = two 24-hour business days
    consideration = r.target("consideration")
    assert consideration is not None
    r3 = route(ZOHO, "premium", "sev-3", country="MC", opened=opened)
    assert due(r3, "consideration")[0] == datetime(2026, 3, 31, 16, 30, tzinfo=UTC)


def test_dropbox_essentials_ticket_opened_on_a_saturday() -> None:
    opened = datetime(2026, 3, 28, 10, 0, tzinfo=EDT)  # Saturday
    r = route(DROPBOX, "essentials", "standard", opened=opened)
    assert r.sla_policy == "standard" and r.region is None and r.escalation == ()
    first = r.target("first-response")
    assert first is not None and first.calendar == "always-open" and first.exact
    assert due(r, "first-response") == (opened + timedelta(hours=4),) * 2  # 24/7
    # a Japanese-language e-mail opened at the same moment waits for Monday 09:00 JST
    ja = route(DROPBOX, "essentials", "standard", opened=opened, language="ja",
               channel="japanese-email")  # fmt: skip
    assert ja.sla_policy == "japanese-language"
    assert due(ja, "first-response")[0] == datetime(2026, 3, 30, 10, 0, tzinfo=JST)


def test_japanese_language_request_at_1630_jst_on_a_friday() -> None:
    opened = datetime(2026, 3, 27, 16, 30, tzinfo=JST)
    r = route(DROPBOX, "enhanced", "standard", opened=opened, language="ja",
              channel="japanese-email")  # fmt: skip
    assert r.sla_policy == "japanese-language"
    first = r.target("first-response")
    assert first is not None
    assert (first.policy, first.calendar, first.min.minutes) == (
        "japanese-language",
        "jst-business-hours",
        60,
    )
    # 30 minutes on Friday, the other 30 on Monday morning
    assert due(r, "first-response") == (datetime(2026, 3, 30, 9, 30, tzinfo=JST),) * 2
    # a regional tag matches too; English e-mail gets the 24/7 default
    assert route(DROPBOX, "enhanced", "standard", language="ja-JP",
                 channel="japanese-email").sla_policy == "japanese-language"  # fmt: skip
    en = route(DROPBOX, "enhanced", "standard", opened=opened, language="en", channel="email")
    assert en.sla_policy == "standard"
    assert due(en, "first-response")[0] == opened + timedelta(hours=1)


def test_san_marino_escalated_to_level_4() -> None:
    r = route(ZOHO, "authorized", "sev-2", country="SM")
    assert r.region == "europe-uk"
    level = r.level(4)
    assert level is not None and level.role == "escalation.role.partner-account-manager"
    (orazi,) = level.contacts
    assert (orazi.contact, orazi.name, orazi.email) == (
        "francesco-orazi",
        "Francesco Orazi",
        "francesco.orazi@eu.zohocorp.com",
    )
    assert orazi.label == "escalation.scope.italy-rest-of-europe-2"
    assert people(r, 2) == ["Russell"]  # Europe, not the UK lead


@pytest.mark.parametrize(
    ("country", "level4"),
    [
        ("FR", ["Claire Tredez"]),
        ("GB", ["Sebastian"]),
        ("DE", ["Harvey"]),
        ("PT", ["Javier Guilló"]),
        ("NO", ["Atya Arain"]),
        ("JP", ["Jin san", "Akira san"]),  # one assignment of two people
        ("CN", ["Vick Silva"]),
        ("AU", []),  # ANZ names no partner account manager
        ("IN", ["Preetam Chougule"]),
        ("CA", ["Kevin"]),
        ("BR", ["Kathe Sallum"]),
    ],
)
def test_level_4_per_country(country: str, level4: list[str]) -> None:
    assert people(route(ZOHO, "premium", "sev-2", country=country), 4) == level4


@pytest.mark.parametrize(
    ("subdivision", "territory", "level4"),
    [
        ("US-NY", "us-east", ["Matt"]),
        ("us-tx", "us-central", ["Diana"]),
        ("US-CA", "us-west", ["Connor"]),
        ("us-west", "us-west", ["Connor"]),
        (None, None, ["Matt", "Connor", "Diana"]),
    ],
)
def test_us_sub_territories(
    subdivision: str | None, territory: str | None, level4: list[str]
) -> None:
    r = route(ZOHO, "premium", "sev-2", country="US", subdivision=subdivision)
    assert (r.region, r.territory) == ("usa-canada", territory)
    assert people(r, 4) == level4
    level = r.level(4)
    assert level is not None
    assert all(c.subdivisions for c in level.contacts)  # labelled with their territory
    assert people(r, 2) == ["Deepak", "Gokul"]  # Americas + USA, not Canada


def test_subdivision_alone_gives_the_country() -> None:
    r = route(ZOHO, "premium", "sev-2", subdivision="US-MA")
    assert (r.country, r.territory, r.region) == ("US", "us-east", "usa-canada")
    # a valid code of a country without named sub-territories changes nothing
    fr = route(ZOHO, "premium", "sev-2", subdivision="FR-75")
    assert (fr.country, fr.territory, people(fr, 4)) == ("FR", None, ["Claire Tredez"])


@pytest.mark.parametrize(("seats", "large"), [(69, False), (70, True), (None, None)])
def test_large_account_threshold_is_inclusive(seats: int | None, large: bool | None) -> None:
    r = route(ZOHO, "advanced", "sev-3", country="us", seats=seats)
    assert r.large_account is not None
    assert (r.large_account.rule, r.large_account.unit) == ("us-latam", "user-licences")
    assert r.large_account.large is large


def test_vendor_p1_uses_the_nonstop_exception() -> None:
    opened = parse_opened("2026-12-24T17:00:00+01:00")
    r = route("northwind-support", "enterprise", "p1", country="DE", opened=opened)
    first = r.target("first-response")
    assert first is not None and (first.calendar, first.exception) == ("nonstop", "p1-nonstop")
    assert due(r, "first-response")[0] == opened + timedelta(minutes=30)
    p2 = route("northwind-support", "enterprise", "p2", country="DE", opened=opened)
    # 1 h on Thursday 24th, Christmas is a holiday, 3 h on Monday 28th from 08:00
    assert due(p2, "first-response")[0] == datetime(2026, 12, 28, 11, tzinfo=CET)
    level1 = p2.level(1)
    assert level1 is not None and level1.delay_minutes == 30


def test_programme_without_policies_for_a_cell_falls_back_per_metric() -> None:
    # the Japanese policy sets only first-response; every other metric would come from
    # the default: Dropbox has one metric, so the answer is one target from one policy
    r = route(DROPBOX, "essentials", "standard", language="ja", channel="japanese-email")
    assert [(t.metric, t.policy) for t in r.targets] == [("first-response", "japanese-language")]


# -- unknown inputs ------------------------------------------------------------------------


def diagnostics(programme: str, tier: str, severity: str, **ticket: Any) -> list[tuple[str, str]]:
    with pytest.raises(ResolveError) as caught:
        route(programme, tier, severity, **ticket)
    return [(d.code, d.hint or "") for d in caught.value.diagnostics]


@pytest.mark.parametrize(
    ("args", "ticket", "code", "hint"),
    [
        ((ZOHO + "s", "premium", "sev-1"), {}, "PC501", "'zoho-partner-support'"),
        ((ZOHO, "premum", "sev-1"), {}, "PC502", "did you mean 'premium'?"),
        ((ZOHO, "premium", "sev1"), {}, "PC503", "'sev-1'"),
        ((ZOHO, "premium", "sev-1"), {"country": "UK"}, "PC504", "'GB'"),
        ((ZOHO, "premium", "sev-1"), {"country": "XZ"}, "PC504", "known countries"),
        ((ZOHO, "premium", "sev-1"), {"country": "US", "subdivision": "US-NYC"}, "PC505", "US-NY"),
        ((ZOHO, "premium", "sev-1"), {"country": "CA", "subdivision": "US-NY"}, "PC505", "--country US"),
        ((ZOHO, "premium", "sev-1"), {"country": "CA", "subdivision": "us-east"}, "PC505", "--country US"),
        ((ZOHO, "premium", "sev-1"), {"subdivision": "east"}, "PC505", "us-east"),
        ((ZOHO, "premium", "sev-1"), {"channel": "chatt"}, "PC506", "'chat'"),
        ((DROPBOX, "essentials", "standard"), {"product": "dropbx"}, "PC506", "'dropbox'"),
        ((ZOHO, "premium", "sev-1"), {"seats": -1}, "PC506", "seats"),
        ((ZOHO, "premium", "sev-1"), {"opened": datetime(2026, 3, 27)}, "PC507", "+01:00"),
    ],
)  # fmt: skip
def test_unknown_inputs_are_diagnostics_with_suggestions(
    args: tuple[str, str, str], ticket: dict[str, Any], code: str, hint: str
) -> None:
    found = diagnostics(*args, **ticket)
    assert [c for c, _ in found] == [code]
    assert hint in found[0][1]


def test_every_unknown_input_is_reported_at_once() -> None:
    found = diagnostics(ZOHO, "premum", "sev9", country="ZZ", channel="fax")
    assert [c for c, _ in found] == ["PC502", "PC503", "PC506", "PC504"]


def test_diagnostics_point_at_the_given_spans() -> None:
    where = Span("tests/routes.yaml", 7, 12)
    with pytest.raises(ResolveError) as caught:
        resolve(seeds(), ZOHO, "premum", "sev-1", spans={"tier": where})
    (diag,) = caught.value.diagnostics
    assert diag.span == where and diag.severity is Severity.ERROR
    with pytest.raises(ResolveError) as caught:
        resolve(seeds(), ZOHO, "premium", "sev-1", country="UK")
    assert caught.value.diagnostics[0].span == Span("<--country>")


@pytest.mark.parametrize(
    ("args", "ticket", "code"),
    [
        ((DROPBOX, "essentials", "standard"), {"language": "jp"}, "PC508"),
        ((ZOHO, "authorized", "sev-2"), {"channel": "chat"}, "PC509"),
        ((DROPBOX, "essentials", "standard"), {"channel": "dash-chat", "product": "dropbox"}, "PC509"),
        ((DROPBOX, "essentials", "standard"), {"country": "FR"}, "PC510"),
    ],
)  # fmt: skip
def test_warnings_keep_the_answer(
    args: tuple[str, str, str], ticket: dict[str, Any], code: str
) -> None:
    r = route(*args, **ticket)
    assert [w.code for w in r.warnings] == [code]
    assert all(w.severity is Severity.WARNING for w in r.warnings)
    assert r.targets


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-27T17:30:00+01:00", datetime(2026, 3, 27, 16, 30, tzinfo=UTC)),
        ("2026-03-27T16:30:00Z", datetime(2026, 3, 27, 16, 30, tzinfo=UTC)),
        (" 2026-03-27T16:30Z ", datetime(2026, 3, 27, 16, 30, tzinfo=UTC)),
    ],
)
def test_parse_opened(text: str, expected: datetime) -> None:
    assert parse_opened(text) == expected


@pytest.mark.parametrize(
    "text", ["2026-03-27T17:30", "next friday", "2026-13-01T00:00Z", "9999-12-31T23:00Z"]
)
def test_parse_opened_rejects(text: str) -> None:
    with pytest.raises(ResolveError) as caught:
        parse_opened(text)
    assert [d.code for d in caught.value.diagnostics] == ["PC507"]


def test_json_answer_uses_utc_instants() -> None:
    opened = parse_opened("2026-03-27T17:30:00.250+01:00")
    data = route(ZOHO, "premium", "sev-1", country="MC", opened=opened, case_type="login")
    data = data.to_json()
    assert data["opened"] == "2026-03-27T16:30:00.250Z"
    targets = data["targets"]
    assert isinstance(targets, list) and isinstance(targets[0], dict)
    assert targets[0]["due"] == {
        "earliest": "2026-03-27T17:30:00.250Z",
        "latest": "2026-03-27T19:30:00.250Z",
    }


def test_most_specific_policy_first_then_by_id() -> None:
    policies = seeds()
    dropbox = policies.programmes[DROPBOX]
    japanese = next(p for p in dropbox.sla_policies if p.id == "japanese-language")
    dash = japanese.model_copy(update={"id": "b-dash", "languages": (), "products": ("dash",),
                                       "channels": ()})  # fmt: skip
    email = dash.model_copy(update={"id": "a-email", "products": (), "channels": ("email",)})
    changed = policies.model_copy(
        update={
            "programmes": {
                **policies.programmes,
                DROPBOX: dropbox.model_copy(
                    update={"sla_policies": (*dropbox.sla_policies, dash, email)}
                ),
            }
        }
    )

    def chosen(**ticket: str) -> str | None:
        return resolve(changed, DROPBOX, "essentials", "standard", **ticket).sla_policy

    both = {"language": "ja", "channel": "japanese-email", "product": "dash"}
    assert chosen(**both) == "japanese-language"  # two fields beat one
    assert chosen(product="dash", channel="email") == "a-email"  # a tie goes by id
    assert chosen(product="dash") == "b-dash"
    assert chosen(product="dropbox") == "standard"
