"""Artifacts, parts of a build and the Emitter protocol: what every emitter imports (the
registry of emitters is `policyc.emit`, which imports them only when asked)."""

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


@dataclass(frozen=True, slots=True)
class Part:
    """One share of a build, so processes can split it: the programmes `ids` (None: every
    programme) and, if `shared`, the files every programme shares (indexes, the package
    root, the style sheet). The default is the whole build."""

    ids: frozenset[str] | None = None
    shared: bool = True

    def programmes(self, policies: Policies) -> list[str]:
        """The ids of this part's programmes, sorted."""
        if self.ids is None:
            return sorted(policies.programmes)
        return sorted(pid for pid in self.ids if pid in policies.programmes)


WHOLE = Part()


class Emitter(Protocol):
    """Turns the IR into artifacts. Must be deterministic and must not touch the disk.

    `emit(policies, part)` makes the artifacts of `part` only, sorted by path; the parts of
    a split build together make exactly the artifacts of `WHOLE`, each once.
    """

    name: str

    def emit(self, policies: Policies, part: Part = WHOLE) -> list[Artifact]: ...
