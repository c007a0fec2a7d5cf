"""Artifacts, the Emitter protocol and the list of emitters `policyc build` runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from policyc.model.ir import Policies


@dataclass(frozen=True, slots=True)
class Artifact:
    """One output file: a POSIX path relative to the output directory, and its bytes."""

    path: str
    data: bytes


class Emitter(Protocol):
    """Turns the IR into artifacts. Must be deterministic and must not touch the disk."""

    name: str

    def emit(self, policies: Policies) -> list[Artifact]: ...


def emitters() -> list[Emitter]:
    """Every emitter, in a fixed order (imported lazily to keep start-up fast)."""
    found: list[Emitter] = []
    return found
