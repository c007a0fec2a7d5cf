"""Page view models: plain, frozen data with every string already localised.

Built by `policyc.emit.site.pages` from the IR; laid out by the HTML templates (`html.py`)
and the Markdown writer (`markdown.py`), which decide nothing about wording.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

# -- shared pieces ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Alternate:
    """The same page in another language (language switcher and `hreflang` links)."""

    locale: str
    name: str  # the language's own name
    href: str
    current: bool
    path: str = ""  # the page's path below the site root (absolute `hreflang` with a base URL)


@dataclass(frozen=True, slots=True)
class Fact:
    """A labelled value (rendered as a definition list entry or a bold lead-in)."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    href: str


def link_pattern(links: tuple[Link, ...]) -> re.Pattern[str] | None:
    """A pattern matching the shown text of `links` where it stands alone in running text
    ("dropbox.com/get_help", not "www.dropbox.com/get_help/x"), longest first."""
    if not links:
        return None
    texts = sorted({re.escape(x.text) for x in links}, key=len, reverse=True)
    return re.compile(r"(?<![\w/.@-])(" + "|".join(texts) + r")(?![\w/@-])")


@dataclass(frozen=True, slots=True)
class Section:
    """An entry of the page's table of contents."""

    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Page:
    """What every page has: language, title, labels and links to itself in other languages."""

    lang: str
    title: str
    site_title: str
    root_href: str
    css_href: str
    home_href: str
    t: Mapping[str, str]  # chrome labels by key, in this page's language
    alternates: tuple[Alternate, ...]
    path: str = "index.html"  # below the site root (canonical link, sitemap)
    description: str = ""  # meta and Open Graph description: the programme's summary


# -- root and locale indexes -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LanguageChoice:
    locale: str
    name: str  # native name
    title: str  # the site title in that language
    href: str


@dataclass(frozen=True, slots=True)
class RootPage:
    page: Page
    choose: str
    languages: tuple[LanguageChoice, ...]


@dataclass(frozen=True, slots=True)
class ProgrammeLink:
    name: str
    summary: str | None
    owner: str
    href: str
    validity: str | None  # None: the sources state no date


@dataclass(frozen=True, slots=True)
class LocalePage:
    page: Page
    programmes: tuple[ProgrammeLink, ...]


# -- programme page --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KeyDate:
    date: str
    iso: str
    text: str


@dataclass(frozen=True, slots=True)
class TierView:
    id: str
    name: str
    description: str | None
    facts: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class MatrixCell:
    included: bool | Literal["partial"] | None  # None: the source does not state it
    status: str  # "Included" / "Partly included" / "Not included" / "Not stated"
    detail: str | None

    @property
    def state(self) -> str:
        """The cell's class: included, partial, excluded, or unstated."""
        if self.included is None or self.included == "partial":
            return "unstated" if self.included is None else "partial"
        return "included" if self.included else "excluded"

    @property
    def mark(self) -> str:
        """✓, ◐ (partly), ✗, or a dash when the source does not state it."""
        if self.included is None or self.included == "partial":
            return "—" if self.included is None else "◐"
        return "✓" if self.included else "✗"


@dataclass(frozen=True, slots=True)
class MatrixRow:
    header: str
    cells: tuple[MatrixCell, ...]


@dataclass(frozen=True, slots=True)
class Matrix:
    """A table: a caption, a corner header, column headers and rows with a header cell."""

    id: str
    caption: str
    corner: str
    columns: tuple[str, ...]
    rows: tuple[MatrixRow, ...]


@dataclass(frozen=True, slots=True)
class SeverityView:
    id: str
    name: str
    impact: str | None
    definition: str | None
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TargetCell:
    text: str  # "1–3 hours"
    clock: str  # "business time" / "calendar time, around the clock"
    marker: str  # footnote marker ("*") for cells under a calendar exception, else ""


@dataclass(frozen=True, slots=True)
class TargetRow:
    header: str
    cells: tuple[TargetCell, ...]


@dataclass(frozen=True, slots=True)
class TargetTable:
    id: str
    caption: str
    corner: str
    columns: tuple[str, ...]
    rows: tuple[TargetRow, ...]


@dataclass(frozen=True, slots=True)
class Footnote:
    marker: str
    text: str


@dataclass(frozen=True, slots=True)
class SlaView:
    id: str
    name: str
    note: str | None
    facts: tuple[Fact, ...]  # applies to, measured on
    tables: tuple[TargetTable, ...]
    footnotes: tuple[Footnote, ...]


@dataclass(frozen=True, slots=True)
class MetricView:
    name: str
    definition: str | None
    target: str | None  # "no fixed target" for untargeted metrics


@dataclass(frozen=True, slots=True)
class CalendarView:
    id: str
    name: str
    timezone: str
    schedule: tuple[str, ...]
    facts: tuple[Fact, ...]
    holidays: tuple[KeyDate, ...]
    note: str | None
    exceptions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChannelView:
    id: str
    name: str
    facts: tuple[Fact, ...]
    hours: Link  # to the calendar's entry under support hours
    zone: str | None  # the calendar's time zone, unless it is open around the clock
    address: Link | None
    address_text: str | None  # an address that is not a link (e.g. "dropbox.com/support")
    note: str | None


@dataclass(frozen=True, slots=True)
class RuleView:
    text: str
    facts: tuple[Fact, ...]
    link: Link | None = None  # the page or form the rule sends readers to


@dataclass(frozen=True, slots=True)
class ContactView:
    name: str
    title: str | None
    email: Link | None
    phone: Link | None


@dataclass(frozen=True, slots=True)
class LevelView:
    number: int
    heading: str
    delay: str | None
    contacts: tuple[ContactView, ...]


@dataclass(frozen=True, slots=True)
class ContactGroupView:
    """Places of one region whose escalation contacts are the same at every level."""

    id: str
    places: str | None  # "France and Monaco", in the page's language; None: not stated
    codes: tuple[str, ...]  # "FR", "MC"; a sub-territory as "US/us-east"; () if not stated
    levels: tuple[LevelView, ...]


@dataclass(frozen=True, slots=True)
class RegionView:
    """One region of the "find your contact" lookup: every country, grouped by contacts."""

    id: str
    name: str
    facts: tuple[Fact, ...]
    groups: tuple[ContactGroupView, ...]


@dataclass(frozen=True, slots=True)
class EscalationView:
    intro: str | None
    when: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ThresholdRow:
    name: str
    threshold: str


@dataclass(frozen=True, slots=True)
class LargeAccountsView:
    caption: str
    columns: tuple[str, str]
    rows: tuple[ThresholdRow, ...]


@dataclass(frozen=True, slots=True)
class FieldView:
    label: str
    required: str
    type: str
    help: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TemplateView:
    id: str
    name: str
    intro: str | None
    purpose: tuple[str, ...]
    caption: str
    columns: tuple[str, str, str, str]
    fields: tuple[FieldView, ...]
    request_types: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StepView:
    text: str
    notes: tuple[str, ...] = ()
    steps: tuple[StepView, ...] = ()


@dataclass(frozen=True, slots=True)
class BlockView:
    kind: str  # paragraph | heading | note | list | steps | quote
    text: str = ""
    items: tuple[str, ...] = ()
    steps: tuple[StepView, ...] = ()
    by: str = ""
    role: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleView:
    id: str
    title: str
    audience: str | None
    blocks: tuple[BlockView, ...]
    source: Link | None = None  # the vendor's own page for the article


@dataclass(frozen=True, slots=True)
class DifferenceView:
    text: str
    sources: str


@dataclass(frozen=True, slots=True)
class ProgrammePage:
    page: Page
    id: str
    name: str
    summary: str | None
    facts: tuple[Fact, ...]
    owner_email: Link | None
    validity: str | None
    sections: tuple[Section, ...]
    links: tuple[Link, ...] = ()  # addresses the data declares, linked wherever text names them
    key_dates: tuple[KeyDate, ...] = ()
    sources: tuple[Link, ...] = ()  # the vendor pages the programme is encoded from
    tiers: tuple[TierView, ...] = ()
    matrix: Matrix | None = None
    severities: tuple[SeverityView, ...] = ()
    metrics: tuple[MetricView, ...] = ()
    sla: tuple[SlaView, ...] = ()
    calendars: tuple[CalendarView, ...] = ()
    channels: tuple[ChannelView, ...] = ()
    eligibility: tuple[RuleView, ...] = ()
    purchase: tuple[RuleView, ...] = ()
    escalation: EscalationView | None = None
    regions: tuple[RegionView, ...] = ()
    region_note: str | None = None
    large_accounts: LargeAccountsView | None = None
    templates: tuple[TemplateView, ...] = ()
    articles: tuple[ArticleView, ...] = ()
    notes: tuple[str, ...] = ()
    differences: tuple[DifferenceView, ...] = ()


@dataclass(frozen=True, slots=True)
class Site:
    """Every page of the help center."""

    root: RootPage | None  # None in a part of a split build that does not make it
    locales: tuple[LocalePage, ...]
    programmes: tuple[ProgrammePage, ...] = field(default=())
    not_found: RootPage | None = None  # 404.html: where to go, in every language
