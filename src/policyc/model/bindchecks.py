"""Checks of text bound to data: `{within_…}` placeholders (PC347), services counts (PC348)
and free text that states what a data field holds (PC346).

In: the `Builder` (for source positions) and one built programme. Out: diagnostics.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policyc.diagnostics import Severity
from policyc.model import ir
from policyc.model.bindings import SEATS, WITHIN, placeholders, seat_placeholders, within_phrase
from policyc.model.context import Builder, at

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _texts(msg: ir.Message) -> tuple[str, ...]:
    return (msg,) if isinstance(msg, str) else tuple(msg.values())


def check_bindings(b: Builder, policies: ir.Policies, prog: ir.Programme) -> None:
    _check_placeholders(b, prog)
    _check_counts(b, prog)
    _check_free_text(b, policies, prog)


def _check_placeholders(b: Builder, prog: ir.Programme) -> None:
    """Every `{within_…}` of the source catalog names one SLA target (PC347)."""
    names: dict[str, ir.SlaRef | str] | None = None
    seats = seat_placeholders(prog)
    for key, msg in sorted(prog.catalogs.get("en", {}).items()):
        for text in _texts(msg):
            for name in _PLACEHOLDER.findall(text) if "{" in text else ():
                if name.startswith(SEATS) and name not in seats:
                    b.ctx.report(
                        "PC347",
                        f"'{{{name}}}' in '{key}' names no rule with `min_seats`",
                        b.message_where(prog.id, "en", key),
                        "write {min_seats_<rule id with '_' for '-'>} of an eligibility or "
                        "purchase rule that has min_seats",
                    )
                if not name.startswith(WITHIN):
                    continue
                names = placeholders(prog) if names is None else names
                found = names.get(name[len(WITHIN) :])
                if isinstance(found, ir.SlaRef):
                    continue
                b.ctx.report(
                    "PC347",
                    f"'{{{name}}}' in '{key}' names no single SLA target"
                    + (f": {found}" if found else ""),
                    b.message_where(prog.id, "en", key),
                    "write {within_<metric>_<tier>} (default policy), "
                    "{within_<policy>_<metric>[_<tier>[_<severity>]]}, with ids' '-' as '_'",
                )


def _check_counts(b: Builder, prog: ir.Programme) -> None:
    """A services cell's `count` shows in its detail (PC348)."""
    doc = b.programme_docs.get(prog.id)
    if doc is None:
        return
    for i, service in enumerate(prog.services):
        for tier, value in service.by_tier.items():
            if value.count is None or value.detail is None:
                continue
            msg = prog.catalogs.get("en", {}).get(value.detail)
            if msg is None or any("{count}" in t for t in _texts(msg)):
                continue
            b.ctx.report(
                "PC348",
                f"service '{service.id}' of tier '{tier}' has count {value.count}, but its "
                f"detail '{value.detail}' does not show {{count}}",
                at(doc, "services", i, "by_tier", tier, "detail"),
                "write the detail as a plural message with {count}, or leave detail out",
            )


def _free_text(prog: ir.Programme) -> Iterator[tuple[str, frozenset[int]]]:
    """Customer-facing messages of the programme that are free text, not data, each with
    the numbers the data of its own entity holds: a service's counts, a rule's `min_seats`
    (a number elsewhere is too often another fact: "24/7", "up to 5 administrators")."""
    none: frozenset[int] = frozenset()
    for tier in prog.tiers:
        yield from ((tier.description, none),) if tier.description else ()
    for service in prog.services:
        counts = frozenset(v.count for v in service.by_tier.values() if v.count is not None)
        yield from ((service.description, counts),) if service.description else ()
        yield from ((v.detail, counts) for v in service.by_tier.values() if v.detail)
    yield from ((n.text, none) for n in prog.notes if n.audience is ir.Audience.CUSTOMER)
    yield from ((p.note, none) for p in prog.sla_policies if p.note)
    yield from ((c.note, none) for c in prog.channels if c.note)
    for rule in (*prog.eligibility, *prog.purchase):
        yield rule.text, none if rule.min_seats is None else frozenset({rule.min_seats})
    yield from ((d.text, none) for d in prog.differences if d.audience is ir.Audience.CUSTOMER)


def _number_re(numbers: frozenset[int]) -> re.Pattern[str] | None:
    if not numbers:
        return None
    return re.compile(r"(?<![\d.,])(" + "|".join(map(str, sorted(numbers))) + r")(?![\d]|[.,]\d)")


def _targets(prog: ir.Programme) -> list[ir.Target]:
    """The programme's SLA targets, fastest first, without their calendars (a phrase
    does not name one)."""
    targets = {
        c.target for p in prog.sla_policies for c in p.cells if isinstance(c.target, ir.Target)
    }
    ordered = sorted(targets, key=lambda t: (t.max.minutes, t.min.minutes))
    return [t.model_copy(update={"calendar": ""}) for t in ordered]


def _needles(policies: ir.Policies, targets: list[ir.Target], locale: str) -> list[tuple[str, str]]:
    """(text to look for, what the data says) in one locale: response times as the
    `within` messages render them, and the numbers."""
    out = []
    for t in targets:
        phrase = within_phrase(policies, locale, t)
        if phrase:
            out.append((phrase, "an SLA target"))
    return list(dict.fromkeys(out))


def _check_free_text(b: Builder, policies: ir.Policies, prog: ir.Programme) -> None:
    """Free text that states a response time or number held by data (PC346, warning)."""
    targets = _targets(prog)  # once for every locale
    needles = {  # casefolded once, not once per message
        loc: [(n, n.casefold(), what) for n, what in _needles(policies, targets, loc)]
        for loc in prog.locales
    }
    texts: dict[str, frozenset[int]] = {}
    for key, numbers in _free_text(prog):
        texts[key] = texts.get(key, frozenset()) | numbers
    for key, numbers in sorted(texts.items()):
        number_re = _number_re(numbers)
        found: list[tuple[str, str, str]] = []  # locale, quoted text, what the data says
        for locale in prog.locales:
            msg = prog.catalogs.get(locale, {}).get(key)
            if msg is None:
                continue
            text = " ".join(_PLACEHOLDER.sub(" ", t) for t in _texts(msg))
            lowered = text.casefold()
            for needle, folded, what in needles[locale]:
                if folded in lowered:
                    found.append((locale, needle, what))
            hit = number_re.search(text) if number_re else None
            if hit:
                found.append((locale, hit.group(1), "a count or seat threshold"))
        if not found:
            continue
        locale, quoted, what = found[0]
        more = sorted({f[0] for f in found} - {locale})
        b.ctx.report(
            "PC346",
            f"'{key}' ({locale}) states \"{quoted}\", which {what} of the programme holds"
            + (f" (also in {', '.join(more)})" if more else ""),
            b.message_where(prog.id, locale, key),
            "bind it to the data: a services cell's `sla:` or `count:`, or "
            "{within_<metric>_<tier>}, {count}, {min_seats_<rule>} in the message",
            severity=Severity.WARNING,
        )
