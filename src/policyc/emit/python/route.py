"""`route()` for the generated package: business time and ticket routing, standard library only.

In: a programme (its policies in precedence order, large-account rules, which closed sets
it has). Out: the sources of `_businesstime.py` and `_route.py` (shared by every programme
module), and each programme module's `_ROUTING` table and `route()` function.

`route()` reads the same resolved cells as the routing tables: the module's SLA matrix is
built from `resolve.rules.target_of` and `in_region` (the routing emitter's building
blocks) and the policies are ordered by `policy_precedence`, so a new kind of cell or
condition reaches `policyc route`, the routing JSON and `route()` from one place. The
runtime matches on the `Promise` union with `assert_never`: a new cell type that the
runtime does not handle fails `mypy --strict` on the generated package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyc.emit.python.names import member_name
from policyc.emit.python.source import Node, Raw, assign, call, lit, tuple_of
from policyc.resolve.rules import policy_precedence

if TYPE_CHECKING:
    from policyc.model import ir

# The names a programme module imports from `_route` (and `LargeAccountRule` if it has any).
ROUTE_IMPORTS = ("PolicyRule", "Resolution", "RoutingTable", "resolve")
# The names `__init__` re-exports from `_route`.
ROUTE_EXPORTED = (
    "Due",
    "EscalationStep",
    "LargeAccount",
    "NoPromise",
    "Problem",
    "Resolution",
    "RouteError",
    "RouteTarget",
    "Unpromised",
)


BUSINESSTIME_SOURCE = r'''"""Business time: when a target falls due on a calendar, whether a calendar is open.

The same rules as `policyc route` (docs/routing-format.md, "Business time"): a calendar is
open between the opening and closing of each weekly interval on each local date that is
not a holiday, and business minutes are real elapsed minutes while it is open.

- a wall time skipped by a DST jump happens at the jump (`02:30` opens at `03:00`);
- a wall time that happens twice opens at its first and closes at its second occurrence,
  so a `00:00-24:00` day on which the clocks go back is open 25 hours;
- a holiday closes the whole local date; a ticket opened while closed starts its clock at
  the next opening.

Time zones come from `zoneinfo` (the system's zone data, or the `tzdata` package).
"""

import datetime
from collections.abc import Iterator
from typing import Final
from zoneinfo import ZoneInfo

from ._types import Calendar

MINUTE: Final = datetime.timedelta(minutes=1)
_DAY: Final = datetime.timedelta(days=1)
_UTC: Final = datetime.UTC

Span = tuple[datetime.datetime, datetime.datetime]


def _aware(instant: datetime.datetime) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(
            f"naive datetime {instant.isoformat()}: give an aware datetime (with tzinfo)"
        )


def wall_to_instant(
    naive: datetime.datetime, zone: ZoneInfo, *, last: bool = False
) -> datetime.datetime:
    """The UTC instant at which the clocks of `zone` read `naive`.

    A reading that happens twice gives the first occurrence, or the second when `last`;
    a reading that never happens (skipped hour) gives the instant of the jump.
    """
    early = naive.replace(tzinfo=zone, fold=0).astimezone(_UTC)
    late = naive.replace(tzinfo=zone, fold=1).astimezone(_UTC)
    if early <= late:
        return late if last else early
    # skipped: find the jump, to the minute, between the two readings
    low_instant = late
    after = early.astimezone(zone).utcoffset()
    low, high = 1, (early - late) // MINUTE
    while low < high:
        mid = (low + high) // 2
        if (low_instant + mid * MINUTE).astimezone(zone).utcoffset() == after:
            high = mid
        else:
            low = mid + 1
    return low_instant + low * MINUTE


class _Hours:
    """A calendar's weekly hours by weekday and its holidays, looked up once per walk."""

    __slots__ = ("holidays", "weekly", "zone")

    def __init__(self, calendar: Calendar) -> None:
        if calendar.weekly_open_minutes <= 0:
            raise ValueError(f"calendar {calendar.id!r} is never open")
        self.zone = ZoneInfo(calendar.timezone)
        self.weekly = tuple(
            tuple(sorted((i.start, i.end) for i in calendar.intervals if i.day == day))
            for day in range(7)
        )
        self.holidays = frozenset(h.date for h in calendar.holidays)

    def day_spans(self, day: datetime.date) -> list[Span]:
        """The open spans (UTC) of one local date, in order."""
        if day in self.holidays:
            return []
        midnight = datetime.datetime(day.year, day.month, day.day)
        spans: list[Span] = []
        for start, end in self.weekly[day.weekday()]:
            opens = wall_to_instant(midnight + start * MINUTE, self.zone)
            closes = wall_to_instant(midnight + end * MINUTE, self.zone, last=True)
            if closes > opens:
                spans.append((opens, closes))
        return spans


def spans_from(calendar: Calendar, instant: datetime.datetime) -> Iterator[Span]:
    """The open spans from `instant` on, in order, never overlapping; the first is clipped.

    Infinite: stop consuming when done. Raises ValueError for a naive `instant` or a
    calendar that is never open.
    """
    _aware(instant)
    hours = _Hours(calendar)
    cursor = instant.astimezone(_UTC)
    day = cursor.astimezone(hours.zone).date() - _DAY
    while True:
        for opens, closes in hours.day_spans(day):
            opens = max(opens, cursor)
            if closes > opens:
                yield opens, closes
                cursor = closes
        day += _DAY


def is_open(calendar: Calendar, instant: datetime.datetime) -> bool:
    """Whether the calendar is open at `instant` (an opening instant is open, a closing not)."""
    opens, _closes = next(spans_from(calendar, instant))
    return opens == instant.astimezone(_UTC)


def next_open(calendar: Calendar, instant: datetime.datetime) -> datetime.datetime:
    """`instant` if the calendar is open then, else its next opening (in `instant`'s zone)."""
    opens, _closes = next(spans_from(calendar, instant))
    return opens.astimezone(instant.tzinfo)


def add_business_minutes(
    calendar: Calendar, start: datetime.datetime, minutes: int
) -> datetime.datetime:
    """The instant at which `minutes` of open time have passed since `start` (in its zone).

    Zero minutes is `start` itself; otherwise the clock starts at `start` or at the next
    opening. The result may be a closing instant (the last business minute ends there).
    """
    if minutes < 0:
        raise ValueError(f"negative business time: {minutes} minutes")
    _aware(start)
    if minutes == 0:
        return start
    remaining = minutes * MINUTE
    for opens, closes in spans_from(calendar, start):
        if closes - opens >= remaining:
            return (opens + remaining).astimezone(start.tzinfo)
        remaining -= closes - opens
    raise AssertionError("unreachable: spans_from is infinite")


def next_business_day(calendar: Calendar, start: datetime.datetime, at: str) -> datetime.datetime:
    """When a "next business day" target falls due: the first opening (`at="start"`) or the
    last closing (`at="end"`) of the next business day (in `start`'s zone).

    The clock starts at `start` or at the next opening (as for any target); the next
    business day is the first local date of the calendar after the date the clock starts
    on that has open hours (holidays and closed weekdays are skipped).
    """
    if at not in ("start", "end"):
        raise ValueError(f"next business day at {at!r}: give 'start' or 'end'")
    hours = _Hours(calendar)
    clock, _closes = next(spans_from(calendar, start))
    day = clock.astimezone(hours.zone).date() + _DAY
    while not (spans := hours.day_spans(day)):
        day += _DAY  # never endless: the calendar opens on some weekday
    instant = spans[0][0] if at == "start" else spans[-1][1]
    return instant.astimezone(start.tzinfo)
'''

ROUTE_SOURCE = r'''"""Routing a ticket: SLA policy, targets with due instants, large account, escalation.

Each programme module's `route()` calls `resolve()` with the programme's `RoutingTable`.
The semantics are those of `policyc route` and of the routing tables
(docs/routing-format.md, "Resolving a ticket"):

1. tier, severity, product, channel and case type must be ids of the programme, seats
   at least 0 and `opened` an aware datetime between the years 1900 and 9000;
2. the country (ISO 3166-1 alpha-2, any case) gives the region; a sub-territory (a
   territory id or an ISO 3166-2 code) gives the country and its named territory;
3. SLA policies are tried in precedence order; a policy applies when every condition it
   gives matches the ticket (a fact the ticket does not give matches nothing). Each
   metric takes the cell of the first applicable policy that has one: a `Target`, a
   `NextBusinessDay`, or `NotOffered`, `BestEffort`, `NotStated` (then no later policy is
   tried for it);
4. a target is measured on its region's calendar when the policy says so, then on the
   calendar of the calendar exception that matches the ticket (e.g. a case type worked
   at weekends); with `opened`, due instants are business minutes of that calendar (for
   a `NextBusinessDay`, the start or end of that calendar's next business day);
5. the large-account rule of the country, and the escalation chain of its region.

Unknown inputs raise `RouteError` (a ValueError) listing every problem with its policyc
code (PC502-PC507); questionable ones are `Resolution.warnings` (PC508-PC510).
"""

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, TypeAlias, assert_never

from ._businesstime import add_business_minutes, next_business_day
from ._types import (
    BestEffort,
    Calendar,
    ChannelInfo,
    Contact,
    EscalationLevel,
    NextBusinessDay,
    NotOffered,
    NotStated,
    Promise,
    RegionInfo,
    Target,
)

# What an SLA cell promises when it states no target.
NoPromise: TypeAlias = NotOffered | BestEffort | NotStated
# What an SLA cell promises when it states one: minutes, or the next business day.
Promised: TypeAlias = Target | NextBusinessDay

_COUNTRY: Final = re.compile(r"[A-Z]{2}")
_SUBDIVISION_CODE: Final = re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}")
_YEARS: Final = (1900, 9000)
_NOT_ISO: Final = {"UK": "GB", "EL": "GR"}


@dataclass(frozen=True, slots=True)
class Problem:
    """Why an input was refused (`RouteError`) or is questionable (a warning).

    `code` is the policyc diagnostic code `policyc route` reports for it (`policyc
    explain CODE`).
    """

    code: str
    message: str


class RouteError(ValueError):
    """The ticket names something the programme does not know; `problems` say what."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__("; ".join(f"{p.code}: {p.message}" for p in problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class PolicyRule:
    """An SLA policy's conditions; empty fields are no condition (all empty: the default)."""

    id: str
    tiers: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    case_types: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LargeAccountRule:
    """Accounts in `countries` with at least `min_seats` seats are large accounts."""

    id: str
    min_seats: int
    unit: str | None = None
    countries: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RoutingTable:
    """What `resolve()` reads: one programme's ids, policies, cells, places and chains."""

    programme: str
    tiers: tuple[str, ...]
    severities: tuple[str, ...]
    metrics: tuple[str, ...]
    products: tuple[str, ...]
    case_types: tuple[str, ...]
    support_languages: tuple[str, ...]
    policies: tuple[PolicyRule, ...]  # in precedence order, the default last
    cells: Mapping[tuple[str, str, str, str], Promise]  # (policy, tier, severity, metric)
    channels: Mapping[str, ChannelInfo]
    regions: Mapping[str, RegionInfo]
    countries: Mapping[str, str]  # country -> region
    large_accounts: tuple[LargeAccountRule, ...]
    escalation: Mapping[str, tuple[EscalationLevel, ...]]


@dataclass(frozen=True, slots=True)
class Due:
    """When a target falls due: after its minimum and after its maximum (the same instant
    for a `NextBusinessDay`)."""

    earliest: datetime.datetime
    latest: datetime.datetime


@dataclass(frozen=True, slots=True)
class RouteTarget:
    """One metric's target for the ticket: `target` is the cell (for the customer's region:
    a `Target` in minutes or a `NextBusinessDay`), `calendar` the calendar it is measured on
    for this ticket and `exception` the id of the calendar exception that chose it; `due`
    is set when the ticket's opening is given."""

    metric: str
    policy: str
    target: Promised
    calendar: Calendar
    exception: str | None
    due: Due | None

    @property
    def min_minutes(self) -> int | None:
        """The minimum in business minutes; None for a `NextBusinessDay`."""
        return self.target.min_minutes if isinstance(self.target, Target) else None

    @property
    def max_minutes(self) -> int | None:
        """The maximum in business minutes; None for a `NextBusinessDay`."""
        return self.target.max_minutes if isinstance(self.target, Target) else None

    @property
    def next_business_day(self) -> str | None:
        """`start` or `end` for a `NextBusinessDay`; None for a target in minutes."""
        return self.target.at if isinstance(self.target, NextBusinessDay) else None

    @property
    def base_calendar(self) -> Calendar:
        """The calendar the SLA policy (or the customer's region) states."""
        return self.target.base_calendar


@dataclass(frozen=True, slots=True)
class Unpromised:
    """A metric whose cell states no target: `promise` says which kind of none."""

    metric: str
    policy: str
    promise: NoPromise


@dataclass(frozen=True, slots=True)
class LargeAccount:
    """The large-account rule covering the ticket's country, and the verdict for its seats."""

    rule: str
    min_seats: int
    unit: str | None
    seats: int | None

    @property
    def large(self) -> bool | None:
        """Whether the account is large; None when the seats are not known."""
        return None if self.seats is None else self.seats >= self.min_seats


@dataclass(frozen=True, slots=True)
class EscalationStep:
    """The people to escalate to at one level, for the ticket's country (and territory)."""

    level: int
    role: str
    delay_minutes: int | None
    contacts: tuple[Contact, ...]


@dataclass(frozen=True, slots=True)
class Resolution:
    """The answer for one ticket; inputs echoed normalised (country in upper case)."""

    programme: str
    tier: str
    severity: str
    sla_policy: str | None  # the first applicable SLA policy
    targets: tuple[RouteTarget, ...]
    no_targets: tuple[Unpromised, ...]
    country: str | None
    subdivision: str | None  # as given
    territory: str | None  # the named sub-territory it lies in
    region: str | None
    language: str | None
    product: str | None
    channel: str | None
    case_type: str | None
    seats: int | None
    opened: datetime.datetime | None  # truncated to milliseconds
    large_account: LargeAccount | None
    escalation: tuple[EscalationStep, ...]
    warnings: tuple[Problem, ...]

    def target(self, metric: str) -> RouteTarget | None:
        return next((t for t in self.targets if t.metric == metric), None)

    def no_target(self, metric: str) -> Unpromised | None:
        return next((t for t in self.no_targets if t.metric == metric), None)

    def level(self, level: int) -> EscalationStep | None:
        return next((s for s in self.escalation if s.level == level), None)


@dataclass(frozen=True, slots=True)
class _Facts:
    tier: str
    severity: str
    region: str | None
    country: str | None
    case_type: str | None
    language: str | None
    product: str | None
    channel: str | None


def language_matches(language: str, listed: tuple[str, ...]) -> bool:
    """`ja` and `ja-JP` match a listed `ja` (case-insensitive); `ja` does not match `ja-JP`."""
    lang = language.lower()
    return any(lang == x.lower() or lang.startswith(x.lower() + "-") for x in listed)


def _applies(rule: PolicyRule, facts: _Facts) -> bool:
    """Every condition the policy gives matches; a fact not given matches nothing."""
    given = (
        (rule.tiers, facts.tier),
        (rule.severities, facts.severity),
        (rule.regions, facts.region),
        (rule.countries, facts.country),
        (rule.case_types, facts.case_type),
        (rule.products, facts.product),
        (rule.channels, facts.channel),
    )
    if any(listed and value not in listed for listed, value in given):
        return False
    if not rule.languages:
        return True
    return facts.language is not None and language_matches(facts.language, rule.languages)


class _Inputs:
    """The problems found with a ticket's inputs."""

    def __init__(self, table: RoutingTable) -> None:
        self.table = table
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def error(self, code: str, message: str) -> None:
        self.errors.append(Problem(code, message))

    def known(self, code: str, what: str, value: str | None, ids: tuple[str, ...]) -> None:
        if value is not None and value not in ids:
            self.error(code, f"unknown {what} {value!r} in programme {self.table.programme!r}")

    def check(
        self,
        facts: _Facts,
        seats: int | None,
        opened: datetime.datetime | None,
    ) -> None:
        t = self.table
        self.known("PC506", "case type", facts.case_type, t.case_types)
        self.known("PC502", "tier", facts.tier, t.tiers)
        self.known("PC503", "severity", facts.severity, t.severities)
        self.known("PC506", "product", facts.product, t.products)
        self.known("PC506", "channel", facts.channel, tuple(t.channels))
        if seats is not None and seats < 0:
            self.error("PC506", f"seat count {seats} is negative")
        if opened is None:
            return
        if opened.tzinfo is None or opened.utcoffset() is None:
            self.error(
                "PC507",
                f"opening time {opened.isoformat()} is a naive datetime: give an aware one "
                "(e.g. datetime.now(datetime.UTC) or with a zoneinfo.ZoneInfo)",
            )
        elif not _YEARS[0] <= opened.astimezone(datetime.UTC).year <= _YEARS[1]:
            self.error("PC507", f"opening time {opened.isoformat()} is out of range")

    def advise(self, facts: _Facts) -> None:
        """Warnings: a language the programme does not support, a channel not offered."""
        supported = self.table.support_languages
        language = facts.language
        if language is not None and supported and not language_matches(language, supported):
            message = f"the programme gives support in {', '.join(supported)}, not {language!r}"
            self.warnings.append(Problem("PC508", message))
        offered = self.table.channels.get(facts.channel or "")
        if offered is None or self.errors:
            return
        if offered.tiers and facts.tier not in offered.tiers:
            message = f"channel {offered.id!r} is not offered to tier {facts.tier!r}"
            self.warnings.append(Problem("PC509", message))
        if facts.product is not None and offered.products and facts.product not in offered.products:
            message = f"channel {offered.id!r} is not offered for product {facts.product!r}"
            self.warnings.append(Problem("PC509", message))

    def place(
        self, country: str | None, subdivision: str | None
    ) -> tuple[str | None, str | None, str | None]:
        """(country, territory, region) of the ticket, normalised and checked."""
        t = self.table
        territory = None
        if country is not None:
            country = country.strip().upper()
        if subdivision is not None and t.regions:
            country, territory = self._subdivision(subdivision, country)
        if country is None:
            return None, territory, None
        if not t.regions:
            message = f"programme {t.programme!r} defines no regions: country {country} is ignored"
            self.warnings.append(Problem("PC510", message))
            return country, territory, None
        region = t.countries.get(country) if _COUNTRY.fullmatch(country) else None
        if region is None:
            better = _NOT_ISO.get(country)
            hint = f" (the ISO 3166-1 code is {better})" if better else ""
            self.error("PC504", f"country {country!r} is in no region of {t.programme!r}{hint}")
        return country, territory, region

    def _subdivision(self, given: str, country: str | None) -> tuple[str | None, str | None]:
        """(country, territory id) for a sub-territory given as a territory id or ISO code."""
        named = [s for r in self.table.regions.values() for s in r.territories]
        by_id = next((s for s in named if s.id == given), None)
        if by_id is not None:
            if country is not None and country != by_id.country:
                self.error("PC505", f"sub-territory {given!r} is in {by_id.country}, not {country}")
            return by_id.country, by_id.id
        code = given.upper()
        if not _SUBDIVISION_CODE.fullmatch(code):
            self.error("PC505", f"unknown sub-territory {given!r}")
            return country, None
        owner = code[:2]
        if country is not None and owner != country:
            self.error("PC505", f"sub-territory {code} is in {owner}, not in {country}")
            return country, None
        region = self.table.regions.get(self.table.countries.get(owner, ""))
        of_owner = [s for s in region.territories if s.country == owner] if region else []
        if not of_owner:
            return owner, None  # a valid code of a country without named sub-territories
        found = next((s for s in of_owner if code in s.codes), None)
        if found is None:
            self.error("PC505", f"unknown sub-territory {code!r} of {owner}")
            return owner, None
        return owner, found.id


def _due(target: Promised, calendar: Calendar, opened: datetime.datetime) -> Due:
    """When `target` falls due on `calendar` for a ticket opened at `opened`."""
    match target:
        case Target(min_minutes=low, max_minutes=high):
            return Due(
                add_business_minutes(calendar, opened, low),
                add_business_minutes(calendar, opened, high),
            )
        case NextBusinessDay(at=at):
            due = next_business_day(calendar, opened, at)
            return Due(due, due)
        case _:
            assert_never(target)


def _routed(
    metric: str, policy: str, target: Promised, facts: _Facts, opened: datetime.datetime | None
) -> RouteTarget:
    """A target for the ticket: its per-ticket calendar exception applied, due if opened."""
    found = target.exception_for(
        case_type=facts.case_type,
        region=facts.region,
        country=facts.country,
        language=facts.language,
        product=facts.product,
        channel=facts.channel,
    )
    calendar = target.calendar if found is None else found.calendar
    exception = target.exception if found is None else found.exception.id
    due = None if opened is None else _due(target, calendar, opened)
    return RouteTarget(metric, policy, target, calendar, exception, due)


def _targets(
    table: RoutingTable, facts: _Facts, opened: datetime.datetime | None
) -> tuple[str | None, tuple[RouteTarget, ...], tuple[Unpromised, ...]]:
    """The first applicable policy; per metric, the cell of the first applicable policy
    that has one."""
    applicable = [rule for rule in table.policies if _applies(rule, facts)]
    targets: list[RouteTarget] = []
    none: list[Unpromised] = []
    for metric in table.metrics:
        for rule in applicable:
            cell = table.cells.get((rule.id, facts.tier, facts.severity, metric))
            if cell is None:
                continue
            match cell:
                case Target() | NextBusinessDay():
                    target = cell.for_region(facts.region)
                    targets.append(_routed(metric, rule.id, target, facts, opened))
                case NotOffered() | BestEffort() | NotStated():
                    none.append(Unpromised(metric, rule.id, cell))
                case _:
                    assert_never(cell)
            break
    return (applicable[0].id if applicable else None), tuple(targets), tuple(none)


def _escalation(
    table: RoutingTable, region: str, country: str, territory: str | None
) -> tuple[EscalationStep, ...]:
    return tuple(
        EscalationStep(
            level.level, level.role, level.delay_minutes, level.contacts_for(country, territory)
        )
        for level in table.escalation.get(region, ())
    )


def _large_account(table: RoutingTable, country: str, seats: int | None) -> LargeAccount | None:
    rule = next((r for r in table.large_accounts if country in r.countries), None)
    return None if rule is None else LargeAccount(rule.id, rule.min_seats, rule.unit, seats)


def _ids(*given: str | None) -> tuple[str | None, ...]:
    """Ids as plain strings (an enum member's value), None kept."""
    return tuple(None if g is None else str(g) for g in given)


def resolve(
    table: RoutingTable,
    tier: str,
    severity: str,
    *,
    country: str | None = None,
    subdivision: str | None = None,
    seats: int | None = None,
    opened: datetime.datetime | None = None,
    language: str | None = None,
    product: str | None = None,
    channel: str | None = None,
    case_type: str | None = None,
) -> Resolution:
    """Route a ticket through `table`; raise `RouteError` for unknown inputs."""
    tier, severity = str(tier), str(severity)
    product, channel, case_type = _ids(product, channel, case_type)
    inputs = _Inputs(table)
    given = _Facts(tier, severity, None, None, case_type, language, product, channel)
    inputs.check(given, seats, opened)
    subdivision = subdivision.strip() if subdivision is not None else None
    country, territory, region = inputs.place(country, subdivision)
    inputs.advise(given)
    if inputs.errors:
        raise RouteError(tuple(inputs.errors))
    if opened is not None and opened.microsecond % 1000:  # milliseconds, as policyc route
        opened = opened.replace(microsecond=opened.microsecond // 1000 * 1000)
    facts = _Facts(tier, severity, region, country, case_type, language, product, channel)
    sla_policy, targets, no_targets = _targets(table, facts, opened)
    return Resolution(
        programme=table.programme,
        tier=tier,
        severity=severity,
        sla_policy=sla_policy,
        targets=targets,
        no_targets=no_targets,
        country=country,
        subdivision=subdivision,
        territory=territory,
        region=region,
        language=language,
        product=product,
        channel=channel,
        case_type=case_type,
        seats=seats,
        opened=opened,
        large_account=_large_account(table, country, seats) if region and country else None,
        escalation=_escalation(table, region, country, territory) if region and country else (),
        warnings=tuple(inputs.warnings),
    )
'''


def _enum_or_empty(name: str, present: bool) -> Raw:
    return Raw(f"tuple({name})" if present else "()")


def _by_str(name: str, present: bool) -> Node:
    """A module mapping keyed by an enum, re-keyed by plain strings (or an empty one)."""
    if not present:
        return call("MappingProxyType", Raw("{}"))
    return call("MappingProxyType", Raw(f"{{str(k): v for k, v in {name}.items()}}"))


def _rule(policy: ir.SlaPolicy) -> Node:
    conditions = {
        name: tuple_of([lit(v) for v in values]) for name, values in policy.conditions.items()
    }
    return call("PolicyRule", id=Raw(f"SlaPolicy.{member_name(policy.id)}"), **conditions)


def routing_table(programme: ir.Programme, present: set[str], has_escalation: bool) -> list[str]:
    """The `_ROUTING` table of a programme module. `present` names the module's optional
    enums and mappings that exist (`Product`, `CaseType`, `CHANNELS`, `REGIONS`)."""
    large = [
        call(
            "LargeAccountRule",
            id=lit(rule.id),
            min_seats=lit(rule.min_seats),
            unit=lit(rule.unit) if rule.unit is not None else None,
            countries=tuple_of([lit(c) for c in rule.applies_to]),
        )
        for rule in programme.large_accounts
    ]
    regions = "REGIONS" in present
    table = call(
        "RoutingTable",
        programme=Raw("PROGRAMME_ID"),
        tiers=Raw("tuple(Tier)"),
        severities=Raw("tuple(Severity)"),
        metrics=Raw("tuple(Metric)"),
        products=_enum_or_empty("Product", "Product" in present),
        case_types=_enum_or_empty("CaseType", "CaseType" in present),
        support_languages=tuple_of([lit(x) for x in programme.support_languages]),
        policies=tuple_of([_rule(p) for p in policy_precedence(programme)]),
        cells=call(
            "MappingProxyType",
            Raw("{(p, t, s, m): cell for p, t, s, m, cell in _SLA_CELLS}"),
        ),
        channels=_by_str("CHANNELS", "CHANNELS" in present),
        regions=_by_str("REGIONS", regions),
        countries=Raw("COUNTRY_REGIONS") if regions else call("MappingProxyType", Raw("{}")),
        large_accounts=tuple_of(large),
        escalation=_by_str("ESCALATION", has_escalation),
    )
    return [
        "# What route() reads: policies in precedence order and every cell, by plain ids.",
        *assign("_ROUTING: Final", table),
    ]


def route_function(present: set[str]) -> list[str]:
    """The `route()` of a programme module; parameters typed with the enums it has."""

    def ids(enum: str) -> str:
        return f"{enum} | str | None" if enum in present else "str | None"

    text = _ROUTE_FUNCTION.format(
        subdivision=ids("Subdivision"),
        product=ids("Product"),
        channel=ids("Channel"),
        case_type=ids("CaseType"),
    )
    return text.strip("\n").split("\n")


_ROUTE_FUNCTION = '''
def route(
    tier: Tier | str,
    severity: Severity | str,
    *,
    country: str | None = None,
    subdivision: {subdivision} = None,
    seats: int | None = None,
    opened: datetime.datetime | None = None,
    language: str | None = None,
    product: {product} = None,
    channel: {channel} = None,
    case_type: {case_type} = None,
) -> Resolution:
    """Route a ticket as `policyc route` does: its SLA policy, each metric's target (with
    due instants when `opened`, an aware datetime, is given), the large-account verdict and
    the escalation chain of its country.

    `country` is ISO 3166-1 alpha-2 (any case), `subdivision` a `Subdivision` id or an
    ISO 3166-2 code, `language` a BCP 47 tag. Raises `RouteError` (a ValueError) listing
    every unknown input (a naive `opened` too); warnings are in `Resolution.warnings`.
    """
    return resolve(
        _ROUTING,
        tier,
        severity,
        country=country,
        subdivision=subdivision,
        seats=seats,
        opened=opened,
        language=language,
        product=product,
        channel=channel,
        case_type=case_type,
    )
'''
