"""YAML events → node trees, iteratively and within hard limits.

In: a PyYAML parser (the C one when available) that yields events. Out: one node tree per
document, or a `ComposeLimit` naming the event where a limit was crossed.

PyYAML's own composer recurses once per nesting level (in C for the C parser), so a file
of a million `[` crashes the interpreter, and it builds every node of a file before
anyone can count them: a flow list of a few MB of one-letter items takes most of a
minute and gigabytes of memory (`benchmarks/README.md`). This
composer keeps an explicit stack, stops at `max_depth` levels, `max_nodes` nodes and
`max_documents` documents per file, and reports aliases into their own open anchor. An
anchor may be defined again: aliases after the second definition refer to the second node.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)
from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode

SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
STR = "tag:yaml.org,2002:str"


class ComposeLimit(Exception):
    """A limit was crossed at `mark`: PC107 (recursive alias), PC108 (depth), PC109 (size)."""

    def __init__(self, code: str, message: str, start_mark: Any, end_mark: Any, hint: str):
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint
        self.node = ScalarNode(STR, "", start_mark, end_mark)


@dataclass
class _Frame:
    node: CollectionNode
    items: list[Node] = field(default_factory=list)


class BoundedComposer:
    """Composes every document of one parser's event stream, sharing one node budget."""

    def __init__(
        self,
        parser: Any,
        resolve: Callable[[str], str],
        *,
        max_depth: int,
        max_nodes: int,
        max_documents: int,
    ) -> None:
        self.parser = parser
        self.resolve = resolve  # plain scalar text → tag (the YAML 1.2 core schema)
        self.max_depth = max_depth  # deepest collection allowed; the root is at depth 0
        self.max_nodes = max_nodes
        self.max_documents = max_documents
        self.nodes = 0

    def documents(self) -> Iterator[Node]:
        parser = self.parser
        parser.get_event()  # StreamStartEvent
        count = 0
        while not parser.check_event(StreamEndEvent):
            start = parser.get_event()
            assert isinstance(start, DocumentStartEvent)
            count += 1
            if count > self.max_documents:
                raise ComposeLimit(
                    "PC109",
                    f"file has more than {self.max_documents:,} YAML documents",
                    start.start_mark,
                    start.end_mark,
                    "split the file; a policy file holds a few documents at most",
                )
            node = self._document()
            parser.get_event()  # DocumentEndEvent
            yield node
        parser.get_event()

    def _count(self, event: Any) -> None:
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise ComposeLimit(
                "PC109",
                f"file has more than {self.max_nodes:,} YAML nodes",
                event.start_mark,
                event.end_mark,
                "split the file; policy files are small",
            )

    def _document(self) -> Node:
        anchors: dict[str, Node] = {}
        stack: list[_Frame] = []
        open_ids: set[int] = set()
        get_event = self.parser.get_event
        while True:
            event = get_event()
            start: Any = event.start_mark
            end: Any = event.end_mark
            node: Node
            if isinstance(event, AliasEvent):
                self._count(event)
                found = anchors.get(event.anchor or "")
                if found is None:
                    raise ComposerError(
                        None, None, f"found undefined alias {event.anchor!r}", start
                    )
                if id(found) in open_ids:
                    raise ComposeLimit(
                        "PC107",
                        f"alias *{event.anchor} refers to a collection that contains it",
                        start,
                        end,
                        "a recursive alias expands forever: write the data out",
                    )
                node = found
            elif isinstance(event, ScalarEvent):
                self._count(event)
                tag = event.tag
                if tag is None:
                    tag = self.resolve(event.value) if event.implicit[0] else STR
                elif tag == "!":
                    tag = STR  # the non-specific tag: always a string
                node = ScalarNode(tag, event.value, start, end, event.style)
                self._anchor(anchors, event, node)
            elif isinstance(event, CollectionStartEvent):
                self._count(event)
                if len(stack) > self.max_depth:
                    raise ComposeLimit(
                        "PC108",
                        f"nesting deeper than {self.max_depth} levels",
                        event.start_mark,
                        event.end_mark,
                        "flatten the structure; policy documents never need this depth",
                    )
                mapping = isinstance(event, MappingStartEvent)
                tag = event.tag if event.tag not in (None, "!") else (MAP if mapping else SEQ)
                cls = MappingNode if mapping else SequenceNode
                node = cls(tag, [], start, None, event.flow_style)
                self._anchor(anchors, event, node)
                if stack:
                    stack[-1].items.append(node)
                stack.append(_Frame(node))
                open_ids.add(id(node))
                continue
            elif isinstance(event, SequenceEndEvent | MappingEndEvent):
                frame = stack.pop()
                open_ids.discard(id(frame.node))
                frame.node.end_mark = end
                if isinstance(frame.node, MappingNode):
                    items = frame.items
                    frame.node.value = list(zip(items[::2], items[1::2], strict=True))
                else:
                    frame.node.value = frame.items
                if not stack:
                    return frame.node
                continue
            else:  # pragma: no cover - the parser only yields the events above here
                raise ComposerError(None, None, f"unexpected {type(event).__name__}", None)
            if not stack:
                return node
            stack[-1].items.append(node)

    @staticmethod
    def _anchor(anchors: dict[str, Node], event: Any, node: Node) -> None:
        """Record an anchor; a redefined anchor names the later node from here on (YAML 1.2,
        spec example 7.1)."""
        if event.anchor is not None:
            anchors[event.anchor] = node
