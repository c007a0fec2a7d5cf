"""Two IRs → the list of semantic `Change`s between them (not a text diff).

In: the old and new `Policies`. Out: a sorted `DiffResult`. Ids that disappear are paired
with ids that appear when everything but the id (and message keys spelled from the id)
is equal: that is a rename, and dependent structures (SLA cells, services, chains) are
compared through it so a renamed tier is one change, not dozens.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from policyc.model import ir
from policyc.semdiff.changes import (
    STALE_FIELD,
    Action,
    Change,
    DiffResult,
    Direction,
    Json,
    Section,
)

# removing (or renaming) one of these ids breaks consumers of the generated Python/routing
BREAKING_ROLES = frozenset(
    {"tier", "severity", "metric", "channel", "region", "subdivision", "product", "policy"}
)


class Identified(Protocol):
    @property
    def id(self) -> str: ...

    def model_dump(self, *, mode: str = ..., exclude: Any = ...) -> dict[str, Any]: ...


def _dump(item: Identified, exclude: Iterable[str] = ()) -> dict[str, Json]:
    data: dict[str, Json] = item.model_dump(mode="json", exclude={"id", "rank", *exclude})
    return data


def _respell(value: Json, old: str, new: str) -> Json:
    """`value` with `old` replaced by `new` inside every string (message keys hold ids)."""
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [_respell(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: _respell(v, old, new) for k, v in value.items()}
    return value


def target_json(target: ir.Target | ir.NextBusinessDay) -> dict[str, Json]:
    if isinstance(target, ir.NextBusinessDay):
        return {
            "next_business_day": target.at,
            "text": duration_text(target),
            "calendar": target.calendar,
        }
    return {
        "min": target.min.minutes,
        "max": target.max.minutes,
        "text": duration_text(target),
        "calendar": target.calendar,
    }


def cell_json(cell: ir.SlaCell) -> dict[str, Json]:
    """A cell as JSON: its target, or `{promise, text}` for a cell that states no target."""
    if cell.target is not None:
        return target_json(cell.target)
    return {"promise": cell.promise.value, "text": cell.promise.value.replace("-", " ")}


# How much a cell promises: a move down this order loosens the promise (and breaks it).
_PROMISE_RANK = {
    ir.Promise.TARGET: 3,
    ir.Promise.BEST_EFFORT: 2,
    ir.Promise.NOT_STATED: 1,
    ir.Promise.NOT_OFFERED: 0,
}


def duration_text(target: ir.Target | ir.NextBusinessDay) -> str:
    if isinstance(target, ir.NextBusinessDay):
        return f"next business day ({target.at})"

    def one(d: ir.Duration) -> str:
        if d.unit is ir.Unit.MINUTE and d.amount >= 60:
            h, m = divmod(d.amount, 60)
            return f"{h}h{m}m" if m else f"{h}h"
        return f"{d.amount}{d.unit.value[0]}"

    return one(target.min) if target.exact else f"{one(target.min)}–{one(target.max)}"


DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def hours_text(intervals: Sequence[ir.Interval]) -> str:
    """Weekly hours as text: days with the same hours are grouped, e.g. `mon–fri 09:00–17:00`."""

    def hhmm(minutes: int) -> str:
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    by_day: dict[int, str] = {}
    for i in intervals:
        span = f"{hhmm(i.start)}–{hhmm(i.end)}"
        by_day[i.day] = f"{by_day[i.day]}, {span}" if i.day in by_day else span
    groups: list[tuple[int, int, str]] = []
    for day in range(7):
        spans = by_day.get(day)
        if spans is None:
            continue
        if groups and groups[-1][1] == day - 1 and groups[-1][2] == spans:
            groups[-1] = (groups[-1][0], day, spans)
        else:
            groups.append((day, day, spans))
    if not groups:
        return "never open"
    parts = []
    for start, end, spans in groups:
        days = DAY_NAMES[start] if start == end else f"{DAY_NAMES[start]}–{DAY_NAMES[end]}"
        parts.append(f"{days} {spans}")
    return "; ".join(parts)


@dataclass
class Differ:
    """Compares one programme (or the shared catalogs) and collects its changes."""

    programme: str
    changes: list[Change] = field(default_factory=list)
    renames: dict[str, dict[str, str]] = field(default_factory=dict)  # role → old id → new id

    def add(
        self,
        section: Section,
        action: Action,
        subject: tuple[tuple[str, str], ...],
        *,
        field: str | None = None,
        old: Json = None,
        new: Json = None,
        direction: Direction | None = None,
        breaking: bool = False,
    ) -> None:
        self.changes.append(
            Change(
                self.programme,
                section,
                action,
                subject,
                field,
                old,
                new,
                direction,
                breaking,
            )
        )

    def renamed(self, role: str, old_id: str) -> str:
        return self.renames.get(role, {}).get(old_id, old_id)

    def fields(
        self,
        section: Section,
        subject: tuple[tuple[str, str], ...],
        old: Mapping[str, Json],
        new: Mapping[str, Json],
    ) -> None:
        for name in sorted(old.keys() | new.keys()):
            if old.get(name) != new.get(name):
                self.add(
                    section,
                    Action.CHANGED,
                    subject,
                    field=name,
                    old=old.get(name),
                    new=new.get(name),
                )

    def collection(
        self,
        section: Section,
        role: str,
        old_items: Sequence[Identified],
        new_items: Sequence[Identified],
        *,
        exclude: Iterable[str] = (),
        parent: tuple[tuple[str, str], ...] = (),
    ) -> list[tuple[Identified, Identified]]:
        """Added, removed, renamed and changed items by id; returns the (old, new) pairs."""
        exclude = tuple(exclude)
        breaking = role in BREAKING_ROLES
        old_by = {i.id: i for i in old_items}
        new_by = {i.id: i for i in new_items}
        removed = [i for i in old_by if i not in new_by]
        added = [i for i in new_by if i not in old_by]
        for old_id in removed:
            old_dump = _dump(old_by[old_id])
            same = [
                a
                for a in added
                if _respell(old_dump, old_id, a) == _dump(new_by[a])
                and a not in self.renames.get(role, {}).values()
            ]
            if len(same) == 1:
                self.renames.setdefault(role, {})[old_id] = same[0]
        pairs = []
        renamed = self.renames.get(role, {})
        for old_id in removed:
            if old_id in renamed:
                self.add(
                    section,
                    Action.RENAMED,
                    (*parent, (role, renamed[old_id])),
                    field="id",
                    old=old_id,
                    new=renamed[old_id],
                    breaking=breaking,
                )
            else:
                self.add(
                    section,
                    Action.REMOVED,
                    (*parent, (role, old_id)),
                    old=_dump(old_by[old_id], exclude),
                    breaking=breaking,
                )
        for new_id in added:
            if new_id not in renamed.values():
                self.add(
                    section,
                    Action.ADDED,
                    (*parent, (role, new_id)),
                    new=_dump(new_by[new_id], exclude),
                )
        for old_id, old_item in old_by.items():
            new_item = new_by.get(renamed.get(old_id, old_id))
            if new_item is None:
                continue
            pairs.append((old_item, new_item))
            if new_item.id == old_id:
                self.fields(
                    section,
                    (*parent, (role, old_id)),
                    _dump(old_item, exclude),
                    _dump(new_item, exclude),
                )
        return pairs

    def order(
        self, section: Section, role: str, old: Sequence[Identified], new: Sequence[Identified]
    ) -> None:
        """Report when the common ids of an ordered list are in another order."""
        new_ids: list[Json] = [i.id for i in new]
        old_ids: list[Json] = [self.renamed(role, i.id) for i in old]
        common_old = [i for i in old_ids if i in new_ids]
        common_new = [i for i in new_ids if i in old_ids]
        if common_old != common_new:
            self.add(
                section, Action.CHANGED, ((role, "*"),), field="order", old=old_ids, new=new_ids
            )


# -- programme parts ------------------------------------------------------------------------

_PROGRAMME_FIELDS = (
    "name",
    "summary",
    "owner",
    "valid_from",
    "valid_to",
    "closed_to_new_from",
    "source_pages",
    "support_languages",
    "notes",
    "region_note",
    "commitment",
)


def _programme_fields(d: Differ, old: ir.Programme, new: ir.Programme) -> None:
    subject = (("programme", new.id),)
    d.fields(
        Section.PROGRAMME,
        subject,
        old.model_dump(mode="json", include=set(_PROGRAMME_FIELDS)),
        new.model_dump(mode="json", include=set(_PROGRAMME_FIELDS)),
    )
    for loc in old.locales:
        if loc not in new.locales:
            d.add(Section.PROGRAMME, Action.REMOVED, (("locale", loc),), old=loc, breaking=True)
    for loc in new.locales:
        if loc not in old.locales:
            d.add(Section.PROGRAMME, Action.ADDED, (("locale", loc),), new=loc)


def _services(d: Differ, old: ir.Programme, new: ir.Programme) -> None:
    pairs = d.collection(
        Section.SERVICES, "service", old.services, new.services, exclude=("by_tier",)
    )
    for old_s, new_s in pairs:
        assert isinstance(old_s, ir.Service) and isinstance(new_s, ir.Service)
        old_by = {d.renamed("tier", t): v for t, v in old_s.by_tier.items()}
        for tier, value in new_s.by_tier.items():
            before = old_by.get(tier)
            subject = (("service", new_s.id), ("tier", tier))
            if before is None:
                continue  # a new tier: reported with the tier
            if before.included != value.included:
                d.add(
                    Section.SERVICES,
                    Action.CHANGED,
                    subject,
                    field="included",
                    old=_inclusion(before.included),
                    new=_inclusion(value.included),
                    direction=_inclusion_direction(before.included, value.included),
                )
            # a cell that states an SLA target changes with that target, reported once
            # under the SLA policy: here only which target it names
            cell_fields: tuple[tuple[str, Json, Json], ...] = (
                ("detail", before.detail, value.detail),
                ("count", before.count, value.count),
                ("sla", _sla_ref(d, before.sla), _sla_ref(None, value.sla)),
            )
            for name, was, now in cell_fields:
                if was != now:
                    direction = None
                    if name == "count" and isinstance(was, int) and isinstance(now, int):
                        direction = Direction.TIGHTENED if now > was else Direction.LOOSENED
                    d.add(
                        Section.SERVICES,
                        Action.CHANGED,
                        subject,
                        field=name,
                        old=was,
                        new=now,
                        direction=direction,
                    )


_INCLUSION_RANK = {False: 0, "partial": 1, True: 2}


def _inclusion_direction(
    old: bool | Literal["partial"] | None, new: bool | Literal["partial"] | None
) -> Direction | None:
    """More of a service is tightened, less loosened; a promise withdrawn to `not-stated`
    is loosened, one stated where nothing was is tightened (`no` ↔ `not-stated`: neither)."""
    if new is None:
        return Direction.LOOSENED if old else None
    if old is None:
        return Direction.TIGHTENED if new else None
    return (
        Direction.TIGHTENED if _INCLUSION_RANK[new] > _INCLUSION_RANK[old] else Direction.LOOSENED
    )


def _inclusion(included: bool | Literal["partial"] | None) -> bool | str:
    """A service cell's inclusion as the policy writes it: true, false, `partial` or
    `not-stated`."""
    return "not-stated" if included is None else included


def _sla_ref(d: Differ | None, ref: ir.SlaRef | None) -> str | None:
    """The SLA cell a services cell names, as `policy/tier/metric` (old ids renamed)."""
    if ref is None:
        return None
    tier = d.renamed("tier", ref.tier) if d is not None else ref.tier
    policy = d.renamed("policy", ref.policy) if d is not None else ref.policy
    return f"{policy}/{tier}/{'+'.join(ref.severities)}/{ref.metric}"


def _cells(policy: ir.SlaPolicy, d: Differ | None = None) -> dict[tuple[str, str, str], ir.SlaCell]:
    def key(c: ir.SlaCell) -> tuple[str, str, str]:
        if d is None:
            return (c.tier, c.severity, c.metric)
        return (
            d.renamed("tier", c.tier),
            d.renamed("severity", c.severity),
            d.renamed("metric", c.metric),
        )

    return {key(c): c for c in policy.cells}


def _sla(
    d: Differ,
    old: ir.Programme,
    new: ir.Programme,
    calendars: tuple[Mapping[str, ir.Calendar], Mapping[str, ir.Calendar]],
) -> None:
    pairs = d.collection(
        Section.SLA, "policy", old.sla_policies, new.sla_policies, exclude=("cells",)
    )
    old_tiers = {d.renamed("tier", t.id) for t in old.tiers}
    old_sevs = {d.renamed("severity", s.id) for s in old.severities}
    old_metrics = {d.renamed("metric", m.id) for m in old.metrics}
    new_tiers = {t.id for t in new.tiers}
    new_sevs = {s.id for s in new.severities}
    new_metrics = {m.id for m in new.metrics}
    for old_p, new_p in pairs:
        assert isinstance(old_p, ir.SlaPolicy) and isinstance(new_p, ir.SlaPolicy)
        before = _cells(old_p, d)
        after = _cells(new_p)
        for key in [*after, *(k for k in before if k not in after)]:
            tier, sev, metric = key
            subject = (("policy", new_p.id), ("tier", tier), ("severity", sev), ("metric", metric))
            o, n = before.get(key), after.get(key)
            existed = tier in old_tiers and sev in old_sevs and metric in old_metrics
            exists = tier in new_tiers and sev in new_sevs and metric in new_metrics
            if o is None and n is not None:
                d.add(
                    Section.SLA,
                    Action.ADDED,
                    subject,
                    new=cell_json(n),
                    direction=Direction.TIGHTENED if existed else None,
                )
            elif n is None and o is not None:
                d.add(
                    Section.SLA,
                    Action.REMOVED,
                    subject,
                    old=cell_json(o),
                    direction=Direction.LOOSENED if exists else None,
                    breaking=exists and new_p.is_default,
                )
            elif o is not None and n is not None and o != n:
                _target(d, subject, o, n, calendars)


def target_bounds(
    target: ir.Target | ir.NextBusinessDay, calendars: Mapping[str, ir.Calendar]
) -> tuple[int, int]:
    """The business minutes a target can give, least and most. "Next business day" depends
    on when the clock starts: its `start` gives what is left of the day (up to the longest
    open day of the week), its `end` that plus a whole day (more than the shortest open day,
    at most twice the longest), by the weekly hours of its calendar."""
    if isinstance(target, ir.Target):
        return target.min.minutes, target.max.minutes
    days = [0] * 7
    cal = calendars.get(target.calendar)
    for i in cal.intervals if cal is not None else ():
        days[i.day] += i.end - i.start
    open_days = [m for m in days if m] or [0]
    if target.at == "start":
        return 0, max(open_days)
    return min(open_days), 2 * max(open_days)


def _target(
    d: Differ,
    subject: tuple[tuple[str, str], ...],
    old: ir.SlaCell,
    new: ir.SlaCell,
    calendars: tuple[Mapping[str, ir.Calendar], Mapping[str, ir.Calendar]],
) -> None:
    a, b = old.target, new.target
    if a is None or b is None:
        if old.promise != new.promise:
            loosened = _PROMISE_RANK[new.promise] < _PROMISE_RANK[old.promise]
            d.add(
                Section.SLA,
                Action.CHANGED,
                subject,
                field="promise",
                old=cell_json(old),
                new=cell_json(new),
                direction=Direction.LOOSENED if loosened else Direction.TIGHTENED,
                breaking=loosened,
            )
        return
    old_b, new_b = target_bounds(a, calendars[0]), target_bounds(b, calendars[1])
    if target_json(a) | {"calendar": ""} != target_json(b) | {"calendar": ""}:
        direction = None
        if new_b[0] <= old_b[0] and new_b[1] <= old_b[1]:
            direction = Direction.TIGHTENED
        elif new_b[0] >= old_b[0] and new_b[1] >= old_b[1]:
            direction = Direction.LOOSENED
        d.add(
            Section.SLA,
            Action.CHANGED,
            subject,
            field="target",
            old=target_json(a),
            new=target_json(b),
            direction=direction,
            # a duration becoming "next business day" or back changes the cell's type in
            # the Python package and its fields in the routing tables
            breaking=type(a) is not type(b),
        )
    elif duration_text(a) != duration_text(b):
        d.add(
            Section.SLA,
            Action.CHANGED,
            subject,
            field="written",
            old=duration_text(a),
            new=duration_text(b),
        )
    if a.calendar != b.calendar:
        d.add(
            Section.SLA, Action.CHANGED, subject, field="calendar", old=a.calendar, new=b.calendar
        )
    if old.exception != new.exception:
        d.add(
            Section.SLA,
            Action.CHANGED,
            subject,
            field="exception",
            old=old.exception,
            new=new.exception,
        )
    if old.conditional != new.conditional:  # exceptions for some tickets (case type, ...)
        d.add(
            Section.SLA,
            Action.CHANGED,
            subject,
            field="exceptions for some tickets",
            old=list(old.conditional),
            new=list(new.conditional),
        )


def _regions(d: Differ, old: ir.Programme, new: ir.Programme) -> None:
    pairs = d.collection(
        Section.REGIONS, "region", old.regions, new.regions, exclude=("countries", "subdivisions")
    )
    for old_r, new_r in pairs:
        assert isinstance(old_r, ir.Region) and isinstance(new_r, ir.Region)
        d.collection(
            Section.REGIONS,
            "subdivision",
            old_r.subdivisions,
            new_r.subdivisions,
            parent=(("region", new_r.id),),
        )
    before = {c: d.renamed("region", r.id) for r in old.regions for c in r.countries}
    after = {c: r.id for r in new.regions for c in r.countries}
    for country in sorted(before.keys() | after.keys()):
        o, n = before.get(country), after.get(country)
        if o == n:
            continue
        if o is None:
            d.add(Section.REGIONS, Action.ADDED, (("country", country),), new=n)
        elif n is None:
            d.add(Section.REGIONS, Action.REMOVED, (("country", country),), old=o)
        else:
            d.add(Section.REGIONS, Action.MOVED, (("country", country),), old=o, new=n)


def _large_accounts(d: Differ, old: ir.Programme, new: ir.Programme) -> None:
    pairs = d.collection(
        Section.LARGE_ACCOUNTS,
        "large_account",
        old.large_accounts,
        new.large_accounts,
        exclude=("min_seats", "regions", "countries", "applies_to"),
    )
    for old_r, new_r in pairs:
        assert isinstance(old_r, ir.LargeAccountRule) and isinstance(new_r, ir.LargeAccountRule)
        subject = (("large_account", new_r.id),)
        if old_r.min_seats != new_r.min_seats:
            d.add(
                Section.LARGE_ACCOUNTS,
                Action.CHANGED,
                subject,
                field="min_seats",
                old=old_r.min_seats,
                new=new_r.min_seats,
                direction=(
                    Direction.LOOSENED if new_r.min_seats > old_r.min_seats else Direction.TIGHTENED
                ),
            )
        if old_r.applies_to != new_r.applies_to:
            d.add(
                Section.LARGE_ACCOUNTS,
                Action.CHANGED,
                subject,
                field="countries",
                old=list(old_r.applies_to),
                new=list(new_r.applies_to),
            )


def _escalation(d: Differ, old: ir.Programme, new: ir.Programme) -> None:
    a = old.escalation or ir.Escalation()
    b = new.escalation or ir.Escalation()
    d.fields(
        Section.ESCALATION,
        (("escalation", "*"),),
        a.model_dump(mode="json", include={"intro", "when"}),
        b.model_dump(mode="json", include={"intro", "when"}),
    )
    before = {d.renamed("region", c.region): c for c in a.chains}
    after = {c.region: c for c in b.chains}
    for region in sorted(before.keys() | after.keys()):
        subject = (("region", region),)
        oc, nc = before.get(region), after.get(region)
        if oc is None:
            d.add(Section.ESCALATION, Action.ADDED, subject, new=len(nc.levels) if nc else 0)
            continue
        if nc is None:
            d.add(Section.ESCALATION, Action.REMOVED, subject, old=len(oc.levels))
            continue
        old_levels = {lv.level: lv for lv in oc.levels}
        new_levels = {lv.level: lv for lv in nc.levels}
        for number in sorted(old_levels.keys() | new_levels.keys()):
            lsubject = (*subject, ("level", str(number)))
            ol, nl = old_levels.get(number), new_levels.get(number)
            if ol is None:
                assert nl is not None
                d.add(Section.ESCALATION, Action.ADDED, lsubject, new=nl.role)
            elif nl is None:
                d.add(Section.ESCALATION, Action.REMOVED, lsubject, old=ol.role)
            else:
                d.fields(
                    Section.ESCALATION,
                    lsubject,
                    ol.model_dump(mode="json", include={"role", "delay_minutes"}),
                    nl.model_dump(mode="json", include={"role", "delay_minutes"}),
                )
                _level_contacts(d, lsubject, ol, nl)


def _scope(sc: ir.ScopedContact) -> dict[str, Json]:
    return {"countries": list(sc.countries), "subdivisions": list(sc.subdivisions)}


def _level_contacts(
    d: Differ,
    subject: tuple[tuple[str, str], ...],
    old: ir.EscalationLevel,
    new: ir.EscalationLevel,
) -> None:
    """Contacts at a level: one appearance each side compares its scope; several, by scope."""

    def key(sc: ir.ScopedContact) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        count = sum(x.contact == sc.contact for x in old.contacts) + sum(
            x.contact == sc.contact for x in new.contacts
        )
        return (sc.contact, (), ()) if count == 2 else (sc.contact, sc.countries, sc.subdivisions)

    before = {key(sc): sc for sc in old.contacts}
    after = {key(sc): sc for sc in new.contacts}
    order = list(after) + [k for k in before if k not in after]
    for k in order:
        o, n = before.get(k), after.get(k)
        csubject = (*subject, ("contact", k[0]))
        if o is None:
            assert n is not None
            d.add(Section.ESCALATION, Action.ADDED, csubject, new=_scope(n))
        elif n is None:
            d.add(Section.ESCALATION, Action.REMOVED, csubject, old=_scope(o))
        else:
            if _scope(o) != _scope(n):
                d.add(
                    Section.ESCALATION,
                    Action.CHANGED,
                    csubject,
                    field="scope",
                    old=_scope(o),
                    new=_scope(n),
                )
            d.fields(
                Section.ESCALATION,
                csubject,
                o.model_dump(mode="json", include={"label", "title"}),
                n.model_dump(mode="json", include={"label", "title"}),
            )


def _calendars(
    d: Differ,
    old: ir.Programme,
    new: ir.Programme,
    old_cals: Mapping[str, ir.Calendar],
    new_cals: Mapping[str, ir.Calendar],
) -> None:
    def used(prog: ir.Programme, cals: Mapping[str, ir.Calendar]) -> list[ir.Calendar]:
        return [cals[c] for c in prog.calendars if c in cals]

    pairs = d.collection(
        Section.CALENDARS,
        "calendar",
        used(old, old_cals),
        used(new, new_cals),
        exclude=("intervals", "holidays", "programme"),
    )
    for oc, nc in pairs:
        assert isinstance(oc, ir.Calendar) and isinstance(nc, ir.Calendar)
        subject = (("calendar", nc.id),)
        if oc.intervals != nc.intervals:
            a, b = oc.weekly_open_minutes, nc.weekly_open_minutes
            d.add(
                Section.CALENDARS,
                Action.CHANGED,
                subject,
                field="hours",
                old=hours_text(oc.intervals),
                new=hours_text(nc.intervals),
                direction=(
                    None if a == b else Direction.TIGHTENED if b > a else Direction.LOOSENED
                ),
            )
        before = {h.date: h for h in oc.holidays}
        after = {h.date: h for h in nc.holidays}
        for date in sorted(before.keys() | after.keys()):
            hsubject = (*subject, ("holiday", date))
            o, n = before.get(date), after.get(date)
            if o is None:
                d.add(Section.CALENDARS, Action.ADDED, hsubject, new=n.name if n else None)
            elif n is None:
                d.add(Section.CALENDARS, Action.REMOVED, hsubject, old=o.name)
            elif o.name != n.name:
                d.add(
                    Section.CALENDARS,
                    Action.CHANGED,
                    hsubject,
                    field="name",
                    old=o.name,
                    new=n.name,
                )


def _translations(
    d: Differ,
    old: Mapping[str, Mapping[str, ir.Message]],
    new: Mapping[str, Mapping[str, ir.Message]],
) -> None:
    for loc in sorted(old.keys() | new.keys()):
        subject = (("locale", loc),)
        if loc not in new:
            d.add(Section.TRANSLATIONS, Action.REMOVED, subject, old=len(old[loc]))
            continue
        if loc not in old:
            d.add(Section.TRANSLATIONS, Action.ADDED, subject, new=len(new[loc]))
            continue
        a, b = old[loc], new[loc]
        for key in sorted(a.keys() | b.keys()):
            ksubject = (*subject, ("key", key))
            if key not in b:
                d.add(Section.TRANSLATIONS, Action.REMOVED, ksubject, old=_message(a[key]))
            elif key not in a:
                d.add(Section.TRANSLATIONS, Action.ADDED, ksubject, new=_message(b[key]))
            elif a[key] != b[key]:
                d.add(
                    Section.TRANSLATIONS,
                    Action.CHANGED,
                    ksubject,
                    field="text",
                    old=_message(a[key]),
                    new=_message(b[key]),
                )


def _stale(
    d: Differ,
    old: Mapping[str, tuple[str, ...]],
    new: Mapping[str, tuple[str, ...]],
) -> None:
    """Translations made stale (PC341) by the change: their English changed, they did not."""
    for loc in sorted(new):
        before = set(old.get(loc, ()))
        for key in new[loc]:
            if key not in before:
                subject = (("locale", loc), ("key", key))
                d.add(
                    Section.TRANSLATIONS,
                    Action.CHANGED,
                    subject,
                    field=STALE_FIELD,
                    old="translated",
                    new="stale",
                )


def _message(msg: ir.Message) -> Json:
    return dict(msg) if isinstance(msg, dict) else msg


def _programme(
    old: ir.Programme, new: ir.Programme, old_all: ir.Policies, new_all: ir.Policies
) -> Iterator[Change]:
    d = Differ(new.id)
    _programme_fields(d, old, new)
    d.collection(Section.PRODUCTS, "product", old.products, new.products)
    d.collection(Section.TIERS, "tier", old.tiers, new.tiers)
    d.order(Section.TIERS, "tier", old.tiers, new.tiers)
    d.collection(Section.SEVERITIES, "severity", old.severities, new.severities)
    d.order(Section.SEVERITIES, "severity", old.severities, new.severities)
    d.collection(Section.METRICS, "metric", old.metrics, new.metrics)
    d.collection(Section.METRICS, "case_type", old.case_types, new.case_types)
    d.collection(Section.CHANNELS, "channel", old.channels, new.channels)
    _regions(d, old, new)
    _sla(d, old, new, (old_all.calendars, new_all.calendars))
    _services(d, old, new)
    _calendars(d, old, new, old_all.calendars, new_all.calendars)
    _large_accounts(d, old, new)
    d.collection(
        Section.CONTACTS, "contact", list(old.contacts.values()), list(new.contacts.values())
    )
    _escalation(d, old, new)
    d.collection(Section.ELIGIBILITY, "eligibility", old.eligibility, new.eligibility)
    d.collection(Section.ELIGIBILITY, "purchase", old.purchase, new.purchase)
    d.collection(Section.CONTENT, "date", old.dates, new.dates)
    d.collection(Section.CONTENT, "article", old.articles, new.articles)
    d.collection(Section.CONTENT, "template", old.request_templates, new.request_templates)
    d.collection(Section.CONTENT, "difference", old.differences, new.differences)
    _translations(d, old.catalogs, new.catalogs)
    _stale(d, old.stale, new.stale)
    yield from d.changes


def compare(
    old: ir.Policies, new: ir.Policies, old_label: str = "old", new_label: str = "new"
) -> DiffResult:
    """Every semantic change from `old` to `new`, sorted by programme, section and subject."""
    changes: list[Change] = []
    for pid in sorted(old.programmes.keys() | new.programmes.keys()):
        a, b = old.programmes.get(pid), new.programmes.get(pid)
        subject = (("programme", pid),)
        if a is None:
            changes.append(Change(pid, Section.PROGRAMME, Action.ADDED, subject))
        elif b is None:
            changes.append(Change(pid, Section.PROGRAMME, Action.REMOVED, subject, breaking=True))
        else:
            changes.extend(_programme(a, b, old, new))
    shared = Differ("")
    _translations(shared, old.chrome, new.chrome)
    _stale(shared, old.chrome_stale, new.chrome_stale)
    changes.extend(shared.changes)
    return DiffResult(old_label, new_label, tuple(sorted(changes, key=lambda c: c.sort_key)))
