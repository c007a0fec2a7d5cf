"""PC345: half-width punctuation beside CJK text in catalogs, and the full-width fix."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from policyc.cli import main
from policyc.model import punctuation
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


# the definition `_BESIDE_CJK` is written for speed from
_PLAIN = re.compile(
    rf"(?<=[{punctuation._CJK}])[{punctuation._HALF}]|[{punctuation._HALF}](?=[{punctuation._CJK}])"
)
_MIXED = st.text(st.sampled_from(",:;()?!，a 1\n甲乙あ한。（\u0e01\u3000\uff01"), max_size=30)


@given(st.lists(_MIXED, max_size=6))
def test_the_fast_search_is_the_plain_definition(texts: list[str]) -> None:
    for text in texts:
        assert offenders(text) == [m.group() for m in _PLAIN.finditer(text)]
    catalog: dict[str, str | dict[str, str]] = {
        f"k{i}": t if i % 2 else {"other": t} for i, t in enumerate(texts)
    }
    assert punctuation._clean(catalog) == all(not offenders(t) for t in texts)


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
