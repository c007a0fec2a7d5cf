"""Build help-center artifacts in memory for the site and Markdown tests."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from policyc import pipeline
from policyc.emit.site.html import SiteEmitter
from policyc.emit.site.markdown import MarkdownEmitter
from policyc.model.ir import Policies

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT / "policies" / "shared"
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"
INJECTION = ROOT / "tests" / "cases" / "injection" / "policies"
SEEDS = ROOT / "policies"


@cache
def policies(*paths: Path) -> Policies:
    """The IR of the given policy trees, which must be free of errors."""
    result = pipeline.validate(list(paths))
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert result.policies is not None and not errors, errors
    return result.policies


@cache
def artifacts(*paths: Path) -> dict[str, bytes]:
    """Every site and docs artifact of the trees, by path."""
    ir = policies(*paths)
    return {a.path: a.data for e in (SiteEmitter(), MarkdownEmitter()) for a in e.emit(ir)}
