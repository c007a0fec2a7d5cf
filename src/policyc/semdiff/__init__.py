"""Semantic diff of two policy sets: what a change means for customers and consumers.

In: two sides (policy directories or git revisions). Out: a `DiffResult` of `Change`s
(or the diagnostics of a side that does not validate), rendered as Markdown or JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from policyc import pipeline
from policyc.diagnostics import Diagnostic, has_errors, sort_diagnostics
from policyc.model.ir import Policies
from policyc.semdiff.changes import Action, Change, DiffResult, Direction, Section
from policyc.semdiff.compare import compare
from policyc.semdiff.legacy import upgrade
from policyc.semdiff.sources import Side, SourceError, open_side

if TYPE_CHECKING:
    from policyc import pipeline
    from policyc.model.ir import Policies

__all__ = [
    "Action",
    "Change",
    "DiffOutcome",
    "DiffResult",
    "Direction",
    "Section",
    "Side",
    "SourceError",
    "diff_sides",
    "open_side",
]


@dataclass
class DiffOutcome:
    """The diff, or why there is none: the diagnostics of a side that does not validate."""

    result: DiffResult | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    old: Policies | None = None
    new: Policies | None = None


def diff_sides(old: Side, new: Side) -> DiffOutcome:
    """Validate both sides (each builds its IR) and compare the IRs."""
    a = pipeline.validate([old.directory], upgrade=upgrade)
    b = pipeline.validate([new.directory], upgrade=upgrade)
    diags = sort_diagnostics(
        [old.rename(d) for d in a.diagnostics] + [new.rename(d) for d in b.diagnostics]
    )
    if has_errors(diags):
        return DiffOutcome(None, diags)
    before, after = _policies(a), _policies(b)
    if before is None or after is None:
        return DiffOutcome(None, diags)
    return DiffOutcome(compare(before, after, old.label, new.label), diags, before, after)


def _policies(side: pipeline.Result) -> Policies | None:
    """The side's IR; a side without any policy file (PC116) is a set of no programmes."""
    if side.policies is None and not side.documents:
        return Policies(programmes={}, calendars={}, chrome={})
    return side.policies
