"""How policy ids become Python names in the generated package: one documented rule.

In: ids and locale tags. Out: enum member names and module names.

Ids are slugs (`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`, enforced by the schemas, PC2xx) and
locale tags are BCP 47 tags with fixed letter case (`zh-TW`, `es-419`). So:

* **Enum members** are `ID.upper().replace("-", "_")`: `sev-1` → `SEV_1`, `zh-TW` →
  `ZH_TW`. Upper case and underscores never occur in a slug, so two ids never map to the
  same member, and an all-capitals name is never a keyword (`none` → `NONE`, not `None`).
* **Module names** are `id.replace("-", "_")`: `zoho-partner-support` →
  `zoho_partner_support`. When that is a keyword or soft keyword (`class`, `import`,
  `match`, `type`) or a name the package itself uses (`_types`, `_text` and the standard
  library modules it imports, such as `typing`), a trailing underscore is appended
  (`class` → `class_`, PEP 8's convention). A converted slug never ends in an underscore,
  so the rule is collision-free: no id is ever rejected or emitted broken.

`check_identifier` asserts what the rule guarantees, so a policy that slipped past the
schemas fails the build instead of producing a package that does not import.
"""

from __future__ import annotations

import keyword
import re
import sys

DEFAULT_PACKAGE = "support_policies"

# Fixed lists, not the running interpreter's, so the output is the same on every Python.
_KEYWORDS = frozenset(keyword.kwlist) | {"_", "case", "match", "type"}
PACKAGE_MODULES = frozenset({"_types", "_text", "_route", "_businesstime", "_requires"})
STDLIB_USED = frozenset(
    {"collections", "dataclasses", "datetime", "decimal", "enum", "re", "sys", "types", "typing"}
    | {"zoneinfo"}
)
RESERVED_MODULES = _KEYWORDS | PACKAGE_MODULES | STDLIB_USED

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Modules Python itself imports at start-up when they exist on sys.path (the `site` module):
# a package of that name would run on every interpreter start of the environment.
STARTUP_MODULES = frozenset({"sitecustomize", "usercustomize"})


def member_name(value: str) -> str:
    """The enum member of an id or locale tag: `sev-1` → `SEV_1`."""
    return check_identifier(value.upper().replace("-", "_"), value)


def module_name(programme_id: str) -> str:
    """The module of a programme: `zoho-partner-support` → `zoho_partner_support`."""
    name = programme_id.replace("-", "_")
    return check_identifier(name + "_" if name in RESERVED_MODULES else name, programme_id)


def check_identifier(name: str, source: str) -> str:
    if not _IDENTIFIER.fullmatch(name) or keyword.iskeyword(name) or name in _KEYWORDS:
        raise ValueError(f"{source!r} does not map to a Python identifier ({name!r})")
    return name


def package_problem(name: str) -> str | None:
    """Why `name` cannot name the generated package, or None if it can."""
    if not _IDENTIFIER.fullmatch(name) or keyword.iskeyword(name) or name in _KEYWORDS:
        return f"{name!r} is not a Python identifier (letters, digits, underscores)"
    if name.startswith("_"):
        return f"{name!r} starts with an underscore: the package would be private"
    if name in STARTUP_MODULES:
        return f"{name!r} is a module Python imports at start-up: it would run in every process"
    if name in sys.stdlib_module_names:
        return f"{name!r} is a standard library module: importing it would be ambiguous"
    return None
