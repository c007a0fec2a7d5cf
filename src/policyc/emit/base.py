"""Artifacts, the Emitter protocol and the list of emitters `policyc build` runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Sequence

    from policyc.diagnostics import Diagnostic
    from policyc.load.document import Document
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


def emitters(
    *,
    python_package: str | None = None,
    policy_root: str | None = None,
    base_url: str | None = None,
) -> list[Emitter]:
    """Every emitter, in a fixed order (imported lazily to keep start-up fast).

    `python_package` names the generated Python package (default `support_policies`);
    `policy_root` is the policy directory as source files are named, for their headers;
    `base_url` is where the site is published (canonical links, hreflang, sitemap).
    """
    from policyc.emit.markdown import MarkdownEmitter
    from policyc.emit.site import SiteEmitter

    found: list[Emitter] = []
    found.extend([SiteEmitter(base_url), MarkdownEmitter()])
    from policyc.emit.review import ReviewEmitter

    found.append(ReviewEmitter())
    from policyc.emit.routing import RoutingEmitter

    found.append(RoutingEmitter())
    from policyc.emit.python_module import PythonEmitter

    found.append(PythonEmitter(python_package, policy_root))
    return found


def preflight(policies: Policies, documents: Sequence[Document]) -> list[Diagnostic]:
    """Emit-stage checks (PC4xx) that need source positions; run before any emitter."""
    from policyc.emit.chrome import check_chrome

    return check_chrome(policies, documents)
