"""Fixture trees built through the CLI, and their generated Python package imported.

`edited_copy` copies a policy tree with `(file, old, new)` edits, `cli_build` builds it
without warnings, `import_package` imports the `support_policies` package of a build (every
`support_policies` module is dropped from `sys.modules` before and after, so each build's
package is imported afresh and none is left to other tests).
"""

from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def edited_copy(source: Path, dest: Path, edits: Sequence[tuple[str, str, str]] = ()) -> Path:
    """`source` copied to `dest`, each `(file, old, new)` edit applied once."""
    shutil.copytree(source, dest)
    for file, old, new in edits:
        path = dest / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{file}: {old!r} not found"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return dest


def cli_build(policies: Path, out: Path) -> Path:
    """`policyc build` of `policies` into `out`, which must succeed without warnings."""
    from click.testing import CliRunner

    from policyc.cli import main

    result = CliRunner().invoke(
        main, ["build", "--policies", str(policies), "--out", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output, result.output
    return out


def _forget() -> None:
    for name in [m for m in sys.modules if m.split(".")[0] == "support_policies"]:
        del sys.modules[name]


def import_package(python_dir: Path) -> Any:
    """The `support_policies` package built into `python_dir`."""
    sys.path.insert(0, str(python_dir))
    try:
        _forget()
        return importlib.import_module("support_policies")
    finally:
        sys.path.pop(0)
        _forget()
