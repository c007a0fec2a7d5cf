"""Time zones from the pinned `tzdata` package, never the operating system's database.

In: an IANA zone name. Out: a `ZoneInfo`, or `ZoneInfoNotFoundError`.

`zoneinfo.ZoneInfo(name)` prefers the system's zone files, which differ between machines
and change with OS updates; reading the files of the exactly pinned `tzdata` wheel makes
due times and page text the same on every machine, and `version()` names the release in
the manifest.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import import_module
from importlib.resources import files
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["ZoneInfoNotFoundError", "version", "zone"]

_NAME = re.compile(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*")


@cache
def zone(name: str) -> ZoneInfo:
    """The zone `name` (e.g. `Europe/Rome`) as the pinned tzdata release defines it."""
    if not _NAME.fullmatch(name) or name.startswith(("-", "+")):
        raise ZoneInfoNotFoundError(f"not a zone name: {name!r}")
    resource = files("tzdata").joinpath("zoneinfo", *name.split("/"))
    try:
        with resource.open("rb") as handle:
            return ZoneInfo.from_file(handle, key=name)
    except (OSError, ValueError) as exc:
        raise ZoneInfoNotFoundError(f"no time zone {name!r} in tzdata") from exc


def version() -> str:
    """The IANA release of the zone data (e.g. `2026f`)."""
    return str(import_module("tzdata").IANA_VERSION)  # the package has no type stubs
