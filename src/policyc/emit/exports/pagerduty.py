"""PagerDuty: escalation policies (`POST /escalation_policies`) from a programme's chains.

In: the IR and the programme's pagerduty `Export`. Out: one escalation policy per region
and scope (the countries, or sub-territories, whose chain names the same people), rules
with `escalation_delay_in_minutes` from the levels and user targets by e-mail (`policyc
push` resolves them to user ids), findings (PC435, PC436) and the artifacts under
`exports/pagerduty/<programme>/`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyc.emit.chains import escalation_chain
from policyc.emit.exports.common import JSON, Exported, Finding, Payload, en, owned

if TYPE_CHECKING:
    from policyc.model.ir import EscalationChain, Export, Policies, Programme
    from policyc.resolve.rules import ResolvedLevel

MAX_TARGETS = 10  # EscalationRule.targets maxItems in PagerDuty's OpenAPI document

Scope = tuple[str, str | None]  # (country, sub-territory)
Chain = tuple["ResolvedLevel", ...]


def _scopes(
    policies: Policies, programme: Programme, chain: EscalationChain
) -> list[tuple[list[Scope], Chain]]:
    """The region's countries (and sub-territories) grouped by the chain they get."""
    region = next(r for r in programme.regions if r.id == chain.region)
    groups: dict[tuple[tuple[int, tuple[str, ...]], ...], tuple[list[Scope], Chain]] = {}
    for country in region.countries:
        subs = [s.id for s in region.subdivisions if s.country == country]
        territories: list[str | None] = [*subs] or [None]
        for territory in territories:
            levels = escalation_chain(policies, programme, country, territory)
            sig = tuple((lv.level, tuple(c.contact for c in lv.contacts)) for lv in levels)
            groups.setdefault(sig, ([], levels))[0].append((country, territory))
    return list(groups.values())


def _scope_name(programme: Programme, chain: EscalationChain, levels: Chain) -> tuple[str, str]:
    """(label text, slug) of a scope: its country-scoped contacts, by their labels (the
    contact's name and id when it has none)."""
    scoped = {
        (lv.level, sc.contact, sc.label) for lv in chain.levels for sc in lv.contacts if sc.scoped
    }
    names: dict[str, str] = {}  # slug part → text
    for lv in levels:
        for c in lv.contacts:
            if (lv.level, c.contact, c.label) in scoped:
                if c.label:
                    names.setdefault(c.label.rsplit(".", 1)[-1], en(programme, c.label))
                else:
                    names.setdefault(c.contact, c.name)
    if not names:
        return "other countries", "other"
    return " / ".join(dict.fromkeys(names.values())), "_".join(names)


def _rules(
    export: Export,
    levels: Chain,
    key: str,
    found: Exported,
    unstaffed: dict[str, list[str]],
) -> list[JSON]:
    """The escalation rules of one chain; levels with nobody to page go to `unstaffed`."""
    rules: list[JSON] = []
    for lv in levels:
        emails = [export.users.get(c.contact) or c.email or "" for c in lv.contacts]
        if not emails:
            emails = list(export.roles.get(lv.role, ()))
        emails = list(dict.fromkeys(e for e in emails if e))
        if not emails:
            unstaffed.setdefault(lv.role, []).append(f"{key} level {lv.level}")
            continue
        if len(emails) > MAX_TARGETS:
            found.findings.append(
                Finding(
                    "PC436",
                    f"'{key}' level {lv.level} names {len(emails)} people; a PagerDuty rule "
                    f"takes at most {MAX_TARGETS}: the first {MAX_TARGETS} are exported",
                    "split the level, or point it at a PagerDuty schedule",
                )
            )
            emails = emails[:MAX_TARGETS]
        delay = (
            lv.delay_minutes if lv.delay_minutes is not None else export.escalation_delay_minutes
        )
        rules.append(
            {
                "escalation_delay_in_minutes": delay,
                "targets": [{"type": "user_reference", "email": e} for e in emails],
            }
        )
    return rules


def export_pagerduty(policies: Policies, programme: Programme, export: Export) -> Exported:
    """One escalation policy per region and scope, in the order of the chains."""
    found = Exported()
    chains = programme.escalation.chains if programme.escalation else ()
    region_names = {r.id: en(programme, r.name) for r in programme.regions}
    unstaffed: dict[str, list[str]] = {}  # role → the levels that name nobody
    for chain in chains:
        scopes = _scopes(policies, programme, chain)
        used: set[str] = set()
        for members, levels in scopes:
            label, slug = _scope_name(programme, chain, levels)
            if slug in used:  # two scopes named alike: their countries tell them apart
                slug += "_" + "-".join(c.lower() for c, _t in members)
            used.add(slug)
            key = f"{programme.id}/{chain.region}"
            names = [en(programme, programme.name), region_names[chain.region]]
            if len(scopes) > 1:
                key += f".{slug}"
                names.append(label)
            rules = _rules(export, levels, key, found, unstaffed)
            if not rules:
                continue
            countries = ", ".join(c if t is None else f"{c} ({t})" for c, t in members)
            found.payloads.append(
                Payload(
                    "escalation_policy",
                    key,
                    {
                        "escalation_policy": {
                            "type": "escalation_policy",
                            "name": owned(" — ".join(names), key),
                            "description": f"Escalation for customers in {countries}.",
                            "num_loops": export.num_loops,
                            "escalation_rules": rules,
                        }
                    },
                )
            )
    for role, where in unstaffed.items():
        found.findings.append(
            Finding(
                "PC435",
                f"{len(where)} escalation levels of role '{en(programme, role)}' name no "
                f"contact (e.g. {where[0]}): their PagerDuty rules are left out",
                f"map the role under `roles: {{{role}: [user@example.com]}}`",
                ("roles",) if export.roles else ("system",),
            )
        )
    return found
