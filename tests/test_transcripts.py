"""The docs' command transcripts are real: every fenced block of README.md and docs/*.md whose
first line is `$ policyc …` is run and its output compared.

A transcript block holds commands (`$ policyc …`) each followed by its output as a terminal
shows it (stdout and stderr in order, `NO_COLOR=1`); a line `...` stands for any number
of lines. It runs in a scratch git repository whose `policies/` is a copy of the bundled
policies (committed on `main`, with `generated/`), from that repository's root. An HTML
comment right before the block can change that, as YAML:

    <!-- transcript
    fixture: tests/cases/vendor/policies   # copy this tree as policies/ instead
    edit:                                   # then edit files (after the commit)
      - file: policies/zoho-partner-support/regions.yaml
        replace: "[AU, NZ]"
        with: "[AU, NZ, MC]"
    -->
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from policyc.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^(```+)[^\n`]*\n(.*?)^\1[ \t]*$", re.DOTALL | re.MULTILINE)
GIT = {
    "GIT_AUTHOR_NAME": "Policy Owner",
    "GIT_AUTHOR_EMAIL": "owner@example.com",
    "GIT_COMMITTER_NAME": "Policy Owner",
    "GIT_COMMITTER_EMAIL": "owner@example.com",
}


@dataclass
class Transcript:
    doc: str
    line: int
    steps: list[tuple[str, list[str]]]  # (command, expected output lines)
    setup: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.doc}:{self.line}"


def transcripts() -> list[Transcript]:
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for block in _FENCE.finditer(text):
            body = block.group(2)
            if not body.startswith("$ policyc "):
                continue
            steps: list[tuple[str, list[str]]] = []
            for line in body.rstrip("\n").split("\n"):
                if line.startswith("$ "):
                    steps.append((line[2:], []))
                else:
                    steps[-1][1].append(line)
            before = text[: block.start()].rstrip()
            start = before.rfind("<!-- transcript\n")
            setup = {}
            if before.endswith("-->") and start >= 0:
                setup = yaml.safe_load(before[start + len("<!-- transcript\n") : -3])
            line = text.count("\n", 0, block.start()) + 1
            found.append(Transcript(doc.relative_to(ROOT).as_posix(), line, steps, setup or {}))
    return found


TRANSCRIPTS = transcripts()


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line, trailing spaces ignored; `...` matches any run of lines."""
    reach = {0}  # how many lines of `actual` the expected lines so far can have consumed
    for want in (line.rstrip() for line in expected):
        if want == "...":
            reach = set(range(min(reach, default=len(actual) + 1), len(actual) + 1))
        else:
            reach = {j + 1 for j in reach if j < len(actual) and actual[j].rstrip() == want}
    return len(actual) in reach


def test_matches() -> None:
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "..."], ["a"]) and matches([], [])
    assert not matches(["a", "...", "d"], ["a", "b"]) and not matches(["a"], ["a", "b"])


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT}
    )


def workspace(setup: dict[str, Any], where: Path) -> Path:
    """The scratch repository a transcript runs in."""
    fixture = setup.get("fixture")
    shutil.copytree(ROOT / (fixture or "policies"), where / "policies")
    if fixture is None:
        shutil.copytree(ROOT / "generated", where / "generated")
    _git("init", "-q", "-b", "main", cwd=where)
    _git("add", "-A", cwd=where)
    _git("commit", "-q", "-m", "policies", cwd=where)
    for edit in setup.get("edit", []):
        path = where / edit["file"]
        text = path.read_text(encoding="utf-8")
        assert text.count(edit["replace"]) == 1, f"{edit['file']}: {edit['replace']!r} not unique"
        path.write_text(text.replace(edit["replace"], edit["with"]), encoding="utf-8")
    return where


def test_the_docs_hold_transcripts() -> None:
    docs = {t.doc for t in TRANSCRIPTS}
    assert {"README.md", "docs/diff-format.md"} <= docs
    commands = {shlex.split(c)[1] for t in TRANSCRIPTS for c, _ in t.steps}
    assert {"validate", "diff", "test", "build", "explain"} <= commands


@pytest.mark.parametrize("transcript", TRANSCRIPTS, ids=lambda t: t.id)
def test_transcript(
    transcript: Transcript, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = workspace(transcript.setup, tmp_path / "support-policies")
    monkeypatch.chdir(work)
    monkeypatch.setenv("NO_COLOR", "1")
    for command, expected in transcript.steps:
        args = shlex.split(command)
        assert args[0] == "policyc"
        result = CliRunner().invoke(main, args[1:], catch_exceptions=False)
        actual = result.output.rstrip("\n").split("\n") if result.output else []
        assert matches(expected, actual), (
            f"{transcript.id}: $ {command}\n--- the docs say\n"
            + "\n".join(expected)
            + "\n--- policyc prints\n"
            + "\n".join(actual)
        )


def test_readme_python_example_and_module_api() -> None:
    """The README's Python blocks run, and each programme module has the names the README
    promises: the common ones always, the regional ones only with regions."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    assert len(blocks) >= 2  # the lookups, then route()
    common = ["Locale", "Tier", "Severity", "Metric", "SlaPolicy", "CalendarId", "SLA"]
    common += ["CALENDARS", "SERVICES", "CHANNELS", "MESSAGES", "sla", "text", "CONTENT_SHA256"]
    common += ["route"]
    regional = ["Region", "REGIONS", "COUNTRY_REGIONS", "LARGE_ACCOUNT_THRESHOLDS", "CONTACTS"]
    regional += ["ESCALATION", "escalation", "region_of", "is_large_account"]
    for name in [*common, *regional]:
        assert f"`{name}" in text, name
    script = "\n".join(blocks) + (
        "from support_policies import dropbox_premium_support as dropbox\n"
        f"for m in (zoho, dropbox):\n    assert all(hasattr(m, n) for n in {common!r})\n"
        f"assert all(hasattr(zoho, n) for n in {regional!r})\n"
        f"assert not any(hasattr(dropbox, n) for n in {regional!r})\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT / "generated" / "python",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def _properties(schema: object, found: set[str]) -> set[str]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                found.update(value)
            _properties(value, found)
    elif isinstance(schema, list):
        for value in schema:
            _properties(value, found)
    return found


def test_model_doc_names_every_schema_property() -> None:
    """docs/model.md (with workflow.md for PolicyTest) shows every property of the policy
    schemas as a key or in backticks; CLDR plural categories are Babel's, not ours."""
    import json

    docs = "".join(
        (ROOT / "docs" / n).read_text(encoding="utf-8") for n in ("model.md", "workflow.md")
    )
    plural = {"zero", "one", "two", "few", "many", "other"}
    for path in sorted((ROOT / "schemas").glob("*.schema.json")):
        if path.name == "routing.schema.json":  # documented in routing-format.md
            continue
        names = _properties(json.loads(path.read_text(encoding="utf-8")), set()) - plural
        missing = [
            n for n in sorted(names) if not re.search(rf"(`|[\s{{,\[.]){re.escape(n)}(`|:)", docs)
        ]
        assert not missing, f"{path.name}: {missing} not in docs/model.md"
