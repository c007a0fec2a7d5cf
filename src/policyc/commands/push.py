"""`policyc push zendesk|pagerduty`: show (and with --apply, make) the changes that bring
the vendor's account in line with the policies' export.

The token comes from the environment only (ZENDESK_API_TOKEN with ZENDESK_EMAIL, or
PAGERDUTY_API_TOKEN); there is no option for it. Exit codes: 0 done (or nothing to do),
1 policy errors, 2 the vendor's API or the environment stopped the push.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from policyc.commands.common import (
    echo,
    guarded,
    policies_option,
    report,
    resolve_policies,
)
from policyc.diagnostics import Diagnostic, Span


@click.command()
@click.argument("system", type=click.Choice(("zendesk", "pagerduty")))
@click.option(
    "--programme",
    "programmes",
    multiple=True,
    help="Programme id (repeatable) [default: every programme with an export to SYSTEM].",
)
@policies_option
@click.option(
    "--base-url",
    default=None,
    help="API root, e.g. https://example.zendesk.com or https://api.eu.pagerduty.com "
    "[default: $ZENDESK_BASE_URL / $PAGERDUTY_BASE_URL, PagerDuty: https://api.pagerduty.com].",
)
@click.option("--apply", "apply_", is_flag=True, help="Make the changes (default: dry run).")
@click.option(
    "--prune",
    is_flag=True,
    help="Also delete objects policyc created that the policies no longer have.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(1, 600),
    default=30.0,
    show_default=True,
    help="Seconds per request.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="Plan output format.",
)
@guarded
def push(
    system: str,
    programmes: tuple[str, ...],
    policies: Path | None,
    base_url: str | None,
    apply_: bool,
    prune: bool,
    timeout: float,
    fmt: str,
) -> None:
    """Push the policies' export to Zendesk or PagerDuty: a dry run printing the plan
    (create / update / unchanged / delete) unless --apply.

    The API token is read from $ZENDESK_API_TOKEN (with $ZENDESK_EMAIL) or
    $PAGERDUTY_API_TOKEN, never from an option. See docs/exports.md.
    """
    from policyc import pipeline  # start-up speed
    from policyc.emit.exports.check import findings
    from policyc.push.errors import PushError
    from policyc.push.run import Options
    from policyc.push.run import push as run_push

    root = resolve_policies(policies)
    if not root.is_dir():
        sys.exit(report([pipeline.missing_directory(root)], fmt))
    result = pipeline.validate([root])
    if not result.ok or result.policies is None:
        sys.exit(report(result.diagnostics, fmt))
    compiled = result.policies
    chosen = list(programmes) or [
        pid
        for pid, p in sorted(compiled.programmes.items())
        if any(e.system == system for e in p.exports)
    ]
    unknown = [pid for pid in chosen if pid not in compiled.programmes]
    if unknown:
        diag = Diagnostic(
            "PC501",
            f"unknown programme '{unknown[0]}'",
            Span("<command line>"),
            hint="known: " + ", ".join(sorted(compiled.programmes)),
        )
        sys.exit(report([diag], fmt))
    warnings = [d for pid in chosen for d in findings(compiled, result.documents, (pid, system))]
    report(result.diagnostics + warnings, "text")  # warnings to stderr; the plan to stdout
    options = Options(base_url=base_url, apply=apply_, prune=prune, timeout=timeout)
    try:
        plan = run_push(system, compiled, chosen, options, os.environ)
    except PushError as exc:
        diag = Diagnostic(exc.code, exc.message, Span(f"<{system}>"), hint=exc.hint)
        sys.exit(report([diag], "text" if fmt == "text" else "json"))
    echo(plan.json() if fmt == "json" else plan.text(), data=fmt == "json")
