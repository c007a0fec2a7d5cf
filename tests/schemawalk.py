"""Walks `schemas/`: every subschema with a `pattern`, for the tests that check them all."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def _walk(node: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            yield pointer, node
        for key, value in node.items():
            yield from _walk(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{pointer}/{i}")


def patterned() -> list[tuple[str, dict[str, Any]]]:
    """(schema file#pointer, subschema) of every subschema with a `pattern`."""
    found = []
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        found += [
            (f"{path.name}#{ptr}", node)
            for ptr, node in _walk(json.loads(path.read_text(encoding="utf-8")), "")
        ]
    return found
