"""`policyc build`: compile the policies into every artifact, or check generated/ is current;
`--watch`: again after every save (`watch_builds`, which `policyc preview` shares)."""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from policyc.commands.common import (
    cache_option,
    echo,
    format_option,
    guarded,
    open_cache,
    out_option,
    policies_option,
    report,
    resolve_policies,
)
from policyc.paths import project_root

if TYPE_CHECKING:
    from policyc.model.publish import Mode as IncompleteLocales
    from policyc.pipeline import BuildOutcome

# `policyc.model.publish.MODES`, spelled out so `policyc --help` imports no model
INCOMPLETE_LOCALES = ("skip", "fail", "publish")


def _value(check: Callable[[str | None], str | None]) -> Callable[..., str | None]:
    """A click callback that passes the option's value through `check`."""
    return lambda _ctx, _param, value: check(value)


def _python_package(value: str | None) -> str | None:
    """`--python-package`: a usable package name, or a usage error (exit 2)."""
    if value is None:
        return None
    from policyc.emit.python.names import package_problem  # start-up

    problem = package_problem(value)
    if problem:
        raise click.BadParameter(problem)
    return value


def _base_url(value: str | None) -> str | None:
    """`--base-url`: an absolute https:// URL ending in one slash, or a usage error (exit 2)."""
    if value is None:  # webmeta is needed only for a URL
        return None
    from policyc.emit.site.webmeta import base_url_problem, normal_base  # start-up

    problem = base_url_problem(value)
    if problem:
        raise click.BadParameter(problem)
    return normal_base(value)


@click.command()
@policies_option
@out_option
@click.option(
    "--check", is_flag=True, help="Compare with --out instead of writing; exit 1 on drift."
)
@click.option(
    "--python-package",
    metavar="NAME",
    default=None,
    callback=_value(_python_package),
    help="Name of the generated Python package [default: support_policies].",
)
@click.option(
    "--base-url",
    metavar="URL",
    default=None,
    callback=_value(_base_url),
    help="Where the site is published (https://): canonical links, hreflang, sitemap.xml.",
)
@click.option(
    "--force-clean",
    is_flag=True,
    help="Delete files in --out that the previous build did not write (a .git, notes).",
)
@click.option(
    "--incomplete-locales",
    type=click.Choice(INCOMPLETE_LOCALES),
    default=None,
    help="A locale with untranslated messages: skip its pages (warning), fail, or publish "
    "it with English where untranslated [default: each programme's `incomplete_locales`, "
    "else skip].",
)
@click.option(
    "--watch",
    is_flag=True,
    help="Build, then build again after every save until Ctrl-C (not with --check).",
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
    incomplete_locales: IncompleteLocales | None,
    watch: bool,
    no_cache: bool,
    fmt: str,
) -> None:
    """Build every artifact into --out (atomically), or check it is current."""
    if watch and check:
        raise click.UsageError("--watch builds; --check only compares: pass one of them")
    target = Target.of(policies, out, fmt)
    options = {
        "python_package": python_package,
        "base_url": base_url,
        "force_clean": force_clean,
        "incomplete_locales": incomplete_locales,
        # one cache for every build of a --watch session (kept in memory between them)
        "cache": None if check else open_cache(target.policies, no_cache),
    }
    if watch:
        watch_builds(target, options)
    outcome = rebuild(target, check=check, **options)
    code = report(outcome.diagnostics, fmt)
    if code == 0 and fmt == "text":
        echo(outcome.summary, err=True)
    sys.exit(code)


@dataclass(frozen=True)
class Target:
    """What a build reads and writes, and how its findings are shown."""

    policies: Path
    out: Path
    fmt: str

    @classmethod
    def of(cls, policies: Path | None, out: Path | None, fmt: str) -> Target:
        """The directories the options name (or the defaults); exits with PC113 (2) when
        the policy directory is missing."""
        from policyc import pipeline  # start-up

        root = resolve_policies(policies)
        if not root.is_dir():
            sys.exit(report([pipeline.missing_directory(root)], fmt))
        return cls(root, out if out is not None else project_root() / "generated", fmt)


def rebuild(target: Target, **options: Any) -> BuildOutcome:
    """Build `target` once: the one call every build (and each watched rebuild) makes."""
    from policyc import pipeline  # start-up

    return pipeline.build(target.policies, target.out, **options)


def watch_builds(
    target: Target, options: dict[str, Any], after: Callable[[BuildOutcome], None] | None = None
) -> NoReturn:
    """Build now and after every save, printing each build's findings, until Ctrl-C (exit
    0) or SIGTERM; `after` sees each outcome (the preview reloads its pages). A first build
    that fails for the environment (exit 2: --out holds foreign files, overlaps the
    policies) stops here; a policy error does not: the next save may fix it."""
    from policyc.live.watch import watch  # start-up
    from policyc.pipeline import display_name  # start-up

    shown = display_name(target.policies)

    def once(changed: list[Path]) -> int:
        if changed and target.fmt == "text":
            echo(f"changed: {_listing(changed)}", err=True)
        start = time.perf_counter()
        outcome = rebuild(target, **options)
        code = report(outcome.diagnostics, target.fmt)
        if code == 2 and not changed:  # the first build: the environment is wrong
            sys.exit(code)
        if code == 0 and target.fmt == "text":
            echo(f"{outcome.summary} in {time.perf_counter() - start:.2f} s", err=True)
        if after is not None:
            after(outcome)
        echo(f"watching {shown} for changes (Ctrl-C to stop)", err=True)
        return code

    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        problem = watch([target.policies], once)
        sys.exit(report([problem], target.fmt) if problem else 0)
    except KeyboardInterrupt:
        echo("stopped", err=True)
        sys.exit(0)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _listing(changed: list[Path]) -> str:
    """The changed policy files (or whatever changed, when no policy file did), at most 3."""
    from policyc.live.watch import POLICY_SUFFIXES  # start-up
    from policyc.pipeline import display_name  # start-up

    shown = [p for p in changed if p.suffix in POLICY_SUFFIXES] or changed
    names = ", ".join(display_name(p) for p in shown[:3])
    return names + (f" and {len(shown) - 3} more" if len(shown) > 3 else "")


def _interrupt(_signum: int, _frame: object) -> None:
    """SIGTERM stops a watch as Ctrl-C does: the build in progress is abandoned cleanly."""
    raise KeyboardInterrupt
