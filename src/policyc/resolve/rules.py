"""Route resolution: a ticket's facts → region, SLA targets and due instants, escalation.

In: the IR (`Policies`) and a ticket (programme, tier, severity, and optionally country,
sub-territory, seats, opening instant, language, product, channel). Out: a `Resolution`.

This module is the one definition of routing semantics. `policyc route` prints its
answer, the routing emitter (`emit/routing.py`) tabulates it in advance with the same
functions, and `policyc test` checks policy tests against it. Its public API is stable:

- `resolve(policies, programme_id, tier, severity, *, country=None, subdivision=None,
  seats=None, opened=None, language=None, product=None, channel=None, case_type=None,
  spans=None)`
  returns a `Resolution` or raises `ResolveError` whose `diagnostics` (PC501–PC507) say
  which input is unknown, with "did you mean". Warnings (PC508–PC510) are kept in
  `Resolution.warnings`. `spans` maps an input name (`"tier"`, `"country"`, ...) to the
  `Span` diagnostics about it point at; by default `<--tier>` and so on.
- `parse_opened(text)` parses an ISO 8601 instant with an offset (`Z` allowed).
- `Resolution.to_json()` is the answer as JSON data (the format of `policyc route
  --format json` and of `examples/node/route.mjs`).
- The building blocks, for callers that tabulate (the routing emitter): `policy_precedence`,
  `policy_applies`, `target_of`, `targets_for`, `large_account_rule`, `territories`,
  `escalation_for`.

Semantics:

- **SLA policy.** A policy applies when every field of its `applies_to` matches the ticket
  (within a field, any listed value; a field the ticket does not give does not match; a
  language matches its listed language or a regional variant, `ja-JP` ~ `ja`). Policies are
  tried by precedence (see Conditions; the default policy last); each metric takes its target from the first applicable policy
  that defines it. A cell that states no target (`not-offered`, `best-effort`,
  `not-stated`) is that policy's answer too: the metric goes to `Resolution.no_targets`
  and no later policy is tried for it. `Resolution.sla_policy` is the first applicable
  policy.
- **Conditions.** An SLA policy's `applies_to` and a calendar exception match a ticket when
  every field they give matches: tier, severity, region (of the country), country, case
  type, language, product, channel. Policies are tried by `priority` (higher first), then
  most fields first, then id; overlaps that this order cannot settle are model errors
  (PC330, PC331), so the order never decides silently between two equal rules.
- **Region calendar.** A policy with `region_calendars` measures the targets that use its
  calendar on the calendar of the customer's region instead (days in that calendar's
  business days); tickets without a country, or from another region, keep `calendar`.
- **Calendar.** A target is measured on its calendar, or on the calendar of that
  calendar's exception matching the cell (tier, severity) or the ticket (case type, region,
  ...): Zoho's critical cases (downtime, system crash, login) are worked at weekends.
- **Due.** With `opened`, `earliest`/`latest` are `opened` plus the target's min/max in
  business minutes of that calendar (`businesstime.add_business_minutes`). A "next
  business day" target (`next_business_day`: `start` or `end`) has no minutes: both are
  the first opening or the last closing of the first business day after the local date
  on which the clock starts (`businesstime.next_business_day`).
- **Large account.** The rule covering the country: large when seats ≥ the threshold.
- **Escalation.** The chain of the country's region; at each level the contacts without
  scope plus those whose countries contain the country. Contacts split by sub-territory
  are narrowed by the ticket's sub-territory (an ISO 3166-2 code or a territory id), or
  all listed, each with its sub-territories, when none is given.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from policyc.diagnostics import Diagnostic, Severity, Span, did_you_mean, first_few
from policyc.resolve.businesstime import (
    add_business_minutes,
    effective_calendar,
    next_business_day,
)

if TYPE_CHECKING:
    from policyc.model.ir import (
        Calendar,
        CalendarException,
        Duration,
        LargeAccountRule,
        Policies,
        Programme,
        SlaPolicy,
        Subdivision,
    )

JSON = None | bool | int | float | str | list["JSON"] | dict[str, "JSON"]

_COUNTRY = re.compile(r"[A-Z]{2}")
_SUBDIVISION_CODE = re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}")
_YEARS = (1900, 9000)  # opening times outside are refused (due times must stay representable)
_NOT_ISO = {"UK": "GB", "EL": "GR"}  # common non-ISO country codes and the ISO ones
# country codes often written for a language, and the language meant
_COUNTRY_AS_LANGUAGE = {"jp": "ja", "cn": "zh", "kr": "ko", "gr": "el", "se": "sv", "dk": "da",
                        "cz": "cs", "ua": "uk", "vn": "vi", "il": "he", "br": "pt"}  # fmt: skip


class ResolveError(Exception):
    """The ticket names something the policies do not know; `diagnostics` say what."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = tuple(diagnostics)


@dataclass(frozen=True, slots=True)
class Due:
    """When a target falls due: after its minimum and after its maximum."""

    earliest: datetime
    latest: datetime


@dataclass(frozen=True, slots=True)
class Facts:
    """What is known of a ticket, for matching conditions (`None`: not given)."""

    tier: str
    severity: str
    region: str | None = None
    country: str | None = None
    case_type: str | None = None
    language: str | None = None
    product: str | None = None
    channel: str | None = None

    def matches(self, conditions: Mapping[str, tuple[str, ...]]) -> bool:
        """Every condition given must match; a fact not given matches no listed value."""
        for name, listed in conditions.items():
            if name == "languages":
                if self.language is None or not language_matches(self.language, listed):
                    return False
                continue
            value = {
                "tiers": self.tier,
                "severities": self.severity,
                "regions": self.region,
                "countries": self.country,
                "case_types": self.case_type,
                "products": self.product,
                "channels": self.channel,
            }[name]
            if value not in listed:
                return False
        return True


@dataclass(frozen=True, slots=True)
class ResolvedTarget:
    """One metric's target for the ticket, the calendar it is measured on, and its due.

    A duration target has `min` and `max`; a "next business day" target has neither and
    `next_business_day` (`start` or `end`) instead."""

    metric: str
    policy: str  # the SLA policy the target comes from
    min: Duration | None
    max: Duration | None
    calendar: str  # the calendar actually used (after any exception)
    base_calendar: str  # the calendar the policy states
    exception: str | None  # id of the calendar exception in force
    due: Due | None = None
    conditional: tuple[str, ...] = ()  # exceptions that apply to some tickets (tables only)
    next_business_day: str | None = None  # "start" | "end": due on the next business day

    @property
    def exact(self) -> bool:
        return self.min is None or self.max is None or self.min.minutes == self.max.minutes

    def due_from(self, calendar: Calendar, opened: datetime) -> Due:
        """When this target falls due for a ticket opened at `opened` on `calendar`."""
        if self.min is None or self.max is None:
            due = next_business_day(calendar, opened, self.next_business_day or "end")
            return Due(due, due)
        return Due(
            add_business_minutes(calendar, opened, self.min.minutes),
            add_business_minutes(calendar, opened, self.max.minutes),
        )


@dataclass(frozen=True, slots=True)
class NoTarget:
    """A metric whose cell states no target: `promise` is `not-offered`, `best-effort` or
    `not-stated` (the model's `ir.Promise` values other than `target`)."""

    metric: str
    policy: str  # the SLA policy the cell comes from
    promise: str


@dataclass(frozen=True, slots=True)
class LargeAccount:
    """The large-account rule covering the ticket's country, and the verdict for its seats."""

    rule: str
    min_seats: int  # inclusive threshold
    unit: str | None  # what is counted, e.g. user-licences
    seats: int | None

    @property
    def large(self) -> bool | None:
        """Whether the account counts as large; None when the seats are unknown."""
        return None if self.seats is None else self.seats >= self.min_seats


@dataclass(frozen=True, slots=True)
class ResolvedContact:
    """A person to escalate to; `subdivisions` are the sub-territories they cover (if split)."""

    contact: str
    name: str
    email: str | None
    phone: str | None
    title: str | None  # message key
    label: str | None  # message key of the scope, e.g. escalation.scope.france
    subdivisions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ResolvedLevel:
    level: int
    role: str  # message key
    delay_minutes: int | None
    contacts: tuple[ResolvedContact, ...]


@dataclass(frozen=True, slots=True)
class Resolution:
    """The answer for one ticket. Inputs are echoed normalised (country upper case)."""

    programme: str
    tier: str
    severity: str
    sla_policy: str | None  # the first applicable SLA policy (None: the programme has none)
    targets: tuple[ResolvedTarget, ...]
    country: str | None = None
    no_targets: tuple[NoTarget, ...] = ()  # metrics whose cell states no target
    subdivision: str | None = None  # as given (ISO 3166-2 code or territory id)
    territory: str | None = None  # the named sub-territory it belongs to
    region: str | None = None
    language: str | None = None
    product: str | None = None
    channel: str | None = None
    case_type: str | None = None
    seats: int | None = None
    opened: datetime | None = None
    large_account: LargeAccount | None = None
    escalation: tuple[ResolvedLevel, ...] = ()
    warnings: tuple[Diagnostic, ...] = field(default=(), compare=False)

    def target(self, metric: str) -> ResolvedTarget | None:
        return next((t for t in self.targets if t.metric == metric), None)

    def no_target(self, metric: str) -> NoTarget | None:
        return next((t for t in self.no_targets if t.metric == metric), None)

    def level(self, level: int) -> ResolvedLevel | None:
        return next((lv for lv in self.escalation if lv.level == level), None)

    def to_json(self) -> dict[str, JSON]:
        """The answer as JSON data; instants as UTC `YYYY-MM-DDTHH:MM:SS[.mmm]Z`."""
        large = self.large_account
        return {
            "programme": self.programme,
            "tier": self.tier,
            "severity": self.severity,
            "country": self.country,
            "subdivision": self.subdivision,
            "territory": self.territory,
            "region": self.region,
            "language": self.language,
            "product": self.product,
            "channel": self.channel,
            "case_type": self.case_type,
            "seats": self.seats,
            "opened": format_instant(self.opened) if self.opened else None,
            "sla_policy": self.sla_policy,
            "targets": [
                {
                    "metric": t.metric,
                    "policy": t.policy,
                    **target_bounds_json(t.min, t.max, t.next_business_day),
                    "calendar": t.calendar,
                    "base_calendar": t.base_calendar,
                    "exception": t.exception,
                    "due": {
                        "earliest": format_instant(t.due.earliest),
                        "latest": format_instant(t.due.latest),
                    }
                    if t.due
                    else None,
                }
                for t in self.targets
            ],
            "no_targets": [
                {"metric": t.metric, "policy": t.policy, "promise": t.promise}
                for t in self.no_targets
            ],
            "large_account": {
                "rule": large.rule,
                "min_seats": large.min_seats,
                "unit": large.unit,
                "seats": large.seats,
                "large": large.large,
            }
            if large
            else None,
            "escalation": [level_json(lv) for lv in self.escalation],
        }


# -- JSON shapes shared with the routing emitter ------------------------------------------


def format_instant(instant: datetime) -> str:
    """UTC, seconds precision, milliseconds only when non-zero: `2026-03-27T16:30:00Z`."""
    utc = instant.astimezone(UTC)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if utc.microsecond:
        text += f".{utc.microsecond // 1000:03d}"
    return text + "Z"


def duration_json(d: Duration) -> dict[str, JSON]:
    return {"minutes": d.minutes, "amount": d.amount, "unit": d.unit.value}


def target_bounds_json(
    low: Duration | None, high: Duration | None, next_day: str | None
) -> dict[str, JSON]:
    """`{min, max}` of a duration target, or `{next_business_day: start|end}`."""
    if low is None or high is None:
        return {"next_business_day": next_day}
    return {"min": duration_json(low), "max": duration_json(high)}


def contact_json(c: ResolvedContact) -> dict[str, JSON]:
    return {
        "contact": c.contact,
        "name": c.name,
        "email": c.email,
        "phone": c.phone,
        "title": c.title,
        "label": c.label,
        "subdivisions": list(c.subdivisions),
    }


def level_json(lv: ResolvedLevel) -> dict[str, JSON]:
    return {
        "level": lv.level,
        "role": lv.role,
        "delay_minutes": lv.delay_minutes,
        "contacts": [contact_json(c) for c in lv.contacts],
    }


# -- the building blocks (also used by the routing emitter) --------------------------------


def policy_precedence(programme: Programme) -> tuple[SlaPolicy, ...]:
    """SLA policies in the order they are tried: higher `priority` first, then more
    `applies_to` fields first, then by id; the default (no conditions) last."""
    return tuple(
        sorted(
            programme.sla_policies,
            key=lambda p: (p.is_default, -p.priority, -len(p.conditions), p.id),
        )
    )


def language_matches(language: str, listed: tuple[str, ...]) -> bool:
    """`ja` and `ja-JP` match a listed `ja` (case-insensitive); `ja` does not match `ja-JP`."""
    lang = language.lower()
    return any(lang == x.lower() or lang.startswith(x.lower() + "-") for x in listed)


def policy_applies(policy: SlaPolicy, facts: Facts) -> bool:
    """Every field of `applies_to` must match; a ticket field not given does not match."""
    return facts.matches(policy.conditions)


def exception_applies(exception: CalendarException, facts: Facts) -> bool:
    """A calendar exception applies when every condition it gives matches the ticket."""
    return facts.matches(exception.conditions)


def target_of(
    policies: Policies, policy: SlaPolicy, tier: str, severity: str, metric: str
) -> ResolvedTarget | NoTarget | None:
    """The target a policy sets for tier × severity × metric, on the calendar actually used;
    a `NoTarget` when its cell states none (not offered, best effort, not stated)."""
    cell = policy.cell(tier, severity, metric)
    if cell is None:
        return None
    if cell.target is None:
        return NoTarget(metric=metric, policy=policy.id, promise=cell.promise.value)
    base = cell.target.calendar
    calendar, exception = effective_calendar(policies.calendars, base, tier, severity)
    from policyc.model.ir import Target  # start-up: rules imports no model at load

    t = cell.target
    return ResolvedTarget(
        metric=metric,
        policy=policy.id,
        min=t.min if isinstance(t, Target) else None,
        max=t.max if isinstance(t, Target) else None,
        next_business_day=None if isinstance(t, Target) else t.at,
        calendar=calendar.id,
        base_calendar=base,
        exception=exception,
        conditional=cell.conditional,
    )


def in_region(
    policies: Policies, policy: SlaPolicy, target: ResolvedTarget, tier: str, severity: str,
    region: str | None,
) -> ResolvedTarget:  # fmt: skip
    """The target measured on the calendar of the customer's region, when the policy has one
    (`region_calendars`) and the target uses the policy's calendar. Days are business days
    of the region's calendar; its exceptions apply."""
    cal_id = policy.region_calendars.get(region or "")
    if cal_id is None or target.base_calendar != policy.calendar:
        return target
    calendar = policies.calendars[cal_id]
    used, exception = effective_calendar(policies.calendars, cal_id, tier, severity)
    return replace(
        target,
        min=rescaled(target.min, calendar.business_day_minutes),
        max=rescaled(target.max, calendar.business_day_minutes),
        calendar=used.id,
        base_calendar=cal_id,
        exception=exception,
        conditional=tuple(e.id for e in calendar.conditional_for(tier, severity)),
    )


def rescaled(duration: Duration | None, business_day: int) -> Duration | None:
    """A duration as written, in business minutes of a calendar with this business day."""
    if duration is None or duration.unit.value != "day":
        return duration
    return duration.model_copy(update={"minutes": duration.amount * business_day})


def for_ticket(policies: Policies, target: ResolvedTarget, facts: Facts) -> ResolvedTarget:
    """The target with the per-ticket calendar exception that matches the ticket applied."""
    base = policies.calendars[target.base_calendar]
    for exception in base.exceptions:
        if exception.id in target.conditional and exception_applies(exception, facts):
            return replace(target, calendar=exception.calendar, exception=exception.id)
    return target


def large_account_rule(programme: Programme, country: str) -> LargeAccountRule | None:
    """The large-account rule covering `country` (the model allows at most one)."""
    return next((r for r in programme.large_accounts if country in r.applies_to), None)


def territories(programme: Programme, country: str) -> tuple[Subdivision, ...]:
    """The named sub-territories of a country (e.g. USA East/Central/West)."""
    region = programme.region_of(country)
    if region is None:
        return ()
    return tuple(s for s in region.subdivisions if s.country == country)


def escalation_for(
    programme: Programme, country: str, territory: str | None = None
) -> tuple[ResolvedLevel, ...]:
    """The escalation chain for a country: per level, unscoped contacts plus the contacts
    scoped to the country; those split by sub-territory narrowed to `territory` if given."""
    region = programme.region_of(country)
    if region is None or programme.escalation is None:
        return ()
    chain = next((c for c in programme.escalation.chains if c.region == region.id), None)
    if chain is None:
        return ()
    countries_of = {s.id: s.country for s in region.subdivisions}
    levels = []
    for lv in chain.levels:
        found = []
        for sc in lv.contacts:
            if sc.countries:
                covers = country in sc.countries
            elif sc.subdivisions:
                covers = any(countries_of.get(s) == country for s in sc.subdivisions)
            else:
                covers = True
            if not covers:
                continue
            if territory is not None and sc.subdivisions and territory not in sc.subdivisions:
                continue
            person = programme.contacts[sc.contact]
            found.append(
                ResolvedContact(
                    contact=person.id,
                    name=person.name,
                    email=person.email,
                    phone=person.phone,
                    title=sc.title or person.title,
                    label=sc.label,
                    subdivisions=sc.subdivisions,
                )
            )
        levels.append(
            ResolvedLevel(
                level=lv.level, role=lv.role, delay_minutes=lv.delay_minutes, contacts=tuple(found)
            )
        )
    return tuple(levels)


def _language_hint(language: str, supported: tuple[str, ...]) -> str:
    meant = _COUNTRY_AS_LANGUAGE.get(language.lower())
    if meant in supported:
        return f"'{language}' is a country code: did you mean '{meant}'?"
    return did_you_mean(language, supported) or "the default SLA policy applies"


def parse_opened(text: str, span: Span | None = None) -> datetime:
    """An ISO 8601 instant with an offset (`2026-03-27T17:30:00+01:00`, `...Z`)."""
    where = span or Span("<--opened>")
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ResolveError(
            [
                Diagnostic(
                    "PC507",
                    f"'{text}' is not an ISO 8601 date and time",
                    where,
                    hint="write it like 2026-03-27T17:30:00+01:00 (or ...Z for UTC)",
                )
            ]
        ) from None
    _check_opened(value, where)
    return value


def _check_opened(value: datetime, where: Span) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ResolveError(
            [
                Diagnostic(
                    "PC507",
                    f"opening time {value.isoformat()} has no UTC offset",
                    where,
                    hint="add the offset of the ticket's time zone, e.g. +01:00, or Z for UTC",
                )
            ]
        )
    if not _YEARS[0] <= value.astimezone(UTC).year <= _YEARS[1]:
        raise ResolveError(
            [
                Diagnostic(
                    "PC507",
                    f"opening time {value.isoformat()} is out of range",
                    where,
                    hint=f"give a time between the years {_YEARS[0]} and {_YEARS[1]}",
                )
            ]
        )


# -- resolve ------------------------------------------------------------------------------


class _Inputs:
    """Collects diagnostics about the ticket's inputs, located by `spans`."""

    def __init__(self, spans: Mapping[str, Span] | None) -> None:
        self.spans = spans or {}
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []

    def span(self, name: str) -> Span:
        return self.spans.get(name) or Span(f"<--{name.replace('_', '-')}>")

    def unknown(
        self, code: str, name: str, message: str, value: str, known: list[str], plural: str
    ) -> None:
        """An unknown `value`: hint at the closest known ones, else list some."""
        hint = did_you_mean(value, known) or (
            f"known {plural}: " + first_few(known, 12) if known else f"no {plural} are defined"
        )
        self.errors.append(Diagnostic(code, message, self.span(name), hint=hint))

    def warn(self, code: str, name: str, message: str, hint: str | None = None) -> None:
        self.warnings.append(Diagnostic(code, message, self.span(name), Severity.WARNING, hint))


def _subdivision(
    programme: Programme, given: str, country: str | None, inputs: _Inputs
) -> tuple[str | None, str | None]:
    """(country, territory id) for a sub-territory given as a territory id or ISO code."""
    all_subs = [s for r in programme.regions for s in r.subdivisions]
    by_id = {s.id: s for s in all_subs}
    if given in by_id:
        sub = by_id[given]
        if country is not None and country != sub.country:
            inputs.errors.append(
                Diagnostic(
                    "PC505",
                    f"sub-territory '{given}' is in {sub.country}, not in {country}",
                    inputs.span("subdivision"),
                    hint=f"use a sub-territory of {country} or --country {sub.country}",
                )
            )
        return sub.country, sub.id
    code = given.upper()
    if not _SUBDIVISION_CODE.fullmatch(code):
        known = sorted(by_id) + sorted({c for s in all_subs for c in s.codes})
        message = f"unknown sub-territory '{given}'"
        inputs.unknown("PC505", "subdivision", message, given, known, "sub-territories")
        return country, None
    owner = code[:2]
    if country is not None and owner != country:
        inputs.errors.append(
            Diagnostic(
                "PC505",
                f"sub-territory {code} is in {owner}, not in {country}",
                inputs.span("subdivision"),
                hint=f"use a code starting with {country}- or --country {owner}",
            )
        )
        return country, None
    named = territories(programme, owner)
    if not named:
        return owner, None  # a valid code of a country without named sub-territories
    found = next((s for s in named if code in s.codes), None)
    if found is None:
        known = sorted(c for s in named for c in s.codes) + [s.id for s in named]
        names = ", ".join(s.id for s in named)
        message = f"unknown sub-territory '{code}' of {owner} (named sub-territories: {names})"
        inputs.unknown("PC505", "subdivision", message, code, known, "sub-territories")
        return owner, None
    return owner, found.id


def _check_ids(
    programme: Programme,
    inputs: _Inputs,
    tier: str,
    severity: str,
    product: str | None,
    channel: str | None,
    seats: int | None,
    opened: datetime | None,
    case_type: str | None = None,
) -> None:
    where = f"in programme '{programme.id}'"
    case_types = [c.id for c in programme.case_types]
    if case_type is not None and case_type not in case_types:
        message = f"unknown case type '{case_type}' {where}"
        inputs.unknown("PC506", "case_type", message, case_type, case_types, "case types")
    if tier not in {t.id for t in programme.tiers}:
        known = [t.id for t in programme.tiers]
        inputs.unknown("PC502", "tier", f"unknown tier '{tier}' {where}", tier, known, "tiers")
    if severity not in {s.id for s in programme.severities}:
        known = [s.id for s in programme.severities]
        message = f"unknown severity '{severity}' {where}"
        inputs.unknown("PC503", "severity", message, severity, known, "severities")
    if product is not None and product not in {p.id for p in programme.products}:
        known = [p.id for p in programme.products]
        message = f"unknown product '{product}' {where}"
        inputs.unknown("PC506", "product", message, product, known, "products")
    channels = sorted(c.id for c in programme.channels)
    if channel is not None and channel not in channels:
        message = f"unknown channel '{channel}' {where}"
        inputs.unknown("PC506", "channel", message, channel, channels, "channels")
    if seats is not None and seats < 0:
        inputs.errors.append(
            Diagnostic(
                "PC506",
                f"seat count {seats} is negative",
                inputs.span("seats"),
                hint="give the number of seats (licences, users) of the account",
            )
        )
    if opened is not None:
        try:
            _check_opened(opened, inputs.span("opened"))
        except ResolveError as exc:
            inputs.errors.extend(exc.diagnostics)


def _place(
    programme: Programme, inputs: _Inputs, country: str | None, subdivision: str | None
) -> tuple[str | None, str | None, str | None]:
    """(country, territory, region) of the ticket, normalised and checked."""
    territory = None
    if country is not None:
        country = country.strip().upper()
    if subdivision is not None and programme.regions:
        country, territory = _subdivision(programme, subdivision, country, inputs)
    if country is None:
        return None, territory, None
    if not programme.regions:
        inputs.warn(
            "PC510",
            "country",
            f"programme '{programme.id}' defines no regions: country {country} does not "
            "change the answer",
        )
        return country, territory, None
    region = programme.region_of(country) if _COUNTRY.fullmatch(country) else None
    if region is None:
        known = sorted({c for r in programme.regions for c in r.countries})
        message = f"country '{country}' is in no region of programme '{programme.id}'"
        inputs.unknown("PC504", "country", message, country, known, "countries")
        if country in _NOT_ISO:
            better = _NOT_ISO[country]
            hint = f"the ISO 3166-1 code is {better}: did you mean '{better}'?"
            inputs.errors[-1] = replace(inputs.errors[-1], hint=hint)
        return country, territory, None
    return country, territory, region.id


def _advise(
    programme: Programme,
    inputs: _Inputs,
    tier: str,
    language: str | None,
    product: str | None,
    channel: str | None,
) -> None:
    """Warnings: a language the programme does not support, a channel not offered."""
    supported = programme.support_languages
    if language is not None and supported and not language_matches(language, supported):
        inputs.warn(
            "PC508",
            "language",
            f"programme '{programme.id}' gives support in {', '.join(supported)}, "
            f"not in '{language}'",
            _language_hint(language, supported),
        )
    offered = next((c for c in programme.channels if c.id == channel), None)
    if offered is None or inputs.errors:
        return
    if offered.tiers and tier not in offered.tiers:
        inputs.warn(
            "PC509",
            "channel",
            f"channel '{channel}' is not offered to tier '{tier}'",
            "offered to: " + ", ".join(offered.tiers),
        )
    if product is not None and offered.products and product not in offered.products:
        inputs.warn(
            "PC509",
            "channel",
            f"channel '{channel}' is not offered for product '{product}'",
            "offered for: " + ", ".join(offered.products),
        )


def targets_for(
    policies: Policies,
    programme: Programme,
    tier: str,
    severity: str,
    *,
    language: str | None = None,
    product: str | None = None,
    channel: str | None = None,
    opened: datetime | None = None,
    region: str | None = None,
    country: str | None = None,
    case_type: str | None = None,
) -> tuple[str | None, tuple[ResolvedTarget, ...], tuple[NoTarget, ...]]:
    """The first applicable SLA policy and, per metric, the cell of the first applicable
    policy that has one: targets (with due instants when `opened` is given), and the metrics
    whose cell states no target. Ids must be valid."""
    facts = Facts(tier, severity, region, country, case_type, language, product, channel)
    applicable = [p for p in policy_precedence(programme) if policy_applies(p, facts)]
    targets, no_targets = [], []
    for metric in programme.metrics:
        for policy in applicable:
            target = target_of(policies, policy, tier, severity, metric.id)
            if target is None:
                continue
            if isinstance(target, NoTarget):
                no_targets.append(target)
                break
            target = in_region(policies, policy, target, tier, severity, region)
            target = replace(for_ticket(policies, target, facts), conditional=())
            if opened is not None:
                calendar = policies.calendars[target.calendar]
                target = replace(target, due=target.due_from(calendar, opened))
            targets.append(target)
            break
    return (applicable[0].id if applicable else None), tuple(targets), tuple(no_targets)


def resolve(
    policies: Policies,
    programme_id: str,
    tier: str,
    severity: str,
    *,
    country: str | None = None,
    subdivision: str | None = None,
    seats: int | None = None,
    opened: datetime | None = None,
    language: str | None = None,
    product: str | None = None,
    channel: str | None = None,
    case_type: str | None = None,
    spans: Mapping[str, Span] | None = None,
) -> Resolution:
    """Resolve a ticket; raise `ResolveError` (PC5xx diagnostics) for unknown inputs."""
    inputs = _Inputs(spans)
    programme = policies.programmes.get(programme_id)
    if programme is None:
        message = f"unknown programme '{programme_id}'"
        known = sorted(policies.programmes)
        inputs.unknown("PC501", "programme", message, programme_id, known, "programmes")
        raise ResolveError(inputs.errors)
    _check_ids(programme, inputs, tier, severity, product, channel, seats, opened, case_type)
    subdivision = subdivision.strip() if subdivision is not None else None
    country, territory, region = _place(programme, inputs, country, subdivision)
    _advise(programme, inputs, tier, language, product, channel)
    if inputs.errors:
        raise ResolveError(inputs.errors)

    if opened is not None and opened.microsecond % 1000:  # milliseconds, like JSON consumers
        opened = opened.replace(microsecond=opened.microsecond // 1000 * 1000)
    sla_policy, targets, no_targets = targets_for(
        policies,
        programme,
        tier,
        severity,
        language=language,
        product=product,
        channel=channel,
        opened=opened,
        region=region,
        country=country,
        case_type=case_type,
    )
    large = None
    rule = large_account_rule(programme, country) if region and country else None
    if rule is not None:
        large = LargeAccount(rule.id, rule.min_seats, rule.unit, seats)
    return Resolution(
        programme=programme.id,
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
        large_account=large,
        escalation=escalation_for(programme, country, territory) if region and country else (),
        warnings=tuple(inputs.warnings),
    )
