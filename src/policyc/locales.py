"""The one place that turns BCP 47 tags into Babel (CLDR) locales.

In: a tag as policies write it (`zh-TW`). Out: Babel's locale (`zh_Hant_TW`) or what CLDR
says about it. Babel is imported inside the functions, for start-up speed: `policyc --help`
and `policyc explain` never load it (benchmarks/README.md).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale


@cache
def babel_locale(tag: str) -> Locale:
    """The Babel locale of a BCP 47 tag (`zh-TW` → `zh_Hant_TW`); Babel's
    `UnknownLocaleError` or `ValueError` for a tag CLDR does not know."""
    from babel import Locale  # start-up: Babel

    return Locale.parse(tag.replace("-", "_"))


@cache
def plural_categories(tag: str) -> frozenset[str] | None:
    """The CLDR plural categories a locale needs (always including `other`), or None for a
    tag CLDR does not know."""
    from babel import UnknownLocaleError  # start-up: Babel

    try:
        parsed = babel_locale(tag)
    except (UnknownLocaleError, ValueError):
        return None
    return frozenset(parsed.plural_form.tags) | {"other"}
