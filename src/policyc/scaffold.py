"""Skeletons of policy files for `policyc new`: commented, valid, with the schema modeline.

In: a kind, a name and (except for a programme) the IR of the programme it joins. Out: a
`Skeleton` — the files to write and the next steps. A new programme validates on its own;
any other kind validates inside its programme: its messages come with it, as Catalog
documents after the main document (one per locale of the programme, the untranslated
ones copied from `en`), so no existing file is touched.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from policyc.diagnostics import Diagnostic, Span
from policyc.locales import plural_categories
from policyc.model.ir import NextBusinessDay, Target

if TYPE_CHECKING:
    from policyc.model.ir import Message, Policies, Programme

KINDS = ("programme", "calendar", "sla-policy", "catalog", "article", "policy-test", "export")
SYSTEMS = ("zendesk", "pagerduty")  # the names of `policyc new export`
SLUG = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
MAX_ID = 64  # characters, as the schemas allow
CALENDAR_SUFFIX = "-hours"  # a programme's skeleton calendar is `<id>-hours`
_SCHEMA_OF = {
    "programme": "programme",
    "calendar": "calendar",
    "sla-policy": "slapolicy",
    "catalog": "catalog",
    "article": "article",
    "policy-test": "policytest",
    "export": "export",
}
_PRIORITIES = ("urgent", "high", "normal", "low")
_ZENDESK_METRICS = (
    "first_reply_time",
    "next_reply_time",
    "periodic_update_time",
    "requester_wait_time",
    "agent_work_time",
    "total_resolution_time",
    "pausable_update_time",
)


def today() -> date:
    """The date a new programme becomes valid from (a function so tests can fix it)."""
    return date.today()


@dataclass(frozen=True, slots=True)
class Skeleton:
    files: tuple[tuple[Path, str], ...]
    next_steps: tuple[str, ...] = field(default=())


def title_of(name: str) -> str:
    return " ".join(part.capitalize() for part in name.split("-"))


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def modeline(path: Path, schema: str, schemas: Path) -> str:
    """`# yaml-language-server: $schema=<relative path>` for a file written at `path`."""
    rel = os.path.relpath(schemas.resolve() / f"{schema}.schema.json", path.parent.resolve())
    return f"# yaml-language-server: $schema={Path(rel).as_posix()}"


def _catalog_doc(programme: str, locale: str, messages: Sequence[tuple[str, str]]) -> str:
    lines = [
        "apiVersion: policyc/v1",
        "kind: Catalog",
        f"programme: {programme}",
        f"locale: {locale}",
        "messages:",
    ]
    lines += [f"  {key}: {_q(text)}" for key, text in messages]
    return "\n".join(lines) + "\n"


def _with_messages(
    head: str, prog: Programme, messages: Sequence[tuple[str, str]], what: str
) -> str:
    """The main document followed by one Catalog document per locale of the programme."""
    parts = [head]
    for loc in prog.locales:
        note = (
            f"# The {what}'s text in {loc}. Move these messages into catalogs/{loc}.yaml if you prefer.\n"
            if loc == prog.locales[0]
            else f"# {loc}: copied from en, to translate.\n"
        )
        parts.append(note + _catalog_doc(prog.id, loc, messages))
    return "---\n".join(parts)


# -- programme ------------------------------------------------------------------------------


def programme(name: str, directory: Path, schemas: Path, root_label: str | None = None) -> Skeleton:
    """A complete minimal programme: it validates (and builds) on its own."""
    calendar = f"{name}{CALENDAR_SUFFIX}"
    title = title_of(name)
    prog_path = directory / "programme.yaml"
    sla_path = directory / "sla.yaml"
    cal_path = directory / "calendars.yaml"
    en_path = directory / "catalogs" / "en.yaml"
    programme_yaml = f"""{modeline(prog_path, "programme", schemas)}
# The programme: who gives support, to whom (tiers), for what (severities × metrics).
# Every human-readable text is a message key, defined in catalogs/<locale>.yaml; the data
# model is described in docs/model.md.
apiVersion: policyc/v1
kind: Programme
id: {name}
owner: {{organisation: {_q(title)}, team: Customer Support}}
name: programme.name
summary: programme.summary
products:
  - {{id: {name}, name: product.main.name}}
# Add a locale with `policyc new catalog fr --programme {name}`, then list it here.
locales: [en]
source_locale: en
valid_from: "{today().isoformat()}"
# The first day the programme takes no new customers, if the vendor states one:
# closed_to_new_from: "2027-06-30"
# The public pages this programme is encoded from (https), with the day you read them:
# owners see them on the review page, customers as "Source" links.
# sources:
#   - {{url: "https://example.com/support-plans", read: "{today().isoformat()}", title: Support plans}}
# Tiers are ordered lowest first: a higher tier should never promise slower targets.
tiers:
  - {{id: standard, name: tier.standard.name, audience: customer}}
  - {{id: premium, name: tier.premium.name, audience: customer}}
# Severities are ordered most severe first.
severities:
  - {{id: urgent, name: severity.urgent.name, definition: severity.urgent.definition}}
  - {{id: normal, name: severity.normal.name, definition: severity.normal.definition}}
# How the vendor words its times: target (default), committed or guaranteed (pages say so).
# commitment: target
# What is measured. `targeted: false` documents a metric without promising a target.
metrics:
  - id: first-response
    name: metric.first-response.name
    definition: metric.first-response.definition
channels:
  - {{id: email, kind: email, name: channel.email.name, calendar: {calendar}}}
# The services matrix: per tier, included true / false / partial / not-stated. A cell that
# states a response time refers to its SLA target (rendered from it in every language, never
# typed as text); a number it states is a `count` (its detail: a plural message of {{count}}):
# services:
#   - id: response-time
#     name: service.response-time.name
#     by_tier:
#       standard: {{included: true, sla: {{metric: first-response, severity: urgent}}}}
#       premium: {{included: true, sla: {{metric: first-response, severity: urgent}}}}
#   - id: named-contacts
#     name: service.named-contacts.name
#     by_tier:
#       standard: {{included: true, count: 2, detail: service.named-contacts.detail}}
#       premium: {{included: partial}}
# What tickets are about, where promises differ by it (SLA policies and calendar exceptions
# can name them in `case_types:`; `policyc route --case-type`):
# case_types:
#   - {{id: outage, name: case-type.outage.name}}
"""
    sla_yaml = f"""{modeline(sla_path, "slapolicy", schemas)}
# The default SLA policy (no `applies_to`): a target for every tier × severity × metric.
# Durations: 90m, 4h, 1h30m, 2d (a day is one business day of the calendar); a range is
# written {{min: 1h, max: 3h}}; "next business day" is {{next_business_day: end}} (or
# `start`): due when that day closes (opens), not `1d`. A cell the plan promises no time for
# says so instead:
# `within: not-offered` (not covered), `best-effort` (no committed time) or `not-stated`
# (the source is silent). These targets are a starting point: set your promises.
apiVersion: policyc/v1
kind: SlaPolicy
id: standard
programme: {name}
name: sla.standard.name
calendar: {calendar}
targets:
  - {{metric: first-response, severities: [urgent], tiers: [premium], within: 1h}}
  - {{metric: first-response, severities: [urgent], tiers: [standard], within: 4h}}
  - {{metric: first-response, severities: [normal], within: 1d}}
"""
    cal_yaml = f"""{modeline(cal_path, "calendar", schemas)}
# When targets run: business hours in a time zone. Calendar ids are global, hence the
# programme's name in the id. A 24×7 calendar:
#   hours: [{{days: [mon, tue, wed, thu, fri, sat, sun], from: "00:00", to: "24:00"}}]
apiVersion: policyc/v1
kind: Calendar
id: {calendar}
programme: {name}
name: calendar.hours.name
timezone: Etc/UTC
hours:
  - {{days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00"}}
business_day: 8h
# holidays:
#   - {{date: "2026-12-25", name: holiday.christmas}}
# Tickets matching every condition of an exception are measured on another calendar;
# conditions: severities, tiers, case_types, regions, countries, languages, products,
# channels (two exceptions that can match one ticket are an error):
# exceptions:
#   - {{id: outages, case_types: [outage], calendar: always-open, text: calendar.outages}}
"""
    messages = [
        ("programme.name", title),
        ("programme.summary", f"What {title} offers, in one sentence."),
        ("product.main.name", title),
        ("tier.standard.name", "Standard"),
        ("tier.premium.name", "Premium"),
        ("severity.urgent.name", "Urgent"),
        ("severity.urgent.definition", "The service is down or unusable for many users."),
        ("severity.normal.name", "Normal"),
        ("severity.normal.definition", "A question, or a problem with a workaround."),
        ("metric.first-response.name", "First response"),
        (
            "metric.first-response.definition",
            "Time from the request to the first reply by a person.",
        ),
        ("channel.email.name", "E-mail"),
        ("sla.standard.name", "Standard targets"),
        ("calendar.hours.name", "Business hours"),
    ]
    en_yaml = (
        modeline(en_path, "catalog", schemas)
        + "\n# The source text (en). Each other locale has a catalog with the same keys.\n"
        + _catalog_doc(name, "en", messages)
    )
    return Skeleton(
        (
            (prog_path, programme_yaml),
            (sla_path, sla_yaml),
            (cal_path, cal_yaml),
            (en_path, en_yaml),
        ),
        (
            f"policyc validate --policies {root_label or directory.parent.as_posix()}",
            f"policyc new catalog fr --programme {name}   # add a locale",
        ),
    )


# -- kinds inside a programme --------------------------------------------------------------


def calendar(name: str, prog: Programme, path: Path, schemas: Path) -> Skeleton:
    key = f"calendar.{name}.name"
    head = f"""{modeline(path, "policy", schemas)}
# A business-hours calendar of {prog.id}. Use it from an SLA policy (`calendar: {name}`)
# or a channel. Calendar ids are global: unique across all programmes.
apiVersion: policyc/v1
kind: Calendar
id: {name}
programme: {prog.id}
name: {key}
timezone: Etc/UTC          # an IANA zone, e.g. Europe/Rome
hours:                     # weekly open intervals; `to` earlier than `from` crosses midnight
  - {{days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00"}}
business_day: 8h           # the meaning of `1d` in targets on this calendar
# holidays:
#   - {{date: "2026-12-25", name: holiday.christmas}}
"""
    text = _with_messages(head, prog, [(key, title_of(name))], "calendar")
    return Skeleton(((path, text),), (f"use it: `calendar: {name}` in an SLA policy or channel",))


def _within(minutes: tuple[str, str]) -> str:
    lo, hi = minutes
    return lo if lo == hi else f"{{min: {lo}, max: {hi}}}"


def _written(amount: int, unit: str) -> str:
    return f"{amount}{unit[0]}"


def sla_policy(name: str, prog: Programme, path: Path, schemas: Path) -> Skeleton:
    """A conditional SLA policy that starts as a copy of the default policy's targets."""
    default = prog.default_sla
    assert default is not None  # the programme validated
    tiers = [t.id for t in prog.tiers]
    sevs = [s.id for s in prog.severities]
    groups: dict[tuple[str, str, str], dict[str, list[str]]] = {}
    for cell in default.cells:
        t = cell.target
        if t is None:  # a cell that states no target: not-offered, best-effort, not-stated
            within, cal = cell.promise.value, default.calendar
        elif isinstance(t, NextBusinessDay):
            within, cal = f"{{next_business_day: {t.at}}}", t.calendar
        else:
            within = _within(
                (
                    _written(t.min.amount, t.min.unit.value),
                    _written(t.max.amount, t.max.unit.value),
                ),
            )
            cal = t.calendar
        groups.setdefault((cell.metric, within, cal), {}).setdefault(cell.severity, []).append(
            cell.tier
        )
    rules = []
    for (metric, within, cal), by_sev in groups.items():
        merged: dict[tuple[str, ...], list[str]] = {}
        for sev, ts in by_sev.items():
            merged.setdefault(tuple(ts), []).append(sev)
        for tier_ids, sev_ids in merged.items():
            parts = [f"metric: {metric}"]
            if sev_ids != sevs:
                parts.append(f"severities: [{', '.join(sev_ids)}]")
            if list(tier_ids) != tiers:
                parts.append(f"tiers: [{', '.join(tier_ids)}]")
            parts.append(f"within: {within}")
            if cal != default.calendar:
                parts.append(f"calendar: {cal}")
            rules.append("  - {" + ", ".join(parts) + "}")
    key = f"sla.{name}.name"
    product = prog.products[0].id
    head = (
        f"""{modeline(path, "policy", schemas)}
# An SLA policy for some tickets only: it applies when every field of `applies_to`
# matches (tiers, severities, regions, countries, case_types, languages, products,
# channels); other tickets keep the default policy '{default.id}'. Policies are tried
# by `priority:` (higher first), then most fields first; two that can match one ticket
# with equal rank are an error. It starts as a copy of the default's targets.
apiVersion: policyc/v1
kind: SlaPolicy
id: {name}
programme: {prog.id}
name: {key}
calendar: {default.calendar}
applies_to:
  products: [{product}]
  # languages: [ja]
  # channels: [email]
  # regions: [emea]
  # case_types: [outage]
targets:
"""
        + "\n".join(rules)
        + "\n"
    )
    text = _with_messages(head, prog, [(key, title_of(name))], "SLA policy")
    return Skeleton(((path, text),), ("policyc diff main   # review what the new policy changes",))


def _zendesk_mapping(prog: Programme) -> list[str]:
    """The Zendesk fields of an export skeleton: priorities by severity rank, metrics in
    Zendesk's order, a tag per id each SLA policy's conditions need."""
    from policyc.model.export import exported_metrics, needed_conditions  # start-up

    lines = []
    if any(
        isinstance(c.target, Target) and not c.target.exact
        for p in prog.sla_policies
        for c in p.cells
    ):
        lines.append("range: max                 # a range target exports this bound: min or max")
    lines.append("severities:                # severity → low, normal, high or urgent (or a list)")
    for i, sev in enumerate(prog.severities):
        lines.append(f"  {sev.id}: {_PRIORITIES[min(i, 3)]}")
    lines.append("metrics:                   # targeted metric → Zendesk SLA metric: check each")
    free = list(_ZENDESK_METRICS)
    for metric in exported_metrics(prog):
        guess = "total_resolution_time" if "resolution" in metric.id else free[0]
        free.remove(guess)
        lines.append(f"  {metric.id}: {guess}")
    needed: dict[str, set[str]] = {}
    for policy in prog.sla_policies:
        for concept, ids in needed_conditions(prog, policy).items():
            needed.setdefault(concept, set()).update(ids)
    case_types = {c.id for c in prog.case_types}
    if case_types:
        needed.setdefault("case_types", set()).update(case_types)
    if needed:
        lines.append("conditions:                 # the tag (or field value) your triggers set")
        for concept, ids in sorted(needed.items()):
            values = ", ".join(
                f"{i}: {concept.removesuffix('s')}_{i.replace('-', '_')}" for i in sorted(ids)
            )
            lines.append(
                f"  {concept}: {{field: current_tags, operator: includes, values: {{{values}}}}}"
            )
    return lines


def export(name: str, prog: Programme, path: Path, schemas: Path) -> Skeleton:
    """How a programme maps onto Zendesk or PagerDuty (`name` is the system), filled in
    from the programme: every severity, targeted metric and condition it needs."""
    head = [
        modeline(path, "export", schemas),
        f"# How {prog.id} maps onto {name.capitalize()}: `policyc build` writes the payloads to",
        f"# generated/exports/{name}/, `policyc push {name}` sends them (docs/exports.md).",
        "apiVersion: policyc/v1",
        "kind: Export",
        f"programme: {prog.id}",
        f"system: {name}",
    ]
    if name == "zendesk":
        head += _zendesk_mapping(prog)
    else:
        head += [
            "escalation_delay: 30m       # PagerDuty's delay for levels that state no `delay:`",
            "# users: {contact-id: login@example.com}   # where a PagerDuty login differs",
            "# roles: {escalation.role.desk: [desk@example.com]}   # for levels naming nobody",
        ]
    return Skeleton(
        ((path, "\n".join(head) + "\n"),),
        (f"policyc build   # then review generated/exports/{name}/ and its warnings",),
    )


def article(name: str, prog: Programme, path: Path, schemas: Path) -> Skeleton:
    base = f"article.{name}"
    head = f"""{modeline(path, "policy", schemas)}
# A help-center article of {prog.id}. Blocks, in order: paragraph, heading, note, list,
# steps (each step may carry notes and sub-steps) and quote. List the article in the
# programme's `articles:` to choose its place; unlisted articles come last.
apiVersion: policyc/v1
kind: Article
id: {name}
programme: {prog.id}
title: {base}.title
blocks:
  - paragraph: {base}.intro
  - steps:
      - {base}.step-1
      - text: {base}.step-2
        notes: [{base}.step-2-note]
  - note: {base}.note
"""
    messages = [
        (f"{base}.title", title_of(name)),
        (f"{base}.intro", "What this article helps with."),
        (f"{base}.step-1", "First step."),
        (f"{base}.step-2", "Second step."),
        (f"{base}.step-2-note", "A note on the second step."),
        (f"{base}.note", "Something to keep in mind."),
    ]
    text = _with_messages(head, prog, messages, "article")
    return Skeleton(((path, text),), (f"add {name} to `articles:` in programme.yaml",))


def _plural_copy(msg: Message, locale: str) -> Message:
    """`msg` with the CLDR plural categories `locale` needs (copied from `other`)."""
    if isinstance(msg, str):
        return msg

    needed = plural_categories(locale) or frozenset({"other"})
    return {cat: msg.get(cat, msg.get("other", "")) for cat in sorted(needed)}


def catalog(locale: str, prog: Programme, path: Path, schemas: Path) -> Skeleton:
    """A catalog for a new locale: every `en` message, copied to translate."""
    lines = [
        modeline(path, "catalog", schemas),
        f"# {locale} messages of {prog.id}, copied from en: translate each one. Placeholders",
        "# such as {seats} stay as they are; plural messages list the CLDR forms of the locale.",
        "apiVersion: policyc/v1",
        "kind: Catalog",
        f"programme: {prog.id}",
        f"locale: {locale}",
        "# Translation state, written by `policyc i18n import` and `policyc i18n stamp`; until",
        "# then every copied message is reported untranslated (PC342) and the locale is not",
        "# published (PC336; the programme's `incomplete_locales` decides).",
        "translated_from: {}",
        "messages:",
    ]
    for key, msg in prog.catalogs["en"].items():
        copied = _plural_copy(msg, locale)
        if isinstance(copied, str):
            lines.append(f"  {key}: {_q(copied)}")
        else:
            forms = ", ".join(f"{cat}: {_q(text)}" for cat, text in copied.items())
            lines.append(f"  {key}: {{{forms}}}")
    steps = () if locale in prog.locales else (f"add {locale} to `locales:` in programme.yaml",)
    return Skeleton(((path, "\n".join(lines) + "\n"),), steps)


def policy_test(
    name: str, policies: Policies, prog: Programme, path: Path, schemas: Path
) -> Skeleton:
    """A suite with one case whose expectations are what the policies answer today."""
    from policyc.resolve.rules import resolve  # start-up

    tier, severity = prog.tiers[-1].id, prog.severities[0].id
    country = prog.regions[0].countries[0] if prog.regions else None
    start = today()
    opened = datetime(start.year, start.month, start.day, 9, 0, tzinfo=UTC)
    res = resolve(policies, prog.id, tier, severity, country=country, opened=opened)
    given = [f"tier: {tier}", f"severity: {severity}"]
    if country:
        given.append(f"country: {country}")
    given.append(f'opened: "{opened.isoformat(timespec="minutes")}"')
    lines = [
        modeline(path, "policytest", schemas),
        f"# Policy tests of {prog.id}: each case is a ticket (`given`) and what the policies",
        "# must answer (`expect`). The expectations below were filled in from today's",
        "# policies: check each against what you promise, then run `policyc test`.",
        "apiVersion: policyc/v1",
        "kind: PolicyTest",
        f"id: {name}",
        f"programme: {prog.id}",
        "cases:",
        f"  - name: {_q(f'{tier}, {severity}' + (f', {country}' if country else ''))}",
        "    given: {" + ", ".join(given) + "}",
        "    expect:",
    ]
    if res.region:
        lines.append(f"      region: {res.region}")
    lines.append("      targets:")
    for t in res.targets:
        lines.append(f"        {t.metric}:")
        if t.min is None or t.max is None:
            lines.append(f"          next_business_day: {t.next_business_day}")
        else:
            lines.append(f"          min: {t.min.minutes}")
            lines.append(f"          max: {t.max.minutes}")
        lines.append(f"          calendar: {t.calendar}")
        if t.due:
            latest = t.due.latest.isoformat(timespec="minutes")
            lines.append(f'          due: {{latest: "{latest}"}}')
    for lv in res.escalation:
        if lv.contacts:
            lines.append("      escalation:")
            lines.append(f"        - {{level: {lv.level}, contact: {_q(lv.contacts[0].name)}}}")
            break
    return Skeleton(((path, "\n".join(lines) + "\n"),), ("policyc test",))


def refuse_existing(skeleton: Skeleton) -> list[Diagnostic]:
    """PC581 for every file of the skeleton that already exists (nothing is overwritten)."""
    return [
        Diagnostic(
            "PC581",
            "file exists; policyc new never overwrites",
            Span(path.as_posix()),
            hint="choose another NAME or --dir, or delete the file",
        )
        for path, _text in skeleton.files
        if path.exists() or path.is_symlink()
    ]


def write(skeleton: Skeleton) -> list[Diagnostic]:
    """Write every file, or none when any exists."""
    found = refuse_existing(skeleton)
    if found:
        return found
    for path, text in skeleton.files:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as f:
            f.write(text)
    return []
