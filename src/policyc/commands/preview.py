"""`policyc preview`: build, serve the site on 127.0.0.1, rebuild and reload the page on save."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from policyc.commands.build import Target, watch_builds
from policyc.commands.common import (
    echo,
    format_option,
    guarded,
    open_cache,
    out_option,
    policies_option,
    report,
)
from policyc.diagnostics import Diagnostic, has_errors

if TYPE_CHECKING:
    from policyc.pipeline import BuildOutcome


@click.command()
@policies_option
@out_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="Port on 127.0.0.1; 0 picks a free one.",
)
@format_option
@guarded
def preview(policies: Path | None, out: Path | None, port: int, fmt: str) -> None:
    """Serve the built site on 127.0.0.1, rebuilding and reloading the page on save.

    Builds into --out as `policyc build` does, serves its site/ (the address is printed)
    and rebuilds after every save; open pages reload themselves after a rebuild. The
    reload script is added to pages as they are served, never written into them. Ctrl-C
    stops.
    """
    from policyc.live.server import ServingChild, listen  # start-up
    from policyc.pipeline import display_name  # start-up

    target = Target.of(policies, out, fmt)
    server = listen(target.out / "site", port)
    if isinstance(server, Diagnostic):
        sys.exit(report([server], fmt))
    serving: ServingChild | None = None

    def after(outcome: BuildOutcome) -> None:
        nonlocal serving
        if serving is None:  # after the first build: the site is there to serve
            serving = ServingChild(server)
            echo(f"serving {display_name(target.out / 'site')} at {server.url}", err=True)
        elif not has_errors(outcome.diagnostics):
            serving.reloaded()

    try:
        watch_builds(target, {"cache": open_cache(target.policies, False)}, after)
    finally:
        if serving is not None:
            serving.stop()
        else:
            server.server_close()
