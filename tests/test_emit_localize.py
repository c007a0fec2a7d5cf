"""Localised text for the help-center pages: exact durations, ranges, plurals, dates, names."""

from __future__ import annotations

import pytest
from sitebuild import SEEDS, policies

from policyc.emit.site.localize import Localizer, native_name, substitute
from policyc.model import ir


def _d(amount: int, unit: str) -> ir.Duration:
    factor = {"minute": 1, "hour": 60, "day": 1440}[unit]
    return ir.Duration(minutes=amount * factor, amount=amount, unit=ir.Unit(unit))


def _target(low: ir.Duration, high: ir.Duration) -> ir.Target:
    return ir.Target(min=low, max=high, calendar="always-open")


def text(locale: str) -> Localizer:
    return Localizer(policies(SEEDS), locale)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "1–3 hours"),
        ("zh-TW", "1–3 小時"),
        ("it", "1-3 ore"),
        ("fr", "1–3\xa0heures"),
        ("th", "1-3 ชั่วโมง"),
    ],
)
def test_a_range_shares_one_unit_in_every_locale(locale: str, expected: str) -> None:
    assert text(locale).target(_target(_d(1, "hour"), _d(3, "hour"))) == expected


@pytest.mark.parametrize(
    ("locale", "one", "four"),
    [
        ("en", "1 hour", "4 hours"),
        ("it", "1 ora", "4 ore"),
        ("fr", "1\xa0heure", "4\xa0heures"),
        ("zh-TW", "1 小時", "4 小時"),
        ("th", "1 ชั่วโมง", "4 ชั่วโมง"),
    ],
)
def test_exact_targets_use_cldr_plurals(locale: str, one: str, four: str) -> None:
    loc = text(locale)
    assert loc.target(_target(_d(1, "hour"), _d(1, "hour"))) == one
    assert loc.target(_target(_d(4, "hour"), _d(4, "hour"))) == four


@pytest.mark.parametrize("locale", ["en", "zh-TW", "it", "fr", "th"])
def test_ninety_minutes_never_becomes_two_hours(locale: str) -> None:
    rendered = text(locale).duration(_d(90, "minute"))
    assert "90" in rendered and "2" not in rendered


def test_days_and_mixed_units() -> None:
    en, zh, it = text("en"), text("zh-TW"), text("it")
    assert en.target(_target(_d(2, "day"), _d(3, "day"))) == "2–3 days"
    assert zh.duration(_d(2, "day")) == "2 天"
    assert it.duration(_d(1, "day")) == "1 giorno"
    assert en.target(_target(_d(30, "minute"), _d(2, "hour"))) == "30 minutes to 2 hours"
    assert en.minutes(480) == "8 hours" and en.minutes(90) == "90 minutes"


def test_plural_chrome_messages_pick_the_cldr_category() -> None:
    assert text("en").chrome_count("rule.min-seats", 1) == "1 licence"
    assert text("en").chrome_count("rule.min-seats", 10) == "10 licences"
    assert text("fr").chrome_count("count.user-licences", 1) == "1 licence utilisateur"
    assert text("it").chrome_count("count.user-licences", 60) == "60 licenze utente"
    assert text("it").chrome_count("count.user-licences", 1_000_000) == (
        "1.000.000 di licenze utente"
    )
    assert text("th").chrome_count("count.user-licences", 60) == "60 สิทธิ์ผู้ใช้"


def test_dates_in_each_locale() -> None:
    assert text("en").date("2024-12-11") == "December 11, 2024"
    assert text("fr").date("2024-12-11") == "11 décembre 2024"
    assert text("it").date("2024-12-11") == "11 dicembre 2024"
    assert text("zh-TW").date("2024-12-11") == "2024年12月11日"
    assert "ธันวาคม" in text("th").date("2024-12-11")


def test_time_zones_and_language_names() -> None:
    assert text("en").timezone("Asia/Tokyo") == "Japan Time (Asia/Tokyo)"
    assert text("zh-TW").timezone("Asia/Tokyo") == "日本時間 (Asia/Tokyo)"
    assert text("fr").timezone("Etc/UTC") == "UTC"
    assert native_name("fr") == "Français"
    assert native_name("th") == "ไทย"
    assert native_name("zh-TW") == "繁體中文"  # the usual name, not "中文 (繁體, 台灣)"
    assert native_name("it") == "Italiano"
    assert native_name("en") == "English"
    assert native_name("pt-BR") == "Português (Brasil)"  # a region the tag names stays
    assert text("it").language("ja") == "giapponese"


def test_placeholders_are_replaced_but_other_braces_stay() -> None:
    assert substitute("at least {seats} {{ 7*7 }} {other}", {"seats": "5"}) == (
        "at least 5 {{ 7*7 }} {other}"
    )


@pytest.mark.parametrize("locale", ["en", "zh-TW", "it", "fr", "th"])
@pytest.mark.parametrize(("start", "end"), [(13 * 60, 17 * 60), (0, 120), (9 * 60, 17 * 60)])
def test_time_ranges_format_in_every_locale(locale: str, start: int, end: int) -> None:
    # Babel cannot format zh-TW's same-half-day interval pattern; the fallback must hold
    rendered = text(locale).time_range(start, end)
    assert rendered and ("5" in rendered or "17" in rendered or "2" in rendered)


def test_zh_tw_afternoon_range_falls_back_to_two_times() -> None:
    assert text("zh-TW").time_range(13 * 60, 17 * 60) == "下午1:00\u2009–\u2009下午5:00"
