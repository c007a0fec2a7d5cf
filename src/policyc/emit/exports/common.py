"""What the exports share: findings, owned names and deterministic JSON files.

In: payloads and findings of one export. Out: artifacts, and the `[policyc:…]` key that
marks an object in the vendor's account as policyc's (matched by `policyc push`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

from policyc.emit.base import Artifact
from policyc.model.ir import Programme, plain

JSON = dict[str, Any]
FOLDERS = {
    "sla_policy": "sla-policies",
    "schedule": "schedules",
    "escalation_policy": "escalation-policies",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """A warning about the export: `path` is a place in the Export document."""

    code: str
    message: str
    hint: str
    path: tuple[str | int, ...] = ("system",)


@dataclass(frozen=True, slots=True)
class Payload:
    """One object to create in the vendor's account: `key` is policyc's stable id for it
    (`<programme>/<slug>`), `body` the request body as emitted."""

    kind: str  # "sla_policy" | "schedule" | "escalation_policy"
    key: str
    body: JSON


@dataclass
class Exported:
    payloads: list[Payload] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def owned(name: str, key: str) -> str:
    """A title policyc owns: the name followed by its key, `Name [policyc:prog/slug]`."""
    return f"{name} [policyc:{key}]"


def owner_key(title: str) -> str | None:
    """The key of an owned title, or None for an object policyc did not create."""
    if not title.endswith("]") or "[policyc:" not in title:
        return None
    return title[title.rindex("[policyc:") + len("[policyc:") : -1]


def en(programme: Programme, key: str) -> str:
    """A message in English (the source locale): vendors' objects carry one language."""
    return plain(programme.text(key, "en"))


def dump(data: JSON) -> bytes:
    """Deterministic JSON: keys in the order built, two-space indent, UTF-8, final newline
    (orjson: the bytes of `json.dumps(indent=2, ensure_ascii=False)`, many times faster)."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


def artifacts(system: str, programme: str, exported: Exported) -> list[Artifact]:
    """One file per payload: `exports/<system>/<programme>/<folder>/<slug>.json`."""
    found = [
        Artifact(
            f"exports/{system}/{programme}/{FOLDERS[p.kind]}/{p.key.split('/', 1)[1]}.json",
            dump(p.body),
        )
        for p in exported.payloads
    ]
    return sorted(found, key=lambda a: a.path)
