"""The model in slices: a programme's findings from its own documents and the shared ones.

In: schema-valid documents and the `Builder` of a model run. Out: each document's group
(its programme, or `SHARED` for page chrome and calendars of no programme), each group's
`interface` (what findings elsewhere can depend on) and whether a policy set can be
checked in slices at all (`sliceable`).

Why it is exact: every rule reads either one programme's documents together with the
shared ones, or facts that `interface` records (programme ids, the locales each programme
declares and publishes, the calendars it defines and uses). So while the shared documents
and every other group's interface stay as they were, the findings located in a
programme's files are those of a model run on that programme and the shared documents
alone. What breaks that is refused (`sliceable`, `slice_problem`): a file holding
documents of two groups, a calendar defined twice or used across programmes, no English
page chrome (PC305 then points at the first use anywhere), and an unknown programme or
calendar (PC301's hint lists every id). `policyc.incremental` then runs the whole model;
`tests/test_incremental.py` compares the two on random edit sequences.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from policyc.diagnostics import Diagnostic
from policyc.load.document import Document
from policyc.model import ir
from policyc.model.context import CHROME, Builder

SHARED = "\x00shared"  # the group of documents that belong to no programme


def group_of(doc: Document) -> str:
    """The programme a document belongs to (its `id` for a Programme), else `SHARED`."""
    owner = doc.owner
    return SHARED if owner is None else owner


def file_groups(owners: Iterable[tuple[str, str | None]]) -> tuple[dict[str, str], bool]:
    """Each file's group, and whether some file holds documents of two groups, from each
    document's file and `Document.owner`."""
    found: dict[str, str] = {}
    mixed = False
    for file, owner in owners:
        group = SHARED if owner is None else owner
        if found.setdefault(file, group) != group:
            mixed = True
    return found, mixed


def interface(builder: Builder, policies: ir.Policies, group: str) -> list[Any]:
    """What findings outside `group` can depend on (plain values, for the cache)."""
    defined = sorted(
        cid
        for cid, cal in builder.calendars.items()
        if (cal.programme or SHARED) == group and cid in builder.calendar_where
    )
    doc = builder.programme_docs.get(group)
    prog = policies.programmes.get(group)
    if doc is None or prog is None:
        return [defined]
    declared = doc.value.get("locales", [])
    return [defined, list(declared), list(prog.locales), sorted(prog.calendars)]


def sliceable(builder: Builder, policies: ir.Policies, files: dict[str, str], mixed: bool) -> bool:
    """Whether this policy set can be checked one programme at a time (module docstring),
    judged on a whole run; `files` is `file_groups`."""
    if mixed or "en" not in builder.catalogs.get(CHROME, {}):
        return False
    found = builder.ctx.diags
    if slice_problem(found) or any(d.span.file not in files for d in found):
        return False
    owner = {cid: cal.programme or SHARED for cid, cal in builder.calendars.items()}
    for pid, prog in policies.programmes.items():
        if any(owner.get(cid) not in (pid, SHARED) for cid in prog.calendars):
            return False
    return True


def slice_problem(found: Sequence[Diagnostic]) -> bool:
    """Whether a slice's findings may differ from the whole run's: a duplicate id (the
    first definition may be in another group) or an unknown programme or calendar (the
    hint names the ids of every group)."""
    return any(
        d.code == "PC302"
        or (d.code == "PC301" and d.message.startswith(("unknown programme", "unknown calendar")))
        for d in found
    )


def splice(
    previous: ir.Policies, pieces: dict[str, ir.Policies], sources: tuple[str, ...]
) -> ir.Policies:
    """`previous` with each group of `pieces` (group → the IR of its slice) in place of
    its own programme and calendars; the rest (page chrome, which programmes publish
    which locales) is unchanged while the shared files and every interface are."""
    programmes = dict(previous.programmes)
    calendars = {
        cid: cal
        for cid, cal in previous.calendars.items()
        if (cal.programme or SHARED) not in pieces
    }
    for group, part in pieces.items():
        programmes[group] = part.programmes[group]
        calendars.update(
            (cid, cal) for cid, cal in part.calendars.items() if cal.programme == group
        )
    return previous.model_copy(
        update={
            "programmes": dict(sorted(programmes.items())),
            "calendars": dict(sorted(calendars.items())),
            "sources": sources,
        }
    )
