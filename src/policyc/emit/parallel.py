"""Running the emitters on two cores: a forked child makes every second programme's files.

In: the emitters and the IR. Out: every emitter's artifacts in emitter order, each
emitter's sorted by path, exactly as a serial run gives them. Emitters are independent,
deterministic and never touch the disk, and each can make one `Part` of its output (see
`policyc.emit.base`), so a child process made with `fork` (see `policyc.forked`: it shares
the IR without copying or pickling it) runs every emitter on part 1 of 2 while this
process runs them on part 0; only the artifacts (bytes) travel back. Splitting by
programme rather than by emitter keeps both cores busy however unequal the emitters are.
If anything goes wrong anywhere, every emitter runs again here on the whole build, in
order, so an error surfaces exactly as in a serial run (same exception, same emitter
named). Serial for fewer than `MIN_PROGRAMMES` programmes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from policyc import forked
from policyc.emit.base import WHOLE, Part

if TYPE_CHECKING:
    from policyc.emit.base import Artifact, Emitter
    from policyc.model.ir import Policies

MIN_PROGRAMMES = 4  # below this, forking costs more than it saves
PARTS = 2


def emit_all(
    emitters: Sequence[Emitter], policies: Policies, started: Callable[[Emitter], None]
) -> list[Artifact]:
    """Every emitter's artifacts, in emitter order; `started` is told of each emitter run
    here (for naming the emitter in an internal error)."""
    if len(policies.programmes) >= MIN_PROGRAMMES and forked.available():
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
        artifacts.extend(emitter.emit(policies, WHOLE))
    return artifacts


def _parallel(
    emitters: Sequence[Emitter], policies: Policies, started: Callable[[Emitter], None]
) -> list[Artifact] | None:
    """The child makes part 1 of every emitter, this process part 0; None if anything
    failed."""
    theirs = Part(1, PARTS)
    child = forked.start(lambda: [emitter.emit(policies, theirs) for emitter in emitters])
    if child is None:
        return None
    mine: list[list[Artifact]] = []
    try:
        for emitter in emitters:
            started(emitter)
            mine.append(emitter.emit(policies, Part(0, PARTS)))
    except BaseException as exc:
        child.kill()
        if isinstance(exc, Exception):
            return None  # the serial run raises it again, in order
        raise
    found = child.result()
    if found is None:
        return None
    artifacts: list[Artifact] = []
    for ours, other in zip(mine, found, strict=True):
        artifacts.extend(sorted([*ours, *other], key=lambda a: a.path))
    return artifacts
