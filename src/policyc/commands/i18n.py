"""`policyc i18n`: translation status, PO export and import, fingerprints, new locales."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from policyc.commands.common import echo, guarded, policies_option, report, resolve_policies
from policyc.commands.new import _schemas
from policyc.diagnostics import has_errors

if TYPE_CHECKING:  # `policyc --help` and `explain` import no model, YAML or pydantic
    from policyc.i18n.catalogs import Catalogs


@click.group()
def i18n() -> None:
    """The translation workflow: status, PO export/import for translators' tools."""


def _read(policies: Path | None, fmt: str) -> tuple[Path, Catalogs]:
    """The policy directory and its catalogs, or the load errors and exit."""
    from policyc import pipeline  # start-up
    from policyc.i18n import catalogs  # start-up

    root = resolve_policies(policies)
    if not root.is_dir():
        sys.exit(report([pipeline.missing_directory(root)], fmt))
    found, diags = catalogs.read(root)
    if has_errors(diags):
        sys.exit(report(diags, fmt))
    return root, found


@i18n.command()
@policies_option
@click.option(
    "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    default=None,
    help="Exit 1 if any domain × locale is less than PERCENT translated.",
    metavar="PERCENT",
)
@guarded
def status(policies: Path | None, fmt: str, fail_under: float | None) -> None:
    """Per programme (and the page chrome) × locale: total, translated, missing,
    untranslated, stale."""
    from policyc.i18n import status as lib  # start-up

    _root, catalogs = _read(policies, fmt)
    rows = lib.rows(catalogs)
    echo(lib.render_json(rows) if fmt == "json" else lib.render_text(rows), data=fmt == "json")
    if fail_under is not None:
        low = [r for r in rows if r.percent < fail_under]
        for r in low:
            echo(
                f"{r.domain} {r.locale}: {r.percent:.1f}% translated, under {fail_under:g}%",
                err=True,
            )
        sys.exit(1 if low else 0)


@i18n.command()
@policies_option
@click.option("--locale", "locales", multiple=True, help="Only these locales [default: all].")
@guarded
def stamp(policies: Path | None, locales: tuple[str, ...]) -> None:
    """Record that the translations are current: write the fingerprint of each message's
    English text into `translated_from` (untranslated copies get none)."""
    from policyc.i18n import catalogs as lib  # start-up
    from policyc.model.translation import SOURCE_LOCALE, State, fingerprint, state  # start-up

    _root, found = _read(policies, "text")
    changed = 0
    for domain in sorted(found):
        source = found[domain].get(SOURCE_LOCALE)
        if source is None:
            continue
        for locale, catalog in sorted(found[domain].items()):
            if locale == SOURCE_LOCALE or (locales and locale not in locales):
                continue
            prints = {
                key: fingerprint(source.messages[key])
                for key, message in catalog.messages.items()
                if key in source.messages
                and state(source.messages[key], message, None, catalog.same_allowed(key, source))
                is not State.UNTRANSLATED
            }
            if lib.write_updates(catalog, {}, prints):
                changed += 1
                echo(f"stamped {catalog.name}: {len(prints)} fingerprint(s)", err=True)
    echo(f"{changed} catalog(s) changed", err=True)


def _po_name(domain: str, locale: str) -> str:
    return f"{domain}.{locale}.po"


@i18n.command()
@policies_option
@click.option("--locale", required=True, help="The locale to export, e.g. fr.")
@click.option("--format", "fmt", type=click.Choice(("po",)), default="po", show_default=True)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    show_default=True,
    help="Directory for the PO files (one per programme, and the page chrome).",
)
@guarded
def export(policies: Path | None, locale: str, fmt: str, out: Path) -> None:
    """Write DOMAIN.LOCALE.po for every programme and the page chrome (Babel's PO writer):
    msgctxt = key, msgid = English, stale translations fuzzy."""
    from babel.messages.pofile import write_po  # start-up

    from policyc.i18n import po  # start-up
    from policyc.model import translation_history as history  # start-up
    from policyc.model.translation import SOURCE_LOCALE  # start-up

    del fmt  # PO is the one format so far
    _root, catalogs = _read(policies, "text")
    _known_locale(locale)
    out.mkdir(parents=True, exist_ok=True)
    for domain in sorted(catalogs):
        if SOURCE_LOCALE not in catalogs[domain] or locale == SOURCE_LOCALE:
            continue
        previous = history.Previous(catalogs[domain][SOURCE_LOCALE].path)
        catalog = po.export(catalogs, domain, locale, previous.find)
        path = out / _po_name(domain, locale)
        with path.open("wb") as f:
            write_po(f, catalog, width=0, include_previous=True, omit_header=False)
        echo(f"wrote {path} ({len(catalog)} messages)", err=True)


@i18n.command(name="import")
@policies_option
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@guarded
def import_(policies: Path | None, files: tuple[Path, ...]) -> None:
    """Write the translations of FILES (PO) into the YAML catalogs, with their fingerprints.

    Every entry of every file is checked first (placeholders, plural forms); if any is
    invalid nothing is written. Fuzzy and empty entries are left out."""
    from policyc import pipeline  # start-up
    from policyc.i18n import catalogs as lib  # start-up
    from policyc.i18n import po  # start-up

    _root, found = _read(policies, "text")
    diags = []
    ready = []
    for path, name in zip(files, pipeline.display_names(files), strict=True):
        imported, problems = po.read_import(path, name, found)
        diags.extend(problems)
        if imported is not None:
            ready.append(imported)
    if diags:
        sys.exit(report(diags, "text") or 1)
    for item in ready:
        changed = lib.write_updates(item.catalog, item.messages, item.fingerprints, item.same)
        state = "updated" if changed else "unchanged"
        echo(f"{state}: {item.catalog.name} ({len(item.messages)} translations)", err=True)


@i18n.command(name="add-locale")
@policies_option
@click.argument("locale")
@guarded
def add_locale(policies: Path | None, locale: str) -> None:
    """Create LOCALE's catalogs for every programme and the page chrome (every message
    untranslated) and add LOCALE to each programme's `locales`."""
    from policyc.i18n import catalogs as lib  # start-up
    from policyc.i18n.locale import add_locale as lib_add  # start-up

    root, found = _read(policies, "text")
    _known_locale(locale)
    written, steps = lib_add(found, locale, _schemas(root), lib.programme_files(root))
    for path in written:
        echo(f"wrote {path}", err=True)
    for step in steps:
        echo(f"next: {step}", err=True)
    echo(
        f"next: policyc i18n export --locale {locale} --format po, translate, policyc i18n import",
        err=True,
    )


def _known_locale(locale: str) -> None:
    """Exit 2 (a usage error) unless CLDR knows `locale`."""
    from policyc.i18n import po  # start-up

    try:
        po.babel_locale(locale)
    except (ValueError, LookupError):
        echo(f"error: unknown locale '{locale}' (use a BCP 47 tag CLDR knows)", err=True)
        sys.exit(2)
