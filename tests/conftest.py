"""Shared fixtures: run the CLI in-process and write small policy trees."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policyc.cli import main

ROOT = Path(__file__).resolve().parent.parent

# The commands' incremental cache (.policyc_cache/ beside the policy directory) stays off
# in tests, child processes included, so that every test sees a cold run and leaves no
# cache among the test cases; tests/test_incremental.py turns it on where it is tested.
os.environ["POLICYC_CACHE"] = "0"


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Invoke `policyc` with arguments; returns click's Result (stdout, stderr, exit_code)."""
    monkeypatch.setenv("NO_COLOR", "1")

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a dedented file under tmp_path and return its path."""

    def put(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return put
