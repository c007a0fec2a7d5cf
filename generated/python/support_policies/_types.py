"""Types shared by the programme modules.

Ids are plain strings here. Each programme module has enums (`Tier`, `Severity`, ...)
whose members are those strings, so an enum member and its id compare equal. Fields
named `name`, `title`, `label`, `role`, `note`, `text` or `detail` hold message keys:
pass them to the programme module's `text(key, locale)`.
"""

import datetime
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Literal, TypeAlias

_SUBDIVISION_CODE: Final = re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}")


class ChannelKind(StrEnum):
    """How a support channel is reached."""

    PHONE = "phone"
    EMAIL = "email"
    CHAT = "chat"
    CALLBACK = "callback"
    WEB = "web"


@dataclass(frozen=True, slots=True)
class Interval:
    """Open on weekday `day` (0 = Monday) from `start` to `end`, minutes after midnight."""

    day: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Holiday:
    """A day the calendar is closed."""

    date: datetime.date
    name: str


@dataclass(frozen=True, slots=True)
class CalendarException:
    """Tickets matching every condition given (empty: any) are measured on `calendar`."""

    id: str
    calendar: str
    text: str
    severities: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    case_types: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Calendar:
    """Business hours: weekly open intervals in `timezone` (IANA), minus holidays.

    One "day" of a target is `business_day_minutes` business minutes of this calendar.
    """

    id: str
    name: str
    timezone: str
    intervals: tuple[Interval, ...]
    holidays: tuple[Holiday, ...] = ()
    business_day_minutes: int = 1440
    exceptions: tuple[CalendarException, ...] = ()
    note: str | None = None

    @property
    def weekly_open_minutes(self) -> int:
        """Minutes open in a week without holidays."""
        return sum(i.end - i.start for i in self.intervals)

    @property
    def always_open(self) -> bool:
        """Open around the clock every day, with no holidays."""
        return self.weekly_open_minutes == 7 * 1440 and not self.holidays


@dataclass(frozen=True, slots=True)
class Conditional:
    """A calendar exception that applies to some tickets of a target (per case type, region,
    country, language, product or channel) and the calendar they are measured on then."""

    exception: CalendarException
    calendar: Calendar


class _Measured:
    """What a target measured on a calendar offers: the calendar for a ticket's facts.

    Subclasses are dataclasses with `calendar`, `conditional` and `base` fields.
    """

    __slots__ = ()
    calendar: Calendar
    conditional: tuple[Conditional, ...]
    base: Calendar | None

    @property
    def base_calendar(self) -> Calendar:
        """The calendar the SLA policy (or the customer's region) states for the target."""
        return self.calendar if self.base is None else self.base

    def exception_for(
        self,
        *,
        case_type: str | None = None,
        region: str | None = None,
        country: str | None = None,
        language: str | None = None,
        product: str | None = None,
        channel: str | None = None,
    ) -> Conditional | None:
        """The conditional calendar exception that matches a ticket with these facts."""
        facts = {
            "case_types": case_type,
            "regions": region,
            "countries": country,
            "products": product,
            "channels": channel,
        }
        for found in self.conditional:
            e = found.exception
            if not all(not getattr(e, n) or v in getattr(e, n) for n, v in facts.items()):
                continue
            if e.languages and not _language_in(language, e.languages):
                continue
            return found
        return None

    def calendar_for(
        self,
        *,
        case_type: str | None = None,
        region: str | None = None,
        country: str | None = None,
        language: str | None = None,
        product: str | None = None,
        channel: str | None = None,
    ) -> Calendar:
        """The calendar a ticket with these facts is measured on: `calendar`, or that of the
        `conditional` exception matching it (e.g. a case type worked at weekends)."""
        found = self.exception_for(
            case_type=case_type,
            region=region,
            country=country,
            language=language,
            product=product,
            channel=channel,
        )
        return self.calendar if found is None else found.calendar


@dataclass(frozen=True, slots=True)
class Target(_Measured):
    """A promise: between `min_minutes` and `max_minutes` business minutes of `calendar`.

    `calendar` is the calendar the time is measured on: the SLA policy's, or the one a
    calendar exception for the whole cell chose (named by `exception`; `base` is then the
    calendar the policy states). `conditional` lists exceptions that apply to some tickets
    only: `calendar_for(case_type=...)` applies them.
    """

    min_minutes: int
    max_minutes: int
    calendar: Calendar
    exception: str | None = None
    conditional: tuple[Conditional, ...] = ()
    by_region: tuple[tuple[str, "Target"], ...] = ()
    base: Calendar | None = None

    def for_region(self, region: str | None) -> "Target":
        """The target for a customer of `region`: on that region's calendar when the SLA
        policy measures it in the customer's local region, else this target."""
        return next((t for r, t in self.by_region if r == region), self)

    @property
    def exact(self) -> bool:
        """One value rather than a range."""
        return self.min_minutes == self.max_minutes


@dataclass(frozen=True, slots=True)
class NextBusinessDay(_Measured):
    """A promise of the next business day of `calendar`: due at its `start` (first opening)
    or its `end` (last closing). Not a number of minutes: the next business day is the
    first local date with open hours after the date on which the clock starts (the opening
    time, or the next opening when the calendar is closed then).
    """

    at: Literal["start", "end"]
    calendar: Calendar
    exception: str | None = None
    conditional: tuple[Conditional, ...] = ()
    by_region: tuple[tuple[str, "NextBusinessDay"], ...] = ()
    base: Calendar | None = None

    def for_region(self, region: str | None) -> "NextBusinessDay":
        """This promise on the calendar of the customer's `region`, as `Target.for_region`."""
        return next((t for r, t in self.by_region if r == region), self)


def _language_in(language: str | None, listed: tuple[str, ...]) -> bool:
    """`ja` and `ja-JP` match a listed `ja` (case-insensitive)."""
    if language is None:
        return False
    lang = language.lower()
    return any(lang == x.lower() or lang.startswith(x.lower() + "-") for x in listed)


@dataclass(frozen=True, slots=True)
class NotOffered:
    """No target: the plan does not cover this severity and metric."""


@dataclass(frozen=True, slots=True)
class BestEffort:
    """No target: covered, but without a committed time."""


@dataclass(frozen=True, slots=True)
class NotStated:
    """No target: the source says nothing about this severity and metric."""


# What an SLA cell promises; match on it (`case Target(max_minutes=m):`,
# `case NextBusinessDay(at="end"):`, `case BestEffort():`).
Promise: TypeAlias = Target | NextBusinessDay | NotOffered | BestEffort | NotStated


@dataclass(frozen=True, slots=True)
class SourcePage:
    """A public page the programme is encoded from, the day it was read, its title."""

    url: str
    read: datetime.date
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Inclusion:
    """Whether a tier includes a service: yes (True), no (False), partly ("partial") or not
    stated (None), with an optional detail, the number the cell states (`count`; `detail`
    is then a plural message of `{count}`), or the SLA target it states (`response`, the
    same value `sla()` returns for that cell)."""

    included: bool | Literal["partial"] | None
    detail: str | None = None
    count: int | None = None
    response: Promise | None = None


@dataclass(frozen=True, slots=True)
class ChannelInfo:
    """A way to reach support; empty `tiers`, `products`, `languages` mean all."""

    id: str
    kind: ChannelKind
    name: str
    calendar: Calendar
    tiers: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    audience: str | None = None
    note: str | None = None
    address: str | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    """A person to contact.

    In an escalation chain, `label` names the scope the person covers ("France") and
    `subdivisions` the sub-territories, when a country is split by them.
    """

    id: str
    name: str
    email: str | None = None
    phone: str | None = None
    title: str | None = None
    label: str | None = None
    subdivisions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Assignment:
    """A contact at one escalation level for `countries` (empty: the whole region)."""

    contact: Contact
    countries: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EscalationLevel:
    """One level of a region's escalation chain."""

    level: int
    role: str
    delay_minutes: int | None = None
    assignments: tuple[Assignment, ...] = ()

    def contacts_for(self, country: str, territory: str | None = None) -> tuple[Contact, ...]:
        """Unscoped contacts plus those covering `country` (ISO 3166-1, upper case).

        Contacts split by sub-territory are narrowed to `territory` (an id) when given,
        else all of them are returned, each with its `subdivisions`.
        """
        return tuple(
            a.contact
            for a in self.assignments
            if (not a.countries or country in a.countries)
            and (
                territory is None
                or not a.contact.subdivisions
                or territory in a.contact.subdivisions
            )
        )


@dataclass(frozen=True, slots=True)
class Territory:
    """A named sub-territory of a country (USA East), by ISO 3166-2 codes."""

    id: str
    name: str
    country: str
    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RegionInfo:
    """A region, its representative time zone and its named sub-territories."""

    id: str
    name: str
    timezone: str | None = None
    territories: tuple[Territory, ...] = ()

    def territory(self, country: str, subdivision: str) -> str | None:
        """The named sub-territory of `country` that `subdivision` is or lies in.

        `subdivision` is a territory id (`us-east`) or an ISO 3166-2 code (`US-NY`). A
        valid code of a country without named sub-territories gives None; anything else
        raises ValueError.
        """
        given = subdivision.strip()
        code = given.upper()
        for found in self.territories:
            if given == found.id or code in found.codes:
                if found.country != country:
                    raise ValueError(f"{subdivision!r} is in {found.country}, not in {country}")
                return found.id
        if not _SUBDIVISION_CODE.fullmatch(code) or code[:2] != country:
            raise ValueError(f"{subdivision!r} is not a sub-territory of {country}")
        if any(found.country == country for found in self.territories):
            raise ValueError(f"{subdivision!r} is in no named sub-territory of {country}")
        return None
