"""Escalation chains as `policyc.resolve.rules.escalation_for` gives them, worked out once
per build (`policyc.emit.memo`): the site pages of every locale, the routing table and the
PagerDuty export of a programme all ask for the same countries' chains.

In: the IR, a programme, a country and maybe a sub-territory. Out: the chain (a tuple of
frozen levels, shared: never changed by its users).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyc.emit.memo import per_build
from policyc.resolve.rules import escalation_for

if TYPE_CHECKING:
    from policyc.model.ir import Policies, Programme
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
