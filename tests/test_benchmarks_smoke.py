"""The benchmarks cannot rot: a 10-file run end to end, and the generator's promises.

No timings are asserted (the machines are noisy); the figures belong in benchmarks/README.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from benchgen import BENCH, generate

from policyc import pipeline


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


@pytest.mark.parametrize("files", [10, 100])
def test_generated_sets_validate_without_any_finding(tmp_path: Path, files: int) -> None:
    info = generate.generate(tmp_path / "p", files, seed=7)
    assert info.programme_files == files
    assert len(_files(tmp_path / "p")) == info.files
    result = pipeline.validate([tmp_path / "p"])
    assert result.diagnostics == []
    assert result.policies is not None
    assert len(result.policies.programmes) == info.programmes
    locales = {p.locales for p in result.policies.programmes.values()}
    assert locales == {("en", "zh-TW", "it", "fr", "th")}


def test_generated_sets_use_the_whole_model(tmp_path: Path) -> None:
    generate.generate(tmp_path / "p", 300, seed=3)
    result = pipeline.validate([tmp_path / "p"])
    assert result.diagnostics == [] and result.policies is not None
    programmes = list(result.policies.programmes.values())
    cells = [c for p in programmes for s in p.sla_policies for c in s.cells]
    assert any(c.target.exact for c in cells) and any(not c.target.exact for c in cells)
    assert any(c.exception for c in cells)
    assert any(not s.is_default for p in programmes for s in p.sla_policies)
    assert any(r.subdivisions for p in programmes for r in p.regions)
    assert any(p.large_accounts for p in programmes)
    assert any(p.request_templates for p in programmes) and any(p.articles for p in programmes)
    scoped = [
        sc
        for p in programmes
        if p.escalation
        for chain in p.escalation.chains
        for level in chain.levels
        for sc in level.contacts
    ]
    assert any(sc.countries for sc in scoped) and any(sc.subdivisions for sc in scoped)
    plurals = {
        loc: msg
        for p in programmes
        for loc, catalog in p.catalogs.items()
        for msg in catalog.values()
        if isinstance(msg, dict)
    }
    assert set(plurals["fr"]) == {"one", "many", "other"} and set(plurals["th"]) == {"other"}


def test_the_generator_is_deterministic(tmp_path: Path) -> None:
    generate.generate(tmp_path / "a", 40, seed=5)
    generate.generate(tmp_path / "b", 40, seed=5)
    generate.generate(tmp_path / "c", 40, seed=6)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


def test_one_document_per_file_holds_the_same_documents(tmp_path: Path) -> None:
    many = generate.generate(tmp_path / "many", 30, seed=2)
    single = generate.generate(tmp_path / "single", 30, seed=2, one_per_file=True)
    assert single.documents == many.documents and single.files > many.files
    loaded = pipeline.validate([tmp_path / "single"])
    assert loaded.diagnostics == [] and len(loaded.documents) == many.documents
    assert all(text.count(b"\n---") == 0 for text in _files(tmp_path / "single").values())


def test_a_smoke_run_prints_and_writes_the_whole_table(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        "# Benchmarks\n\n<!-- results:begin -->\nstale table\n<!-- results:end -->\nkept\n"
        "<!-- edit-loop:begin -->\nstale table\n<!-- edit-loop:end -->\nkept too\n"
    )
    run = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--sizes",
            "10",
            "--repeat",
            "1",
            "--no-warmup",
            "--settle",
            "0",
            "--data",
            str(tmp_path / "data"),
            "--readme",
            str(readme),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    text = readme.read_text()
    assert text.startswith("# Benchmarks\n") and "<!-- results:end -->\nkept\n" in text
    assert text.endswith("<!-- edit-loop:end -->\nkept too\n")
    assert "stale table" not in text
    for row in (
        "1. validate vs check-jsonschema",
        "2. validate vs floor",
        "3. build vs floor",
        "4. no-op rebuild vs full build",
        "5. start-up: `policyc --help`",
        "6. scaling: validate time",
        "6. scaling: build peak memory",
        "8. `build --watch`: catalog saved → page on disk",
        "7. build, programme file changed",
        "7. validate PATH, catalog changed",
        "7. build, shared calendar changed",
        "7. build, nothing changed (warm)",
    ):
        assert row in text and row in run.stdout
    assert "cores (`nproc`)" in text and "Python 3." in text
    # the outputs moved aside between the timed runs are deleted once it is over
    assert (tmp_path / "data" / "edit-10").is_dir()
    assert not (tmp_path / "data" / "trash").exists()


def test_outputs_are_moved_aside_then_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`editloop.discard` renames a tree into the trash (no inode freed while timing);
    `empty_trash` deletes it all; a missing path is nothing to move."""
    monkeypatch.syspath_prepend(str(BENCH))
    import editloop

    out = tmp_path / "out"
    (out / "site").mkdir(parents=True)
    (out / "site" / "index.html").write_text("x")
    editloop.discard(out, tmp_path)
    editloop.discard(tmp_path / "missing", tmp_path)
    assert not out.exists()
    [moved] = (tmp_path / "trash").iterdir()
    assert (moved / "site" / "index.html").read_text() == "x"
    editloop.empty_trash(tmp_path)
    assert not (tmp_path / "trash").exists()
