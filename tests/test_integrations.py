"""Integrations point at real commands: pre-commit hooks, the GitHub workflow, editor modelines."""

from __future__ import annotations

import re
import shlex
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import Result

from policyc import pipeline
from policyc.cli import main

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / ".pre-commit-hooks.yaml"
WORKFLOW = ROOT / "examples" / "github" / "policyc.yml"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def parses(command: str) -> click.Context:
    """Parse a `policyc ...` command line with the real CLI (options, choices, arguments)."""
    words = shlex.split(command)
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert words[0] in scripts, f"{words[0]} is not a console script"
    group_ctx = click.Context(main)
    sub = main.get_command(group_ctx, words[1])
    assert sub is not None, f"no command {words[1]!r}"
    return sub.make_context(words[1], words[2:], parent=group_ctx)


def hooks() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load(HOOKS.read_text())
    return data


def test_hook_ids() -> None:
    assert [h["id"] for h in hooks()] == ["policyc-validate", "policyc-build-check", "policyc-test"]


@pytest.mark.parametrize("hook", hooks(), ids=lambda h: h["id"])
def test_hook_points_at_a_real_command(hook: dict[str, Any]) -> None:
    assert hook["language"] == "python"
    # validate reports on the changed files; the others check the whole tree
    assert hook["pass_filenames"] is (hook["id"] == "policyc-validate")
    ctx = parses(hook["entry"])
    expected = {
        "policyc-validate": ("validate", {}),
        "policyc-build-check": ("build", {"check": True}),
        "policyc-test": ("test", {}),
    }[hook["id"]]
    assert ctx.info_name == expected[0]
    for name, value in expected[1].items():
        assert ctx.params[name] == value
    files = re.compile(hook["files"])
    assert files.search("policies/zoho-partner-support/sla.yaml")
    assert not files.search("README.md") and not files.search("src/policyc/cli.py")


@pytest.mark.parametrize("entry", ["policyc validate", "policyc test"])
def test_hook_entries_pass_on_the_shipped_policies(
    entry: str, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = run(*shlex.split(entry)[1:])
    assert result.exit_code == 0, result.stderr


def _run_lines() -> list[str]:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    lines = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            for line in step.get("run", "").replace("\\\n", " ").splitlines():
                line = line.strip()
                if line.startswith("policyc "):
                    lines.append(re.split(r"\s(?:>|\|\|)", line)[0])
    return lines


def test_workflow_commands_parse() -> None:
    lines = _run_lines()
    assert len(lines) == 6
    for line in lines:
        parses(line)


def test_workflow_annotates_and_comments_the_diff() -> None:
    lines = _run_lines()
    for command in ("validate", "test", "build"):
        assert any(
            line.startswith(f"policyc {command} ") and "--format github" in line for line in lines
        ), command
    diffs = [parses(line) for line in lines if line.startswith("policyc diff ")]
    assert {ctx.params["fmt"] for ctx in diffs} == {"markdown", "json"}
    assert any(ctx.params["fail_on"] == ("breaking",) for ctx in diffs)
    workflow = WORKFLOW.read_text()
    assert "fetch-depth: 0" in workflow and "gh pr comment" in workflow


def test_every_policy_file_has_a_modeline_to_its_schema() -> None:
    """Editors complete and check while typing: each file names the schema of its kind."""
    loaded = pipeline.load([ROOT / "policies"])
    kinds: dict[str, set[str]] = {}
    for doc in loaded.documents:
        kinds.setdefault(doc.file, set()).add(str(doc.kind))
    assert kinds
    for file, found in kinds.items():
        path = Path(file) if Path(file).is_absolute() else Path.cwd() / file
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = MODELINE.match(first)
        assert match, f"{file}: no modeline"
        schema = (path.parent / match.group(1)).resolve()
        assert schema.is_file(), f"{file}: {match.group(1)} does not exist"
        want = f"{found.pop().lower()}.schema.json" if len(found) == 1 else "policy.schema.json"
        assert schema.name == want, file


def test_policy_schema_covers_every_kind() -> None:
    import json

    from policyc.validate.schema import KINDS

    schema = json.loads((ROOT / "schemas" / "policy.schema.json").read_text())
    assert schema["properties"]["kind"]["enum"] == list(KINDS)
    refs = {branch["then"]["$ref"] for branch in schema["allOf"]}
    assert refs == {f"{k.lower()}.schema.json" for k in KINDS}
    assert all((ROOT / "schemas" / ref).is_file() for ref in refs)
