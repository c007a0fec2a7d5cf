"""The built help-centre pages of the bundled seeds, as text, for the seed-fidelity tests.

In: a locale and a programme. Out: the words of `generated/site/<locale>/<programme>/index.html`
and of `generated/docs/<locale>/<programme>.md` (tags, Markdown escapes and entities removed),
whole or as a customer sees them (without the owner-facing notes and source differences).
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"
SEEDS = Path("/work/shared/seeds")
OWNER_SECTIONS = ("notes", "differences")  # owner-facing: modelling notes, source differences

_INLINE = re.compile(
    r"</?(?:a|span|strong|em|b|i|abbr|code|bdi|small|wbr)\b[^>]*>"
)  # wbr: Thai word breaks
_TAG = re.compile(r"<[^>]+>")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})  # Markdown writes no-break spaces plain


def plain(text: str) -> str:
    """No-break spaces as plain spaces, so page and catalog text compare alike."""
    return text.translate(_SPACES)


@cache
def chrome(locale: str, key: str) -> str:
    doc = yaml.safe_load((ROOT / "policies" / "shared" / "chrome" / f"{locale}.yaml").read_text())
    value = doc["messages"][key]
    assert isinstance(value, str)
    return plain(value)


@cache
def site(locale: str, programme: str, *, customer: bool = False) -> str:
    """The page's text: one line per block element."""
    page = (GENERATED / "site" / locale / programme / "index.html").read_text(encoding="utf-8")
    if customer:
        for section in OWNER_SECTIONS:
            page = re.sub(rf'<section id="{section}">.*?</section>', "", page, flags=re.S)
    text = html.unescape(_TAG.sub("\n", _INLINE.sub("", page)))
    return plain("\n".join(line.strip() for line in text.splitlines() if line.strip()))


@cache
def docs(locale: str, programme: str, *, customer: bool = False) -> str:
    """The Markdown page without its escapes."""
    page = (GENERATED / "docs" / locale / f"{programme}.md").read_text(encoding="utf-8")
    if customer:
        for section in OWNER_SECTIONS:
            title = re.escape(chrome(locale, f"section.{section}"))
            page = re.sub(rf"^## {title}\n.*?(?=^## |^---$|\Z)", "", page, flags=re.S | re.M)
    return plain(_MD_ESCAPE.sub(r"\1", page))


def pages(locale: str, programme: str, *, customer: bool = False) -> dict[str, str]:
    """Both renderings of one page, by name, so a test checks the site and the docs alike."""
    return {
        "site": site(locale, programme, customer=customer),
        "docs": docs(locale, programme, customer=customer),
    }


def seed(number: int) -> str:
    """The text of seed `number` (000_… to 003_…), whitespace as published."""
    (path,) = SEEDS.glob(f"{number:03d}_*.txt")
    return path.read_text(encoding="utf-8")


def block(text: str, heading: str) -> str:
    """The Markdown from `### heading` to the next heading of level 2 or 3."""
    match = re.search(rf"^### {re.escape(heading)}\n(.*?)(?=^##|\Z)", text, flags=re.S | re.M)
    assert match is not None, heading
    return match.group(1)


def table_row(markdown: str, header: str) -> list[str]:
    """The cells of the first Markdown table row whose header cell is `**header**`."""
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0] == f"**{header}**":
            return cells[1:]
    raise AssertionError(f"no table row {header!r}")


@cache
def message(programme: str, locale: str, key: str) -> str:
    """A message of the programme's catalog in `locale`, as written."""
    path = ROOT / "policies" / programme / "catalogs" / f"{locale}.yaml"
    value = yaml.safe_load(path.read_text(encoding="utf-8"))["messages"][key]
    assert isinstance(value, str)
    return plain(value)
