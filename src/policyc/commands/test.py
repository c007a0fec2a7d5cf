"""`policyc test [PATHS]`: run policy tests (PolicyTest documents) against the policies."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from policyc.commands.common import (
    diagnostics_json,
    echo,
    exit_code,
    format_option,
    guarded,
    policies_option,
    report,
    resolve_policies,
)
from policyc.diagnostics import has_errors

if TYPE_CHECKING:
    from policyc.diagnostics import Diagnostic
    from policyc.policytest import TestRun


@click.command(name="test")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@policies_option
@format_option
@guarded
def policy_test(paths: tuple[Path, ...], policies: Path | None, fmt: str) -> None:
    """Run policy tests: each case resolves a ticket and checks what the policies promise.

    Without PATHS, every PolicyTest document in the policy directory runs (by convention
    in policies/tests/). With PATHS, the PolicyTest documents in those files or
    directories run against the policy directory.
    """
    from policyc import pipeline, policytest  # start-up

    root = resolve_policies(policies)
    if not root.is_dir():
        sys.exit(report([pipeline.missing_directory(root)], fmt))
    result = pipeline.validate([root])
    problems = result.diagnostics
    docs = result.documents
    if result.ok and paths:
        loaded = pipeline.validate(paths, semantic=False)
        problems = loaded.diagnostics
        docs = loaded.documents
    empty = not has_errors(problems) and not result.documents  # PC116 says why
    if has_errors(problems) or (result.policies is None and not empty):
        if fmt == "json":  # the same object as a run, with no cases
            echo(
                json.dumps(_json(policytest.TestRun(), problems), ensure_ascii=False, indent=2),
                data=True,
            )
            sys.exit(max(1, exit_code(problems)))
        sys.exit(report(problems, fmt))
    run = policytest.TestRun() if result.policies is None else policytest.run(result.policies, docs)
    found = problems + run.diagnostics
    if not run.cases and not empty:
        found.append(
            policytest.no_tests(
                ", ".join(p.as_posix() for p in paths) or pipeline.display_name(root)
            )
        )
    if fmt == "json":
        echo(json.dumps(_json(run, found), ensure_ascii=False, indent=2), data=True)
        code = 1 if run.failed else 0
    else:
        if fmt == "text":
            for case in run.cases:
                status = "ok  " if case.passed else "FAIL"
                echo(
                    f"{status} {case.span.file}:{case.span.line}: {case.suite} › {case.name}",
                    err=True,
                )
        code = report(found, fmt)
    passed = len(run.cases) - len(run.failed)
    cases = f"{len(run.cases)} case{'s' * (len(run.cases) != 1)}"
    suites = f"{run.suites} suite{'s' * (run.suites != 1)}"
    click.echo(
        f"{'ok' if not run.failed else 'FAILED'}: {passed} passed, {len(run.failed)} failed "
        f"({cases} in {suites})",
        err=True,
    )
    sys.exit(max(code, 1 if run.failed else 0))


def _json(run: TestRun, diags: list[Diagnostic]) -> dict[str, object]:
    """`--format json`: a summary, one entry per case, and every diagnostic."""
    return {
        "format_version": 1,
        "summary": {
            "cases": len(run.cases),
            "passed": len(run.cases) - len(run.failed),
            "failed": len(run.failed),
            "suites": run.suites,
        },
        "cases": [
            {
                "suite": c.suite,
                "name": c.name,
                "file": c.span.file,
                "line": c.span.line,
                "passed": c.passed,
                "codes": sorted({d.code for d in c.diagnostics}),
            }
            for c in run.cases
        ],
        "diagnostics": diagnostics_json(diags),
    }
