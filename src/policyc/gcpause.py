"""Pausing Python's cyclic garbage collector while the pipeline builds long-lived data.

Loading and modelling allocate hundreds of thousands of objects (YAML nodes, values, IR
models) that stay alive until the run ends and form no reference cycles. The collector
would traverse them again and again as they accumulate (`benchmarks/README.md` has the
cost); paused, memory is still freed by reference counting as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic collector inside the block; restore its previous state after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
