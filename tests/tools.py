"""External tools the installation tests need: found on PATH, else a skip (a failure under CI).

In: tool names. Out: the executable's path. `.ci/run` installs every tool named here, so
under CI (`CI` set) a missing tool fails the test instead of hiding it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (.ci/run installs it)", pytrace=False)
    pytest.skip(reason)


def executable(*names: str) -> str:
    """The first of `names` found on PATH or beside the running interpreter."""
    for name in names:
        found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
        if found:
            return found
    _missing(f"{' or '.join(names)} is not installed")
    raise AssertionError("unreachable")


def module(name: str) -> None:
    """Skip (fail under CI) unless the Python module `name` can be imported."""
    if importlib.util.find_spec(name) is None:
        _missing(f"the Python module {name} is not installed")


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a command; its stdout, or a failure showing both streams."""
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, (
        f"{' '.join(map(str, args))} exited {done.returncode}\n{done.stdout}\n{done.stderr}"
    )
    return done.stdout


def fresh_venv(where: Path) -> Path:
    """A new virtualenv with its own pip; returns its bin directory."""
    venv.EnvBuilder(with_pip=True, clear=True).create(where)
    return where / "bin"
