"""A push plan: what to create, update, leave or delete, and how it is shown.

In: steps computed by a vendor module. Out: the plan as text or JSON (`--format json`),
with a summary line. Steps name objects by policyc's key, never by anything secret.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

Action = Literal["create", "update", "unchanged", "delete"]
ACTIONS: tuple[Action, ...] = ("create", "update", "unchanged", "delete")


@dataclass
class Step:
    """One object: `key` is policyc's (`<programme>/<slug>`), `remote_id` the vendor's id
    when it exists, `changes` the fields an update changes, `body` what is sent."""

    action: Action
    kind: str
    key: str
    title: str
    remote_id: str | None = None
    changes: tuple[str, ...] = ()
    body: dict[str, Any] = field(default_factory=dict)
    done: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "kind": self.kind,
            "key": self.key,
            "title": self.title,
            "id": self.remote_id,
            "changes": list(self.changes),
            "done": self.done,
        }


@dataclass
class Plan:
    system: str
    base_url: str
    steps: list[Step] = field(default_factory=list)
    applied: bool = False
    stale: list[str] = field(default_factory=list)  # owned keys kept because not --prune

    def counts(self) -> Counter[str]:
        return Counter(s.action for s in self.steps)

    @property
    def changes(self) -> bool:
        return any(s.action != "unchanged" for s in self.steps)

    def summary(self) -> str:
        n = self.counts()
        verb = (
            ("created", "updated", "deleted")
            if self.applied
            else ("to create", "to update", "to delete")
        )
        return (
            f"{n['create']} {verb[0]}, {n['update']} {verb[1]}, {n['unchanged']} unchanged, "
            f"{n['delete']} {verb[2]}"
        )

    def text(self) -> str:
        mode = "applied" if self.applied else "dry run"
        lines = [f"{self.system} plan for {self.base_url} ({mode})"]
        width = max((len(s.kind) for s in self.steps), default=0)
        for s in self.steps:
            extra = f" ({', '.join(s.changes)})" if s.changes else ""
            lines.append(f"  {s.action:<9}  {s.kind:<{width}}  {s.key}{extra}")
        lines.append(self.summary() + ".")
        if not self.applied and self.changes:
            lines.append("Dry run: nothing was changed; pass --apply to make these changes.")
        if self.stale:
            lines.append(
                f"{len(self.stale)} objects policyc created are no longer in the policies "
                f"({', '.join(self.stale)}): kept; --prune deletes them."
            )
        return "\n".join(lines)

    def json(self) -> str:
        data = {
            "system": self.system,
            "base_url": self.base_url,
            "applied": self.applied,
            "summary": {a: self.counts()[a] for a in ACTIONS},
            "steps": [s.to_json() for s in self.steps],
            "stale": self.stale,
        }
        return json.dumps(data, indent=2, ensure_ascii=False)
