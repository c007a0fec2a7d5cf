"""Locale-aware text for the help-center pages: messages, plurals, durations, dates, names.

In: the IR and one locale (BCP 47, e.g. `zh-TW`). Out: plain strings. Every rule that
depends on the language lives here, on CLDR data through Babel, so the page models and
templates never format anything themselves. Durations are rendered exactly in the unit the
policy used (`90m` stays "90 minutes"); ranges share one unit pattern ("1–3 hours").
"""

from __future__ import annotations

import re
from datetime import date, time
from functools import cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from babel import Locale

    from policyc.model import ir

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_UTC_ZONES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "Etc/GMT"})
_UNIT_KEYS = {"minute": "duration-minute", "hour": "duration-hour", "day": "duration-day"}


@cache
def babel_locale(tag: str) -> Locale:
    """The Babel locale of a BCP 47 tag (`zh-TW` → `zh_Hant_TW`)."""
    from babel import Locale

    return Locale.parse(tag.replace("-", "_"))


def native_name(tag: str) -> str:
    """A language's name in that language, capitalised as a menu entry ("Français")."""
    name = babel_locale(tag).get_display_name(babel_locale(tag)) or tag
    return name[:1].upper() + name[1:]


def substitute(text: str, values: dict[str, str]) -> str:
    """Replace `{name}` placeholders that have a value; anything else stays literal.

    Not `str.format`: policy text is data, so braces in it (`{{ 7*7 }}`) must survive.
    """
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


class Localizer:
    """Text in one locale for one programme (or for the site only, with `programme=None`)."""

    def __init__(self, policies: ir.Policies, locale: str, programme: ir.Programme | None = None):
        self.policies = policies
        self.locale = locale
        self.programme = programme
        self.babel = babel_locale(locale)

    # -- messages --------------------------------------------------------------------------
    def _render(self, message: ir.Message, count: int | None, values: dict[str, str]) -> str:
        if isinstance(message, dict):
            category = self.babel.plural_form(count if count is not None else 0)
            text = message.get(category) or message["other"]
        else:
            text = message
        return substitute(text, values)

    def text(self, key: str, **values: str) -> str:
        """A programme message (calendars without a programme use the chrome catalog)."""
        if self.programme is None:
            return self.chrome(key, **values)
        return self._render(self.programme.text(key, self.locale), None, values)

    def maybe(self, key: str | None) -> str | None:
        return None if key is None else self.text(key)

    def calendar_text(self, calendar: ir.Calendar, key: str) -> str:
        """A calendar's message: from its programme's catalog, or the chrome for shared ones."""
        if calendar.programme is None or self.programme is None:
            return self.chrome(key)
        return self.text(key)

    def chrome(self, key: str, **values: str) -> str:
        return self._render(self.policies.chrome_text(key, self.locale), None, values)

    def chrome_count(self, key: str, count: int, shown: str | None = None, **values: str) -> str:
        """A plural chrome message; `{count}` shows `shown` (a number range) or the count."""
        message = self.policies.chrome_text(key, self.locale)
        return self._render(message, count, {"count": shown or self.number(count), **values})

    # -- numbers and durations -------------------------------------------------------------
    def number(self, value: int) -> str:
        from babel.numbers import format_decimal

        return format_decimal(value, locale=self.babel)

    def number_range(self, low: int, high: int) -> str:
        return self.chrome("range.numbers", min=self.number(low), max=self.number(high))

    def _unit_pattern(self, unit: ir.Unit, count: int) -> str:
        """CLDR's long unit pattern for `count`, falling back to the short one like CLDR does."""
        patterns = self.babel._data["unit_patterns"][_UNIT_KEYS[unit.value]]
        category = self.babel.plural_form(count)
        for length in ("long", "short"):
            forms = patterns.get(length, {})
            found = forms.get(category) or forms.get("other")
            if found:
                return str(found)
        raise LookupError(f"no CLDR pattern for {unit.value} in {self.locale}")

    def duration(self, d: ir.Duration) -> str:
        """Exactly as written in the policy: amount and unit ("90 minutes", "2 days")."""
        return self._unit_pattern(d.unit, d.amount).replace("{0}", self.number(d.amount))

    def target(self, t: ir.Target) -> str:
        """An exact target ("4 hours") or a range ("1–3 hours", "1-3 ชั่วโมง")."""
        low, high = t.min, t.max
        if low.unit == high.unit and low.amount == high.amount:
            return self.duration(high)
        if low.unit == high.unit:
            pattern = self._unit_pattern(high.unit, high.amount)
            return pattern.replace("{0}", self.number_range(low.amount, high.amount))
        return self.chrome("range.durations", min=self.duration(low), max=self.duration(high))

    def minutes(self, minutes: int) -> str:
        """A number of minutes in the largest unit that divides it exactly."""
        from policyc.model import ir

        if minutes and minutes % 60 == 0:
            return self.duration(
                ir.Duration(minutes=minutes, amount=minutes // 60, unit=ir.Unit.HOUR)
            )
        return self.duration(ir.Duration(minutes=minutes, amount=minutes, unit=ir.Unit.MINUTE))

    # -- dates and times -------------------------------------------------------------------
    def date(self, iso: str) -> str:
        from babel.dates import format_date

        return format_date(date.fromisoformat(iso), "long", locale=self.babel)

    def time_range(self, start: int, end: int) -> str:
        """Minutes from midnight; an end of 24:00 reads as midnight."""
        from babel.dates import format_interval

        skeleton = "hm" if "h" in self.babel.time_formats["short"].pattern else "Hm"
        first = time(start // 60, start % 60)
        last = time((end // 60) % 24, end % 60)
        try:
            return format_interval(first, last, skeleton, locale=self.babel)
        except (NotImplementedError, KeyError, ValueError):
            # Babel cannot format some CLDR interval patterns (e.g. zh-TW day periods "B"):
            # fall back to CLDR's interval fallback pattern around two short times.
            from babel.dates import format_time

            pattern = str(self.babel.interval_formats.get(None, "{0}–{1}"))
            return pattern.replace("{0}", format_time(first, "short", locale=self.babel)).replace(
                "{1}", format_time(last, "short", locale=self.babel)
            )

    def day_name(self, day: int, width: str = "wide") -> str:
        return str(self.babel.days["format"][width][day])

    # -- names -----------------------------------------------------------------------------
    def language(self, tag: str) -> str:
        """A language's name in this locale ("Japanese", "日文")."""
        return babel_locale(tag).get_display_name(self.babel) or tag

    def country(self, code: str) -> str:
        return str(self.babel.territories.get(code, code))

    def timezone(self, zone: str) -> str:
        """The zone's localised generic name with its IANA id ("Japan Time (Asia/Tokyo)")."""
        if zone in _UTC_ZONES:
            return "UTC"
        from babel.dates import get_timezone_name

        name = get_timezone_name(ZoneInfo(zone), width="long", locale=self.babel)
        return self.chrome("hours.time-zone-name", name=name, zone=zone)

    def join(self, items: list[str]) -> str:
        """A list in this locale's words ("A, B and C")."""
        from babel.lists import format_list

        return format_list(items, locale=self.babel) if items else ""
