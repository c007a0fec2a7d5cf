"""policyc as users install it: the wheel and sdist, installed non-editable in a fresh venv.

The wheel is built from the sdist (`python -m build`), so both must be complete. The
installed `policyc` runs every command from directories that have nothing to do with this
repository, on a copy of the bundled policies and on a policy tree of another vendor.
"""

from __future__ import annotations

import json
import shutil
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from tools import ROOT, fresh_venv, module, run

pytestmark = pytest.mark.distribution

SCHEMAS = sorted((ROOT / "schemas").rglob("*.schema.json"))  # exports/ payload schemas too


def _rel(path: Path) -> str:
    return path.relative_to(ROOT / "schemas").as_posix()


PACKAGE = ROOT / "src" / "policyc"
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"


def _package_files() -> list[str]:
    return sorted(
        p.relative_to(PACKAGE.parent).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    module("build")
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--outdir", out, ROOT, cwd=out)
    (wheel,) = out.glob("policyc-*.whl")
    (sdist,) = out.glob("policyc-*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


@pytest.fixture(scope="module")
def installed(dist: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin directory of a fresh venv holding the wheel (not editable)."""
    bin_dir = fresh_venv(tmp_path_factory.mktemp("venv") / "v")
    run(bin_dir / "python", "-m", "pip", "install", "--quiet", dist["wheel"], cwd=bin_dir)
    return bin_dir


@pytest.fixture
def elsewhere(tmp_path: Path) -> Iterator[Path]:
    """A working directory outside the repository, with no pyproject.toml above it."""
    here = tmp_path / "somewhere" / "else"
    here.mkdir(parents=True)
    yield here


def test_wheel_carries_every_runtime_file_and_the_schemas_byte_for_byte(
    dist: dict[str, Path],
) -> None:
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        names = set(wheel.namelist())
        for path in _package_files():
            assert path in names, f"{path} is missing from the wheel"
        shipped = sorted(n for n in names if n.startswith("policyc/schemas/"))
        assert shipped == sorted(f"policyc/schemas/{_rel(p)}" for p in SCHEMAS)
        for path in SCHEMAS:
            assert wheel.read(f"policyc/schemas/{_rel(path)}") == path.read_bytes(), path.name


def test_sdist_carries_the_sources_and_the_one_copy_of_the_schemas(dist: dict[str, Path]) -> None:
    with tarfile.open(dist["sdist"]) as sdist:
        top = sdist.getnames()[0].split("/")[0]
        names = {n.removeprefix(f"{top}/") for n in sdist.getnames()}
        for path in SCHEMAS:
            member = sdist.extractfile(f"{top}/schemas/{_rel(path)}")
            assert member is not None and member.read() == path.read_bytes(), path.name
    assert {f"src/{p}" for p in _package_files()} <= names
    assert not any(n.startswith("src/policyc/schemas") for n in names)  # one copy only


def test_installed_package_reads_its_own_schemas(installed: Path, elsewhere: Path) -> None:
    found = run(
        installed / "python",
        "-c",
        "from policyc.paths import schemas_dir; print(schemas_dir())",
        cwd=elsewhere,
    ).strip()
    schemas = Path(found)
    assert schemas.is_relative_to(installed.parent), found
    assert sorted(
        p.relative_to(schemas).as_posix() for p in schemas.rglob("*.schema.json")
    ) == sorted(_rel(p) for p in SCHEMAS)
    for path in SCHEMAS:
        assert (schemas / _rel(path)).read_bytes() == path.read_bytes(), path.name


def test_installed_commands_on_the_bundled_policies(installed: Path, elsewhere: Path) -> None:
    """From a project of its own: defaults find policies/ and generated/ there."""
    policyc = installed / "policyc"
    shutil.copytree(ROOT / "policies", elsewhere / "policies")
    shutil.copytree(ROOT / "generated", elsewhere / "generated")
    run(policyc, "validate", cwd=elsewhere)
    run(policyc, "build", "--check", cwd=elsewhere)  # the installed build writes the same bytes
    tests = json.loads(run(policyc, "test", "--format", "json", cwd=elsewhere))
    assert tests["summary"] == {"cases": 13, "passed": 13, "failed": 0, "suites": 2}
    route = json.loads(
        run(
            policyc,
            *("route", "--programme", "zoho-partner-support", "--tier", "premium"),
            *("--severity", "sev-1", "--country", "SM", "--format", "json"),
            cwd=elsewhere,
        )
    )
    assert route["resolution"]["region"] == "europe-uk"
    shutil.copytree(elsewhere / "policies", elsewhere / "old")
    sla = elsewhere / "policies" / "dropbox-premium-support" / "sla.yaml"
    sla.write_text(sla.read_text(encoding="utf-8").replace("within: 1h", "within: 2h", 1))
    diff = json.loads(run(policyc, "diff", "old", "policies", "--format", "json", cwd=elsewhere))
    assert diff["summary"]["loosened"] == diff["summary"]["changes"] >= 1
    shutil.rmtree(elsewhere / "generated")
    run(policyc, "build", cwd=elsewhere)
    assert (elsewhere / "generated" / "site" / "index.html").is_file()


def test_installed_commands_on_an_unrelated_policy_tree(installed: Path, elsewhere: Path) -> None:
    """Explicit --policies and --out, from a directory that holds neither."""
    policyc = installed / "policyc"
    tree = elsewhere.parent / "northwind" / "support"
    shutil.copytree(VENDOR, tree)
    run(policyc, "validate", "--policies", tree, cwd=elsewhere)
    out = elsewhere.parent / "out"
    run(policyc, "build", "--policies", tree, "--out", out, cwd=elsewhere)
    assert (out / "manifest.json").is_file()
    run(policyc, "build", "--policies", tree, "--out", out, "--check", cwd=elsewhere)
    tests = json.loads(run(policyc, "test", "--policies", tree, "--format", "json", cwd=elsewhere))
    assert tests["summary"]["cases"] == 0
    route = json.loads(
        run(
            policyc,
            *("route", "--policies", tree, "--programme", "northwind-support"),
            *("--tier", "business", "--severity", "p1", "--format", "json"),
            cwd=elsewhere,
        )
    )
    assert route["resolution"]["programme"] == "northwind-support"
    empty = elsewhere.parent / "empty"
    empty.mkdir()
    diff = json.loads(run(policyc, "diff", empty, tree, "--format", "json", cwd=elsewhere))
    assert diff["summary"]["programmes"] == ["northwind-support"]
    assert run(policyc, "explain", "PC206", cwd=elsewhere).startswith("PC206: ")
