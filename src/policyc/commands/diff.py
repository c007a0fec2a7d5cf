"""`policyc diff OLD [NEW]`: the semantic difference of two policy sets, for reviewers and CI."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from policyc.commands.common import diagnostics_json, echo, guarded, output_format, report
from policyc.diagnostics import Severity, did_you_mean
from policyc.paths import project_root
from policyc.report import render_text
from policyc.report.text import visible

if TYPE_CHECKING:
    from policyc.diagnostics import Diagnostic


@click.command()
@click.argument("old")
@click.argument("new", required=False)
@output_format(
    ("markdown", "json"), "Markdown for a pull-request comment, or JSON (docs/diff-format.md)."
)
@click.option("--locale", default="en", show_default=True, help="Locale of names in the report.")
@click.option(
    "--fail-on",
    type=click.Choice(("breaking", "loosened")),
    multiple=True,
    help="Exit 1 when the diff has breaking changes or loosened promises (repeatable).",
)
@click.option(
    "--policies-subdir",
    default="policies",
    show_default=True,
    help="Path of the policy directory inside the repository, for git revisions.",
)
@guarded
def diff(
    old: str, new: str | None, fmt: str, locale: str, fail_on: tuple[str, ...], policies_subdir: str
) -> None:
    """Compare two policy sets by meaning, not text.

    OLD and NEW are policy directories or git revisions (`policyc diff main HEAD` reads
    `policies/` at each revision). Without NEW, OLD is compared with the working tree's
    policy directory.
    """
    from policyc import semdiff  # start-up
    from policyc.semdiff.render import Namer, render_json, render_markdown  # start-up

    new_spec = new if new is not None else (project_root() / policies_subdir).as_posix()
    try:
        with (
            semdiff.open_side(old, policies_subdir) as a,
            semdiff.open_side(new_spec, policies_subdir, label=new or "working tree") as b,
        ):
            outcome = semdiff.diff_sides(a, b)
            if outcome.result is None:
                code = report(outcome.diagnostics, "text")
                echo(_failure(a.label, b.label, outcome.diagnostics, fmt), data=fmt == "json")
                sys.exit(max(code, 1))
    except semdiff.SourceError as exc:
        sys.exit(report([exc.diagnostic], "text"))
    assert outcome.old is not None and outcome.new is not None
    locales = {
        loc for p in (outcome.old, outcome.new) for g in p.programmes.values() for loc in g.locales
    }
    if locales and locale not in locales:  # two empty sides have no locales to check
        hint = did_you_mean(locale, sorted(locales)) or "locales: " + ", ".join(sorted(locales))
        raise click.BadParameter(
            visible(f"no programme has locale '{locale}'; {hint}"), param_hint="--locale"
        )
    names = Namer(outcome.old, outcome.new, locale)
    result = outcome.result
    text = render_json(result, names) if fmt == "json" else render_markdown(result, names)
    echo(text.removesuffix("\n"), data=fmt == "json")
    failed = ("breaking" in fail_on and result.breaking) or (
        "loosened" in fail_on and result.loosened
    )
    if failed:
        click.echo(
            f"policyc diff: failing because of --fail-on {' '.join(sorted(set(fail_on)))}: "
            f"{len(result.breaking)} breaking, {len(result.loosened)} loosened",
            err=True,
        )
    sys.exit(1 if failed else 0)


def _failure(old: str, new: str, found: list[Diagnostic], fmt: str) -> str:
    """What stdout says when a side does not validate (the diagnostics go to stderr)."""
    errors = [d for d in found if d.severity is Severity.ERROR]
    if fmt == "json":
        return json.dumps(
            {
                "format_version": 1,
                "old": old,
                "new": new,
                "error": f"{len(errors)} error(s): the policies do not validate",
                "diagnostics": diagnostics_json(found),
            },
            ensure_ascii=False,
            indent=2,
            sort_keys=True,
        )
    return "\n".join(
        [
            f"## Policy changes: `{old}` → `{new}`",
            "",
            f"Cannot compare: the policies do not validate ({len(errors)} error"
            f"{'s' * (len(errors) != 1)}).",
            "",
            "```text",
            render_text(found, False),
            "```",
        ]
    )
