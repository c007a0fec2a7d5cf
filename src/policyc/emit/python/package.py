"""The generated package's `__init__.py`: the index of programme modules, the shared
types and the whole IR's content hash.

In: `Policies`, the programme modules' names and the package's source files. Out: the
module's source text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyc.emit import canonical
from policyc.emit.python.names import module_name
from policyc.emit.python.route import ROUTE_EXPORTED
from policyc.emit.python.source import (
    HEADER,
    Dict,
    Raw,
    all_lines,
    assign,
    call,
    comment_text,
    import_lines,
    lit,
    tuple_of,
)

if TYPE_CHECKING:
    from policyc.model import ir


def init_module(
    policies: ir.Policies, modules: list[tuple[str, str]], sources: list[str], package: str
) -> str:
    """`__init__.py`: the index of programme modules and the shared types."""
    names = [m for _pid, m in modules]
    header = [HEADER, "#", "# Sources (relative to the policy directory):"]
    header += [f"#   {comment_text(s)}" for s in sources]
    doc = _INIT_DOC.replace("{example}", _example(policies)).replace("{package}", package)
    exported = [*_TYPES_EXPORTED, *ROUTE_EXPORTED, "Message", "PluralCategory"]
    imports = [
        "from collections.abc import Mapping",
        "from types import MappingProxyType, ModuleType",
        "from typing import Final",
        "",
        # `_requires` sorts first: it refuses Python < 3.11 before any module is imported
        *import_lines(".", ["_requires", *names]),
        *import_lines("._route", ROUTE_EXPORTED),
        *import_lines("._text", ["Message", "PluralCategory"]),
        *import_lines("._types", _TYPES_EXPORTED),
    ]
    table = Dict(tuple((lit(pid), Raw(m)) for pid, m in modules))
    consts = [
        "# The oldest Python the package runs on (`_requires` refuses older ones).",
        *assign("REQUIRES_PYTHON: Final", Raw("_requires.MINIMUM")),
        "# SHA-256 of the whole IR (all programmes, calendars and page chrome).",
        *assign("POLICIES_SHA256: Final", lit(canonical.policies_hash(policies))),
        *assign("SOURCES: Final[tuple[str, ...]]", tuple_of([lit(s) for s in sources])),
        "# Programme id -> its module.",
        *assign("PROGRAMMES: Final[Mapping[str, ModuleType]]", call("MappingProxyType", table)),
    ]
    public = ["POLICIES_SHA256", "PROGRAMMES", "REQUIRES_PYTHON", "SOURCES", *exported, *names]
    parts = [
        *header,
        *doc.strip("\n").split("\n"),
        "",
        *imports,
        "",
        *consts,
        "",
        *all_lines(public),
    ]
    return "\n".join(parts) + "\n"


def _example(policies: ir.Policies) -> str:
    """The docstring's usage example, on the first programme with a target."""
    for pid in sorted(policies.programmes):
        programme = policies.programmes[pid]
        default = programme.default_sla
        if default is None or not default.cells:
            continue
        cell = default.cells[0]
        args = ", ".join(f'"{x}"' for x in (cell.tier, cell.severity, cell.metric))
        return (
            f"    from {{package}} import {module_name(pid)} as programme\n\n"
            f"    target = programme.sla({args})\n"
            "    print(target.min_minutes, target.max_minutes, target.calendar.timezone)\n"
            f'    print(programme.text("{programme.name}", programme.SOURCE_LOCALE))'
        )
    return "    (no programme sets a target)"


_TYPES_EXPORTED = [
    "Assignment",
    "BestEffort",
    "Calendar",
    "CalendarException",
    "ChannelInfo",
    "ChannelKind",
    "Conditional",
    "Contact",
    "EscalationLevel",
    "Holiday",
    "Inclusion",
    "Interval",
    "RegionInfo",
    "NextBusinessDay",
    "NotOffered",
    "NotStated",
    "Promise",
    "SourcePage",
    "Target",
    "Territory",
]

_INIT_DOC = '''
"""Support policies as typed Python: one module per programme, standard library only.

Each programme module (`PROGRAMMES` maps ids to modules) has:

- `StrEnum`s of its closed sets: `Locale`, `Product`, `Tier`, `Severity`, `Metric`,
  `SlaPolicy`, `CalendarId` and, where defined, `CaseType`, `Service`, `Channel`, `Region`,
  `Subdivision`. Members are the policy ids (`Severity.SEV_1 == "sev-1"`).
- Read-only mappings: `SLA`, `CALENDARS`, `SERVICES` (an `Inclusion` per tier: `included`
  True, False, "partial" or None, a `count`, or the SLA target the cell states as
  `response`), `CHANNELS`, `REGIONS`,
  `COUNTRY_REGIONS`, `LARGE_ACCOUNT_THRESHOLDS`, `CONTACTS`, `ESCALATION`, `MESSAGES`.
- Lookups: `sla(tier, severity, metric, *, policy=DEFAULT_SLA_POLICY) -> Promise` (a
  `Target`, a `NextBusinessDay` (due at the `start` or `end` of the next business day),
  or `NotOffered`, `BestEffort`, `NotStated` for cells that state no target;
  `Target.calendar_for(case_type=..., region=...)` applies calendar exceptions that depend
  on the ticket, `Target.for_region(region)` business hours in the customer's region),
  `text(key, locale, **params) -> str` (placeholders the data gives: SLA targets, seat
  thresholds, key dates, filled from `DATA_VALUES`), `name(member, locale) -> str` (the translated
  name of a `Tier`, `Severity`, `Metric` or `CaseType`; their keys are in `TIER_NAMES`,
  `SEVERITY_NAMES`, `METRIC_NAMES`, `CASE_TYPE_NAMES`) and, with regions, `region_of(country)`,
  `is_large_account(country, seats)` and
  `escalation(country, level, subdivision=None) -> tuple[Contact, ...]`.
- `route(tier, severity, *, country=..., subdivision=..., seats=..., opened=...,
  language=..., product=..., channel=..., case_type=...) -> Resolution`: a ticket routed as
  `policyc route` routes it (SLA policy, each metric's `RouteTarget` with `Due` instants
  for an aware `opened`, or `Unpromised`; `LargeAccount`; `EscalationStep`s); unknown
  inputs raise `RouteError` (a ValueError) with policyc's codes.

Example:

{example}

Generated by policyc; do not edit.
"""
'''
