"""Emit stage: the IR → `Artifact`s (relative path + bytes). Emitters never read YAML.

In: the IR (and, for `preflight`, the documents' positions). Out: the registry of emitters
`policyc build` runs, and the emit-stage checks that run before them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyc.emit.base import WHOLE, Artifact, Emitter, Part
from policyc.emit.python.names import DEFAULT_PACKAGE
from policyc.emit.site.chrome import check_chrome, owned_by

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Sequence

    from policyc.diagnostics import Diagnostic
    from policyc.emit.site.chrome import KeptUses
    from policyc.load.document import Document
    from policyc.model.ir import Policies

    # The export findings of some programmes (None: all), as `exports.check.findings`.
    ExportFindings = Callable[[Collection[str] | None], list[Diagnostic]]

__all__ = ["WHOLE", "Artifact", "Emitter", "Part", "default_output", "emitters", "preflight"]


def default_output(python_package: str | None, base_url: str | None) -> bool:
    """Whether these build options leave the output as the default options make it."""
    return python_package in (None, DEFAULT_PACKAGE) and not base_url


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
    from policyc.emit.site.html import SiteEmitter  # start-up
    from policyc.emit.site.markdown import MarkdownEmitter  # start-up
    from policyc.emit.site.pages import SiteViews  # start-up

    views = SiteViews()  # the HTML and Markdown pages of a build are laid out from one set
    found: list[Emitter] = []
    found.extend([SiteEmitter(base_url, views), MarkdownEmitter(views)])
    from policyc.emit.site.review import ReviewEmitter  # start-up

    found.append(ReviewEmitter())
    from policyc.emit.routing import RoutingEmitter  # start-up

    found.append(RoutingEmitter())
    from policyc.emit.python.emitter import PythonEmitter  # start-up

    found.append(PythonEmitter(python_package, policy_root))
    from policyc.emit.exports.check import ExportEmitter  # start-up

    found.extend([ExportEmitter("zendesk"), ExportEmitter("pagerduty")])
    return found


def preflight(
    policies: Policies,
    documents: Sequence[Document],
    kept: Callable[[ExportFindings], list[Diagnostic]] | None = None,
    uses: KeptUses | None = None,
) -> list[Diagnostic]:
    """Emit-stage checks (PC4xx) that need source positions; run before any emitter.
    `kept` gives the export findings, making those of the programmes it does not keep
    (`incremental.Cache.export_findings`); `uses`, the page chrome's findings of the
    audiences and units used (`incremental.Cache.chrome_findings`)."""
    from policyc.emit.exports.check import findings  # start-up

    def exports(programmes: Collection[str] | None) -> list[Diagnostic]:
        # only those programmes' files are read: their Export documents are there
        docs = documents if programmes is None else owned_by(documents, programmes)
        return findings(policies, docs, programmes=programmes)

    return check_chrome(policies, documents, uses) + (
        exports(None) if kept is None else kept(exports)
    )
