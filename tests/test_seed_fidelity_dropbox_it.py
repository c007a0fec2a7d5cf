"""Seed 001 (Dropbox Premium Support, it): its words on the it page, no invented Champion cells.

Each test pins one item of issue 19 against the built pages (site and docs).
"""

from __future__ import annotations

import pytest
from seedpages import SEEDS, chrome, message, pages, seed, table_row

DROPBOX = "dropbox-premium-support"
LOCALES = ("en", "zh-TW", "it", "fr", "th")

LEARN_MORE = "Scopri di più sugli esperti Dropbox."
SUMMARY = (
    "Il componente aggiuntivo per il supporto Dropbox Premium è disponibile a pagamento per i "
    "clienti degli account di team Dropbox in inglese e giapponese (ove previsto)."
)
CHAMPIONS_RESPONSE = ("Entro 4 ore", "Entro 1 ora")
CHAMPIONS_AVAILABILITY = "Disponibile solo individualmente (non a livello di team)"
QUOTES = (LEARN_MORE, SUMMARY, *CHAMPIONS_RESPONSE, CHAMPIONS_AVAILABILITY)
# Rows of the feature matrix whose Champion cells no source states.
UNSTATED_FOR_CHAMPIONS = (
    "support-24-7",
    "implementation-consultation",
    "root-cause-meeting",
    "live-webinars",
)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds are not on this machine")
def test_quotes_are_the_seeds_words() -> None:
    text = seed(1)
    assert [q for q in QUOTES if q not in text] == []


@pytest.mark.parametrize("kind", ["site", "docs"])
@pytest.mark.parametrize("quote", QUOTES, ids=range(len(QUOTES)))
def test_it_page_says_what_the_seed_says(kind: str, quote: str) -> None:
    assert quote in pages("it", DROPBOX, customer=True)[kind]


def test_it_champion_cells_are_the_seeds_table() -> None:
    docs = pages("it", DROPBOX, customer=True)["docs"]
    response = table_row(docs, message(DROPBOX, "it", "service.response-time.name"))
    availability = table_row(docs, message(DROPBOX, "it", "service.availability.name"))
    assert response[2:] == [f"✓ {r}" for r in CHAMPIONS_RESPONSE]
    assert availability[2:] == [f"✓ {CHAMPIONS_AVAILABILITY}"] * 2


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("service", UNSTATED_FOR_CHAMPIONS)
def test_no_invented_champion_cells(locale: str, service: str) -> None:
    """24/7 support, the consultation, the root-cause meeting and webinars: not stated."""
    docs = pages(locale, DROPBOX, customer=True)["docs"]
    row = table_row(docs, message(DROPBOX, locale, f"service.{service}.name"))
    assert row[2:] == ["—", "—"]
    assert row[0] != "—"  # the add-on columns keep what the it/fr tables state


@pytest.mark.parametrize("locale", LOCALES)
def test_not_stated_cells_on_the_site_are_a_dash_with_words(locale: str) -> None:
    site = pages(locale, DROPBOX, customer=True)["site"]
    assert site.count(f"— {chrome(locale, 'label.not-stated')}") == 2 * len(UNSTATED_FOR_CHAMPIONS)


@pytest.mark.parametrize("locale", ["zh-TW", "it", "fr", "th"])
def test_owner_team_is_named_in_the_pages_language(locale: str) -> None:
    """No source calls the team "Customer Support"."""
    for text in pages(locale, DROPBOX).values():
        assert "Customer Support" not in text
        assert f"Dropbox – {message(DROPBOX, locale, 'owner.team')}" in text


@pytest.mark.parametrize("kind", ["site", "docs"])
def test_us_time_zone_named_in_italian(kind: str) -> None:
    page = pages("it", DROPBOX, customer=True)[kind]
    assert "ora orientale USA" in page
    assert " ET)" not in page and " ET." not in page
