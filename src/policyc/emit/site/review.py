"""The owner review emitter: what policy owners need and customers must not see.

In: `Policies`. Out: `review/<programme>.md` per programme, in the source locale `en`:
the stated validity (or that the sources state none), the source pages with the days they
were read, every owner-audience note
(programme, calendar and region notes: assumptions and modelling decisions, and
the values the sources do not state: `not_stated` time zones, days and country lists) and every
difference between the source pages. Customer pages never link here, and `policyc diff`
keeps reporting changes to the same data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyc.emit.base import WHOLE, Artifact, Part
from policyc.emit.site.markdown import escape
from policyc.model import ir

if TYPE_CHECKING:
    from policyc.model.ir import Policies

_SOURCE = "en"


def _text(prog: ir.Programme, key: str) -> str:
    message = prog.text(key, _SOURCE)
    return escape(message if isinstance(message, str) else message["other"])


def render(policies: Policies, prog: ir.Programme) -> str:
    """The review page of one programme, as Markdown."""
    name = _text(prog, prog.name)
    lines = [
        f"# {name}: owner review",
        "",
        "For policy owners and reviewers; not linked from the customer pages.",
        "",
        "## Validity",
        "",
    ]
    if prog.valid_from is None:
        lines.append("- Not stated by the sources: customer pages show no validity date.")
    else:
        end = f" to {prog.valid_to}" if prog.valid_to else ""
        lines.append(f"- From {prog.valid_from}{end}, as the sources state.")
    if prog.closed_to_new_from is not None:
        lines.append(f"- Closed to new customers from {prog.closed_to_new_from}.")
    lines += ["", "## Sources", ""]
    lines += [
        f"- <{page.url}>"
        + (f" ({escape(page.title)})" if page.title else "")
        + f", read {page.read}"
        for page in prog.source_pages
    ] or ["- None recorded: the programme does not say which pages it is encoded from."]
    lines += ["", "## Owner notes", ""]
    notes = [f"- {_text(prog, n.text)}" for n in prog.notes if n.audience is ir.Audience.OWNER]
    for cid in prog.calendars:
        cal = policies.calendars.get(cid)
        if cal is not None and "timezone" in cal.not_stated:
            notes.append(
                f"- Calendar `{cal.id}`: time zone `{cal.timezone}` is assumed (not stated by "
                "the sources); customer pages say it is not stated."
            )
        if cal is not None and "days" in cal.not_stated:
            notes.append(
                f"- Calendar `{cal.id}`: the days of the week are assumed (not stated by the "
                "sources); customer pages show the hours only."
            )
        if cal is None or cal.note is None or cal.note.audience is not ir.Audience.OWNER:
            continue
        if any(n.text == cal.note.text for n in prog.notes):
            continue  # already listed with the programme's notes
        notes.append(f"- Calendar `{cal.id}`: {_text(prog, cal.note.text)}")
    for region in prog.regions:
        if "countries" in region.not_stated:
            notes.append(
                f"- Region `{region.id}`: its country list ({', '.join(region.countries)}) is "
                "assumed (not stated by the sources); customer pages say it is not stated."
            )
    if prog.region_note is not None and prog.region_note.audience is ir.Audience.OWNER:
        notes.append(f"- Regions: {_text(prog, prog.region_note.text)}")
    lines += notes or ["- None."]
    lines += ["", "## Differences between the source pages", ""]
    diffs = []
    for d in prog.differences:
        sources = f" ({escape('sources: ' + ', '.join(d.sources))})" if d.sources else ""
        shown = "; also shown to customers" if d.audience is ir.Audience.CUSTOMER else ""
        diffs.append(f"- {_text(prog, d.text)}{sources}{shown}")
    lines += diffs or ["- None."]
    return "\n".join(lines) + "\n"


class ReviewEmitter:
    """One owner review page per programme (Markdown, source locale)."""

    name = "review"

    def emit(self, policies: Policies, part: Part = WHOLE) -> list[Artifact]:
        return [
            Artifact(f"review/{pid}.md", render(policies, policies.programmes[pid]).encode())
            for pid in part.programmes(policies)
        ]
