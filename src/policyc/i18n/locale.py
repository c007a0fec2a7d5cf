"""`policyc i18n add-locale`: the catalogs of a new locale, by data alone.

In: `Catalogs` and a BCP 47 tag. Out: one new catalog file per domain, next to its `en`
catalog, each message a copy of the English (plural forms: the locale's CLDR categories)
with an empty `translated_from`, so every entry counts as untranslated until imported;
and the tag appended to each programme's one-line `locales: [...]`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from policyc import fs
from policyc.i18n.catalogs import CHROME, Catalog, Catalogs, render
from policyc.i18n.po import plural_forms
from policyc.load.files import MAX_FILE_BYTES
from policyc.model.translation import SOURCE_LOCALE, Message

_LOCALES = re.compile(r"^(locales:\s*\[)([^\]\n]*)(\]\s*(#.*)?)$", re.MULTILINE)


def _copy(message: Message, locale: str) -> Message:
    if isinstance(message, str):
        return message
    categories, _ = plural_forms(locale)
    return {c: message.get(c, message["other"]) for c in categories}


def catalog_text(source: Catalog, locale: str, schemas: Path) -> str:
    path = source.path.parent / f"{locale}.yaml"
    rel = os.path.relpath(schemas.resolve() / "catalog.schema.json", path.parent.resolve())
    owner = f"domain: {CHROME}" if source.domain == CHROME else f"programme: {source.domain}"
    lines = [
        f"# yaml-language-server: $schema={Path(rel).as_posix()}",
        f"# {locale}: written by `policyc i18n add-locale`, every message still English.",
        "# Translate with `policyc i18n export --locale " + locale + "` and `policyc i18n import`.",
        "apiVersion: policyc/v1",
        "kind: Catalog",
        owner,
        f"locale: {locale}",
        "messages:",
        *(f"  {k}: {render(_copy(m, locale))}" for k, m in source.messages.items()),
        "translated_from: {}",
    ]
    return "\n".join(lines) + "\n"


def add_locale(
    catalogs: Catalogs, locale: str, schemas: Path, programme_files: dict[str, Path]
) -> tuple[list[Path], list[str]]:
    """Write the new catalogs (never over an existing file); returns the files written and
    the steps left to do by hand."""
    written: list[Path] = []
    steps: list[str] = []
    for domain in sorted(catalogs):
        source = catalogs[domain].get(SOURCE_LOCALE)
        if source is None or locale in catalogs[domain]:
            continue
        path = source.path.parent / f"{locale}.yaml"
        if path.exists():
            steps.append(f"{path} exists but holds no {locale} catalog of {domain}: check it")
            continue
        fs.write_new(path, catalog_text(source, locale, schemas).encode("utf-8"))
        written.append(path)
    for pid, file in sorted(programme_files.items()):
        text = fs.read_regular(file, MAX_FILE_BYTES).decode("utf-8")
        match = _LOCALES.search(text)
        items = [t.strip() for t in match.group(2).split(",")] if match else []
        if locale in items:
            continue
        if match is None:
            steps.append(f"add {locale} to `locales:` of {pid} in {file}")
            continue
        new = f"{match.group(1)}{', '.join([*items, locale])}{match.group(3)}"
        fs.replace_file(file, (text[: match.start()] + new + text[match.end() :]).encode("utf-8"))
        written.append(file)
    return written, steps
