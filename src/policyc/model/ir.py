"""The intermediate representation: frozen, fully resolved models every emitter reads.

References are resolved, durations are business minutes, calendars are parsed into
weekly minute intervals, and every human-readable string is a message key that
`Policies.text()` looks up in the merged catalogs.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Message = str | dict[str, str]  # text, or plural forms by CLDR category


def plain(message: Message) -> str:
    """A message as one text: itself, or its `other` plural form (else its first form)."""
    if isinstance(message, str):
        return message
    return message.get("other", next(iter(message.values()), ""))


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Unit(StrEnum):
    MINUTE = "minute"
    HOUR = "hour"
    DAY = "day"


class Duration(Frozen):
    """A duration as written (`amount` `unit`) and in business minutes of its calendar."""

    minutes: int
    amount: int
    unit: Unit


class Target(Frozen):
    """An exact (`min == max`) or ranged target, measured on `calendar`."""

    min: Duration
    max: Duration
    calendar: str

    @property
    def exact(self) -> bool:
        return self.min.minutes == self.max.minutes


class NextBusinessDay(Frozen):
    """Due at the `start` (first opening) or the `end` (last closing) of the next business
    day of `calendar`: the first local date with open hours after the date the clock starts
    on. Not a duration: how much business time it gives depends on when the ticket comes."""

    at: Literal["start", "end"]
    calendar: str


class Interval(Frozen):
    """An open interval on one weekday (0 = Monday), in minutes from local midnight."""

    day: int
    start: int
    end: int


class Audience(StrEnum):
    """Who a note is for: customers (the help-centre pages) or policy owners (review only)."""

    CUSTOMER = "customer"
    OWNER = "owner"


class Note(Frozen):
    """A note's message key and its audience."""

    text: str
    audience: Audience


class Holiday(Frozen):
    date: str
    name: str


# Condition fields known from the SLA cell itself; the others depend on the ticket.
CELL_CONDITIONS = ("tiers", "severities")
TICKET_CONDITIONS = ("regions", "countries", "case_types", "languages", "products", "channels")


class CalendarException(Frozen):
    """For tickets matching every condition given, targets are measured on `calendar`."""

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

    @property
    def conditions(self) -> dict[str, tuple[str, ...]]:
        """The condition fields that are given, by name."""
        names = (*CELL_CONDITIONS, *TICKET_CONDITIONS)
        return {n: getattr(self, n) for n in names if getattr(self, n)}

    @property
    def per_ticket(self) -> bool:
        """Whether it depends on facts of the ticket beyond its tier and severity."""
        return any(getattr(self, n) for n in TICKET_CONDITIONS)

    def covers_cell(self, tier: str, severity: str) -> bool:
        return (not self.tiers or tier in self.tiers) and (
            not self.severities or severity in self.severities
        )


class Calendar(Frozen):
    id: str
    name: str
    programme: str | None
    timezone: str
    note: Note | None = None
    not_stated: tuple[str, ...] = ()  # facts the source does not state: "days", "timezone"
    intervals: tuple[Interval, ...]
    holidays: tuple[Holiday, ...] = ()
    business_day_minutes: int = 1440
    exceptions: tuple[CalendarException, ...] = ()

    @property
    def weekly_open_minutes(self) -> int:
        return sum(i.end - i.start for i in self.intervals)

    @property
    def always_open(self) -> bool:
        return self.weekly_open_minutes == 7 * 1440 and not self.holidays

    def exception_for(self, tier: str, severity: str) -> CalendarException | None:
        """The exception in force for a whole SLA cell (one without per-ticket conditions)."""
        return next(
            (e for e in self.exceptions if not e.per_ticket and e.covers_cell(tier, severity)),
            None,
        )

    def conditional_for(self, tier: str, severity: str) -> tuple[CalendarException, ...]:
        """Exceptions that apply to some tickets of an SLA cell, depending on the ticket."""
        return tuple(e for e in self.exceptions if e.per_ticket and e.covers_cell(tier, severity))


class Product(Frozen):
    id: str
    name: str


class Tier(Frozen):
    id: str
    name: str
    rank: int
    description: str | None = None
    audience: str | None = None
    products: tuple[str, ...] = ()


class CaseType(Frozen):
    """What a ticket is about (e.g. downtime, login problems): conditions can name it."""

    id: str
    name: str


class Severity(Frozen):
    id: str
    name: str
    rank: int
    impact: str | None = None
    definition: str | None = None
    examples: tuple[str, ...] = ()


class Metric(Frozen):
    id: str
    name: str
    definition: str | None = None
    targeted: bool = True


class SlaRef(Frozen):
    """A services cell's reference to the SLA target it states, resolved: the cells of
    `policy` for `tier` × `metric` and each of `severities` (all with the same promise)."""

    policy: str
    tier: str
    metric: str
    severities: tuple[str, ...]


class ServiceValue(Frozen):
    """One tier's services cell: yes, no, partly (`"partial"`) or not stated (None), with
    an optional detail, a count (`detail` is then a plural message of `{count}`), or the
    SLA target the cell states (rendered from that target, never as text)."""

    included: bool | Literal["partial"] | None  # None: the source does not state it
    detail: str | None = None
    count: int | None = None
    sla: SlaRef | None = None


class Service(Frozen):
    id: str
    name: str
    description: str | None = None
    by_tier: dict[str, ServiceValue]


class ChannelKind(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    CHAT = "chat"
    CALLBACK = "callback"
    WEB = "web"


class Channel(Frozen):
    id: str
    kind: ChannelKind
    name: str
    calendar: str
    tiers: tuple[str, ...]
    products: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    audience: str | None = None
    note: str | None = None
    address: str | None = None
    url: str | None = None  # an https page customers use for the channel


class Rule(Frozen):
    """An eligibility or purchase rule: a statement plus optional machine-readable facts."""

    id: str
    text: str
    min_seats: int | None = None
    audience: str | None = None
    tiers: tuple[str, ...] = ()
    url: str | None = None  # an https page the rule sends customers to


class KeyDate(Frozen):
    """A date that matters to customers (e.g. a cut-off), with a message describing it."""

    id: str
    date: str
    text: str


class SourcePage(Frozen):
    """A public page the programme is encoded from: its https address, the day it was read,
    and its title as the vendor writes it (data, not a message key)."""

    url: str
    read: str
    title: str | None = None


class Difference(Frozen):
    id: str
    text: str
    audience: Audience
    sources: tuple[str, ...] = ()


class Promise(StrEnum):
    """What an SLA cell promises: a target, or one of the explicit kinds of no target."""

    TARGET = "target"
    NOT_OFFERED = "not-offered"  # the plan does not cover this severity × metric
    BEST_EFFORT = "best-effort"  # covered, but with no committed time
    NOT_STATED = "not-stated"  # the source says nothing about it


class SlaCell(Frozen):
    """One tier × severity × metric of a policy: `target` is set exactly when `promise` is
    `target`."""

    tier: str
    severity: str
    metric: str
    target: Target | NextBusinessDay | None
    promise: Promise = Promise.TARGET
    exception: str | None = None  # id of the calendar exception in force, if any
    conditional: tuple[str, ...] = ()  # ids of exceptions in force for some tickets only


SLA_CONDITIONS = ("tiers", "severities", *TICKET_CONDITIONS)


class SlaPolicy(Frozen):
    """Targets for the tickets matching every condition given (none: the default policy)."""

    id: str
    name: str
    calendar: str
    note: str | None = None
    tiers: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    case_types: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    priority: int = 0
    region_calendars: dict[str, str] = {}  # region id → calendar, instead of `calendar`
    cells: tuple[SlaCell, ...]

    @property
    def conditions(self) -> dict[str, tuple[str, ...]]:
        """The condition fields that are given, by name."""
        return {n: getattr(self, n) for n in SLA_CONDITIONS if getattr(self, n)}

    @property
    def is_default(self) -> bool:
        return not self.conditions

    def cell(self, tier: str, severity: str, metric: str) -> SlaCell | None:
        return next(
            (
                c
                for c in self.cells
                if c.tier == tier and c.severity == severity and c.metric == metric
            ),
            None,
        )


class Subdivision(Frozen):
    id: str
    name: str
    country: str
    codes: tuple[str, ...]


class Region(Frozen):
    id: str
    name: str
    countries: tuple[str, ...]
    timezone: str | None = None
    not_stated: tuple[str, ...] = ()  # facts the source does not state: "countries"
    subdivisions: tuple[Subdivision, ...] = ()


class LargeAccountRule(Frozen):
    id: str
    name: str
    min_seats: int
    unit: str | None
    regions: tuple[str, ...]
    countries: tuple[str, ...]  # as written
    applies_to: tuple[str, ...]  # every country the rule covers, resolved and sorted


class Contact(Frozen):
    id: str
    name: str
    email: str | None = None
    phone: str | None = None
    title: str | None = None


class ScopedContact(Frozen):
    contact: str
    label: str | None = None
    title: str | None = None  # overrides the contact's title for this appearance
    countries: tuple[str, ...] = ()
    subdivisions: tuple[str, ...] = ()

    @property
    def scoped(self) -> bool:
        return bool(self.countries or self.subdivisions)


class EscalationLevel(Frozen):
    level: int
    role: str
    delay_minutes: int | None = None
    contacts: tuple[ScopedContact, ...] = ()


class EscalationChain(Frozen):
    region: str
    levels: tuple[EscalationLevel, ...]


class Escalation(Frozen):
    intro: str | None = None
    when: tuple[str, ...] = ()
    chains: tuple[EscalationChain, ...] = ()


class TemplateField(Frozen):
    id: str
    label: str
    type: str
    required: bool | None = False  # None: the source does not state it
    help: str | None = None
    choices: tuple[str, ...] = ()
    min_words: int | None = None
    max_words: int | None = None


class RequestType(Frozen):
    id: str
    name: str


class RequestTemplate(Frozen):
    id: str
    name: str
    intro: str | None = None
    purpose: tuple[str, ...] = ()
    fields: tuple[TemplateField, ...]
    request_types: tuple[RequestType, ...] = ()


class Step(Frozen):
    text: str
    notes: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()


class Quote(Frozen):
    text: str
    by: str
    role: str | None = None


class Block(Frozen):
    """One block of an article: exactly one field is set, named by `kind`."""

    kind: Literal["paragraph", "heading", "note", "list", "steps", "quote"]
    text: str | None = None
    items: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()
    quote: Quote | None = None


class Article(Frozen):
    id: str
    title: str
    audience: str | None = None
    url: str | None = None  # the vendor's own page for the article
    blocks: tuple[Block, ...]


class ExportCondition(Frozen):
    """How one concept (tiers, regions, ...) becomes a condition of the target system."""

    field: str
    operator: str
    values: dict[str, str]  # policyc id → the value in the target system


class Export(Frozen):
    """A programme's mapping onto an external system (`kind: Export`), references checked.

    Zendesk uses `range`, `severities`, `metrics` and `conditions`; PagerDuty uses
    `escalation_delay_minutes`, `users`, `roles` and `num_loops`."""

    system: Literal["zendesk", "pagerduty"]
    range: Literal["min", "max"] | None = None
    severities: dict[str, tuple[str, ...]] = {}  # severity id → Zendesk priorities
    metrics: dict[str, str] = {}  # metric id → Zendesk SLA metric
    conditions: dict[str, ExportCondition] = {}  # concept (e.g. "tiers") → condition
    escalation_delay_minutes: int | None = None
    users: dict[str, str] = {}  # contact id → e-mail of the PagerDuty user
    roles: dict[str, tuple[str, ...]] = {}  # role key → e-mails of PagerDuty users
    num_loops: int = 0


class Owner(Frozen):
    organisation: str
    team: str | None = None
    team_name: str | None = None  # message key: the team's name on the pages
    email: str | None = None
    url: str | None = None


class Programme(Frozen):
    id: str
    name: str
    summary: str | None
    owner: Owner
    products: tuple[Product, ...]
    locales: tuple[str, ...]
    valid_from: str | None  # None: the sources state no date (never inferred)
    valid_to: str | None = None
    closed_to_new_from: str | None = None  # first day no new customers are accepted
    source_pages: tuple[SourcePage, ...] = ()  # the vendor pages it is encoded from
    dates: tuple[KeyDate, ...] = ()
    support_languages: tuple[str, ...] = ()
    tiers: tuple[Tier, ...]
    severities: tuple[Severity, ...]
    metrics: tuple[Metric, ...]
    commitment: Literal["target", "committed", "guaranteed"] = "target"
    case_types: tuple[CaseType, ...] = ()
    services: tuple[Service, ...] = ()
    channels: tuple[Channel, ...] = ()
    eligibility: tuple[Rule, ...] = ()
    purchase: tuple[Rule, ...] = ()
    notes: tuple[Note, ...] = ()
    differences: tuple[Difference, ...] = ()
    sla_policies: tuple[SlaPolicy, ...] = ()
    regions: tuple[Region, ...] = ()
    region_note: Note | None = None
    large_accounts: tuple[LargeAccountRule, ...] = ()
    contacts: dict[str, Contact] = {}
    escalation: Escalation | None = None
    request_templates: tuple[RequestTemplate, ...] = ()
    articles: tuple[Article, ...] = ()
    exports: tuple[Export, ...] = ()  # mappings onto external systems, one per system
    calendars: tuple[str, ...] = ()  # ids of every calendar the programme uses
    catalogs: dict[str, dict[str, Message]]  # locale → key → message
    sources: tuple[str, ...] = ()  # policy files, relative to the policy root
    # locale → keys whose translation is stale (PC341): for `policyc diff`, not in any dump
    stale: dict[str, tuple[str, ...]] = Field(default_factory=dict, exclude=True)

    @property
    def default_sla(self) -> SlaPolicy | None:
        return next((p for p in self.sla_policies if p.is_default), None)

    def text(self, key: str, locale: str) -> Message:
        """The message for `key` in `locale`, falling back to the source locale `en`."""
        found = self.catalogs.get(locale, {}).get(key)
        return found if found is not None else self.catalogs["en"][key]

    def at_hand(self, locale: str) -> dict[str, Message]:
        """Messages of `locale` to look in before `text`: here all of them (a programme
        kept by the cache has fewer at hand, `policyc.model.kept`)."""
        return self.catalogs.get(locale, {})

    def region_of(self, country: str) -> Region | None:
        return next((r for r in self.regions if country in r.countries), None)


class Policies(Frozen):
    """The whole compiled policy set: the root of the IR."""

    programmes: dict[str, Programme]
    calendars: dict[str, Calendar]
    chrome: dict[str, dict[str, Message]]  # locale → key → message, shared page chrome
    sources: tuple[str, ...] = ()
    chrome_stale: dict[str, tuple[str, ...]] = Field(default_factory=dict, exclude=True)

    def chrome_text(self, key: str, locale: str) -> Message:
        found = self.chrome.get(locale, {}).get(key)
        return found if found is not None else self.chrome["en"][key]
