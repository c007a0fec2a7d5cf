"""Loading policy files: read, hash and parse each; on two cores this process and a
forked child take batches of files in turn.

In: the files (or their bytes, read already) and the names diagnostics show them under.
Out: each file's documents and diagnostics, in file order, exactly as loading the files
one by one gives them. The child (see `policyc.parallel.Stream`) sends each batch's
documents back pickled as it finishes it: plain values and each file's text (node trees
are composed again from it only when a position is needed), cheaper to unpickle than to
load again; this process unpickles them between its own batches. Taking batches as they
go keeps both cores busy to the end, however unequal the files or the cores. If the
child fails, the batches it did not send are loaded here, and an error here first loads
every earlier batch here, so any error surfaces as in a serial run (the first file's).
Serial below `parallel.LOAD_FILES` files.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from policyc import parallel
from policyc.diagnostics import Diagnostic
from policyc.load.document import Document
from policyc.load.files import read_file
from policyc.load.inputs import file_digest
from policyc.load.yaml_loader import load_bytes

T = TypeVar("T")
R = TypeVar("R")

BATCH = 50  # files per batch: small enough to even out, large enough to be cheap

# a file's documents, diagnostics and `inputs.file_digest` (None if unread or a test file)
Loaded = tuple[list[Document], list[Diagnostic], bytes | None]
# of a file's documents, those a check (the schema's: `policyc.validate`) passes, and its findings
Checked = tuple[list[Document], list[Diagnostic]]


def load_file(path: Path, display: str) -> tuple[list[Document], list[Diagnostic]]:
    """Read and parse one file; `display` is the name used in diagnostics."""
    data = read_file(path, display)
    if isinstance(data, Diagnostic):
        return [], [data]
    return load_bytes(data, display)


def load_hashed(path: Path | str, name: str) -> Loaded:
    """Read, hash and parse one file (hashed as read: the build's input hash is of the
    very bytes it loaded, and nothing is read twice)."""
    data = read_file(path, name)
    if isinstance(data, Diagnostic):
        return [], [data], None
    docs, diags = load_bytes(data, name)
    if diags:  # a file that does not load counts as policy, as in `freshness`
        return docs, diags, file_digest(data)
    return docs, diags, file_digest(data, docs)


def load_all(
    files: Sequence[Path | str], names: Sequence[str], started: Callable[[str], None]
) -> list[Loaded]:
    """`load_hashed` of every file, in order; `started` is told of each file loaded here
    (for naming the file in an internal error)."""
    return _split(files, names, load_hashed, started)


def load_checked_all(
    files: Sequence[Path | str],
    names: Sequence[str],
    started: Callable[[str], None],
    check: Callable[[list[Document]], Checked],
    meanwhile: Callable[[list[tuple[Loaded, Checked]]], None] | None = None,
) -> list[tuple[Loaded, Checked]]:
    """`load_all`, and `check` of each file's documents by the process that loaded it
    (so the check is shared out with the loading, not run on one core after it).
    `meanwhile` is given each batch this process loads while a child loads too: work
    it does then is shared out with the loading (the child takes more batches)."""
    return _split(files, names, functools.partial(_checked, check), started, meanwhile)


def _checked(
    check: Callable[[list[Document]], Checked], path: Path | str, name: str
) -> tuple[Loaded, Checked]:
    loaded = load_hashed(path, name)
    return loaded, check(loaded[0])


def parse_all(
    datas: Sequence[bytes], names: Sequence[str], started: Callable[[str], None]
) -> list[tuple[list[Document], list[Diagnostic]]]:
    """`load_bytes` of every file's bytes (read already), in order, as `load_all`."""
    return _split(datas, names, load_bytes, started)


def _split(
    items: Sequence[T],
    names: Sequence[str],
    load: Callable[[T, str], R],
    started: Callable[[str], None],
    meanwhile: Callable[[list[R]], None] | None = None,
) -> list[R]:
    if not parallel.worth(len(items), parallel.LOAD_FILES):
        return _serial(items, names, load, started)
    size = max(BATCH, -(-len(items) // parallel.Queue.LIMIT))
    spans = [slice(i, i + size) for i in range(0, len(items), size)]
    queue = parallel.Queue(len(spans))

    def batch(task: int, told: Callable[[str], None]) -> list[R]:
        return _serial(items[spans[task]], names[spans[task]], load, told)

    def theirs(send: Callable[[tuple[int, list[R]]], None]) -> None:
        while (task := queue.take()) is not None:
            send((task, batch(task, _quiet)))

    stream = parallel.Stream(theirs)
    done: dict[int, list[R]] = {}
    failed: tuple[int, Exception] | None = None
    try:
        if stream.child is not None:
            while (task := queue.take()) is not None:
                try:
                    done[task] = batch(task, started)
                except Exception as exc:
                    failed = (task, exc)
                    break
                if meanwhile is not None:
                    meanwhile(done[task])
                done.update(stream.poll())
    except BaseException:
        stream.kill()
        raise
    finally:
        queue.close()
    if failed is not None:
        stream.kill()
        for task in range(failed[0] + 1):  # a serial run's first error is the one raised
            if task not in done:
                done[task] = batch(task, started)
        raise failed[1]
    sent, _complete = stream.finish()
    done.update(sent)
    for task in range(len(spans)):  # the child failed: its share loaded here
        if task not in done:
            done[task] = batch(task, started)
    return [loaded for task in range(len(spans)) for loaded in done[task]]


def _quiet(_name: str) -> None:
    """The child names no file: an error there makes this process load it again."""


def _serial(
    items: Sequence[T],
    names: Sequence[str],
    load: Callable[[T, str], R],
    started: Callable[[str], None],
) -> list[R]:
    loaded = []
    for item, name in zip(items, names, strict=True):
        started(name)
        loaded.append(load(item, name))
    return loaded
