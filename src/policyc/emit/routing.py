"""The routing-table emitter: each programme's routing facts, resolved in advance, as JSON.

In: `Policies`. Out: `routing/<programme>.json` (one per programme),
`routing/index.json` and `routing/routing.d.ts` (their TypeScript types). The tables are built with the functions of `policyc.resolve.rules`, so a
consumer in any language that follows `docs/routing-format.md` (plain lookups plus the
business-time walk) gives the same answers as `policyc route`. The format is published as
`schemas/routing.schema.json`; keys are sorted, lists keep the policies' order, and no
timestamps are written: the policies' content hash identifies the input instead.
"""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

from policyc.emit.base import WHOLE, Artifact, Part
from policyc.emit.canonical import (
    policies_hash,
    pretty_json,
    programme_hash,
)
from policyc.emit.chains import escalation_chain
from policyc.emit.site.localize import data_values
from policyc.emit.targets import regional, target
from policyc.model.ir import SLA_CONDITIONS
from policyc.resolve.rules import (
    JSON,
    NoTarget,
    ResolvedContact,
    ResolvedTarget,
    contact_json,
    large_account_rule,
    policy_precedence,
    target_bounds_json,
)

if TYPE_CHECKING:
    from policyc.model.ir import Calendar, Message, Policies, Programme, ServiceValue, SlaPolicy

FORMAT_VERSION = 2  # 2: cells carry `promise`; conditions on tier, region, case type, …


def typescript_types() -> bytes:
    """`routing/routing.d.ts`: TypeScript types of both files, made from
    `schemas/routing.schema.json` by json-schema-to-typescript and kept beside this module
    (tests/test_routing_types.py regenerates it and compares), so building needs no Node."""
    return files("policyc.emit").joinpath("routing.d.ts").read_bytes()


class _Messages:
    """The message keys a routing table refers to, resolved in every locale of the programme."""

    def __init__(self, policies: Policies, programme: Programme) -> None:
        self.policies = policies
        self.programme = programme
        self.keys: dict[str, Calendar | None] = {}  # key → calendar whose domain owns it

    def __call__(self, key: str | None, calendar: Calendar | None = None) -> str | None:
        if key is not None:
            self.keys.setdefault(key, calendar)
        return key

    def _text(self, key: str, calendar: Calendar | None, locale: str) -> Message:
        if calendar is None:
            return self.programme.text(key, locale)
        if calendar.programme is None:
            return self.policies.chrome_text(key, locale)
        return self.policies.programmes[calendar.programme].text(key, locale)

    def table(self) -> dict[str, JSON]:
        out: dict[str, JSON] = {}
        for locale in self.programme.locales:
            texts: dict[str, JSON] = {}
            for key, calendar in self.keys.items():
                msg = self._text(key, calendar, locale)
                texts[key] = msg if isinstance(msg, str) else dict(msg)
            out[locale] = texts
        return out


def _target_json(t: ResolvedTarget) -> dict[str, JSON]:
    return {
        "promise": "target",
        **target_bounds_json(t.min, t.max, t.next_business_day),
        "calendar": t.calendar,
        "base_calendar": t.base_calendar,
        "exception": t.exception,
        "conditional_exceptions": list(t.conditional),
    }


def _targets(
    policies: Policies,
    policy: SlaPolicy,
    tiers: list[str],
    severities: list[str],
    metrics: list[str],
) -> dict[str, JSON]:
    """One policy's targets: tier → severity → metric → target with its per-region
    variants, or the promise of a metric without a target (empty levels left out)."""
    targets: dict[str, JSON] = {}
    for tier in tiers:
        by_severity: dict[str, JSON] = {}
        for severity in severities:
            by_metric: dict[str, JSON] = {}
            for metric in metrics:
                t = target(policies, policy, tier, severity, metric)
                if isinstance(t, NoTarget):
                    by_metric[metric] = {"promise": t.promise}
                elif t is not None:
                    by_metric[metric] = {
                        **_target_json(t),
                        "by_region": {
                            region: _target_json(
                                regional(policies, policy, t, tier, severity, region)
                            )
                            for region in policy.region_calendars
                        },
                    }
            if by_metric:
                by_severity[severity] = by_metric
        if by_severity:
            targets[tier] = by_severity
    return targets


def _service_cell(value: ServiceValue, key: _Messages) -> dict[str, JSON]:
    """A services cell: inclusion, detail key, count, and the SLA cells it states."""
    ref = value.sla
    return {
        "included": value.included,
        "detail": key(value.detail),
        "count": value.count,
        "sla": None
        if ref is None
        else {
            "policy": ref.policy,
            "tier": ref.tier,
            "severities": list(ref.severities),
            "metric": ref.metric,
        },
    }


def programme_table(policies: Policies, programme: Programme) -> dict[str, JSON]:
    """The routing table of one programme (see docs/routing-format.md)."""
    key = _Messages(policies, programme)
    pid = programme.id
    owner = programme.owner
    tiers = [t.id for t in programme.tiers]
    severities = [s.id for s in programme.severities]
    metrics = [m.id for m in programme.metrics]

    sla: list[JSON] = []
    for rank, policy in enumerate(policy_precedence(programme)):
        targets = _targets(policies, policy, tiers, severities, metrics)
        sla.append(
            {
                "id": policy.id,
                "name": key(policy.name),
                "note": key(policy.note),
                "precedence": rank,
                "default": policy.is_default,
                "calendar": policy.calendar,
                "priority": policy.priority,
                "region_calendars": dict(policy.region_calendars),
                "applies_to": {name: list(getattr(policy, name)) for name in SLA_CONDITIONS},
                "targets": targets,
            }
        )

    calendars: dict[str, JSON] = {}
    for cid in programme.calendars:
        cal = policies.calendars[cid]
        calendars[cid] = {
            "name": key(cal.name, cal),
            "timezone": cal.timezone,
            "intervals": [{"day": i.day, "start": i.start, "end": i.end} for i in cal.intervals],
            "holidays": [{"date": h.date, "name": key(h.name, cal)} for h in cal.holidays],
            "business_day_minutes": cal.business_day_minutes,
            "always_open": cal.always_open,
            "exceptions": [
                {
                    "id": e.id,
                    **{name: list(getattr(e, name)) for name in SLA_CONDITIONS},
                    "per_ticket": e.per_ticket,
                    "calendar": e.calendar,
                    "text": key(e.text, cal),
                }
                for e in cal.exceptions
            ],
        }

    regions: dict[str, JSON] = {}
    countries: dict[str, JSON] = {}
    codes: dict[str, JSON] = {}
    escalation: dict[str, JSON] = {}
    for region in programme.regions:
        regions[region.id] = {
            "name": key(region.name),
            "timezone": region.timezone,
            "countries": list(region.countries),
            "subdivisions": [
                {"id": s.id, "name": key(s.name), "country": s.country, "codes": list(s.codes)}
                for s in region.subdivisions
            ],
        }
        for sub in region.subdivisions:
            for code in sub.codes:
                codes[code] = sub.id
        levels: list[tuple[dict[str, JSON], list[ResolvedContact]]] = []
        for country in region.countries:
            rule = large_account_rule(programme, country)
            countries[country] = {"region": region.id, "large_account": rule.id if rule else None}
            for i, lv in enumerate(escalation_chain(policies, programme, country)):
                if i == len(levels):
                    head: dict[str, JSON] = {
                        "level": lv.level,
                        "role": key(lv.role),
                        "delay_minutes": lv.delay_minutes,
                    }
                    levels.append((head, []))
                head, assignments = levels[i]
                picked: list[JSON] = []
                for c in lv.contacts:
                    if c not in assignments:
                        assignments.append(c)
                        key(c.title)
                        key(c.label)
                    picked.append(assignments.index(c))
                by_country = head.setdefault("countries", {})
                assert isinstance(by_country, dict)
                by_country[country] = picked
        if levels:
            escalation[region.id] = [
                {**head, "assignments": [contact_json(c) for c in assignments]}
                for head, assignments in levels
            ]

    channels: list[JSON] = [
        {
            "id": c.id,
            "kind": c.kind.value,
            "name": key(c.name),
            "calendar": c.calendar,
            "tiers": list(c.tiers),
            "products": list(c.products),
            "languages": list(c.languages),
            "audience": c.audience,
            "note": key(c.note),
            "address": c.address,
        }
        for c in programme.channels
    ]
    pages = bool(policies.chrome.get("en"))
    table: dict[str, JSON] = {
        "format_version": FORMAT_VERSION,
        "policies_sha256": programme_hash(policies, programme),
        "programme": {
            "id": pid,
            "name": key(programme.name),
            "owner": {
                "organisation": owner.organisation,
                "team": owner.team,
                "email": owner.email,
                "url": owner.url,
            },
            "valid_from": programme.valid_from,
            "valid_to": programme.valid_to,
            "closed_to_new_from": programme.closed_to_new_from,
            "sources": [
                {"url": x.url, "read": x.read, "title": x.title} for x in programme.source_pages
            ],
            "locales": list(programme.locales),
            "support_languages": list(programme.support_languages),
        },
        "products": [{"id": p.id, "name": key(p.name)} for p in programme.products],
        "tiers": [
            {
                "id": t.id,
                "name": key(t.name),
                "rank": t.rank,
                "audience": t.audience,
                "products": list(t.products),
            }
            for t in programme.tiers
        ],
        "severities": [
            {"id": s.id, "name": key(s.name), "rank": s.rank} for s in programme.severities
        ],
        "metrics": [
            {"id": m.id, "name": key(m.name), "targeted": m.targeted} for m in programme.metrics
        ],
        "case_types": [{"id": c.id, "name": key(c.name)} for c in programme.case_types],
        "services": [
            {
                "id": s.id,
                "name": key(s.name),
                "description": key(s.description),
                "by_tier": {tier: _service_cell(v, key) for tier, v in s.by_tier.items()},
            }
            for s in programme.services
        ],
        "sla_policies": sla,
        "calendars": calendars,
        "regions": regions,
        "countries": countries,
        "subdivision_codes": codes,
        "escalation": escalation,
        "large_accounts": {
            r.id: {
                "name": key(r.name),
                "min_seats": r.min_seats,
                "unit": r.unit,
                "countries": list(r.applies_to),
            }
            for r in programme.large_accounts
        },
        "channels": channels,
        "locales": [
            {
                "locale": loc,
                "site": f"site/{loc}/{pid}/index.html" if pages else None,
                "markdown": f"docs/{loc}/{pid}.md" if pages else None,
            }
            for loc in programme.locales
        ],
    }
    table["messages"] = key.table()
    table["message_values"] = (
        {loc: dict[str, JSON](data_values(policies, programme, loc)) for loc in programme.locales}
        if pages
        else {}
    )
    return table


def index_table(policies: Policies) -> dict[str, JSON]:
    """`routing/index.json`: every programme's routing file, name and content hash."""
    return {
        "format_version": FORMAT_VERSION,
        "policies_sha256": policies_hash(policies),
        "programmes": {
            pid: {
                "path": f"routing/{pid}.json",
                "policies_sha256": programme_hash(policies, prog),
                "locales": list(prog.locales),
                "name": {
                    loc: text if isinstance(text := prog.text(prog.name, loc), str) else None
                    for loc in prog.locales
                },
            }
            for pid, prog in policies.programmes.items()
        },
    }


class RoutingEmitter:
    """Routing tables for ticket routers in any language."""

    name = "routing"

    def emit(self, policies: Policies, part: Part = WHOLE) -> list[Artifact]:
        out = [
            Artifact(
                f"routing/{pid}.json",
                pretty_json(programme_table(policies, policies.programmes[pid])),
            )
            for pid in part.programmes(policies)
        ]
        if part.shared:
            out.append(Artifact("routing/index.json", pretty_json(index_table(policies))))
            out.append(Artifact("routing/routing.d.ts", typescript_types()))
        return sorted(out, key=lambda a: a.path)
