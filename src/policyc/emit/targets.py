"""SLA targets as `policyc.resolve.rules` resolves them, worked out once per build
(`policyc.emit.memo`): the routing table and the Python package of a programme resolve
the same cells and regions.

In: the IR, an SLA policy of one of its programmes, a cell's tier, severity and metric
(and a region). Out: `target_of` and `in_region` as they give them; the results are
frozen and shared, and `in_region` still gives back the very target it was given when
the region changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policyc.emit.memo import per_build
from policyc.resolve.rules import in_region, target_of

if TYPE_CHECKING:
    from policyc.model.ir import Policies, SlaPolicy
    from policyc.resolve.rules import NoTarget, ResolvedTarget


def target(
    policies: Policies, policy: SlaPolicy, tier: str, severity: str, metric: str
) -> ResolvedTarget | NoTarget | None:
    """`target_of(policies, policy, tier, severity, metric)`, remembered."""
    made: dict[tuple[Any, ...], tuple[SlaPolicy, ResolvedTarget | NoTarget | None]]
    made = per_build(policies).setdefault(target, {})
    key = (id(policy), tier, severity, metric)  # the policy is kept with its result
    found = made.get(key)
    if found is None:
        found = made[key] = (policy, target_of(policies, policy, tier, severity, metric))
    return found[1]


def regional(
    policies: Policies,
    policy: SlaPolicy,
    resolved: ResolvedTarget,
    tier: str,
    severity: str,
    region: str | None,
) -> ResolvedTarget:
    """`in_region(policies, policy, resolved, tier, severity, region)`, remembered."""
    made: dict[tuple[Any, ...], tuple[SlaPolicy, ResolvedTarget, ResolvedTarget]]
    made = per_build(policies).setdefault(regional, {})
    key = (id(policy), id(resolved), tier, severity, region)  # both kept with the result
    found = made.get(key)
    if found is None:
        local = in_region(policies, policy, resolved, tier, severity, region)
        found = made[key] = (policy, resolved, local)
    return found[2]
