"""Strict YAML 1.2 loader: bytes → `Document`s, or located PC1xx diagnostics.

PyYAML's defaults follow YAML 1.1 and silently corrupt policy data (`NO` → False,
`9:00` → 540, `017` → 15, duplicate keys → last wins). Here the C parser's events are
composed into nodes by `load.composer` (iterative, bounded in depth and size) with a
YAML 1.2 core-schema resolver (an empty value is null), and our own constructor turns
nodes into plain values while rejecting duplicate, empty and non-string keys, merge keys,
custom tags, standard tags that do not fit their value, integers beyond MAX_INT_DIGITS,
alias bombs and deep nesting. A file provably within those bounds is composed by the C
composer instead (`_load_fast`, faster: `benchmarks/README.md`), with the same result. Where libyaml refuses
valid YAML 1.2 that policy files plausibly hold (a tab on a blank line), the text is
repaired and read again; what it still gets wrong is listed in tests/test_yaml_suite.py.
"""

from __future__ import annotations

import itertools
import math
import re
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from policyc.diagnostics import Diagnostic, Span
from policyc.load.composer import BoundedComposer, ComposeLimit
from policyc.load.document import Document, NodeSource, node_span


class _PyParser(Reader, Scanner, Parser, Composer):
    """PyYAML's pure-Python parser: it has no nesting limit of its own, so policyc's
    bounds (`BoundedComposer`) are the ones that fire on a file libyaml gave up on."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)

    def dispose(self) -> None:
        return None


try:  # the C parser is much faster; fall back to the pure-Python one
    from yaml._yaml import CParser as _Parser

    _CParser: type | None = _Parser
except ImportError:  # pragma: no cover
    _CParser = None
    _Parser = _PyParser  # type: ignore[misc, assignment]


MAX_DEPTH = 64
MAX_ALIAS_EXPANSION = 100_000
MAX_ALIAS_CHARS = 1_000_000  # characters of scalar text aliases may repeat, per document
MAX_NODES = 100_000  # per file; the largest real policy file has about 1,000
# Integers have at most this many digits (|n| < 10**18, within a signed 64-bit integer and
# far beyond any policy number); longer digit strings are refused before they are parsed.
MAX_INT_DIGITS = 18
_MAX_INT_TEXT = 64
MAX_DOCUMENTS = 1_000  # per file
# The fast path (see `_load_fast`) takes a file only when these bound its node count and
# nesting far below what its C composer survives (it recurses per level and crashes near
# 20,000 levels): a node needs at least half a character, and every collection at least
# one of the characters `[{-?:` (the largest real policy file has 846 of them).
FAST_MAX_CHARS = MAX_NODES // 2
FAST_MAX_NESTING = 5_000
# The C composer resolves a scalar with the non-specific tag `!` like an untagged one
# (`! 017` → 17): files that may hold that tag take the bounded path, which keeps a string.
_NON_SPECIFIC_TAG = re.compile(r"(?:^|[\s\[{,])!(?=[\s\]},]|$)")

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
MERGE = "tag:yaml.org,2002:merge"
_ALLOWED_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL, SEQ, MAP, "!"})
_SCALAR_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL, "!"})

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1023-core-schema), matched in full
# (`fullmatch`: `$` would let a quoted `!!int "12\n"` through) and ASCII digits only.
_NULL_RE = re.compile(r"~|null|Null|NULL|")
_BOOL_RE = re.compile(r"true|True|TRUE|false|False|FALSE")
_INT_RE = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT_RE = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
# An explicitly tagged scalar must be written as the core schema resolves a plain scalar to
# that tag (quoted or not): `!!int "0x1A"` is 26, `!!float 1` is 1.0, `!!str 123` is "123";
# `!!bool yes`, `!!int 1.5` or `!!null text` are PC114.
_TAG_FORMS = {NULL: _NULL_RE, BOOL: _BOOL_RE, INT: _INT_RE, FLOAT: _FLOAT_RE}
_TAG_NAMES = {NULL: "!!null", BOOL: "!!bool", INT: "!!int", FLOAT: "!!float", SEQ: "!!seq"}
_TAG_NAMES |= {MAP: "!!map", STR: "!!str"}


def _resolve_plain(value: str) -> str:
    first = value[:1]
    if first and first in "0123456789-+.":
        if _INT_RE.fullmatch(value):
            return INT
        if _FLOAT_RE.fullmatch(value):
            return FLOAT
        return STR
    if _NULL_RE.fullmatch(value):
        return NULL
    if first in "tTfF" and _BOOL_RE.fullmatch(value):
        return BOOL
    return STR


class LoadError(Exception):
    """A located reason this document cannot be turned into a value."""

    def __init__(self, code: str, message: str, node: Node, hint: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.node, self.hint = code, message, node, hint


def _scalar(node: ScalarNode) -> Any:
    tag, text = node.tag, node.value
    if tag == STR or tag == "!":
        return text
    form = _TAG_FORMS[tag]
    if not form.fullmatch(text):
        raise LoadError(
            "PC114",
            f"{_shown(text)} is not a valid {_TAG_NAMES[tag]} value",
            node,
            f"write the value as YAML 1.2 writes a {_TAG_NAMES[tag]}, or remove the tag",
        )
    if tag == NULL:
        return None
    if tag == BOOL:
        return text.lower() == "true"
    if tag == INT:
        return _integer(node, text)
    low = text.lower()
    if low.endswith("inf"):
        return -math.inf if low.startswith("-") else math.inf
    if low == ".nan":
        return math.nan
    number = float(text)
    if math.isinf(number):  # `1e400`: only `.inf` means infinity
        raise LoadError(
            "PC115",
            f"number {_shown(text)} is too large (beyond a 64-bit float)",
            node,
            "policy numbers are small: check the value, or quote it to keep it as text",
        )
    return number


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "…")


def _integer(node: ScalarNode, text: str) -> int:
    """An integer of the core schema (decimal, `0o` octal, `0x` hex) within MAX_INT_DIGITS."""
    base = {"0o": 8, "0x": 16}.get(text[:2], 10)
    digits = text[2:] if base != 10 else text.lstrip("+-")
    value = int(digits, base) if len(digits) <= _MAX_INT_TEXT else None
    if value is None or value >= 10**MAX_INT_DIGITS:
        raise LoadError(
            "PC115",
            f"integer {_shown(text)} has more than {MAX_INT_DIGITS} digits",
            node,
            "policy numbers are small: check the value, or quote it to keep it as text",
        )
    return -value if text.startswith("-") else value


class _Constructor:
    """Turns a composed node graph into plain dict/list/str/int/float/bool/None values.

    Aliases are bounded by what they expand to: the nodes they repeat (MAX_ALIAS_EXPANSION)
    and the characters of scalar text they repeat (MAX_ALIAS_CHARS), so neither an alias
    bomb of small nodes nor a few thousand aliases of one long text can blow up later stages.
    """

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.sizes: dict[int, tuple[int, int]] = {}  # collection → (nodes, characters)
        self.expanded = 0
        self.expanded_chars = 0
        self.copying = 0  # > 0 while building the copy an alias stands for: counted already

    def build(self, node: Node, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise LoadError(
                "PC108",
                f"nesting deeper than {MAX_DEPTH} levels",
                node,
                "flatten the structure; policy documents never need this depth",
            )
        ident = id(node)
        alias = ident in self.seen
        if alias and not self.copying:
            self._count_alias(node)
        self.seen.add(ident)
        if type(node) is ScalarNode:  # the common case first: no size kept for scalars
            if node.tag == STR:
                return node.value
            self._check_tag(node)
            return _scalar(node)
        self._check_tag(node)
        self.copying += alias
        try:
            if isinstance(node, SequenceNode):
                result: Any = [self.build(child, depth + 1) for child in node.value]
                children = node.value
            else:
                assert isinstance(node, MappingNode)
                result = self._mapping(node, depth)
                children = [part for pair in node.value for part in pair]
        finally:
            self.copying -= alias
        if not alias:  # what the node stands for, wherever an alias repeats it
            nodes, chars = 1, 0
            for child in children:
                n, c = self._size(child)
                nodes, chars = nodes + n, chars + c
            self.sizes[id(node)] = (nodes, chars)
        return result

    def _size(self, node: Node) -> tuple[int, int]:
        """The nodes and characters of scalar text `node` stands for (once built)."""
        if type(node) is ScalarNode:
            return 1, len(node.value)
        return self.sizes.get(id(node), (1, 0))

    def _count_alias(self, node: Node) -> None:
        nodes, chars = self._size(node)
        self.expanded += nodes
        self.expanded_chars += chars
        if self.expanded > MAX_ALIAS_EXPANSION:
            raise LoadError(
                "PC107",
                f"aliases expand to more than {MAX_ALIAS_EXPANSION} nodes",
                node,
                "an alias bomb or runaway anchors: write the data out or use fewer aliases",
            )
        if self.expanded_chars > MAX_ALIAS_CHARS:
            raise LoadError(
                "PC107",
                f"aliases expand to more than {MAX_ALIAS_CHARS:,} characters of text",
                node,
                "aliases repeat long text: write it once, or use fewer aliases",
            )

    @staticmethod
    def _check_tag(node: Node) -> None:
        tag = node.tag
        if tag == MERGE:
            raise LoadError(
                "PC111",
                "merge keys ('!!merge') are not supported",
                node,
                "YAML 1.2 has no merge keys: write the keys out in full",
            )
        if tag not in _ALLOWED_TAGS:
            raise LoadError(
                "PC110",
                f"unsupported tag '{tag}'",
                node,
                "policy files are plain data: remove the tag (only standard YAML types allowed)",
            )
        if isinstance(node, ScalarNode):
            fits = tag in _SCALAR_TAGS
        elif isinstance(node, SequenceNode):
            fits = tag in (SEQ, "!")
        else:
            fits = tag in (MAP, "!")
        if not fits:
            what = {ScalarNode: "a scalar", SequenceNode: "a sequence"}.get(type(node), "a mapping")
            raise LoadError(
                "PC114",
                f"{_TAG_NAMES[tag]} cannot tag {what}",
                node,
                f"remove the tag, or write the value as a {_TAG_NAMES[tag][2:]}",
            )

    def _mapping(self, node: MappingNode, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        keys: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE:
                self._check_tag(key_node)
            if not isinstance(key_node, ScalarNode) or key_node.tag not in (STR, "!"):
                shown = key_node.value if isinstance(key_node, ScalarNode) else "a collection"
                what = {INT: "an integer", FLOAT: "a number", BOOL: "a boolean", NULL: "null"}
                hint = "keys must be strings: quote the key"
                if key_node.tag == NULL and not key_node.value:
                    shown, hint = "(empty)", "write the key: an empty key is null in YAML 1.2"
                raise LoadError(
                    "PC106",
                    f"mapping key {shown!r} is {what.get(key_node.tag, 'not a string')}",
                    key_node,
                    hint,
                )
            key = key_node.value
            if not key:
                raise LoadError(
                    "PC106",
                    "mapping key is the empty string",
                    key_node,
                    "write the key: policy keys are never empty",
                )
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
    # a BOM, or a NUL as first or second byte: UTF-16 or UTF-32 (with or without a BOM)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:2]:
        return None, Diagnostic(
            "PC101",
            "file is UTF-16 or UTF-32 encoded, policy files must be UTF-8",
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
    lines = text.split("\n")
    if line > len(lines):  # libyaml ends a last line without a line break with one of its own
        line, col = len(lines), len(lines[-1]) + 1
    problem = exc.problem or "invalid YAML"
    source_line = lines[line - 1]
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


def _fast_eligible(text: str) -> bool:
    return (
        _CParser is not None
        and len(text) <= FAST_MAX_CHARS
        and text.count("---") < MAX_DOCUMENTS
        and sum(text.count(c) for c in "[{-?:") <= FAST_MAX_NESTING
        and not ("!" in text and _NON_SPECIFIC_TAG.search(text))
    )


if _CParser is not None:

    class _FastComposer(_CParser):  # type: ignore[misc, valid-type]
        """The C parser and composer with a YAML 1.2 core resolver in place of PyYAML's."""

        def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
            if kind is ScalarNode:
                return _resolve_plain(value) if implicit[0] else STR
            return SEQ if kind is SequenceNode else MAP

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            return None

        def ascend_resolver(self) -> None:
            return None


def _compose(text: str, count: int) -> list[Node]:
    """The node trees of the first `count` documents of a text that loaded before."""
    if _fast_eligible(text):
        parser = _FastComposer(text)
        nodes: list[Node] = []
        try:
            while len(nodes) < count and parser.check_node():
                nodes.append(parser.get_node())
            return nodes
        except yaml.YAMLError:  # a redefined anchor, which the C composer refuses
            pass
        finally:
            parser.dispose()
    bounded = _Parser(text)
    try:
        composer = BoundedComposer(
            bounded,
            _resolve_plain,
            max_depth=MAX_DEPTH,
            max_nodes=MAX_NODES,
            max_documents=MAX_DOCUMENTS,
        )
        return list(itertools.islice(composer.documents(), count))
    finally:
        bounded.dispose()


def node_source(text: str) -> NodeSource:
    """The positions of a file's documents, composed from `text` when first asked for (a
    file's documents kept in a cache get their positions this way)."""
    return NodeSource(text, _compose)


def _load_fast(text: str, file: str) -> list[Document] | None:
    """The common case: a well-formed file within every limit, composed by the C composer
    (faster than `BoundedComposer`). None on any problem, so the bounded path loads
    the file again and reports it exactly as for any other file; where this path
    succeeds, the bounded one builds the same nodes and values."""
    source = NodeSource(text, _compose)
    docs: list[Document] = []
    try:
        parser = _FastComposer(text)
        try:
            while parser.check_node():
                node = parser.get_node()
                docs.append(Document(file, len(docs), _Constructor().build(node), source))
        finally:
            parser.dispose()
    except Exception:  # any error or limit: leave it to the bounded path
        return None
    return docs or None


def load_text(text: str, file: str) -> tuple[list[Document], list[Diagnostic]]:
    """Parse one file's text into documents (one per `---` section)."""
    # each tab on a blank line libyaml refuses costs a parse: bounded in count and in work
    repairs = min(MAX_TAB_REPAIRS, TAB_REPAIR_CHARS // max(len(text), 1))
    for _ in range(repairs):
        try:
            return _load_text(text, file, repair=True)
        except _BlankLineTab as tab:
            text = tab.repaired
    return _load_text(text, file, repair=False)


MAX_TAB_REPAIRS = 100
TAB_REPAIR_CHARS = 4_000_000
_BLANK_LINE = re.compile(r"[ \t]*(?:#.*)?")


class _BlankLineTab(Exception):
    """libyaml refused a tab on a line holding only white space or a comment, which YAML 1.2
    allows (`foo: 1\n\t\nbar: 2`): `repaired` is the text without that line's tabs."""

    def __init__(self, repaired: str) -> None:
        super().__init__("tab on a blank line")
        self.repaired = repaired


def _untab_blank_line(exc: yaml.MarkedYAMLError, text: str) -> str | None:
    """The text with the tabs of the blank or comment line `exc` stopped at removed, or None
    when the error is anything else. Only errors between tokens qualify: a tab that libyaml
    refuses inside a block scalar is content (or an error) there, never removed."""
    mark = exc.problem_mark
    problem = exc.problem or ""
    if mark is None or "indentation space is expected" in problem:
        return None
    index = getattr(mark, "index", None)
    if not isinstance(index, int) or index >= len(text) or text[index] != "\t":
        return None
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    end = len(text) if end < 0 else end
    line = text[start:end].rstrip("\r")
    if not _BLANK_LINE.fullmatch(line):
        return None
    body = line.lstrip(" \t")
    lead = line[: len(line) - len(body)].replace("\t", "")
    return text[:start] + lead + body + text[start + len(line) :]


def _load_text(text: str, file: str, *, repair: bool) -> tuple[list[Document], list[Diagnostic]]:
    if _fast_eligible(text):
        fast = _load_fast(text, file)
        if fast is not None:
            return fast, []
    docs, diags = _load_bounded(text, file, _Parser, repair=repair)
    # libyaml has limits of its own (a nesting depth since PyYAML 6.0.4's build) that differ
    # between releases: where policyc's own bounds could apply, they decide.
    if (
        _CParser is not None
        and diags
        and diags[0].code in ("PC103", "PC104")
        and sum(text.count(c) for c in "[{-?:") > MAX_DEPTH
    ):
        again = _load_bounded(text, file, _PyParser, repair=False)
        if again[1] and again[1][0].code in _LIMIT_CODES:
            return again
    return docs, diags


_LIMIT_CODES = frozenset({"PC107", "PC108", "PC109"})


def _load_bounded(
    text: str, file: str, parser_class: type, *, repair: bool
) -> tuple[list[Document], list[Diagnostic]]:
    """Load through `BoundedComposer`, which reports every limit and error it meets; with
    `repair`, a tab on a blank line raises `_BlankLineTab` instead of a diagnostic."""
    source = NodeSource(text, _compose)
    docs: list[Document] = []
    try:
        parser = parser_class(text)
        try:
            composer = BoundedComposer(
                parser,
                _resolve_plain,
                max_depth=MAX_DEPTH,
                max_nodes=MAX_NODES,
                max_documents=MAX_DOCUMENTS,
            )
            for index, node in enumerate(composer.documents()):
                try:
                    value = _Constructor().build(node)
                except LoadError as err:
                    return docs, [
                        Diagnostic(err.code, err.message, node_span(file, err.node), hint=err.hint)
                    ]
                docs.append(Document(file, index, value, source))
        finally:
            parser.dispose()
    except ComposeLimit as err:
        kept = [] if err.code == "PC109" else docs  # too large: reject the file as a whole
        return kept, [Diagnostic(err.code, err.message, node_span(file, err.node), hint=err.hint)]
    except yaml.MarkedYAMLError as exc:
        repaired = _untab_blank_line(exc, text) if repair else None
        if repaired is not None:
            raise _BlankLineTab(repaired) from None
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


def load_bytes(data: bytes, display: str) -> tuple[list[Document], list[Diagnostic]]:
    """Parse one file's bytes (any Unicode encoding YAML allows)."""
    text, problem = _decode(data, display)
    if problem is not None or text is None:
        return [], [problem] if problem else []
    return load_text(text, display)
