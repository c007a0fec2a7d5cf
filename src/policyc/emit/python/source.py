"""Python source text for the generated package: exact literals and formatter-stable layout.

In: values (strings, numbers, dates) and small expression trees. Out: lines of Python.

Every string becomes a literal that evaluates to exactly the same text: backslashes,
quotes, newlines and every non-printable character are escaped the way `repr()` escapes
them, printable characters (Thai, CJK, emoji) are kept as they are. The quote character
is the one `ruff format` would pick (double, unless the text holds more double quotes
than single quotes).

Layout follows `ruff format` (line length 100) so the committed package passes
`ruff format --check` unchanged: an expression stays on one line when it fits, otherwise
its brackets are exploded one element per line with a trailing ("magic") comma, which
the formatter keeps. Widths count East Asian wide characters as two columns and
combining marks as none, as the formatter does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

LINE_LENGTH = 100
INDENT = "    "

_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


class _Widths(dict[str, int]):
    """Columns of each character, looked up once."""

    def __missing__(self, ch: str) -> int:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            width = 0
        else:
            width = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        self[ch] = width
        return width


_WIDTHS = _Widths()


def display_width(text: str, limit: int | None = None) -> int:
    """Columns `text` takes in a terminal (and for the formatter's line length); counting
    stops once past `limit`."""
    if text.isascii():
        return len(text)
    columns = _WIDTHS.__getitem__
    if limit is None:
        return sum(map(columns, text))
    step = max(limit + 1, 32)  # a chunk at a time: one past `limit` ends the count
    width = 0
    for start in range(0, len(text), step):
        width += sum(map(columns, text[start : start + step]))
        if width > limit:
            break
    return width


def fits(indent: str, text: str) -> bool:
    room = LINE_LENGTH - len(indent)
    if text.isascii() or 2 * len(text) <= room:  # no character takes more than two columns
        return len(text) <= room
    return display_width(text, room) <= room


def string(text: str) -> str:
    """A Python string literal equal to `text`, quoted as `ruff format` quotes it."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    if text.isprintable():  # no control characters, so only `\` and the quote to escape
        if "\\" in text:
            text = text.replace("\\", "\\\\")
        if quote in text:
            text = text.replace(quote, "\\" + quote)
        return quote + text + quote
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch == quote:
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        else:
            code = ord(ch)
            if code < 0x100:
                out.append(f"\\x{code:02x}")
            elif code < 0x10000:
                out.append(f"\\u{code:04x}")
            else:
                out.append(f"\\U{code:08x}")
    return quote + "".join(out) + quote


def comment_text(text: str) -> str:
    """`text` for a `#` comment: as is when printable and unpadded, else as a literal."""
    return text if text.isprintable() and text == text.strip() and text else string(text)


# -- expressions ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Raw:
    """An expression that is never split: a literal, a name, an attribute."""

    text: str


@dataclass(frozen=True, slots=True)
class Call:
    """`func(arg, ..., name=arg, ...)`; `None` names a positional argument."""

    func: str
    args: tuple[tuple[str | None, Node], ...]


@dataclass(frozen=True, slots=True)
class Tuple:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Dict:
    """A dict display; keys are never split (keep them short: names and literals)."""

    items: tuple[tuple[Raw, Node], ...]


Node = Raw | Call | Tuple | Dict


def lit(value: str | int | bool | date | None) -> Raw:
    """A literal: strings exactly, `date(y, m, d)` for dates, `None`, numbers, booleans."""
    if isinstance(value, str):
        return string_lit(value)
    if isinstance(value, date):
        return Raw(f"datetime.date({value.year}, {value.month}, {value.day})")
    return Raw(repr(value))


@lru_cache(maxsize=1 << 16)
def string_lit(text: str) -> Raw:
    """`lit` of a string, remembered: every module repeats the shared messages and ids
    (called directly for the hundreds of thousands of message keys and texts)."""
    return Raw(string(text))


def call(func: str, *positional: Node, **named: Node | None) -> Call:
    """A call; keyword arguments that are None are left out (they keep their default)."""
    args: list[tuple[str | None, Node]] = [(None, p) for p in positional]
    args.extend((k, v) for k, v in named.items() if v is not None)
    return Call(func, tuple(args))


def tuple_of(items: Sequence[Node]) -> Tuple:
    return Tuple(tuple(items))


def flat(node: Node) -> str:
    """The expression on one line."""
    return _flat(node, {})


def _flat(node: Node, memo: dict[int, str]) -> str:
    """`flat(node)`, remembering the text of every bracketed node by `id` in `memo` (valid
    while the tree is alive: within one `layout`), so each is built once."""
    if type(node) is Raw:
        return node.text
    found = memo.get(id(node))
    if found is not None:
        return found
    # (Raw children inline: most nodes are leaves)
    if type(node) is Call:
        parts = [
            (v.text if type(v) is Raw else _flat(v, memo))
            if k is None
            else f"{k}={v.text if type(v) is Raw else _flat(v, memo)}"
            for k, v in node.args
        ]
        text = f"{node.func}({', '.join(parts)})"
    elif type(node) is Tuple:
        items = [i.text if type(i) is Raw else _flat(i, memo) for i in node.items]
        text = f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
    else:
        assert isinstance(node, Dict)
        parts = [f"{k.text}: {v.text if type(v) is Raw else _flat(v, memo)}" for k, v in node.items]
        text = "{" + ", ".join(parts) + "}"
    memo[id(node)] = text
    return text


def _least_width(node: Node, limit: int) -> int:
    """At most the columns `flat(node)` takes (as `display_width` counts them): one for
    each character of its brackets, separators, names and ASCII texts, none for others;
    counting stops once past `limit`."""
    if type(node) is Raw:
        return len(node.text) if node.text.isascii() else 0
    if type(node) is Call:
        width = (len(node.func) if node.func.isascii() else 0) + 2 * len(node.args)  # `f(a, b)`
        for key, value in node.args:
            if width > limit:
                break
            if key is not None:
                width += len(key) + 1 if key.isascii() else 1
            width += _least_width(value, limit - width)
        return width
    if type(node) is Tuple:
        width = 2 * len(node.items) + (len(node.items) == 1)  # `(a,)`; `(a, b)`
        for item in node.items:
            if width > limit:
                break
            width += _least_width(item, limit - width)
        return width
    assert isinstance(node, Dict)
    width = 4 * len(node.items)  # `{a: b, c: d}`
    for key_raw, value in node.items:
        if width > limit:
            break
        width += _least_width(key_raw, limit - width) + _least_width(value, limit - width)
    return width


def _children(node: Call | Tuple | Dict) -> list[tuple[str, Node]]:
    if isinstance(node, Call):
        return [("" if k is None else f"{k}=", v) for k, v in node.args]
    if isinstance(node, Tuple):
        return [("", i) for i in node.items]
    return [(f"{k.text}: ", v) for k, v in node.items]


def _brackets(node: Call | Tuple | Dict) -> tuple[str, str]:
    if isinstance(node, Call):
        return node.func + "(", ")"
    if isinstance(node, Tuple):
        return "(", ")"
    return "{", "}"


def layout(node: Node, indent: str = "", prefix: str = "", suffix: str = "") -> list[str]:
    """`prefix + node + suffix` as lines at `indent`: flat when it fits, else exploded."""
    lines: list[str] = []
    _layout(node, indent, prefix, suffix, {}, lines)
    return lines


def _layout(
    node: Node, indent: str, prefix: str, suffix: str, memo: dict[int, str], lines: list[str]
) -> None:
    """`layout`, appending to `lines`; `memo` holds the flat texts (see `_flat`)."""
    if type(node) is Raw:
        lines.append(indent + prefix + node.text + suffix)
        return
    room = LINE_LENGTH - len(indent)
    # A node whose brackets, separators and ASCII text alone take more than the line is
    # exploded without making its flat text (the messages' dicts: thousands of items).
    if _least_width(node, room) <= room:
        text = _flat(node, memo)
        if _fits_parts(indent, prefix, text, suffix):
            lines.append(indent + prefix + text + suffix)
            return
    assert not isinstance(node, Raw)
    children = _children(node)
    if not children:
        lines.append(indent + prefix + _flat(node, memo) + suffix)
        return
    opening, closing = _brackets(node)
    lines.append(indent + prefix + opening)
    inner = indent + INDENT
    for head, child in children:
        if type(child) is Raw:  # never split: no need to measure it
            lines.append(inner + head + child.text + ",")
        else:
            _layout(child, inner, head, ",", memo, lines)
    lines.append(indent + closing + suffix)


def _fits_parts(indent: str, prefix: str, text: str, suffix: str) -> bool:
    """`fits(indent, prefix + text + suffix)` without joining a long `text` first."""
    room = LINE_LENGTH - len(indent)
    if text.isascii():
        if len(text) > room:
            return False
        if prefix.isascii() and suffix.isascii():
            return len(prefix) + len(text) + len(suffix) <= room
    elif len(text) * 2 <= room - 2 * (len(prefix) + len(suffix)):
        return True
    width = display_width(prefix) + display_width(suffix)
    return width + display_width(text, room - width) <= room


def assign(target: str, node: Node, indent: str = "") -> list[str]:
    """`target = node` as the formatter lays it out.

    A value that cannot be split and does not fit is put in parentheses on its own line
    when that makes it fit, as `ruff format` does; otherwise it stays on one line.
    """
    head = f"{target} = "
    if isinstance(node, Raw) and not fits(indent, head + node.text):
        inner = indent + INDENT
        if fits(inner, node.text):
            return [indent + head + "(", inner + node.text, indent + ")"]
    return layout(node, indent, head)


# -- boolean conditions (plural rules) -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cond:
    """A boolean expression: `op` is "and" or "or" over `items`, or "atom" (a comparison,
    in `text`), or "not" over one item."""

    op: str
    items: tuple[Cond, ...] = ()
    text: str = ""


def cond_flat(c: Cond, nested: bool = False) -> str:
    """On one line; `nested` operands of and/or are parenthesised (never `a and b or c`)."""
    if c.op == "atom":
        return c.text
    if c.op == "not":
        inner = c.items[0]
        body = cond_flat(inner)
        return f"not ({body})" if inner.op in ("and", "or") else f"not {body}"
    text = f" {c.op} ".join(cond_flat(i, nested=True) for i in c.items)
    return f"({text})" if nested else text


def _operand_lines(c: Cond, indent: str, prefix: str) -> list[str]:
    """One operand of a split and/or, with its operator `prefix` ("or ", "and " or "")."""
    one = prefix + cond_flat(c, nested=True)
    if fits(indent, one) or c.op == "atom":
        return [indent + one]
    if c.op == "not":
        inner = c.items[0]
        if inner.op not in ("and", "or"):
            return [indent + one]
        return _bracketed(inner, indent, prefix + "not (")
    return _bracketed(c, indent, prefix + "(")


def _bracketed(c: Cond, indent: str, opening: str) -> list[str]:
    """`opening` + c + ")": the body on one line when it fits, else split at its operator."""
    return [indent + opening, *_body(c, indent + INDENT), indent + ")"]


def split_cond(c: Cond, indent: str) -> list[str]:
    """An and/or split one operand per line, the operator leading each continuation."""
    if c.op not in ("and", "or"):
        return _operand_lines(c, indent, "")
    lines: list[str] = []
    for n, item in enumerate(c.items):
        lines.extend(_operand_lines(item, indent, "" if n == 0 else f"{c.op} "))
    return lines


def _opening(c: Cond, last: bool) -> tuple[str, Callable[[str], list[str]]] | None:
    """How an operand of and/or ends (`last`) or starts with its own brackets: the text up
    to and including the opening bracket, and the lines of what is inside at an indent.

    Ending counts "(...)", "not (...)" and a comparison with a tuple ("x in (1, 2)"),
    whose elements then go one per line; starting counts only "(...)".
    """
    if c.op in ("and", "or"):
        return "(", lambda indent: _body(c, indent)
    if not last:
        return None
    if c.op == "not" and c.items[0].op in ("and", "or"):
        return "not (", lambda indent: _body(c.items[0], indent)
    if c.op == "atom" and c.text.endswith(")") and " in (" in c.text:
        head, _, rest = c.text.rpartition(" in (")
        items = rest[:-1].split(", ")
        return f"{head} in (", lambda indent: [f"{indent}{item}," for item in items]
    return None


def _body(c: Cond, indent: str) -> list[str]:
    """The inside of brackets: one line when it fits, else split at its operator."""
    text = cond_flat(c)
    return [indent + text] if fits(indent, text) else split_cond(c, indent)


def if_lines(c: Cond, indent: str) -> list[str]:
    """`if <c>:` as the formatter lays it out.

    Too long, it is split inside parentheses, one operand per line. But a single and/or
    whose last (or else first) operand has its own brackets keeps the `if` line and
    breaks those brackets instead, as `ruff format` omits the optional parentheses then.
    """
    one = f"if {cond_flat(c)}:"
    if fits(indent, one):
        return [indent + one]
    inner = indent + INDENT
    if c.op == "not" and c.items[0].op in ("and", "or"):
        return [indent + "if not (", *_body(c.items[0], inner), indent + "):"]
    if c.op in ("and", "or") and len(c.items) == 2:
        first, last = c.items
        opens_last = _opening(last, True)
        if opens_last is not None:
            head = f"if {cond_flat(first, nested=True)} {c.op} {opens_last[0]}"
            opens_first = _opening(first, True) if first.op != "atom" else None
            if fits(indent, head) or opens_first is None:
                return [indent + head, *opens_last[1](inner), indent + "):"]
            # the first operand's brackets break too; the last's only if still too long,
            # except a tuple, which the formatter always breaks in this layout
            lines = [indent + "if " + opens_first[0], *opens_first[1](inner)]
            tail = f") {c.op} {cond_flat(last, nested=True)}:"
            if last.op != "atom" and fits(indent, tail):
                return [*lines, indent + tail]
            lines.append(f"{indent}) {c.op} {opens_last[0]}")
            return [*lines, *opens_last[1](inner), indent + "):"]
        opens_first = _opening(first, False)
        if opens_first is not None:
            tail = f"{indent}) {c.op} {cond_flat(last, nested=True)}:"
            return [indent + "if " + opens_first[0], *opens_first[1](inner), tail]
    if fits(inner, cond_flat(c)) or c.op not in ("and", "or"):
        return [indent + "if (", inner + cond_flat(c), indent + "):"]
    return [indent + "if (", *split_cond(c, inner), indent + "):"]


# -- module headers, imports and `__all__` as ruff lays them out ---------------------------
HEADER = "# Generated by policyc from the policy files below. Do not edit: run `policyc build`."


def sort_key(name: str) -> tuple[int, list[str | int]]:
    """isort's order (ruff's I001 and RUF022): CONSTANTS, then Classes, then the rest, each
    in natural order (`prog_2` before `prog_10`)."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return kind, [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def import_lines(module: str, names: Iterable[str]) -> list[str]:
    """`from module import names`, sorted and wrapped the way ruff's isort does."""
    ordered = sorted(set(names), key=sort_key)
    one = f"from {module} import {', '.join(ordered)}"
    if len(one) <= 88:  # ruff's default line length: its isort wraps longer imports
        return [one]
    return [f"from {module} import (", *(f"{INDENT}{n}," for n in ordered), ")"]


def all_lines(names: Iterable[str]) -> list[str]:
    """`__all__`, sorted the way ruff's RUF022 wants it (isort style)."""
    ordered = sorted(set(names), key=sort_key)
    one = f"__all__ = [{', '.join(string(i) for i in ordered)}]"
    if len(one) <= 100:
        return [one]
    return ["__all__ = [", *(f"{INDENT}{string(i)}," for i in ordered), "]"]
