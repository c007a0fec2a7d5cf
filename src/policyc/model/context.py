"""What every part of the model stage shares: places in documents (`Where`, `at`),
durations, and the `Builder` that collects the calendars, catalogs and diagnostics.

In: schema-valid `Document`s. Out: the `Builder`'s state, read by `model/build.py` (the
build itself), `programme.py`, `checks.py`, `names.py` and `glossary.py`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from policyc.diagnostics import Diagnostic, Severity, did_you_mean, first_few
from policyc.load.document import Document
from policyc.model import ir

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DURATION = re.compile(r"(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?")
MAX_DURATION_DAYS = 366
# The bound, read with 24-hour days: `366d`, `8784h`, `527040m`. Business minutes never
# exceed it (a business day is at most 24 hours), so routing JSON stays far below 2^53.
MAX_DURATION_MINUTES = MAX_DURATION_DAYS * 1440
DURATION_HINT = f"a duration is at most {MAX_DURATION_DAYS}d ({MAX_DURATION_MINUTES // 60}h, {MAX_DURATION_MINUTES}m)"
CHROME = "<chrome>"  # catalog domain of calendars and pages that belong to no programme


@dataclass(frozen=True, slots=True)
class Where:
    """A place in a document, for diagnostics raised after the build."""

    doc: Document
    path: tuple[str | int, ...]


@dataclass
class Ctx:
    """Collects diagnostics and the message keys the documents use."""

    diags: list[Diagnostic] = field(default_factory=list)
    keys: list[tuple[str, str, Where]] = field(default_factory=list)  # (domain, key, where)

    def report(
        self,
        code: str,
        message: str,
        where: Where,
        hint: str | None = None,
        *,
        key: bool = False,
        severity: Severity = Severity.ERROR,
    ) -> None:
        span = where.doc.span(where.path, key=key)
        self.diags.append(Diagnostic(code, message, span, severity, hint))

    def duration(self, text: str, business_day: int, where: Where) -> ir.Duration:
        """`text` parsed; beyond the bound, PC340 and the longest duration allowed instead,
        so the checks that follow still run (the build stops before emitting)."""
        problem = duration_problem(text)
        if problem is None:
            return parse_duration(text, business_day)
        self.report("PC340", problem, where, DURATION_HINT)
        return parse_duration(f"{MAX_DURATION_DAYS}d", business_day)

    def unknown(self, what: str, name: str, known: Iterable[str], where: Where) -> None:
        known = sorted(known)
        hint = did_you_mean(name, known) or (
            f"known {what}s: " + first_few(known, 12) if known else f"no {what} is defined"
        )
        self.report("PC301", f"unknown {what} '{name}'", where, hint)


def at(doc: Document, *path: str | int) -> Where:
    return Where(doc, tuple(path))


def duration_problem(text: str) -> str | None:
    """Why a schema-valid duration is too long (over 366 days of 24 hours), or None.

    Digits are counted before they are converted, so a 5,000-digit duration is this
    message, not Python's int-string limit."""
    m = _DURATION.fullmatch(text)
    if m is None:
        return None  # not a duration: the schema reports it
    groups = [g or "0" for g in m.groups()]
    if all(len(g.lstrip("0")) <= 7 for g in groups):
        days, hours, minutes = (int(g) for g in groups)
        if days * 1440 + hours * 60 + minutes <= MAX_DURATION_MINUTES:
            return None
    return (
        f"duration {text if len(text) <= 24 else text[:21] + '...'} is longer than "
        f"{MAX_DURATION_DAYS} days"
    )


_EXCEPTION_CONDITIONS = (*ir.CELL_CONDITIONS, *ir.TICKET_CONDITIONS)


def parse_duration(text: str, business_day: int) -> ir.Duration:
    m = _DURATION.fullmatch(text)
    assert m is not None, text  # guaranteed by the schema
    days, hours, minutes = (int(g) if g else 0 for g in m.groups())
    total = days * business_day + hours * 60 + minutes
    parts = [(days, ir.Unit.DAY), (hours, ir.Unit.HOUR), (minutes, ir.Unit.MINUTE)]
    given = [(n, u) for (n, u), g in zip(parts, m.groups(), strict=True) if g]
    if len(given) == 1:
        return ir.Duration(minutes=total, amount=given[0][0], unit=given[0][1])
    return ir.Duration(minutes=total, amount=total, unit=ir.Unit.MINUTE)


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def _merge(intervals: Iterable[tuple[int, int, int]]) -> tuple[ir.Interval, ...]:
    by_day: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for day, start, end in intervals:
        by_day[day].append((start, end))
    merged: list[ir.Interval] = []
    for day in sorted(by_day):
        spans = sorted(by_day[day])
        cur_s, cur_e = spans[0]
        for s, e in spans[1:]:
            if s <= cur_e:
                cur_e = max(cur_e, e)
            else:
                merged.append(ir.Interval(day=day, start=cur_s, end=cur_e))
                cur_s, cur_e = s, e
        merged.append(ir.Interval(day=day, start=cur_s, end=cur_e))
    return tuple(merged)


class Builder:
    """Builds the IR from schema-valid documents, reporting into a `Ctx`."""

    def __init__(self, docs: Sequence[Document]) -> None:
        self.ctx = Ctx()
        # policy tests (`policyc test`) are checked against the model, never part of it
        self.docs = [d for d in docs if d.kind != "PolicyTest"]
        self.programme_docs: dict[str, Document] = {}
        self.by_programme: dict[str, dict[str, list[Document]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.calendars: dict[str, ir.Calendar] = {}
        self.calendar_where: dict[str, Where] = {}
        # domain → locale → key → message; and where each catalog/key was defined
        self.catalogs: dict[str, dict[str, dict[str, ir.Message]]] = defaultdict(dict)
        self.catalog_where: dict[tuple[str, str], Where] = {}
        self.message_doc: dict[tuple[str, str, str], Document] = {}  # where: `message_where`
        # (domain, locale) → key → fingerprint of the `en` text it was translated from
        # (`translated_from`; present only in catalogs whose state the i18n tools track)
        self.translated_from: dict[tuple[str, str], dict[str, str]] = {}
        # (domain, locale) → keys whose text is the same in every language (`*`: all)
        self.same_everywhere: dict[tuple[str, str], frozenset[str]] = {}
        # (domain, locale) → keys found untranslated (PC342) or stale (PC341) by the checks
        self.untranslated: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.stale: dict[tuple[str, str], list[str]] = defaultdict(list)
        # (domain, locale) → concept → (term, variants), checked by glossary.py
        self.glossaries: dict[tuple[str, str], dict[str, tuple[str, tuple[str, ...]]]] = {}
        # where programme parts were defined, for checks that run on the finished IR
        self.sla_where: dict[tuple[str, str], Where] = {}
        self.large_where: dict[tuple[str, str], Where] = {}
        self.chain_where: dict[tuple[str, str], Where] = {}
        self.regions_doc: dict[str, Document] = {}

    # -- helpers -------------------------------------------------------------------------
    def key(self, domain: str, doc: Document, *path: str | int) -> str | None:
        """Read an optional message key at `path` and remember where it was used."""
        value: Any = doc.value
        for part in path:
            value = value.get(part) if isinstance(part, str) else value[part]
            if value is None:
                return None
        assert isinstance(value, str)
        self.ctx.keys.append((domain, value, at(doc, *path)))
        return value

    def keys(self, domain: str, doc: Document, *path: str | int) -> tuple[str, ...]:
        value: Any = doc.value
        for part in path:
            value = value.get(part) if isinstance(part, str) else value[part]
            if value is None:
                return ()
        for i, k in enumerate(value):
            self.ctx.keys.append((domain, k, at(doc, *path, i)))
        return tuple(value)

    def duplicate(self, what: str, name: str, where: Where, first: Where) -> None:
        span = first.doc.span(first.path)
        self.ctx.report(
            "PC302",
            f"duplicate {what} id '{name}' (first defined at {span.file}:{span.line}:{span.col})",
            where,
            "ids must be unique; rename or remove one",
        )

    def calendar(self, doc: Document) -> None:
        v = doc.value
        cid = v["id"]
        domain = v.get("programme", CHROME)
        if cid in self.calendars:
            self.duplicate("calendar", cid, at(doc, "id"), self.calendar_where[cid])
            return
        spans: list[tuple[int, int, int]] = []
        for i, h in enumerate(v["hours"]):
            start, end = _minutes(h["from"]), _minutes(h["to"])
            if start == end:
                self.ctx.report(
                    "PC323",
                    f"empty interval {h['from']}–{h['to']}",
                    at(doc, "hours", i, "to"),
                    "for a whole day write from: '00:00', to: '24:00'",
                )
                continue
            for name in h["days"]:
                day = DAYS.index(name)
                if start < end:
                    spans.append((day, start, end))
                else:  # crosses midnight
                    spans.append((day, start, 1440))
                    if end:
                        spans.append(((day + 1) % 7, 0, end))
        business_day = (
            self.ctx.duration(v["business_day"], 1440, at(doc, "business_day")).minutes
            if "business_day" in v
            else 1440
        )
        self.calendars[cid] = ir.Calendar(
            id=cid,
            name=self.key(domain, doc, "name") or "",
            programme=v.get("programme"),
            timezone=v["timezone"],
            note=(
                ir.Note(
                    text=self.key(domain, doc, "note", "text") or "",
                    audience=ir.Audience(v["note"]["audience"]),
                )
                if "note" in v
                else None
            ),
            not_stated=tuple(v.get("not_stated", ())),
            intervals=_merge(spans),
            holidays=tuple(
                ir.Holiday(date=h["date"], name=self.key(domain, doc, "holidays", i, "name") or "")
                for i, h in enumerate(v.get("holidays", []))
            ),
            business_day_minutes=business_day,
            exceptions=tuple(
                ir.CalendarException(
                    id=e["id"],
                    calendar=e["calendar"],
                    text=self.key(domain, doc, "exceptions", i, "text") or "",
                    **{f: tuple(e.get(f, ())) for f in _EXCEPTION_CONDITIONS},
                )
                for i, e in enumerate(v.get("exceptions", []))
            ),
        )
        self.calendar_where[cid] = at(doc, "id")

    def catalog(self, doc: Document) -> None:
        v = doc.value
        domain = v.get("programme", CHROME)
        locale = v["locale"]
        where = at(doc, "locale")
        messages = self.catalogs[domain].setdefault(locale, {})
        self.catalog_where.setdefault((domain, locale), where)
        self.glossaries.setdefault((domain, locale), {}).update(
            (concept, (entry["term"], tuple(entry["variants"])))
            for concept, entry in v.get("glossary", {}).items()
        )
        if "translated_from" in v:
            self.translated_from.setdefault((domain, locale), {}).update(v["translated_from"])
        if "same_in_every_language" in v:
            self.same_everywhere[(domain, locale)] = self.same_everywhere.get(
                (domain, locale), frozenset()
            ) | frozenset(v["same_in_every_language"])
        docs = self.message_doc
        for k, msg in v["messages"].items():
            first = docs.get((domain, locale, k))
            if first is not None:
                self.duplicate("message", k, at(doc, "messages", k), at(first, "messages", k))
                continue
            docs[(domain, locale, k)] = doc
            messages[k] = msg

    def message_where(self, domain: str, locale: str, key: str) -> Where:
        return at(self.message_doc[(domain, locale, key)], "messages", key)
