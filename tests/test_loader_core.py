"""YAML 1.2 core schema, exactly: empty values, keys, standard tags, tabs, anchors, merge
keys, integer and alias bounds. One test per rule; the yaml-test-suite covers the rest."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from policyc.load import yaml_loader
from policyc.load.yaml_loader import MAX_ALIAS_CHARS, MAX_INT_DIGITS, load_text

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"


def codes(text: str) -> list[tuple[str, int, int]]:
    _, diags = load_text(text, "f.yaml")
    return [(d.code, d.span.line, d.span.col) for d in diags]


def values(text: str) -> list[object]:
    docs, diags = load_text(text, "f.yaml")
    assert not diags, diags
    return [doc.value for doc in docs]


@pytest.fixture(params=["fast", "bounded"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test here runs through both load paths."""
    if request.param == "bounded":
        monkeypatch.setattr(yaml_loader, "_fast_eligible", lambda _text: False)
    return str(request.param)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a:\n", {"a": None}),
        ("a: {b: }\n", {"a": {"b": None}}),
        ("- \n- x\n", [None, "x"]),
        ("a: ''\n", {"a": ""}),
        ("a: !!str\n", {"a": ""}),
        ("a: !\n", {"a": ""}),
        ("---\n", None),
    ],
)
def test_an_empty_value_is_null(path: str, text: str, expected: object) -> None:
    assert values(text) == [expected]


@pytest.mark.parametrize(
    ("text", "col"),
    [("?\n: x\n", 2), ("{? : x}\n", 4), ("'': x\n", 1), ("!!str : x\n", 1), ("!!null : x\n", 1)],
)
def test_empty_and_null_keys_are_pc106(path: str, text: str, col: int) -> None:
    assert codes(text) == [("PC106", 1, col)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("!!str 123", "123"),
        ("!!str true", "true"),
        ("!!str ~", "~"),
        ("!!int '0x1A'", 26),
        ('!!int "0o17"', 15),
        ("!!int -12", -12),
        ("!!float 1", 1.0),
        ("!!float '.inf'", float("inf")),
        ("!!bool 'true'", True),
        ("!!bool FALSE", False),
        ("!!null ''", None),
        ("!!null ~", None),
        ("!!seq [a]", ["a"]),
        ("!!map {a: 1}", {"a": 1}),
        ("!<tag:yaml.org,2002:int> 5", 5),
        ("!<tag:yaml.org,2002:str> 5", "5"),
    ],
)
def test_standard_tags_resolve_as_the_core_schema_defines(
    path: str, text: str, expected: object
) -> None:
    assert values(f"v: {text}\n") == [{"v": expected}]


def test_standard_tags_through_a_tag_handle(path: str) -> None:
    text = "%TAG !y! tag:yaml.org,2002:\n---\na: !y!int 5\nb: !y!str 5\n"
    assert values(text) == [{"a": 5, "b": "5"}]
    assert codes("%TAG !y! tag:yaml.org,2002:\n---\na: !y!int abc\n") == [("PC114", 3, 4)]


@pytest.mark.parametrize(
    "text",
    [
        "!!bool yes",
        "!!bool 'on'",
        '!!null "text"',
        "!!seq 1",
        "!!seq {a: 1}",
        "!!str [a, b]",
        "!!str {a: 1}",
        '!!int "١٢٣"',
        '!!int "12\\n"',
        "!!int abc",
        "!!int 0x",
        "!!int 1.5",
        "!!float abc",
        "!!float ''",
        "!!map abc",
        "!!map [a]",
        "!!seq x",
    ],
)
def test_a_tag_that_does_not_fit_its_value_is_pc114(path: str, text: str) -> None:
    assert codes(f"a: 1\nv: {text}\n") == [("PC114", 2, 4)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("foo: 1\n\t\nbar: 2\n", {"foo": 1, "bar": 2}),
        (" \t\nfoo: 1\n", {"foo": 1}),
        ("foo: 1\n \t \nbar: 2\n", {"foo": 1, "bar": 2}),
        ("foo: 1\n\t# a comment\nbar: 2\n", {"foo": 1, "bar": 2}),
        ("a: x\ty\n", {"a": "x\ty"}),
        ("a: x\t# comment\n", {"a": "x"}),
        ('a: "x\n  \ty"\n', {"a": "x y"}),
        ("a: |\n  x\n  \ty\n", {"a": "x\n\ty\n"}),
        ("a: [1,\t2]\n", {"a": [1, 2]}),
    ],
)
def test_tabs_that_do_not_indent_are_fine(path: str, text: str, expected: object) -> None:
    assert values(text) == [expected]


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [("a:\n\tb: 1\n", 2, 1), ("a:\n  b: 1\n\t\n\tc: 2\n", 4, 1), ("a: |\n\t\nb: 1\n", 2, 1)],
)
def test_tabs_that_indent_are_pc104(path: str, text: str, line: int, col: int) -> None:
    assert codes(text) == [("PC104", line, col)]


def test_a_redefined_anchor_is_the_later_node(path: str) -> None:
    text = (  # YAML 1.2 spec example 7.1
        "First occurrence: &anchor Foo\nSecond occurrence: *anchor\n"
        "Override anchor: &anchor Bar\nReuse anchor: *anchor\n"
    )
    docs, diags = load_text(text, "f.yaml")
    assert not diags
    assert docs[0].value == {
        "First occurrence": "Foo",
        "Second occurrence": "Foo",
        "Override anchor": "Bar",
        "Reuse anchor": "Bar",
    }
    assert docs[0].span(["Reuse anchor"]).line == 3  # the alias is the node it names


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        ("a: &x {b: 1}\nc:\n  !!merge <<: *x\n", 3, 3),
        ("a: &x {b: 1}\nc:\n  <<: *x\n", 3, 3),
        ("a: !!merge x\n", 1, 4),
    ],
)
def test_merge_keys_are_pc111(path: str, text: str, line: int, col: int) -> None:
    assert codes(text) == [("PC111", line, col)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9" * MAX_INT_DIGITS, int("9" * MAX_INT_DIGITS)),
        ("-" + "9" * MAX_INT_DIGITS, -int("9" * MAX_INT_DIGITS)),
        ("0" * 40 + "7", 7),
        ("0xDE0B6B3A763FFFF", 10**18 - 1),
    ],
)
def test_integers_within_the_digit_bound(path: str, text: str, expected: int) -> None:
    assert values(f"v: {text}\n") == [{"v": expected}]


@pytest.mark.parametrize(
    "text",
    [
        "1" + "0" * MAX_INT_DIGITS,
        "-1" + "0" * MAX_INT_DIGITS,
        "0xDE0B6B3A7640000",
        "0o" + "7" * 30,
        "1" * 5_000,
        "0x" + "f" * 5_000,
        "!!int '" + "1" * 5_000 + "'",
        "1e400",
        "-1" + "0" * 400 + ".5",
        "!!float '1e999'",
    ],
)
def test_numbers_beyond_their_bounds_are_pc115(path: str, text: str) -> None:
    assert codes(f"a: 1\nv: {text}\n") == [("PC115", 2, 4)]


def test_aliases_of_long_text_are_bounded_by_expanded_size(path: str) -> None:
    text = "a: &a '" + "x" * 100_000 + "'\nb: [" + ", ".join(["*a"] * 11) + "]\n"
    assert MAX_ALIAS_CHARS < 100_000 * 11
    start = time.perf_counter()
    assert codes(text) == [("PC107", 1, 4)]  # located at the anchored text
    assert time.perf_counter() - start < 1
    within = "a: &a '" + "x" * 100_000 + "'\nb: [" + ", ".join(["*a"] * 10) + "]\n"
    assert values(within)[0]["b"] == ["x" * 100_000] * 10  # type: ignore[index]


def test_alias_expansion_counts_what_each_alias_stands_for(path: str) -> None:
    # a0 stands for 11 nodes: 9,090 aliases of it are 99,990 nodes, one more is over 100,000
    head = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\nb:\n"
    assert not codes(head + "  - *a0\n" * 9_090)
    assert codes(head + "  - *a0\n" * 9_091) == [("PC107", 1, 5)]


def _tree(tmp_path: Path, old: str, new: str) -> Path:
    policies = tmp_path / "policies"
    shutil.copytree(VENDOR, policies)
    programme = policies / "programme.yaml"
    text = programme.read_text(encoding="utf-8")
    assert old in text
    programme.write_text(text.replace(old, new, 1), encoding="utf-8")
    return policies


def test_an_empty_required_string_is_a_located_schema_error(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    policies = _tree(tmp_path, "team: Customer Care,", "team: ,")
    result = run("validate", "--policies", str(policies), "--format", "json")
    assert result.exit_code == 1
    found = [(d["code"], d["line"], d["column"]) for d in json.loads(result.stdout)]
    assert found == [("PC205", 5, 49)]


def test_a_huge_integer_is_located_not_internal(tmp_path: Path, run: Callable[..., Result]) -> None:
    policies = _tree(tmp_path, "valid_from:", "seats: " + "9" * 5_000 + "\nvalid_from:")
    result = run("validate", "--policies", str(policies), "--format", "json")
    assert result.exit_code == 1
    found = [(d["code"], d["line"], d["column"]) for d in json.loads(result.stdout)]
    assert found == [("PC115", 10, 8)]
