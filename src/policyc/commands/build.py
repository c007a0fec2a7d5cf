"""`policyc build`: compile the policies into every artifact, or check generated/ is current."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from policyc.commands.common import (
    cache_option,
    echo,
    format_option,
    guarded,
    open_cache,
    policies_option,
    report,
    resolve_policies,
)
from policyc.paths import project_root


def _python_package(value: str | None) -> str | None:
    """`--python-package`: a usable package name, or a usage error (exit 2)."""
    from policyc.emit.python_names import package_problem  # start-up speed

    problem = None if value is None else package_problem(value)
    if problem:
        raise click.BadParameter(problem)
    return value


def _base_url(value: str | None) -> str | None:
    """`--base-url`: an absolute https:// URL ending in one slash, or a usage error (exit 2)."""
    from policyc.emit.webmeta import base_url_problem, normal_base  # start-up speed

    if value is None:
        return None
    problem = base_url_problem(value)
    if problem:
        raise click.BadParameter(problem)
    return normal_base(value)


@click.command()
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
@cache_option
@format_option
@guarded
def build(
    policies: Path | None,
    out: Path | None,
    check: bool,
    python_package: str | None,
    base_url: str | None,
    force_clean: bool,
    no_cache: bool,
    fmt: str,
) -> None:
    """Build every artifact into --out (atomically), or check it is current."""
    from policyc import pipeline  # start-up speed

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
        cache=None if check else open_cache(root, no_cache),
    )
    code = report(outcome.diagnostics, fmt)
    if code == 0 and fmt == "text":
        echo(outcome.summary, err=True)
    sys.exit(code)
