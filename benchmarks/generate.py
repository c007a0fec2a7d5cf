"""Seeded generator of realistic synthetic policy sets for the benchmarks.

In: a number of programme files, a seed and an output directory. Out: a policy tree in
policyc's format (see docs/model.md) that `policyc validate` accepts with no findings:
`<programme>/programme.yaml`, `calendars.yaml`, `sla.yaml`, `regions.yaml` (Regions,
Contacts and Escalation documents), `catalogs/<locale>.yaml` in en, zh-TW, it, fr and th
(with CLDR plural forms where a locale needs them), plus optional `request-template.yaml`
and `articles/*.yaml`. The repository's `policies/shared/` (page chrome and the shared
calendar) is copied alongside, so the tree also builds. The same seed and size always
give byte-identical files.

    python benchmarks/generate.py --files 1000 --out /tmp/policies-1000
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import textbank as tb

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / "policies" / "shared"
CORE_FILES = 9  # programme, calendars, sla, regions + five catalogs
MAX_ARTICLES = len(tb.ARTICLES)
YEAR = 2026
OTHER_LANGUAGES = ("fr", "it", "th", "zh-TW", "ja", "de", "es", "ko")

Text = tb.Text
Doc = dict[str, Any]


def fill(template: Text, *args: Text | str) -> Text:
    """Put `args` (one text, or one per locale) into `{0}`, `{1}`; other braces stay."""
    out = []
    for i, text in enumerate(template):
        for n, arg in enumerate(args):
            text = text.replace(f"{{{n}}}", arg if isinstance(arg, str) else arg[i])
        out.append(text)
    return (out[0], out[1], out[2], out[3], out[4])


def same(text: str) -> Text:
    """A brand or product name: the same in every locale."""
    return (text, text, text, text, text)


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_text.lower()).split()
    return "-".join(words)


def plural_categories(locale: str) -> frozenset[str]:
    from babel import Locale

    return frozenset(Locale.parse(locale.replace("-", "_")).plural_form.tags) | {"other"}


# -- YAML output -------------------------------------------------------------------------
class _Dumper(yaml.SafeDumper):
    """Block style for documents, flow style for short lists and small leaf mappings,
    as people write policy files by hand."""


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(_is_scalar(v) for v in data) and sum(len(str(v)) + 2 for v in data) < 90
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    small = len(data) <= 4 and all(
        _is_scalar(v) or (isinstance(v, list) and all(_is_scalar(x) for x in v) and len(v) <= 7)
        for v in data.values()
    )
    flow = small and sum(len(str(k)) + len(str(v)) + 4 for k, v in data.items()) < 90
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _represent_dict)


def dump(docs: list[Doc], modeline: str | None) -> str:
    parts = [
        yaml.dump(d, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120) for d in docs
    ]
    head = f"# yaml-language-server: $schema={modeline}\n" if modeline else ""
    return head + "---\n".join(parts)


# -- one programme -------------------------------------------------------------------------
@dataclass
class PolicyFile:
    path: str  # relative to the policy root
    docs: list[Doc]

    @property
    def modeline(self) -> str | None:
        kinds = {d["kind"] for d in self.docs}
        if len(kinds) != 1:
            return None
        up = "../" * len(Path(self.path).parts)
        return f"{up}schemas/{kinds.pop().lower()}.schema.json"


@dataclass
class ProgrammeGen:
    """Builds one programme's documents and the catalog messages they use."""

    rng: random.Random
    index: int
    extra_files: int
    messages: dict[str, Text] = field(default_factory=dict)

    def msg(self, key: str, text: Text) -> str:
        self.messages.setdefault(key, text)
        return key

    def header(self, kind: str, **fields: Any) -> Doc:
        return {"apiVersion": "policyc/v1", "kind": kind, **fields}

    # -- the whole programme ---------------------------------------------------------------
    def files(self) -> list[PolicyFile]:
        r = self.rng
        self.org = r.choice(tb.ORGANISATIONS)
        self.product = r.choice(tb.PRODUCTS)
        self.pid = f"{slug(self.org)}-{slug(self.product)}-{self.index:04d}"
        self.domain = f"{slug(self.org).replace('-', '')}.example"
        self.plan_regions()
        self.plan_calendars()
        programme = self.programme()
        sla = self.sla_policies()
        regions = self.regions_docs()
        out = [
            PolicyFile(f"{self.pid}/programme.yaml", [programme]),
            PolicyFile(f"{self.pid}/calendars.yaml", self.calendars()),
            PolicyFile(f"{self.pid}/sla.yaml", [*sla, self.zendesk_export(sla)]),
            PolicyFile(f"{self.pid}/regions.yaml", [*regions, self.pagerduty_export()]),
        ]
        extras = self.extra_files
        if extras > MAX_ARTICLES or (extras and r.random() < 0.6):
            out.append(PolicyFile(f"{self.pid}/request-template.yaml", [self.template()]))
            extras -= 1
        if extras > MAX_ARTICLES:  # the caller caps extras; keep the promise anyway
            raise ValueError(f"at most {MAX_ARTICLES + 1} extra files per programme")
        articles = r.sample(tb.ARTICLES, extras)
        for aid, title in articles:
            out.append(PolicyFile(f"{self.pid}/articles/{aid}.yaml", [self.article(aid, title)]))
        if articles:
            programme["articles"] = [aid for aid, _ in articles]
        out.extend(self.catalogs())
        return out

    # -- Programme ---------------------------------------------------------------------------
    def programme(self) -> Doc:
        r = self.rng
        n_tiers = r.randint(2, 5)
        start = r.randint(0, len(tb.TIERS) - n_tiers)
        self.tiers = [t for t, _ in tb.TIERS[start : start + n_tiers]]
        audience = r.choice(tb.AUDIENCES)
        self.severities = r.choice(tb.SEVERITY_SCHEMES)
        self.sev_ids = [s for s, _ in self.severities]
        metrics = [m for m in tb.METRICS if m[0] == "first-response" or r.random() < 0.55]
        self.targeted = {m: m != "resolution" or r.random() < 0.6 for m, _, _ in metrics}
        self.metric_ids = [m for m, _, _ in metrics]
        names = [self.product, *r.sample([p for p in tb.PRODUCTS if p != self.product], 2)]
        products = names[: r.randint(1, 3)]
        self.product_ids = [slug(p) for p in products]
        self.languages = ["en", *r.sample(OTHER_LANGUAGES, r.randint(0, 3))]
        doc = self.header(
            "Programme",
            id=self.pid,
            owner={
                "organisation": self.org,
                "team": "Customer Support",
                "email": f"support@{self.domain}",
            },
            name=self.msg("programme.name", fill(tb.PROGRAMME_NAME, f"{self.org} {self.product}")),
            summary=self.msg("programme.summary", fill(tb.PROGRAMME_SUMMARY, self.org)),
            products=[
                {"id": pid, "name": self.msg(f"product.{pid}.name", same(f"{self.org} {p}"))}
                for pid, p in zip(self.product_ids, products, strict=True)
            ],
            locales=list(tb.LOCALES),
            source_locale="en",
            valid_from=f"{YEAR}-01-01",
        )
        if r.random() < 0.7:
            doc["valid_to"] = f"{YEAR}-12-31"
        if r.random() < 0.3:
            doc["dates"] = [
                {
                    "id": "new-targets",
                    "date": f"{YEAR}-0{r.randint(2, 9)}-01",
                    "text": self.msg("date.new-targets", tb.KEY_DATE),
                }
            ]
        doc["support_languages"] = self.languages
        tiers = []
        for rank, tid in enumerate(self.tiers):
            tier: Doc = {
                "id": tid,
                "name": self.msg(f"tier.{tid}.name", dict(tb.TIERS)[tid]),
                "audience": audience,
            }
            if r.random() < 0.7:
                desc = tb.TIER_DESCRIPTIONS[min(rank, len(tb.TIER_DESCRIPTIONS) - 1)]
                tier["description"] = self.msg(f"tier.{tid}.description", desc)
            if rank == len(self.tiers) - 1 and len(self.product_ids) > 1 and r.random() < 0.5:
                tier["products"] = list(self.product_ids)
            tiers.append(tier)
        doc["tiers"] = tiers
        severities = []
        for sid, kind in self.severities:
            sev: Doc = {
                "id": sid,
                "name": self.msg(f"severity.{sid}.name", tb.SEVERITY_NAMES[kind]),
            }
            sev["definition"] = self.msg(
                f"severity.{sid}.definition", tb.SEVERITY_DEFINITIONS[kind]
            )
            if kind < 2 and r.random() < 0.6:
                sev["examples"] = [
                    self.msg(f"severity.{sid}.example.{n}", tb.SEVERITY_EXAMPLES[kind * 2 + n - 1])
                    for n in (1, 2)
                ]
            severities.append(sev)
        doc["severities"] = severities
        doc["metrics"] = []
        for mid, name, definition in metrics:
            metric: Doc = {"id": mid, "name": self.msg(f"metric.{mid}.name", name)}
            if r.random() < 0.6 or not self.targeted[mid]:
                metric["definition"] = self.msg(f"metric.{mid}.definition", definition)
            if not self.targeted[mid]:
                metric["targeted"] = False
            doc["metrics"].append(metric)
        doc["services"] = self.services()
        doc["channels"] = self.channels()
        doc["eligibility"] = [
            {
                "id": "contract",
                "text": self.msg("eligibility.contract", tb.ELIGIBILITY),
                "min_seats": r.choice((5, 10, 25, 50)),
            }
        ]
        if r.random() < 0.5:
            doc["eligibility"].append(
                {
                    "id": "admins-only",
                    "text": self.msg("eligibility.admins-only", tb.PARAGRAPHS[0]),
                    "audience": "admins",
                }
            )
        if r.random() < 0.5:
            doc["purchase"] = [
                {"id": "billing-page", "text": self.msg("purchase.billing-page", tb.PURCHASE)}
            ]
        notes = r.sample(range(len(tb.NOTES)), r.randint(0, 2))
        if notes:
            doc["notes"] = [
                {"text": self.msg(f"note.{n + 1}", tb.NOTES[n]), "audience": "customer"}
                for n in sorted(notes)
            ]
        return doc

    def services(self) -> list[Doc]:
        r = self.rng
        chosen = sorted(r.sample(range(len(tb.SERVICES)), r.randint(2, 6)))
        out = []
        for n in chosen:
            sid, name = tb.SERVICES[n]
            threshold = r.randint(0, len(self.tiers) - 1)
            by_tier: Doc = {}
            for rank, tid in enumerate(self.tiers):
                value: Doc = {"included": rank >= threshold}
                if rank >= threshold and rank == len(self.tiers) - 1 and r.random() < 0.3:
                    admins = str(r.choice((3, 5, 10)))
                    value["detail"] = self.msg(
                        f"service.{sid}.detail", fill(tb.SERVICE_DETAIL, admins)
                    )
                by_tier[tid] = value
            out.append(
                {"id": sid, "name": self.msg(f"service.{sid}.name", name), "by_tier": by_tier}
            )
        return out

    def channels(self) -> list[Doc]:
        r = self.rng
        kinds = ["email", *r.sample(["phone", "chat", "web", "callback"], r.randint(1, 3))]
        out = []
        for kind in kinds:
            chan: Doc = {
                "id": kind if kind != "web" else "portal",
                "kind": kind,
                "name": self.msg(f"channel.{kind}.name", tb.CHANNELS[kind]),
            }
            if kind == "phone":
                chan["calendar"] = self.nonstop
                chan["tiers"] = self.tiers[len(self.tiers) // 2 :]
                chan["address"] = (
                    f"+{r.randint(30, 89)} {r.randint(10, 99)} {r.randint(100, 999)} {r.randint(1000, 9999)}"
                )
            elif kind == "email":
                chan["calendar"] = self.office
                chan["address"] = f"support@{self.domain}"
            elif kind == "chat":
                chan["calendar"] = self.extended or self.office
                chan["address"] = f"https://chat.{self.domain}/"
            elif kind == "web":
                chan["calendar"] = self.nonstop
                chan["address"] = f"https://support.{self.domain}/"
            else:
                chan["calendar"] = self.office
                chan["audience"] = "admins"
            if r.random() < 0.3:
                chan["note"] = self.msg(f"channel.{kind}.note", tb.CHANNEL_NOTE)
            out.append(chan)
        self.channel_ids = [c["id"] for c in out]
        self.channel_calendars = {c["calendar"] for c in out}
        return out

    # -- Calendars ---------------------------------------------------------------------------
    def plan_calendars(self) -> None:
        r = self.rng
        self.office = f"{self.pid}-office"
        self.own_nonstop = r.random() < 0.5
        self.nonstop = f"{self.pid}-nonstop" if self.own_nonstop else "always-open"
        self.extended = f"{self.pid}-extended" if r.random() < 0.3 else None
        start, end = r.choice(((9, 17), (8, 18), (8, 17)))
        self.office_hours = (start, end)
        self.business_day = end - start  # hours
        self.exception = r.random() < 0.6

    def calendars(self) -> list[Doc]:
        r = self.rng
        start, end = self.office_hours
        zone = self.home_zone
        office = self.header(
            "Calendar",
            id=self.office,
            programme=self.pid,
            name=self.msg("calendar.office.name", fill(tb.CALENDAR_OFFICE, self.home_name)),
            timezone=zone,
            business_day=f"{self.business_day}h",
            hours=[
                {
                    "days": ["mon", "tue", "wed", "thu", "fri"],
                    "from": f"{start:02d}:00",
                    "to": f"{end:02d}:00",
                }
            ],
        )
        if r.random() < 0.5:
            office["note"] = {
                "text": self.msg("calendar.office.note", tb.CALENDAR_NOTE),
                "audience": "customer",
            }
        holidays = sorted(r.sample(range(len(tb.HOLIDAYS)), r.randint(2, 5)))
        office["holidays"] = [
            {
                "date": f"{YEAR}-{tb.HOLIDAYS[h][1]}",
                "name": self.msg(f"holiday.{tb.HOLIDAYS[h][0]}", tb.HOLIDAYS[h][2]),
            }
            for h in holidays
        ]
        if self.exception:
            office["exceptions"] = [
                {
                    "id": "critical-around-the-clock",
                    "severities": [self.sev_ids[0]],
                    "calendar": self.nonstop,
                    "text": self.msg("calendar.exception.critical", tb.CALENDAR_EXCEPTION),
                }
            ]
        out = [office]
        # a calendar nothing uses would be a PC333 warning: only the ones referred to
        if self.own_nonstop and (self.exception or self.nonstop in self.channel_calendars):
            out.append(
                self.header(
                    "Calendar",
                    id=self.nonstop,
                    programme=self.pid,
                    name=self.msg("calendar.nonstop.name", tb.CALENDAR_NONSTOP),
                    timezone="Etc/UTC",
                    hours=[
                        {
                            "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                            "from": "00:00",
                            "to": "24:00",
                        }
                    ],
                )
            )
        if self.extended and self.extended in self.channel_calendars:
            out.append(
                self.header(
                    "Calendar",
                    id=self.extended,
                    programme=self.pid,
                    name=self.msg("calendar.extended.name", tb.CALENDAR_EXTENDED),
                    timezone=zone,
                    business_day="14h",
                    hours=[
                        # No shift that crosses midnight (e.g. 20:00–02:00) or lies within
                        # one half-day (13:00–17:00): the site emitter cannot format such
                        # ranges in zh-TW yet (Babel's format_interval fails on the 'B' field).
                        {
                            "days": ["mon", "tue", "wed", "thu", "fri"],
                            "from": "08:00",
                            "to": "22:00",
                        },
                        {"days": ["sat"], "from": "09:00", "to": "13:00"},
                    ],
                )
            )
        return out

    # -- SLA policies --------------------------------------------------------------------------
    def ladder(self) -> list[tuple[int, str]]:
        """Nice targets in business minutes of the office calendar, ascending."""
        day = self.business_day * 60
        steps = [(15, "15m"), (30, "30m"), (60, "1h"), (90, "1h30m"), (120, "2h"), (240, "4h")]
        steps += [(480, "8h"), (day, "1d"), (2 * day, "2d"), (3 * day, "3d"), (5 * day, "5d")]
        steps += [(10 * day, "10d"), (15 * day, "15d")]
        return sorted(steps, key=lambda s: s[0])

    def sla_policies(self) -> list[Doc]:
        r = self.rng
        ladder = self.ladder()
        base = {"first-response": 2, "next-response": 4, "resolution": 7}
        severity_step = [0, 2, 4, 6]
        targets: list[Doc] = []
        n = len(self.tiers)
        for mid in self.metric_ids:
            if not self.targeted[mid]:
                continue
            ranged = mid == "resolution" or r.random() < 0.2
            for sid, kind in self.severities:
                groups: dict[int, list[str]] = {}
                for rank, tid in enumerate(self.tiers):
                    step = base[mid] + severity_step[kind] + (n - 1 - rank)
                    groups.setdefault(min(step, len(ladder) - 1), []).append(tid)
                for step, tiers in sorted(groups.items(), reverse=True):
                    within: Any = ladder[step][1]
                    if ranged and step > 0:
                        within = {"min": ladder[step - 1][1], "max": ladder[step][1]}
                    rule: Doc = {"metric": mid, "severities": [sid]}
                    if len(groups) > 1:
                        rule["tiers"] = tiers
                    rule["within"] = within
                    targets.append(rule)
        default = self.header(
            "SlaPolicy",
            id="standard",
            programme=self.pid,
            name=self.msg("sla.standard.name", tb.SLA_DEFAULT),
            calendar=self.office,
            note=self.msg("sla.standard.note", tb.SLA_DEFAULT_NOTE),
            targets=targets,
        )
        out = [default]
        special = [lang for lang in self.languages if lang in tb.LANGUAGE_NAMES]
        if special and "email" in self.channel_ids and r.random() < 0.6:
            lang = special[0]
            out.append(
                self.header(
                    "SlaPolicy",
                    id=f"{lang}-language",
                    programme=self.pid,
                    name=self.msg(
                        f"sla.{lang}-language.name",
                        fill(tb.SLA_LANGUAGE, tb.LANGUAGE_NAMES[lang]),
                    ),
                    calendar=self.office,
                    applies_to={"languages": [lang], "channels": ["email"]},
                    targets=[{"metric": "first-response", "within": r.choice(("1h", "2h", "4h"))}],
                )
            )
        return out

    # -- exports (no random draws: the rest of the set stays as it was) ----------------------
    def zendesk_export(self, sla: list[Doc]) -> Doc:
        """The Zendesk mapping: severities by kind, targeted metrics, tags for the tiers and
        for the conditions the SLA policies use."""
        priorities = ("urgent", "high", "normal", "low")
        metrics = {"first-response": "first_reply_time", "next-response": "next_reply_time"}
        metrics["resolution"] = "total_resolution_time"
        conditions: Doc = {"tiers": {t: f"tier_{t}" for t in self.tiers}}
        for doc in sla:
            for concept, values in doc.get("applies_to", {}).items():
                conditions.setdefault(concept, {}).update({v: f"{concept}_{v}" for v in values})
        return self.header(
            "Export",
            programme=self.pid,
            system="zendesk",
            range="max",
            severities={sid: priorities[kind] for sid, kind in self.severities},
            metrics={m: metrics[m] for m in self.metric_ids if self.targeted[m]},
            conditions={
                concept: {"field": "current_tags", "operator": "includes", "values": values}
                for concept, values in conditions.items()
            },
        )

    def pagerduty_export(self) -> Doc:
        return self.header("Export", programme=self.pid, system="pagerduty", escalation_delay="30m")

    # -- Regions, contacts, escalation -----------------------------------------------------------
    def plan_regions(self) -> None:
        r = self.rng
        chosen = sorted(r.sample(range(len(tb.REGIONS)), r.randint(2, 5)))
        self.regions: list[tuple[str, Text, str, list[str]]] = []
        for n in chosen:
            rid, name, zone, pool = tb.REGIONS[n]
            countries = list(pool) if len(pool) <= 2 else r.sample(pool, r.randint(2, len(pool)))
            self.regions.append((rid, name, zone, countries))
        home = self.regions[0]
        self.home_zone, self.home_name = home[2], home[1]
        self.us_split = any("US" in c for _, _, _, c in self.regions) and r.random() < 0.5

    def people(self, count: int) -> Iterator[tuple[str, str, str]]:
        """(id, name, e-mail) of `count` distinct people."""
        seen: set[str] = set()
        while len(seen) < count:
            first, last = self.rng.choice(tb.FIRST_NAMES), self.rng.choice(tb.LAST_NAMES)
            pid = slug(f"{first} {last}")
            if pid in seen:
                continue
            seen.add(pid)
            yield pid, f"{first} {last}", f"{pid.replace('-', '.')}@{self.domain}"

    def regions_docs(self) -> list[Doc]:
        r = self.rng
        regions = []
        for rid, name, zone, countries in self.regions:
            region: Doc = {
                "id": rid,
                "name": self.msg(f"region.{rid}.name", name),
                "countries": countries,
                "timezone": zone,
            }
            if self.us_split and "US" in countries:
                region["subdivisions"] = [
                    {
                        "id": sid,
                        "name": self.msg(f"territory.{sid}.name", sname),
                        "country": "US",
                        "codes": list(codes),
                    }
                    for sid, sname, codes in tb.US_SUBDIVISIONS
                ]
            regions.append(region)
        doc = self.header("Regions", programme=self.pid, regions=regions)
        if r.random() < 0.5:
            first = self.regions[0]
            rules: list[Doc] = [
                {
                    "id": f"large-{first[0]}",
                    "name": self.msg(
                        f"large-account.{first[0]}.name", fill(tb.LARGE_ACCOUNT, first[1])
                    ),
                    "regions": [first[0]],
                    "min_seats": r.choice((50, 70, 100, 250)),
                    "unit": r.choice(("seats", "user-licences")),
                }
            ]
            if len(self.regions) > 1:
                other = self.regions[1]
                rules.append(
                    {
                        "id": f"large-{other[0]}",
                        "name": self.msg(
                            f"large-account.{other[0]}.name", fill(tb.LARGE_ACCOUNT, other[1])
                        ),
                        "countries": other[3][:1],
                        "min_seats": r.choice((100, 150, 500)),
                    }
                )
            doc["large_accounts"] = rules
            doc["note"] = {
                "text": self.msg("large-account.note", tb.LARGE_ACCOUNT_NOTE),
                "audience": "owner",
            }
        return [doc, *self.contacts_and_escalation()]

    def contacts_and_escalation(self) -> list[Doc]:
        r = self.rng
        titles = dict(tb.CONTACT_TITLES)
        contacts: list[Doc] = []

        def person(role: str) -> str:
            cid, name, email = next(people)
            contact: Doc = {"id": cid, "name": name, "email": email}
            if r.random() < 0.4:
                contact["phone"] = (
                    f"+{r.randint(30, 89)} {r.randint(100, 999)} {r.randint(1000, 9999)}"
                )
            contact["title"] = self.msg(f"contact.title.{role}", titles[role])
            contacts.append(contact)
            return cid

        managers = sum(min(len(c), 3) for _, _, _, c in self.regions) + 2
        people = self.people(2 + len(self.regions) + managers)
        duty = person("duty-manager")
        director = person("support-director") if r.random() < 0.5 else None
        roles = dict(tb.ESCALATION_ROLES)
        chains = []
        for rid, name, _zone, countries in self.regions:
            lead = person("support-lead")
            levels: list[Doc] = [
                {
                    "level": 1,
                    "role": self.msg("escalation.role.support-desk", roles["support-desk"]),
                    "delay": "30m",
                    "contacts": [{"contact": duty}],
                },
                {
                    "level": 2,
                    "role": self.msg("escalation.role.regional-lead", roles["regional-lead"]),
                    "delay": r.choice(("1h", "2h", "4h")),
                    "contacts": [
                        {"contact": lead, "label": self.msg(f"escalation.scope.{rid}", name)}
                    ],
                },
            ]
            scoped: list[Doc] = []
            rest = list(countries)
            if self.us_split and "US" in rest:
                rest.remove("US")
                for sid, _sname, _codes in tb.US_SUBDIVISIONS:
                    scoped.append({"contact": person("account-manager"), "subdivisions": [sid]})
            groups = min(len(rest), r.randint(1, 3))
            for g in range(groups):
                share = rest[g::groups]
                if share:
                    scoped.append({"contact": person("account-manager"), "countries": share})
            levels.append(
                {
                    "level": 3,
                    "role": self.msg("escalation.role.account-manager", roles["account-manager"]),
                    "contacts": scoped,
                }
            )
            if director:
                levels.append(
                    {
                        "level": 4,
                        "role": self.msg("escalation.role.director", roles["director"]),
                        "contacts": [{"contact": director}],
                    }
                )
            chains.append({"region": rid, "levels": levels})
        when = r.sample(tb.ESCALATION_WHEN, r.randint(2, 4))
        escalation = self.header("Escalation", programme=self.pid)
        if r.random() < 0.5:
            escalation["intro"] = self.msg("escalation.intro", tb.ESCALATION_INTRO)
        escalation["when"] = [self.msg(f"escalation.when.{w}", text) for w, text in when]
        escalation["chains"] = chains
        return [self.header("Contacts", programme=self.pid, contacts=contacts), escalation]

    # -- request template and articles -------------------------------------------------------
    def template(self) -> Doc:
        r = self.rng
        types = r.sample(tb.REQUEST_TYPES, r.randint(2, 4))
        wanted = {"customer-email", "request-type", "description"}
        fields = []
        for fid, ftype, label in tb.TEMPLATE_FIELDS:
            if fid not in wanted and r.random() < 0.5:
                continue
            f: Doc = {
                "id": fid,
                "label": self.msg(f"template.field.{fid}.label", label),
                "type": ftype,
                "required": fid in wanted,
            }
            if ftype == "choice":
                f["choices"] = [t for t, _ in types]
            if fid == "description":
                f["help"] = self.msg("template.field.description.help", tb.FIELD_HELP)
                f["min_words"], f["max_words"] = 20, 500
            fields.append(f)
        return self.header(
            "RequestTemplate",
            id="support-request",
            programme=self.pid,
            name=self.msg("template.name", tb.TEMPLATE_NAME),
            intro=self.msg("template.intro", tb.TEMPLATE_INTRO),
            purpose=[self.msg("template.purpose.reproduce", tb.TEMPLATE_PURPOSE)],
            fields=fields,
            request_types=[
                {"id": t, "name": self.msg(f"template.type.{t}", name)} for t, name in types
            ],
        )

    def step(self, depth: int = 0) -> Any:
        r = self.rng
        n = r.randrange(len(tb.STEPS))
        key = self.msg(f"step.{n + 1}", tb.STEPS[n])
        if depth or r.random() < 0.7:
            return key
        step: Doc = {"text": key}
        if r.random() < 0.6:
            k = r.randrange(len(tb.STEP_NOTES))
            step["notes"] = [self.msg(f"step.note.{k + 1}", tb.STEP_NOTES[k])]
        if r.random() < 0.5:
            step["steps"] = [self.step(depth + 1) for _ in range(r.randint(2, 3))]
        return step

    def article(self, aid: str, title: Text) -> Doc:
        r = self.rng
        para = r.randrange(len(tb.PARAGRAPHS))
        blocks: list[Doc] = [
            {"paragraph": self.msg(f"article.{aid}.intro", tb.PARAGRAPHS[para])},
            {"steps": [self.step() for _ in range(r.randint(3, 6))]},
        ]
        if r.random() < 0.4:
            k = r.randrange(len(tb.PARAGRAPHS))
            blocks.append({"heading": self.msg(f"article.{aid}.more", tb.PARAGRAPHS[k])})
            blocks.append(
                {
                    "list": [
                        self.msg(f"article.{aid}.item-{i + 1}", tb.STEP_NOTES[i])
                        for i in range(len(tb.STEP_NOTES))
                    ]
                }
            )
        if r.random() < 0.5:
            k = r.randrange(len(tb.PARAGRAPHS))
            blocks.append({"note": self.msg(f"article.{aid}.note", tb.PARAGRAPHS[k])})
        if r.random() < 0.15:
            blocks.append(
                {
                    "quote": {
                        "text": self.msg("quote.critical", tb.QUOTE),
                        "by": " ".join(next(self.people(1))[1:2]),
                        "role": self.msg("quote.critical.role", tb.QUOTE_ROLE),
                    }
                }
            )
        doc = self.header(
            "Article", id=aid, programme=self.pid, title=self.msg(f"article.{aid}.title", title)
        )
        if r.random() < 0.5:
            doc["audience"] = "admins"
        doc["blocks"] = blocks
        return doc

    # -- catalogs ------------------------------------------------------------------------------
    def catalogs(self) -> list[PolicyFile]:
        out = []
        for i, locale in enumerate(tb.LOCALES):
            messages: dict[str, Any] = {key: text[i] for key, text in self.messages.items()}
            needed = plural_categories(locale)
            for key, by_locale in tb.PLURALS.items():
                forms = by_locale[locale]
                messages[key] = {c: forms.get(c, forms["other"]) for c in sorted(needed)}
            doc = self.header("Catalog", programme=self.pid, locale=locale, messages=messages)
            out.append(PolicyFile(f"{self.pid}/catalogs/{locale}.yaml", [doc]))
        return out


# -- the whole set ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SetInfo:
    files: int  # every YAML file, shared ones included
    programme_files: int
    programmes: int
    documents: int
    bytes: int


def plan(files: int, rng: random.Random) -> list[int]:
    """Extra files (beyond the 9 core ones) of each programme, summing to `files`."""
    if files < CORE_FILES:
        raise ValueError(f"a policy set needs at least {CORE_FILES} programme files")
    cap = MAX_ARTICLES + 1
    count = max(1, round(files / (CORE_FILES + 4)))
    count = min(count, files // CORE_FILES)
    while files - count * CORE_FILES > count * cap:
        count += 1
    budget = files - count * CORE_FILES
    extras = [0] * count
    while budget:
        i = rng.randrange(count)
        if extras[i] < cap:
            extras[i] += 1
            budget -= 1
    return extras


def split(pf: PolicyFile) -> list[PolicyFile]:
    """One file per document (`sla.yaml` → `sla/<id>.yaml`), for tools that read one only."""
    if len(pf.docs) == 1:
        return [pf]
    folder = Path(pf.path).with_suffix("")
    return [
        PolicyFile(f"{folder.as_posix()}/{d.get('id') or d['kind'].lower()}.yaml", [d])
        for d in pf.docs
    ]


def generate(
    out: Path, files: int, seed: int = 1, shared: Path = SHARED, *, one_per_file: bool = False
) -> SetInfo:
    """Write a policy set of `files` programme files (plus the shared ones) into `out`.

    With `one_per_file`, each multi-document file is written as one file per document
    instead (same documents; `programme_files` then counts the files written).
    """
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    documents = size = written = 0
    extras = plan(files, random.Random(f"plan:{seed}:{files}"))
    for index, extra in enumerate(extras, start=1):
        gen = ProgrammeGen(random.Random(f"{seed}:{index}"), index, extra)
        produced = gen.files()
        if one_per_file:
            produced = [part for pf in produced for part in split(pf)]
        for pf in produced:
            written += 1
            text = dump(pf.docs, pf.modeline)
            path = out / pf.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            documents += len(pf.docs)
            size += len(text.encode())
    shared_files = 0
    for src in sorted(shared.rglob("*.y*ml")):
        dst = out / "shared" / src.relative_to(shared)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        data = src.read_bytes()
        shared_files += 1
        documents += max(1, data.count(b"\n---"))
        size += len(data)
    return SetInfo(written + shared_files, written, len(extras), documents, size)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000, help="programme files (default 1000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="policy directory to (re)create")
    parser.add_argument(
        "--one-per-file", action="store_true", help="write each document to a file of its own"
    )
    args = parser.parse_args(argv)
    info = generate(args.out, args.files, args.seed, one_per_file=args.one_per_file)
    print(
        f"{args.out}: {info.files} files ({info.programme_files} in {info.programmes} "
        f"programmes + {info.files - info.programme_files} shared), {info.documents} documents, "
        f"{info.bytes:,} bytes"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
