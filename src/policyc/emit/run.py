"""Running the emitters: serially, or on two cores with two processes sharing out the
programmes as they go (through `policyc.parallel`).

In: the emitters and the IR. Out: every emitter's artifacts in emitter order, each
emitter's sorted by path, exactly as a serial run gives them. Emitters are independent,
deterministic and never touch the disk, and each can make any `Part` of its output (see
`policyc.emit.base`). The programmes are cut into small batches whose numbers wait in a
`parallel.Queue`; a forked child (it shares the IR without copying or pickling it) and
this process each take the next batch, run every emitter on it, and come back for more,
while this process also makes the shared files (indexes, package root). Taking batches
as they go keeps both cores busy to the end however unequal the programmes, the emitters
or the cores (another job may slow one down); only the artifacts (bytes) travel back,
batch by batch as the child makes them (`parallel.Stream`): this process unpickles them
between its own batches, not all at the end while the other core idles. Each artifact's
sha256 (for `manifest.json`) is taken by the process that made it, as it goes
(`Emitting.digests`): not on one core once everything is made. If
anything goes wrong anywhere, every emitter runs again here on the whole build, in
order, so an error surfaces exactly as in a serial run (same exception, same emitter
named). Serial below `parallel.EMIT_PROGRAMMES` programmes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from policyc import parallel
from policyc.emit.base import WHOLE, Part

if TYPE_CHECKING:
    from policyc.emit.base import Artifact, Emitter
    from policyc.model.ir import Policies

BATCH = 4  # programmes per batch: small enough to even out, large enough to be cheap

Made = list[list["Artifact"]]  # per emitter
Sums = list[list[str]]  # each artifact's sha256 (hex), as `Made`


def emit_all(
    emitters: Sequence[Emitter], policies: Policies, started: Callable[[Emitter], None]
) -> list[Artifact]:
    """Every emitter's artifacts, in emitter order; `started` is told of each emitter run
    here (for naming the emitter in an internal error)."""
    return Emitting(emitters, policies).finish(started)


class Emitting:
    """`emit_all` begun: from `parallel.EMIT_PROGRAMMES` programmes on, a forked child
    takes batches at once, so this process may do other work (a cold build's reporting
    rules and preflight: `pipeline`) before it calls `finish`, or `cancel`."""

    def __init__(self, emitters: Sequence[Emitter], policies: Policies) -> None:
        self.emitters, self.policies = emitters, policies
        self.child: parallel.Stream | None = None
        self.queue: parallel.Queue | None = None
        self.parts: list[Part] = []
        # the sha256 (hex) of each artifact `finish` returned, in order; None when not taken
        self.digests: list[str] | None = None
        if not parallel.worth(len(policies.programmes), parallel.EMIT_PROGRAMMES):
            return
        self.parts = [Part(ids, shared=False) for ids in batches(sorted(policies.programmes))]
        queue = parallel.Queue(len(self.parts))
        parts = self.parts
        child = parallel.Stream(lambda send: _send(queue, parts, emitters, policies, send))
        if child.child is None:
            queue.close()
        else:
            self.child, self.queue = child, queue

    def cancel(self) -> None:
        """Stop the child, if any (its work is not wanted)."""
        if self.child is not None:
            self.child.kill()
            self.child = None
        self._close()

    def finish(self, started: Callable[[Emitter], None]) -> list[Artifact]:
        """Every artifact: this process's share joined with the child's, or (no child, or
        anything failed) every emitter run here on the whole build, in order."""
        child, queue = self.child, self.queue
        self.child = None  # waited for by `_parallel`, whatever happens
        self.digests = None
        if child is not None and queue is not None:
            try:
                found = _parallel(self.emitters, self.policies, started, child, queue, self.parts)
            finally:
                self._close()
            if found is not None:
                artifacts, self.digests = found
                return artifacts
        return emit_part(self.emitters, self.policies, started)

    def _close(self) -> None:
        if self.queue is not None:
            self.queue.close()
            self.queue = None


def emit_part(
    emitters: Sequence[Emitter],
    policies: Policies,
    started: Callable[[Emitter], None],
    part: Part = WHOLE,
) -> list[Artifact]:
    """Every emitter's artifacts of `part`, in emitter order, made here (serially)."""
    artifacts: list[Artifact] = []
    for emitter in emitters:
        started(emitter)
        artifacts.extend(emitter.emit(policies, part))
    return artifacts


def batches(ids: Sequence[str]) -> list[frozenset[str]]:
    """The programmes cut into batches of `BATCH` (more per batch past what a
    `parallel.Queue` holds)."""
    size = max(BATCH, -(-len(ids) // parallel.Queue.LIMIT))
    return [frozenset(ids[i : i + size]) for i in range(0, len(ids), size)]


def _run(
    emitters: Sequence[Emitter],
    policies: Policies,
    part: Part,
    made: Made,
    started: Callable[[Emitter], None],
) -> None:
    for emitter, out in zip(emitters, made, strict=True):
        started(emitter)
        out.extend(emitter.emit(policies, part))


def _drain(
    queue: parallel.Queue,
    parts: Sequence[Part],
    emitters: Sequence[Emitter],
    policies: Policies,
    made: Made,
    started: Callable[[Emitter], None],
    then: Callable[[], None] = lambda: None,
) -> Made:
    """Run the emitters on batch after batch until none is left; `made` collects;
    `then` runs after each batch."""
    while (task := queue.take()) is not None:
        _run(emitters, policies, parts[task], made, started)
        then()
    return made


def _send(
    queue: parallel.Queue,
    parts: Sequence[Part],
    emitters: Sequence[Emitter],
    policies: Policies,
    send: Callable[[tuple[Made, Sums]], None],
) -> None:
    """In the child: each batch's artifacts and their digests, sent as soon as made."""
    while (task := queue.take()) is not None:
        made: Made = [[] for _ in emitters]
        _run(emitters, policies, parts[task], made, _quiet)
        send((made, [[_sha256(a) for a in out] for out in made]))


def _sha256(artifact: Artifact) -> str:
    return hashlib.sha256(artifact.data).hexdigest()


class _Digests:
    """The sha256 of every artifact made so far, by the artifact's `id` (all stay alive
    until `finish` has returned them)."""

    def __init__(self, emitters: int) -> None:
        self.by_id: dict[int, str] = {}
        self.counted = [0] * emitters  # of this process's artifacts, per emitter

    def mine(self, made: Made) -> None:
        """Hash this process's artifacts made since the last call."""
        for index, out in enumerate(made):
            for artifact in out[self.counted[index] :]:
                self.by_id[id(artifact)] = _sha256(artifact)
            self.counted[index] = len(out)

    def theirs(self, sent: list[tuple[Made, Sums]], into: list[Made]) -> None:
        """The child's batches (with the digests it took) into `into`."""
        for made, sums in sent:
            into.append(made)
            for out, digests in zip(made, sums, strict=True):
                for artifact, digest in zip(out, digests, strict=True):
                    self.by_id[id(artifact)] = digest


def _quiet(_emitter: Emitter) -> None:
    """The child names no emitter: an error there makes the parent run everything again."""


def _parallel(
    emitters: Sequence[Emitter],
    policies: Policies,
    started: Callable[[Emitter], None],
    child: parallel.Stream,
    queue: parallel.Queue,
    parts: Sequence[Part],
) -> tuple[list[Artifact], list[str]] | None:
    """Both processes take batches until none is left (the child from `Emitting` on);
    this one also makes the shared files, first, and takes the child's batches as they
    come. The artifacts and their digests; None if anything failed."""
    mine: Made = [[] for _ in emitters]
    theirs: list[Made] = []
    sums = _Digests(len(emitters))

    def between() -> None:
        sums.mine(mine)
        sums.theirs(child.poll(), theirs)

    try:
        _run(emitters, policies, Part(frozenset(), shared=True), mine, started)
        between()
        _drain(queue, parts, emitters, policies, mine, started, between)
    except BaseException as exc:
        child.kill()
        if isinstance(exc, Exception):
            return None  # the serial run raises it again, in order
        raise
    rest, complete = child.finish()
    if not complete:
        return None
    sums.theirs(rest, theirs)
    sums.mine(mine)
    artifacts: list[Artifact] = []
    for index, ours in enumerate(mine):
        found = [*ours, *(a for made in theirs for a in made[index])]
        artifacts.extend(sorted(found, key=lambda a: a.path))
    return artifacts, [sums.by_id[id(a)] for a in artifacts]
