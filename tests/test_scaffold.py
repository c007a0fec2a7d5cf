"""`policyc new`: every skeleton validates where it is written, with a correct modeline."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from syrupy.assertion import SnapshotAssertion

from policyc import scaffold

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scaffold, "today", lambda: date(2026, 3, 27))


@pytest.fixture
def vendor(tmp_path: Path) -> Path:
    tree = tmp_path / "policies"
    shutil.copytree(VENDOR, tree)
    return tree


def written(result: Result) -> list[Path]:
    return [
        Path(line.removeprefix("wrote "))
        for line in result.stderr.splitlines()
        if line.startswith("wrote ")
    ]


def assert_modeline(path: Path, schema: str) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    found = MODELINE.match(first)
    assert found, first
    target = (path.parent / found.group(1)).resolve()
    assert target == (ROOT / "schemas" / f"{schema}.schema.json").resolve()


def assert_valid(run: Callable[..., Result], tree: Path) -> None:
    result = run("validate", "--policies", str(tree))
    assert result.exit_code == 0, result.stderr
    assert "error[" not in result.stderr


def test_programme_validates_on_its_own(run: Callable[..., Result], tmp_path: Path) -> None:
    tree = tmp_path / "policies"
    tree.mkdir()
    result = run("new", "programme", "acme-support", "--policies", str(tree))
    assert result.exit_code == 0, result.stderr
    files = sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*.yaml"))
    assert files == [
        "acme-support/calendars.yaml",
        "acme-support/catalogs/en.yaml",
        "acme-support/programme.yaml",
        "acme-support/sla.yaml",
    ]
    assert_valid(run, tree)
    schemas = {
        "programme": "programme",
        "sla": "slapolicy",
        "calendars": "calendar",
        "en": "catalog",
    }
    for path in tree.rglob("*.yaml"):
        assert_modeline(path, schemas[path.stem])


def test_programme_snapshot(tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    # a project layout inside tmp_path, so the modeline path does not depend on the checkout
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    skeleton = scaffold.programme(
        "acme-support", tmp_path / "policies" / "acme-support", tmp_path / "schemas"
    )
    texts = {path.relative_to(tmp_path).as_posix(): text for path, text in skeleton.files}
    assert texts == snapshot


def test_programme_beside_the_seeds(run: Callable[..., Result], tmp_path: Path) -> None:
    """A new programme joins the real policies (shared calendars, chrome) without errors."""
    tree = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", tree)
    assert run("new", "programme", "acme-support", "--policies", str(tree)).exit_code == 0
    assert_valid(run, tree)


@pytest.mark.parametrize(
    ("kind", "name", "where", "schema"),
    [
        ("calendar", "weekend-desk", "calendars/weekend-desk.yaml", "policy"),
        ("sla-policy", "erp-hotline", "sla/erp-hotline.yaml", "policy"),
        ("article", "open-a-ticket", "articles/open-a-ticket.yaml", "policy"),
        ("catalog", "de", "catalogs/de.yaml", "catalog"),
        ("policy-test", "northwind-smoke", "tests/northwind-smoke.yaml", "policytest"),
        ("export", "zendesk", "export-zendesk.yaml", "export"),
        ("export", "pagerduty", "export-pagerduty.yaml", "export"),
    ],
)
def test_kind_validates_in_its_programme(
    run: Callable[..., Result], vendor: Path, kind: str, name: str, where: str, schema: str
) -> None:
    result = run("new", kind, name, "--programme", "northwind-support", "--policies", str(vendor))
    assert result.exit_code == 0, result.stderr
    path = vendor / where
    assert written(result) and written(result)[0].resolve() == path.resolve()
    assert_modeline(path, schema)
    assert_valid(run, vendor)
    if kind == "policy-test":
        tested = run("test", "--policies", str(vendor))
        assert tested.exit_code == 0 and "ok: 1 passed" in tested.stderr, tested.stderr


def test_catalog_for_a_declared_locale_with_plurals(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    """The fr catalog of the seed copies every en message and the plural forms fr needs."""
    tree = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", tree)
    fr = tree / "dropbox-premium-support" / "catalogs" / "fr.yaml"
    fr.unlink()
    result = run(
        "new", "catalog", "fr", "--programme", "dropbox-premium-support", "--policies", str(tree)
    )
    assert result.exit_code == 0, result.stderr
    assert "next:" not in result.stderr  # fr is already declared
    assert_valid(run, tree)


def test_all_kinds_together_and_dir_option(
    run: Callable[..., Result], vendor: Path, tmp_path: Path
) -> None:
    other = vendor / "northwind-extra"
    for kind, name in [("calendar", "night-desk"), ("article", "faq"), ("sla-policy", "vip")]:
        result = run(
            "new",
            kind,
            name,
            "--programme",
            "northwind-support",
            "--policies",
            str(vendor),
            "--dir",
            str(other),
        )
        assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in other.iterdir()) == ["faq.yaml", "night-desk.yaml", "vip.yaml"]
    assert_valid(run, vendor)


def test_refuses_to_overwrite(run: Callable[..., Result], vendor: Path) -> None:
    args = (
        "new",
        "calendar",
        "weekend-desk",
        "--programme",
        "northwind-support",
        "--policies",
        str(vendor),
    )
    assert run(*args).exit_code == 0
    path = vendor / "calendars" / "weekend-desk.yaml"
    path.write_text(path.read_text() + "# edited\n")
    again = run(*args)
    assert again.exit_code == 2
    assert "already" in again.stderr or "exists" in again.stderr
    assert path.read_text().endswith("# edited\n")


def test_refuses_to_overwrite_any_file_of_a_programme(tmp_path: Path) -> None:
    target = tmp_path / "policies" / "acme-support"
    (target / "catalogs").mkdir(parents=True)
    (target / "catalogs" / "en.yaml").write_text("# mine\n")
    found = scaffold.write(scaffold.programme("acme-support", target, ROOT / "schemas"))
    assert [d.code for d in found] == ["PC581"]
    assert not (target / "programme.yaml").exists()
    assert (target / "catalogs" / "en.yaml").read_text() == "# mine\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("programme", "Acme Support"), "is not an id"),
        (("calendar", "x", "--programme", "northwind"), "did you mean 'northwind-support'"),
        (("calendar", "x"), "--programme"),
        (("calendar", "nonstop", "--programme", "northwind-support"), "calendar 'nonstop' exists"),
        (("catalog", "xx-YY", "--programme", "northwind-support"), "not a locale"),
        (("programme", "northwind-support"), "programme 'northwind-support' exists"),
        (("schedule", "x"), "'schedule' is not one of"),
        (("export", "jira", "--programme", "northwind-support"), "'jira' is not a system"),
    ],
)
def test_usage_errors(
    run: Callable[..., Result], vendor: Path, args: tuple[str, ...], message: str
) -> None:
    result = run("new", *args, "--policies", str(vendor))
    assert result.exit_code == 2
    assert message in result.stderr
