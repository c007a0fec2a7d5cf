"""Emit stage: the IR → `Artifact`s (relative path + bytes). Emitters never read YAML.

In: the IR (and, for `preflight`, the documents' positions). Out: the registry of emitters
`policyc build` runs, and the emit-stage checks that run before them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyc.emit.base import WHOLE, Artifact, Emitter, Part

if TYPE_CHECKING:
    from collections.abc import Sequence

    from policyc.diagnostics import Diagnostic
    from policyc.load.document import Document
    from policyc.model.ir import Policies

__all__ = ["WHOLE", "Artifact", "Emitter", "Part", "emitters", "preflight"]


def emitters(
    *,
    python_package: str | None = None,
    policy_root: str | None = None,
    base_url: str | None = None,
) -> list[Emitter]:
    """Every emitter, in a fixed order (imported here, not at the top: start-up speed, and
    every emitter imports `policyc.emit.base`, so this package loads before them).

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
    from policyc.emit.exports.check import ExportEmitter

    found.extend([ExportEmitter("zendesk"), ExportEmitter("pagerduty")])
    return found


def preflight(policies: Policies, documents: Sequence[Document]) -> list[Diagnostic]:
    """Emit-stage checks (PC4xx) that need source positions; run before any emitter."""
    from policyc.emit.chrome import check_chrome  # start-up speed, as above
    from policyc.emit.exports.check import findings

    return check_chrome(policies, documents) + findings(policies, documents)
