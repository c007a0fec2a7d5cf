"""Command line: click commands that parse options, call the pipeline, render, and exit.

Exit codes: 0 ok (warnings allowed), 1 policy errors, 2 usage or environment errors.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from policyc.diagnostics import Diagnostic, Severity, Span, sort_diagnostics
from policyc.paths import project_root

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("text", "json", "github")


def _colour(stream: Any) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


def echo(text: str, *, err: bool = False, data: bool = False) -> None:
    """Print what policyc shows: control characters from policy text or the command line
    never reach the terminal (shown as symbols; `data`: JSON, escaped with its value kept)."""
    from policyc.report.text import visible, visible_json

    click.echo(visible_json(text) if data else visible(text), err=err)


def report(diags: Sequence[Diagnostic], fmt: str) -> int:
    """Render diagnostics to stderr (text) or stdout (json/github); return the exit code."""
    from policyc.codes import exit_code_for
    from policyc.report import RENDERERS

    diags = sort_diagnostics(diags)
    if fmt == "text":
        if diags:
            click.echo(RENDERERS["text"](diags, _colour(sys.stderr)), err=True)
    else:
        text = RENDERERS[fmt](diags, False)
        if text or fmt == "json":
            echo(text, data=fmt == "json")
    codes = [exit_code_for(d.code) for d in diags if d.severity is Severity.ERROR]
    return max(codes, default=0)


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
            import traceback

            from policyc.pipeline import Progress

            last = traceback.extract_tb(exc.__traceback__)[-1:]
            where = f" at {Path(last[0].filename).name}:{last[0].lineno}" if last else ""
            diag = Diagnostic(
                "PC901",
                f"internal error while processing {Progress.current}: "
                f"{type(exc).__name__}: {exc}{where}",
                Span(Progress.current),
                hint="this is a bug in policyc, please report it with the file",
            )
            fmt = kwargs.get("fmt", "text")
            sys.exit(report([diag], fmt if fmt in FORMATS else "text"))

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    wrapper.__dict__.update(fn.__dict__)
    return wrapper  # type: ignore[return-value]


def format_option(fn: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="text",
        show_default=True,
        help="Diagnostic output format.",
    )(fn)


def policies_option(fn: F) -> F:
    return click.option(
        "--policies",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Policy directory [default: policies/ of the project root].",
    )(fn)


def resolve_policies(policies: Path | None) -> Path:
    return policies if policies is not None else project_root() / "policies"


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """`--version`, reading the version only when asked (see `policyc.__getattr__`)."""
    if value and not ctx.resilient_parsing:
        from policyc import __version__

        click.echo(f"policyc, version {__version__}", color=ctx.color)
        ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the version and exit.",
)
def main() -> None:
    """Compile support policies (YAML) into typed Python, help-center pages and routing tables."""
    for stream in (sys.stdout, sys.stderr):  # PYTHONIOENCODING=latin-1: `?`, not a crash
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def run(args: Sequence[str] | None = None) -> NoReturn:
    """The `policyc` program: run one command, then exit without tearing the heap down.

    A build holds a large, long-lived heap (documents, the IR, every artifact: about 900 MB
    for 10,000 files). Letting the interpreter free it object by object at exit took 3.4 s
    of a 26 s build, after the output was already complete. Once the command has returned
    and the standard streams are flushed there is nothing left to clean up (the output
    lock is released and temporary trees removed by the command itself), so the process
    ends at once, as mypy does. In-process callers (tests, `CliRunner`) use `main`.
    """
    try:
        main(args)
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe must not change the code
            stream.flush()
    os._exit(code)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@policies_option
@format_option
@guarded
def validate(paths: tuple[Path, ...], policies: Path | None, fmt: str) -> None:
    """Check policy files: YAML, schemas and semantic rules.

    With PATHS, only findings in those files are reported (the whole policy directory is
    still read, so references across files resolve).
    """
    from policyc import pipeline

    root = resolve_policies(policies)
    if paths and policies is None and not root.is_dir():
        result = pipeline.validate(paths)
    else:
        if not root.is_dir():
            sys.exit(report([pipeline.missing_directory(root)], fmt))
        result = pipeline.validate([root, *paths])
        if paths:
            wanted = {pipeline.display_name(p) for p in paths}
            result.diagnostics = [
                d
                for d in result.diagnostics
                if d.span.file in wanted or any(d.span.file.startswith(w + "/") for w in wanted)
            ]
    code = report(result.diagnostics, fmt)
    if code == 0 and fmt == "text":
        echo(f"ok: {len(result.files)} files, {len(result.documents)} documents", err=True)
    sys.exit(code)


def _python_package(value: str | None) -> str | None:
    """`--python-package`: a usable package name, or a usage error (exit 2)."""
    from policyc.emit.python_names import package_problem

    problem = None if value is None else package_problem(value)
    if problem:
        raise click.BadParameter(problem)
    return value


def _base_url(value: str | None) -> str | None:
    """`--base-url`: an absolute https:// URL ending in one slash, or a usage error (exit 2)."""
    from policyc.emit.webmeta import base_url_problem, normal_base

    if value is None:
        return None
    problem = base_url_problem(value)
    if problem:
        raise click.BadParameter(problem)
    return normal_base(value)


@main.command()
@policies_option
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Output directory [default: generated/ of the project root].",
)
@click.option(
    "--check", is_flag=True, help="Compare with --out instead of writing; exit 1 on drift."
)
@click.option(
    "--python-package",
    metavar="NAME",
    default=None,
    callback=lambda _ctx, _param, value: _python_package(value),
    help="Name of the generated Python package [default: support_policies].",
)
@click.option(
    "--base-url",
    metavar="URL",
    default=None,
    callback=lambda _ctx, _param, value: _base_url(value),
    help="Where the site is published (https://): canonical links, hreflang, sitemap.xml.",
)
@click.option(
    "--force-clean",
    is_flag=True,
    help="Delete files in --out that the previous build did not write (a .git, notes).",
)
@format_option
@guarded
def build(
    policies: Path | None,
    out: Path | None,
    check: bool,
    python_package: str | None,
    base_url: str | None,
    force_clean: bool,
    fmt: str,
) -> None:
    """Build every artifact into --out (atomically), or check it is current."""
    from policyc import pipeline

    root = resolve_policies(policies)
    out = out if out is not None else project_root() / "generated"
    if not root.is_dir():
        sys.exit(report([pipeline.missing_directory(root)], fmt))
    outcome = pipeline.build(
        root,
        out,
        check=check,
        python_package=python_package,
        force_clean=force_clean,
        base_url=base_url,
    )
    code = report(outcome.diagnostics, fmt)
    if code == 0 and fmt == "text":
        echo(outcome.summary, err=True)
    sys.exit(code)


from policyc.commands.explain import explain  # noqa: E402

main.add_command(explain)


def _workflow_commands() -> None:
    """diff, test and new (imported in a function: they use this module's helpers)."""
    from policyc.commands.diff import diff
    from policyc.commands.new import new
    from policyc.commands.policytest import policy_test

    for command in (diff, policy_test, new):
        main.add_command(command)


_workflow_commands()


def _route_command() -> None:
    """route (imported in a function: it uses this module's helpers)."""
    from policyc.commands.route import route

    main.add_command(route)


_route_command()

if __name__ == "__main__":  # pragma: no cover
    main()
