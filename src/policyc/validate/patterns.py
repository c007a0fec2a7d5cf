"""JSON Schema `pattern` with ECMA-262 semantics in Python's `re`.

In: a schema pattern (ECMA-262, the dialect JSON Schema specifies). Out: a compiled Python
regex that accepts the same strings, and the `pattern` keyword of policyc's `jsonschema`
validator.

Every pattern in `schemas/` is written `^…$` and uses only constructs that ECMA-262 (ajv,
editors), Rust (jsonschema-rs, the fast path) and Python read alike: explicit character
classes, no `.`, `\\d`, `\\s`, `\\w`, `\\b`, lookaround or back-references
(tests/test_schema_patterns.py checks it). One difference remains: in ECMA-262 and Rust `$`
matches only at the end of the string, in Python's `re` also before a final newline, so
`"pro\\n"` would pass `^[a-z]+$`. `python_regex` writes every `$` outside a character class
as `\\Z` (Python's end of string), so `^…$` means `\\A…\\z` in every validator policyc uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError


def ecma_to_python(pattern: str) -> str:
    """The Python spelling of an ECMA-262 pattern: `$` outside a class becomes `\\Z`."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        elif c == "$" and not in_class:
            c = r"\Z"
        out.append(c)
        i += 1
    return "".join(out)


@cache
def python_regex(pattern: str) -> re.Pattern[str]:
    """`pattern` (ECMA-262) compiled for Python's `re`, with `$` at the end of the string only."""
    return re.compile(ecma_to_python(pattern))


def pattern_keyword(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    """`jsonschema`'s `pattern` keyword with ECMA-262 anchors (same message as upstream)."""
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not python_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")
