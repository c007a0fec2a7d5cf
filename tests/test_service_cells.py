"""Typed services cells and text bound to data: `sla:` references, counts, partial cells,
`{within_…}` / `{min_seats_…}` placeholders and the checks PC346, PC347, PC348.

Trees are copies of the bundled policies (pages need the chrome) or of the vendor fixture,
with small edits whose old text must occur in the file.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policyc import pipeline
from policyc.cli import main
from policyc.diagnostics import Diagnostic
from policyc.semdiff import Action, Direction, Section
from policyc.semdiff.compare import compare

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "policies"
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"
DROPBOX = "dropbox-premium-support"

Edit = tuple[str, str, str]  # file, old text, new text


def tree(tmp: Path, source: Path, edits: list[Edit]) -> Path:
    target = tmp / f"policies-{len(list(tmp.iterdir()))}"
    shutil.copytree(source, target)
    for file, old, new in edits:
        path = target / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{file}: {old!r} not found"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def findings(root: Path, code: str) -> list[Diagnostic]:
    return [d for d in pipeline.validate([root]).diagnostics if d.code == code]


def build(root: Path, out: Path) -> Result:
    args = ["build", "--policies", str(root), "--out", str(out)]
    return CliRunner().invoke(main, args, catch_exceptions=False)


def plain(page: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


_SERVICE = (
    "programme.yaml",
    "      enterprise: {included: true, detail: service.named-engineer.detail}",
)


# -- references to SLA targets (PC347) ---------------------------------------------------------


def test_ambiguous_sla_reference_is_located(tmp_path: Path) -> None:
    """Northwind's standard tier answers P1 in 2h and P2 in 4h: no single target."""
    root = tree(
        tmp_path,
        VENDOR,
        [
            (
                *_SERVICE[:1],
                "      standard: {included: false}",
                "      standard: {included: true, sla: {metric: first-response}}",
            )
        ],
    )
    [found] = findings(root, "PC347")
    assert found.severity.value == "error"
    assert "different targets: name the severity" in found.message
    text = (root / "programme.yaml").read_text(encoding="utf-8").splitlines()
    assert "sla: {metric: first-response}" in text[found.span.line - 1]
    assert found.span.file.endswith("programme.yaml")


@pytest.mark.parametrize(
    ("sla", "message"),
    [
        ("{metric: first-response, policy: gold}", "there is no SLA policy 'gold'"),
        ("{metric: uptime, severity: p1}", "has no cell for standard × p1 × uptime"),
    ],
)
def test_missing_sla_reference_is_an_error(tmp_path: Path, sla: str, message: str) -> None:
    root = tree(
        tmp_path,
        VENDOR,
        [
            (
                "programme.yaml",
                "      standard: {included: false}",
                f"      standard: {{included: true, sla: {sla}}}",
            )
        ],
    )
    [found] = findings(root, "PC347")
    assert message in found.message


def test_sla_reference_with_severity_resolves(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        VENDOR,
        [
            (
                "programme.yaml",
                "      standard: {included: false}",
                "      standard: {included: true, sla: {metric: first-response, severity: p1}}",
            )
        ],
    )
    result = pipeline.validate([root])
    assert [d for d in result.diagnostics if d.severity.value == "error"] == []
    assert result.policies is not None
    cell = result.policies.programmes["northwind-support"].services[0].by_tier["standard"]
    assert (
        cell.sla is not None
        and cell.sla.severities == ("p1",)
        and cell.sla.policy == "standard-terms"
    )


def test_unknown_within_placeholder_is_located(tmp_path: Path) -> None:
    en = f"{DROPBOX}/catalogs/en.yaml"
    root = tree(
        tmp_path,
        POLICIES,
        [(en, "{within_first_response_enhanced}", "{within_first_response_platinum}")],
    )
    found = findings(root, "PC347")
    assert [d.span.file.endswith("catalogs/en.yaml") for d in found] == [True]
    assert "'{within_first_response_platinum}' in 'tier.enhanced.description'" in found[0].message


# -- counts and partial cells -----------------------------------------------------------------


def test_count_detail_without_count_placeholder_is_pc348(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        VENDOR,
        [
            (
                *_SERVICE,
                "      enterprise: {included: true, count: 2, detail: service.named-engineer.detail}",
            )
        ],
    )
    [found] = findings(root, "PC348")
    assert "has count 2" in found.message and found.span.file.endswith("programme.yaml")


def test_count_and_partial_cells_on_pages_python_and_routing(tmp_path: Path) -> None:
    """A count shows through its plural detail (CLDR category of the number); a partial cell
    is neither a tick nor a cross, in every artifact."""
    programme = f"{DROPBOX}/programme.yaml"
    root = tree(
        tmp_path,
        POLICIES,
        [
            (
                programme,
                "enhanced: {included: true, count: 3,",
                "enhanced: {included: true, count: 1,",
            ),
            (
                programme,
                "      champions-grand: {included: not-stated}\n      champions-epic: {included: not-stated}\n  - id: member-email-support",
                "      champions-grand: {included: partial}\n      champions-epic: {included: not-stated}\n  - id: member-email-support",
            ),
        ],
    )
    out = tmp_path / "out"
    result = build(root, out)
    assert result.exit_code == 0, result.output
    en = plain(out / "site" / "en" / DROPBOX / "index.html")
    assert "Highlights 3 unused/underused features" in en  # essentials: count 3
    assert "Highlights 1 unused/underused feature" in en  # enhanced: count 1, singular
    fr = plain(out / "site" / "fr" / DROPBOX / "index.html")
    assert "Points forts de 1 fonctionnalité inutilisée/sous-utilisée" in fr
    assert "Partiellement inclus" in fr and "Partly included" in en
    page = (out / "site" / "en" / DROPBOX / "index.html").read_text(encoding="utf-8")
    assert (
        '<td class="partial"><span class="mark" aria-hidden="true">◐</span> Partly included</td>'
        in page
    )
    markdown = (out / "docs" / "en" / f"{DROPBOX}.md").read_text(encoding="utf-8")
    assert "◐ Partly included" in markdown
    table = json.loads((out / "routing" / f"{DROPBOX}.json").read_text(encoding="utf-8"))
    by = {s["id"]: s["by_tier"] for s in table["services"]}
    assert by["quarterly-feature-emails"]["enhanced"]["count"] == 1
    assert by["root-cause-meeting"]["champions-grand"]["included"] == "partial"
    module = (out / "python" / "support_policies" / "dropbox_premium_support.py").read_text(
        encoding="utf-8"
    )
    assert 'Inclusion(included="partial")' in module and "count=1" in module


# -- free text that states what data holds (PC346) -------------------------------------------


def test_free_text_stating_a_target_is_pc346(tmp_path: Path) -> None:
    en = f"{DROPBOX}/catalogs/en.yaml"
    root = tree(
        tmp_path,
        POLICIES,
        [
            (
                en,
                '"24/7 phone, email or chat support"',
                '"24/7 phone, email or chat support, answered within 4 hours"',
            )
        ],
    )
    [found] = findings(root, "PC346")
    assert found.severity.value == "warning"
    assert "'service.support-24-7.detail' (en) states \"within 4 hours\"" in found.message
    line = (root / en).read_text(encoding="utf-8").splitlines()[found.span.line - 1]
    assert line.startswith("  service.support-24-7.detail:")


def test_bundled_policies_state_no_bound_number_as_text() -> None:
    assert findings(POLICIES, "PC346") == []


# -- policyc diff ---------------------------------------------------------------------------


def test_diff_of_services_cells(tmp_path: Path) -> None:
    old = tree(
        tmp_path,
        VENDOR,
        [
            (
                *_SERVICE,
                "      enterprise: {included: true, count: 2, detail: service.named-engineer.count}",
            )
        ],
    )
    catalogs = [
        (
            f"catalogs/{loc}.yaml",
            "  service.named-engineer.detail:",
            "  service.named-engineer.count: {one: '{count}', other: '{count}'}\n  service.named-engineer.detail:",
        )
        for loc in ("en", "fr")
    ]
    old = tree(tmp_path, old, catalogs)
    new = tree(
        tmp_path,
        old,
        [
            (
                "programme.yaml",
                "enterprise: {included: true, count: 2,",
                "enterprise: {included: partial, count: 3,",
            )
        ],
    )
    a, b = pipeline.validate([old]), pipeline.validate([new])
    assert a.policies is not None and b.policies is not None
    found = [c for c in compare(a.policies, b.policies).changes if c.section is Section.SERVICES]
    by_field = {c.field: c for c in found}
    assert set(by_field) == {"included", "count"}
    assert by_field["included"].direction is Direction.LOOSENED
    assert (by_field["count"].old, by_field["count"].new) == (2, 3)
    assert by_field["count"].direction is Direction.TIGHTENED
    assert all(c.action is Action.CHANGED for c in found)


def test_a_number_of_another_fact_is_not_pc346(tmp_path: Path) -> None:
    """10 is the seat threshold of a rule, but a services cell's "10" is another fact."""
    en = f"{DROPBOX}/catalogs/en.yaml"
    detail = '"24/7 phone, email or chat support"'
    root = tree(tmp_path, POLICIES, [(en, detail, '"24/7 support for up to 10 admins"')])
    assert findings(root, "PC346") == []
    own = f"{DROPBOX}/programme.yaml"
    counted = (
        "enhanced: {included: true, count: 3, detail: service.quarterly-feature-emails.detail}"
    )
    fixed = "enhanced: {included: true, count: 10, detail: service.quarterly-feature-emails.detail}"
    root = tree(
        tmp_path,
        POLICIES,
        [(own, counted, fixed), (en, detail, '"24/7 support for up to 10 admins"')],
    )
    assert findings(root, "PC346") == []  # another service's count: still another fact
