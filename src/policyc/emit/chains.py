"""Escalation chains as `policyc.resolve.rules.escalation_for` gives them, worked out once
per build (`policyc.emit.memo`): the site pages of every locale, the routing table and the
PagerDuty export of a programme all ask for the same countries' chains, and the pages of
every locale group a region's places by them alike.

In: the IR, a programme, a country and maybe a sub-territory. Out: the chain (a tuple of
frozen levels), or a region's contact groups; shared: never changed by their users.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from policyc.emit.memo import per_build
from policyc.resolve.rules import escalation_for

if TYPE_CHECKING:
    from policyc.model.ir import Policies, Programme, Region
    from policyc.resolve.rules import ResolvedLevel


def escalation_chain(
    policies: Policies, programme: Programme, country: str, territory: str | None = None
) -> tuple[ResolvedLevel, ...]:
    """`escalation_for(programme, country, territory)`, remembered for a programme of
    `policies` (the chain depends on the programme alone)."""
    if policies.programmes.get(programme.id) is not programme:
        return escalation_for(programme, country, territory)
    made = per_build(policies).setdefault(escalation_chain, {})
    key = (programme.id, country, territory)
    found: tuple[ResolvedLevel, ...] | None = made.get(key)
    if found is None:
        found = made[key] = escalation_for(programme, country, territory)
    return found


@dataclass(frozen=True, slots=True)
class ContactGroup:
    """Places of a region that escalate to the same people at every level."""

    members: tuple[int, ...]  # their indices among the region's places (see `places`)
    chain: tuple[ResolvedLevel, ...]  # the chain of its last place
    levels: tuple[int, ...]  # each level of `chain` numbered: equal levels of the programme alike


def places(region: Region) -> list[tuple[str, str | None]]:
    """(country, sub-territory id) of every place of a region, in the region's order; a
    country split into sub-territories appears once per sub-territory."""
    out: list[tuple[str, str | None]] = []
    for country in region.countries:
        subs = [s.id for s in region.subdivisions if s.country == country]
        out.extend([(country, s) for s in subs] if subs else [(country, None)])
    return out


def contact_groups(policies: Policies, programme: Programme) -> list[list[ContactGroup]]:
    """Per region of the programme (in order), its places grouped by who to contact at
    every level, groups in order of their first place: the same in every locale, so made
    once per build for a programme of `policies`."""
    if policies.programmes.get(programme.id) is not programme:
        return _contact_groups(policies, programme)
    made = per_build(policies).setdefault(contact_groups, {})
    found: list[list[ContactGroup]] | None = made.get(programme.id)
    if found is None:
        found = made[programme.id] = _contact_groups(policies, programme)
    return found


def _contact_groups(policies: Policies, programme: Programme) -> list[list[ContactGroup]]:
    numbers: dict[ResolvedLevel, int] = {}
    out = []
    for region in programme.regions:
        members: dict[tuple[object, ...], list[int]] = {}
        chain_of: dict[tuple[object, ...], tuple[ResolvedLevel, ...]] = {}
        for i, (country, territory) in enumerate(places(region)):
            # looked up as the pages always did: the part of the place's code before a `/`
            chain = escalation_chain(policies, programme, country.split("/")[0], territory)
            key = tuple((lv.level, tuple(c.contact for c in lv.contacts)) for lv in chain)
            members.setdefault(key, []).append(i)
            chain_of[key] = chain
        out.append(
            [
                ContactGroup(
                    tuple(found),
                    chain_of[key],
                    tuple(numbers.setdefault(lv, len(numbers)) for lv in chain_of[key]),
                )
                for key, found in members.items()
            ]
        )
    return out
