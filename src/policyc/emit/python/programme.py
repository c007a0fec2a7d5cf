"""One programme's Python module: the IR of a programme → its source text.

In: `Policies` and one `Programme`. Out: the module's source, with `StrEnum`s for its
closed sets, read-only mappings (`MappingProxyType`) of its SLA matrix, services,
channels, regions, large-account thresholds, escalation chains and messages, and typed
lookups: `sla()`, `text()`, `region_of()`, `is_large_account()`, `escalation()` and
`route()` (its runtime and routing table are `route`'s). Ids become Python names by the rule in `names` (`sev-1` → `Severity.SEV_1`); strings are
exact literals and the layout is the one `ruff format` produces (`source`). The header
names the module's source files and a content hash of the IR, never a timestamp.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from policyc.emit import canonical
from policyc.emit.python.names import member_name
from policyc.emit.python.route import ROUTE_IMPORTS, route_function, routing_table
from policyc.emit.python.source import (
    HEADER,
    INDENT,
    Dict,
    Node,
    Raw,
    all_lines,
    assign,
    call,
    comment_text,
    import_lines,
    lit,
    string_lit,
    tuple_of,
)
from policyc.emit.site.localize import data_values
from policyc.emit.targets import regional, target
from policyc.model.bindings import referenced
from policyc.resolve.rules import NoTarget

if TYPE_CHECKING:
    from policyc.model import ir
    from policyc.resolve.rules import ResolvedTarget

_PLURAL_ORDER = ("zero", "one", "two", "few", "many", "other")


def _calendar_closure(policies: ir.Policies, ids: Iterable[str]) -> list[str]:
    """Calendars used, plus those their exceptions switch to, sorted by id."""
    todo, seen = list(ids), set()
    while todo:
        cid = todo.pop()
        if cid in seen or cid not in policies.calendars:
            continue
        seen.add(cid)
        todo.extend(e.calendar for e in policies.calendars[cid].exceptions)
    return sorted(seen)


class _Enum:
    """A `StrEnum` of ids: its class name, docstring and members (source order)."""

    def __init__(self, name: str, doc: str, values: Iterable[str]) -> None:
        self.name = name
        self.doc = doc
        self.values = list(values)
        self._members: dict[str, Raw] = {}

    def member(self, value: str) -> Raw:
        found = self._members.get(value)
        if found is None:
            found = self._members[value] = Raw(f"{self.name}.{member_name(value)}")
        return found

    def lines(self) -> list[str]:
        out = [f"class {self.name}(StrEnum):", f'{INDENT}"""{self.doc}"""', ""]
        for value in self.values:
            out.extend(assign(member_name(value), lit(value), INDENT))
        return out


class ProgrammeModule:
    """The source of one programme's module."""

    def __init__(self, policies: ir.Policies, programme: ir.Programme, sources: list[str]) -> None:
        self.policies = policies
        self.p = programme
        self.sources = sources
        self.has_escalation = False
        self.types: set[str] = set()  # names imported from ._types
        self.route_types: list[str] = []  # optional names imported from ._route
        self.blocks: list[list[str]] = []
        self.public: list[str] = []
        self._names_function: list[str] = []
        self.calendar_ids = _calendar_closure(policies, programme.calendars)
        self._shared_messages: dict[str, dict[str, ir.Message]] = {}
        p = programme
        self.locale = _Enum("Locale", "Locales the programme is published in.", p.locales)
        self.product = _Enum("Product", "Products covered.", [x.id for x in p.products])
        self.tier = _Enum("Tier", "Support tiers, lowest to highest.", [t.id for t in p.tiers])
        self.severity = _Enum(
            "Severity", "Severities, most to least severe.", [s.id for s in p.severities]
        )
        self.metric = _Enum("Metric", "What targets measure.", [m.id for m in p.metrics])
        self.case_type = _Enum(
            "CaseType",
            "What a ticket is about; calendar exceptions and SLA policies can name it.",
            [c.id for c in p.case_types],
        )
        self.service = _Enum("Service", "Services of the plan matrix.", [s.id for s in p.services])
        self.channel = _Enum("Channel", "Ways to reach support.", [c.id for c in p.channels])
        self.calendar = _Enum("CalendarId", "Calendars targets are measured on.", self.calendar_ids)
        self.policy = _Enum("SlaPolicy", "SLA policies.", [s.id for s in p.sla_policies])
        self.region = _Enum("Region", "Regions, for escalation.", [r.id for r in p.regions])
        subdivisions = [s.id for r in p.regions for s in r.subdivisions]
        self.subdivision = _Enum("Subdivision", "Named sub-territories.", subdivisions)

    # -- pieces ----------------------------------------------------------------------------
    def _type(self, name: str) -> str:
        self.types.add(name)
        return name

    def _const(self, comment: str | None, target: str, node: Node, public: bool = True) -> None:
        lines = [f"# {comment}"] if comment else []
        lines.extend(assign(target, node))
        self.blocks.append(lines)
        if public:
            self.public.append(target.split(":")[0])

    def _calendar_ref(self, cid: str) -> Raw:
        return Raw(f"CALENDARS[{self.calendar.member(cid).text}]")

    def _calendar(self, cal: ir.Calendar) -> Node:
        return call(
            self._type("Calendar"),
            id=lit(cal.id),
            name=lit(cal.name),
            timezone=lit(cal.timezone),
            intervals=tuple_of(
                [
                    call(self._type("Interval"), day=lit(i.day), start=lit(i.start), end=lit(i.end))
                    for i in cal.intervals
                ]
            ),
            holidays=tuple_of(
                [
                    call(
                        self._type("Holiday"),
                        date=lit(date.fromisoformat(h.date)),
                        name=lit(h.name),
                    )
                    for h in cal.holidays
                ]
            )
            if cal.holidays
            else None,
            business_day_minutes=lit(cal.business_day_minutes),
            exceptions=tuple_of(
                [
                    call(
                        self._type("CalendarException"),
                        id=lit(e.id),
                        calendar=lit(e.calendar),
                        text=lit(e.text),
                        **{
                            field: tuple_of([lit(x) for x in values])
                            for field, values in e.conditions.items()
                        },
                    )
                    for e in cal.exceptions
                ]
            )
            if cal.exceptions
            else None,
            note=lit(cal.note.text) if cal.note is not None else None,
        )

    def _target(self, cell: ir.SlaCell, policy: ir.SlaPolicy) -> Node:
        """A cell as the routing tables resolve it (`target_of`, `in_region` per region)."""
        found = target(self.policies, policy, cell.tier, cell.severity, cell.metric)
        if found is None or isinstance(found, NoTarget):
            return call(self._type(_NO_TARGET_TYPES[cell.promise.value]))
        by_region = []
        for region in policy.region_calendars:
            local = regional(self.policies, policy, found, cell.tier, cell.severity, region)
            if local is not found:
                by_region.append(tuple_of([lit(region), self._measured(local)]))
        return self._measured(found, tuple(by_region))

    def _measured(self, t: ResolvedTarget, by_region: tuple[Node, ...] = ()) -> Node:
        """A `Target` (minutes) or a `NextBusinessDay` (`at`), the calendar measured on and
        the calendar exceptions."""
        base = self.policies.calendars[t.base_calendar]
        bounds: dict[str, Node]
        if t.min is None or t.max is None:
            kind, bounds = "NextBusinessDay", {"at": lit(t.next_business_day)}
        else:
            kind = "Target"
            bounds = {"min_minutes": lit(t.min.minutes), "max_minutes": lit(t.max.minutes)}
        return call(
            self._type(kind),
            **bounds,
            calendar=self._calendar_ref(t.calendar),
            exception=lit(t.exception) if t.exception is not None else None,
            conditional=tuple_of(
                [
                    call(
                        self._type("Conditional"),
                        exception=Raw(f"{self._calendar_ref(base.id).text}.exceptions[{i}]"),
                        calendar=self._calendar_ref(e.calendar),
                    )
                    for i, e in enumerate(base.exceptions)
                    if e.id in t.conditional
                ]
            )
            if t.conditional
            else None,
            by_region=tuple_of(list(by_region)) if by_region else None,
            base=self._calendar_ref(t.base_calendar) if t.base_calendar != t.calendar else None,
        )

    def _contact(self, person: ir.Contact, sc: ir.ScopedContact | None = None) -> Node:
        title = (sc.title if sc is not None else None) or person.title
        return call(
            self._type("Contact"),
            id=lit(person.id),
            name=lit(person.name),
            email=lit(person.email) if person.email is not None else None,
            phone=lit(person.phone) if person.phone is not None else None,
            title=lit(title) if title is not None else None,
            label=lit(sc.label) if sc is not None and sc.label is not None else None,
            subdivisions=tuple_of([self.subdivision.member(s) for s in sc.subdivisions])
            if sc is not None and sc.subdivisions
            else None,
        )

    def _strings(self, values: Iterable[str]) -> Node:
        return tuple_of([lit(v) for v in values])

    # -- sections --------------------------------------------------------------------------
    def identity(self) -> None:
        """The programme's id, content hash, sources and validity, in one block."""
        p = self.p
        valid_to = lit(date.fromisoformat(p.valid_to)) if p.valid_to else Raw("None")
        valid_from = lit(date.fromisoformat(p.valid_from)) if p.valid_from else Raw("None")
        closing = p.closed_to_new_from
        closed = lit(date.fromisoformat(closing)) if closing else Raw("None")
        pages = tuple_of(
            [
                call(
                    self._type("SourcePage"),
                    url=lit(page.url),
                    read=lit(date.fromisoformat(page.read)),
                    title=lit(page.title) if page.title else None,
                )
                for page in p.source_pages
            ]
        )
        lines = [
            *assign("PROGRAMME_ID: Final", lit(p.id)),
            "# SHA-256 of what this module is made from: the programme's IR, its calendars and",
            "# the shared messages it embeds, as canonical JSON.",
            *assign("CONTENT_SHA256: Final", lit(self.content_hash())),
            *assign("SOURCES: Final[tuple[str, ...]]", self._strings(self.sources)),
            *assign("VALID_FROM: Final[datetime.date | None]", valid_from),
            *assign("VALID_TO: Final[datetime.date | None]", valid_to),
            "# The first day no new customers are accepted (None: the sources state none).",
            *assign("CLOSED_TO_NEW_FROM: Final[datetime.date | None]", closed),
            "# The public pages the programme is encoded from, with the day each was read.",
            *assign("SOURCE_PAGES: Final[tuple[SourcePage, ...]]", pages),
        ]
        self.types.add("SourcePage")
        self.blocks.append(lines)
        self.public += ["PROGRAMME_ID", "CONTENT_SHA256", "SOURCES", "VALID_FROM", "VALID_TO"]
        self.public += ["CLOSED_TO_NEW_FROM", "SOURCE_PAGES"]

    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON of the programme's IR (made once, shared with
        the routing emitter), its calendars and the shared messages it embeds."""
        members = {
            "programme": canonical.programme_json(self.policies, self.p),
            "calendars": canonical.canonical_json(
                {
                    cid: self.policies.calendars[cid].model_dump(mode="json")
                    for cid in self.calendar_ids
                }
            ),
            "shared_messages": canonical.canonical_json(
                {locale: self._calendar_messages(locale) for locale in self.p.locales}
            ),
        }
        return hashlib.sha256(canonical.canonical_object(members)).hexdigest()

    def enums(self) -> list[_Enum]:
        found = [self.locale, self.product, self.tier, self.severity, self.metric, self.case_type]
        found += [self.service, self.channel, self.calendar, self.policy]
        found += [self.region, self.subdivision]
        return [e for e in found if e.values]

    def defaults(self) -> None:
        default = self.p.default_sla
        lines = assign("SOURCE_LOCALE: Final", self.locale.member(self.p.locales[0]))
        self.public.append("SOURCE_LOCALE")
        if default is not None:
            lines += assign("DEFAULT_SLA_POLICY: Final", self.policy.member(default.id))
            self.public.append("DEFAULT_SLA_POLICY")
        self.blocks.append(lines)

    def calendars(self) -> None:
        table = Dict(
            tuple(
                (self.calendar.member(cid), self._calendar(self.policies.calendars[cid]))
                for cid in self.calendar_ids
            )
        )
        self._const(
            "Calendars, with their weekly hours in minutes after local midnight.",
            f"CALENDARS: Final[Mapping[CalendarId, {self._type('Calendar')}]]",
            call("MappingProxyType", table),
        )

    def services(self) -> None:
        if not self.p.services:
            return
        rows = []
        for service in self.p.services:
            cells = Dict(
                tuple(
                    (
                        self.tier.member(tier.id),
                        self._inclusion(service.by_tier[tier.id]),
                    )
                    for tier in self.p.tiers
                    if tier.id in service.by_tier
                )
            )
            rows.append((self.service.member(service.id), call("MappingProxyType", cells)))
        self._const(
            "The plan matrix: which tier includes which service.",
            "SERVICES: Final[Mapping[Service, Mapping[Tier, Inclusion]]]",
            call("MappingProxyType", Dict(tuple(rows))),
        )

    def _inclusion(self, value: ir.ServiceValue) -> Node:
        response = None
        if value.sla is not None:
            policy = next(p for p in self.p.sla_policies if p.id == value.sla.policy)
            response = self._target(referenced(self.p, value.sla), policy)
        return call(
            self._type("Inclusion"),
            included=lit(value.included),
            detail=lit(value.detail) if value.detail is not None else None,
            count=lit(value.count) if value.count is not None else None,
            response=response,
        )

    def names(self) -> None:
        """Message keys of the names of tiers, severities, metrics and case types, and
        `name(member, locale)`: the translated name."""
        kinds = [
            ("TIER_NAMES", self.tier, [(t.id, t.name) for t in self.p.tiers]),
            ("SEVERITY_NAMES", self.severity, [(s.id, s.name) for s in self.p.severities]),
            ("METRIC_NAMES", self.metric, [(m.id, m.name) for m in self.p.metrics]),
            ("CASE_TYPE_NAMES", self.case_type, [(c.id, c.name) for c in self.p.case_types]),
        ]
        kinds = [k for k in kinds if k[2]]
        for const, enum, items in kinds:
            table = Dict(tuple((enum.member(i), lit(key)) for i, key in items))
            self._const(
                f"The message key of each {enum.name}'s name (`name()` gives the words).",
                f"{const}: Final[Mapping[{enum.name}, str]]",
                call("MappingProxyType", table),
            )
        union = " | ".join(enum.name for _c, enum, _i in kinds)
        lines = [
            f"def name(item: {union}, locale: Locale | str, /) -> str:",
            f'{INDENT}"""The name of a {", ".join(e.name for _c, e, _i in kinds)} in `locale`."""',
        ]
        lines.append(f"{INDENT}match item:")
        for const, enum, _items in kinds:
            lines.append(f"{INDENT * 2}case {enum.name}():")
            lines.append(f"{INDENT * 3}key = {const}[item]")
        lines.append(f"{INDENT}return text(key, locale)")
        self._names_function = lines
        self.public.append("name")

    def channels(self) -> None:
        if not self.p.channels:
            return
        self.types.add("ChannelKind")
        table = Dict(
            tuple(
                (
                    self.channel.member(c.id),
                    call(
                        self._type("ChannelInfo"),
                        id=lit(c.id),
                        kind=Raw(f"ChannelKind.{member_name(c.kind.value)}"),
                        name=lit(c.name),
                        calendar=self._calendar_ref(c.calendar),
                        tiers=tuple_of([self.tier.member(t) for t in c.tiers]) if c.tiers else None,
                        products=tuple_of([self.product.member(x) for x in c.products])
                        if c.products
                        else None,
                        languages=self._strings(c.languages) if c.languages else None,
                        audience=lit(c.audience) if c.audience is not None else None,
                        note=lit(c.note) if c.note is not None else None,
                        address=lit(c.address) if c.address is not None else None,
                    ),
                )
                for c in self.p.channels
            )
        )
        self._const(
            "Ways to reach support, the calendar each is open on and who may use it.",
            "CHANNELS: Final[Mapping[Channel, ChannelInfo]]",
            call("MappingProxyType", table),
        )

    def sla(self) -> None:
        cells = [
            tuple_of(
                [
                    self.policy.member(policy.id),
                    self.tier.member(cell.tier),
                    self.severity.member(cell.severity),
                    self.metric.member(cell.metric),
                    self._target(cell, policy),
                ]
            )
            for policy in self.p.sla_policies
            for cell in policy.cells
        ]
        self._const(
            "Every SLA cell: (policy, tier, severity, metric, promise), in policy order.",
            "_SLA_CELLS: Final[tuple[tuple[SlaPolicy, Tier, Severity, Metric, Promise], ...]]",
            tuple_of(cells),
            public=False,
        )
        self.blocks.append(_SLA_MATRIX.strip("\n").split("\n"))
        self.public.append("SLA")

    def regions(self) -> None:
        p = self.p
        if not p.regions:
            return
        infos = []
        for region in p.regions:
            territories = tuple_of(
                [
                    call(
                        self._type("Territory"),
                        id=self.subdivision.member(s.id),
                        name=lit(s.name),
                        country=lit(s.country),
                        codes=self._strings(s.codes),
                    )
                    for s in region.subdivisions
                ]
            )
            infos.append(
                (
                    self.region.member(region.id),
                    call(
                        self._type("RegionInfo"),
                        id=self.region.member(region.id),
                        name=lit(region.name),
                        timezone=lit(region.timezone) if region.timezone else None,
                        territories=territories if region.subdivisions else None,
                    ),
                )
            )
        self._const(
            "Regions and their named sub-territories.",
            "REGIONS: Final[Mapping[Region, RegionInfo]]",
            call("MappingProxyType", Dict(tuple(infos))),
        )
        countries = sorted((c, r.id) for r in p.regions for c in r.countries)
        self._const(
            "The region of each country (ISO 3166-1 alpha-2).",
            "COUNTRY_REGIONS: Final[Mapping[str, Region]]",
            call(
                "MappingProxyType",
                Dict(tuple((lit(c), self.region.member(r)) for c, r in countries)),
            ),
        )
        thresholds = sorted(
            (c, rule.min_seats) for rule in p.large_accounts for c in rule.applies_to
        )
        self._const(
            "Large accounts: the least number of seats that makes an account large, by country.",
            "LARGE_ACCOUNT_THRESHOLDS: Final[Mapping[str, int]]",
            call("MappingProxyType", Dict(tuple((lit(c), lit(n)) for c, n in thresholds))),
        )

    def contacts(self) -> None:
        if not self.p.contacts:
            return
        people = sorted(self.p.contacts.values(), key=lambda c: c.id)
        self._const(
            "Everyone named in the escalation chains, by id.",
            "CONTACTS: Final[Mapping[str, Contact]]",
            call("MappingProxyType", Dict(tuple((lit(c.id), self._contact(c)) for c in people))),
        )

    def escalation(self) -> None:
        esc = self.p.escalation
        if esc is None or not esc.chains or not self.p.regions:
            return
        regions = {r.id: r for r in self.p.regions}
        chains = []
        for chain in esc.chains:
            region = regions.get(chain.region)
            if region is None:
                continue
            country_of = {s.id: s.country for s in region.subdivisions}
            levels = []
            for level in chain.levels:
                assignments = []
                for sc in level.contacts:
                    covered = sc.countries or tuple(
                        sorted({country_of[s] for s in sc.subdivisions if s in country_of})
                    )
                    assignments.append(
                        call(
                            self._type("Assignment"),
                            contact=self._contact(self.p.contacts[sc.contact], sc),
                            countries=self._strings(covered) if covered else None,
                        )
                    )
                levels.append(
                    call(
                        self._type("EscalationLevel"),
                        level=lit(level.level),
                        role=lit(level.role),
                        delay_minutes=lit(level.delay_minutes)
                        if level.delay_minutes is not None
                        else None,
                        assignments=tuple_of(assignments) if assignments else None,
                    )
                )
            chains.append((self.region.member(chain.region), tuple_of(levels)))
        self.has_escalation = True
        self._const(
            "Each region's escalation chain, level 1 first.",
            "ESCALATION: Final[Mapping[Region, tuple[EscalationLevel, ...]]]",
            call("MappingProxyType", Dict(tuple(chains))),
        )

    def _calendar_messages(self, locale: str) -> dict[str, ir.Message]:
        """Messages of calendars owned by no programme (or another one) that this one
        uses: their names, notes, holidays and exceptions, so `text()` knows them too.
        Made once per locale (the content hash and `MESSAGES` both need them)."""
        found = self._shared_messages.get(locale)
        if found is not None:
            return found
        found = self._shared_messages[locale] = {}
        for cid in self.calendar_ids:
            cal = self.policies.calendars[cid]
            if cal.programme == self.p.id:
                continue
            keys = [cal.name, *(h.name for h in cal.holidays), *(e.text for e in cal.exceptions)]
            keys += [cal.note.text] if cal.note is not None else []
            owner = self.policies.programmes.get(cal.programme or "")
            for key in keys:
                try:
                    if owner is not None:
                        found[key] = owner.text(key, locale)
                    else:
                        found[key] = self.policies.chrome_text(key, locale)
                except KeyError:
                    continue  # reported by the model's message checks
        return found

    def messages(self) -> None:
        per_locale = []
        for locale in self.p.locales:
            catalog = {**self._calendar_messages(locale), **self.p.catalogs.get(locale, {})}
            entries: list[tuple[Raw, Node]] = []
            for key in sorted(catalog):
                message = catalog[key]
                if isinstance(message, str):
                    entries.append((string_lit(key), string_lit(message)))
                else:
                    forms = Dict(
                        tuple((lit(c), lit(message[c])) for c in sorted(message, key=_plural_rank))
                    )
                    entries.append((string_lit(key), call("MappingProxyType", forms)))
            per_locale.append(
                (self.locale.member(locale), call("MappingProxyType", Dict(tuple(entries))))
            )
        self._const(
            "Every message by locale and key; plural messages map CLDR categories to forms.",
            "MESSAGES: Final[Mapping[Locale, Mapping[str, Message]]]",
            call("MappingProxyType", Dict(tuple(per_locale))),
        )

    def data_values(self) -> None:
        """`DATA_VALUES`: per locale, the placeholders of the messages that name data
        (`{within_…}` SLA targets, `{min_seats_…}` rules, key dates), rendered like the
        pages render them, so `text()` says what the data says."""
        per_locale = []
        for locale in self.p.locales:
            shown = data_values(self.policies, self.p, locale)
            entries = Dict(tuple((lit(n), lit(v)) for n, v in shown.items()))
            per_locale.append((self.locale.member(locale), call("MappingProxyType", entries)))
        self._const(
            "Placeholder values the data gives, by locale: `text()` fills them in.",
            "DATA_VALUES: Final[Mapping[Locale, Mapping[str, str]]]",
            call("MappingProxyType", Dict(tuple(per_locale))),
        )

    # -- the module ------------------------------------------------------------------------
    def lookups(self) -> list[list[str]]:
        p = self.p
        out = [_SLA_FUNCTION]
        self.public.append("sla")
        if p.regions:
            out += [_REGION_FUNCTION, _LARGE_FUNCTION]
            self.public += ["region_of", "is_large_account"]
            if self.has_escalation:
                out.append(_ESCALATION_FUNCTION)
                self.public.append("escalation")
        out.append(_TEXT_FUNCTION)
        self.public.append("text")
        functions = [f.strip("\n").split("\n") for f in out]
        functions.insert(-1, route_function(self._present()))
        self.public.append("route")
        return [*functions, self._names_function]

    def _present(self) -> set[str]:
        """The optional enums and mappings this module has (for `route()`)."""
        enums = (self.product, self.case_type, self.channel, self.subdivision)
        present = {e.name for e in enums if e.values}
        present |= {"CHANNELS"} if self.p.channels else set()
        return present | ({"REGIONS"} if self.p.regions else set())

    def routing(self) -> None:
        """The table `route()` reads (after the mappings it refers to)."""
        self.blocks.append(routing_table(self.p, self._present(), self.has_escalation))
        if self.p.large_accounts:
            self.route_types.append("LargeAccountRule")

    def source(self) -> str:
        self.identity()
        self.defaults()
        self.calendars()
        self.names()
        self.services()
        self.channels()
        self.sla()
        self.regions()
        self.contacts()
        self.escalation()
        self.messages()
        self.data_values()
        self.routing()
        functions = self.lookups()
        self.types.update({"Promise", "Target"})
        enums = self.enums()
        self.public += [e.name for e in enums]

        header = [HEADER, "#", "# Sources (relative to the policy directory):"]
        header += [f"#   {comment_text(s)}" for s in self.sources]
        lookups = ", ".join(f"`{n}()`" for n in self.public if n[:1].islower())
        doc = [
            f'"""Support promises of programme `{self.p.id}`: typed constants and lookups.',
            "",
            f"Lookups: {lookups}.",
            "Fields named `name`, `title`, `label`, `role`, `note`, `text` or `detail` hold",
            "message keys: `text(key, locale)` gives the words. Generated by policyc.",
            '"""',
        ]
        imports = [
            "import datetime",
            "from collections.abc import Mapping",
            "from enum import StrEnum",
            "from types import MappingProxyType",
            "from typing import Final",
            "",
            *import_lines("._route", [*ROUTE_IMPORTS, *self.route_types]),
            *import_lines("._text", ["Message", "render"]),
            *import_lines("._types", self.types),
        ]
        body: list[list[str]] = [self.blocks[0]]
        body += [e.lines() for e in enums]
        body += self.blocks[1:]
        body += functions
        parts = [*header, *doc, "", *imports]
        previous_is_def = False
        for block in body:
            is_def = block[0].startswith(("class ", "def ", "@"))
            parts += ["", ""] if is_def or previous_is_def else [""]
            parts += block
            previous_is_def = is_def
        parts += ["", "", *all_lines(self.public)]
        return "\n".join(parts) + "\n"


_NO_TARGET_TYPES = {  # `ir.Promise` values → the `_types` class of that cell
    "not-offered": "NotOffered",
    "best-effort": "BestEffort",
    "not-stated": "NotStated",
}

_SLA_MATRIX = """
_Matrix = Mapping[tuple[Tier, Severity, Metric], Promise]


def _sla_matrix(policy: SlaPolicy) -> _Matrix:
    cells = {(t, s, m): target for p, t, s, m, target in _SLA_CELLS if p is policy}
    return MappingProxyType(cells)


# The SLA matrix of each policy: (tier, severity, metric) -> what it promises: a Target, or
# NotOffered, BestEffort or NotStated for a cell that states no target.
SLA: Final[Mapping[SlaPolicy, _Matrix]] = MappingProxyType(
    {policy: _sla_matrix(policy) for policy in SlaPolicy}
)
"""


def _plural_rank(category: str) -> int:
    return _PLURAL_ORDER.index(category) if category in _PLURAL_ORDER else len(_PLURAL_ORDER)


_SLA_FUNCTION = '''
def sla(
    tier: Tier | str,
    severity: Severity | str,
    metric: Metric | str,
    *,
    policy: SlaPolicy | str = DEFAULT_SLA_POLICY,
) -> Promise:
    """What an SLA policy (by default the programme's default one) promises: a `Target`,
    or `NotOffered`, `BestEffort` or `NotStated` for a cell that states no target.

    Raises ValueError for an unknown tier, severity, metric or policy, and KeyError when
    the policy has no cell for the combination (e.g. a metric marked `targeted: false`).
    """
    found = SLA[SlaPolicy(policy)].get((Tier(tier), Severity(severity), Metric(metric)))
    if found is None:
        raise KeyError(f"SLA policy {policy} sets no {metric} target for {tier}, {severity}")
    return found
'''

_REGION_FUNCTION = '''
def region_of(country: str) -> Region | None:
    """The region of a country (ISO 3166-1 alpha-2, any case), or None if in no region."""
    return COUNTRY_REGIONS.get(country.strip().upper())
'''

_LARGE_FUNCTION = '''
def is_large_account(country: str, seats: int) -> bool:
    """Whether an account with `seats` seats in `country` counts as a large account."""
    threshold = LARGE_ACCOUNT_THRESHOLDS.get(country.strip().upper())
    return threshold is not None and seats >= threshold
'''

_ESCALATION_FUNCTION = '''
def escalation(country: str, level: int, subdivision: str | None = None) -> tuple[Contact, ...]:
    """The contacts at escalation `level` for a country (ISO 3166-1 alpha-2).

    Unscoped contacts of the level plus those scoped to the country. Where a country is
    split by sub-territory, `subdivision` (a `Subdivision` id or an ISO 3166-2 code such as
    `US-NY`) picks one; without it every split contact is returned. Raises KeyError for a
    country in no region or a level the chain lacks, ValueError for a bad subdivision.
    """
    code = country.strip().upper()
    region = COUNTRY_REGIONS.get(code)
    if region is None:
        raise KeyError(f"country {country!r} is in no region of {PROGRAMME_ID}")
    territory = None
    if subdivision is not None:
        territory = REGIONS[region].territory(code, subdivision)
    for step in ESCALATION.get(region, ()):
        if step.level == level:
            return step.contacts_for(code, territory)
    raise KeyError(f"region {region} has no escalation level {level}")
'''

_TEXT_FUNCTION = '''
def text(key: str, locale: Locale | str, /, **params: object) -> str:
    """The message `key` in `locale`, its `{name}` placeholders filled from `params`, and
    those the data gives (`DATA_VALUES`: SLA targets, seat thresholds, key dates) by default.

    A plural message picks its form by `count=` (CLDR rules of the locale). A key the
    locale lacks falls back to the source locale; an unknown key raises KeyError and an
    unknown locale ValueError.
    """
    tag = Locale(locale)
    found = MESSAGES[tag].get(key)
    message = MESSAGES[SOURCE_LOCALE][key] if found is None else found
    return render(message, tag, {**DATA_VALUES[tag], **params})
'''
