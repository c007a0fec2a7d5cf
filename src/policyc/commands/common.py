"""What every command shares: options, output, the internal-error guard and the exit code.

Exit codes: 0 ok (warnings allowed), 1 policy errors, 2 usage or environment errors.
Imports of the pipeline and renderers happen inside functions, for start-up speed
(`policyc --help` loads none of them; benchmarks/README.md).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from policyc.diagnostics import Diagnostic, Severity, Span, sort_diagnostics
from policyc.paths import project_root
from policyc.report import RENDERERS, render_json
from policyc.report.text import visible, visible_json

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("text", "json", "github")


def _colour(stream: Any) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


def echo(text: str, *, err: bool = False, data: bool = False) -> None:
    """Print what policyc shows: control characters from policy text or the command line
    never reach the terminal (shown as symbols; `data`: JSON, escaped with its value kept)."""
    click.echo(visible_json(text) if data else visible(text), err=err)


def exit_code(diags: Sequence[Diagnostic]) -> int:
    """In: diagnostics. Out: the exit code their errors call for (0 without errors)."""
    errors = [d.code for d in diags if d.severity is Severity.ERROR]
    if not errors:
        return 0
    from policyc.codes import exit_code_for  # start-up: the code table is large

    return max(exit_code_for(code) for code in errors)


def diagnostics_json(diags: Sequence[Diagnostic]) -> Any:
    """In: diagnostics. Out: their `--format json` list, to embed in a larger JSON object."""

    return json.loads(render_json(diags))


def report(diags: Sequence[Diagnostic], fmt: str) -> int:
    """Render diagnostics to stderr (text) or stdout (json/github); return the exit code."""
    diags = sort_diagnostics(diags)
    if fmt == "text":
        if diags:
            click.echo(RENDERERS["text"](diags, _colour(sys.stderr)), err=True)
    else:
        text = RENDERERS[fmt](diags, False)
        if text or fmt == "json":
            echo(text, data=fmt == "json")
    return exit_code(diags)


def guarded(fn: F) -> F:
    """Turn any unexpected exception into a PC901 diagnostic naming the file, exit 2."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                click.echo("interrupted", err=True)
                sys.exit(130)
            import traceback  # start-up: only an internal error needs it

            from policyc.pipeline import WorkingOn  # start-up

            last = traceback.extract_tb(exc.__traceback__)[-1:]
            where = f" at {Path(last[0].filename).name}:{last[0].lineno}" if last else ""
            diag = Diagnostic(
                "PC901",
                f"internal error while processing {WorkingOn.current}: "
                f"{type(exc).__name__}: {exc}{where}",
                Span(WorkingOn.current),
                hint="this is a bug in policyc, please report it with the file",
            )
            fmt = kwargs.get("fmt", "text")
            sys.exit(report([diag], fmt if fmt in FORMATS else "text"))

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    wrapper.__dict__.update(fn.__dict__)
    return wrapper  # type: ignore[return-value]


def format_option(fn: F) -> F:
    return output_format(FORMATS, "Diagnostic output format.")(fn)


def output_format(choices: Sequence[str], help: str = "Output format.") -> Callable[[F], F]:
    """A `--format` option (as `fmt`) among `choices`, the first the default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(tuple(choices)),
        default=choices[0],
        show_default=True,
        help=help,
    )


def policies_option(fn: F) -> F:
    return click.option(
        "--policies",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Policy directory [default: policies/ of the project root].",
    )(fn)


def out_option(fn: F) -> F:
    return click.option(
        "--out",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Output directory [default: generated/ of the project root].",
    )(fn)


def cache_option(fn: F) -> F:
    return click.option(
        "--no-cache",
        "no_cache",
        is_flag=True,
        help="Do everything from scratch: neither read nor write .policyc_cache/.",
    )(fn)


def open_cache(policies: Path, no_cache: bool) -> Any:
    """The incremental cache of `policies` (`policyc.incremental.Cache`), or None with
    `--no-cache` or `POLICYC_CACHE=0`."""
    import os  # start-up

    if no_cache or os.environ.get("POLICYC_CACHE", "") == "0":
        return None
    from policyc.incremental import Cache  # start-up

    return Cache.for_policies(policies)


def resolve_policies(policies: Path | None) -> Path:
    return policies if policies is not None else project_root() / "policies"
