"""Loading policy files: read, hash and parse each; on two cores a forked child loads the
second half of the files.

In: the files (or their bytes, read already) and the names diagnostics show them under.
Out: each file's documents and diagnostics, in file order, exactly as loading the files
one by one gives them. The child (see `policyc.parallel`) sends its documents back
pickled: plain values and each file's text (node trees are composed again from it only
when a position is needed), cheaper to unpickle than to load again. If the child fails,
its files are loaded here, so any error surfaces as in a serial run. Serial below
`parallel.LOAD_FILES` files.
"""

from __future__ import annotations

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

# a file's documents, diagnostics and `inputs.file_digest` (None if unread or a test file)
Loaded = tuple[list[Document], list[Diagnostic], bytes | None]


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
) -> list[R]:
    if not parallel.worth(len(items), parallel.LOAD_FILES):
        return _serial(items, names, load, started)
    half = len(items) // 2
    mine, theirs = parallel.split(  # after an error here, no file after it matters
        lambda: _serial(items[:half], names[:half], load, started),
        lambda: _serial(items[half:], names[half:], load, lambda _name: None),
        lambda: _serial(items[half:], names[half:], load, started),
    )
    return [*mine, *theirs]


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
