"""The Markdown emitter: page view models → one GitHub-flavoured Markdown file per page.

In: `Policies`. Out: `docs/<locale>/<programme>.md` with the same content as the HTML
programme page. Plain Python, no templates: every piece of text goes through `escape`
(or `cell` inside tables), so policy text can never open a link, code span, emphasis,
HTML tag or extra table column — it shows literally.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from policyc.emit.base import WHOLE, Artifact, Part
from policyc.emit.site.pages import SiteViews
from policyc.emit.site.views import link_pattern

if TYPE_CHECKING:
    from policyc.emit.site.views import Fact, LevelView, Link, ProgrammePage, RuleView, StepView
    from policyc.model.ir import Policies

# NUL, C0 (but tab and line ends) and C1 controls are never written raw into a document:
# shown as control pictures (NUL → ␀), DEL and C1 as �, as on the terminal.
CONTROLS = {c: 0x2400 + c for c in range(32) if c not in (0x09, 0x0A, 0x0D)} | {
    c: 0xFFFD for c in (0x7F, *range(0x80, 0xA0))
}
_CONTROL = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(CONTROLS)) + "]")
_AUTOLINK = re.compile(r"(?i)(?<![\w\\])(https?|ftp|www)(:|\.)")
_INLINE = re.compile(r"([\\`*_\[\]<>|~]|&(?=#?[0-9A-Za-z]+;))")
_LINE_START = re.compile(r"^([-+=#]|\d+(?=[.)]))")
_SPECIAL = re.compile(r"[\\`*_\[\]<>|~&]")  # what `_INLINE` might escape


@lru_cache(maxsize=1 << 16)  # pages repeat their labels and names many times
def escape(text: str) -> str:
    """Text as literal Markdown: one line, every inline marker backslash-escaped.

    Also neutralises what would start a block at the beginning of a line: a list marker
    (`-`, `+`, `1.`), a heading (`#`) or a setext underline (`=`).
    """
    flat = " ".join(visible_text(text).split())  # runs of whitespace as one space, stripped
    if _SPECIAL.search(flat) is not None:
        flat = _INLINE.sub(r"\\\1", flat)
    if ":" in flat or "." in flat:  # GitHub links bare `https://…` and `www.…`: escape
        flat = _AUTOLINK.sub(r"\1\\\2", flat)
    match = _LINE_START.match(flat)
    if match is None:
        return flat
    if match.group(1)[0].isdigit():  # "1." → "1\."
        end = match.end()
        return flat[:end] + "\\" + flat[end:]
    return "\\" + flat


def visible_text(text: str) -> str:
    """`text` without raw control characters (see `CONTROLS`)."""
    # `translate` looks every character up in a dict; almost no text has a control, and
    # one regex search says so far faster (every value a page prints comes through here)
    return text.translate(CONTROLS) if _CONTROL.search(text) is not None else text


def cell(text: str) -> str:
    """A table cell: escaped (pipes included) and never empty."""
    return escape(text) or " "


def link(item: Link) -> str:
    href = item.href.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return f"[{escape(item.text)}](<{href}>)"


def linked(text: str, links: tuple[Link, ...]) -> str:
    """Like `escape`, but every address of `links` the text names becomes an explicit
    Markdown link (never bare text a renderer might linkify on its own)."""
    pattern = link_pattern(links)
    if pattern is None or pattern.search(text) is None:
        return escape(text)
    hrefs = {x.text: x for x in links}
    pieces = pattern.split(" ".join(text.split()))
    out = []
    for i, piece in enumerate(pieces):
        if i % 2:
            out.append(link(hrefs[piece]))
        elif piece:
            inner = escape(piece)
            # `escape` strips the spaces around a piece: keep them between links and text
            out.append(
                (" " if piece[0] == " " and i else "")
                + inner
                + (" " if piece[-1] == " " and inner else "")
            )
    return "".join(out)


def table(caption: str, header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A caption line and a GFM table; `header` and `rows` are already-escaped cells."""
    lines = [f"**{escape(caption)}**", ""]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join(" --- " for _ in header) + "|")
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    lines.append("")
    return lines


def facts(items: Iterable[Fact], colon: str) -> list[str]:
    out = [f"- **{escape(f.label + colon)}** {escape(f.value)}" for f in items]
    return [*out, ""] if out else []


def bullets(items: Iterable[str]) -> list[str]:
    out = [f"- {escape(i)}" for i in items]
    return [*out, ""] if out else []


def steps(items: Sequence[StepView], indent: str = "", links: tuple[Link, ...] = ()) -> list[str]:
    lines = []
    for number, step in enumerate(items, 1):
        marker = f"{number}. "
        inner = indent + " " * len(marker)
        lines.append(f"{indent}{marker}{linked(step.text, links)}")
        lines.extend(f"{inner}- {linked(n, links)}" for n in step.notes)
        if step.steps:
            lines.extend(steps(step.steps, inner, links))
    return lines


def _level(level: LevelView) -> list[str]:
    """An escalation level and its contacts as list items."""
    delay = f" ({level.delay})" if level.delay else ""
    lines = [f"- {escape(level.heading + delay)}"]
    for c in level.contacts:
        name = f"**{escape(c.name)}**" + (f", {escape(c.title)}" if c.title else "")
        parts = [name, *(link(x) for x in (c.email, c.phone) if x is not None)]
        lines.append("  - " + " – ".join(parts))
    return lines


class _Writer:
    """Writes one programme page; `t` are the page's chrome labels."""

    def __init__(self, prog: ProgrammePage) -> None:
        self.prog = prog
        self.t = prog.page.t
        self.colon = prog.page.t["punctuation.colon"]
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def heading(self, level: int, text: str) -> None:
        self.add("#" * level + " " + escape(text), "")

    def para(self, text: str | None) -> None:
        if text:
            self.add(escape(text), "")

    def linked_para(self, text: str | None) -> None:
        """A paragraph whose addresses (`prog.links`) are explicit links."""
        if text:
            self.add(linked(text, self.prog.links), "")

    def write(self) -> str:
        p, t = self.prog, self.t
        self.heading(1, p.name)
        self.para(p.summary)
        self.add(*facts(p.facts, self.colon))
        if p.owner_email:
            self.add(f"{escape(t['programme.contact'] + self.colon)} {link(p.owner_email)}", "")
        if p.sources:
            shown = ", ".join(link(x) for x in p.sources)
            self.add(f"{escape(t['programme.source'] + self.colon)} {shown}", "")
        for section in p.sections:
            getattr(self, "_" + section.id.replace("-", "_"))(section.title)
        self.add("---", "", escape(t["footer.generated"]))
        return "\n".join(self.lines).rstrip("\n") + "\n"

    def _key_dates(self, title: str) -> None:
        self.heading(2, title)
        self.add(
            *(f"- **{escape(d.date + self.colon)}** {escape(d.text)}" for d in self.prog.key_dates),
            "",
        )

    def _plans(self, title: str) -> None:
        self.heading(2, title)
        for tier in self.prog.tiers:
            self.heading(3, tier.name)
            self.para(tier.description)
            self.add(*facts(tier.facts, self.colon))
        m = self.prog.matrix
        if m is not None:
            rows = [
                [
                    f"**{cell(r.header)}**",
                    *(
                        c.mark
                        if c.included is None and not c.detail
                        else f"{c.mark} {cell(c.detail or c.status)}"
                        for c in r.cells
                    ),
                ]
                for r in m.rows
            ]
            self.add(*table(m.caption, [cell(m.corner), *map(cell, m.columns)], rows))

    def _severities(self, title: str) -> None:
        self.heading(2, title)
        for sev in self.prog.severities:
            self.heading(3, sev.name)
            if sev.impact:
                self.add(
                    f"**{escape(self.t['severity.impact'] + self.colon)}** {escape(sev.impact)}", ""
                )
            self.para(sev.definition)
            if sev.examples:
                self.add(escape(self.t["severity.examples"] + self.colon), "")
                self.add(*bullets(sev.examples))

    def _targets(self, title: str) -> None:
        self.heading(2, title)
        if self.prog.metrics:
            self.heading(3, self.t["targets.metrics"])
            for metric in self.prog.metrics:
                text = " ".join(x for x in (metric.definition, metric.target) if x)
                name = metric.name + (self.colon if text else "")
                self.add(f"- **{escape(name)}** {escape(text)}".rstrip())
            self.add("")
        for policy in self.prog.sla:
            self.heading(3, policy.name)
            self.para(policy.note)
            self.add(*facts(policy.facts, self.colon))
            for tab in policy.tables:
                rows = [
                    [
                        f"**{cell(r.header)}**",
                        *(
                            cell(c.text)
                            + escape(c.marker)
                            + (f" ({escape(c.clock)})" if c.clock else "")
                            for c in r.cells
                        ),
                    ]
                    for r in tab.rows
                ]
                self.add(*table(tab.caption, [cell(tab.corner), *map(cell, tab.columns)], rows))
            for note in policy.footnotes:
                self.para(f"{note.marker} {note.text}")

    def _hours(self, title: str) -> None:
        self.heading(2, title)
        for cal in self.prog.calendars:
            self.heading(3, cal.name)
            self.add(*bullets(cal.schedule))
            self.add(*facts(cal.facts, self.colon))
            if cal.holidays:
                self.add(escape(self.t["hours.holidays"] + self.colon), "")
                self.add(*bullets(f"{h.date}{self.colon} {h.text}" for h in cal.holidays))
            self.para(cal.note)
            for text in cal.exceptions:
                self.para(text)

    def _channels(self, title: str) -> None:
        self.heading(2, title)
        for ch in self.prog.channels:
            self.heading(3, ch.name)
            lines = facts(ch.facts, self.colon)[:-1] if ch.facts else []
            lines.append(
                f"- **{escape(self.t['channel.hours'] + self.colon)}** {escape(ch.hours.text)}"
            )
            if ch.zone:
                lines.append(
                    f"- **{escape(self.t['hours.time-zone'] + self.colon)}** {escape(ch.zone)}"
                )
            address = link(ch.address) if ch.address else escape(ch.address_text or "")
            if address:
                lines.append(f"- **{escape(self.t['channel.address'] + self.colon)}** {address}")
            self.add(*lines, "")
            self.linked_para(ch.note)

    def _rules(self, title: str, rules: Sequence[RuleView]) -> None:
        self.heading(2, title)
        for rule in rules:
            extra = "; ".join(f"{f.label}{self.colon} {f.value}" for f in rule.facts)
            more = f" {link(rule.link)}" if rule.link else ""
            self.add(
                f"- {linked(rule.text, self.prog.links)}{more}"
                + (f" ({escape(extra)})" if extra else "")
            )
        self.add("")

    def _eligibility(self, title: str) -> None:
        self._rules(title, self.prog.eligibility)

    def _purchase(self, title: str) -> None:
        self._rules(title, self.prog.purchase)

    def _escalation(self, title: str) -> None:
        self.heading(2, title)
        esc = self.prog.escalation
        if esc is not None:
            self.para(esc.intro)
            if esc.when:
                self.heading(3, self.t["escalation.when"])
                self.add(*bullets(esc.when))
        if self.prog.regions:
            self.para(self.t["escalation.find-contact"])
        shown: dict[int, list[str]] = {}  # a level's lines by its view: groups share levels
        for region in self.prog.regions:
            self.heading(3, region.name)
            self.add(*facts(region.facts, self.colon))
            for group in region.groups:
                if group.places:
                    self.heading(4, group.places)
                for level in group.levels:
                    lines = shown.get(id(level))
                    if lines is None:
                        lines = shown[id(level)] = _level(level)
                    self.lines.extend(lines)
                self.add("")
        self.para(self.prog.region_note)

    def _large_accounts(self, title: str) -> None:
        self.heading(2, title)
        la = self.prog.large_accounts
        if la is not None:
            rows = [[f"**{cell(r.name)}**", cell(r.threshold)] for r in la.rows]
            self.add(*table(la.caption, [cell(c) for c in la.columns], rows))

    def _templates(self, title: str) -> None:
        self.heading(2, title)
        for tpl in self.prog.templates:
            self.heading(3, tpl.name)
            self.para(tpl.intro)
            if tpl.purpose:
                self.heading(4, self.t["template.purpose"])
                self.add(*bullets(tpl.purpose))
            rows = [
                [f"**{cell(f.label)}**", cell(f.required), cell(f.type), cell(" ".join(f.help))]
                for f in tpl.fields
            ]
            self.add(*table(tpl.caption, [cell(c) for c in tpl.columns], rows))
            if tpl.request_types:
                self.heading(4, self.t["template.request-types"])
                self.add(*bullets(tpl.request_types))

    def _articles(self, title: str) -> None:
        self.heading(2, title)
        for article in self.prog.articles:
            self.heading(3, article.title)
            if article.source:
                self.add(link(article.source), "")
            if article.audience:
                self.para(f"{self.t['label.audience']}{self.colon} {article.audience}")
            for b in article.blocks:
                if b.kind == "heading":
                    self.heading(4, b.text)
                elif b.kind == "note":
                    self.add(
                        f"**{escape(self.t['label.note'] + self.colon)}** "
                        f"{linked(b.text, self.prog.links)}",
                        "",
                    )
                elif b.kind == "list":
                    self.add(*(f"- {linked(i, self.prog.links)}" for i in b.items), "")
                elif b.kind == "steps":
                    self.add(*steps(b.steps, links=self.prog.links), "")
                elif b.kind == "quote":
                    by = b.by + (f", {b.role}" if b.role else "")
                    self.add(f"> {escape(b.text)}", ">", f"> — {escape(by)}", "")
                else:
                    self.linked_para(b.text)

    def _notes(self, title: str) -> None:
        self.heading(2, title)
        self.add(*(f"- {linked(n, self.prog.links)}" for n in self.prog.notes), "")

    def _differences(self, title: str) -> None:
        self.heading(2, title)
        label = self.t["differences.sources"]
        self.add(
            *bullets(
                f"{d.text} ({label}{self.colon} {d.sources})" if d.sources else d.text
                for d in self.prog.differences
            )
        )


def render(prog: ProgrammePage) -> str:
    return _Writer(prog).write()


class MarkdownEmitter:
    """One Markdown page per programme per locale, for docs tools."""

    name = "markdown"

    def __init__(self, views: SiteViews | None = None) -> None:
        # the view models, shared with the HTML emitter of the same build
        self.views = views or SiteViews()

    def emit(self, policies: Policies, part: Part = WHOLE) -> list[Artifact]:
        if not policies.chrome.get("en"):
            return []  # no page chrome: PC420 was reported before emitting
        site = self.views.of(policies, part)
        return sorted(
            (
                Artifact(f"docs/{p.page.lang}/{p.id}.md", render(p).encode())
                for p in site.programmes
            ),
            key=lambda a: a.path,
        )
