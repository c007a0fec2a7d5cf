"""`kind: Export` documents → `ir.Export`, checked against the programme they map.

In: a built `ir.Programme` and its Export documents. Out: the programme with its `exports`,
and PC360–PC369 for duplicate, unmapped and ambiguous concepts (unknown ids are PC301).
What a mapping decides (which tiers share a Zendesk policy) lives here too, so the checks
and the emitters agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from policyc.load.document import Document
from policyc.model import ir
from policyc.model.context import Builder, Where, at

# applies_to fields of SLA policies → the concept of `conditions` that maps them
CONCEPTS = ("tiers", "regions", "countries", "case_types", "languages", "products", "channels")
_WHAT = {
    "tiers": "tier",
    "regions": "region",
    "countries": "country",
    "case_types": "case type",
    "languages": "language",
    "products": "product",
    "channels": "channel",
}


def exported_metrics(programme: ir.Programme) -> tuple[ir.Metric, ...]:
    """The metrics an SLA export carries: the targeted ones with a target in some cell (a
    metric whose every cell is not offered, best effort or not stated has no timer)."""
    timed = {c.metric for p in programme.sla_policies for c in p.cells if c.target is not None}
    return tuple(m for m in programme.metrics if m.targeted and m.id in timed)


def tier_groups(policy: ir.SlaPolicy, tiers: Iterable[str]) -> list[tuple[str, ...]]:
    """The policy's tiers grouped by identical cells (one Zendesk policy per group), in tier
    order; one group of every tier means the tier needs no condition."""
    groups: dict[tuple[object, ...], list[str]] = {}
    for tier in tiers:
        cells = tuple(
            (c.severity, c.metric, c.target, c.promise, c.exception, c.conditional)
            for c in policy.cells
            if c.tier == tier
        )
        if cells:
            groups.setdefault(cells, []).append(tier)
    return [tuple(g) for g in groups.values()]


def needed_conditions(programme: ir.Programme, policy: ir.SlaPolicy) -> dict[str, set[str]]:
    """The ids per concept a Zendesk export of `policy` turns into conditions."""
    needed = {name: set(values) for name, values in policy.conditions.items()}
    tiers = [t.id for t in programme.tiers]
    groups = tier_groups(policy, tiers)
    if len(groups) > 1 or (groups and len(groups[0]) < len(tiers)):
        needed.setdefault("tiers", set()).update(t for g in groups for t in g)
    needed.pop("severities", None)  # severities are Zendesk priorities, not conditions
    return needed


class ExportBuilder:
    """Builds and checks the Export documents of one programme."""

    def __init__(self, builder: Builder, programme: ir.Programme, docs: list[Document]) -> None:
        self.ctx = builder.ctx
        self.p = programme
        self.docs = docs

    def build(self) -> ir.Programme:
        exports: list[ir.Export] = []
        seen: dict[str, Document] = {}
        for doc in self.docs:
            system = doc.value["system"]
            if system in seen:
                first = seen[system]
                self.ctx.report(
                    "PC360",
                    f"a second {system} export for programme '{self.p.id}' "
                    f"(the first is in {first.file})",
                    at(doc, "system"),
                    "each programme has one Export document per system",
                )
                continue
            seen[system] = doc
            exports.append(self.zendesk(doc) if system == "zendesk" else self.pagerduty(doc))
        return self.p.model_copy(update={"exports": tuple(exports)})

    # -- Zendesk -------------------------------------------------------------------------
    def zendesk(self, doc: Document) -> ir.Export:
        v = doc.value
        severity_ids = [s.id for s in self.p.severities]
        severities = self.one_to_one(doc, "severities", severity_ids, severity_ids)
        metrics = {
            k: v[0]
            for k, v in self.one_to_one(
                doc,
                "metrics",
                [m.id for m in self.p.metrics],
                [m.id for m in exported_metrics(self.p)],
            ).items()
        }
        conditions = self.conditions(doc)
        if v.get("range") is None:
            self.need_range(doc, metrics)
        return ir.Export(
            system="zendesk",
            range=v.get("range"),
            severities=severities,
            metrics=metrics,
            conditions=conditions,
        )

    def one_to_one(
        self, doc: Document, field: str, known: list[str], required: list[str]
    ) -> dict[str, tuple[str, ...]]:
        """A mapping of `field` (severities or metrics): unknown ids (PC301), a Zendesk
        value from two ids (PC362 / PC364) and required ids left out (PC361 / PC363)."""
        what, target = ("severity", "priority") if field == "severities" else ("metric", "metric")
        ambiguous, missing_code = (
            ("PC362", "PC361") if field == "severities" else ("PC364", "PC363")
        )
        out: dict[str, tuple[str, ...]] = {}
        taken: dict[str, str] = {}
        for pid, value in doc.value[field].items():
            if pid not in known:
                self.ctx.unknown(what, pid, known, at(doc, field, pid))
                continue
            out[pid] = (value,) if isinstance(value, str) else tuple(value)
            for mapped in out[pid]:
                if mapped in taken:
                    self.ctx.report(
                        ambiguous,
                        f"{field} '{taken[mapped]}' and '{pid}' both map to Zendesk {target} "
                        f"'{mapped}'",
                        at(doc, field, pid),
                        f"a Zendesk policy holds one target per priority and metric: map each "
                        f"Zendesk {target} from one {what}",
                    )
                taken.setdefault(mapped, pid)
        missing = [x for x in required if x not in doc.value[field]]
        if missing:
            self.ctx.report(
                missing_code,
                f"{what} not mapped to a Zendesk {target}: " + ", ".join(missing),
                at(doc, field),
                f"add each {what} under `{field}:`",
                key=True,
            )
        return out

    def known_ids(self, concept: str) -> list[str]:
        p = self.p
        ids: dict[str, Iterable[str]] = {
            "tiers": (t.id for t in p.tiers),
            "regions": (r.id for r in p.regions),
            "countries": (c for r in p.regions for c in r.countries),
            "case_types": (c.id for c in p.case_types),
            "languages": (*p.support_languages, *(x for c in p.channels for x in c.languages)),
            "products": (x.id for x in p.products),
            "channels": (c.id for c in p.channels),
        }
        if concept in ("countries", "languages"):  # open sets: any a policy names is known
            extra = (x for s in p.sla_policies for x in getattr(s, concept))
            return sorted({*ids[concept], *extra})
        return sorted(set(ids[concept]))

    def conditions(self, doc: Document) -> dict[str, ir.ExportCondition]:
        raw: dict[str, Any] = doc.value.get("conditions", {})
        out: dict[str, ir.ExportCondition] = {}
        for concept, cond in raw.items():
            known = self.known_ids(concept)
            for value_id in cond["values"]:
                if value_id not in known:
                    self.ctx.unknown(
                        _WHAT[concept], value_id, known, at(doc, "conditions", concept, "values")
                    )
            out[concept] = ir.ExportCondition(
                field=cond["field"], operator=cond["operator"], values=dict(cond["values"])
            )
        for policy in self.p.sla_policies:
            for concept, ids in sorted(needed_conditions(self.p, policy).items()):
                if concept == "case_types":
                    continue  # without a field: the emitter's warning PC432
                mapped = out[concept].values if concept in out else {}
                missing = sorted(i for i in ids if i not in mapped)
                if missing:
                    where = at(doc, "conditions", concept) if concept in raw else at(doc, "system")
                    self.ctx.report(
                        "PC365",
                        f"SLA policy '{policy.id}' needs a Zendesk condition for "
                        f"{concept.replace('_', ' ')} " + ", ".join(missing),
                        where,
                        f"map them under `conditions: {{{concept}: {{field, operator, values}}}}`",
                        key=concept in raw,
                    )
        return out

    def need_range(self, doc: Document, metrics: dict[str, str]) -> None:
        ranged = [
            (policy.id, cell)
            for policy in self.p.sla_policies
            for cell in policy.cells
            if isinstance(cell.target, ir.Target)
            and not cell.target.exact
            and cell.metric in metrics
        ]
        if ranged:
            pid, cell = ranged[0]
            self.ctx.report(
                "PC366",
                f"{len(ranged)} exported targets are ranges (e.g. '{pid}' {cell.tier} × "
                f"{cell.severity} × {cell.metric}) and the mapping gives no `range`",
                at(doc, "system"),
                "add `range: min` or `range: max`: the bound Zendesk gets",
            )

    # -- PagerDuty -----------------------------------------------------------------------
    def pagerduty(self, doc: Document) -> ir.Export:
        v = doc.value
        users: dict[str, str] = dict(v.get("users", {}))
        for cid in users:
            if cid not in self.p.contacts:
                self.ctx.unknown("contact", cid, self.p.contacts, at(doc, "users", cid))
        chains = self.p.escalation.chains if self.p.escalation else ()
        if not chains:
            self.ctx.report(
                "PC369",
                f"programme '{self.p.id}' has no escalation chains to export to PagerDuty",
                at(doc, "system"),
                "add an Escalation document, or remove this export",
            )
        roles = {lv.role for ch in chains for lv in ch.levels}
        for role in v.get("roles", {}):
            if role not in roles:
                self.ctx.unknown("escalation role", role, roles, at(doc, "roles", role))
        delay = v.get("escalation_delay")
        self.check_levels(doc, chains, users, delay is not None)
        return ir.Export(
            system="pagerduty",
            escalation_delay_minutes=(
                self.ctx.duration(delay, 1440, at(doc, "escalation_delay")).minutes
                if delay is not None
                else None
            ),
            users=users,
            roles={k: tuple(x) for k, x in v.get("roles", {}).items()},
            num_loops=v.get("num_loops", 0),
        )

    def check_levels(
        self,
        doc: Document,
        chains: tuple[ir.EscalationChain, ...],
        users: dict[str, str],
        has_delay: bool,
    ) -> None:
        undelayed = [
            (c.region, lv.level) for c in chains for lv in c.levels if lv.delay_minutes is None
        ]
        if undelayed and not has_delay:
            region, level = undelayed[0]
            self.ctx.report(
                "PC368",
                f"{len(undelayed)} escalation levels state no delay (e.g. '{region}' level "
                f"{level}) and the mapping gives no `escalation_delay`",
                at(doc, "system"),
                "add `escalation_delay: 30m` (or a `delay:` on each level)",
            )
        unreachable = sorted(
            {
                sc.contact
                for c in chains
                for lv in c.levels
                for sc in lv.contacts
                if sc.contact in self.p.contacts
                and not self.p.contacts[sc.contact].email
                and sc.contact not in users
            }
        )
        if unreachable:
            self.ctx.report(
                "PC367",
                "contacts without an e-mail address cannot be PagerDuty users: "
                + ", ".join(unreachable),
                at(doc, "system"),
                "give them an `email` in Contacts or map them under `users:`",
            )


def with_exports(builder: Builder, programme: ir.Programme) -> ir.Programme:
    """The programme with its Export documents built and checked."""
    docs = builder.by_programme.get(programme.id, {}).get("Export", [])
    if not docs:
        return programme
    return ExportBuilder(builder, programme, docs).build()


def export_wheres(documents: Iterable[Document]) -> dict[tuple[str, str], Where]:
    """Where the Export document of each (programme, system) is, for later diagnostics: the
    first such document, in one pass (a scan per export was quadratic in the documents)."""
    out: dict[tuple[str, str], Where] = {}
    for doc in documents:
        value = doc.value
        if not isinstance(value, dict) or value.get("kind") != "Export":
            continue
        programme, system = value.get("programme"), value.get("system")
        if isinstance(programme, str) and isinstance(system, str):
            out.setdefault((programme, system), at(doc))
    return out
