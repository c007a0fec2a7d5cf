"""PC345: half-width punctuation beside CJK text in catalogs, and the full-width fix."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policyc.cli import main
from policyc.model.punctuation import fullwidth, offenders

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"


@pytest.mark.parametrize(
    ("text", "found", "fixed"),
    [
        ("附加功能,不過", [","], "附加功能，不過"),
        ("服務 (如果適用)。", ["(", ")"], "服務（如果適用）。"),
        ("服務:Essentials", [":"], "服務：Essentials"),
        ("好嗎?是!", ["?", "!"], "好嗎？是！"),
        ("甲;乙", [";"], "甲；乙"),
        ("全年無休 (24/7)", [], "全年無休 (24/7)"),  # no mark touches a CJK character
        ("Dropbox, Inc. (US): yes?", [], "Dropbox, Inc. (US): yes?"),
        ("สนับสนุน, 24/7", [], "สนับสนุน, 24/7"),  # Thai is not CJK
    ],
)
def test_marks_beside_cjk_are_found_and_set_full_width(
    text: str, found: list[str], fixed: str
) -> None:
    assert offenders(text) == found
    assert fullwidth(text) == fixed
    assert offenders(fixed) == []


def _validate(policies: Path) -> list[dict[str, object]]:
    done = CliRunner().invoke(main, ["validate", str(policies), "--format", "json"])
    assert done.exit_code == 0, done.output
    diags: list[dict[str, object]] = json.loads(done.output)
    return diags


def test_bundled_catalogs_have_no_half_width_marks_beside_cjk() -> None:
    assert [d for d in _validate(ROOT / "policies") if d["code"] == "PC345"] == []


def test_a_half_width_comma_in_a_catalog_is_a_located_warning(tmp_path: Path) -> None:
    tree = tmp_path / "policies"
    shutil.copytree(VENDOR, tree)
    fr = tree / "catalogs" / "fr.yaml"
    text = fr.read_text(encoding="utf-8")
    fr.write_text(
        text.replace("  product.erp: Northwind ERP", "  product.erp: 北風 ERP,支援"),
        encoding="utf-8",
    )
    found = [d for d in _validate(tree) if d["code"] == "PC345"]
    assert len(found) == 1
    assert found[0]["severity"] == "warning"
    assert "product.erp" in str(found[0]["message"])
    assert found[0]["line"] == text.splitlines().index("  product.erp: Northwind ERP") + 1
