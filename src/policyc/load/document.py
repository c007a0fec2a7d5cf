"""A loaded YAML document: its plain value plus the composed node tree for positions.

Positions are looked up lazily by path, so the happy path pays nothing for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from policyc.diagnostics import Span

Path = Sequence[str | int]


def node_span(file: str, node: yaml.Node) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(file, start.line + 1, start.column + 1, end.line + 1, end.column + 1)


@dataclass(frozen=True, slots=True)
class Document:
    """One YAML document of a policy file."""

    file: str
    index: int
    value: Any
    node: yaml.Node

    @property
    def kind(self) -> str | None:
        v = self.value.get("kind") if isinstance(self.value, dict) else None
        return v if isinstance(v, str) else None

    def _walk(self, path: Path) -> tuple[yaml.Node, yaml.Node | None, bool]:
        """The deepest node along `path`, its key node, and whether the path was complete."""
        node: yaml.Node = self.node
        key_node: yaml.Node | None = None
        for part in path:
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == part:
                        child, key_node = v, k
                        break
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                child, key_node = node.value[part], None
            if child is None:
                return node, key_node, False
            node = child
        return node, key_node, True

    def node_at(self, path: Path) -> yaml.Node | None:
        node, _, complete = self._walk(path)
        return node if complete else None

    def span(self, path: Path = (), *, key: bool = False) -> Span:
        """Where the value at `path` is (or its key, with `key=True`).

        Stops at the deepest node that exists, so a missing property points at its parent.
        """
        node, key_node, complete = self._walk(path)
        if complete and key and key_node is not None:
            return node_span(self.file, key_node)
        return node_span(self.file, node)
