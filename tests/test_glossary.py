"""The glossary check (PC328): a catalog says each glossary concept in the glossary's term."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policyc.cli import main
from policyc.model.glossary import variant_in

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"
SEEDS = ROOT / "policies"


@pytest.mark.parametrize(
    ("text", "term", "variants", "found"),
    [
        ("Les tickets P1 sont traités.", "demande", ["ticket"], "ticket"),  # a word's start
        ("Un eticket P1.", "demande", ["ticket"], None),  # not inside a word
        ("TICKET", "demande", ["ticket"], "ticket"),  # case-insensitive
        ("จำนวนสิทธิ์การใช้งานผู้ใช้", "สิทธิ์การใช้งาน", ["สิทธิ์"], None),  # part of the term
        ("ทีมที่มีใบอนุญาตน้อยกว่า 10 ใบ", "สิทธิ์การใช้งาน", ["ใบอนุญาต"], "ใบอนุญาต"),
        ("處理工單所分配的資源", "回報單", ["工單"], "工單"),  # no spaces in Chinese
        ("Les niveaux de sévérité", "gravité", ["sévérité"], "sévérité"),  # accents are Latin
        ("Une hypersévérité", "gravité", ["sévérité"], None),
    ],
)
def test_variant_in(text: str, term: str, variants: list[str], found: str | None) -> None:
    assert variant_in(text, term, tuple(variants)) == found


def _tree(tmp: Path, glossary: str) -> Path:
    target = tmp / "policies"
    shutil.copytree(VENDOR, target)
    fr = target / "catalogs" / "fr.yaml"
    fr.write_text(
        fr.read_text(encoding="utf-8").replace("messages:\n", glossary + "messages:\n", 1),
        encoding="utf-8",
    )
    return target


def _validate(policies: Path) -> tuple[int, list[dict[str, object]]]:
    run = CliRunner().invoke(main, ["validate", str(policies), "--format", "json"])
    return run.exit_code, json.loads(run.output)


def test_a_variant_is_a_located_warning(tmp_path: Path) -> None:
    policies = _tree(tmp_path, "glossary:\n  ticket: {term: demande, variants: [ticket]}\n")
    code, found = _validate(policies)
    assert code == 0  # a warning
    assert [(d["code"], d["severity"]) for d in found] == [("PC328", "warning")]
    line = next(
        i
        for i, text in enumerate((policies / "catalogs" / "fr.yaml").read_text().splitlines(), 1)
        if text.startswith("  calendar.p1-nonstop:")
    )
    assert (str(found[0]["file"]).endswith("catalogs/fr.yaml"), found[0]["line"]) == (True, line)
    assert "'calendar.p1-nonstop' says 'ticket' for ticket" in str(found[0]["message"])
    assert "demande" in str(found[0]["hint"])


def test_the_glossary_term_itself_is_fine(tmp_path: Path) -> None:
    policies = _tree(tmp_path, "glossary:\n  ticket: {term: ticket, variants: [billet]}\n")
    assert _validate(policies) == (0, [])


def test_a_glossary_entry_needs_variants(tmp_path: Path) -> None:
    policies = _tree(tmp_path, "glossary:\n  ticket: {term: ticket}\n")
    code, found = _validate(policies)
    assert code == 1 and [d["code"] for d in found] == ["PC203"]


def test_every_seed_catalog_has_a_glossary_and_keeps_to_it() -> None:
    """Each programme's catalog in each locale names the terms its source uses."""
    catalogs = sorted((SEEDS).glob("*/catalogs/*.yaml"))
    assert len(catalogs) == 10
    for path in catalogs:
        assert "\nglossary:\n" in path.read_text(encoding="utf-8"), path
    code, found = _validate(SEEDS)
    assert code == 0 and [d for d in found if d["code"] == "PC328"] == []
