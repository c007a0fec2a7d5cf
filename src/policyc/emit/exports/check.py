"""The exports' emitter and their warnings as located diagnostics (PC430–PC438).

In: the IR and the documents. Out: the artifacts of each system's export, and warnings
for what Zendesk or PagerDuty cannot express (at the Export document), reported by
`policyc build` and `policyc push` before anything is written or sent.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from policyc.diagnostics import Diagnostic, Severity
from policyc.emit.base import WHOLE, Artifact, Part
from policyc.emit.exports.common import Exported, artifacts
from policyc.emit.exports.pagerduty import export_pagerduty
from policyc.emit.exports.zendesk import export_zendesk
from policyc.emit.memo import per_build
from policyc.load.document import Document
from policyc.model.export import export_wheres
from policyc.model.ir import Policies


def export_of(policies: Policies, programme: str, system: str) -> Exported | None:
    """The payloads and findings of a programme's export to `system`, if it has one (made
    once per IR: the build's preflight and its emitters share them)."""
    memo = per_build(policies)
    key = ("exports", programme, system)
    if key not in memo:
        p = policies.programmes[programme]
        mapping = next((e for e in p.exports if e.system == system), None)
        run = export_zendesk if system == "zendesk" else export_pagerduty
        memo[key] = None if mapping is None else run(policies, p, mapping)
    found: Exported | None = memo[key]
    return found


class ExportEmitter:
    """`exports/<system>/<programme>/`: one JSON request body per object to create."""

    def __init__(self, system: str) -> None:
        self.name = system

    def emit(self, policies: Policies, part: Part = WHOLE) -> list[Artifact]:
        out: list[Artifact] = []
        for pid in part.programmes(policies):
            exported = export_of(policies, pid, self.name)
            if exported is not None:
                out.extend(artifacts(self.name, pid, exported))
        return sorted(out, key=lambda a: a.path)


def findings(
    policies: Policies,
    documents: Sequence[Document],
    only: tuple[str, str] | None = None,
    programmes: Collection[str] | None = None,
) -> list[Diagnostic]:
    """Every export's findings, located in its Export document (`only`: one programme and
    system; `programmes`: those programmes' only)."""
    out: list[Diagnostic] = []
    wheres = export_wheres(documents)
    for pid, programme in sorted(policies.programmes.items()):
        if programmes is not None and pid not in programmes:
            continue
        for mapping in programme.exports:
            if only is not None and only != (pid, mapping.system):
                continue
            exported = export_of(policies, pid, mapping.system)
            where = wheres.get((pid, mapping.system))
            if exported is None or where is None:
                continue
            for f in exported.findings:
                path = f.path if _has(where.doc.value, f.path) else ("system",)
                out.append(
                    Diagnostic(
                        f.code,
                        f.message,
                        where.doc.span(list(path), key=True),
                        Severity.WARNING,
                        f.hint,
                    )
                )
    return out


def _has(value: object, path: tuple[str | int, ...]) -> bool:
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return False
        value = value[part]
    return True
