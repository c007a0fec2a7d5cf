"""Seed 003 (Zoho Partner Support, th): its words and terms on the pages, nothing invented.

Each test pins one item of issue 19 against the built pages (site and docs).
"""

from __future__ import annotations

import pytest
from babel import Locale
from seedpages import SEEDS, chrome, message, pages, seed, table_row

ZOHO = "zoho-partner-support"
DROPBOX = "dropbox-premium-support"
LOCALES = ("en", "zh-TW", "it", "fr", "th")

TITLE = "การสนับสนุนพาร์ทเนอร์ของ Zoho"
# The seed's services table: row name, then Authorized, Advanced, Premium (มี = yes, ไม่มี = no).
SERVICES = (
    ("การสนับสนุนพิเศษสำหรับบัญชีที่มีผู้ใช้จำนวนมาก", "มีมีมี"),
    ("การสนับสนุนผ่านแชท", "ไม่มีมีมี"),
    ("การสนับสนุนผ่านโทรศัพท์", "ไม่มีมีมี"),
    ("การโทรติดต่อผู้จัดการความสำเร็จของพาร์ทเนอร์และ POC", "ไม่มีมีมี"),
    ("แดชบอร์ดปัญหาร้ายแรง", "มีมีมี"),
    ("วิดเจ็ตศูนย์ช่วยเหลือการสนับสนุนพาร์ทเนอร์", "มีมีมี"),
)
HOURS_ROWS = ("ช่วงเวลาที่พร้อมสนับสนุน", "ความมุ่งมั่นในการสนับสนุนพาร์ทเนอร์")
COUNTRIES = ("สโลวาเกีย", "ซานมารีโน", "วาติกัน")
PORTAL_EXAMPLE = "พอร์ทัล/ร้านค้า เช่น Zoho.com"
OPTIONAL = ("ขั้นตอนการแก้ไขปัญหาที่ดำเนินการ", "ภาพบันทึกหน้าจอ/บันทึกการแคสต์หน้าจอ หากมี")
QUOTES = (
    TITLE,
    *COUNTRIES,
    PORTAL_EXAMPLE,
    *OPTIONAL,
    *HOURS_ROWS,
    *(f"{n}{c}" for n, c in SERVICES),
)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds are not on this machine")
def test_quotes_are_the_seeds_words() -> None:
    text = seed(3)
    assert [q for q in QUOTES if q not in text] == []


@pytest.mark.parametrize("kind", ["site", "docs"])
def test_thai_title_names_zoho(kind: str) -> None:
    page = pages("th", ZOHO)[kind]
    assert page.startswith(f"# {TITLE}\n") if kind == "docs" else f"\n{TITLE}\n" in page


def test_services_table_is_the_seeds_eight_rows() -> None:
    """The seed's table has eight rows, the help-centre widget last: no row added or dropped."""
    docs = pages("th", ZOHO, customer=True)["docs"]
    matrix = docs.split(f"**{chrome('th', 'plans.matrix-caption')}**", 1)[1].split("\n\n")[1]
    headers = [line.split("|")[1].strip() for line in matrix.splitlines()[2:]]
    assert headers == [f"**{n}**" for n in (*HOURS_ROWS, *(n for n, _ in SERVICES))]
    for name, cells in SERVICES:
        marks = [c.split()[0] for c in table_row(docs, name)]
        expected = cells.replace("ไม่มี", "✗").replace("มี", "✓")
        assert "".join(marks) == expected, name


@pytest.mark.parametrize("locale", LOCALES)
def test_template_never_says_a_field_is_required(locale: str) -> None:
    """The seed marks only the "if any" fields as optional and calls none required."""
    docs = pages(locale, ZOHO, customer=True)["docs"]
    fields = ("customer-email", "request-type", "reproducible", "product-name", "description")
    for field in fields:
        label = message(ZOHO, locale, f"template.field.{field}.label")
        assert table_row(docs, label)[0] == "—", field
    for field in ("troubleshooting-steps", "attachments"):
        label = message(ZOHO, locale, f"template.field.{field}.label")
        assert table_row(docs, label)[0] == chrome(locale, "template.optional"), field
    yes = chrome(locale, "label.yes")
    rows = [line for line in docs.splitlines() if line.startswith("| **")]
    assert not any(f"| {yes} |" in row for row in rows)


def test_thai_optional_is_not_the_word_for_not_true() -> None:
    """ "ไม่ใช่" ("it is not") is no answer to "required?"."""
    assert chrome("th", "template.optional") == "ไม่บังคับ"
    assert "| ไม่ใช่ |" not in pages("th", ZOHO)["docs"]


@pytest.mark.parametrize("kind", ["site", "docs"])
def test_thai_country_names_as_the_seed_spells_them(kind: str) -> None:
    page = pages("th", ZOHO, customer=True)[kind]
    assert all(name in page for name in COUNTRIES)
    assert not any(cldr in page for cldr in ("สโลวะเกีย", "ซานมาริโน", "นครวาติกัน"))


@pytest.mark.parametrize("kind", ["site", "docs"])
def test_thai_pages_use_one_word_per_thing(kind: str) -> None:
    """Ticket and licence: the seed's words on the Zoho page, one word each on the Dropbox page."""
    zoho = pages("th", ZOHO)[kind]
    dropbox = pages("th", DROPBOX)[kind]
    assert "ตั๋ว" in zoho and "ทิกเก็ต" not in zoho
    assert "ทิกเก็ต" in dropbox and "ตั๋ว" not in dropbox
    assert "ใบอนุญาต" not in zoho and "ใบอนุญาต" not in dropbox
    assert "สิทธิ์การใช้งาน" in zoho and "สิทธิ์การใช้งาน" in dropbox
    assert "แพ็กเกจ" not in dropbox  # plan: แผน, as the page chrome says


EXAMPLE = {
    "en": ("portal/store (e.g. Zoho.com)", "registered domain (e.g. Zoho.com)"),
    "it": ("portale/store (ad es. Zoho.com)", "dominio registrato (ad es. Zoho.com)"),
    "fr": (
        "portail/la boutique (par exemple Zoho.com)",
        "domaine enregistré (par exemple Zoho.com)",
    ),
    "zh-TW": ("入口網站/商店（例如 Zoho.com）", "網域的電子郵件地址（例如 Zoho.com）"),
    "th": (PORTAL_EXAMPLE, "ลงทะเบียนไว้ของคุณ เช่น Zoho.com"),
}


@pytest.mark.parametrize("locale", LOCALES)
def test_zoho_com_is_the_portal_example(locale: str) -> None:
    """The seed gives Zoho.com as an example of the portal/store, not of the partner's domain."""
    portal, domain = EXAMPLE[locale]
    for text in pages(locale, ZOHO, customer=True).values():
        assert portal in text and domain not in text


@pytest.mark.parametrize("locale", LOCALES)
def test_no_assumed_time_zone_on_customer_pages(locale: str) -> None:
    """The seed names no time zone for Partner Support hours: Asia/Kolkata is an assumption,
    which only the note that says so may name."""
    assumption = message(ZOHO, locale, "note.timezone-assumption")
    for text in pages(locale, ZOHO, customer=True).values():
        assert "Asia/Kolkata" not in text.replace(assumption, "")
    docs = pages(locale, ZOHO, customer=True)["docs"]
    zone = chrome(locale, "hours.time-zone")
    colon = chrome(locale, "punctuation.colon")
    assert f"**{zone}{colon}** {chrome(locale, 'label.not-stated')}" in docs


@pytest.mark.parametrize("locale", LOCALES)
def test_no_assumed_country_lists_on_customer_pages(locale: str) -> None:
    """The seed lists countries only for Europe & UK; the other regions' lists are assumed."""
    names = Locale.parse(locale.replace("-", "_")).territories
    for text in pages(locale, ZOHO, customer=True).values():
        for code in ("CX", "TK", "EH", "PN", "MN"):
            assert names[code] not in text, code
    docs = pages(locale, ZOHO, customer=True)["docs"]
    countries = chrome(locale, "regions.countries")
    colon = chrome(locale, "punctuation.colon")
    line = f"**{countries}{colon}** {chrome(locale, 'label.not-stated')}"
    assert docs.count(line) == 4  # ANZ, APJ, MEA, Latin America
    assert message(ZOHO, locale, "country.sm") in docs  # Europe's list is the seed's


@pytest.mark.parametrize("locale", ["zh-TW", "it", "fr", "th"])
def test_owner_team_is_named_in_the_pages_language(locale: str) -> None:
    for text in pages(locale, ZOHO).values():
        assert "Zoho – Partner Support" not in text
        assert f"Zoho – {message(ZOHO, locale, 'owner.team')}" in text
