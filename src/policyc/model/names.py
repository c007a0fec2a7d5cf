"""Ids become file and directory names, so every id must be one on every platform.

In: the builder's documents. Out: PC327 for each id that Windows reserves as a device
name. The schema's slug pattern (`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`, at most 64 characters)
already rules out `../`, `/`, `.`, `\\`, upper case and over-long ids; it still allows
`con`, `prn`, `aux`, `nul`, `com0`…`com9` and `lpt0`…`lpt9`, which Windows cannot create
as files, with or without an extension (`con.html`), so a checkout of `generated/` fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policyc.model.context import Builder, at

RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{dev}{n}" for dev in ("com", "lpt") for n in range(10)}
)


def _ids(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every `id:` of a document (definitions; references are checked through them)."""
    if isinstance(value, dict):
        found = value.get("id")
        if isinstance(found, str):
            yield (*path, "id"), found
        for key, child in value.items():
            if isinstance(child, dict | list):
                yield from _ids(child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _ids(child, (*path, i))


def _any_reserved(value: Any) -> bool:
    """Whether a reserved id occurs anywhere (a quick scan; paths only when one does).
    A loop over a stack, not a recursion: this visits every node of every document."""
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            found = item.get("id")
            if isinstance(found, str) and found in RESERVED:
                return True
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return False


def check_reserved_ids(b: Builder) -> None:
    for doc in b.docs:
        if doc.kind == "Catalog" or not _any_reserved(doc.value):  # catalogs: keys, not ids
            continue
        for path, name in _ids(doc.value, ()):
            if name in RESERVED:
                b.ctx.report(
                    "PC327",
                    f"id '{name}' is a reserved device name on Windows and cannot name a file",
                    at(doc, *path),
                    f"rename it: ids become file names in generated/, and Windows can create "
                    f"neither '{name}' nor '{name}.html'",
                )
