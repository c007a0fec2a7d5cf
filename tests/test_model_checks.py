"""Semantic checks: one failing fixture per PC3xx code, each with a snapshot of its diagnostic.

Each case copies the valid vendor fixture, applies a small edit, and validates.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from policyc import pipeline
from policyc.report import render_text

VENDOR = Path(__file__).parent / "cases" / "vendor" / "policies"

# code → list of (file, old text, new text); every old text must occur in the file
CASES: dict[str, list[tuple[str, str, str]]] = {
    "PC301": [
        (
            "sla.yaml",
            "metric: first-response, severities: [p2]",
            "metric: first-respnse, severities: [p2]",
        )
    ],
    "PC302": [("programme.yaml", "{id: p4, name: priority.p4}", "{id: p3, name: priority.p4}")],
    "PC303": [("programme.yaml", "name: tier.enterprise", "name: tier.enterprize")],
    "PC304": [("catalogs/fr.yaml", "  tier.business: Business\n", "")],
    "PC305": [("programme.yaml", "locales: [en, fr]", "locales: [en, fr, de]")],
    "PC306": [
        (
            "catalogs/fr.yaml",
            "  tier.business: Business\n",
            "  tier.business: Business\n  tier.gold: Or\n",
        )
    ],
    "PC307": [
        ("catalogs/fr.yaml", "au moins {seats} utilisateurs", "au moins {places} utilisateurs")
    ],
    "PC308": [
        (
            "catalogs/en.yaml",
            "  tier.standard: Standard\n",
            "  tier.standard: Standard\n  unit.hours: {one: '{count} hour', other: '{count} hours'}\n",
        ),
        (
            "catalogs/fr.yaml",
            "  tier.standard: Standard\n",
            "  tier.standard: Standard\n  unit.hours: {other: '{count} heures'}\n",
        ),
    ],
    "PC309": [("regions.yaml", "countries: [FR, MC]", "countries: [FR, MC, AT]")],
    "PC310": [
        ("regions.yaml", "{contact: luc, countries: [FR, MC]}", "{contact: luc, countries: [FR]}")
    ],
    "PC311": [
        (
            "regions.yaml",
            "{level: 2, role: escalation.account, contacts: [{contact: anna",
            "{level: 3, role: escalation.account, contacts: [{contact: anna",
        )
    ],
    "PC312": [("sla.yaml", "within: {min: 4h, max: 8h}", "within: {min: 9h, max: 8h}")],
    "PC313": [
        (
            "calendars.yaml",
            '  - {days: [mon, tue, wed, thu, fri], from: "08:00", to: "18:00"}',
            "  []",
        ),
        ("calendars.yaml", "hours:\n  []", "hours: []"),
    ],
    "PC314": [("sla.yaml", "tiers: [standard], within: 2h}", "tiers: [standard], within: 20m}")],
    "PC315": [("calendars.yaml", "timezone: Europe/Berlin", "timezone: Europe/Atlantis")],
    "PC316": [("regions.yaml", "countries: [DE, AT, CH]", "countries: [DE, AT, CH, UK]")],
    "PC317": [("programme.yaml", "support_languages: [en, fr]", "support_languages: [en, fr, xx]")],
    "PC318": [("sla.yaml", "  - {metric: first-response, severities: [p3], within: 1d}\n", "")],
    "PC319": [("sla.yaml", "severities: [p2], within: 4h}", "severities: [p2, p3], within: 4h}")],
    "PC320": [
        (
            "regions.yaml",
            "timezone: Europe/Paris}",
            "timezone: Europe/Paris}\nlarge_accounts:\n  - {id: a, name: region.dach, regions: [dach], min_seats: 50}\n  - {id: b, name: region.france, countries: [DE], min_seats: 60}",
        ),
    ],
    "PC321": [("programme.yaml", "locales: [en, fr]", "locales: [fr, en]")],
    "PC322": [
        ("programme.yaml", "locales: [en, fr]", "locales: [en]"),
        ("programme.yaml", "support_languages: [en, fr]", "support_languages: [en]"),
    ],
    "PC323": [("calendars.yaml", 'from: "08:00", to: "18:00"', 'from: "08:00", to: "08:00"')],
    "PC324": [("programme.yaml", 'valid_to: "2026-12-31"', 'valid_to: "2025-12-31"')],
    "PC325": [("programme.yaml", "      business: {included: false}\n", "")],
    "PC326": [
        (
            "regions.yaml",
            "  - region: france\n    levels:\n      - {level: 1, role: escalation.duty, delay: 30m, contacts: [{contact: duty-manager}]}\n      - {level: 2, role: escalation.account, contacts: [{contact: luc, countries: [FR, MC]}]}\n",
            "",
        )
    ],
}


def run_case(tmp_path: Path, edits: list[tuple[str, str, str]]) -> pipeline.Result:
    tree = tmp_path / "policies"
    shutil.copytree(VENDOR, tree)
    for name, old, new in edits:
        path = tree / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture edit does not apply: {old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return pipeline.validate([Path("policies")])


def test_vendor_fixture_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_case(tmp_path, [])
    assert result.diagnostics == []
    assert result.policies is not None


@pytest.mark.parametrize("code", sorted(CASES))
def test_semantic_check_fixture(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, snapshot: SnapshotAssertion
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_case(tmp_path, CASES[code])
    found = [d for d in result.diagnostics if d.code == code]
    assert found, [f"{d.code} {d.message}" for d in result.diagnostics]
    assert render_text(found) == snapshot
