"""Schema patterns mean what they say: `^…$` is `\\A…\\z` in every validator, no pattern is
super-linear, and Python (policyc's `jsonschema`) and Rust (jsonschema-rs) agree.

The patterns are found by walking `schemas/`, so a new field is covered when it is added.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st
from schemawalk import patterned

from policyc.validate.patterns import ecma_to_python, python_regex
from policyc.validate.schema import SchemaSet

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"


PATTERNED = patterned()
IDS = [where for where, _ in PATTERNED]
PATTERNS = sorted({node["pattern"] for _, node in PATTERNED})


def python_accepts(pattern: str, value: str) -> bool:
    """policyc's own `jsonschema` validator (the slow path, which explains errors)."""
    cls = type(SchemaSet().validator("Calendar"))
    return bool(cls({"type": "string", "pattern": pattern}).is_valid(value))


def rust_accepts(pattern: str, value: str) -> bool:
    """jsonschema-rs, the fast path."""
    validator = jsonschema_rs.Draft202012Validator({"type": "string", "pattern": pattern})
    return bool(validator.is_valid(value))


def test_patterns_were_found() -> None:
    where = " ".join(IDS)
    for field in ("common.schema.json#/$defs/id", "#/$defs/email", "#/$defs/duration"):
        assert field in where
    assert "#/$defs/time" in where and "policytest.schema.json#/$defs/instant" in where


def _top_level_bars(pattern: str) -> int:
    depth = bars = 0
    in_class = escaped = False
    for c in pattern:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            bars += 1
    return bars


def _outside_classes(pattern: str) -> str:
    """The pattern without its character classes (escapes kept)."""
    return re.sub(r"\[(\\.|[^\]\\])*\]", "", pattern)


@pytest.mark.parametrize("pattern", PATTERNS)
def test_pattern_is_anchored_and_portable(pattern: str) -> None:
    """`^…$` around the whole pattern, and only constructs every engine reads alike."""
    assert pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$")
    assert _top_level_bars(pattern) == 0, "an alternative outside the anchors' group"
    bare = _outside_classes(pattern)
    assert not re.search(r"(?<!\\)\.", bare), "`.` differs between engines: use a class"
    assert not re.search(r"\\[dDsSwWbB0-9]", pattern), "engine-dependent escape"
    groups = re.findall(r"(?<!\\)\(\?(.)", pattern)
    assert set(groups) <= {":", "=", "!"}, "only (?: (?= (?! are in JSON Schema's regex subset"
    assert ecma_to_python(pattern).endswith("\\Z")


@pytest.mark.parametrize(("where", "schema"), PATTERNED, ids=IDS)
def test_examples_match_in_both_engines(where: str, schema: dict[str, Any]) -> None:
    examples = [e for e in schema.get("examples", []) if isinstance(e, str)]
    assert examples, f"{where}: give the pattern `examples` (they document it, and test it)"
    for example in examples:
        assert python_accepts(schema["pattern"], example), example
        assert rust_accepts(schema["pattern"], example), example


@pytest.mark.parametrize(("where", "schema"), PATTERNED, ids=IDS)
def test_a_final_newline_is_rejected_in_both_engines(where: str, schema: dict[str, Any]) -> None:
    for example in schema["examples"]:
        for bad in (example + "\n", example + "\r\n", "\n" + example, example + "\n\n"):
            assert not python_accepts(schema["pattern"], bad), f"{where}: {bad!r}"
            assert not rust_accepts(schema["pattern"], bad), f"{where}: {bad!r}"


def _alphabet(pattern: str) -> str:
    """Characters the pattern names, plus the ones engines disagree about."""
    named = {c for c in re.sub(r"\\[xu][0-9a-fA-F]+|\\.", "", pattern) if c not in "^$()[]{}|+*?"}
    return "".join(sorted(named)) + "aZ09-_.@ /:\n\r\t\x0b\x0c\x1c\x85\xa0\u2028\ufeff١"


@pytest.mark.parametrize("pattern", PATTERNS)
def test_python_and_rust_accept_the_same_strings(pattern: str) -> None:
    @settings(max_examples=300, deadline=None, database=None)
    @given(st.text(alphabet=_alphabet(pattern), max_size=30) | st.from_regex(pattern))
    def agree(value: str) -> None:
        assert python_accepts(pattern, value) == rust_accepts(pattern, value), repr(value)

    agree()


# -- no super-linear pattern ------------------------------------------------------------------

SIZE = 1 << 20  # 1 MiB
BUDGET = 0.050  # seconds, per pattern and value
BAD_ENDS = ("!", " ", "@", "\n", "\x00")


Pump = tuple[str, str, str, str]


def _pumps(examples: list[str]) -> Iterator[Pump]:
    """`(x, y, z, bad)` for short pieces y of each example: `x + y*k + z + bad` are long runs
    of what the pattern repeats, with a mismatching end (the classic way to find
    backtracking blow-ups)."""
    for example in examples:
        for i in range(len(example)):
            for j in range(i + 1, min(i + 3, len(example)) + 1):
                for bad in BAD_ENDS:
                    yield example[:i], example[i:j], example[j:], bad


def _pumped(pump: Pump, size: int) -> str:
    x, y, z, bad = pump
    return x + y * (size // len(y)) + z + bad


def _seconds(regex: re.Pattern[str], value: str, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        regex.search(value)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize(("where", "schema"), PATTERNED, ids=IDS)
def test_no_pattern_is_super_linear(where: str, schema: dict[str, Any]) -> None:
    """Every pumped 1 MiB value is decided in under 50 ms of CPU by Python's `re`.

    Screened at 16 KiB first (a linear pattern takes well under 1 ms there, a quadratic one
    hundreds, instead of minutes at 1 MiB); the slowest screened values are then timed at
    1 MiB. CPU time, not wall time, so a busy machine does not make the test flaky.
    """
    regex = python_regex(schema["pattern"])
    small = 1 << 14
    screened = sorted(
        ((_seconds(regex, _pumped(p, small)), p) for p in _pumps(schema["examples"])),
        reverse=True,
    )
    worst, pump = screened[0]
    assert worst < 0.010, f"{where}: {worst * 1000:.1f} ms at 16 KiB: super-linear"
    for _, pump in screened[:5]:
        big = _pumped(pump, SIZE)
        spent = _seconds(regex, big, repeat=3)
        assert spent < BUDGET, f"{where}: {spent * 1000:.1f} ms for {big[:40]!r}…"


# -- through the CLI --------------------------------------------------------------------------

CALENDAR = """\
apiVersion: policyc/v1
kind: Calendar
id: {id}
name: calendar.office
timezone: {tz}
business_day: {day}
hours:
  - {{days: [mon], from: {start}, to: '17:00'}}
"""


@pytest.mark.parametrize(
    ("field", "values", "line", "col"),
    [
        ("id", {"id": '"office\\n"'}, 3, 5),
        ("timezone", {"tz": '"Europe/Rome\\n"'}, 5, 11),
        ("duration", {"day": '"8h\\n"'}, 6, 15),
        ("time", {"start": '"09:00\\n"'}, 8, 25),
    ],
)
def test_validate_reports_a_final_newline(
    run: Callable[..., Result],
    write: Callable[[str, str], Path],
    field: str,
    values: dict[str, str],
    line: int,
    col: int,
) -> None:
    fields = {"id": "office", "tz": "Europe/Rome", "day": "8h", "start": "'09:00'"} | values
    path = write("policies/calendars.yaml", CALENDAR.format(**fields))
    done = run("validate", str(path), "--format", "json")
    assert done.exit_code == 1, done.output
    (found,) = json.loads(done.stdout)
    assert (found["code"], found["line"], found["column"]) == ("PC206", line, col), found
    assert found["hint"], field


def test_validate_reports_an_email_with_a_final_newline(
    run: Callable[..., Result], write: Callable[[str, str], Path]
) -> None:
    path = write(
        "policies/contacts.yaml",
        """\
        apiVersion: policyc/v1
        kind: Contacts
        programme: p
        contacts:
          - id: desk
            name: contact.desk
            email: "desk@example.com\\n"
        """,
    )
    done = run("validate", str(path), "--format", "json")
    found = json.loads(done.stdout)
    assert [(d["code"], d["line"], d["column"]) for d in found] == [("PC206", 7, 12)], found


@pytest.mark.parametrize(
    ("ecma", "python"),
    [
        ("^[a-z]+$", r"^[a-z]++\Z"),
        ("^a{2,3}$", r"^a{2,3}+\Z"),
        (r"^[\]$]*$", r"^[\]$]*+\Z"),
        (r"^\$$", r"^\$\Z"),
        (r"^\u2028?$", r"^\u2028?+\Z"),
        ("^a*?$", r"^a*?\Z"),
        ("^(ab)*$", r"^(ab)*\Z"),
        ("^(a|$)b$", r"^(a|\Z)b\Z"),
    ],
)
def test_ecma_to_python(ecma: str, python: str) -> None:
    """`$` is the end of the string; a one-character repetition before it is possessive."""
    assert ecma_to_python(ecma) == python
    for value in ("", "a", "aa", "aaa", "ab", "abab", "$", "]", "\u2028", "a\n", "$\n"):
        assert bool(re.search(python, value)) == rust_accepts(ecma, value), (ecma, value)
