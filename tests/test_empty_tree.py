"""An empty policy tree: a located PC116 warning, exit 0 in every format; diff sees a set of
no programmes, so everything on the other side is added or removed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    tree = tmp_path / "policies"
    (tree / "notes").mkdir(parents=True)
    (tree / "notes" / "README.txt").write_text("not a policy\n", encoding="utf-8")
    return tree


@pytest.mark.parametrize("command", ["validate", "test"])
@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_empty_tree_is_a_located_warning(
    run: Callable[..., Result], empty: Path, command: str, fmt: str
) -> None:
    result = run(command, "--policies", str(empty), "--format", fmt)
    assert result.exit_code == 0
    name = empty.as_posix()
    if fmt == "text":
        assert f"{name}:1:1: warning[PC116] no policy files found under {name}" in result.stderr
    elif fmt == "github":
        assert f"::warning file={name},line=1,col=1,title=PC116::" in result.stdout
    else:
        found = json.loads(result.stdout)
        diags = found if command == "validate" else found["diagnostics"]
        assert [(d["code"], d["severity"], d["file"]) for d in diags] == [
            ("PC116", "warning", name)
        ]
        if command == "test":
            assert found["summary"] == {"cases": 0, "passed": 0, "failed": 0, "suites": 0}


def test_a_tree_with_files_has_no_pc114(run: Callable[..., Result]) -> None:
    result = run("validate", "--policies", str(VENDOR))
    assert result.exit_code == 0 and "PC116" not in result.stderr


@pytest.mark.parametrize(("sides", "action"), [((0, 1), "added"), ((1, 0), "removed")])
def test_diff_against_an_empty_side(
    run: Callable[..., Result], empty: Path, sides: tuple[int, int], action: str
) -> None:
    trees = (str(empty), str(VENDOR))
    result = run("diff", trees[sides[0]], trees[sides[1]], "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert [(c["action"], c["section"], c["programme"]) for c in found["changes"]] == [
        (action, "programme", "northwind-support")
    ]
    assert found["summary"]["breaking"] == (1 if action == "removed" else 0)
    markdown = run("diff", trees[sides[0]], trees[sides[1]]).stdout
    assert f"programme `northwind-support` {action}" in markdown
    assert "do not validate" not in markdown


def test_diff_of_two_empty_sides_has_no_changes(
    run: Callable[..., Result], empty: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    result = run("diff", str(empty), str(other), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["changes"] == []
