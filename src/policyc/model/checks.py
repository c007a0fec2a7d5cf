"""Semantic rules over the built IR, one function per concern, each with a stable PC3xx code.

In: the `Builder` (for source positions) and the built `Policies`. Out: diagnostics
appended to the builder's context.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfoNotFoundError

from babel import Locale

from policyc.diagnostics import Severity, did_you_mean, first_few
from policyc.locales import plural_categories
from policyc.model import ir
from policyc.model.bindchecks import check_bindings
from policyc.model.context import CHROME, Builder, Where, at
from policyc.model.glossary import check_glossaries
from policyc.model.names import check_reserved_ids
from policyc.model.punctuation import check_punctuation
from policyc.model.translation import SOURCE_LOCALE, State, allowed, state
from policyc.model.translation_history import Previous
from policyc.zones import zone

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_HTTPS = re.compile(r"https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:[0-9]{1,5})?([/?#][^\s]*)?")
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ"})


@cache
def _countries() -> frozenset[str]:
    codes = (str(c) for c in Locale("en").territories)
    return frozenset(c for c in codes if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES)


@cache
def _zone_ok(name: str) -> bool:
    try:
        zone(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def run_all(b: Builder, policies: ir.Policies) -> None:
    run_before_messages(b, policies)
    check_messages(b, policies)
    run_after_messages(b, policies)


def run_before_messages(b: Builder, policies: ir.Policies) -> None:
    """The rules `run_all` runs before `check_messages`; like those after it, they only
    report (the IR and `publish` need nothing of them: `model.build.build_staged`)."""
    check_reserved_ids(b)
    check_calendars(b, policies)
    for prog in policies.programmes.values():
        check_programme_basics(b, prog)
        check_sla(b, policies, prog)
        check_sla_overlaps(b, prog)
        check_leftovers(b, policies, prog)
        check_regions(b, prog)
        check_escalation(b, prog)
        check_links(b, prog)
        check_bindings(b, policies, prog)


def run_after_messages(b: Builder, policies: ir.Policies) -> None:
    """The rules `run_all` runs after `check_messages`."""
    check_glossaries(b)
    check_punctuation(b)
    check_unused_calendars(b, policies)


def check_calendars(b: Builder, policies: ir.Policies) -> None:
    for cal in policies.calendars.values():
        where = b.calendar_where[cal.id]
        if not _zone_ok(cal.timezone):
            b.ctx.report(
                "PC315",
                f"unknown IANA time zone '{cal.timezone}'",
                Where(where.doc, ("timezone",)),
                _zone_hint(cal.timezone),
            )
        for i, exc in enumerate(cal.exceptions):
            if exc.calendar not in policies.calendars:
                b.ctx.unknown(
                    "calendar",
                    exc.calendar,
                    policies.calendars,
                    at(where.doc, "exceptions", i, "calendar"),
                )
            if not exc.conditions:
                b.ctx.report(
                    "PC332",
                    f"calendar exception '{exc.id}' has no condition: it would apply to "
                    "every ticket",
                    at(where.doc, "exceptions", i, "id"),
                    "give it severities, tiers, case_types, regions, countries, languages, "
                    "products or channels; or measure the targets on the other calendar",
                )
        prog = policies.programmes.get(cal.programme or "")
        if prog is not None:
            _check_exception_refs(b, cal, prog)
        for j, later in enumerate(cal.exceptions):
            for earlier in cal.exceptions[:j]:
                if (
                    earlier.conditions
                    and later.conditions
                    and _overlap(earlier.conditions, later.conditions, prog)
                ):
                    b.ctx.report(
                        "PC331",
                        f"calendar exceptions '{earlier.id}' and '{later.id}' of calendar "
                        f"'{cal.id}' can both match one ticket",
                        at(where.doc, "exceptions", j, "id"),
                        "make their conditions disjoint (e.g. different case_types or "
                        "severities), or merge them",
                    )


def _check_exception_refs(b: Builder, cal: ir.Calendar, prog: ir.Programme) -> None:
    """Exception conditions of a programme's calendar name that programme's ids."""
    known = {
        "severities": ("severity", [s.id for s in prog.severities]),
        "tiers": ("tier", [t.id for t in prog.tiers]),
        "regions": ("region", [r.id for r in prog.regions]),
        "case_types": ("case type", [c.id for c in prog.case_types]),
        "products": ("product", [p.id for p in prog.products]),
        "channels": ("channel", [c.id for c in prog.channels]),
    }
    where = b.calendar_where[cal.id]
    for i, exc in enumerate(cal.exceptions):
        for field, (what, ids) in known.items():
            for j, name in enumerate(getattr(exc, field)):
                if name not in ids:
                    b.ctx.unknown(what, name, ids, at(where.doc, "exceptions", i, field, j))


def _places(cond: dict[str, tuple[str, ...]], prog: ir.Programme | None) -> set[str] | None:
    """The countries a condition allows (None: any), from its `countries` and `regions`."""
    found: set[str] | None = None
    if "countries" in cond:
        found = set(cond["countries"])
    if "regions" in cond and prog is not None:
        inside = {c for r in prog.regions if r.id in cond["regions"] for c in r.countries}
        found = inside if found is None else found & inside
    return found


def _overlap(
    a: dict[str, tuple[str, ...]], b: dict[str, tuple[str, ...]], prog: ir.Programme | None
) -> bool:
    """Whether one ticket can match both sets of conditions."""
    for field in set(a) & set(b):
        if field in ("countries", "regions"):
            continue
        if field == "languages":
            if not any(x.lower() == y.lower() for x in a[field] for y in b[field]):
                return False
        elif not set(a[field]) & set(b[field]):
            return False
    pa, pb = _places(a, prog), _places(b, prog)
    return pa is None or pb is None or bool(pa & pb)


def check_sla_overlaps(b: Builder, prog: ir.Programme) -> None:
    """PC330: two conditional policies of equal precedence that can match one ticket and set
    the same cell, so neither the order nor the data says which one applies."""
    policies = [p for p in prog.sla_policies if not p.is_default]
    for j, later in enumerate(policies):
        for earlier in policies[:j]:
            rank = (earlier.priority, len(earlier.conditions))
            if rank != (later.priority, len(later.conditions)):
                continue
            if not _overlap(earlier.conditions, later.conditions, prog):
                continue
            shared = {(c.tier, c.severity, c.metric) for c in earlier.cells} & {
                (c.tier, c.severity, c.metric) for c in later.cells
            }
            if not shared:
                continue
            tier, sev, metric = sorted(shared)[0]
            where = b.sla_where[(prog.id, later.id)]
            b.ctx.report(
                "PC330",
                f"SLA policies '{earlier.id}' and '{later.id}' can both match one ticket and "
                f"both set {tier} × {sev} × {metric}"
                + (f" (and {len(shared) - 1} more cell(s))" if len(shared) > 1 else ""),
                Where(where.doc, ("applies_to",)),
                "give the one that should win a higher `priority:`, or make the conditions "
                "disjoint",
            )


# "GMT+1", "UTC-6", and as pages typeset it, "UTC−6" (U+2212 minus) or "UTC–6" (en dash)
_FIXED_OFFSET = re.compile(r"^(?:GMT|UTC) ?([+\-\u2212\u2013])(\d{1,2})(?::?00)?$", re.IGNORECASE)


def _zone_hint(name: str) -> str:
    """For a fixed offset as pages write it ("GMT+1"), the tz name meaning it (`Etc/GMT-1`:
    POSIX signs are inverted) or, better, a place."""
    found = _FIXED_OFFSET.match(name)
    if found is None:
        return "use a name from the tz database, e.g. 'Europe/Rome'"
    sign, hours = found.groups()
    inverted = "-" if sign == "+" else "+"
    return (
        f"'{name}' is written 'Etc/GMT{inverted}{int(hours)}' in the tz database (POSIX "
        "signs are inverted); prefer the place's zone (e.g. 'Europe/Paris' for Central "
        "European time), which follows daylight saving time"
    )


def check_programme_basics(b: Builder, prog: ir.Programme) -> None:
    doc = b.programme_docs[prog.id]
    if prog.locales[0] != "en":
        b.ctx.report(
            "PC321",
            f"the first locale must be the source locale 'en', not '{prog.locales[0]}'",
            at(doc, "locales", 0),
            "list `en` first",
        )
    for field in ("locales", "support_languages"):
        for i, loc in enumerate(doc.value.get(field, [])):
            if plural_categories(loc) is None:
                b.ctx.report(
                    "PC317",
                    f"unknown locale '{loc}'",
                    at(doc, field, i),
                    "use a BCP 47 tag CLDR knows",
                )
    if prog.valid_to is not None and prog.valid_from and prog.valid_to < prog.valid_from:
        b.ctx.report(
            "PC324",
            f"valid_to {prog.valid_to} is before valid_from {prog.valid_from}",
            at(doc, "valid_to"),
        )


def _urls(
    value: object, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every `url:` string in a document value, with its path."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "url" and isinstance(item, str):
                yield (*path, key), item
            else:
                yield from _urls(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _urls(item, (*path, i))


def _any_bad_url(value: object) -> bool:
    """Whether some `url:` string of a document value is not a link customers can open (a
    quick scan, as a loop over a stack; `_urls` finds the paths only when one is)."""
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            url = item.get("url")
            if isinstance(url, str) and not _HTTPS.fullmatch(url):
                return True
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return False


def check_links(b: Builder, prog: ir.Programme) -> None:
    """PC329: every link customers can open is an absolute `https://` URL with a host."""
    docs = [b.programme_docs[prog.id]]
    docs += [
        d for kind in sorted(b.by_programme.get(prog.id, {})) for d in b.by_programme[prog.id][kind]
    ]
    for doc in docs:
        if not _any_bad_url(doc.value):
            continue
        for path, url in _urls(doc.value, ()):
            if not _HTTPS.fullmatch(url):
                scheme = url.split(":", 1)[0].lower() if ":" in url else ""
                what = f"a '{scheme}:' URL" if scheme and scheme != "https" else "not an https URL"
                b.ctx.report(
                    "PC329",
                    f"link '{url}' is {what}",
                    at(doc, *path),
                    "links customers open must be absolute https URLs, e.g. "
                    "'https://example.com/support'",
                )


def _cell_minutes(cell: ir.SlaCell) -> int:
    return cell.target.max.minutes if isinstance(cell.target, ir.Target) else 0


def check_sla(b: Builder, policies: ir.Policies, prog: ir.Programme) -> None:
    doc = b.programme_docs[prog.id]
    default = prog.default_sla
    if default is None:
        b.ctx.report(
            "PC318",
            f"programme '{prog.id}' has no default SLA policy (one without `applies_to`)",
            at(doc, "id"),
            "add an SlaPolicy document for this programme without `applies_to`",
        )
    targeted = [m for m in prog.metrics if m.targeted]
    for policy in prog.sla_policies:
        where = b.sla_where[(prog.id, policy.id)]
        closed: dict[str, list[str]] = defaultdict(list)
        for cell in policy.cells:
            if cell.target is None:
                continue
            cal = policies.calendars.get(cell.target.calendar)
            if cal is None:
                continue
            exc = cal.exception_for(cell.tier, cell.severity)
            effective = policies.calendars.get(exc.calendar, cal) if exc else cal
            if effective.weekly_open_minutes == 0:
                closed[effective.id].append(f"{cell.tier} × {cell.severity} × {cell.metric}")
        for cal_id, cells in sorted(closed.items()):
            b.ctx.report(
                "PC313",
                f"{len(cells)} target(s) of policy '{policy.id}' are measured on calendar "
                f"'{cal_id}', which is never open: " + first_few(cells, 4),
                Where(where.doc, ("calendar",)),
                "give the calendar open hours or measure the targets on another calendar",
            )
        if policy is default:
            missing = [
                f"{t.id} × {s.id} × {m.id}"
                for t in prog.tiers
                for s in prog.severities
                for m in targeted
                if policy.cell(t.id, s.id, m.id) is None
            ]
            if missing:
                b.ctx.report(
                    "PC318",
                    f"default SLA policy '{policy.id}' defines no target for {len(missing)} "
                    f"combination(s): " + first_few(missing, 6),
                    Where(where.doc, ("targets",)),
                    "add target rules; where the source promises no time write `within: "
                    "not-offered`, `best-effort` or `not-stated` for those cells",
                    key=True,
                )
        # a higher tier should not promise slower than a lower tier of the same audience
        for sev in prog.severities:
            for metric in prog.metrics:
                previous: dict[str | None, ir.SlaCell] = {}
                for tier in prog.tiers:
                    found = policy.cell(tier.id, sev.id, metric.id)
                    if found is None or not isinstance(found.target, ir.Target):
                        continue  # no target, or next business day (not in minutes)
                    cell = found
                    lower = previous.get(tier.audience)
                    if lower is not None and _cell_minutes(cell) > _cell_minutes(lower):
                        b.ctx.report(
                            "PC314",
                            f"tier '{tier.id}' promises {metric.id} for {sev.id} within "
                            f"{_cell_minutes(cell)} min, slower than lower tier "
                            f"'{lower.tier}' ({_cell_minutes(lower)} min)",
                            Where(where.doc, ("targets",)),
                            "check the tier order (lowest first) or the targets",
                            key=True,
                            severity=Severity.WARNING,
                        )
                    previous[tier.audience] = cell


def check_regions(b: Builder, prog: ir.Programme) -> None:
    doc = b.regions_doc.get(prog.id)
    if doc is None:
        return
    owner: dict[str, str] = {}
    for i, raw in enumerate(doc.value["regions"]):
        for j, country in enumerate(raw["countries"]):
            if country not in _countries():
                b.ctx.report(
                    "PC316",
                    f"unknown ISO 3166-1 country code '{country}'",
                    at(doc, "regions", i, "countries", j),
                    did_you_mean(country, sorted(_countries())),
                )
            elif country in owner and owner[country] != raw["id"]:
                b.ctx.report(
                    "PC309",
                    f"country {country} is in region '{owner[country]}' and region '{raw['id']}'",
                    at(doc, "regions", i, "countries", j),
                    "a country belongs to exactly one region",
                )
            owner.setdefault(country, raw["id"])
        if raw.get("timezone") and not _zone_ok(raw["timezone"]):
            b.ctx.report(
                "PC315",
                f"unknown IANA time zone '{raw['timezone']}'",
                at(doc, "regions", i, "timezone"),
            )
        for j, sub in enumerate(raw.get("subdivisions", [])):
            if sub["country"] not in raw["countries"]:
                b.ctx.report(
                    "PC316",
                    f"sub-territory '{sub['id']}' is in {sub['country']}, which is not in region '{raw['id']}'",
                    at(doc, "regions", i, "subdivisions", j, "country"),
                )
    rule_of: dict[str, str] = {}
    for rule in prog.large_accounts:
        where = b.large_where[(prog.id, rule.id)]
        for k, country in enumerate(rule.countries):
            if country not in _countries():
                b.ctx.report(
                    "PC316",
                    f"unknown ISO 3166-1 country code '{country}'",
                    Where(where.doc, (*where.path, "countries", k)),
                )
        for country in rule.applies_to:
            if country in rule_of:
                b.ctx.report(
                    "PC320",
                    f"country {country} falls under large-account rules '{rule_of[country]}' and '{rule.id}'",
                    where,
                    "each country may have one large-account threshold",
                )
            rule_of.setdefault(country, rule.id)


def check_escalation(b: Builder, prog: ir.Programme) -> None:
    esc = prog.escalation
    if esc is None:
        return
    regions = {r.id: r for r in prog.regions}
    chained = {c.region for c in esc.chains}
    rdoc = b.regions_doc.get(prog.id)
    if rdoc is not None:
        for i, raw in enumerate(rdoc.value["regions"]):
            if raw["id"] not in chained:
                b.ctx.report(
                    "PC326",
                    f"region '{raw['id']}' has no escalation chain",
                    at(rdoc, "regions", i, "id"),
                    severity=Severity.WARNING,
                )
    seen_chain: set[str] = set()
    for chain in esc.chains:
        where = b.chain_where[(prog.id, chain.region)]
        if chain.region in seen_chain:
            b.ctx.report("PC302", f"two escalation chains for region '{chain.region}'", where)
        seen_chain.add(chain.region)
        numbers = [lv.level for lv in chain.levels]
        if numbers != list(range(1, len(numbers) + 1)):
            b.ctx.report(
                "PC311",
                f"escalation levels of region '{chain.region}' are {numbers}; they must run 1, 2, 3, … in order",
                Where(where.doc, (*where.path, "levels")),
                "number the levels contiguously from 1",
                key=True,
            )
        region = regions.get(chain.region)
        if region is None:
            continue
        for j, level in enumerate(chain.levels):
            _check_level(b, region, level, Where(where.doc, (*where.path, "levels", j)))


def _check_level(
    b: Builder,
    region: ir.Region,
    level: ir.EscalationLevel,
    where: Where,
) -> None:
    """PC310: a level's scoped contacts lie in the region and cover each country once
    (`where`: the level)."""
    subs = {s.id: s for s in region.subdivisions}
    lpath = where.path
    groups: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = defaultdict(list)
    for k, sc in enumerate(level.contacts):
        for m, country in enumerate(sc.countries):
            if country not in region.countries:
                b.ctx.report(
                    "PC310",
                    f"level {level.level} scopes contact '{sc.contact}' to {country}, which is "
                    f"not in region '{region.id}'",
                    Where(where.doc, (*lpath, "contacts", k, "countries", m)),
                )
        if sc.scoped:
            groups[(sc.countries, sc.subdivisions)].append(sc.contact)
    if not groups:
        return
    for country in region.countries:
        matching = [
            scope
            for scope in groups
            if country in scope[0]
            or (not scope[0] and any(subs[s].country == country for s in scope[1] if s in subs))
        ]
        if len(matching) > 1 and all(scope[1] for scope in matching):
            codes = [c for scope in matching for s in scope[1] if s in subs for c in subs[s].codes]
            if len(codes) == len(set(codes)):
                continue  # split by sub-territory, disjoint
        if len(matching) != 1:
            what = "no contact" if not matching else f"{len(matching)} different contacts"
            b.ctx.report(
                "PC310",
                f"at level {level.level} of region '{region.id}', {country} resolves to {what}",
                Where(where.doc, (*lpath, "level")),
                "scoped contacts of a level must cover each country of the region exactly once",
            )


def _placeholders(msg: ir.Message) -> frozenset[str]:
    if isinstance(msg, str):
        return frozenset(_PLACEHOLDER.findall(msg)) if "{" in msg else _NONE
    return frozenset(p for t in msg.values() if "{" in t for p in _PLACEHOLDER.findall(t))


_NONE: frozenset[str] = frozenset()


def check_messages(b: Builder, policies: ir.Policies) -> None:
    catalogs = b.catalogs
    used: dict[str, dict[str, Where]] = defaultdict(dict)
    for domain, key, where in b.ctx.keys:
        used[domain].setdefault(key, where)
    locales_of: dict[str, tuple[str, ...]] = {p.id: p.locales for p in policies.programmes.values()}
    others = {loc for p in policies.programmes.values() for loc in p.locales} - {"en"}
    locales_of[CHROME] = ("en", *sorted(others))
    catalogs_of: dict[str, list[tuple[str, Where]]] = defaultdict(list)
    for (dom, loc), where in sorted(b.catalog_where.items()):
        catalogs_of[dom].append((loc, where))
    for domain, locales in sorted(locales_of.items()):
        source = catalogs.get(domain, {}).get("en")
        prog_doc = b.programme_docs.get(domain)
        if source is None:
            if used.get(domain) or domain != CHROME:
                first = prog_doc and at(prog_doc, "locales")
                where = first or next(iter(used[domain].values()))
                label = "page chrome" if domain == CHROME else f"programme '{domain}'"
                b.ctx.report(
                    "PC305",
                    f"no 'en' catalog for {label}",
                    where,
                    "add a Catalog document with locale: en",
                )
            continue
        for key, where in sorted(used.get(domain, {}).items()):
            if key not in source:
                b.ctx.report(
                    "PC303",
                    f"unknown message key '{key}'",
                    where,
                    did_you_mean(key, source)
                    or "add it to the 'en' catalog (and every other locale)",
                )
        for i, loc in enumerate(locales):
            catalog = catalogs.get(domain, {}).get(loc)
            if catalog is None:
                where = at(prog_doc, "locales", i) if prog_doc else b.catalog_where[(domain, "en")]
                b.ctx.report(
                    "PC305",
                    f"no '{loc}' catalog for "
                    + ("page chrome" if domain == CHROME else f"programme '{domain}'"),
                    where,
                    f"add a Catalog document with locale: {loc}",
                )
                continue
            _check_catalog(b, domain, loc, source, catalog)
        for loc, where in catalogs_of.get(domain, ()):
            if loc not in locales:
                b.ctx.report(
                    "PC322",
                    f"catalog for locale '{loc}', which "
                    + (
                        "no programme declares"
                        if domain == CHROME
                        else "the programme does not declare"
                    ),
                    where,
                    f"add '{loc}' to the programme's locales, or remove the catalog",
                    severity=Severity.WARNING,
                )
    for (_domain, loc), where in sorted(b.catalog_where.items()):
        if plural_categories(loc) is None:
            b.ctx.report("PC317", f"unknown locale '{loc}'", where, "use a BCP 47 tag CLDR knows")


def _check_catalog(
    b: Builder, domain: str, loc: str, source: dict[str, ir.Message], catalog: dict[str, ir.Message]
) -> None:
    catalog_where = b.catalog_where[(domain, loc)]
    missing = [k for k in source if k not in catalog]
    if missing:
        b.ctx.report(
            "PC304",
            f"catalog '{loc}' lacks {len(missing)} message(s) of 'en': " + first_few(missing, 5),
            catalog_where,
            "translate the missing messages",
        )
    needed = plural_categories(loc) or frozenset({"other"})
    _check_translation_state(b, domain, loc, source, catalog)
    for key, msg in catalog.items():
        if key not in source:
            b.ctx.report(
                "PC306",
                f"obsolete message '{key}' (not in the 'en' catalog)",
                b.message_where(domain, loc, key),
                did_you_mean(key, source) or "remove it, or add it to 'en'",
                key=True,
                severity=Severity.WARNING,
            )
            continue
        if msg != source[key] and _placeholders(msg) != _placeholders(source[key]):
            want = ", ".join(sorted(f"{{{p}}}" for p in _placeholders(source[key]))) or "none"
            got = ", ".join(sorted(f"{{{p}}}" for p in _placeholders(msg))) or "none"
            b.ctx.report(
                "PC307",
                f"placeholders of '{key}' differ from 'en': expected {want}, found {got}",
                b.message_where(domain, loc, key),
                "keep the same {placeholders} as the source message",
            )
        if isinstance(source[key], dict) or isinstance(msg, dict):
            forms = set(msg) if isinstance(msg, dict) else set()
            lacking = sorted(needed - forms)
            if lacking:
                b.ctx.report(
                    "PC308",
                    f"'{key}' lacks the CLDR plural form(s) {', '.join(lacking)} that '{loc}' needs",
                    b.message_where(domain, loc, key),
                    f"'{loc}' uses the categories {', '.join(sorted(needed))}",
                )


def _short(msg: ir.Message) -> str:
    text = msg if isinstance(msg, str) else msg.get("other", "")
    return repr(text if len(text) <= 60 else text[:57] + "…")


def _check_translation_state(
    b: Builder, domain: str, loc: str, source: dict[str, ir.Message], catalog: dict[str, ir.Message]
) -> None:
    """PC341 stale and PC342 untranslated messages of a catalog the i18n tools track (one
    with `translated_from`); allow-lists: `same_in_every_language` of `en` or the catalog."""
    recorded = b.translated_from.get((domain, loc))
    if recorded is None or loc == SOURCE_LOCALE:
        return
    lists = (
        b.same_everywhere.get((domain, SOURCE_LOCALE), frozenset()),
        b.same_everywhere.get((domain, loc), frozenset()),
    )
    histories: dict[str, Previous] = {}
    for key, msg in catalog.items():
        if key not in source:
            continue
        found = state(source[key], msg, recorded.get(key), allowed(key, *lists))
        if found is State.STALE:
            b.stale[(domain, loc)].append(key)
            # the earlier English, from the git history of the `en` file (read once)
            en_file = b.message_doc[(domain, SOURCE_LOCALE, key)].file
            history = histories.setdefault(en_file, Previous(Path(en_file)))
            old = history.find(key, recorded[key])
            was = _short(old) if old is not None else f"fingerprint {recorded[key]}"
            b.ctx.report(
                "PC341",
                f"'{key}' in '{loc}' is stale: it was translated from the English {was}, "
                f"which is now {_short(source[key])}",
                b.message_where(domain, loc, key),
                "update the translation (`policyc i18n export` marks it fuzzy with the new "
                "English), then `policyc i18n import` records the new fingerprint",
                severity=Severity.WARNING,
            )
        elif found is State.UNTRANSLATED:
            b.untranslated[(domain, loc)].append(key)
            b.ctx.report(
                "PC342",
                f"'{key}' in '{loc}' is untranslated: it is the English text {_short(msg)}",
                b.message_where(domain, loc, key),
                "translate it, or list the key under `same_in_every_language` (in the 'en' "
                "catalog for every locale) if it is a brand name, address or code",
                severity=Severity.WARNING,
            )


def check_unused_calendars(b: Builder, policies: ir.Policies) -> None:
    """PC333: a calendar no SLA policy, target, channel or exception of a programme uses
    appears in no artifact, so its hours would silently vanish."""
    if not policies.programmes:  # calendars alone (a shared file checked on its own)
        return
    used = {cid for prog in policies.programmes.values() for cid in prog.calendars}
    for cal in policies.calendars.values():
        if cal.id in used:
            continue
        whose = f"programme '{cal.programme}'" if cal.programme else "any programme"
        b.ctx.report(
            "PC333",
            f"calendar '{cal.id}' is not used by {whose}: no SLA policy, target, channel, "
            "region or calendar exception refers to it",
            b.calendar_where[cal.id],
            "refer to it (e.g. `region_calendars:` for business hours in the customer's "
            "region) or delete it",
            severity=Severity.WARNING,
        )


def check_leftovers(b: Builder, policies: ir.Policies, prog: ir.Programme) -> None:
    """PC334: a case type no rule mentions; PC335: a key date before `valid_from`."""
    doc = b.programme_docs[prog.id]
    mentioned = {c for p in prog.sla_policies for c in p.case_types}
    mentioned |= {
        c
        for cid in prog.calendars
        for e in policies.calendars[cid].exceptions
        for c in e.case_types
    }
    for i, case in enumerate(prog.case_types):
        if case.id not in mentioned:
            b.ctx.report(
                "PC334",
                f"case type '{case.id}' is not mentioned by any SLA policy or calendar "
                "exception: it changes no answer",
                at(doc, "case_types", i, "id"),
                "name it in an `applies_to: {case_types: [...]}` or an exception's "
                "`case_types`, or delete it",
                severity=Severity.WARNING,
            )
    _check_closed_to_new(b, prog)
    valid_from = getattr(prog, "valid_from", None)
    if not valid_from:
        return
    for i, key_date in enumerate(prog.dates):
        if key_date.date < valid_from:
            b.ctx.report(
                "PC335",
                f"key date '{key_date.id}' ({key_date.date}) is before valid_from {valid_from}",
                at(doc, "dates", i, "date"),
                "check both dates: the programme's pages show the key date as part of a "
                "programme that was not yet valid",
                severity=Severity.WARNING,
            )


def _check_closed_to_new(b: Builder, prog: ir.Programme) -> None:
    """PC350: the day new customers are no longer accepted lies outside the validity."""
    closed = prog.closed_to_new_from
    if closed is None:
        return
    where = at(b.programme_docs[prog.id], "closed_to_new_from")
    if prog.valid_from and closed <= prog.valid_from:
        b.ctx.report(
            "PC350",
            f"closed_to_new_from {closed} is not after valid_from {prog.valid_from}: the "
            "programme would never take a customer",
            where,
            "check both dates against the source",
            severity=Severity.WARNING,
        )
    elif prog.valid_to and closed > prog.valid_to:
        b.ctx.report(
            "PC350",
            f"closed_to_new_from {closed} is after valid_to {prog.valid_to}: the programme "
            "has ended by then",
            where,
            "check both dates against the source, or leave closed_to_new_from out",
            severity=Severity.WARNING,
        )
