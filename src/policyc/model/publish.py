"""Which locales are published: incomplete locales skipped, failed or published as they are.

In: the Builder after the checks (untranslated keys per domain × locale, PC342) and the IR.
Out: the IR with each programme's stale keys (for `policyc diff`) and, per programme, the
locales whose catalog or page chrome still holds untranslated messages handled by the
programme's `incomplete_locales` (or the build's override): `skip` leaves the locale out of
the programme's `locales`, so no page, language switcher, hreflang or sitemap entry names it
(PC336, a warning); `fail` is an error (PC337); `publish` keeps it, English where untranslated.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from policyc.diagnostics import Severity
from policyc.model import ir
from policyc.model.context import CHROME, Builder, at
from policyc.model.translation import SOURCE_LOCALE

Mode = Literal["skip", "fail", "publish"]
MODES: tuple[str, ...] = get_args(Mode)
DEFAULT: Mode = "skip"
FIELD = "incomplete_locales"  # the programme's setting


def _mode(b: Builder, pid: str, override: Mode | None) -> Mode:
    if override is not None:
        return override
    found = b.programme_docs[pid].value.get(FIELD, DEFAULT)
    return found if found in MODES else DEFAULT


def _gaps(b: Builder, pid: str, locale: str) -> str | None:
    """What is untranslated in the programme's `locale`, or None when nothing is."""
    own = len(b.untranslated.get((pid, locale), ()))
    chrome = len(b.untranslated.get((CHROME, locale), ()))
    if not own and not chrome:
        return None
    parts = [f"{own} in the programme's catalog"] * bool(own)
    parts += [f"{chrome} in the page chrome"] * bool(chrome)
    return f"{own + chrome} untranslated message(s): {', '.join(parts)}"


def _published(b: Builder, prog: ir.Programme, override: Mode | None) -> tuple[str, ...]:
    """The programme's locales a build publishes; PC336/PC337 for the incomplete ones."""
    mode = _mode(b, prog.id, override)
    if mode == "publish":
        return prog.locales
    kept = []
    for i, locale in enumerate(prog.locales):
        gaps = None if locale == SOURCE_LOCALE else _gaps(b, prog.id, locale)
        if gaps is None:
            kept.append(locale)
            continue
        where = at(b.programme_docs[prog.id], "locales", i)
        if mode == "fail":
            b.ctx.report(
                "PC337",
                f"locale '{locale}' of '{prog.id}' is incomplete ({gaps})",
                where,
                "translate them (`policyc i18n export --locale "
                f"{locale}`, then `import`), or set `{FIELD}: skip` or `publish`",
            )
            kept.append(locale)
        else:
            b.ctx.report(
                "PC336",
                f"locale '{locale}' of '{prog.id}' is incomplete ({gaps}): it is not "
                "published (no pages, Markdown or generated-code locale)",
                where,
                f"translate them with `policyc i18n export --locale {locale}` and `import`; "
                f"`{FIELD}: publish` publishes it with English where untranslated",
                severity=Severity.WARNING,
            )
    return tuple(kept)


def publish(b: Builder, policies: ir.Policies, override: Mode | None = None) -> ir.Policies:
    """The IR as published: stale keys recorded, incomplete locales handled per programme."""
    programmes = {}
    for pid, prog in policies.programmes.items():
        locales = _published(b, prog, override)
        programmes[pid] = prog.model_copy(
            update={
                "locales": locales,
                "catalogs": _without(prog.catalogs, set(prog.locales) - set(locales)),
                "stale": _stale(b, pid, locales),
            }
        )
    published = {loc for prog in programmes.values() for loc in prog.locales}
    unused = {loc for prog in policies.programmes.values() for loc in prog.locales} - published
    chrome = _without(policies.chrome, unused)
    return policies.model_copy(
        update={
            "programmes": programmes,
            "chrome": chrome,
            "chrome_stale": _stale(b, CHROME, tuple(chrome)),
        }
    )


def _without(catalogs: dict[str, dict[str, ir.Message]], gone: set[str]) -> dict[str, Any]:
    """The catalogs of every locale but the skipped ones."""
    return {loc: messages for loc, messages in catalogs.items() if loc not in gone}


def _stale(b: Builder, domain: str, locales: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {
        loc: tuple(keys)
        for (dom, loc), keys in sorted(b.stale.items())
        if dom == domain and loc in locales
    }
