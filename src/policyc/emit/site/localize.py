"""Locale-aware text for the help-center pages: messages, plurals, durations, dates, names.

In: the IR and one locale (BCP 47, e.g. `zh-TW`). Out: plain strings. Every rule that
depends on the language lives here, on CLDR data through Babel, so the page models and
templates never format anything themselves. Durations are rendered exactly in the unit the
policy used (`90m` stays "90 minutes"); ranges share one unit pattern ("1–3 hours").
"""

from __future__ import annotations

import re
from datetime import date, time
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from babel.dates import format_date, format_interval, format_time, get_timezone_name
from babel.lists import format_list
from babel.numbers import format_decimal

from policyc.emit.memo import per_build
from policyc.locales import babel_locale
from policyc.model.bindings import (
    WITHIN,
    placeholders,
    referenced,
    seat_placeholders,
    within_phrase,
)
from policyc.model.ir import NextBusinessDay
from policyc.zones import zone as tz_zone

if TYPE_CHECKING:
    from policyc.model import ir

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_ETC_OFFSET = re.compile(r"^Etc/GMT([+-])(\d{1,2})$")
_UTC_ZONES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "Etc/GMT"})
_UNIT_KEYS = {"minute": "duration-minute", "hour": "duration-hour", "day": "duration-day"}


@cache
def native_name(tag: str) -> str:
    """A language's usual name in that language, capitalised as a menu entry ("Français").

    Where CLDR names the language with its script ("繁體中文" for zh-Hant, which zh-TW
    implies), that name, as readers know it, not "中文 (繁體, 台灣)"; otherwise CLDR's display
    name, with the region only when the tag names one ("Português (Brasil)").
    """
    loc = babel_locale(tag)
    scripted = loc.languages.get(f"{loc.language}_{loc.script}") if loc.script else None
    name = scripted or loc.get_display_name(loc) or tag
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=1 << 14)
def _pieces(text: str) -> tuple[str, ...]:
    """`text` split at its placeholders: literal, name, literal, …, name, literal."""
    return tuple(_PLACEHOLDER.split(text))


def substitute(text: str, values: dict[str, str]) -> str:
    """Replace `{name}` placeholders that have a value; anything else stays literal.

    Not `str.format`: policy text is data, so braces in it (`{{ 7*7 }}`) must survive.
    """
    if not values or "{" not in text:
        return text  # nothing could change
    pieces = _pieces(text)
    out = [pieces[0]]
    for i in range(1, len(pieces), 2):
        name = pieces[i]
        out.append(values.get(name, "{" + name + "}"))
        out.append(pieces[i + 1])
    return "".join(out)


# -- locale data, cached per locale tag: each is a pure function of its arguments ---------------


@cache
def _plural(tag: str, count: int) -> str:
    return str(babel_locale(tag).plural_form(count))


@cache
def _number(tag: str, value: int) -> str:
    return str(format_decimal(value, locale=babel_locale(tag)))


@cache
def _unit_pattern(tag: str, unit: str, count: int) -> str:
    """CLDR's long unit pattern for `count`, falling back to the short one like CLDR does."""
    patterns = babel_locale(tag)._data["unit_patterns"][_UNIT_KEYS[unit]]
    category = _plural(tag, count)
    for length in ("long", "short"):
        forms = patterns.get(length, {})
        found = forms.get(category) or forms.get("other")
        if found:
            return str(found)
    raise LookupError(f"no CLDR pattern for {unit} in {tag}")


@cache
def _duration(tag: str, unit: str, amount: int) -> str:
    return _unit_pattern(tag, unit, amount).replace("{0}", _number(tag, amount))


@cache
def _date(tag: str, iso: str) -> str:
    return str(format_date(date.fromisoformat(iso), "long", locale=babel_locale(tag)))


@cache
def _time_range(tag: str, start: int, end: int) -> str:
    babel = babel_locale(tag)
    skeleton = "hm" if "h" in babel.time_formats["short"].pattern else "Hm"
    first = time(start // 60, start % 60)
    last = time((end // 60) % 24, end % 60)
    try:
        return str(format_interval(first, last, skeleton, locale=babel))
    except (NotImplementedError, KeyError, ValueError):
        # Babel cannot format some CLDR interval patterns (e.g. zh-TW day periods "B"):
        # fall back to CLDR's interval fallback pattern around two short times.

        pattern = str(babel.interval_formats.get(None, "{0}–{1}"))
        return pattern.replace("{0}", format_time(first, "short", locale=babel)).replace(
            "{1}", format_time(last, "short", locale=babel)
        )


@cache
def _day_name(tag: str, day: int, width: str) -> str:
    return str(babel_locale(tag).days["format"][width][day])


@cache
def _language(tag: str, language: str) -> str:
    return str(babel_locale(language).get_display_name(babel_locale(tag)) or language)


@cache
def _country(tag: str, code: str) -> str:
    return str(babel_locale(tag).territories.get(code, code))


@cache
def _zone_name(tag: str, zone: str) -> str:
    return str(get_timezone_name(tz_zone(zone), width="long", locale=babel_locale(tag)))


@lru_cache(maxsize=1 << 14)
def _join(tag: str, items: tuple[str, ...]) -> str:
    return str(format_list(list(items), locale=babel_locale(tag))) if items else ""


def _shared(policies: ir.Policies, locale: str, kind: str) -> dict[object, str]:
    """Chrome messages without values, and what is built from them (targets, zone names):
    they do not depend on the programme, so the pages of one build share them."""
    found: dict[object, str] = per_build(policies).setdefault((_shared, locale, kind), {})
    return found


class Localizer:
    """Text in one locale for one programme (or for the site only, with `programme=None`)."""

    def __init__(self, policies: ir.Policies, locale: str, programme: ir.Programme | None = None):
        self.policies = policies
        self.locale = locale
        self.programme = programme
        self.babel = babel_locale(locale)
        self._chrome = _shared(policies, locale, "chrome")
        self._targets = _shared(policies, locale, "target")
        self._zones = _shared(policies, locale, "timezone")
        # the programme's own catalog in this locale: most messages are found there at once
        self._messages = programme.at_hand(locale) if programme is not None else {}
        self._dates: dict[str, str] | None = None
        self._within: dict[str, str] | None = None

    def dates(self) -> dict[str, str]:
        """The programme's key dates as placeholder values (`team-tickets-cutoff` →
        `{team_tickets_cutoff}`), formatted by CLDR like every date on the page: messages
        never write a date by hand."""
        if self._dates is None:
            found = self.programme.dates if self.programme is not None else ()
            self._dates = {d.id.replace("-", "_"): self.date(d.date) for d in found}
        return self._dates

    def withins(self) -> dict[str, str]:
        """`{within_<…>}` placeholder values: each SLA target a message names, rendered
        like the services matrix does ("within 1 hour", "dans l’heure")."""
        if self._within is None:
            prog = self.programme
            found = placeholders(prog) if prog is not None else {}
            self._within = {
                WITHIN + name: self.promise(referenced(prog, ref))
                for name, ref in found.items()
                if prog is not None and not isinstance(ref, str)
            }
        return self._within

    def seats(self) -> dict[str, str]:
        """`{min_seats_<rule>}` placeholder values: a rule's seat threshold, by CLDR."""
        prog = self.programme
        found = seat_placeholders(prog) if prog is not None else {}
        return {name: self.number(n) for name, n in found.items()}

    def within(self, target: ir.Target | ir.NextBusinessDay) -> str:
        """A response time as a phrase: "within 1 hour", "dans l’heure", "1 小時內"."""
        found = within_phrase(self.policies, self.locale, target)
        return (
            found
            if found is not None
            else self.chrome("within.range", duration=self.target(target))
        )

    def promise(self, cell: ir.SlaCell) -> str:
        """What an SLA cell promises as a phrase: its target, or the kind of no target."""
        if cell.target is not None:
            return self.within(cell.target)
        not_stated = cell.promise.value == "not-stated"
        return self.chrome("label.not-stated" if not_stated else f"targets.{cell.promise.value}")

    # -- messages --------------------------------------------------------------------------
    def _render(self, message: ir.Message, count: int | None, values: dict[str, str]) -> str:
        if isinstance(message, dict):
            category = _plural(self.locale, count if count is not None else 0)
            text = message.get(category) or message["other"]
        else:
            text = message
        return substitute(text, values)

    def text(self, key: str, **values: str) -> str:
        """A programme message (calendars without a programme use the chrome catalog)."""
        if self.programme is None:
            return self.chrome(key, **values)
        message = self._messages.get(key)
        if message is None:  # not translated: the programme falls back to its source
            message = self.programme.text(key, self.locale)
        if isinstance(message, str) and "{" not in message:
            return message  # nothing to substitute
        data = self.dates()
        texts = (message,) if isinstance(message, str) else tuple(message.values())
        if any("{within_" in t for t in texts):
            data = {**data, **self.withins()}
        if any("{min_seats_" in t for t in texts):
            data = {**data, **self.seats()}
        return self._render(message, None, {**data, **values})

    def count(self, key: str, count: int) -> str:
        """A programme message in the plural form of `count`, `{count}` showing it."""
        message = self._messages.get(key) if self.programme is not None else None
        if message is None and self.programme is not None:
            message = self.programme.text(key, self.locale)
        if message is None:
            message = self.policies.chrome_text(key, self.locale)
        return self._render(message, count, {**self.dates(), "count": self.number(count)})

    def maybe(self, key: str | None) -> str | None:
        return None if key is None else self.text(key)

    def calendar_text(self, calendar: ir.Calendar, key: str) -> str:
        """A calendar's message: from its programme's catalog, or the chrome for shared ones."""
        if calendar.programme is None or self.programme is None:
            return self.chrome(key)
        return self.text(key)

    def chrome(self, key: str, **values: str) -> str:
        if values:
            return self._render(self.policies.chrome_text(key, self.locale), None, values)
        found = self._chrome.get(key)
        if found is None:
            found = self._chrome[key] = self._render(
                self.policies.chrome_text(key, self.locale), None, values
            )
        return found

    def chrome_count(self, key: str, count: int, shown: str | None = None, **values: str) -> str:
        """A plural chrome message; `{count}` shows `shown` (a number range) or the count."""
        message = self.policies.chrome_text(key, self.locale)
        return self._render(message, count, {"count": shown or self.number(count), **values})

    # -- numbers and durations -------------------------------------------------------------
    def number(self, value: int) -> str:
        return _number(self.locale, value)

    def number_range(self, low: int, high: int) -> str:
        return self.chrome("range.numbers", min=self.number(low), max=self.number(high))

    def _unit_pattern(self, unit: ir.Unit, count: int) -> str:
        """CLDR's long unit pattern for `count`, falling back to the short one like CLDR does."""
        return _unit_pattern(self.locale, unit, count)

    def duration(self, d: ir.Duration) -> str:
        """Exactly as written in the policy: amount and unit ("90 minutes", "2 days")."""
        return _duration(self.locale, d.unit, d.amount)

    def target(self, t: ir.Target | ir.NextBusinessDay) -> str:
        """An exact target ("4 hours"), a range ("1–3 hours", "1-3 ชั่วโมง"), or the next
        business day, saying whether its start or its end ("By the end of the next
        business day")."""
        if isinstance(t, NextBusinessDay):
            return self.chrome(f"targets.next-business-day.{t.at}")
        low, high = t.min, t.max
        key = (low.unit, low.amount, high.unit, high.amount)
        found = self._targets.get(key)
        if found is None:
            found = self._targets[key] = self._target(low, high)
        return found

    def _target(self, low: ir.Duration, high: ir.Duration) -> str:
        if low.unit == high.unit and low.amount == high.amount:
            return self.duration(high)
        if low.unit == high.unit:
            pattern = self._unit_pattern(high.unit, high.amount)
            return pattern.replace("{0}", self.number_range(low.amount, high.amount))
        return self.chrome("range.durations", min=self.duration(low), max=self.duration(high))

    def minutes(self, minutes: int) -> str:
        """A number of minutes in the largest unit that divides it exactly."""
        if minutes and minutes % 60 == 0:
            return _duration(self.locale, "hour", minutes // 60)
        return _duration(self.locale, "minute", minutes)

    # -- dates and times -------------------------------------------------------------------
    def date(self, iso: str) -> str:
        return _date(self.locale, iso)

    def time_range(self, start: int, end: int) -> str:
        """Minutes from midnight; an end of 24:00 reads as midnight."""
        return _time_range(self.locale, start, end)

    def day_name(self, day: int, width: str = "wide") -> str:
        return _day_name(self.locale, day, width)

    # -- names -----------------------------------------------------------------------------
    def language(self, tag: str) -> str:
        """A language's name in this locale ("Japanese", "日文")."""
        return _language(self.locale, tag)

    def country(self, code: str) -> str:
        """A country's name: the programme's `country.<code>` message (a source's own spelling)
        if its catalogs have one, else CLDR's."""
        key = f"country.{code.lower()}"
        if self.programme is not None and key in self.programme.catalogs.get("en", {}):
            return self.text(key)
        return _country(self.locale, code)

    def timezone(self, zone: str) -> str:
        """The zone's localised generic name with its IANA id ("Japan Time (Asia/Tokyo)")."""
        if zone in _UTC_ZONES:
            return "UTC"
        found = self._zones.get(zone)
        if found is None:
            # a chrome `zone.<id>` message (`zone.asia-kolkata`) replaces a CLDR name that
            # reads unlike its neighbours (fr "heure : Inde" beside "heure du Japon")
            key = "zone." + zone.lower().replace("/", "-").replace("_", "-")
            fixed = _ETC_OFFSET.match(zone)
            if key in self.policies.chrome.get("en", {}):
                name = self.chrome(key)
            elif fixed is not None:  # Etc/GMT-1 is UTC+1: POSIX signs are inverted
                sign = "+" if fixed.group(1) == "-" else "-"
                name = f"UTC{sign}{int(fixed.group(2))}"
            else:
                name = _zone_name(self.locale, zone)
            found = self._zones[zone] = self.chrome("hours.time-zone-name", name=name, zone=zone)
        return found

    def join(self, items: list[str]) -> str:
        """A list in this locale's words ("A, B and C")."""
        return _join(self.locale, tuple(items)) if items else ""


def data_values(policies: ir.Policies, programme: ir.Programme, locale: str) -> dict[str, str]:
    """The placeholders of the programme's messages that name data (`{within_…}` SLA
    targets, `{min_seats_…}` rules, key dates), rendered in `locale` as the pages render
    them: for the Python package's `text()` and the routing tables' `message_values`
    (made once per build for a programme of `policies`: both ask; never changed by them)."""
    if policies.programmes.get(programme.id) is not programme:
        return _data_values(policies, programme, locale)
    made: dict[tuple[str, str], dict[str, str]] = per_build(policies).setdefault(data_values, {})
    found = made.get((programme.id, locale))
    if found is None:
        found = made[programme.id, locale] = _data_values(policies, programme, locale)
    return found


def _data_values(policies: ir.Policies, programme: ir.Programme, locale: str) -> dict[str, str]:
    from policyc.model.bindings import SEATS, WITHIN

    used = {
        name
        for message in programme.catalogs.get("en", {}).values()
        for form in ((message,) if isinstance(message, str) else tuple(message.values()))
        for name in (_PLACEHOLDER.findall(form) if "{" in form else ())
    }
    dates = {d.id.replace("-", "_") for d in programme.dates}
    loc = Localizer(policies, locale, programme)
    values = dict(loc.dates())
    if any(n.startswith(WITHIN) for n in used) and policies.chrome.get("en"):
        values.update(loc.withins())
    if any(n.startswith(SEATS) for n in used):
        values.update(loc.seats())
    return {
        n: v
        for n, v in sorted(values.items())
        if n in used and (n in dates or n.startswith((WITHIN, SEATS)))
    }
