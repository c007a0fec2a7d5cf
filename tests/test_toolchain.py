"""The toolchain that shapes output: pinned, recorded in the manifest, and named first when
generated/ was written by another one; tool caches beside the generated package are ignored."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from integrity import ProgrammeEmitter, use_emitters, vendor_tree

from policyc import pipeline, toolchain, zones

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    vendor_tree(tmp_path / "policies")
    monkeypatch.chdir(tmp_path)
    use_emitters(monkeypatch, ProgrammeEmitter())
    assert pipeline.build(Path("policies"), Path("generated")).summary.startswith("built")
    return tmp_path


def _set_manifest_toolchain(out: Path, **versions: str) -> None:
    path = out / "manifest.json"
    data = json.loads(path.read_text())
    data["toolchain"].update(versions)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


def test_output_shaping_dependencies_are_pinned_exactly() -> None:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pinned = {re.split(r"[=<>\[ ]", d)[0].lower(): d for d in deps}
    for name in ("babel", "tzdata"):
        assert re.fullmatch(rf"{name}==\d[\w.]*", pinned[name]), pinned[name]


def test_manifest_records_the_toolchain(project: Path) -> None:
    manifest = json.loads((project / "generated/manifest.json").read_text())
    assert manifest["toolchain"] == toolchain.current()
    assert set(manifest["toolchain"]) == {"policyc", "cldr", "babel", "tzdata"}
    assert manifest["toolchain"]["tzdata"] == zones.version()


def test_check_names_a_different_toolchain_before_the_files(project: Path) -> None:
    _set_manifest_toolchain(project / "generated", babel="2.17.0", cldr="46")
    outcome = pipeline.build(Path("policies"), Path("generated"), check=True)
    codes = [d.code for d in outcome.diagnostics]
    assert codes[0] == "PC407", codes
    first = outcome.diagnostics[0].message
    assert "CLDR 46 (Babel 2.17.0)" in first
    assert f"CLDR {toolchain.current()['cldr']}" in first
    assert "install the pinned versions or rebuild" in first
    assert codes[1:] == ["PC404"]  # only the manifest, which records the toolchain
    assert outcome.diagnostics[1].span.file == "generated/manifest.json"


def test_same_toolchain_says_nothing(project: Path) -> None:
    outcome = pipeline.build(Path("policies"), Path("generated"), check=True)
    assert outcome.diagnostics == []


def test_rebuild_over_another_toolchain_says_so(project: Path) -> None:
    _set_manifest_toolchain(project / "generated", tzdata="2024a")
    outcome = pipeline.build(Path("policies"), Path("generated"))
    assert [d.code for d in outcome.diagnostics] == ["PC407"]
    assert "tzdata 2024a" in outcome.diagnostics[0].message
    assert outcome.summary.startswith("built")


@pytest.mark.parametrize("cache", ["__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"])
def test_tool_caches_under_out_are_ignored_then_removed(project: Path, cache: str) -> None:
    out = project / "generated"
    some_dir = next(p.parent for p in out.rglob("*") if p.is_file() and p.parent != out)
    (some_dir / cache).mkdir()
    (some_dir / cache / "x.cpython-311.pyc").write_bytes(b"\x00\x01binary")
    checked = pipeline.build(Path("policies"), Path("generated"), check=True)
    assert checked.diagnostics == []
    noop = pipeline.build(Path("policies"), Path("generated"))
    assert "up to date" in noop.summary
    (next((project / "policies").rglob("*.yaml"))).open("a").write("# touched\n")
    rebuilt = pipeline.build(Path("policies"), Path("generated"))
    assert rebuilt.summary.startswith("built")
    assert not (some_dir / cache).exists()


def test_zones_come_from_the_pinned_tzdata() -> None:
    rome = zones.zone("Europe/Rome")
    assert rome.key == "Europe/Rome"
    assert zones.zone("Europe/Rome") is rome
    for bad in ("../etc/passwd", "/etc/localtime", "Europe", "zone.tab", "Nowhere/City", ""):
        with pytest.raises(zones.ZoneInfoNotFoundError):
            zones.zone(bad)
