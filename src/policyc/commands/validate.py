"""`policyc validate`: check policy files (YAML, schemas, semantic rules) and report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from policyc.commands.common import (
    echo,
    format_option,
    guarded,
    policies_option,
    report,
    resolve_policies,
)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@policies_option
@format_option
@guarded
def validate(paths: tuple[Path, ...], policies: Path | None, fmt: str) -> None:
    """Check policy files: YAML, schemas and semantic rules.

    With PATHS, only findings in those files are reported (the whole policy directory is
    still read, so references across files resolve).
    """
    from policyc import pipeline  # start-up

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
