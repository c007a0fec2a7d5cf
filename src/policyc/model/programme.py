"""One programme's documents → `ir.Programme`, resolving references within the programme."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from policyc.load.document import Document
from policyc.model import ir
from policyc.model.bindings import resolve
from policyc.model.context import Builder, Where, at

# `within:` values that state no target (`ir.Promise` except `target`)
_PROMISES = frozenset(p.value for p in ir.Promise if p is not ir.Promise.TARGET)


def _at(doc: Document, path: tuple[str | int, ...]) -> Any:
    value: Any = doc.value
    for part in path:
        value = value[part]
    return value


class ProgrammeBuilder:
    def __init__(self, builder: Builder, pid: str, doc: Document) -> None:
        self.b = builder
        self.ctx = builder.ctx
        self.pid = pid
        self.doc = doc
        self.docs = builder.by_programme.get(pid, {})
        self.used_calendars: set[str] = set()

    # -- helpers -------------------------------------------------------------------------
    def key(self, doc: Document, *path: str | int) -> str | None:
        return self.b.key(self.pid, doc, *path)

    def need(self, doc: Document, *path: str | int) -> str:
        return self.key(doc, *path) or ""

    def keys(self, doc: Document, *path: str | int) -> tuple[str, ...]:
        return self.b.keys(self.pid, doc, *path)

    def note(self, doc: Document, *path: str | int) -> ir.Note:
        """A `{text, audience}` note at `path` (its key remembered like any other)."""
        return ir.Note(
            text=self.need(doc, *path, "text"), audience=ir.Audience(_at(doc, path)["audience"])
        )

    def ids(
        self, items: list[dict[str, Any]], what: str, doc: Document, *path: str | int
    ) -> dict[str, int]:
        """Index a list of `{id: ...}` items, reporting duplicates."""
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if item["id"] in seen:
                self.b.duplicate(
                    what,
                    item["id"],
                    at(doc, *path, i, "id"),
                    at(doc, *path, seen[item["id"]], "id"),
                )
            else:
                seen[item["id"]] = i
        return seen

    def refs(
        self, names: Iterable[str], known: Iterable[str], what: str, doc: Document, *path: str | int
    ) -> tuple[str, ...]:
        known = set(known)
        out = []
        for i, name in enumerate(names):
            if name in known:
                out.append(name)
            else:
                self.ctx.unknown(what, name, known, at(doc, *path, i))
        return tuple(out)

    def ref(self, name: str, known: Iterable[str], what: str, where: Where) -> bool:
        known = set(known)
        if name not in known:
            self.ctx.unknown(what, name, known, where)
            return False
        return True

    def calendar_ref(self, name: str, where: Where) -> str:
        if self.ref(name, self.b.calendars, "calendar", where):
            self.used_calendars.add(name)
            cal = self.b.calendars[name]
            for exc in cal.exceptions:
                if exc.calendar in self.b.calendars:
                    self.used_calendars.add(exc.calendar)
        return name

    def all_of(self, kind: str) -> list[Document]:
        return self.docs.get(kind, [])

    # -- the programme -------------------------------------------------------------------
    def build(self) -> ir.Programme:
        d = self.doc
        v = d.value
        self.tier_ids = self.ids(v["tiers"], "tier", d, "tiers")
        self.severity_ids = self.ids(v["severities"], "severity", d, "severities")
        self.metric_ids = self.ids(v["metrics"], "metric", d, "metrics")
        self.product_ids = self.ids(v["products"], "product", d, "products")
        self.channel_ids = self.ids(v.get("channels", []), "channel", d, "channels")
        tiers = tuple(
            ir.Tier(
                id=t["id"],
                name=self.need(d, "tiers", i, "name"),
                rank=i,
                description=self.key(d, "tiers", i, "description"),
                audience=t.get("audience"),
                products=self.refs(
                    t.get("products", []), self.product_ids, "product", d, "tiers", i, "products"
                ),
            )
            for i, t in enumerate(v["tiers"])
        )
        severities = tuple(
            ir.Severity(
                id=s["id"],
                name=self.need(d, "severities", i, "name"),
                rank=i,
                impact=self.key(d, "severities", i, "impact"),
                definition=self.key(d, "severities", i, "definition"),
                examples=self.keys(d, "severities", i, "examples"),
            )
            for i, s in enumerate(v["severities"])
        )
        metrics = tuple(
            ir.Metric(
                id=m["id"],
                name=self.need(d, "metrics", i, "name"),
                definition=self.key(d, "metrics", i, "definition"),
                targeted=m.get("targeted", True),
            )
            for i, m in enumerate(v["metrics"])
        )
        self.case_type_ids = self.ids(v.get("case_types", []), "case type", d, "case_types")
        case_types = tuple(
            ir.CaseType(id=c["id"], name=self.need(d, "case_types", i, "name"))
            for i, c in enumerate(v.get("case_types", []))
        )
        regions, region_note, large = self.regions()
        self.region_ids = [r.id for r in regions]
        contacts = self.contacts()
        articles = self.articles()
        prog = ir.Programme(
            id=self.pid,
            name=self.need(d, "name"),
            summary=self.key(d, "summary"),
            owner=ir.Owner(**{**v["owner"], "team_name": self.key(d, "owner", "team_name")}),
            products=tuple(
                ir.Product(id=p["id"], name=self.need(d, "products", i, "name"))
                for i, p in enumerate(v["products"])
            ),
            locales=tuple(v["locales"]),
            valid_from=v.get("valid_from"),
            valid_to=v.get("valid_to"),
            closed_to_new_from=v.get("closed_to_new_from"),
            source_pages=tuple(ir.SourcePage(**x) for x in v.get("sources", [])),
            dates=tuple(
                ir.KeyDate(id=x["id"], date=x["date"], text=self.need(d, "dates", i, "text"))
                for i, x in enumerate(v.get("dates", []))
            ),
            support_languages=tuple(v.get("support_languages", [])),
            tiers=tiers,
            severities=severities,
            metrics=metrics,
            commitment=v.get("commitment", "target"),
            case_types=case_types,
            channels=self.channels(),
            eligibility=self.rules("eligibility"),
            purchase=self.rules("purchase"),
            notes=tuple(self.note(d, "notes", i) for i in range(len(v.get("notes", [])))),
            differences=tuple(
                ir.Difference(
                    id=x["id"],
                    text=self.need(d, "differences", i, "text"),
                    audience=ir.Audience(x["audience"]),
                    sources=tuple(x.get("sources", [])),
                )
                for i, x in enumerate(v.get("differences", []))
            ),
            sla_policies=self.sla_policies(),
            regions=regions,
            region_note=region_note,
            large_accounts=large,
            contacts=contacts,
            escalation=self.escalation(regions, contacts),
            request_templates=self.templates(),
            articles=articles,
            calendars=tuple(sorted(self.used_calendars)),
            catalogs={
                loc: dict(sorted(msgs.items()))
                for loc, msgs in sorted(self.b.catalogs.get(self.pid, {}).items())
            },
            sources=tuple(sorted({d.file, *(x.file for docs in self.docs.values() for x in docs)})),
        )
        # services cells may refer to SLA targets: built once the policies are
        return prog.model_copy(update={"services": self.services(prog)})

    def service_sla(
        self, prog: ir.Programme, tier: str, raw: Any, where: Where
    ) -> ir.SlaRef | None:
        """The SLA cells a services cell states (`sla:`), or None after a located PC347."""
        found = resolve(
            prog, raw.get("policy"), raw.get("tier", tier), raw.get("severity"), raw["metric"]
        )
        if isinstance(found, str):
            self.ctx.report(
                "PC347",
                f"the services cell refers to no single SLA target: {found}",
                where,
                "name an SLA cell the policy defines (metric, and severity when they differ)",
            )
            return None
        return found

    def services(self, prog: ir.Programme) -> tuple[ir.Service, ...]:
        d = self.doc
        out = []
        self.ids(d.value.get("services", []), "service", d, "services")
        for i, s in enumerate(d.value.get("services", [])):
            by_tier: dict[str, ir.ServiceValue] = {}
            for tier, val in s["by_tier"].items():
                if self.ref(tier, self.tier_ids, "tier", at(d, "services", i, "by_tier", tier)):
                    raw = val.get("sla")
                    where = at(d, "services", i, "by_tier", tier, "sla")
                    by_tier[tier] = ir.ServiceValue(
                        included="partial"
                        if val["included"] == "partial"
                        else stated(val["included"]),
                        detail=self.key(d, "services", i, "by_tier", tier, "detail"),
                        count=val.get("count"),
                        sla=None if raw is None else self.service_sla(prog, tier, raw, where),
                    )
            for tier in self.tier_ids:
                if tier not in s["by_tier"]:
                    self.ctx.report(
                        "PC325",
                        f"service '{s['id']}' does not say whether tier '{tier}' gets it",
                        at(d, "services", i, "by_tier"),
                        f"add `{tier}: {{included: true}}` or `{{included: false}}`",
                        key=True,
                    )
            out.append(
                ir.Service(
                    id=s["id"],
                    name=self.need(d, "services", i, "name"),
                    description=self.key(d, "services", i, "description"),
                    by_tier={t: by_tier[t] for t in self.tier_ids if t in by_tier},
                )
            )
        return tuple(out)

    def channels(self) -> tuple[ir.Channel, ...]:
        d = self.doc
        out = []
        for i, c in enumerate(d.value.get("channels", [])):
            where = ("channels", i)
            out.append(
                ir.Channel(
                    id=c["id"],
                    kind=ir.ChannelKind(c["kind"]),
                    name=self.need(d, *where, "name"),
                    calendar=self.calendar_ref(c["calendar"], at(d, *where, "calendar")),
                    tiers=self.refs(
                        c.get("tiers", list(self.tier_ids)),
                        self.tier_ids,
                        "tier",
                        d,
                        *where,
                        "tiers",
                    ),
                    products=self.refs(
                        c.get("products", []), self.product_ids, "product", d, *where, "products"
                    ),
                    languages=tuple(c.get("languages", [])),
                    audience=c.get("audience"),
                    note=self.key(d, *where, "note"),
                    address=c.get("address"),
                    url=c.get("url"),
                )
            )
        return tuple(out)

    def rules(self, field: str) -> tuple[ir.Rule, ...]:
        d = self.doc
        items = d.value.get(field, [])
        self.ids(items, f"{field} rule", d, field)
        return tuple(
            ir.Rule(
                id=r["id"],
                text=self.need(d, field, i, "text"),
                min_seats=r.get("min_seats"),
                audience=r.get("audience"),
                tiers=self.refs(r.get("tiers", []), self.tier_ids, "tier", d, field, i, "tiers"),
                url=r.get("url"),
            )
            for i, r in enumerate(items)
        )

    def region_calendars(self, doc: Document) -> dict[str, str]:
        """`region_calendars` of an SLA policy, references checked."""
        out = {}
        for region, cal in doc.value.get("region_calendars", {}).items():
            where = at(doc, "region_calendars", region)
            known = self.ref(region, self.region_ids, "region", where)
            if known and self.calendar_ref(cal, where) in self.b.calendars:
                out[region] = cal
        return out

    def sla_policies(self) -> tuple[ir.SlaPolicy, ...]:
        out = []
        seen: dict[str, Where] = {}
        for doc in self.all_of("SlaPolicy"):
            v = doc.value
            if v["id"] in seen:
                self.b.duplicate("SLA policy", v["id"], at(doc, "id"), seen[v["id"]])
                continue
            seen[v["id"]] = at(doc, "id")
            base = self.calendar_ref(v["calendar"], at(doc, "calendar"))
            cond = v.get("applies_to", {})
            cells: dict[tuple[str, str, str], ir.SlaCell] = {}
            first: dict[tuple[str, str, str], int] = {}
            for i, rule in enumerate(v["targets"]):
                path = ("targets", i)
                metric = rule["metric"]
                if not self.ref(metric, self.metric_ids, "metric", at(doc, *path, "metric")):
                    continue
                tiers = self.refs(
                    rule.get("tiers", list(self.tier_ids)),
                    self.tier_ids,
                    "tier",
                    doc,
                    *path,
                    "tiers",
                )
                sevs = self.refs(
                    rule.get("severities", list(self.severity_ids)),
                    self.severity_ids,
                    "severity",
                    doc,
                    *path,
                    "severities",
                )
                cal_id = base
                if "calendar" in rule:
                    cal_id = self.calendar_ref(rule["calendar"], at(doc, *path, "calendar"))
                cal = self.b.calendars.get(cal_id)
                day = cal.business_day_minutes if cal else 1440
                within = rule["within"]
                promise = ir.Promise.TARGET
                target: ir.Target | ir.NextBusinessDay | None = None
                lo = hi = ""
                if isinstance(within, str) and within in _PROMISES:
                    promise = ir.Promise(within)
                elif isinstance(within, dict) and "next_business_day" in within:
                    target = ir.NextBusinessDay(at=within["next_business_day"], calendar=cal_id)
                elif isinstance(within, str):
                    lo = hi = within
                    low = high = self.ctx.duration(within, day, at(doc, *path, "within"))
                    target = ir.Target(min=low, max=high, calendar=cal_id)
                else:
                    lo, hi = within["min"], within["max"]
                    low = self.ctx.duration(lo, day, at(doc, *path, "within", "min"))
                    high = self.ctx.duration(hi, day, at(doc, *path, "within", "max"))
                    target = ir.Target(min=low, max=high, calendar=cal_id)
                if isinstance(target, ir.Target) and target.min.minutes > target.max.minutes:
                    self.ctx.report(
                        "PC312",
                        f"range minimum {lo} is greater than maximum {hi}",
                        at(doc, *path, "within"),
                        "swap min and max",
                    )
                for tier in tiers:
                    for sev in sevs:
                        cell_key = (tier, sev, metric)
                        if cell_key in cells:
                            self.ctx.report(
                                "PC319",
                                f"target for {tier} × {sev} × {metric} is defined twice in policy "
                                f"'{v['id']}' (first by target rule {first[cell_key] + 1})",
                                at(doc, *path),
                                "narrow the tiers/severities of one rule",
                            )
                            continue
                        exc = cal.exception_for(tier, sev) if cal and target else None
                        maybe = cal.conditional_for(tier, sev) if cal and target else ()
                        first[cell_key] = i
                        cells[cell_key] = ir.SlaCell(
                            tier=tier,
                            severity=sev,
                            metric=metric,
                            target=target,
                            promise=promise,
                            exception=exc.id if exc else None,
                            conditional=tuple(e.id for e in maybe),
                        )
            order = {t: n for n, t in enumerate(self.tier_ids)}
            sorder = {s: n for n, s in enumerate(self.severity_ids)}
            morder = {m: n for n, m in enumerate(self.metric_ids)}
            out.append(
                ir.SlaPolicy(
                    id=v["id"],
                    name=self.need(doc, "name"),
                    calendar=base,
                    note=self.key(doc, "note"),
                    tiers=self.refs(
                        cond.get("tiers", []), self.tier_ids, "tier", doc, "applies_to", "tiers"
                    ),
                    severities=self.refs(
                        cond.get("severities", []),
                        self.severity_ids,
                        "severity",
                        doc,
                        "applies_to",
                        "severities",
                    ),
                    regions=self.refs(
                        cond.get("regions", []),
                        self.region_ids,
                        "region",
                        doc,
                        "applies_to",
                        "regions",
                    ),
                    countries=tuple(cond.get("countries", [])),
                    case_types=self.refs(
                        cond.get("case_types", []),
                        self.case_type_ids,
                        "case type",
                        doc,
                        "applies_to",
                        "case_types",
                    ),
                    priority=v.get("priority", 0),
                    region_calendars=self.region_calendars(doc),
                    languages=tuple(cond.get("languages", [])),
                    products=self.refs(
                        cond.get("products", []),
                        self.product_ids,
                        "product",
                        doc,
                        "applies_to",
                        "products",
                    ),
                    channels=self.refs(
                        cond.get("channels", []),
                        self.channel_ids,
                        "channel",
                        doc,
                        "applies_to",
                        "channels",
                    ),
                    cells=tuple(
                        cells[k]
                        for k in sorted(
                            cells, key=lambda k: (order[k[0]], sorder[k[1]], morder[k[2]])
                        )
                    ),
                )
            )
            self.b.sla_where[(self.pid, v["id"])] = Where(doc, ())
        return tuple(sorted(out, key=lambda p: (not p.is_default, p.id)))

    def regions(
        self,
    ) -> tuple[tuple[ir.Region, ...], ir.Note | None, tuple[ir.LargeAccountRule, ...]]:
        regions: list[ir.Region] = []
        large: list[ir.LargeAccountRule] = []
        note: ir.Note | None = None
        seen: dict[str, Where] = {}
        docs = self.all_of("Regions")
        for doc in docs:
            for i, r in enumerate(doc.value["regions"]):
                if r["id"] in seen:
                    self.b.duplicate("region", r["id"], at(doc, "regions", i, "id"), seen[r["id"]])
                    continue
                seen[r["id"]] = at(doc, "regions", i, "id")
                subs = []
                for j, s in enumerate(r.get("subdivisions", [])):
                    subs.append(
                        ir.Subdivision(
                            id=s["id"],
                            name=self.need(doc, "regions", i, "subdivisions", j, "name"),
                            country=s["country"],
                            codes=tuple(s["codes"]),
                        )
                    )
                regions.append(
                    ir.Region(
                        id=r["id"],
                        name=self.need(doc, "regions", i, "name"),
                        countries=tuple(r["countries"]),
                        timezone=r.get("timezone"),
                        not_stated=tuple(r.get("not_stated", ())),
                        subdivisions=tuple(subs),
                    )
                )
            if "note" in doc.value:
                note = self.note(doc, "note")
        by_id = {r.id: r for r in regions}
        for doc in docs:
            for i, rule in enumerate(doc.value.get("large_accounts", [])):
                names = self.refs(
                    rule.get("regions", []), by_id, "region", doc, "large_accounts", i, "regions"
                )
                covered = {c for n in names for c in by_id[n].countries} | set(
                    rule.get("countries", [])
                )
                large.append(
                    ir.LargeAccountRule(
                        id=rule["id"],
                        name=self.need(doc, "large_accounts", i, "name"),
                        min_seats=rule["min_seats"],
                        unit=rule.get("unit"),
                        regions=names,
                        countries=tuple(rule.get("countries", [])),
                        applies_to=tuple(sorted(covered)),
                    )
                )
                self.b.large_where[(self.pid, rule["id"])] = at(doc, "large_accounts", i)
        for doc in docs:
            self.b.regions_doc[self.pid] = doc
        return tuple(regions), note, tuple(large)

    def contacts(self) -> dict[str, ir.Contact]:
        out: dict[str, ir.Contact] = {}
        seen: dict[str, Where] = {}
        for doc in self.all_of("Contacts"):
            for i, c in enumerate(doc.value["contacts"]):
                if c["id"] in seen:
                    self.b.duplicate(
                        "contact", c["id"], at(doc, "contacts", i, "id"), seen[c["id"]]
                    )
                    continue
                seen[c["id"]] = at(doc, "contacts", i, "id")
                out[c["id"]] = ir.Contact(
                    id=c["id"],
                    name=c["name"],
                    email=c.get("email"),
                    phone=c.get("phone"),
                    title=self.key(doc, "contacts", i, "title"),
                )
        return dict(sorted(out.items()))

    def escalation(
        self, regions: tuple[ir.Region, ...], contacts: dict[str, ir.Contact]
    ) -> ir.Escalation | None:
        docs = self.all_of("Escalation")
        if not docs:
            return None
        region_ids = {r.id for r in regions}
        subdivision_ids = {s.id for r in regions for s in r.subdivisions}
        chains: list[ir.EscalationChain] = []
        intro: str | None = None
        when: tuple[str, ...] = ()
        for doc in docs:
            v = doc.value
            intro = self.key(doc, "intro") or intro
            when = self.keys(doc, "when") or when
            for i, ch in enumerate(v["chains"]):
                self.ref(ch["region"], region_ids, "region", at(doc, "chains", i, "region"))
                levels = []
                for j, lv in enumerate(ch["levels"]):
                    path = ("chains", i, "levels", j)
                    scoped = []
                    for k, sc in enumerate(lv.get("contacts", [])):
                        cpath = (*path, "contacts", k)
                        self.ref(sc["contact"], contacts, "contact", at(doc, *cpath, "contact"))
                        scoped.append(
                            ir.ScopedContact(
                                contact=sc["contact"],
                                label=self.key(doc, *cpath, "label"),
                                title=self.key(doc, *cpath, "title"),
                                countries=tuple(sc.get("countries", [])),
                                subdivisions=self.refs(
                                    sc.get("subdivisions", []),
                                    subdivision_ids,
                                    "sub-territory",
                                    doc,
                                    *cpath,
                                    "subdivisions",
                                ),
                            )
                        )
                    levels.append(
                        ir.EscalationLevel(
                            level=lv["level"],
                            role=self.need(doc, *path, "role"),
                            delay_minutes=self.ctx.duration(
                                lv["delay"], 1440, at(doc, *path, "delay")
                            ).minutes
                            if "delay" in lv
                            else None,
                            contacts=tuple(scoped),
                        )
                    )
                chains.append(ir.EscalationChain(region=ch["region"], levels=tuple(levels)))
                self.b.chain_where[(self.pid, ch["region"])] = at(doc, "chains", i)
        return ir.Escalation(intro=intro, when=when, chains=tuple(chains))

    def templates(self) -> tuple[ir.RequestTemplate, ...]:
        out = []
        for doc in self.all_of("RequestTemplate"):
            v = doc.value
            type_ids = self.ids(v.get("request_types", []), "request type", doc, "request_types")
            fields = []
            for i, f in enumerate(v["fields"]):
                fields.append(
                    ir.TemplateField(
                        id=f["id"],
                        label=self.need(doc, "fields", i, "label"),
                        type=f["type"],
                        required=stated(f.get("required", False)),
                        help=self.key(doc, "fields", i, "help"),
                        choices=self.refs(
                            f.get("choices", []),
                            type_ids,
                            "request type",
                            doc,
                            "fields",
                            i,
                            "choices",
                        ),
                        min_words=f.get("min_words"),
                        max_words=f.get("max_words"),
                    )
                )
            out.append(
                ir.RequestTemplate(
                    id=v["id"],
                    name=self.need(doc, "name"),
                    intro=self.key(doc, "intro"),
                    purpose=self.keys(doc, "purpose"),
                    fields=tuple(fields),
                    request_types=tuple(
                        ir.RequestType(id=t["id"], name=self.need(doc, "request_types", i, "name"))
                        for i, t in enumerate(v.get("request_types", []))
                    ),
                )
            )
        return tuple(sorted(out, key=lambda t: t.id))

    def step(self, doc: Document, path: tuple[str | int, ...], raw: Any) -> ir.Step:
        if isinstance(raw, str):
            return ir.Step(text=self.need(doc, *path))
        return ir.Step(
            text=self.need(doc, *path, "text"),
            notes=self.keys(doc, *path, "notes"),
            steps=tuple(
                self.step(doc, (*path, "steps", i), s) for i, s in enumerate(raw.get("steps", []))
            ),
        )

    def articles(self) -> tuple[ir.Article, ...]:
        found: dict[str, ir.Article] = {}
        where: dict[str, Where] = {}
        for doc in self.all_of("Article"):
            v = doc.value
            if v["id"] in where:
                self.b.duplicate("article", v["id"], at(doc, "id"), where[v["id"]])
                continue
            where[v["id"]] = at(doc, "id")
            blocks = []
            for i, block in enumerate(v["blocks"]):
                ((kind, raw),) = block.items()
                path = ("blocks", i, kind)
                if kind == "steps":
                    blocks.append(
                        ir.Block(
                            kind="steps",
                            steps=tuple(self.step(doc, (*path, j), s) for j, s in enumerate(raw)),
                        )
                    )
                elif kind == "list":
                    blocks.append(ir.Block(kind="list", items=self.keys(doc, *path)))
                elif kind == "quote":
                    blocks.append(
                        ir.Block(
                            kind="quote",
                            quote=ir.Quote(
                                text=self.need(doc, *path, "text"),
                                by=raw["by"],
                                role=self.key(doc, *path, "role"),
                            ),
                        )
                    )
                else:
                    blocks.append(ir.Block(kind=kind, text=self.need(doc, *path)))
            found[v["id"]] = ir.Article(
                id=v["id"],
                title=self.need(doc, "title"),
                audience=v.get("audience"),
                url=v.get("url"),
                blocks=tuple(blocks),
            )
        order = self.doc.value.get("articles", [])
        self.refs(order, found, "article", self.doc, "articles")
        listed = [found[a] for a in order if a in found]
        rest = [found[a] for a in sorted(found) if a not in order]
        return tuple(listed + rest)


def stated(value: object) -> bool | None:
    """In: a schema-valid `true`, `false` or `"not-stated"`. Out: the bool, or None."""
    return value if isinstance(value, bool) else None
