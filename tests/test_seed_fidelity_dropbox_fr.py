"""Seed 002 (Dropbox Premium Support, fr): its words on the fr page, French zone names.

Each test pins one item of issue 19 against the built pages (site and docs).
"""

from __future__ import annotations

import pytest
from seedpages import ROOT, SEEDS, message, pages, seed, table_row

from policyc import pipeline
from policyc.emit.site.localize import Localizer

DROPBOX = "dropbox-premium-support"
ZOHO = "zoho-partner-support"
SEEDS_POLICIES = ROOT / "policies"

LEARN_MORE = "En savoir plus sur les champions de Dropbox."
SUMMARY = (
    "L’option d’assistance Premium de Dropbox est une option payante disponible pour les clients "
    "disposant de comptes d’équipe Dropbox en anglais et en japonais (si disponible)."
)
CHAMPIONS_RESPONSE = ("Dans les 4 heures", "Dans l’heure")
CHAMPIONS_AVAILABILITY = "Uniquement disponible individuellement (pas à l’échelle de l’équipe)"
QUOTES = (LEARN_MORE, SUMMARY, *CHAMPIONS_RESPONSE, CHAMPIONS_AVAILABILITY)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds are not on this machine")
def test_quotes_are_the_seeds_words() -> None:
    text = seed(2)
    assert [q for q in QUOTES if q not in text] == []


@pytest.mark.parametrize("kind", ["site", "docs"])
@pytest.mark.parametrize("quote", QUOTES, ids=range(len(QUOTES)))
def test_fr_page_says_what_the_seed_says(kind: str, quote: str) -> None:
    assert quote in pages("fr", DROPBOX, customer=True)[kind]


def test_fr_champion_cells_are_the_seeds_table() -> None:
    docs = pages("fr", DROPBOX, customer=True)["docs"]
    response = table_row(docs, message(DROPBOX, "fr", "service.response-time.name"))
    webinars = table_row(docs, message(DROPBOX, "fr", "service.live-webinars.name"))
    assert response[2:] == [f"✓ {r}" for r in CHAMPIONS_RESPONSE]
    assert webinars[2:] == ["—", "—"]


@pytest.mark.parametrize("kind", ["site", "docs"])
def test_us_time_zone_named_in_french(kind: str) -> None:
    page = pages("fr", DROPBOX, customer=True)[kind]
    assert "heure de l’Est nord-américain" in page
    assert "ET)" not in page and "Eastern" not in page


@pytest.mark.parametrize("programme", [DROPBOX, ZOHO])
def test_no_cldr_zone_name_of_india_on_french_customer_pages(programme: str) -> None:
    """ "heure : Inde" sat beside "heure du Japon": the zone is no fact of the source."""
    for text in pages("fr", programme, customer=True).values():
        assert "heure : Inde" not in text
        assert "Eastern" not in text and "Mountain" not in text


def test_french_zone_names_read_alike() -> None:
    """Wherever a page names the zones, India reads like Japan, not CLDR's "heure : Inde"."""
    result = pipeline.validate([SEEDS_POLICIES])
    assert result.policies is not None
    fr = Localizer(result.policies, "fr")
    assert fr.timezone("Asia/Kolkata") == "heure de l’Inde (Asia/Kolkata)"
    assert fr.timezone("Asia/Tokyo") == "heure du Japon (Asia/Tokyo)"


@pytest.mark.parametrize("kind", ["site", "docs"])
def test_one_word_for_plan_the_seeds(kind: str) -> None:
    """The fr seed says "forfait"; the page chrome no longer says "formule" beside it."""
    page = pages("fr", DROPBOX)[kind].casefold()
    assert "forfait" in page and "formule" not in page
