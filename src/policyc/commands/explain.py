"""`policyc explain CODE`: what a diagnostic code means, an example that triggers it, the fix."""

from __future__ import annotations

import click

from policyc.commands.common import output_format
from policyc.report.text import visible


@click.command()
@click.argument("code", required=False)
@output_format(("text", "json"))
def explain(code: str | None, fmt: str) -> None:
    """Explain a diagnostic CODE: meaning, a failing example, the fix.

    CODE is e.g. PC309 (or 309); without CODE, every code is listed.
    """
    from policyc import explain as lib  # start-up
    from policyc.codes import CODES  # start-up

    if code is None:
        if fmt == "json":
            click.echo(lib.render_json([CODES[c] for c in sorted(CODES)]))
        else:
            click.echo(lib.render_index())
        return
    entry = lib.lookup(code)
    if entry is None:
        close = lib.suggestions(code)
        hint = (
            "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
            if close
            else "run `policyc explain` to list every code"
        )

        raise click.UsageError(visible(f"unknown diagnostic code '{code}'; {hint}"))
    click.echo(lib.render_json([entry]) if fmt == "json" else lib.render_text(entry))
