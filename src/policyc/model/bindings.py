"""Text bound to data: services cells and `{within_…}` placeholders that state SLA targets.

A customer reads a response time in the targets table, in the services matrix and in
prose (a tier's description, a note). It is stated once, as an SLA cell; the other places
refer to that cell, and the emitters render it in each locale.

In: a programme of the IR. Out: the SLA cells a reference names, or why it names none.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from policyc.locales import babel_locale
from policyc.model import ir

WITHIN = "within_"  # placeholders `{within_<…>}` render an SLA target ("within 1 hour")
SEATS = "min_seats_"  # placeholders `{min_seats_<rule>}` render a rule's seat threshold


def _slug(name: str) -> str:
    return name.replace("-", "_")


def promise_of(cell: ir.SlaCell) -> tuple[object, ...]:
    """What a cell promises, as a reader sees it (the calendar is shown elsewhere)."""
    t = cell.target
    if isinstance(t, ir.NextBusinessDay):
        return (cell.promise, t.at)
    return (cell.promise, None if t is None else (t.min, t.max))


def resolve(
    prog: ir.Programme, policy: str | None, tier: str, severity: str | None, metric: str
) -> ir.SlaRef | str:
    """The cells named by a reference, or the reason (missing, ambiguous) it names none."""
    if policy is None:
        found = prog.default_sla
        if found is None:
            return "the programme has no default SLA policy"
    else:
        found = next((p for p in prog.sla_policies if p.id == policy), None)
        if found is None:
            return f"there is no SLA policy '{policy}'"
    sevs = [severity] if severity is not None else [s.id for s in prog.severities]
    cells = [c for s in sevs if (c := found.cell(tier, s, metric)) is not None]
    if not cells:
        where = f"{tier} × {severity} × {metric}" if severity else f"{tier} × {metric}"
        return f"SLA policy '{found.id}' has no cell for {where}"
    if len({promise_of(c) for c in cells}) > 1:
        return (
            f"the severities of {tier} × {metric} in SLA policy '{found.id}' have different "
            "targets: name the severity"
        )
    return ir.SlaRef(
        policy=found.id, tier=tier, metric=metric, severities=tuple(c.severity for c in cells)
    )


def referenced(prog: ir.Programme, ref: ir.SlaRef) -> ir.SlaCell:
    """The (first) cell a resolved reference names: all its cells promise the same."""
    policy = next(p for p in prog.sla_policies if p.id == ref.policy)
    cell = policy.cell(ref.tier, ref.severities[0], ref.metric)
    assert cell is not None  # resolved references name existing cells
    return cell


def _names(prog: ir.Programme) -> Iterator[tuple[str, ir.SlaPolicy, str | None, str | None, str]]:
    """Every placeholder name with what it names: policy, tier, severity, metric."""
    default = prog.default_sla
    for policy in prog.sla_policies:
        metrics = dict.fromkeys(c.metric for c in policy.cells)
        tiers = dict.fromkeys(c.tier for c in policy.cells)
        sevs = dict.fromkeys(c.severity for c in policy.cells)
        for m in metrics:
            yield f"{_slug(policy.id)}_{_slug(m)}", policy, None, None, m
            for t in tiers:
                yield f"{_slug(policy.id)}_{_slug(m)}_{_slug(t)}", policy, t, None, m
                if policy is default:
                    yield f"{_slug(m)}_{_slug(t)}", policy, t, None, m
                for s in sevs:
                    yield f"{_slug(policy.id)}_{_slug(m)}_{_slug(t)}_{_slug(s)}", policy, t, s, m
                    if policy is default:
                        yield f"{_slug(m)}_{_slug(t)}_{_slug(s)}", policy, t, s, m


def placeholders(prog: ir.Programme) -> dict[str, ir.SlaRef | str]:
    """`{within_<name>}` placeholders by name (without `within_`): the cells each names,
    or why it names none. Names are, with ids' hyphens as underscores:
    `<metric>_<tier>[_<severity>]` on the default policy, and
    `<policy>_<metric>[_<tier>[_<severity>]]` on any policy."""
    out: dict[str, ir.SlaRef | str] = {}
    for name, policy, tier, sev, metric in _names(prog):
        if name in out:
            continue
        if tier is None:
            cells = [c for c in policy.cells if c.metric == metric]
            if len({promise_of(c) for c in cells}) > 1:
                out[name] = (
                    f"the cells of {metric} in SLA policy '{policy.id}' have different targets: "
                    "name the tier (and severity)"
                )
            else:
                first = cells[0]
                out[name] = ir.SlaRef(
                    policy=policy.id,
                    tier=first.tier,
                    metric=metric,
                    severities=(first.severity,),
                )
            continue
        out[name] = resolve(prog, policy.id, tier, sev, metric)
    return out


def seat_placeholders(prog: ir.Programme) -> dict[str, int]:
    """`{min_seats_<rule>}` placeholders (eligibility and purchase rules with `min_seats`)."""
    rules = (*prog.eligibility, *prog.purchase)
    return {SEATS + _slug(r.id): r.min_seats for r in rules if r.min_seats is not None}


@cache  # a pure function of its arguments; the free-text check asks ~60,000 times at 10k files
def _number(locale: str, value: int) -> str:
    from babel.numbers import format_decimal  # start-up: Babel

    return str(format_decimal(value, locale=babel_locale(locale)))


@cache  # as `_number`
def _plural(locale: str, count: int) -> str:
    return str(babel_locale(locale).plural_form(count))


def _form(message: ir.Message, locale: str, count: int) -> str:
    if isinstance(message, str):
        return message
    return message.get(_plural(locale, count)) or ir.plain(message)


def within_phrase(
    policies: ir.Policies, locale: str, target: ir.Target | ir.NextBusinessDay
) -> str | None:
    """ "within 1 hour", "dans l’heure", "1 小時內": the chrome `within.<unit>` message of the
    target's unit in its CLDR plural form, or None for a range across units (the caller
    writes `within.range` around its own rendering) or without page chrome. The next
    business day is its own phrase ("By the end of the next business day")."""
    if isinstance(target, ir.NextBusinessDay):
        key = f"targets.next-business-day.{target.at}"
        return (
            str(policies.chrome_text(key, locale)) if key in policies.chrome.get("en", {}) else None
        )
    low, high = target.min, target.max
    if low.unit != high.unit or f"within.{high.unit}" not in policies.chrome.get("en", {}):
        return None  # a range across units, or a policy tree without page chrome
    count = _number(locale, high.amount)
    if low.amount != high.amount:
        shown = policies.chrome_text("range.numbers", locale)
        count = str(shown).replace("{min}", _number(locale, low.amount))
        count = count.replace("{max}", _number(locale, high.amount))
    form = _form(policies.chrome_text(f"within.{high.unit}", locale), locale, high.amount)
    return form.replace("{count}", count)


def capitalised(text: str) -> str:
    """A phrase as a table cell starts it ("Within 1 hour", "Dans l’heure")."""
    return text[:1].upper() + text[1:]
