"""Seed 000 (Dropbox Premium Support, zh-TW): its own words on the zh-TW page, nothing invented.

Each test pins one item of issue 19 against the built pages (site and docs).
"""

from __future__ import annotations

import re

import pytest
from seedpages import SEEDS, block, chrome, message, pages, seed, table_row

from policyc.model.punctuation import fullwidth

DROPBOX = "dropbox-premium-support"
LOCALES = ("en", "zh-TW", "it", "fr", "th")

# The seed's words, exactly as published, that the zh-TW page must carry.
SUMMARY = (
    "Dropbox 頂級支援服務是 Dropbox 工作團隊帳戶可選用的一項附加功能,"
    "不過目前只提供英文和日文版支援服務 (如果適用)。"
)
SUMMARY_2 = "Dropbox 頂級支援服務提供有購買頂級支援服務附加功能的 Dropbox 團隊帳戶使用。"
SELF_SERVE = "沒有專屬銷售專員的部分工作團隊,可以透過管理員主控台訂購或移除頂級支援服務:Essentials 附加功能。"
DASHBOARD = (
    "您可以透過這個資訊主頁檢視近期回報單、查看問題趨勢、篩選先前的回報單、確認狀態和送出新回報單。"
)
SALES = "如要購買這項附加功能,請聯絡您的 Dropbox 銷售人員或填寫 Dropbox 銷售團隊聯絡表單。"
ENHANCED = (
    "Enhanced 方案團隊管理員保證可在 1 小時內收到支援服務回報單的回覆,"
    "且有資格參加每季的根本原因分析會議,瞭解最新支援服務趨勢,並確保您能有效運用 Dropbox。"
)
ESSENTIALS = "保證團隊管理員可在 4 小時內收到回報單回覆。"
CHAMPION_TERMS = (
    "Champion 若具備工作團隊管理員身分,則可存取頂級支援服務中心",
    "Champion 無法存取季度功能電子郵件",
)
QUOTES = (SUMMARY, SUMMARY_2, SELF_SERVE, DASHBOARD, SALES, ENHANCED, ESSENTIALS, *CHAMPION_TERMS)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds are not on this machine")
def test_quotes_are_the_seeds_words() -> None:
    text = seed(0)
    assert [q for q in QUOTES if q not in text] == []


@pytest.mark.parametrize("kind", ["site", "docs"])
@pytest.mark.parametrize("quote", QUOTES, ids=range(len(QUOTES)))
def test_zh_tw_page_says_what_the_seed_says(kind: str, quote: str) -> None:
    """The seed's words, with its half-width marks beside CJK text set full-width (PC345)."""
    assert fullwidth(quote) in pages("zh-TW", DROPBOX, customer=True)[kind]


@pytest.mark.parametrize("kind", ["site", "docs"])
def test_no_it_fr_wording_where_the_zh_tw_seed_has_its_own(kind: str) -> None:
    page = pages("zh-TW", DROPBOX, customer=True)[kind]
    assert "付費附加功能" not in page  # the zh-TW seed never says "paid"
    assert "如果您不是以信用卡付款" not in page  # the it/fr payment condition
    assert "更完善的支援服務選項" not in page  # the it/fr "enhanced support options"
    assert "您可以在這裡查看問題趨勢和近期回報單、檢閱先前的回報單" not in page


@pytest.mark.parametrize("locale", LOCALES)
def test_no_page_calls_the_zh_tw_source_older(locale: str) -> None:
    older = {"en": "(older)", "zh-TW": "較舊", "it": "meno recente", "fr": "plus ancienne"}
    word = older.get(locale, "เก่ากว่า")
    assert all(word not in text for text in pages(locale, DROPBOX).values())


@pytest.mark.parametrize("locale", LOCALES)
def test_no_page_says_dropbox_does_not_grade_by_severity(locale: str) -> None:
    invented = {
        "en": "does not grade requests by severity",
        "zh-TW": "不會依嚴重程度區分",
        "it": "non classifica le richieste",
        "fr": "ne classe pas les demandes",
        "th": "ไม่ได้จัดระดับคำขอตามความรุนแรง",
    }[locale]
    assert all(invented not in text for text in pages(locale, DROPBOX).values())
    definition = message(DROPBOX, locale, "severity.standard.definition")
    assert definition in pages(locale, DROPBOX)["docs"]


@pytest.mark.parametrize("locale", LOCALES)
def test_dash_live_hours_name_no_days(locale: str) -> None:
    """The zh-TW seed gives 9:00–20:00 ET for Dash without days: no "every day"."""
    name = message(DROPBOX, locale, "calendar.dash-live-support.name")
    hours = block(pages(locale, DROPBOX, customer=True)["docs"], name)
    assert chrome(locale, "hours.every-day") not in hours
    schedule = [line for line in hours.splitlines() if line.startswith("- ") and "**" not in line]
    assert len(schedule) == 1 and not re.match(r"- [^0-9]*[:：]", schedule[0])  # no day label


@pytest.mark.parametrize("locale", LOCALES)
def test_japanese_language_reply_is_for_the_add_on_tiers_only(locale: str) -> None:
    """The seed lists the one-hour Japanese reply among the add-on's benefits for team admins."""
    docs = pages(locale, DROPBOX, customer=True)["docs"]
    name = message(DROPBOX, locale, "sla.japanese-language.name")
    table = docs.split(f"{name}**", 1)[1].split("\n\n", 2)[1]
    header = table.splitlines()[0]
    assert message(DROPBOX, locale, "tier.essentials.name") in header
    assert message(DROPBOX, locale, "tier.champions-grand.name") not in header
    assert message(DROPBOX, locale, "tier.champions-epic.name") not in header


def test_zh_tw_champion_terms_stay_in_the_matrix() -> None:
    """The five adjusted terms of the zh-TW page are the Champion cells it states."""
    docs = pages("zh-TW", DROPBOX, customer=True)["docs"]
    centre = table_row(docs, message(DROPBOX, "zh-TW", "service.premium-support-centre.name"))
    emails = table_row(docs, message(DROPBOX, "zh-TW", "service.quarterly-feature-emails.name"))
    response = table_row(docs, message(DROPBOX, "zh-TW", "service.response-time.name"))
    assert centre[2:] == ["✓ Champion 若具備工作團隊管理員身分，則可存取"] * 2
    assert emails[2:] == ["✗ Champion 無法存取季度功能電子郵件"] * 2
    assert response[2:] == ["✓ 4 小時內", "✓ 1 小時內"]
