"""The IR → page view models (`policyc.emit.site.views`), every string already localised.

In: `Policies`. Out: a `Site`: one `RootPage`, a `LocalePage` per locale and a
`ProgrammePage` per programme per locale. The HTML templates and the Markdown writer only
lay these out; all wording, plural rules, durations, dates and links are decided here
(through `Localizer`). Paths (`href`s) are relative, so the site also works from file://.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from urllib.parse import quote

from policyc.emit.base import WHOLE, Part
from policyc.emit.chains import contact_groups
from policyc.emit.memo import per_build
from policyc.emit.site.chrome import LABEL_KEYS, audience_key, unit_key
from policyc.emit.site.localize import Localizer, native_name
from policyc.emit.site.views import (
    Alternate,
    ArticleView,
    BlockView,
    CalendarView,
    ChannelView,
    ContactGroupView,
    ContactView,
    DifferenceView,
    EscalationView,
    Fact,
    FieldView,
    Footnote,
    KeyDate,
    LanguageChoice,
    LargeAccountsView,
    LevelView,
    Link,
    LocalePage,
    Matrix,
    MatrixCell,
    MatrixRow,
    MetricView,
    Page,
    ProgrammeLink,
    ProgrammePage,
    RegionView,
    RootPage,
    RuleView,
    Section,
    SeverityView,
    Site,
    SlaView,
    StepView,
    TargetCell,
    TargetRow,
    TargetTable,
    TemplateView,
    ThresholdRow,
    TierView,
)
from policyc.model import ir
from policyc.model.bindings import capitalised, referenced
from policyc.resolve.rules import ResolvedContact, ResolvedLevel

# -- building --------------------------------------------------------------------------------


def site_locales(policies: ir.Policies) -> tuple[str, ...]:
    """Every locale some programme is published in: `en` first, then in order of appearance."""
    seen: dict[str, None] = {"en": None}
    for prog in policies.programmes.values():
        seen.update(dict.fromkeys(prog.locales))
    return tuple(seen)


def page_paths(policies: ir.Policies) -> list[str]:
    """Every page of the site below its root (for the sitemap; 404.html is no page)."""
    locales = site_locales(policies)
    paths = ["index.html", *(f"{loc}/index.html" for loc in locales)]
    for loc in locales:
        for prog in policies.programmes.values():
            if loc in prog.locales:
                paths.append(f"{loc}/{prog.id}/index.html")
    return paths


def labels(policies: ir.Policies, locale: str) -> Mapping[str, str]:
    """Every plain chrome label the templates use, in `locale` (one mapping per locale,
    which the pages of a build share: do not modify it)."""
    made: dict[str, Mapping[str, str]] = per_build(policies).setdefault(labels, {})
    found = made.get(locale)
    if found is None:
        loc = Localizer(policies, locale)
        found = made[locale] = {key: loc.chrome(key) for key in sorted(LABEL_KEYS)}
    return found


def _page(
    policies: ir.Policies,
    locale: str,
    title: str,
    depth: int,
    alternates: tuple[Alternate, ...],
    path: str = "index.html",
    description: str = "",
) -> Page:
    up = "../" * depth
    return Page(
        path=path,
        description=" ".join(description.split()),
        lang=locale,
        title=title,
        site_title=Localizer(policies, locale).chrome("site.title"),
        root_href=f"{up}index.html",
        css_href=f"{up}style.css",
        home_href=f"{up}{locale}/index.html" if depth else "index.html",
        t=labels(policies, locale),
        alternates=alternates,
    )


def _alternates(
    locales: tuple[str, ...], current: str, path: str, depth: int
) -> tuple[Alternate, ...]:
    up = "../" * depth
    return tuple(
        Alternate(loc, native_name(loc), f"{up}{loc}/{path}", loc == current, f"{loc}/{path}")
        for loc in locales
    )


def build_site(policies: ir.Policies, part: Part = WHOLE) -> Site:
    """The view models of `part`'s pages (the root and locale indexes are shared, the
    programme pages split)."""
    return _build_site(policies, part)


class SiteViews:
    """The view models of one build's pages, shared by the emitters given the same
    `SiteViews` (`policyc.emit.emitters` gives the HTML and Markdown emitters one): each
    part's pages are built once for both. Only the last part's are kept: all of a build's
    views at once would hold every page in memory."""

    def __init__(self) -> None:
        self._last: tuple[ir.Policies, Part, Site] | None = None

    def of(self, policies: ir.Policies, part: Part = WHOLE) -> Site:
        """`build_site(policies, part)`, made once however many emitters ask in a row."""
        last = self._last
        if last is not None and last[0] is policies and last[1] == part:
            return last[2]
        site = _build_site(policies, part)
        self._last = (policies, part, site)
        return site


def _language_choices(
    policies: ir.Policies, locales: tuple[str, ...], key: str
) -> tuple[LanguageChoice, ...]:
    """A link to each locale's index, labelled with the chrome message `key` in it."""
    return tuple(
        LanguageChoice(
            loc, native_name(loc), Localizer(policies, loc).chrome(key), f"{loc}/index.html"
        )
        for loc in locales
    )


def _build_site(policies: ir.Policies, part: Part) -> Site:
    locales = site_locales(policies)
    mine = [policies.programmes[pid] for pid in part.programmes(policies)]
    programmes = [
        ProgrammePageBuilder(policies, prog, loc).build()
        for loc in locales
        for prog in mine
        if loc in prog.locales
    ]
    if not part.shared:
        return Site(root=None, locales=(), programmes=tuple(programmes))
    choices = _language_choices(policies, locales, "site.title")
    root = RootPage(
        page=_page(
            policies,
            "en",
            Localizer(policies, "en").chrome("site.title"),
            0,
            (),
            description=Localizer(policies, "en").chrome("index.intro"),
        ),
        choose=Localizer(policies, "en").chrome("root.choose-language"),
        languages=choices,
    )
    not_found = RootPage(
        page=_page(
            policies,
            "en",
            Localizer(policies, "en").chrome("notfound.title"),
            0,
            (),
            "404.html",
            Localizer(policies, "en").chrome("notfound.text"),
        ),
        choose=Localizer(policies, "en").chrome("notfound.text"),
        languages=_language_choices(policies, locales, "notfound.text"),
    )
    indexes = []
    for loc in locales:
        links = []
        for prog in policies.programmes.values():
            if loc not in prog.locales:
                continue
            text = Localizer(policies, loc, prog)
            links.append(
                ProgrammeLink(
                    name=text.text(prog.name),
                    summary=text.maybe(prog.summary),
                    owner=_owner(prog.owner, text),
                    href=f"{prog.id}/index.html",
                    validity=_validity(text, prog),
                )
            )
        page = _page(
            policies,
            loc,
            Localizer(policies, loc).chrome("index.title"),
            1,
            _alternates(locales, loc, "index.html", 1),
            f"{loc}/index.html",
            Localizer(policies, loc).chrome("index.intro"),
        )
        indexes.append(LocalePage(page=page, programmes=tuple(links)))
    return Site(
        root=root, locales=tuple(indexes), programmes=tuple(programmes), not_found=not_found
    )


def _owner(owner: ir.Owner, text: Localizer) -> str:
    team = text.text(owner.team_name) if owner.team_name else owner.team
    return f"{owner.organisation} – {team}" if team else owner.organisation


def _validity(text: Localizer, prog: ir.Programme) -> str | None:
    """The stated validity, or None when the sources state no start date (never inferred)."""
    if prog.valid_from is None:
        return None
    if prog.valid_to:
        return text.chrome(
            "programme.valid-range",
            start=text.date(prog.valid_from),
            end=text.date(prog.valid_to),
        )
    return text.chrome("programme.valid-from", date=text.date(prog.valid_from))


def _customer(note: ir.Note | None) -> bool:
    """Whether a note is published on customer pages (owner notes go to the review page)."""
    return note is not None and note.audience is ir.Audience.CUSTOMER


def _customer_text(text: Localizer, note: ir.Note | None) -> str | None:
    return text.text(note.text) if note is not None and _customer(note) else None


@lru_cache(maxsize=1 << 12)  # contacts recur on every locale's page
def mailto(address: str) -> Link:
    return Link(address, "mailto:" + quote(address, safe="@.+-_"))


@lru_cache(maxsize=1 << 12)
def tel(number: str) -> Link:
    return Link(
        number, "tel:" + quote("".join(c for c in number if c.isdigit() or c == "+"), safe="+")
    )


def web_link(url: str) -> Link:
    """An https URL as a link showing the address without scheme ("dropbox.com/support")."""
    shown = url.removeprefix("https://").removeprefix("www.").rstrip("/")
    return Link(shown, quote(url, safe=":/?#[]@!$&'()*+,;=%-._~"))


def source_link(page: ir.SourcePage) -> Link:
    """A source page as a link showing its title, or its address without scheme."""
    found = web_link(page.url)
    return Link(page.title, found.href) if page.title else found


def address_link(address: str) -> Link | None:
    """A channel address as a link when its form is unambiguous (e-mail, URL, phone)."""
    if "@" in address and " " not in address and "/" not in address:
        return mailto(address)
    if address.startswith(("https://", "http://")):
        return Link(address, quote(address, safe=":/?#[]@!$&'()*+,;=%-._~"))
    if address.startswith("+") and all(c.isdigit() or c in " +-()." for c in address):
        return tel(address)
    return None


class ProgrammePageBuilder:
    """Builds the `ProgrammePage` of one programme in one locale."""

    def __init__(self, policies: ir.Policies, prog: ir.Programme, locale: str) -> None:
        self.policies = policies
        self.prog = prog
        self.locale = locale
        self.text = Localizer(policies, locale, prog)
        self.t = self.text.chrome
        self.tier_names = {t.id: self.text.text(t.name) for t in prog.tiers}
        self._clocks: dict[str, str] = {}  # calendar id → "business time" or the like
        # escalation level → its view: the contact groups of a page repeat the same levels
        self._levels: dict[int, LevelView] = {}

    # -- small pieces ----------------------------------------------------------------------
    def audience(self, slug: str) -> str:
        return self.t(audience_key(slug))

    def tiers_fact(self, tiers: tuple[str, ...]) -> Fact:
        everyone = not tiers or set(tiers) == set(self.tier_names)
        value = (
            self.t("label.all-plans")
            if everyone
            else self.text.join([self.tier_names[t] for t in tiers])
        )
        return Fact(self.t("label.plans"), value)

    def products(self, ids: tuple[str, ...]) -> str:
        names = {p.id: self.text.text(p.name) for p in self.prog.products}
        return self.text.join([names.get(i, i) for i in ids])

    def languages(self, tags: tuple[str, ...]) -> str:
        return self.text.join([self.text.language(t) for t in tags])

    def calendar(self, cid: str) -> ir.Calendar:
        return self.policies.calendars[cid]

    def calendar_name(self, cid: str) -> str:
        cal = self.calendar(cid)
        return self.text.calendar_text(cal, cal.name)

    # -- the page --------------------------------------------------------------------------
    def build(self) -> ProgrammePage:
        prog, text, t = self.prog, self.text, self.t
        locales = prog.locales
        page = _page(
            self.policies,
            self.locale,
            text.text(prog.name),
            2,
            _alternates(locales, self.locale, f"{prog.id}/index.html", 2),
            f"{self.locale}/{prog.id}/index.html",
            text.maybe(prog.summary) or text.text(prog.name),
        )
        if prog.commitment != "target":  # the heading says what the vendor promises
            wording = page.t[f"section.targets.{prog.commitment}"]
            page = replace(page, t={**page.t, "section.targets": wording})
        facts = [Fact(t("programme.provided-by"), _owner(prog.owner, text))]
        if prog.products:
            facts.append(
                Fact(t("label.products"), self.products(tuple(p.id for p in prog.products)))
            )
        if prog.support_languages:
            facts.append(
                Fact(t("programme.support-languages"), self.languages(prog.support_languages))
            )
        validity = _validity(text, prog)
        if validity is not None:
            facts.append(Fact(t("programme.validity"), validity))
        if prog.closed_to_new_from is not None:
            closed = text.chrome("programme.closed-from", date=text.date(prog.closed_to_new_from))
            facts.append(Fact(t("programme.new-customers"), closed))
        built = ProgrammePage(
            page=page,
            id=prog.id,
            name=text.text(prog.name),
            summary=text.maybe(prog.summary),
            facts=tuple(facts),
            owner_email=mailto(prog.owner.email) if prog.owner.email else None,
            validity=validity,
            sections=(),
            links=self.links(),
            key_dates=tuple(
                KeyDate(text.date(d.date), d.date, text.text(d.text)) for d in prog.dates
            ),
            sources=tuple(source_link(s) for s in prog.source_pages),
            tiers=tuple(self.tier(tier) for tier in prog.tiers),
            matrix=self.matrix(),
            severities=tuple(self.severity(s) for s in prog.severities),
            metrics=tuple(self.metric(m) for m in prog.metrics),
            sla=tuple(self.sla(p) for p in prog.sla_policies),
            calendars=tuple(
                self.calendar_view(self.calendar(c))
                for c in prog.calendars
                if c in self.policies.calendars
            ),
            channels=self.channels(),
            eligibility=tuple(self.rule(r) for r in prog.eligibility),
            purchase=tuple(self.rule(r) for r in prog.purchase),
            escalation=self.escalation(),
            regions=self.regions(),
            region_note=_customer_text(text, prog.region_note),
            large_accounts=self.large_accounts(),
            templates=tuple(self.template(r) for r in prog.request_templates),
            articles=tuple(self.article(a) for a in prog.articles),
            notes=tuple(text.text(n.text) for n in prog.notes if _customer(n)),
            differences=tuple(
                self.difference(d) for d in prog.differences if d.audience is ir.Audience.CUSTOMER
            ),
        )
        return _with_sections(built)

    def links(self) -> tuple[Link, ...]:
        """Every web address the data declares (channel, rule and article pages): text
        that names one shows it as a link."""
        urls = [c.url for c in self.prog.channels] + [r.url for r in self.prog.eligibility]
        urls += [r.url for r in self.prog.purchase] + [a.url for a in self.prog.articles]
        if self.prog.owner.url:
            urls.append(self.prog.owner.url)
        return tuple(web_link(u) for u in dict.fromkeys(u for u in urls if u))

    def tier(self, tier: ir.Tier) -> TierView:
        facts = []
        if tier.audience:
            facts.append(Fact(self.t("label.audience"), self.audience(tier.audience)))
        if tier.products:
            facts.append(Fact(self.t("label.products"), self.products(tier.products)))
        return TierView(
            tier.id, self.tier_names[tier.id], self.text.maybe(tier.description), tuple(facts)
        )

    def matrix(self) -> Matrix | None:
        if not self.prog.services:
            return None
        rows = []
        for service in self.prog.services:
            cells = []
            for tier in self.prog.tiers:
                value = service.by_tier.get(tier.id, _NOT_INCLUDED)
                status = self.t(
                    "label.not-stated"
                    if value.included is None
                    else "plans.partial"
                    if value.included == "partial"
                    else "plans.included"
                    if value.included
                    else "plans.not-included"
                )
                cells.append(MatrixCell(value.included, status, self.service_detail(value)))
            rows.append(MatrixRow(self.text.text(service.name), tuple(cells)))
        return Matrix(
            id="plans-matrix",
            caption=self.t("plans.matrix-caption"),
            corner=self.t("plans.service"),
            columns=tuple(self.tier_names[t.id] for t in self.prog.tiers),
            rows=tuple(rows),
        )

    def service_detail(self, value: ir.ServiceValue) -> str | None:
        """A services cell's detail: the SLA target it states ("Within 1 hour"), its count
        in its plural detail message ("3 unused features"), or its detail text."""
        if value.sla is not None:
            return capitalised(self.text.promise(referenced(self.prog, value.sla)))
        if value.count is not None:
            if value.detail is None:
                return self.text.number(value.count)
            return self.text.count(value.detail, value.count)
        return self.text.maybe(value.detail)

    def severity(self, sev: ir.Severity) -> SeverityView:
        return SeverityView(
            sev.id,
            self.text.text(sev.name),
            self.text.maybe(sev.impact),
            self.text.maybe(sev.definition),
            tuple(self.text.text(e) for e in sev.examples),
        )

    def metric(self, metric: ir.Metric) -> MetricView:
        target = None if metric.targeted else self.t("targets.no-target")
        return MetricView(self.text.text(metric.name), self.text.maybe(metric.definition), target)

    def sla(self, policy: ir.SlaPolicy) -> SlaView:
        t = self.t
        facts = []
        if policy.languages:
            facts.append(Fact(t("label.languages"), self.languages(policy.languages)))
        if policy.products:
            facts.append(Fact(t("label.products"), self.products(policy.products)))
        if policy.channels:
            names = {c.id: self.text.text(c.name) for c in self.prog.channels}
            facts.append(
                Fact(
                    t("label.channels"), self.text.join([names.get(c, c) for c in policy.channels])
                )
            )
        named = (
            ("label.plans", policy.tiers, {x.id: x.name for x in self.prog.tiers}),
            ("targets.severity", policy.severities, {x.id: x.name for x in self.prog.severities}),
            ("label.regions", policy.regions, {x.id: x.name for x in self.prog.regions}),
            ("label.case-types", policy.case_types, {x.id: x.name for x in self.prog.case_types}),
        )
        for label, ids, names in named:
            if ids:
                words = [self.text.text(names[i]) if i in names else i for i in ids]
                facts.append(Fact(t(label), self.text.join(words)))
        if policy.countries:
            facts.append(Fact(t("label.countries"), self.text.join(list(policy.countries))))
        cal = self.calendar(policy.calendar)
        measured = self.calendar_name(cal.id)
        if not cal.always_open and "timezone" not in cal.not_stated:
            measured = f"{measured} ({self.text.timezone(cal.timezone)})"
        if policy.region_calendars:  # business hours in the customer's local region
            names = {r.id: r.name for r in self.prog.regions}
            parts = [measured]
            for region, cid in policy.region_calendars.items():
                local = self.calendar(cid)
                zone = "" if local.always_open else f" ({self.text.timezone(local.timezone)})"
                parts.append(f"{self.text.text(names[region])}: {self.calendar_name(cid)}{zone}")
            measured = self.text.join(parts)
        facts.append(Fact(t("targets.measured-on"), measured))
        footnotes: dict[str, Footnote] = {}
        tables = []
        by_key: dict[tuple[str, str, str], ir.SlaCell] = {}
        for c in policy.cells:  # the first cell of each key, like `policy.cell`
            by_key.setdefault((c.tier, c.severity, c.metric), c)
        used_severities = {c.severity for c in policy.cells}
        used_tiers = {c.tier for c in policy.cells}
        used_metrics = {c.metric for c in policy.cells}
        severities = [s for s in self.prog.severities if s.id in used_severities]
        tiers = [tr for tr in self.prog.tiers if tr.id in used_tiers]
        for metric in self.prog.metrics:
            if metric.id not in used_metrics:
                continue
            rows = []
            for sev in severities:
                cells = []
                for tier in tiers:
                    cell = by_key.get((tier.id, sev.id, metric.id))
                    cells.append(self.target_cell(cell, footnotes))
                rows.append(TargetRow(self.text.text(sev.name), tuple(cells)))
            tables.append(
                TargetTable(
                    id=f"sla-{policy.id}-{metric.id}",
                    caption=t(
                        "targets.caption",
                        metric=self.text.text(metric.name),
                        policy=self.text.text(policy.name),
                    ),
                    corner=t("targets.severity"),
                    columns=tuple(self.tier_names[tr.id] for tr in tiers),
                    rows=tuple(rows),
                )
            )
        return SlaView(
            id=f"sla-{policy.id}",
            name=self.text.text(policy.name),
            note=self.text.maybe(policy.note),
            facts=tuple(facts),
            tables=tuple(tables),
            footnotes=tuple(footnotes.values()),
        )

    def target_cell(self, cell: ir.SlaCell | None, footnotes: dict[str, Footnote]) -> TargetCell:
        if cell is None:
            return TargetCell(self.t("targets.none"), "", "")
        if cell.target is None:  # not offered, best effort, not stated (as services cells)
            key = (
                "label.not-stated"
                if cell.promise is ir.Promise.NOT_STATED
                else f"targets.{cell.promise.value}"
            )
            return TargetCell(self.t(key), "", "")
        cal = self.calendar(cell.target.calendar)
        effective, marker = cal, ""
        exception = next((e for e in cal.exceptions if e.id == cell.exception), None)
        if exception is not None and exception.calendar in self.policies.calendars:
            effective = self.calendar(exception.calendar)
            if exception.id not in footnotes:
                text = self.t(
                    "targets.exception",
                    text=self.text.calendar_text(cal, exception.text),
                    calendar=self.calendar_name(effective.id),
                )
                footnotes[exception.id] = Footnote("*" * (len(footnotes) + 1), text)
            marker = footnotes[exception.id].marker
        for exc in cal.exceptions:  # per ticket (case type, region, ...): a footnote
            if exc.id in cell.conditional and exc.calendar in self.policies.calendars:
                if exc.id not in footnotes:
                    text = self.t(
                        "targets.exception-cases",
                        text=self.text.calendar_text(cal, exc.text),
                        cases=self.exception_cases(exc),
                        calendar=self.calendar_name(exc.calendar),
                    )
                    footnotes[exc.id] = Footnote("*" * (len(footnotes) + 1), text)
                marker += footnotes[exc.id].marker
        clock = self._clocks.get(effective.id)
        if clock is None:
            key = "clock.calendar" if effective.always_open else "clock.business"
            clock = self._clocks[effective.id] = self.t(key)
        return TargetCell(self.text.target(cell.target), clock, marker)

    def exception_cases(self, exc: ir.CalendarException) -> str:
        """The per-ticket conditions of an exception in words: case types, regions, ..."""
        names = {c.id: c.name for c in self.prog.case_types}
        names |= {r.id: r.name for r in self.prog.regions}
        names |= {c.id: c.name for c in self.prog.channels}
        names |= {p.id: p.name for p in self.prog.products}
        words = [
            self.text.text(names[x]) if x in names else x
            for field in ir.TICKET_CONDITIONS
            for x in getattr(exc, field)
        ]
        return self.text.join(words)

    def calendar_view(self, cal: ir.Calendar) -> CalendarView:
        t, text = self.t, self.text
        facts = []
        if not cal.always_open:
            facts.append(Fact(t("hours.time-zone"), self.zone(cal) or t("label.not-stated")))
            facts.append(Fact(t("hours.business-day"), text.minutes(cal.business_day_minutes)))
        return CalendarView(
            id=f"calendar-{cal.id}",
            name=self.calendar_name(cal.id),
            timezone=self.zone(cal) or t("label.not-stated"),
            schedule=self.schedule(cal),
            facts=tuple(facts),
            holidays=tuple(
                KeyDate(text.date(h.date), h.date, text.calendar_text(cal, h.name))
                for h in cal.holidays
            ),
            note=(
                text.calendar_text(cal, cal.note.text)
                if cal.note is not None and _customer(cal.note)
                else None
            ),
            exceptions=tuple(
                t(
                    "hours.exception",
                    text=text.calendar_text(cal, e.text),
                    calendar=self.calendar_name(e.calendar),
                )
                for e in cal.exceptions
                if e.calendar in self.policies.calendars
            ),
        )

    def zone(self, cal: ir.Calendar) -> str | None:
        """The calendar's zone name, or None if the source does not state it."""
        return None if "timezone" in cal.not_stated else self.text.timezone(cal.timezone)

    def schedule(self, cal: ir.Calendar) -> tuple[str, ...]:
        """Weekly hours, days with equal hours grouped: ("Monday–Friday: 09:00–17:00",);
        only the hours when the source does not state the days."""
        if "days" in cal.not_stated:
            hours = sorted({(i.start, i.end) for i in cal.intervals})
            return (self.text.join([self.text.time_range(s, e) for s, e in hours]),)
        if cal.weekly_open_minutes == 7 * 1440:
            return (self.t("hours.around-the-clock"),)
        by_day: dict[int, tuple[tuple[int, int], ...]] = {
            d: tuple((i.start, i.end) for i in cal.intervals if i.day == d) for d in range(7)
        }
        lines: list[str] = []
        day = 0
        while day < 7:
            spans = by_day[day]
            last = day
            while last + 1 < 7 and by_day[last + 1] == spans:
                last += 1
            if spans:
                if (day, last) == (0, 6):
                    days = self.t("hours.every-day")
                elif last == day:
                    days = self.text.day_name(day)
                elif last == day + 1:
                    days = self.text.join([self.text.day_name(day), self.text.day_name(last)])
                else:
                    days = self.t(
                        "hours.day-range",
                        first=self.text.day_name(day),
                        last=self.text.day_name(last),
                    )
                times = [
                    self.t("hours.all-day") if (s, e) == (0, 1440) else self.text.time_range(s, e)
                    for s, e in spans
                ]
                lines.append(self.t("hours.schedule-line", days=days, times=self.text.join(times)))
            day = last + 1
        return tuple(lines)

    def channels(self) -> tuple[ChannelView, ...]:
        """One card per set of channels that differ only in name and kind (same hours,
        plans, products, languages, audience, note and address): "Phone support, Live chat"."""
        merged: dict[tuple[object, ...], list[ir.Channel]] = {}
        for ch in self.prog.channels:
            key = (ch.calendar, ch.tiers, ch.products, ch.languages, ch.audience, ch.note)
            merged.setdefault((*key, ch.address, ch.url), []).append(ch)
        return tuple(self.channel(group) for group in merged.values())

    def channel(self, group: list[ir.Channel]) -> ChannelView:
        t = self.t
        ch = group[0]
        kinds = dict.fromkeys(t(f"channel-kind.{c.kind.value}") for c in group)
        facts = [Fact(t("channel.type"), self.text.join(list(kinds)))]
        facts.append(self.tiers_fact(ch.tiers))
        if ch.products:
            facts.append(Fact(t("label.products"), self.products(ch.products)))
        if ch.languages:
            facts.append(Fact(t("label.languages"), self.languages(ch.languages)))
        if ch.audience:
            facts.append(Fact(t("label.audience"), self.audience(ch.audience)))
        link = web_link(ch.url) if ch.url else address_link(ch.address) if ch.address else None
        cal = self.calendar(ch.calendar)
        return ChannelView(
            id=f"channel-{ch.id}",
            name=self.text.join([self.text.text(c.name) for c in group]),
            facts=tuple(facts),
            hours=Link(self.calendar_name(ch.calendar), f"#calendar-{ch.calendar}"),
            zone=None if cal.always_open else self.zone(cal),
            address=link,
            address_text=ch.address if ch.address and link is None else None,
            note=self.text.maybe(ch.note),
        )

    def rule(self, rule: ir.Rule) -> RuleView:
        facts = []
        if rule.audience:
            facts.append(Fact(self.t("label.audience"), self.audience(rule.audience)))
        if rule.tiers:
            facts.append(self.tiers_fact(rule.tiers))
        if rule.min_seats is not None:
            facts.append(
                Fact(
                    self.t("rule.minimum"), self.text.chrome_count("rule.min-seats", rule.min_seats)
                )
            )
        seats = {"seats": self.text.number(rule.min_seats)} if rule.min_seats is not None else {}
        return RuleView(
            self.text.text(rule.text, **seats),
            tuple(facts),
            web_link(rule.url) if rule.url else None,
        )

    def escalation(self) -> EscalationView | None:
        esc = self.prog.escalation
        if esc is None:
            return None
        return EscalationView(
            self.text.maybe(esc.intro), tuple(self.text.text(w) for w in esc.when)
        )

    def regions(self) -> tuple[RegionView, ...]:
        """The "find your contact" lookup: per region, its countries (and sub-territories)
        grouped by who to contact at every level, as `policyc route` resolves them; a region
        whose countries the sources do not state says so and names none."""
        chains = {c.region for c in self.prog.escalation.chains} if self.prog.escalation else set()
        grouped = contact_groups(self.policies, self.prog)  # the same in every locale
        views = []
        for r, region in enumerate(self.prog.regions):
            unstated = "countries" in region.not_stated
            facts = []
            if unstated:  # an assumed list is not shown to customers as fact
                facts.append(Fact(self.t("regions.countries"), self.t("label.not-stated")))
            if region.timezone:
                facts.append(Fact(self.t("hours.time-zone"), self.text.timezone(region.timezone)))
            named = self.places(region)
            groups = grouped[r] if region.id in chains else []
            every = [g.chain for g in groups]
            views.append(
                RegionView(
                    f"region-{region.id}",
                    self.text.text(region.name),
                    tuple(facts),
                    tuple(
                        ContactGroupView(
                            id=f"contacts-{region.id}-{n}",
                            places=self.scopes(g.chain, every)
                            if unstated
                            else self.text.join([named[i][1] for i in g.members]),
                            codes=() if unstated else tuple(named[i][0] for i in g.members),
                            levels=tuple(map(self.level, g.chain, g.levels)),
                        )
                        for n, g in enumerate(groups, 1)
                    ),
                )
            )
        return tuple(views)

    def scopes(
        self, chain: tuple[ResolvedLevel, ...], chains: list[tuple[ResolvedLevel, ...]]
    ) -> str | None:
        """A group's name where the countries are not stated: the scope labels the source
        gives its own contacts ("Japan"), or None when the region has one group."""
        if len(chains) < 2:
            return None
        shared = set.intersection(*({c.label for lv in ch for c in lv.contacts} for ch in chains))
        labels = dict.fromkeys(
            c.label for lv in chain for c in lv.contacts if c.label and c.label not in shared
        )
        return self.text.join([self.text.text(k) for k in labels if k]) or None

    def places(self, region: ir.Region) -> list[tuple[str, str]]:
        """(code, name) of every place of a region, in the order of `chains.places`: a
        country, or once per sub-territory a country split into them ("US/east")."""
        out: list[tuple[str, str]] = []
        for country in region.countries:
            subs = [s for s in region.subdivisions if s.country == country]
            if not subs:
                out.append((country, self.text.country(country)))
            out.extend((f"{country}/{s.id}", self.text.text(s.name)) for s in subs)
        return out

    def level(self, level: ResolvedLevel, number: int) -> LevelView:
        """The view of a level numbered `number` by `chains.contact_groups` (equal levels
        alike): made once per page."""
        found = self._levels.get(number)
        if found is None:
            found = self._levels[number] = self._level(level)
        return found

    def _level(self, level: ResolvedLevel) -> LevelView:
        delay = (
            self.t("escalation.delay", duration=self.text.minutes(level.delay_minutes))
            if level.delay_minutes is not None
            else None
        )
        return LevelView(
            number=level.level,
            heading=self.t(
                "escalation.level",
                level=self.text.number(level.level),
                role=self.text.text(level.role),
            ),
            delay=delay,
            contacts=tuple(self.contact(c) for c in level.contacts),
        )

    def contact(self, person: ResolvedContact) -> ContactView:
        return ContactView(
            name=person.name,
            title=self.text.maybe(person.title),
            email=mailto(person.email) if person.email else None,
            phone=tel(person.phone) if person.phone else None,
        )

    def large_accounts(self) -> LargeAccountsView | None:
        if not self.prog.large_accounts:
            return None
        rows = tuple(
            ThresholdRow(
                self.text.text(rule.name),
                self.t(
                    "large-accounts.from",
                    amount=self.text.chrome_count(unit_key(rule.unit), rule.min_seats),
                ),
            )
            for rule in self.prog.large_accounts
        )
        return LargeAccountsView(
            caption=self.t("large-accounts.caption"),
            columns=(self.t("large-accounts.region"), self.t("large-accounts.threshold")),
            rows=rows,
        )

    def template(self, tpl: ir.RequestTemplate) -> TemplateView:
        t, text = self.t, self.text
        types = {r.id: text.text(r.name) for r in tpl.request_types}
        fields = []
        for f in tpl.fields:
            help_lines = [text.text(f.help)] if f.help else []
            if f.choices:
                help_lines.append(
                    t("template.choices", choices=text.join([types.get(c, c) for c in f.choices]))
                )
            if f.min_words is not None or f.max_words is not None:
                low = f.min_words if f.min_words is not None else 0
                high = f.max_words if f.max_words is not None else low
                shown = (
                    text.number_range(low, high)
                    if f.min_words is not None and f.max_words is not None and low != high
                    else None
                )
                help_lines.append(text.chrome_count("template.word-count", high, shown))
            fields.append(
                FieldView(
                    label=text.text(f.label),
                    required="—"
                    if f.required is None
                    else t("label.yes" if f.required else "template.optional"),
                    type=t(f"field-type.{f.type}"),
                    help=tuple(help_lines),
                )
            )
        return TemplateView(
            id=f"template-{tpl.id}",
            name=text.text(tpl.name),
            intro=text.maybe(tpl.intro),
            purpose=tuple(text.text(p) for p in tpl.purpose),
            caption=t("template.caption", name=text.text(tpl.name)),
            columns=(
                t("template.field"),
                t("template.required"),
                t("template.type"),
                t("template.guidance"),
            ),
            fields=tuple(fields),
            request_types=tuple(types.values()),
        )

    def step(self, step: ir.Step) -> StepView:
        return StepView(
            self.text.text(step.text),
            tuple(self.text.text(n) for n in step.notes),
            tuple(self.step(s) for s in step.steps),
        )

    def article(self, article: ir.Article) -> ArticleView:
        blocks = []
        for b in article.blocks:
            if b.kind == "steps":
                blocks.append(BlockView("steps", steps=tuple(self.step(s) for s in b.steps)))
            elif b.kind == "list":
                blocks.append(BlockView("list", items=tuple(self.text.text(i) for i in b.items)))
            elif b.kind == "quote" and b.quote is not None:
                q = b.quote
                blocks.append(
                    BlockView(
                        "quote", text=self.text.text(q.text), by=q.by, role=self.text.maybe(q.role)
                    )
                )
            elif b.text is not None:
                blocks.append(BlockView(b.kind, text=self.text.text(b.text)))
        return ArticleView(
            id=f"article-{article.id}",
            title=self.text.text(article.title),
            audience=self.audience(article.audience) if article.audience else None,
            blocks=tuple(blocks),
            source=web_link(article.url) if article.url else None,
        )

    def difference(self, diff: ir.Difference) -> DifferenceView:
        return DifferenceView(self.text.text(diff.text), self.languages(diff.sources))


_NOT_INCLUDED = ir.ServiceValue(included=False)  # a service a tier's column does not list


def _with_sections(page: ProgrammePage) -> ProgrammePage:
    """Fill in the table of contents: one entry per non-empty section, in page order."""
    t = page.page.t
    present = [
        ("key-dates", "section.key-dates", page.key_dates),
        ("plans", "section.plans", page.tiers),
        ("severities", "section.severities", page.severities),
        ("targets", "section.targets", page.sla or page.metrics),
        ("hours", "section.hours", page.calendars),
        ("channels", "section.channels", page.channels),
        ("eligibility", "section.eligibility", page.eligibility),
        ("purchase", "section.purchase", page.purchase),
        ("escalation", "section.escalation", page.regions or page.escalation),
        ("large-accounts", "section.large-accounts", page.large_accounts),
        ("templates", "section.templates", page.templates),
        ("articles", "section.articles", page.articles),
        ("notes", "section.notes", page.notes),
        ("differences", "section.differences", page.differences),
    ]
    sections = tuple(Section(sid, t[key]) for sid, key, value in present if value)
    return replace(page, sections=sections)
