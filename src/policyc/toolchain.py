"""The versions that shape generated output: policyc's, CLDR's (through Babel) and tzdata's.

In: nothing. Out: `current()`, recorded in `manifest.json`, and `difference()`, the one
line `build --check` and the no-op check say first when generated/ was written by
another toolchain (so a drift is explained before it is listed file by file).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from policyc import __version__

_LABELS = (("policyc", "policyc"), ("cldr", "CLDR"), ("babel", "Babel"), ("tzdata", "tzdata"))


@cache
def current() -> dict[str, str]:
    """`{"policyc": …, "cldr": …, "babel": …, "tzdata": …}` of this environment."""
    import babel  # start-up: Babel and tzdata
    from babel.core import get_cldr_version  # start-up: Babel and tzdata

    from policyc import zones  # start-up: Babel and tzdata

    return {
        "policyc": __version__,
        "cldr": str(get_cldr_version()),
        "babel": str(babel.__version__),
        "tzdata": zones.version(),
    }


def describe(versions: Mapping[str, Any]) -> str:
    """`policyc 0.1.0, CLDR 47 (Babel 2.18.0), tzdata 2026f`; unknown parts as `?`."""
    if not versions:
        return "a policyc that did not record its toolchain"
    get = {key: str(versions.get(key, "?")) for key, _ in _LABELS}
    return f"policyc {get['policyc']}, CLDR {get['cldr']} (Babel {get['babel']}), tzdata {get['tzdata']}"


def difference(recorded: Any, shown: str, advice: str) -> str | None:
    """The one-line explanation when `recorded` (the `toolchain` of the manifest of the
    output `shown`) is not this environment's, ending in `advice`."""
    if not isinstance(recorded, Mapping):
        recorded = {}
    mine = current()
    if all(recorded.get(key) == value for key, value in mine.items()):
        return None
    return (
        f"{shown}/ was written with {describe(recorded)}; this environment has "
        f"{describe(mine)}: {advice}"
    )
