"""Import a generated Python package (`support_policies`) from a build's `python/` directory.

In: the directory. Out: the imported package. Every `support_policies` module is dropped from
`sys.modules` before and after, so each build's package is imported afresh and none is left
to other tests.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any


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
