"""Running the emitters on two cores: a forked child runs every second emitter.

In: the emitters and the IR. Out: every emitter's artifacts in emitter order, exactly as a
serial run gives them. Emitters are independent, deterministic and never touch the disk,
so a child process made with `fork` (see `policyc.forked`: it shares the IR without
copying or pickling it) can run half of them while this process runs the rest; only the
artifacts (bytes) travel back. If anything goes wrong anywhere, every emitter runs again
here, in order, so an error surfaces exactly as in a serial run (same exception, same
emitter named). Serial for fewer than `MIN_PROGRAMMES` programmes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from policyc import forked

if TYPE_CHECKING:
    from policyc.emit.base import Artifact, Emitter
    from policyc.model.ir import Policies

MIN_PROGRAMMES = 4  # below this, forking costs more than it saves


def emit_all(
    emitters: Sequence[Emitter], policies: Policies, started: Callable[[Emitter], None]
) -> list[Artifact]:
    """Every emitter's artifacts, in emitter order; `started` is told of each emitter run
    here (for naming the emitter in an internal error)."""
    if len(emitters) > 1 and len(policies.programmes) >= MIN_PROGRAMMES and forked.available():
        found = _parallel(emitters, policies, started)
        if found is not None:
            return found
    return _serial(emitters, policies, started)


def _serial(
    emitters: Sequence[Emitter], policies: Policies, started: Callable[[Emitter], None]
) -> list[Artifact]:
    artifacts: list[Artifact] = []
    for emitter in emitters:
        started(emitter)
        artifacts.extend(emitter.emit(policies))
    return artifacts


def _parallel(
    emitters: Sequence[Emitter], policies: Policies, started: Callable[[Emitter], None]
) -> list[Artifact] | None:
    """The child runs the emitters at odd positions; None if anything failed."""
    theirs = list(range(1, len(emitters), 2))
    child = forked.start(lambda: [emitters[i].emit(policies) for i in theirs])
    if child is None:
        return None
    results: dict[int, list[Artifact]] = {}
    try:
        for i, emitter in enumerate(emitters):
            if i not in theirs:
                started(emitter)
                results[i] = emitter.emit(policies)
    except BaseException as exc:
        child.kill()
        if isinstance(exc, Exception):
            return None  # the serial run raises it again, in order
        raise
    found = child.result()
    if found is None:
        return None
    results.update(zip(theirs, found, strict=True))
    return [a for i in range(len(emitters)) for a in results[i]]
