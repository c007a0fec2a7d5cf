"""`policyc i18n status`: how much of each domain is translated in each locale.

In: `Catalogs`. Out: one `Row` per domain (programme or the page chrome) × non-source locale,
rendered as a table or JSON.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from policyc.i18n.catalogs import CHROME, Catalogs
from policyc.model.translation import SOURCE_LOCALE, State, state


@dataclass(frozen=True)
class Row:
    domain: str
    locale: str
    total: int
    translated: int
    missing: int
    untranslated: int
    stale: int
    tracked: bool  # the catalog records fingerprints (`translated_from`)

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def rows(catalogs: Catalogs) -> list[Row]:
    """Programmes in id order, then the chrome; locales in tag order."""
    out = []
    domains = sorted(d for d in catalogs if d != CHROME) + ([CHROME] if CHROME in catalogs else [])
    for domain in domains:
        source = catalogs[domain].get(SOURCE_LOCALE)
        if source is None:
            continue
        for locale, catalog in sorted(catalogs[domain].items()):
            if locale == SOURCE_LOCALE:
                continue
            counts = dict.fromkeys(State, 0)
            for key, message in source.messages.items():
                recorded = (catalog.fingerprints or {}).get(key)
                found = state(
                    message,
                    catalog.messages.get(key),
                    recorded,
                    catalog.same_allowed(key, source),
                )
                counts[found] += 1
            out.append(
                Row(
                    domain,
                    locale,
                    len(source.messages),
                    counts[State.TRANSLATED],
                    counts[State.MISSING],
                    counts[State.UNTRANSLATED],
                    counts[State.STALE],
                    catalog.fingerprints is not None,
                )
            )
    return out


_COLUMNS = ("domain", "locale", "total", "translated", "missing", "untranslated", "stale", "%")


def render_text(found: list[Row]) -> str:
    table = [_COLUMNS] + [
        (
            r.domain,
            r.locale,
            str(r.total),
            str(r.translated),
            str(r.missing),
            str(r.untranslated),
            str(r.stale),
            f"{r.percent:.1f}",
        )
        for r in found
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(_COLUMNS))]
    lines = [
        "  ".join(
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in table
    ]
    return "\n".join(lines)


def render_json(found: list[Row]) -> str:
    data = [asdict(r) | {"percent": round(r.percent, 1)} for r in found]
    return json.dumps({"status": data}, ensure_ascii=False, indent=2)
