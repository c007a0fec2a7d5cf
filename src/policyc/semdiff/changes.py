"""The vocabulary of a semantic diff: one `Change` per difference between two IRs."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeAlias

Json: TypeAlias = str | int | float | bool | list["Json"] | dict[str, "Json"] | None


class Section(StrEnum):
    """What a change is about; the order here is the order of a report."""

    PROGRAMME = "programme"
    PRODUCTS = "products"
    TIERS = "tiers"
    SEVERITIES = "severities"
    METRICS = "metrics"
    SLA = "sla"
    SERVICES = "services"
    CHANNELS = "channels"
    CALENDARS = "calendars"
    REGIONS = "regions"
    LARGE_ACCOUNTS = "large_accounts"
    CONTACTS = "contacts"
    ESCALATION = "escalation"
    ELIGIBILITY = "eligibility"
    CONTENT = "content"
    TRANSLATIONS = "translations"


class Action(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    RENAMED = "renamed"
    CHANGED = "changed"
    MOVED = "moved"


class Direction(StrEnum):
    """For promises: did the customer get more (`tightened`) or less (`loosened`)?"""

    TIGHTENED = "tightened"
    LOOSENED = "loosened"


STALE_FIELD = "state"  # a translation's state: "translated" → "stale" (its English changed)

Subject: TypeAlias = tuple[tuple[str, str], ...]
"""What changed, outermost first, as (role, id) pairs: (("tier", "gold"), ("metric", "x"))."""


@dataclass(frozen=True, slots=True)
class Change:
    """One semantic difference. `old`/`new` are JSON values; `field` names what changed."""

    programme: str  # programme id; "" for page text shared by all programmes
    section: Section
    action: Action
    subject: Subject
    field: str | None = None
    old: Json = None
    new: Json = None
    direction: Direction | None = None
    breaking: bool = False

    @property
    def sort_key(self) -> tuple[str, int]:
        """Programme, then section; within a section the comparison's order (model order)."""
        return (self.programme, list(Section).index(self.section))

    def role(self, name: str) -> str | None:
        return next((v for k, v in self.subject if k == name), None)


@dataclass(frozen=True, slots=True)
class DiffResult:
    """Every change between two policy sets, sorted, with the labels of both sides."""

    old_label: str
    new_label: str
    changes: tuple[Change, ...]

    @property
    def breaking(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.breaking)

    @property
    def loosened(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.direction is Direction.LOOSENED)

    @property
    def tightened(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.direction is Direction.TIGHTENED)

    @property
    def programmes(self) -> list[str]:
        return sorted({c.programme for c in self.changes})
