"""The translation workflow (`policyc i18n`): state, status, PO export and import."""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from click.testing import Result

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ("fr", "it", "th", "zh-TW")
DROPBOX = "dropbox-premium-support"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the bundled policies (outside git: no history of earlier English)."""
    copy = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", copy)
    return copy


def _catalog_files(tree: Path) -> dict[str, str]:
    return {
        p.relative_to(tree).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(tree.rglob("*.yaml"))
        if "catalogs" in p.parts or "chrome" in p.parts
    }


def _changed_lines(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str]]:
    """file → lines removed ('-') and added ('+'), for files that changed."""
    out = {}
    for name in sorted(after):
        if before.get(name) != after[name]:
            diff = difflib.unified_diff(
                before.get(name, "").splitlines(), after[name].splitlines(), lineterm="", n=0
            )
            out[name] = [d for d in diff if d[:1] in "+-" and d[:3] not in ("+++", "---")]
    return out


def _export(run: Callable[..., Result], tree: Path, out: Path, locale: str) -> list[Path]:
    result = run("i18n", "export", "--locale", locale, "--out", str(out), "--policies", str(tree))
    assert result.exit_code == 0, result.stderr
    return sorted(out.glob(f"*.{locale}.po"))


def _msgfmt(path: Path) -> None:
    if shutil.which("msgfmt") is None:
        if os.environ.get("CI"):
            pytest.fail("msgfmt (Debian gettext) is required under CI")
        pytest.skip("msgfmt (GNU gettext) is not installed")
    done = subprocess.run(
        ["msgfmt", "--check", "--check-format", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr, done.stderr


def test_bundled_export_checks_and_imports_back_unchanged(
    run: Callable[..., Result], tree: Path, tmp_path: Path
) -> None:
    before = _catalog_files(tree)
    files = []
    for locale in LOCALES:
        exported = _export(run, tree, tmp_path / "po", locale)
        assert [p.name for p in exported] == [
            f"chrome.{locale}.po",
            f"{DROPBOX}.{locale}.po",
            f"zoho-partner-support.{locale}.po",
        ]
        files += exported
    for path in files:
        _msgfmt(path)
        with path.open("rb") as f:
            po = read_po(f, abort_invalid=True)
        assert len(po) > 100 and all(m.context for m in po if m.id)
        assert not any(m.fuzzy for m in po if m.id)
        problems = [(m.context, e) for m, errors in po.check() for e in errors]
        assert problems == [], (path.name, problems)  # Babel's checkers: format, plurals
    fr = (tmp_path / "po" / "chrome.fr.po").read_text(encoding="utf-8")
    assert "nplurals=3;" in fr  # CLDR's one, many, other, not gettext's 2 forms
    assert 'msgctxt "count.seats"\nmsgid "{count} seat"\nmsgid_plural "{count} seats"' in fr
    result = run("i18n", "import", *map(str, files), "--policies", str(tree))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("unchanged:") == 12
    assert _catalog_files(tree) == before


def _edit(path: Path, changes: dict[str, str | tuple[str, ...]]) -> None:
    with path.open("rb") as f:
        po = read_po(f)
    for message in po:
        if message.context in changes:
            message.string = changes[message.context]
            message.flags.discard("fuzzy")
            message.previous_id = []
    with path.open("wb") as f:
        write_po(f, po, width=0, include_previous=True)


def test_edited_po_changes_exactly_those_lines(
    run: Callable[..., Result], tree: Path, tmp_path: Path
) -> None:
    en = tree / DROPBOX / "catalogs" / "en.yaml"
    en.write_text(
        en.read_text(encoding="utf-8").replace(
            '"Premium support: Essentials"', '"Premium Support: Essentials"'
        ),
        encoding="utf-8",
    )
    before = _catalog_files(tree)
    out = tmp_path / "po"
    _export(run, tree, out, "fr")
    dropbox = (out / f"{DROPBOX}.fr.po").read_text(encoding="utf-8")
    assert '#, fuzzy\nmsgctxt "tier.essentials.name"' in dropbox  # stale: fuzzy
    _edit(
        out / f"{DROPBOX}.fr.po",
        {
            "tier.essentials.name": "Assistance Premium : Essentials (nouveau)",
            "owner.team": "Équipe d’assistance",
        },
    )
    _edit(
        out / "chrome.fr.po",
        {"count.seats": ("{count} poste", "{count} de postes", "{count} sièges")},
    )
    result = run(
        "i18n",
        "import",
        str(out / f"{DROPBOX}.fr.po"),
        str(out / "chrome.fr.po"),
        "--policies",
        str(tree),
    )
    assert result.exit_code == 0, result.stderr
    changed = _changed_lines(before, _catalog_files(tree))
    assert sorted(changed) == [f"{DROPBOX}/catalogs/fr.yaml", "shared/chrome/fr.yaml"]
    fr = changed[f"{DROPBOX}/catalogs/fr.yaml"]
    assert len(fr) == 6, fr  # two messages and the stale one's fingerprint, old and new
    assert '+  owner.team: "Équipe d’assistance"' in fr
    assert '+  tier.essentials.name: "Assistance Premium : Essentials (nouveau)"' in fr
    assert any(re.fullmatch(r'\+  tier\.essentials\.name: "[a-z]{12}"', line) for line in fr)
    chrome = changed["shared/chrome/fr.yaml"]
    assert chrome == ['-    other: "{count} postes"', '+    other: "{count} sièges"'], chrome
    validated = run("validate", "--policies", str(tree))
    stale = [line for line in validated.stderr.splitlines() if "warning[PC341]" in line]
    assert len(stale) == len(LOCALES) - 1 and not any("/fr.yaml:" in s for s in stale), stale


def test_changed_english_is_stale_in_validate_status_and_diff(
    run: Callable[..., Result], tree: Path, tmp_path: Path
) -> None:
    before = tmp_path / "before"
    shutil.copytree(tree, before)
    en = tree / DROPBOX / "catalogs" / "en.yaml"
    en.write_text(
        en.read_text(encoding="utf-8").replace('"Support team"', '"Support team (global)"'),
        encoding="utf-8",
    )
    validated = run("validate", "--policies", str(tree))
    assert validated.exit_code == 0, validated.stderr
    stale = [line for line in validated.stderr.splitlines() if "warning[PC341]" in line]
    assert len(stale) == len(LOCALES), validated.stderr
    assert all("'owner.team'" in s and "'Support team (global)'" in s for s in stale)
    assert any(
        s.startswith(f"{tree.name}/{DROPBOX}/catalogs/fr.yaml:") or "/fr.yaml:" in s for s in stale
    )
    status = run("i18n", "status", "--format", "json", "--policies", str(tree))
    assert status.exit_code == 0, status.stderr
    rows = {(r["domain"], r["locale"]): r for r in json.loads(status.stdout)["status"]}
    for locale in LOCALES:
        assert rows[(DROPBOX, locale)]["stale"] == 1
        assert rows[("zoho-partner-support", locale)]["stale"] == 0
    failing = run("i18n", "status", "--fail-under", "100", "--policies", str(tree))
    assert failing.exit_code == 1 and f"{DROPBOX} fr: 99.4% translated" in failing.stderr
    diffed = run("diff", str(before), str(tree), "--format", "json")
    assert diffed.exit_code == 0, diffed.stderr
    changes = json.loads(diffed.stdout)["changes"]
    assert [
        (c["subject"]["locale"], c["field"], c["old"], c["new"])
        for c in changes
        if c["section"] == "translations"
    ] == [("en", "text", "Support team", "Support team (global)")] + [
        (locale, "state", "translated", "stale") for locale in sorted(LOCALES)
    ]
    assert all(c["subject"].get("key") == "owner.team" for c in changes)
    markdown = run("diff", str(before), str(tree)).stdout
    assert "- French (fr): 1 stale" in markdown, markdown
    assert "`owner.team`: stale (its English changed, the translation did not)" in markdown


def test_changed_chrome_english_is_stale_in_diff(
    run: Callable[..., Result], tree: Path, tmp_path: Path
) -> None:
    """The page chrome's translations, shared by every programme, under programme ""."""
    before = tmp_path / "before"
    shutil.copytree(tree, before)
    en = tree / "shared" / "chrome" / "en.yaml"
    en.write_text(
        en.read_text(encoding="utf-8").replace(
            "site.title: Support policies", "site.title: Support policies and plans"
        ),
        encoding="utf-8",
    )
    diffed = run("diff", str(before), str(tree), "--format", "json")
    assert diffed.exit_code == 0, diffed.stderr
    stale = [
        (c["programme"], c["subject"]["locale"], c["subject"]["key"])
        for c in json.loads(diffed.stdout)["changes"]
        if c["field"] == "state" and c["new"] == "stale"
    ]
    assert stale == [("", locale, "site.title") for locale in sorted(LOCALES)]


def test_bundled_status_is_complete(run: Callable[..., Result]) -> None:
    result = run("i18n", "status", "--fail-under", "100")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "domain",
        "locale",
        "total",
        "translated",
        "missing",
        "untranslated",
        "stale",
        "%",
    ]
    assert len(lines) == 1 + 3 * len(LOCALES)


def test_new_catalog_is_untranslated(run: Callable[..., Result], tree: Path) -> None:
    (tree / DROPBOX / "catalogs" / "it.yaml").unlink()
    made = run("new", "catalog", "it", "--programme", DROPBOX, "--policies", str(tree))
    assert made.exit_code == 0, made.stderr
    validated = run("validate", "--policies", str(tree))
    untranslated = [line for line in validated.stderr.splitlines() if "warning[PC342]" in line]
    assert len(untranslated) > 100, validated.stderr
    status = run("i18n", "status", "--format", "json", "--policies", str(tree))
    row = next(
        r
        for r in json.loads(status.stdout)["status"]
        if r["domain"] == DROPBOX and r["locale"] == "it"
    )
    # only what is the same in every language (the en allow-list) counts as translated
    assert row["translated"] == 2 and row["untranslated"] == row["total"] - 2


def test_kept_english_joins_the_allow_list(
    run: Callable[..., Result], tree: Path, tmp_path: Path
) -> None:
    """A translator's msgstr equal to its msgid says the text is the same in French: the
    key joins the catalog's `same_in_every_language`, so it is not reported untranslated."""
    before = _catalog_files(tree)
    out = tmp_path / "po"
    _export(run, tree, out, "fr")
    _edit(out / f"{DROPBOX}.fr.po", {"owner.team": "Support team"})
    result = run("i18n", "import", str(out / f"{DROPBOX}.fr.po"), "--policies", str(tree))
    assert result.exit_code == 0, result.stderr
    changed = _changed_lines(before, _catalog_files(tree))
    assert changed == {
        f"{DROPBOX}/catalogs/fr.yaml": [
            '-  owner.team: "Assistance"',
            '+  owner.team: "Support team"',
            "-same_in_every_language: [severity.standard.name]",
            "+same_in_every_language: [severity.standard.name, owner.team]",
        ]
    }, changed
    validated = run("validate", "--policies", str(tree))
    assert validated.exit_code == 0 and "PC342" not in validated.stderr, validated.stderr


def test_invalid_po_writes_nothing(run: Callable[..., Result], tree: Path, tmp_path: Path) -> None:
    before = _catalog_files(tree)
    out = tmp_path / "po"
    _export(run, tree, out, "it")
    _edit(
        out / "chrome.it.po",
        {
            "site.title": "Criteri di assistenza (nuovo)",
            "count.seats": ("{count} posto", "{n} posti", "{count} posti"),
        },
    )
    _edit(out / f"{DROPBOX}.it.po", {"owner.team": "Team di assistenza {team}"})
    result = run(
        "i18n",
        "import",
        str(out / "chrome.it.po"),
        str(out / f"{DROPBOX}.it.po"),
        "--policies",
        str(tree),
    )
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "error[PC343]" in line]
    assert len(errors) == 2, result.stderr
    assert any(e.split(":")[0].endswith("chrome.it.po") and "count.seats" in e for e in errors)
    assert any(f"{DROPBOX}.it.po:" in e and "owner.team" in e and "{team}" in e for e in errors)
    assert _catalog_files(tree) == before


def test_stale_names_the_previous_english_from_git(
    run: Callable[..., Result], tree: Path, tmp_path: Path
) -> None:
    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
            cwd=tree,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "policies")
    en = tree / DROPBOX / "catalogs" / "en.yaml"
    en.write_text(
        en.read_text(encoding="utf-8").replace('"Support team"', '"Global support team"'),
        encoding="utf-8",
    )
    validated = run("validate", "--policies", str(tree))
    stale = [line for line in validated.stderr.splitlines() if "warning[PC341]" in line]
    assert len(stale) == len(LOCALES)
    assert all(
        "from the English 'Support team', which is now 'Global support team'" in s for s in stale
    ), stale
    _export(run, tree, tmp_path / "po", "th")
    th = (tmp_path / "po" / f"{DROPBOX}.th.po").read_text(encoding="utf-8")
    assert (
        '#, fuzzy\n#| msgid "Support team"\nmsgctxt "owner.team"\nmsgid "Global support team"\nmsgstr "'
        in th
    )


FIXTURE = ROOT / "tests" / "cases" / "i18n-de"


def test_add_locale_then_import_a_german_po(run: Callable[..., Result], tmp_path: Path) -> None:
    """German by data alone: add-locale, then a translator's PO (tests/cases/i18n-de)."""
    tree = tmp_path / "policies"
    shutil.copytree(ROOT / "tests" / "cases" / "vendor" / "policies", tree)
    added = run("i18n", "add-locale", "de", "--policies", str(tree))
    assert added.exit_code == 0, added.stderr
    assert "locales: [en, fr, de]" in (tree / "programme.yaml").read_text(encoding="utf-8")

    def de_row() -> dict[str, int]:
        status = run("i18n", "status", "--format", "json", "--policies", str(tree))
        return next(r for r in json.loads(status.stdout)["status"] if r["locale"] == "de")

    assert de_row()["untranslated"] == 30 and de_row()["translated"] == 0
    validated = run("validate", "--policies", str(tree))
    assert validated.exit_code == 0 and validated.stderr.count("warning[PC342]") == 30
    po = FIXTURE / "northwind-support.de.po"
    imported = run("i18n", "import", str(po), "--policies", str(tree))
    assert imported.exit_code == 0, imported.stderr
    # names the translator kept in English (msgstr = msgid) join the catalog's allow-list
    assert de_row()["translated"] == 30 and de_row()["untranslated"] == 0
    de = (tree / "catalogs" / "de.yaml").read_text(encoding="utf-8").splitlines()
    same = de.index("translated_from:") - 1  # one line, after the messages
    assert de[same] == (
        "same_in_every_language: [programme.name, product.erp, tier.standard, tier.business,"
        " tier.enterprise]"
    )
    assert de[same - 1].startswith("  escalation.account: ")
    validated = run("validate", "--policies", str(tree))
    assert validated.exit_code == 0, validated.stderr
    assert "PC342" not in validated.stderr and "PC336" not in validated.stderr
    again = run("i18n", "import", str(po), "--policies", str(tree))
    assert again.exit_code == 0 and "unchanged: " in again.stderr, again.stderr


def _add_german(run: Callable[..., Result], tree: Path) -> None:
    added = run("i18n", "add-locale", "de", "--policies", str(tree))
    assert added.exit_code == 0, added.stderr


def _publish(programme: Path, mode: str) -> None:
    """Set the programme's `incomplete_locales` (data, after its `locales:` line)."""
    text = programme.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("locales:"))
    programme.write_text(
        text.replace(line, f"{line}\nincomplete_locales: {mode}", 1), encoding="utf-8"
    )


def _files(out: Path) -> dict[str, str]:
    """Every artifact but the manifest, without the lines listing `de.yaml` as a source."""
    return {
        p.relative_to(out).as_posix(): "\n".join(
            line for line in p.read_text("utf-8").split("\n") if "/de.yaml" not in line
        )
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name not in ("manifest.json", ".policyc-stamp")
    }


def test_german_pages_from_data_alone(
    run: Callable[..., Result], tree: Path, tmp_path: Path
) -> None:
    """German by data: the chrome translated (tests/cases/i18n-de), Dropbox published as it
    is (`incomplete_locales: publish`), Zoho's untranslated German skipped (the default)."""
    _add_german(run, tree)
    imported = run("i18n", "import", str(FIXTURE / "chrome.de.po"), "--policies", str(tree))
    assert imported.exit_code == 0, imported.stderr
    _publish(tree / DROPBOX / "programme.yaml", "publish")
    out = tmp_path / "out"
    built = run("build", "--policies", str(tree), "--out", str(out))
    assert built.exit_code == 0, built.stderr
    skipped = [line for line in built.stderr.splitlines() if "warning[PC336]" in line]
    assert len(skipped) == 1 and "'de' of 'zoho-partner-support'" in skipped[0], built.stderr
    assert "zoho-partner-support/programme.yaml:" in skipped[0]
    page = (out / "site" / "de" / DROPBOX / "index.html").read_text(encoding="utf-8")
    assert 'lang="de"' in page and "Support-Richtlinien" in page and "Reaktionszeiten" in page
    assert not (out / "site" / "de" / "zoho-partner-support").exists()
    assert not (out / "docs" / "de" / "zoho-partner-support").exists()
    index = (out / "site" / "de" / "index.html").read_text(encoding="utf-8")
    assert f'href="{DROPBOX}/' in index and "zoho-partner-support/" not in index
    zoho = (out / "site" / "en" / "zoho-partner-support" / "index.html").read_text("utf-8")
    assert 'hreflang="de"' not in zoho and "/de/" not in zoho
    named = [
        p
        for p in (ROOT / "src").rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and (
            p.name.split(".")[0] == "de"
            or re.search(r"""["'/]de["'/]|\bde\.(yaml|po)\b""", p.read_text("utf-8", "replace"))
        )
    ]
    assert named == []  # no code change: German is data


def test_incomplete_locale_skipped_leaves_no_trace(
    run: Callable[..., Result], tree: Path, tmp_path: Path
) -> None:
    """An untranslated locale (the default, `skip`) publishes nothing: the build equals
    the build without it, sitemap, hreflang and language switchers included."""
    plain, german = tmp_path / "plain", tmp_path / "german"
    base = ("--base-url", "https://help.example.com/")
    built = run("build", "--policies", str(tree), "--out", str(plain), *base)
    assert built.exit_code == 0, built.stderr
    _add_german(run, tree)
    built = run("build", "--policies", str(tree), "--out", str(german), *base)
    assert built.exit_code == 0, built.stderr
    assert built.stderr.count("warning[PC336]") == 2, built.stderr
    assert re.search(
        r"locale 'de' of 'zoho-partner-support' is incomplete \(321 untranslated "
        r"message\(s\): 188 in the programme's catalog, 133 in the page chrome\)",
        built.stderr,
    ), built.stderr
    assert _files(german) == _files(plain)
    validated = run("validate", "--policies", str(tree))
    assert validated.exit_code == 0 and validated.stderr.count("warning[PC336]") == 2


def test_incomplete_locale_fails_by_setting_or_option(
    run: Callable[..., Result], tree: Path, tmp_path: Path
) -> None:
    _add_german(run, tree)
    out = tmp_path / "out"
    failed = run(
        "build", "--policies", str(tree), "--out", str(out), "--incomplete-locales", "fail"
    )
    assert failed.exit_code == 1 and not out.exists()
    errors = [line for line in failed.stderr.splitlines() if "error[PC337]" in line]
    assert len(errors) == 2 and all("locale 'de' of '" in e for e in errors), failed.stderr
    _publish(tree / DROPBOX / "programme.yaml", "fail")
    validated = run("validate", "--policies", str(tree))
    assert validated.exit_code == 1
    assert validated.stderr.count("error[PC337]") == 1
    assert validated.stderr.count("warning[PC336]") == 1  # Zoho: the default, skip
    published = run(
        "build", "--policies", str(tree), "--out", str(out), "--incomplete-locales", "publish"
    )
    assert published.exit_code == 0, published.stderr
    assert "PC336" not in published.stderr and "PC337" not in published.stderr
    assert (out / "site" / "de" / "zoho-partner-support" / "index.html").is_file()


def test_build_option_spells_the_model_modes() -> None:
    from policyc.commands.build import INCOMPLETE_LOCALES
    from policyc.model.publish import MODES

    assert INCOMPLETE_LOCALES == MODES
