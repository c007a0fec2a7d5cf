"""The strict YAML loader: YAML 1.2 scalars, and a located diagnostic for every trap."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from policyc.load import load_file, load_text


def codes(text: str) -> list[tuple[str, int, int]]:
    _, diags = load_text(text, "f.yaml")
    return [(d.code, d.span.line, d.span.col) for d in diags]


def value(text: str) -> object:
    docs, diags = load_text(text, "f.yaml")
    assert not diags, diags
    return docs[0].value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NO", "NO"),
        ("no", "no"),
        ("on", "on"),
        ("Off", "Off"),
        ("y", "y"),
        ("9:00", "9:00"),
        ("2024-12-11", "2024-12-11"),
        ("017", 17),
        ("0o17", 15),
        ("0x1F", 31),
        ("1e3", 1000.0),
        ("~", None),
        ("true", True),
        ("FALSE", False),
        ("'1.10'", "1.10"),
    ],
)
def test_yaml_12_core_scalars(text: str, expected: object) -> None:
    assert value(f"v: {text}\n") == {"v": expected}


def test_version_like_number_is_not_silently_a_string() -> None:
    # 1.10 reads as the float 1.1; the schema stage reports the original text (see test_validate)
    assert value("v: 1.10\n") == {"v": 1.1}


def test_inf_and_nan() -> None:
    v = value("a: .inf\nb: -.Inf\nc: .nan\n")
    assert isinstance(v, dict)
    assert v["a"] == float("inf") and v["b"] == float("-inf") and v["c"] != v["c"]


def test_duplicate_key_points_at_second_key() -> None:
    assert codes("a: 1\nb:\n  c: 2\n  c: 3\n") == [("PC105", 4, 3)]


@pytest.mark.parametrize(
    ("text", "code", "line", "col"),
    [
        ("1: x\n", "PC106", 1, 1),
        ("? [a]\n: x\n", "PC106", 1, 3),
        ("true: x\n", "PC106", 1, 1),
        ("a:\n\tb: 1\n", "PC104", 2, 1),
        ("a: [1, 2\n", "PC103", 2, 1),
        ("a: b: c\n", "PC103", 1, 5),
        ("a: \x07\n", "PC102", 1, 4),
        ("a: !!python/object:os.system x\n", "PC110", 1, 4),
        ("a: !custom x\n", "PC110", 1, 4),
        ("a: &x {b: 1}\nc:\n  <<: *x\n", "PC111", 3, 3),
        ("", "PC112", 1, 1),
        ("# only a comment\n", "PC112", 1, 1),
    ],
)
def test_traps_are_located(text: str, code: str, line: int, col: int) -> None:
    assert codes(text) == [(code, line, col)]


def test_alias_bomb_is_stopped_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    start = time.perf_counter()
    result = codes("\n".join(lines) + "\n")
    assert result and result[0][0] == "PC107"
    assert time.perf_counter() - start < 5


def test_aliases_within_bounds_are_allowed() -> None:
    assert value("a: &x {b: 1}\nc: *x\n") == {"a": {"b": 1}, "c": {"b": 1}}


def test_deep_nesting_is_bounded() -> None:
    assert codes("[" * 10_000 + "]" * 10_000)[0][0] == "PC108"


def test_multiple_documents() -> None:
    docs, diags = load_text("a: 1\n---\nb: 2\n", "f.yaml")
    assert not diags and [d.value for d in docs] == [{"a": 1}, {"b": 2}]
    assert docs[1].span(["b"]).line == 3


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: NO\r\nb:\r\n  c: 1\r\n")
    docs, diags = load_file(path, "f.yaml")
    assert not diags
    assert docs[0].value == {"a": "NO", "b": {"c": 1}}
    assert docs[0].span(["b", "c"]).line == 3


@pytest.mark.parametrize(
    ("data", "code", "line", "col"),
    [
        (b"a: ok\nb: caf\xe9\n", "PC101", 2, 7),
        ("a: 1\n".encode("utf-16"), "PC101", 1, 1),
        (b"a: 1\nb: \x00\n", "PC102", 2, 4),
    ],
)
def test_bad_bytes(tmp_path: Path, data: bytes, code: str, line: int, col: int) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(data)
    _, diags = load_file(path, "f.yaml")
    assert [(d.code, d.span.line, d.span.col) for d in diags] == [(code, line, col)]


def test_directory_named_like_a_file(tmp_path: Path) -> None:
    (tmp_path / "d.yaml").mkdir()
    _, diags = load_file(tmp_path / "d.yaml", "d.yaml")
    assert [d.code for d in diags] == ["PC113"]


def test_large_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: '" + b"x" * (9 * 1024 * 1024) + b"'\n")
    _, diags = load_file(path, "big.yaml")
    assert [d.code for d in diags] == ["PC109"]


def test_positions_of_nested_values() -> None:
    docs, _ = load_text("a:\n  - x\n  - {b: [1, 2]}\n", "f.yaml")
    doc = docs[0]
    assert (doc.span(["a", 1, "b", 1]).line, doc.span(["a", 1, "b", 1]).col) == (3, 13)
    assert doc.span(["a", 1, "b"], key=True).col == 6
    # a missing path points at the deepest existing node
    assert doc.span(["a", 5]).line == 2
