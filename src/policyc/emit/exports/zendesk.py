"""Zendesk: SLA policies (`POST /api/v2/slas/policies`) and business-hours schedules
(`/api/v2/business_hours/schedules`, their workweek and holidays) from a programme.

In: the IR and the programme's zendesk `Export`. Out: payloads in policyc's precedence
order (Zendesk applies the first matching policy, so conditional ones come first), findings
(PC430–PC438) and the artifacts under `exports/zendesk/<programme>/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import TYPE_CHECKING

from policyc.emit.exports.common import JSON, Exported, Finding, Payload, en, owned
from policyc.model.export import needed_conditions, tier_groups
from policyc.model.ir import (
    CalendarException,
    Export,
    NextBusinessDay,
    Programme,
    Promise,
    SlaPolicy,
)
from policyc.resolve.rules import policy_precedence

if TYPE_CHECKING:
    from policyc.model.ir import Calendar, Policies, SlaCell

_POSITIVE = ("is", "includes")


@dataclass(frozen=True, slots=True)
class Variant:
    """One Zendesk SLA policy: a policyc policy for a group of tiers, maybe under a
    per-ticket calendar exception (its cells measured on the exception's calendar)."""

    policy: SlaPolicy
    tiers: tuple[str, ...]
    conditions: dict[str, tuple[str, ...]]  # concept → ids, as filter conditions
    exception: CalendarException | None
    slug: str


def _variants(programme: Programme, policies: Policies, found: Exported) -> list[Variant]:
    """Every Zendesk policy to make, most specific first."""
    out: list[Variant] = []
    all_tiers = [t.id for t in programme.tiers]
    for policy in policy_precedence(programme):
        needed = needed_conditions(programme, policy)
        for group in tier_groups(policy, all_tiers):
            conds = {k: tuple(sorted(v)) for k, v in needed.items() if k != "tiers"}
            slug = policy.id
            if "tiers" in needed:
                conds["tiers"] = group
                slug += "." + "_".join(group)
            for exc in _exceptions(policies, policy, group):
                extra = {
                    k: v for k, v in exc.conditions.items() if k not in ("tiers", "severities")
                }
                out.append(Variant(policy, group, {**conds, **extra}, exc, f"{slug}.{exc.id}"))
            out.append(Variant(policy, group, conds, None, slug))
    if any(p.region_calendars for p in programme.sla_policies):
        found.findings.append(
            Finding(
                "PC434",
                "SLA policies measure targets on the calendar of the customer's region "
                "(region_calendars); a Zendesk ticket has one schedule, set by a trigger",
                "add a trigger per region that sets the region's schedule (exported under "
                "schedules/)",
            )
        )
    return out


def _exceptions(
    policies: Policies, policy: SlaPolicy, tiers: tuple[str, ...]
) -> list[CalendarException]:
    """The per-ticket exceptions in force for some tickets of these cells."""
    ids = sorted({e for c in policy.cells if c.tier in tiers for e in c.conditional})
    cals = {policy.calendar, *(c.target.calendar for c in policy.cells if c.target)}
    return [e for cal in sorted(cals) for e in policies.calendars[cal].exceptions if e.id in ids]


def _filters(variant: Variant, export: Export, found: Exported) -> list[tuple[str, JSON]] | None:
    """(slug suffix, filter) per Zendesk policy the variant needs: one condition field of
    several values goes to `any`, others of several values split the policy."""
    single: list[JSON] = []
    multi: list[tuple[str, list[tuple[str, JSON]]]] = []
    for concept, ids in sorted(variant.conditions.items()):
        cond = export.conditions.get(concept)
        if cond is None or any(i not in cond.values for i in ids):
            found.findings.append(
                Finding(
                    "PC432",
                    f"SLA policy '{variant.policy.id}'"
                    + (f" (exception '{variant.exception.id}')" if variant.exception else "")
                    + f" needs a Zendesk condition for {concept.replace('_', ' ')} "
                    + ", ".join(i for i in ids if cond is None or i not in cond.values)
                    + ": not exported",
                    f"map them under `conditions: {{{concept}: {{field, operator, values}}}}`",
                    ("conditions",) if export.conditions else ("system",),
                )
            )
            return None
        items = [
            (i, {"field": cond.field, "operator": cond.operator, "value": cond.values[i]})
            for i in ids
        ]
        if len(items) == 1 or cond.operator not in _POSITIVE:
            single.extend(c for _, c in items)
        else:
            multi.append((concept, items))
    any_of = [c for _, c in multi[0][1]] if multi else []
    splits = [items for _, items in multi[1:]]
    out = []
    for combo in product(*splits):
        suffix = "".join(f".{i}" for i, _ in combo)
        out.append((suffix, {"all": single + [c for _, c in combo], "any": any_of}))
    return out


def _bound(cell: SlaCell, export: Export) -> int:
    assert cell.target is not None and not isinstance(cell.target, NextBusinessDay)
    return (cell.target.max if export.range == "max" else cell.target.min).minutes


def _metrics(
    variant: Variant,
    programme: Programme,
    export: Export,
    policies: Policies,
    found: Exported,
    ranges: list[str],
) -> tuple[list[JSON], str | None]:
    """The policy_metrics of a variant and the calendar its business hours are on; range
    targets exported at one bound are added to `ranges`."""
    policy, tier = variant.policy, variant.tiers[0]
    rows: list[tuple[str, str, int, str]] = []  # (priority, metric, minutes, calendar)
    for sev in programme.severities:
        for metric, zd_metric in export.metrics.items():
            cell = policy.cell(tier, sev.id, metric)
            where = f"'{policy.id}' {tier} × {sev.id} × {metric}"
            if cell is None:
                if not policy.is_default:
                    found.findings.append(
                        Finding(
                            "PC438",
                            f"{where} falls through to other policies in policyc; a "
                            "Zendesk ticket takes one SLA policy: not exported",
                            "give the conditional policy a cell for every metric, or "
                            "accept the default policy's target for it",
                        )
                    )
                continue
            if cell.promise is not Promise.TARGET or cell.target is None:
                found.findings.append(
                    Finding(
                        "PC431",
                        f"{where} is {cell.promise.value}: Zendesk has no such target, "
                        "not exported",
                        "nothing to do if the tickets need no SLA timer; Zendesk shows none",
                        ("metrics", metric),
                    )
                )
                continue
            if isinstance(cell.target, NextBusinessDay):
                found.findings.append(
                    Finding(
                        "PC439",
                        f"{where} is due at the {cell.target.at} of the next business day: "
                        "Zendesk targets are minutes, not exported",
                        "nothing to do if a Zendesk trigger sets the due date",
                        ("metrics", metric),
                    )
                )
                continue
            if not cell.target.exact:
                ranges.append(where)
            calendar = variant.exception.calendar if variant.exception else cell.target.calendar
            for priority in export.severities.get(sev.id, ()):
                rows.append((priority, zd_metric, _bound(cell, export), calendar))
    return _on_one_schedule(rows, variant, policies, found)


def _on_one_schedule(
    rows: list[tuple[str, str, int, str]], variant: Variant, policies: Policies, found: Exported
) -> tuple[list[JSON], str | None]:
    """Rows whose business hours a Zendesk ticket can have: 24/7 calendars run on calendar
    hours (`business_hours: false`), the others on the ticket's one schedule."""
    business = [r[3] for r in rows if not policies.calendars[r[3]].always_open]
    schedule = (
        variant.policy.calendar
        if variant.policy.calendar in business
        else (business[0] if business else None)
    )
    out: list[JSON] = []
    for priority, metric, minutes, cal in rows:
        always = policies.calendars[cal].always_open
        if not always and cal != schedule:
            found.findings.append(
                Finding(
                    "PC433",
                    f"'{variant.policy.id}' {metric} for priority {priority} is measured on "
                    f"calendar '{cal}', the policy's others on '{schedule}'; a Zendesk ticket "
                    "has one schedule: not exported",
                    "measure the cells of one policy on one business-hours calendar (or a "
                    "24/7 one)",
                )
            )
            continue
        out.append(
            {
                "priority": priority,
                "metric": metric,
                "target": minutes,
                "business_hours": not always,
            }
        )
    order = {"urgent": 0, "high": 1, "normal": 2, "low": 3}
    out.sort(key=lambda m: (order[m["priority"]], m["metric"]))
    return out, schedule if any(m["business_hours"] for m in out) else None


def _title(programme: Programme, variant: Variant, suffix: str) -> tuple[str, str]:
    names = [en(programme, programme.name), en(programme, variant.policy.name)]
    if "tiers" in variant.conditions:
        names.append(
            ", ".join(en(programme, t.name) for t in programme.tiers if t.id in variant.tiers)
        )
    if variant.exception is not None:
        names.append(
            ", ".join(
                en(programme, c.name)
                for c in programme.case_types
                if c.id in variant.exception.case_types
            )
            or variant.exception.id
        )
    return " — ".join(names), f"{programme.id}/{variant.slug}{suffix}"


def _schedule(programme: Programme, calendar: Calendar, found: Exported) -> Payload:
    """A calendar as a Zendesk schedule: zone, weekly intervals in minutes from Sunday
    00:00 (one per day: Zendesk's intervals cannot span days) and holidays."""
    if calendar.not_stated:
        found.findings.append(
            Finding(
                "PC437",
                f"calendar '{calendar.id}' assumes what the source does not state "
                f"({', '.join(calendar.not_stated)}); the Zendesk schedule carries the assumption",
                "confirm the assumed hours or zone with the vendor before pushing",
            )
        )
    intervals = sorted(
        {
            "start_time": ((i.day + 1) % 7) * 1440 + i.start,
            "end_time": ((i.day + 1) % 7) * 1440 + i.end,
        }.items()
        for i in calendar.intervals
    )
    key = f"{programme.id}/{calendar.id}"
    return Payload(
        "schedule",
        key,
        {
            "schedule": {
                "name": owned(_calendar_name(programme, calendar), key),
                "time_zone": calendar.timezone,
            },
            "workweek": {"intervals": [dict(i) for i in intervals]},
            "holidays": [
                {"name": _text(programme, h.name), "start_date": h.date, "end_date": h.date}
                for h in calendar.holidays
            ],
        },
    )


def _text(programme: Programme, key: str) -> str:
    found = programme.catalogs.get("en", {}).get(key)
    return key if found is None else en(programme, key)


def _calendar_name(programme: Programme, calendar: Calendar) -> str:
    return _text(programme, calendar.name)


def export_zendesk(policies: Policies, programme: Programme, export: Export) -> Exported:
    """Every Zendesk payload of a programme, in the order to create them: schedules first,
    then SLA policies most specific first."""
    found = Exported()
    policy_payloads: list[Payload] = []
    schedules: list[str] = []
    ranges: list[str] = []
    for variant in _variants(programme, policies, found):
        filters = _filters(variant, export, found)
        if filters is None:
            continue
        metrics, schedule = _metrics(variant, programme, export, policies, found, ranges)
        if not metrics:
            continue
        if schedule is not None and schedule not in schedules:
            schedules.append(schedule)
        for suffix, filt in filters:
            name, key = _title(programme, variant, suffix)
            description = en(programme, variant.policy.note) if variant.policy.note else ""
            if schedule is not None:
                description = (description + "\n\n" if description else "") + (
                    f"Business hours: schedule {_calendar_name(programme, policies.calendars[schedule])} "
                    f"[policyc:{programme.id}/{schedule}]."
                )
            policy_payloads.append(
                Payload(
                    "sla_policy",
                    key,
                    {
                        "sla_policy": {
                            "title": owned(name, key),
                            "description": description,
                            "filter": filt,
                            "policy_metrics": metrics,
                        }
                    },
                )
            )
    if ranges:
        found.findings.append(
            Finding(
                "PC430",
                f"{len(ranges)} range targets export their {export.range} bound (e.g. "
                f"{ranges[0]}); Zendesk takes one time",
                "the bound is the owner's choice (`range:`); the pages show the range",
                ("range",),
            )
        )
    found.payloads = [
        *(_schedule(programme, policies.calendars[c], found) for c in sorted(schedules)),
        *policy_payloads,
    ]
    return found
