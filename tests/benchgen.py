"""The benchmarks' policy-set generator (`benchmarks/generate.py`), importable from tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str, file: str) -> ModuleType:
    sys.path.insert(0, str(BENCH))  # generate.py imports textbank.py beside it
    try:
        spec = importlib.util.spec_from_file_location(name, BENCH / file)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while it executes
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


generate = sys.modules.get("benchmark_generate") or _load("benchmark_generate", "generate.py")
