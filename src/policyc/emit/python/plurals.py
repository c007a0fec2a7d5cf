"""CLDR plural rules → Python functions, compiled at build time from Babel's CLDR data.

In: locale tags (BCP 47). Out: the source of one function per locale,
`def _plural_<tag>(o: Operands) -> PluralCategory`, with the rule's CLDR text in its
docstring, so the generated package picks plural forms with the standard library only.

The compiler walks Babel's parsed rule (`PluralRule.abstract`) the way
`babel.plural.to_python` does, with the same semantics: `in` needs an integer value
(`n = 2..4` is false for 2.5), `within` does not, `mod` is `%` on non-negative operands,
and the operands `c`/`e` (compact exponent) are always 0. Rules are tried in Babel's
order; anything else is `other`.
"""

from __future__ import annotations

import re
from typing import Any

from babel.core import get_cldr_version

from policyc.emit.python.source import INDENT, Cond, if_lines
from policyc.locales import babel_locale

_INT_OPERANDS = frozenset("ivwftce")


def function_name(tag: str) -> str:
    """`zh-TW` → `_plural_zh_tw` (tags are letters, digits and hyphens)."""
    return "_plural_" + re.sub(r"[^a-z0-9]", "_", tag.lower())


def plural_rule(tag: str) -> tuple[tuple[str, Any], ...]:
    """Babel's parsed plural rule of a locale: (category, abstract syntax tree) pairs."""
    rule = babel_locale(tag).plural_form
    return tuple(rule.abstract)


def plural_text(tag: str) -> dict[str, str]:
    return dict(babel_locale(tag).plural_form.rules)


def cldr_version() -> str:
    return str(get_cldr_version())


def _expr(node: Any) -> tuple[str, bool]:
    """An operand expression and whether it is an integer (all but `n` are)."""
    op, args = node
    if op == "mod":
        inner, is_int = _expr(args[0])
        return f"{inner} % {args[1][1][0]}", is_int
    if op == "value":
        return str(args[0]), True
    if op == "c":  # CLDR's c is a synonym of e
        return "o.e", True
    return f"o.{op}", op in _INT_OPERANDS


def _relation(method: str, expr: Any, ranges: Any, negated: bool = False) -> Cond:
    """`expr in/within ranges`: equal to a single value, or inside a range (for `in`, of
    integers only: a fractional `n` is in no range)."""
    value, is_int = _expr(expr)
    bounds = [(low[1][0], high[1][0]) for low, high in ranges[1]]
    singles = [low for low, high in bounds if low == high]
    terms: list[Cond] = []
    if len(singles) == 1:
        sign = "!=" if negated else "=="
        terms.append(Cond("atom", text=f"{value} {sign} {singles[0]}"))
    elif singles:
        sign = "not in" if negated else "in"
        terms.append(Cond("atom", text=f"{value} {sign} ({', '.join(map(str, singles))})"))
    if negated and len(singles) == len(bounds):
        return terms[0]
    if negated:
        return Cond("not", (_relation(method, expr, ranges),))
    for low, high in bounds:
        if low != high:
            span = Cond("atom", text=f"{low} <= {value} <= {high}")
            if method == "in" and not is_int:
                span = Cond("and", (Cond("atom", text=f"{value} % 1 == 0"), span))
            terms.append(span)
    return terms[0] if len(terms) == 1 else Cond("or", tuple(terms))


def _flatten(op: str, items: list[Cond]) -> Cond:
    out: list[Cond] = []
    for item in items:
        out.extend(item.items if item.op == op else (item,))
    return Cond(op, tuple(out))


def compile_condition(node: Any) -> Cond:
    """Babel's abstract syntax tree of one rule → a `Cond`."""
    op, args = node
    if op in ("and", "or"):
        return _flatten(op, [compile_condition(a) for a in args])
    if op == "not":
        inner = args[0]
        if inner[0] == "relation":
            method, expr, ranges = inner[1]
            return _relation(method, expr, ranges, negated=True)
        return Cond("not", (compile_condition(inner),))
    if op == "relation":
        return _relation(*args)
    if op in ("is", "isnot"):
        value, _ = _expr(args[0])
        sign = "==" if op == "is" else "!="
        return Cond("atom", text=f"{value} {sign} {args[1][1][0]}")
    raise ValueError(f"unknown plural rule node {op!r}")


def function_source(tag: str) -> list[str]:
    """`def _plural_<tag>(o: Operands) -> PluralCategory:` for one locale."""
    texts = plural_text(tag)
    doc = [f"{category}: {texts[category]}" for category, _ in plural_rule(tag)]
    lines = [f"def {function_name(tag)}(o: Operands) -> PluralCategory:"]
    if doc:
        lines.append(f'{INDENT}"""{tag}: {"; ".join(doc)}."""')
    else:
        lines.append(f'{INDENT}"""{tag}: every number is `other`."""')
    for category, tree in plural_rule(tag):
        lines.extend(if_lines(compile_condition(tree), INDENT))
        lines.append(f'{INDENT * 2}return "{category}"')
    lines.append(f'{INDENT}return "other"')
    return lines
