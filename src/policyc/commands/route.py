"""`policyc route`: where a ticket goes — region, SLA targets and due times, escalation chain."""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from policyc.commands.common import (
    diagnostics_json,
    echo,
    exit_code,
    guarded,
    output_format,
    policies_option,
    report,
    resolve_policies,
)
from policyc.report.text import visible
from policyc.zones import zone

if TYPE_CHECKING:
    from collections.abc import Callable

    from policyc.diagnostics import Diagnostic
    from policyc.model.ir import Duration, Policies, Programme
    from policyc.resolve.rules import LargeAccount, Resolution, ResolvedContact, ResolvedTarget


@click.command()
@click.option("--programme", required=True, help="Programme id, e.g. zoho-partner-support.")
@click.option("--tier", required=True, help="Tier id.")
@click.option("--severity", required=True, help="Severity id.")
@click.option("--country", default=None, help="ISO 3166-1 alpha-2 country code, e.g. MC.")
@click.option(
    "--subdivision",
    default=None,
    help="ISO 3166-2 code (US-NY) or sub-territory id (us-east).",
)
@click.option("--seats", type=int, default=None, help="Seats (licences) of the account.")
@click.option(
    "--opened",
    default=None,
    help="When the ticket was opened, ISO 8601 with offset: 2026-03-27T17:30:00+01:00.",
)
@click.option(
    "--language",
    default=None,
    callback=lambda _ctx, _param, value: _language(value),
    help="Language of the ticket (BCP 47), e.g. ja.",
)
@click.option("--product", default=None, help="Product id.")
@click.option("--channel", default=None, help="Channel id the ticket came through.")
@click.option(
    "--case-type", default=None, help="Case type id (what the ticket is about), e.g. login."
)
@output_format(("text", "json"))
@policies_option
@guarded
def route(
    programme: str,
    tier: str,
    severity: str,
    country: str | None,
    subdivision: str | None,
    seats: int | None,
    opened: str | None,
    language: str | None,
    product: str | None,
    channel: str | None,
    case_type: str | None,
    fmt: str,
    policies: Path | None,
) -> None:
    """Resolve a ticket: region, SLA targets (and due times with --opened), large-account
    verdict and escalation chain.

    With --format json, stdout is {"resolution": ..., "diagnostics": [...]}; the resolution
    is null when an input is unknown (exit 1). See docs/routing-format.md.
    """
    from policyc import pipeline  # start-up
    from policyc.resolve.rules import ResolveError, parse_opened, resolve  # start-up

    root = resolve_policies(policies)
    if not root.is_dir():
        sys.exit(_fail([pipeline.missing_directory(root)], fmt))
    result = pipeline.validate([root])
    if not result.ok or result.policies is None:
        sys.exit(_fail(result.diagnostics, fmt))
    try:
        when = parse_opened(opened) if opened is not None else None
        answer = resolve(
            result.policies,
            programme,
            tier,
            severity,
            country=country,
            subdivision=subdivision,
            seats=seats,
            opened=when,
            language=language,
            product=product,
            channel=channel,
            case_type=case_type,
        )
    except ResolveError as exc:
        sys.exit(_fail([*result.diagnostics, *exc.diagnostics], fmt))
    diags = [*result.diagnostics, *answer.warnings]
    if fmt == "json":
        echo(_envelope(answer.to_json(), diags), data=True)
        return
    report(diags, "text")
    echo(render_text(result.policies, answer))


_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def _language(value: str | None) -> str | None:
    """`--language`: a well-formed BCP 47 tag (whether the programme supports it is PC508)."""
    if value is not None and not _TAG.match(value):
        raise click.BadParameter(
            visible(f"{value!r} is not a BCP 47 language tag (such as ja or zh-TW)")
        )
    return value


def _conditions(conditions: dict[str, tuple[str, ...]]) -> str:
    """`case_types: login, downtime; regions: emea`: the conditions a rule gives."""
    return "; ".join(f"{name}: {', '.join(values)}" for name, values in conditions.items())


# How `route` words a cell that states no target.
_NO_TARGET = {
    "not-offered": "not offered (no target: the plan does not cover it)",
    "best-effort": "best effort (no committed time)",
    "not-stated": "not stated (the source gives no target)",
}


def _envelope(resolution: object, diags: list[Diagnostic]) -> str:
    body = {"resolution": resolution, "diagnostics": diagnostics_json(diags)}
    return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False)


def _fail(diags: list[Diagnostic], fmt: str) -> int:
    if fmt == "json":
        echo(_envelope(None, diags), data=True)
        return exit_code(diags)
    return report(diags, "text")


# -- text ---------------------------------------------------------------------------------

_UNITS = {"minute": "m", "hour": "h", "day": "d"}


def _span(t: ResolvedTarget) -> str:
    """A target as written: `4h`, `1h–3h`, or `next business day (end)`."""
    if t.min is None or t.max is None:
        return f"next business day ({t.next_business_day})"
    return _duration(t.min) if t.exact else f"{_duration(t.min)}–{_duration(t.max)}"


def _duration(d: Duration) -> str:
    return f"{d.amount}{_UNITS[d.unit.value]}"


def _ticket(r: Resolution) -> list[str]:
    """The `ticket` line: the facts of the ticket that were given (none: no line)."""
    facts = [
        f"{label} {value}"
        for label, value in (
            ("language", r.language),
            ("product", r.product),
            ("channel", r.channel),
            ("case type", r.case_type),
        )
        if value
    ]
    return ["ticket      " + ", ".join(facts)] if facts else []


def _place(r: Resolution) -> str:
    """The country, with its subdivision and territory if they were found."""
    assert r.country is not None
    place = r.country
    if r.subdivision:
        place += f" ({r.subdivision}" + (f", {r.territory})" if r.territory else ")")
    return place


def _on(policies: Policies, r: Resolution, t: ResolvedTarget) -> str:
    """Which calendar a target is measured on, and why (an exception, another policy)."""
    on = f"on {t.calendar}"
    if t.exception:
        base = policies.calendars[t.base_calendar]
        exc = next((e for e in base.exceptions if e.id == t.exception), None)
        matched = ""
        if exc is not None and exc.per_ticket:
            matched = f", matched {_conditions(exc.conditions)}"
        on += f" ({t.exception} exception of {t.base_calendar}{matched})"
    if t.policy != r.sla_policy:
        on += f", policy {t.policy}"
    return on


def _verdict(large: LargeAccount) -> str:
    """Whether the account is large, by which rule (unknown without its seats)."""
    unit = f" {large.unit}" if large.unit else ""
    rule = f"(rule {large.rule}: ≥ {large.min_seats}{unit})"
    if large.seats is None:
        return f"unknown without --seats {rule}"
    return f"{'yes' if large.large else 'no'}: {large.seats}{unit} {rule}"


def _contact(c: ResolvedContact, text: Callable[[str | None], str]) -> str:
    """One escalation contact: name, email, phone, then title, label and sub-territories."""
    who = c.name + (f" <{c.email}>" if c.email else "") + (f" {c.phone}" if c.phone else "")
    extra = [x for x in (text(c.title), text(c.label)) if x]
    if c.subdivisions:
        extra.append("sub-territories: " + ", ".join(c.subdivisions))
    return who + (f" — {'; '.join(extra)}" if extra else "")


def render_text(policies: Policies, r: Resolution) -> str:
    """The answer for a person: ids with their English names; due instants in the zone of
    the calendar they are measured on, with its offset on that date."""
    from policyc.model.ir import plain  # start-up: the IR imports pydantic

    prog: Programme = policies.programmes[r.programme]

    def text(key: str | None) -> str:
        return plain(prog.text(key, "en")) if key else ""

    def named(kind: str, ident: str | None, key: str | None) -> str:
        return f"{ident} — {text(key)}" if ident and key else (ident or kind)

    tiers = {t.id: t.name for t in prog.tiers}
    sevs = {s.id: s.name for s in prog.severities}
    regions = {g.id: g.name for g in prog.regions}
    policies_by_id = {p.id: p.name for p in prog.sla_policies}
    metrics = {m.id: m.name for m in prog.metrics}

    def when(instant: object, calendar: str) -> str:
        """An instant in the calendar's zone, with that zone's offset on that date."""

        assert isinstance(instant, datetime)
        return instant.astimezone(zone(policies.calendars[calendar].timezone)).isoformat()

    lines = [
        f"programme   {named('', prog.id, prog.name)}",
        f"tier        {named('', r.tier, tiers.get(r.tier))}",
        f"severity    {named('', r.severity, sevs.get(r.severity))}",
    ]
    lines += _ticket(r)
    if r.country:
        region = named("", r.region, regions.get(r.region or "")) if r.region else "no region"
        lines.append(f"country     {_place(r)} → region {region}")
    if r.opened:
        lines.append(f"opened      {r.opened.isoformat()}")
    policy_name = policies_by_id.get(r.sla_policy or "")
    chosen = next((p for p in prog.sla_policies if p.id == r.sla_policy), None)
    why = f" (matched {_conditions(chosen.conditions)})" if chosen and chosen.conditions else ""
    lines.append(f"SLA policy  {named('none', r.sla_policy, policy_name)}{why}")
    lines.append("")
    lines.append("targets")
    if not r.targets and not r.no_targets:
        lines.append("  (none)")
    metric_ids = [x.metric for x in r.targets] + [x.metric for x in r.no_targets]
    width = max((len(m) for m in metric_ids), default=0)
    for t in r.targets:
        span = _span(t)
        on = _on(policies, r, t)
        pad = " " * width
        lines.append(f"  {t.metric:<{width}}  {text(metrics.get(t.metric))}")
        lines.append(f"  {pad}  {span} {on}")
        if t.due:
            due = when(t.due.earliest, t.calendar)
            if not t.exact:
                due += f" … {when(t.due.latest, t.calendar)}"
            zone_name = policies.calendars[t.calendar].timezone
            lines.append(f"  {pad}  due {due} ({zone_name})")
    for n in r.no_targets:
        pad = " " * width
        lines.append(f"  {n.metric:<{width}}  {text(metrics.get(n.metric))}")
        lines.append(f"  {pad}  {_NO_TARGET[n.promise]}, policy {n.policy}")
    large = r.large_account
    if large:
        lines += ["", f"large account  {_verdict(large)}"]
    if r.escalation:
        lines += ["", "escalation"]
        for lv in r.escalation:
            delay = f" (after {lv.delay_minutes} min)" if lv.delay_minutes is not None else ""
            lines.append(f"  L{lv.level}  {text(lv.role)}{delay}")
            lines += [f"        {_contact(c, text)}" for c in lv.contacts]
    elif r.country and r.region:
        lines += ["", "escalation  (no chain for this region)"]
    return "\n".join(lines)
