"""A `DiffResult` → Markdown for a pull-request comment, or JSON (format documented in
docs/diff-format.md). Names of tiers, regions, … come from the catalogs of `locale`.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from babel import UnknownLocaleError

from policyc.emit.site.markdown import escape, visible_text
from policyc.locales import babel_locale
from policyc.model import ir
from policyc.semdiff.changes import STALE_FIELD, Action, Change, DiffResult, Json, Section

FORMAT_VERSION = 1

SECTION_TITLES = {
    Section.PROGRAMME: "Programme",
    Section.PRODUCTS: "Products",
    Section.TIERS: "Tiers",
    Section.SEVERITIES: "Severities",
    Section.METRICS: "Metrics",
    Section.SLA: "SLA targets",
    Section.SERVICES: "Services",
    Section.CHANNELS: "Channels",
    Section.CALENDARS: "Calendars and hours",
    Section.REGIONS: "Regions and countries",
    Section.LARGE_ACCOUNTS: "Large-account thresholds",
    Section.CONTACTS: "Contacts",
    Section.ESCALATION: "Escalation",
    Section.ELIGIBILITY: "Eligibility and purchase",
    Section.CONTENT: "Articles, templates and dates",
    Section.TRANSLATIONS: "Translations",
}

ROLE_WORDS = {
    "large_account": "large-account rule",
    "policy": "SLA policy",
    "eligibility": "eligibility rule",
    "purchase": "purchase rule",
    "template": "request template",
    "date": "key date",
    "key": "message",
}


_MENTION = re.compile(r"@(?=[\w-])")


def md(text: str) -> str:
    """Policy text as literal Markdown for a pull-request comment: `emit.site.markdown.escape`
    (no tag, link, autolink, emphasis or line break) and no @mention (a word joiner
    follows `@`, so GitHub notifies nobody)."""
    return _MENTION.sub("@\u2060", escape(text))


class Namer:
    """Display names in one locale, from the new policies (or the old, for removed things)."""

    def __init__(self, old: ir.Policies, new: ir.Policies, locale: str = "en") -> None:
        self.sides = (new, old)
        self.locale = locale

    def _programme(self, pid: str) -> ir.Programme | None:
        return next((s.programmes[pid] for s in self.sides if pid in s.programmes), None)

    def _text(self, prog: ir.Programme, key: str | None) -> str | None:
        if key is None:
            return None
        try:
            return ir.plain(prog.text(key, self.locale))
        except KeyError:
            return key

    def programme(self, pid: str) -> str:
        return md(self._programme_name(pid))

    def _programme_name(self, pid: str) -> str:
        if not pid:
            return "Shared page text"
        prog = self._programme(pid)
        return (self._text(prog, prog.name) if prog else None) or pid

    def country(self, code: str) -> str:
        try:
            name = babel_locale(self.locale).territories.get(code)
        except (UnknownLocaleError, ValueError):
            name = None
        return f"{name} ({code})" if name else code

    def language(self, code: str) -> str:
        try:
            name = babel_locale(code).get_display_name(babel_locale(self.locale))
        except (UnknownLocaleError, ValueError):
            name = None
        return f"{name} ({code})" if name else code

    def name(self, pid: str, role: str, ident: str, subject: Sequence[tuple[str, str]]) -> str:
        """The display name of one subject part, or its id if it has no name, as Markdown."""
        return md(self._name(pid, role, ident, subject))

    def _name(self, pid: str, role: str, ident: str, subject: Sequence[tuple[str, str]]) -> str:
        if role == "country":
            return self.country(ident)
        if role == "locale":
            return self.language(ident)
        if role == "level":
            return f"L{ident}"
        if role in ("key", "holiday") or ident == "*":
            return ident
        for side in self.sides:
            prog = side.programmes.get(pid)
            if role == "calendar" and ident in side.calendars:
                return self._calendar(side, ident)
            if prog is None:
                continue
            if role == "contact" and ident in prog.contacts:
                return prog.contacts[ident].name
            if role == "subdivision":
                found = self._subdivision(prog, ident, dict(subject).get("region"))
            else:
                found = self._lookup(prog, role, ident)
            if found is not None:
                return found
        return ident

    def _calendar(self, side: ir.Policies, ident: str) -> str:
        cal = side.calendars[ident]
        owner = side.programmes.get(cal.programme or "")
        if owner is not None:
            return self._text(owner, cal.name) or ident
        try:
            return ir.plain(side.chrome_text(cal.name, self.locale))
        except KeyError:
            return ident

    def _subdivision(self, prog: ir.Programme, ident: str, region: str | None) -> str | None:
        for r in prog.regions:
            if r.id == region or region is None:
                for s in r.subdivisions:
                    if s.id == ident:
                        return self._text(prog, s.name) or ident
        return None

    def _lookup(self, prog: ir.Programme, role: str, ident: str) -> str | None:
        items: dict[str, Sequence[object]] = {
            "tier": prog.tiers,
            "severity": prog.severities,
            "metric": prog.metrics,
            "service": prog.services,
            "channel": prog.channels,
            "region": prog.regions,
            "product": prog.products,
            "policy": prog.sla_policies,
            "large_account": prog.large_accounts,
            "template": prog.request_templates,
        }
        if role == "article":
            art = next((a for a in prog.articles if a.id == ident), None)
            return self._text(prog, art.title) if art else None
        for item in items.get(role, ()):
            if getattr(item, "id", None) == ident:
                return self._text(prog, getattr(item, "name", None))
        return None


# -- text of one change -------------------------------------------------------------------


def _code(text: str) -> str:
    """A code span on one line: backticks become quotes, line breaks and other controls
    spaces or symbols, so the text can never leave the span."""
    flat = " ".join(visible_text(text).split())
    return "`" + flat.replace("`", "'") + "`"


def _value(value: Json) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        if "text" in value and ({"min", "promise", "next_business_day"} & value.keys()):
            return _code(str(value["text"]))
        if "countries" in value:
            scope = [
                str(s)
                for part in ("countries", "subdivisions")
                for s in (value.get(part) or [])  # type: ignore[union-attr]
            ]
            return "for " + ", ".join(scope) if scope else "for the whole region"
        if "one" in value or "other" in value:
            return _code(str(value.get("other", "")))
        return _code(json.dumps(value, ensure_ascii=False, sort_keys=True))
    if isinstance(value, list):
        return ", ".join(_code(str(v)) for v in value) if value else "none"
    text = str(value)
    return _code(text if len(text) <= 80 else text[:77] + "…")


def _what(change: Change, names: Namer) -> str:
    role, ident = change.subject[-1]
    word = ROLE_WORDS.get(role, role.replace("_", " "))
    name = names.name(change.programme, role, ident, change.subject)
    if role in ("country", "locale", "level", "key", "holiday") or name == ident:
        return f"{word} {name if role != 'key' else _code(ident)}"
    return f"{word} {name} ({_code(ident)})"


def describe(change: Change, names: Namer) -> str:
    """One sentence for a change, with names in the namer's locale."""
    role = change.subject[-1][0]
    context = " › ".join(
        names.name(change.programme, r, i, change.subject)
        for r, i in change.subject[:-1]
        if r != "programme"
    )
    where = f"{context}: " if context else ""
    if change.section is Section.PROGRAMME and role == "programme":
        return f"programme {_code(change.programme)} {change.action.value}"
    if change.action is Action.MOVED:
        return (
            f"{names.country(change.subject[-1][1])} moved from region "
            f"{names.name(change.programme, 'region', str(change.old), ())} to "
            f"{names.name(change.programme, 'region', str(change.new), ())}"
        )
    if change.action is Action.RENAMED:
        return f"{where}{ROLE_WORDS.get(role, role)} {_code(str(change.old))} renamed to {_code(str(change.new))}"
    if role == "country":
        region = change.new if change.action is Action.ADDED else change.old
        into = "to" if change.action is Action.ADDED else "from"
        return (
            f"{names.country(change.subject[-1][1])} {change.action.value} {into} region "
            f"{names.name(change.programme, 'region', str(region), ())}"
        )
    if change.action is Action.ADDED:
        extra = f": {_value(change.new)}" if isinstance(change.new, str | int) else ""
        if change.section is Section.SLA:
            extra = f" {_value(change.new)}"
        return f"{where}{_what(change, names)} added{extra}"
    if change.action is Action.REMOVED:
        extra = f" (was {_value(change.old)})" if change.section is Section.SLA else ""
        return f"{where}{_what(change, names)} removed{extra}"
    label = " › ".join(
        names.name(change.programme, r, i, change.subject) if i != "*" else ROLE_WORDS.get(r, r)
        for r, i in change.subject
        if r != "programme"
    )
    field = (change.field or "").replace("_", " ")
    if change.field == "scope" and isinstance(change.old, dict) and isinstance(change.new, dict):
        return f"{label}: {_scope_change(change.old, change.new)}"
    if (
        change.field == "countries"
        and isinstance(change.old, list)
        and isinstance(change.new, list)
    ):
        gone = [c for c in change.old if c not in change.new]
        came = [c for c in change.new if c not in change.old]
        moves = [f"+{c}" for c in came] + [f"−{c}" for c in gone]
        return f"{label}: countries {', '.join(str(m) for m in moves)}"
    return f"{label}: {field} {_value(change.old)} → {_value(change.new)}"


def _scope_change(old: dict[str, Json], new: dict[str, Json]) -> str:
    """How an escalation contact's scope moved: the countries gained and lost."""

    def places(scope: dict[str, Json]) -> list[str]:
        return [
            str(s)
            for part in ("countries", "subdivisions")
            for s in (scope.get(part) or [])  # type: ignore[union-attr]
        ]

    before, after = places(old), places(new)
    if not after:
        return f"now for the whole region (was for {', '.join(before)})"
    if not before:
        return f"now only for {', '.join(after)} (was the whole region)"
    gained = [s for s in after if s not in before]
    lost = [s for s in before if s not in after]
    parts = []
    if gained:
        parts.append("now also for " + ", ".join(gained))
    if lost:
        parts.append("no longer for " + ", ".join(lost))
    return "; ".join(parts)


# -- Markdown -------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return re.sub(r"(?<!\\)\|", r"\\|", text).replace("\n", " ")


def _sla_table(changes: Sequence[Change], names: Namer) -> list[str]:
    rows = [
        "| Policy | Tier | Severity | Metric | Before | After | |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in changes:
        parts = dict(c.subject)
        cols = [
            names.name(c.programme, role, parts[role], c.subject)
            for role in ("policy", "tier", "severity", "metric")
        ]
        before = _value(c.old) if c.action is not Action.ADDED else "—"
        after = _value(c.new) if c.action is not Action.REMOVED else "—"
        if c.field in ("calendar", "exception", "exceptions for some tickets"):
            before, after = f"{c.field} {before}", f"{c.field} {after}"
        note = c.direction.value if c.direction else c.action.value
        if c.breaking:
            note += ", **breaking**"
        rows.append("| " + " | ".join(_cell(x) for x in [*cols, before, after, note]) + " |")
    return rows


def _marks(change: Change) -> str:
    mark = []
    if change.direction:
        mark.append(change.direction.value)
    if change.breaking:
        mark.append("**breaking**")
    return f" — {', '.join(mark)}" if mark else ""


STALE = "stale"


def _kind(change: Change) -> str:
    """How a translation change is counted: its action, or `stale`."""
    return STALE if change.field == STALE_FIELD else change.action.value


def _translations(changes: Sequence[Change], names: Namer) -> list[str]:
    by_locale: dict[str, list[Change]] = defaultdict(list)
    for c in changes:
        by_locale[c.subject[0][1]].append(c)
    lines = []
    for loc, group in sorted(by_locale.items()):
        whole = [c for c in group if len(c.subject) == 1]
        if whole:
            lines.append(f"- {names.language(loc)}: catalog {whole[0].action.value}")
            continue
        counts = Counter(_kind(c) for c in group)
        summary = ", ".join(f"{counts[k]} {k}" for k in [*Action, STALE] if counts[k])
        lines.append(f"- {names.language(loc)}: {summary}")
        lines.append("  <details><summary>messages</summary>")
        lines.append("")
        for c in group:
            key = _code(c.subject[-1][1])
            if c.field == STALE_FIELD:
                lines.append(f"  - {key}: stale (its English changed, the translation did not)")
            elif c.action is Action.CHANGED:
                lines.append(f"  - {key}: {_value(c.old)} → {_value(c.new)}")
            else:
                value = c.new if c.action is Action.ADDED else c.old
                lines.append(f"  - {key} {c.action.value}: {_value(value)}")
        lines.append("")
        lines.append("  </details>")
    return lines


def render_markdown(result: DiffResult, names: Namer) -> str:
    """A pull-request comment: summary, breaking changes, then each programme by section."""
    head = f"## Policy changes: {_code(result.old_label)} → {_code(result.new_label)}"
    if not result.changes:
        return f"{head}\n\nNo semantic changes.\n"
    progs = result.programmes
    lines = [
        head,
        "",
        f"{len(result.changes)} change{'s' * (len(result.changes) != 1)} in "
        f"{len(progs)} programme{'s' * (len(progs) != 1)}: "
        f"**{len(result.breaking)} breaking**, **{len(result.loosened)} loosened**, "
        f"{len(result.tightened)} tightened.",
    ]
    if result.breaking:
        lines += ["", "### Breaking for consumers of the generated code and routing tables", ""]
        for c in result.breaking:
            lines.append(f"- {names.programme(c.programme)}: {describe(c, names)}")
    for pid in progs:
        mine = [c for c in result.changes if c.programme == pid]
        title = names.programme(pid)
        lines += ["", f"### {title}" + (f" ({_code(pid)})" if pid else "")]
        for section in Section:
            group = [c for c in mine if c.section is section]
            if not group:
                continue
            lines += ["", f"**{SECTION_TITLES[section]}**", ""]
            if section is Section.TRANSLATIONS:
                lines += _translations(group, names)
                continue
            cells = [c for c in group if section is Section.SLA and len(c.subject) == 4]
            for c in group:
                if c not in cells:
                    lines.append(f"- {describe(c, names)}{_marks(c)}")
            if cells:
                lines += [""] if len(cells) < len(group) else []
                lines += _sla_table(cells, names)
    return "\n".join(lines) + "\n"


# -- JSON -----------------------------------------------------------------------------------


def as_json(result: DiffResult, names: Namer) -> dict[str, Json]:
    changes: list[Json] = [
        {
            "programme": c.programme,
            "section": c.section.value,
            "action": c.action.value,
            "subject": dict(c.subject),
            "field": c.field,
            "old": c.old,
            "new": c.new,
            "direction": c.direction.value if c.direction else None,
            "breaking": c.breaking,
            "description": describe(c, names),
        }
        for c in result.changes
    ]
    return {
        "format_version": FORMAT_VERSION,
        "old": result.old_label,
        "new": result.new_label,
        "locale": names.locale,
        "summary": {
            "changes": len(result.changes),
            "breaking": len(result.breaking),
            "loosened": len(result.loosened),
            "tightened": len(result.tightened),
            "programmes": list(result.programmes),
        },
        "changes": changes,
    }


def render_json(result: DiffResult, names: Namer) -> str:
    return json.dumps(as_json(result, names), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
