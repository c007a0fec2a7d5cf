"""Strict YAML 1.2 loader: bytes → `Document`s, or located PC1xx diagnostics.

PyYAML's defaults follow YAML 1.1 and silently corrupt policy data (`NO` → False,
`9:00` → 540, `017` → 15, duplicate keys → last wins). Here the C parser composes nodes
with a YAML 1.2 core-schema resolver, and our own constructor turns nodes into plain
values while rejecting duplicate and non-string keys, merge keys, custom tags, alias
bombs and deep nesting.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path as FsPath
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from policyc.diagnostics import Diagnostic, Span
from policyc.load.document import Document, node_span

try:  # the C parser is ~10x faster; fall back to the pure-Python one
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

        def dispose(self) -> None:
            return None


MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIAS_EXPANSION = 100_000

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
_ALLOWED_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL, SEQ, MAP, "!"})

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1023-core-schema)
_NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT_RE = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT_RE = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


def _resolve_plain(value: str) -> str:
    first = value[:1]
    if first in "0123456789-+.":
        if _INT_RE.match(value):
            return INT
        if _FLOAT_RE.match(value):
            return FLOAT
        return STR
    if _NULL_RE.match(value):
        return NULL
    if first in "tTfF" and _BOOL_RE.match(value):
        return BOOL
    return STR


class _Composer(_Parser):
    """The C parser with a YAML 1.2 core resolver in place of PyYAML's 1.1 one."""

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _resolve_plain(value) if implicit[0] else STR
        return SEQ if kind is SequenceNode else MAP

    # The Python parser's Composer calls these; the C parser ignores them.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


class LoadError(Exception):
    """A located reason this document cannot be turned into a value."""

    def __init__(self, code: str, message: str, node: Node, hint: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.node, self.hint = code, message, node, hint


def _scalar(node: ScalarNode) -> Any:
    tag, text = node.tag, node.value
    if tag == STR or tag == "!":
        return text
    if tag == NULL:
        return None
    if tag == BOOL:
        return text.lower() == "true"
    if tag == INT:
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        return int(text)
    low = text.lower()
    if low.endswith("inf"):
        return -math.inf if low.startswith("-") else math.inf
    if low == ".nan":
        return math.nan
    return float(text)


class _Constructor:
    """Turns a composed node graph into plain dict/list/str/int/float/bool/None values."""

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.sizes: dict[int, int] = {}
        self.expanded = 0

    def build(self, node: Node, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise LoadError(
                "PC108",
                f"nesting deeper than {MAX_DEPTH} levels",
                node,
                "flatten the structure; policy documents never need this depth",
            )
        if node.tag not in _ALLOWED_TAGS:
            raise LoadError(
                "PC110",
                f"unsupported tag '{node.tag}'",
                node,
                "policy files are plain data: remove the tag (only standard YAML types allowed)",
            )
        ident = id(node)
        if ident in self.seen and not isinstance(node, ScalarNode):
            self.expanded += self.sizes.get(ident, 1)
            if self.expanded > MAX_ALIAS_EXPANSION:
                raise LoadError(
                    "PC107",
                    f"aliases expand to more than {MAX_ALIAS_EXPANSION} nodes",
                    node,
                    "an alias bomb or runaway anchors: write the data out or use fewer aliases",
                )
        self.seen.add(ident)
        if isinstance(node, ScalarNode):
            return _scalar(node)
        before = self.expanded
        if isinstance(node, SequenceNode):
            result: Any = [self.build(child, depth + 1) for child in node.value]
            size = 1 + sum(self.sizes.get(id(c), 1) for c in node.value)
        else:
            assert isinstance(node, MappingNode)
            result = self._mapping(node, depth)
            size = 1 + sum(self.sizes.get(id(v), 1) + 1 for _, v in node.value)
        self.sizes[ident] = size + (self.expanded - before)
        return result

    def _mapping(self, node: MappingNode, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        keys: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in (STR, "!"):
                shown = key_node.value if isinstance(key_node, ScalarNode) else "a collection"
                what = {INT: "an integer", FLOAT: "a number", BOOL: "a boolean", NULL: "null"}
                raise LoadError(
                    "PC106",
                    f"mapping key {shown!r} is {what.get(key_node.tag, 'not a string')}",
                    key_node,
                    "keys must be strings: quote the key",
                )
            key = key_node.value
            if key == "<<" and not key_node.style:
                raise LoadError(
                    "PC111",
                    "merge keys ('<<') are not supported",
                    key_node,
                    "YAML 1.2 has no merge keys: write the keys out in full",
                )
            if key in keys:
                first = keys[key].start_mark
                raise LoadError(
                    "PC105",
                    f"duplicate key '{key}' (first defined at line {first.line + 1})",
                    key_node,
                    "remove one of the two; YAML would silently keep only the last",
                )
            keys[key] = key_node
            out[key] = self.build(value_node, depth + 1)
        return out


def _decode(data: bytes, file: str) -> tuple[str | None, Diagnostic | None]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and data[1:2] == b"\x00"):
        return None, Diagnostic(
            "PC101",
            "file is UTF-16 encoded, policy files must be UTF-8",
            Span(file),
            hint="re-save the file as UTF-8",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, Diagnostic(
            "PC101",
            f"invalid UTF-8 byte 0x{data[exc.start]:02x}",
            Span(file, line, col),
            hint="re-save the file as UTF-8",
        )
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        col = nul - (text.rfind("\n", 0, nul) + 1) + 1
        return None, Diagnostic(
            "PC102", "NUL byte in file", Span(file, line, col), hint="remove the NUL character"
        )
    return text, None


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, text: str, file: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    source_line = text.split("\n")[line - 1] if line <= text.count("\n") + 1 else ""
    indent = source_line[: len(source_line) - len(source_line.lstrip(" \t"))]
    if "\t" in indent or "\\t" in problem:
        return Diagnostic(
            "PC104",
            "tab character in indentation",
            Span(file, line, col),
            hint="YAML indents with spaces only: replace the tab with spaces",
        )
    message = problem
    if exc.context:
        message = f"{exc.context}, {problem}"
    return Diagnostic(
        "PC103",
        f"YAML syntax error: {message}",
        Span(file, line, col),
        hint="check indentation, colons and quotes around this point",
    )


def load_text(text: str, file: str) -> tuple[list[Document], list[Diagnostic]]:
    """Parse one file's text into documents (one per `---` section)."""
    docs: list[Document] = []
    try:
        parser = _Composer(text)
        try:
            index = 0
            while parser.check_node():
                node = parser.get_node()
                if node is None:
                    break
                try:
                    value = _Constructor().build(node)
                except LoadError as err:
                    return docs, [
                        Diagnostic(err.code, err.message, node_span(file, err.node), hint=err.hint)
                    ]
                docs.append(Document(file, index, value, node))
                index += 1
        finally:
            parser.dispose()
    except yaml.MarkedYAMLError as exc:
        return docs, [_syntax_diagnostic(exc, text, file)]
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        return docs, [
            Diagnostic(
                "PC102",
                f"control character U+{exc.character:04X} is not allowed in YAML",
                Span(file, line, col),
                hint="remove the character, or write it as an escape in a double-quoted string",
            )
        ]
    except (yaml.YAMLError, RecursionError) as exc:
        return docs, [Diagnostic("PC103", f"YAML error: {exc}", Span(file))]
    if not docs:
        return docs, [
            Diagnostic(
                "PC112",
                "file holds no YAML document",
                Span(file),
                hint="add `apiVersion: policyc/v1` and `kind: ...`, or delete the file",
            )
        ]
    return docs, []


def load_file(path: FsPath, display: str) -> tuple[list[Document], list[Diagnostic]]:
    """Read and parse one file; `display` is the name used in diagnostics."""
    try:
        if not path.is_file():
            return [], [Diagnostic("PC113", "not a regular file", Span(display))]
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return [], [
                Diagnostic(
                    "PC109",
                    f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit",
                    Span(display),
                    hint="split the file; policy files are small",
                )
            ]
        data = path.read_bytes()
    except OSError as exc:
        return [], [Diagnostic("PC113", f"cannot read file: {exc.strerror or exc}", Span(display))]
    text, problem = _decode(data, display)
    if problem is not None or text is None:
        return [], [problem] if problem else []
    return load_text(text, display)


def discover(paths: Iterable[FsPath]) -> tuple[list[FsPath], list[Diagnostic]]:
    """Expand directories into their `*.yaml`/`*.yml` files, sorted; report bad paths.

    A file reached twice (named directly and through its directory) is read once.
    """
    found: dict[FsPath, FsPath] = {}
    diags: list[Diagnostic] = []

    def add(path: FsPath) -> None:
        try:
            real = path.resolve()
        except (OSError, RuntimeError):  # symlink loop
            real = path.absolute()
        found.setdefault(real, path)

    for root in paths:
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in filenames:
                    if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                        add(FsPath(dirpath) / name)
        elif root.exists() or root.is_symlink():
            add(root)
        else:
            diags.append(Diagnostic("PC113", "no such file or directory", Span(str(root))))
    return sorted(found.values(), key=lambda p: p.as_posix()), diags


def load_paths(
    files: Iterable[FsPath], display: dict[FsPath, str] | None = None
) -> Iterator[tuple[list[Document], list[Diagnostic]]]:
    """Load each file; yields per file so callers can stream."""
    for path in files:
        name = (display or {}).get(path) or path.as_posix()
        yield load_file(path, name)
