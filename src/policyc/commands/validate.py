"""`policyc validate`: check policy files (YAML, schemas, semantic rules) and report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

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


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@policies_option
@cache_option
@format_option
@guarded
def validate(paths: tuple[Path, ...], policies: Path | None, no_cache: bool, fmt: str) -> None:
    """Check policy files: YAML, schemas and semantic rules.

    With PATHS (what pre-commit passes: the changed files), the findings of those files
    and the errors of the files they can break are reported: the other files of their
    programmes, and for a shared calendar or page chrome every programme using it. The whole policy
    directory is still read, so references across files resolve; unchanged files come
    from the cache (.policyc_cache/), so the cost is that of the change.
    """
    from policyc import pipeline  # start-up

    root = resolve_policies(policies)
    if paths and policies is None and not root.is_dir():
        result = pipeline.validate(paths)
    else:
        if not root.is_dir():
            sys.exit(report([pipeline.missing_directory(root)], fmt))
        cache = open_cache(root, no_cache)
        outside = [p for p in paths if not _inside(p, root)]
        result = pipeline.validate([root, *outside], cache=cache, ir=False)
        if paths:
            result.diagnostics = _affected(pipeline, result, paths, cache)
    code = report(result.diagnostics, fmt)
    if code == 0 and fmt == "text":
        echo(f"ok: {len(result.files)} files, {len(result.documents)} documents", err=True)
    sys.exit(code)


CACHE_CODES = frozenset({"PC411", "PC412", "PC413"})  # the cache's own warnings


def _inside(path: Path, root: Path) -> bool:
    """Whether `path` is found by walking `root` anyway (so the cache of `root` serves)."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def _affected(pipeline: Any, result: Any, paths: tuple[Path, ...], cache: Any) -> list[Any]:
    """The findings of the files `paths` names (a directory: the files below it) and the
    errors of the files an edit of them can break (`incremental.affected_files`): what
    would fail the build elsewhere. Warnings elsewhere are left to a full `validate`."""
    from policyc.diagnostics import Severity
    from policyc.incremental import affected_files

    named = {pipeline.display_name(p) for p in paths}
    wanted = {f for f in result.files if f in named or any(f.startswith(w + "/") for w in named)}
    wanted |= named
    uses: dict[str, set[str]] | None
    if result.policies is not None:
        uses = {pid: set(p.calendars) for pid, p in result.policies.programmes.items()}
    else:  # the model ran in slices (what the cache knows), or not at all (None)
        uses = cache.calendars_used if cache is not None else None
    files = affected_files(wanted, result.documents, uses)
    return [
        d
        for d in result.diagnostics
        if d.span.file in wanted
        or any(d.span.file.startswith(w + "/") for w in named)
        or (d.span.file in files and d.severity is Severity.ERROR)
        or d.code in CACHE_CODES
    ]
