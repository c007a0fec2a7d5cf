"""Pausing Python's cyclic garbage collector while the pipeline builds long-lived data,
and keeping that data for a process that ends without freeing it.

Loading and modelling allocate hundreds of thousands of objects (YAML nodes, values, IR
models) that stay alive until the run ends and form no reference cycles. The collector
would traverse them again and again as they accumulate (`benchmarks/README.md` has the
cost); paused, memory is still freed by reference counting as usual.

`policyc.cli.run` ends the process without tearing its heap down (`os._exit`); but what a
command drops as it returns (a build's documents, IR and 380 MB of artifacts at 10,000
files) would be freed object by object first, 0.4 s after the output was complete. The
pipeline hands that data to `outlive`, which keeps it until the end in such a process
(`ending_without_teardown`), and does nothing elsewhere (tests, `build --watch`).
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


_kept: list[object] | None = None  # what `outlive` keeps, in a process ending without teardown


def ending_without_teardown(ending: bool = True) -> None:
    """Say whether this process ends without freeing its heap (`cli.run`; a command that
    keeps running, `build --watch`, says it does not, and what was kept is let go)."""
    global _kept
    _kept = [] if ending else None


def outlive(data: object) -> None:
    """Keep `data` until the process ends, if it ends without freeing its heap; else
    nothing (it is freed when its last reference goes, as usual)."""
    if _kept is not None:
        _kept.append(data)
