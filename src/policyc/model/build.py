"""Documents → IR. Resolves references, parses calendars and durations, merges catalogs.

In: schema-valid `Document`s. Out: `Policies` (or None when errors make it meaningless)
and PC3xx diagnostics. Rules that need the whole model live in `model/checks.py`; what the
parts of this stage share lives in `model/context.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from policyc.diagnostics import Diagnostic
from policyc.load.document import Document
from policyc.model import checks, ir
from policyc.model.context import CHROME, Builder, at
from policyc.model.export import with_exports
from policyc.model.programme import ProgrammeBuilder
from policyc.model.publish import Mode, publish


def _build(builder: Builder) -> ir.Policies:
    """The IR from the documents, reporting into `builder.ctx` (`self`: the builder)."""
    for doc in builder.docs:
        kind = doc.kind
        value = doc.value
        if kind == "Programme":
            pid = value["id"]
            if pid in builder.programme_docs:
                builder.duplicate(
                    "programme", pid, at(doc, "id"), at(builder.programme_docs[pid], "id")
                )
            else:
                builder.programme_docs[pid] = doc
        elif kind == "Calendar":
            builder.calendar(doc)
        elif kind == "Catalog":
            builder.catalog(doc)
        elif "programme" in value:
            builder.by_programme[value["programme"]][str(kind)].append(doc)
    for pid, kinds in sorted(builder.by_programme.items()):
        if pid not in builder.programme_docs:
            for docs in kinds.values():
                for doc in docs:
                    builder.ctx.unknown(
                        "programme", pid, builder.programme_docs, at(doc, "programme")
                    )
    for cid, where in sorted(builder.calendar_where.items()):
        owner = builder.calendars[cid].programme
        if owner is not None and owner not in builder.programme_docs:
            builder.ctx.unknown(
                "programme", owner, builder.programme_docs, at(where.doc, "programme")
            )
    for (domain, _locale), where in sorted(builder.catalog_where.items()):
        if domain != CHROME and domain not in builder.programme_docs:
            builder.ctx.unknown(
                "programme", domain, builder.programme_docs, at(where.doc, "programme")
            )
    programmes = {
        pid: with_exports(builder, ProgrammeBuilder(builder, pid, doc).build())
        for pid, doc in sorted(builder.programme_docs.items())
    }
    return ir.Policies(
        programmes=programmes,
        calendars=dict(sorted(builder.calendars.items())),
        chrome={
            loc: dict(sorted(m.items())) for loc, m in sorted(builder.catalogs[CHROME].items())
        },
        sources=tuple(sorted({d.file for d in builder.docs})),
    )


def build_model(
    docs: Sequence[Document], incomplete_locales: Mode | None = None
) -> tuple[ir.Policies | None, list[Diagnostic]]:
    """Build the IR and run every semantic check; `incomplete_locales` overrides what the
    programmes say to do with a locale that has untranslated messages (`model.publish`)."""
    policies, _found, findings = build_staged(docs, incomplete_locales)
    return policies, findings()


def build_staged(
    docs: Sequence[Document], incomplete_locales: Mode | None = None
) -> tuple[ir.Policies, list[Diagnostic], Callable[[], list[Diagnostic]]]:
    """`build_model` in two steps: the IR and the diagnostics found making it, now; and a
    function (to call once) running the rules that only report and returning all of
    `build_model`'s diagnostics, in its order. A cold build emits while those rules run
    (`pipeline`). The IR is the same as `build_with`'s: it needs only the catalogs'
    check (`build_with(report=False)`)."""
    builder = Builder(docs)
    policies = _build(builder)
    diags = builder.ctx.diags
    built = len(diags)
    checks.check_messages(builder, policies)
    checked = len(diags)
    published = publish(builder, policies, incomplete_locales)

    def findings() -> list[Diagnostic]:
        done = len(diags)
        checks.run_before_messages(builder, policies)
        before = len(diags)
        checks.run_after_messages(builder, policies)
        # `build_with`'s order: the IR's, the rules before the catalogs', the catalogs',
        # the rules after them, then `publish`'s
        return [
            *diags[:built],
            *diags[done:before],
            *diags[built:checked],
            *diags[before:],
            *diags[checked:done],
        ]

    return published, list(diags), findings


def build_with(
    docs: Sequence[Document], incomplete_locales: Mode | None = None, *, report: bool = True
) -> tuple[ir.Policies, Builder]:
    """`build_model`, also returning the builder (what `model.slices` reads of a run).
    With `report=False` only what the IR needs runs: the rules that merely report
    (every check but the catalogs', which record what is untranslated or stale for
    `publish`) are skipped, so the diagnostics are incomplete and must not be shown."""
    builder = Builder(docs)
    policies = _build(builder)
    if report:
        checks.run_all(builder, policies)
    else:
        checks.check_messages(builder, policies)
    return publish(builder, policies, incomplete_locales), builder
