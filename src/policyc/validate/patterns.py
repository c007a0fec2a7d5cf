"""JSON Schema `pattern` with ECMA-262 semantics in Python's `re`.

In: a schema pattern (ECMA-262, the dialect JSON Schema specifies). Out: a compiled Python
regex that accepts the same strings, and the `pattern` keyword of policyc's `jsonschema`
validator.

Every pattern in `schemas/` is written `^…$` and uses only constructs that ECMA-262 (ajv,
editors), Rust (jsonschema-rs, the fast path) and Python read alike: explicit character
classes, no `.`, `\\d`, `\\s`, `\\w`, `\\b`, lookbehind or back-references
(tests/test_schema_patterns.py checks it). One difference remains: in ECMA-262 and Rust `$`
matches only at the end of the string, in Python's `re` also before a final newline, so
`"pro\\n"` would pass `^[a-z]+$`. `python_regex` writes every `$` outside a character class
as `\\Z` (Python's end of string), so `^…$` means `\\A…\\z` in every validator policyc uses.
Patterns are linear in every engine; Python's `re` backtracks more slowly than the others,
so a single-character repetition right before `$` is made possessive there (same strings).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError


_QUANTIFIERS = ("*", "+", "?")


def _tokens(pattern: str) -> list[str]:
    """The pattern as atoms: a whole class `[...]`, an escape `\\x`, `{m,n}`, or one char."""
    found: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        j = i + 1
        if c == "\\":
            j = i + 2
        elif c == "[":
            while j < len(pattern) and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            j += 1
        elif c == "{" and "}" in pattern[i:]:
            j = pattern.index("}", i) + 1
        found.append(pattern[i:j])
        i = j
    return found


def _single_char(token: str) -> bool:
    return token.startswith(("[", "\\")) or (len(token) == 1 and token not in "()|^$.*+?{}")


def ecma_to_python(pattern: str) -> str:
    """The Python spelling of an ECMA-262 pattern: `$` outside a class becomes `\\Z`.

    A greedy quantifier on one character right before `$` becomes possessive (`[a-z]*+\\Z`):
    giving characters back can never reach the end of the string, so the set of matched
    strings is the same, and Python's `re` does not backtrack through a long mismatch.
    """
    out: list[str] = []
    for token in _tokens(pattern):
        if token == "$":
            quantified = len(out) >= 2 and (out[-1] in _QUANTIFIERS or out[-1][0] == "{")
            if quantified and _single_char(out[-2]):
                out.append("+")
            token = r"\Z"
        out.append(token)
    return "".join(out)


@cache
def python_regex(pattern: str) -> re.Pattern[str]:
    """`pattern` (ECMA-262) compiled for Python's `re`, with `$` at the end of the string only."""
    return re.compile(ecma_to_python(pattern))


def pattern_keyword(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    """`jsonschema`'s `pattern` keyword with ECMA-262 anchors (same message as upstream)."""
    from jsonschema.exceptions import ValidationError  # start-up

    if validator.is_type(instance, "string") and not python_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")
