""" "Not stated" is a value: services cells, template fields, calendar days and zones, regions.

A source that does not say something is written `not-stated` (or listed in `not_stated`) and
shown as a dash or as "Not stated", never as ✓, ✗ or Yes; the Python package says None.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from policyc import pipeline
from policyc.cli import main
from policyc.emit.python.emitter import PythonEmitter
from policyc.emit.site.html import SiteEmitter
from policyc.emit.site.markdown import MarkdownEmitter
from policyc.semdiff import Action, Direction, Section
from policyc.semdiff.compare import compare

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"
SHARED = ROOT / "policies" / "shared"


def tree(tmp: Path, *edits: tuple[str, str, str]) -> Path:
    """The vendor fixture with `(file, old, new)` edits applied."""
    target = tmp / "policies"
    shutil.copytree(VENDOR, target)
    for file, old, new in edits:
        path = target / file
        text = path.read_text(encoding="utf-8")
        assert old in text, (file, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


UNSTATED = ("programme.yaml", "business: {included: false}", "business: {included: not-stated}")


def pages(policies: Path) -> dict[str, str]:
    result = pipeline.validate([policies, SHARED])
    assert result.policies is not None, [d.message for d in result.diagnostics]
    return {
        a.path: a.data.decode()
        for e in (SiteEmitter(), MarkdownEmitter())
        for a in e.emit(result.policies)
    }


def test_unstated_service_cell_is_a_dash(tmp_path: Path) -> None:
    built = pages(tree(tmp_path, UNSTATED))
    docs = built["docs/en/northwind-support.md"]
    row = next(line for line in docs.splitlines() if line.startswith("| **"))
    cells = [c.strip() for c in row.strip("|").split("|")][1:]
    assert cells[1] == "—" and cells[0].startswith("✗") and cells[2].startswith("✓")
    html = built["site/en/northwind-support/index.html"]
    assert (
        '<td class="unstated"><span class="mark" aria-hidden="true">—</span> Not stated</td>'
        in (html)
    )


def test_unstated_is_none_in_the_python_package(tmp_path: Path) -> None:
    result = pipeline.validate([tree(tmp_path, UNSTATED)])
    assert result.policies is not None
    out = tmp_path / "out"
    for a in PythonEmitter("support_policies", "policies").emit(result.policies):
        (out / a.path).parent.mkdir(parents=True, exist_ok=True)
        (out / a.path).write_bytes(a.data)
    script = (
        "import json; from support_policies import northwind_support as n; "
        "print(json.dumps([n.SERVICES[n.Service.NAMED_ENGINEER][t].included "
        "for t in (n.Tier.STANDARD, n.Tier.BUSINESS, n.Tier.ENTERPRISE)]))"
    )
    done = subprocess.run(
        [sys.executable, "-S", "-c", script],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(out / "python")},
        check=True,
    )
    assert json.loads(done.stdout) == [False, None, True]


def test_a_promise_withdrawn_to_not_stated_is_loosened(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    old = tree(
        tmp_path / "a",
        ("programme.yaml", "enterprise: {included: true,", "enterprise: {included: true,"),
    )
    new = tree(
        tmp_path / "b",
        ("programme.yaml", "enterprise: {included: true,", "enterprise: {included: not-stated,"),
    )
    a, b = pipeline.validate([old]), pipeline.validate([new])
    assert a.policies is not None and b.policies is not None
    found = [
        c
        for c in compare(a.policies, b.policies).changes
        if c.section is Section.SERVICES and c.action is Action.CHANGED and c.field == "included"
    ]
    assert [(c.old, c.new, c.direction) for c in found] == [
        (True, "not-stated", Direction.LOOSENED)
    ]


def test_only_true_false_or_not_stated(tmp_path: Path) -> None:
    policies = tree(
        tmp_path, ("programme.yaml", "business: {included: false}", "business: {included: maybe}")
    )
    run = CliRunner().invoke(main, ["validate", str(policies), "--format", "json"])
    assert run.exit_code == 1
    found = json.loads(run.output)
    assert [(d["code"], d["file"].endswith("programme.yaml")) for d in found] == [("PC206", True)]
    assert "not-stated" in found[0]["message"]


def test_calendar_days_and_zone_not_stated(tmp_path: Path) -> None:
    policies = tree(
        tmp_path,
        (
            "calendars.yaml",
            "timezone: Europe/Berlin\n",
            "timezone: Europe/Berlin\nnot_stated: [days, timezone]\n",
        ),
    )
    docs = pages(policies)["docs/en/northwind-support.md"]
    hours = docs.split("### Berlin office hours", 1)[1].split("\n### ", 1)[0]
    assert "Monday" not in hours and "Friday" not in hours
    assert "- **Time zone:** Not stated" in hours and "Europe/Berlin" not in hours
    measured = [line for line in docs.splitlines() if line.startswith("- **Measured on:**")]
    assert measured and not any("Europe/Berlin" in line for line in measured)


def test_region_countries_not_stated(tmp_path: Path) -> None:
    policies = tree(
        tmp_path, ("regions.yaml", "{id: dach, ", "{id: dach, not_stated: [countries], ")
    )
    docs = pages(policies)["docs/en/northwind-support.md"]
    assert "- **Countries and territories:** Not stated" in docs
    assert "- **Countries and territories:** Germany" not in docs
