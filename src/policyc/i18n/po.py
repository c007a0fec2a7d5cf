"""PO files for translators' tools: one per domain (programme or page chrome) and locale.

In: `Catalogs`. Out of `export`: a Babel `Catalog` (msgctxt = message key, msgid = English,
gettext plurals whose `Plural-Forms` are the locale's CLDR categories in CLDR order, stale
entries fuzzy with the previous English when git history has it). `read_import` turns a PO
file back into per-key translations, every entry checked (placeholders, plural forms)
before anything is written; problems are diagnostics at the PO file's line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.pofile import PoFileError, read_po
from babel.plural import to_gettext

from policyc.diagnostics import Diagnostic, Span
from policyc.i18n.catalogs import Catalog, Catalogs
from policyc.model.translation import SOURCE_LOCALE, Message, State, fingerprint, state

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")
PROJECT_VERSION = "policyc"  # `Project-Id-Version: <domain> policyc` names the domain


@cache
def babel_locale(tag: str) -> Locale:
    return Locale.parse(tag, sep="-")


@cache
def plural_forms(tag: str) -> tuple[tuple[str, ...], str]:
    """The locale's CLDR categories in gettext index order and its `Plural-Forms` value.

    CLDR's exponent operand `e` is 0 for the integers gettext counts, so it becomes 0."""
    rule = babel_locale(tag).plural_form
    categories = tuple(c for c in _CLDR_ORDER if c in rule.tags or c == "other")
    return categories, re.sub(r"\be\b", "0", to_gettext(rule))


def _placeholders(message: Message) -> set[str]:
    texts = [message] if isinstance(message, str) else list(message.values())
    return {p for t in texts for p in _PLACEHOLDER.findall(t)}


def _show(names: set[str]) -> str:
    return ", ".join(sorted(f"{{{p}}}" for p in names)) or "none"


def _comments(domain: str, key: str, source: Message, categories: tuple[str, ...]) -> list[str]:
    section = key.split(".", 1)[0]
    lines = [f"{domain}: {key} (section '{section}')"]
    if isinstance(source, dict):
        lines.append(
            "plural: " + ", ".join(f"msgstr[{i}] = CLDR '{c}'" for i, c in enumerate(categories))
        )
    if _placeholders(source):
        names = ", ".join(sorted(f"{{{p}}}" for p in _placeholders(source)))
        lines.append(f"keep the placeholders {names} as they are")
    return lines


def export(
    catalogs: Catalogs,
    domain: str,
    locale: str,
    previous: Callable[[str, str], Message | None] = lambda _key, _fp: None,
) -> PoCatalog:
    """The PO catalog of `domain` in `locale` (the locale's catalog may not exist yet).

    `previous(key, fingerprint)`: the English a stale translation was made from, if known."""
    source = catalogs[domain][SOURCE_LOCALE]
    target = catalogs[domain].get(locale)
    categories, forms = plural_forms(locale)
    po = PoCatalog(
        locale=babel_locale(locale),
        project=domain,
        version=PROJECT_VERSION,
        fuzzy=False,
        copyright_holder="the policy owners",
        last_translator="policyc i18n export",
        language_team=f"{locale} translators",
    )
    po.revision_date = po.creation_date
    # the locale's CLDR categories, not Babel's own gettext table (fr: one, many, other)
    setattr(po, "_num_plurals", len(categories))  # noqa: B010
    setattr(po, "_plural_expr", forms.split("plural=", 1)[1].rstrip(";"))  # noqa: B010
    for key, english in source.messages.items():
        translation = target.messages.get(key) if target else None
        recorded = (target.fingerprints or {}).get(key) if target else None
        allowed = target.same_allowed(key, source) if target else False
        found = state(english, translation, recorded, allowed)
        flags = ["python-brace-format"] if _placeholders(english) else []
        previous_id: tuple[str, ...] | str = ()
        if found is State.STALE and recorded is not None:
            flags.append("fuzzy")
            old = previous(key, recorded)
            if old is not None:
                previous_id = (
                    old if isinstance(old, str) else (old.get("one", old["other"]), old["other"])
                )
        keep = translation is not None and found is not State.UNTRANSLATED
        if isinstance(english, dict):
            msgid: str | tuple[str, str] = (english.get("one", english["other"]), english["other"])
            forms_of = translation if isinstance(translation, dict) else {}
            string: str | tuple[str, ...] = tuple(
                (forms_of.get(c, "") if keep else "") for c in categories
            )
        else:
            msgid = english
            string = translation if keep and isinstance(translation, str) else ""
        po.add(
            msgid,
            string,
            flags=flags,
            auto_comments=_comments(domain, key, english, categories),
            previous_id=previous_id,
            context=key,
        )
    return po


@dataclass
class Imported:
    """A PO file read for import: where it goes and the translations it holds."""

    catalog: Catalog
    messages: dict[str, Message]
    fingerprints: dict[str, str]
    same: list[str]  # translated as the English itself: the same in every language


def read_import(
    path: Path, name: str, catalogs: Catalogs
) -> tuple[Imported | None, list[Diagnostic]]:
    """The translations of a PO file, or diagnostics (PC343) at its lines; fuzzy and empty
    entries are not imported."""

    def problem(line: int, message: str, hint: str) -> Diagnostic:
        return Diagnostic("PC343", message, Span(name, line, 1), hint=hint)

    try:
        with path.open("rb") as f:
            po = read_po(f, abort_invalid=True)
    except (PoFileError, OSError, ValueError) as exc:
        return None, [problem(1, f"not a readable PO file: {exc}", "export it again")]
    domain = po.project
    if domain not in catalogs or SOURCE_LOCALE not in catalogs[domain]:
        return None, [
            problem(
                1,
                f"the PO file's Project-Id-Version names no domain of these policies: '{domain}'",
                "import a file `policyc i18n export` wrote for this policy tree",
            )
        ]
    locale = next(
        (t for t in catalogs[domain] if po.locale is not None and babel_locale(t) == po.locale),
        None,
    )
    if locale is None or locale == SOURCE_LOCALE:
        return None, [
            problem(
                1,
                f"no catalog of '{domain}' for the PO file's language '{po.locale_identifier}'",
                "create it with `policyc i18n add-locale`",
            )
        ]
    source = catalogs[domain][SOURCE_LOCALE]
    categories, _forms = plural_forms(locale)
    diags: list[Diagnostic] = []
    messages: dict[str, Message] = {}
    prints: dict[str, str] = {}
    for entry in po:
        if not entry.id or entry.fuzzy:
            continue
        key, line = entry.context, entry.lineno or 1
        if key is None or key not in source.messages:
            diags.append(problem(line, f"unknown message key '{key}' (msgctxt)", "export again"))
            continue
        english = source.messages[key]
        raw = entry.string
        plural = isinstance(raw, tuple | list)
        strings = (
            tuple(str(t or "") for t in raw) if isinstance(raw, tuple | list) else (str(raw or ""),)
        )
        if not any(strings):
            continue
        translation: Message
        if isinstance(english, dict):
            if not plural or len(strings) != len(categories):
                diags.append(
                    problem(
                        line,
                        f"'{key}' needs {len(categories)} plural form(s) "
                        f"({', '.join(categories)}), found {len(strings)}",
                        "give one msgstr[N] per CLDR category",
                    )
                )
                continue
            empty = [c for c, s in zip(categories, strings, strict=True) if not s]
            if empty:
                diags.append(
                    problem(
                        line,
                        f"'{key}' lacks the plural form(s) {', '.join(empty)}",
                        "translate every msgstr[N]",
                    )
                )
                continue
            translation = dict(zip(categories, strings, strict=True))
        else:
            if plural:
                diags.append(problem(line, f"'{key}' is not a plural message", "use one msgstr"))
                continue
            translation = strings[0]
        want, got = _placeholders(english), _placeholders(translation)
        if want != got:
            diags.append(
                problem(
                    line,
                    f"placeholders of '{key}' differ from English: expected {_show(want)}, found {_show(got)}",
                    "keep the same {placeholders} as the msgid",
                )
            )
            continue
        messages[key] = translation
        prints[key] = fingerprint(english)
    if diags:
        return None, diags
    target = catalogs[domain][locale]
    same = [
        key
        for key, translation in messages.items()
        if not target.same_allowed(key, source)
        and state(source.messages[key], translation, None, False) is State.UNTRANSLATED
    ]
    return Imported(target, messages, prints, same), []
