"""The import-layer contracts of pyproject.toml (`lint-imports`): the stages import only
the stages before them, only the command line imports click, no package has a cycle."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(root: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on the `policyc` package under `root`, configured by `cwd`."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_source_keeps_every_contract() -> None:
    result = _lint(ROOT / "src", ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "src" / "policyc", tmp_path / "src" / "policyc")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path / "src" / "policyc"


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_an_import_inside_a_function_that_goes_up_a_layer_breaks_it(tmp_path: Path) -> None:
    package = _copy(tmp_path)
    _append(package / "load" / "document.py", "\n\ndef _up() -> None:\n    import policyc.emit\n")
    result = _lint(tmp_path / "src", tmp_path)
    assert result.returncode == 1
    assert "policyc.load.document -> policyc.emit" in result.stdout


def test_click_outside_the_command_line_and_a_cycle_break_them(tmp_path: Path) -> None:
    package = _copy(tmp_path)
    _append(
        package / "model" / "context.py",
        "\n\ndef _cycle() -> None:\n    import click\n    from policyc.model import build\n",
    )
    result = _lint(tmp_path / "src", tmp_path)
    assert result.returncode == 1
    assert "only the command line imports click BROKEN" in result.stdout
    assert "no import cycle between the modules of any package BROKEN" in result.stdout
