"""A loaded YAML document: its plain value plus the composed node tree for positions.

Positions are looked up lazily by path, so the happy path pays nothing for them: the
node tree is not even kept, but composed again from the file's text when a position is
first asked for (a diagnostic). Kept, the trees of 1,000 files are about 600,000 objects
that the garbage collector would traverse again and again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from policyc.diagnostics import Span

KeyPath = Sequence[str | int]


def node_span(file: str, node: yaml.Node) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(file, start.line + 1, start.column + 1, end.line + 1, end.column + 1)


class NodeSource:
    """One file's text and how to compose it: the node trees of its documents, built on
    first use. `compose(text, count)` returns the trees of the first `count` documents."""

    __slots__ = ("_compose", "_nodes", "text")

    def __init__(self, text: str, compose: Callable[[str, int], list[yaml.Node]]) -> None:
        self.text = text
        self._compose = compose
        self._nodes: list[yaml.Node] = []

    def node(self, index: int) -> yaml.Node:
        if index >= len(self._nodes):
            self._nodes = self._compose(self.text, index + 1)
        return self._nodes[index]


@dataclass(frozen=True, slots=True)
class Document:
    """One YAML document of a policy file."""

    file: str
    index: int
    value: Any
    source: NodeSource

    @property
    def node(self) -> yaml.Node:
        """The document's node tree (composed again from the file's text on first use)."""
        return self.source.node(self.index)

    @property
    def kind(self) -> str | None:
        v = self.value.get("kind") if isinstance(self.value, dict) else None
        return v if isinstance(v, str) else None

    @property
    def owner(self) -> str | None:
        """The programme the document belongs to (its own id for a Programme), if named."""
        if not isinstance(self.value, dict):
            return None
        owner = self.value.get("id") if self.kind == "Programme" else self.value.get("programme")
        return owner if isinstance(owner, str) else None

    def _walk(self, path: KeyPath) -> tuple[yaml.Node, yaml.Node | None, bool]:
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

    def node_at(self, path: KeyPath) -> yaml.Node | None:
        node, _, complete = self._walk(path)
        return node if complete else None

    def span(self, path: KeyPath = (), *, key: bool = False) -> Span:
        """Where the value at `path` is (or its key, with `key=True`).

        Stops at the deepest node that exists, so a missing property points at its parent.
        """
        node, key_node, complete = self._walk(path)
        if complete and key and key_node is not None:
            return node_span(self.file, key_node)
        return node_span(self.file, node)
