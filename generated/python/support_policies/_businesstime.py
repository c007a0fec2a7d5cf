"""Business time: when a target falls due on a calendar, whether a calendar is open.

The same rules as `policyc route` (docs/routing-format.md, "Business time"): a calendar is
open between the opening and closing of each weekly interval on each local date that is
not a holiday, and business minutes are real elapsed minutes while it is open.

- a wall time skipped by a DST jump happens at the jump (`02:30` opens at `03:00`);
- a wall time that happens twice opens at its first and closes at its second occurrence,
  so a `00:00-24:00` day on which the clocks go back is open 25 hours;
- a holiday closes the whole local date; a ticket opened while closed starts its clock at
  the next opening.

Time zones come from `zoneinfo` (the system's zone data, or the `tzdata` package).
"""

import datetime
from collections.abc import Iterator
from typing import Final
from zoneinfo import ZoneInfo

from ._types import Calendar

MINUTE: Final = datetime.timedelta(minutes=1)
_DAY: Final = datetime.timedelta(days=1)
_UTC: Final = datetime.UTC

Span = tuple[datetime.datetime, datetime.datetime]


def _aware(instant: datetime.datetime) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(
            f"naive datetime {instant.isoformat()}: give an aware datetime (with tzinfo)"
        )


def wall_to_instant(
    naive: datetime.datetime, zone: ZoneInfo, *, last: bool = False
) -> datetime.datetime:
    """The UTC instant at which the clocks of `zone` read `naive`.

    A reading that happens twice gives the first occurrence, or the second when `last`;
    a reading that never happens (skipped hour) gives the instant of the jump.
    """
    early = naive.replace(tzinfo=zone, fold=0).astimezone(_UTC)
    late = naive.replace(tzinfo=zone, fold=1).astimezone(_UTC)
    if early <= late:
        return late if last else early
    # skipped: find the jump, to the minute, between the two readings
    low_instant = late
    after = early.astimezone(zone).utcoffset()
    low, high = 1, (early - late) // MINUTE
    while low < high:
        mid = (low + high) // 2
        if (low_instant + mid * MINUTE).astimezone(zone).utcoffset() == after:
            high = mid
        else:
            low = mid + 1
    return low_instant + low * MINUTE


class _Hours:
    """A calendar's weekly hours by weekday and its holidays, looked up once per walk."""

    __slots__ = ("holidays", "weekly", "zone")

    def __init__(self, calendar: Calendar) -> None:
        if calendar.weekly_open_minutes <= 0:
            raise ValueError(f"calendar {calendar.id!r} is never open")
        self.zone = ZoneInfo(calendar.timezone)
        self.weekly = tuple(
            tuple(sorted((i.start, i.end) for i in calendar.intervals if i.day == day))
            for day in range(7)
        )
        self.holidays = frozenset(h.date for h in calendar.holidays)

    def day_spans(self, day: datetime.date) -> list[Span]:
        """The open spans (UTC) of one local date, in order."""
        if day in self.holidays:
            return []
        midnight = datetime.datetime(day.year, day.month, day.day)
        spans: list[Span] = []
        for start, end in self.weekly[day.weekday()]:
            opens = wall_to_instant(midnight + start * MINUTE, self.zone)
            closes = wall_to_instant(midnight + end * MINUTE, self.zone, last=True)
            if closes > opens:
                spans.append((opens, closes))
        return spans


def spans_from(calendar: Calendar, instant: datetime.datetime) -> Iterator[Span]:
    """The open spans from `instant` on, in order, never overlapping; the first is clipped.

    Infinite: stop consuming when done. Raises ValueError for a naive `instant` or a
    calendar that is never open.
    """
    _aware(instant)
    hours = _Hours(calendar)
    cursor = instant.astimezone(_UTC)
    day = cursor.astimezone(hours.zone).date() - _DAY
    while True:
        for opens, closes in hours.day_spans(day):
            opens = max(opens, cursor)
            if closes > opens:
                yield opens, closes
                cursor = closes
        day += _DAY


def is_open(calendar: Calendar, instant: datetime.datetime) -> bool:
    """Whether the calendar is open at `instant` (an opening instant is open, a closing not)."""
    opens, _closes = next(spans_from(calendar, instant))
    return opens == instant.astimezone(_UTC)


def next_open(calendar: Calendar, instant: datetime.datetime) -> datetime.datetime:
    """`instant` if the calendar is open then, else its next opening (in `instant`'s zone)."""
    opens, _closes = next(spans_from(calendar, instant))
    return opens.astimezone(instant.tzinfo)


def add_business_minutes(
    calendar: Calendar, start: datetime.datetime, minutes: int
) -> datetime.datetime:
    """The instant at which `minutes` of open time have passed since `start` (in its zone).

    Zero minutes is `start` itself; otherwise the clock starts at `start` or at the next
    opening. The result may be a closing instant (the last business minute ends there).
    """
    if minutes < 0:
        raise ValueError(f"negative business time: {minutes} minutes")
    _aware(start)
    if minutes == 0:
        return start
    remaining = minutes * MINUTE
    for opens, closes in spans_from(calendar, start):
        if closes - opens >= remaining:
            return (opens + remaining).astimezone(start.tzinfo)
        remaining -= closes - opens
    raise AssertionError("unreachable: spans_from is infinite")


def next_business_day(calendar: Calendar, start: datetime.datetime, at: str) -> datetime.datetime:
    """When a "next business day" target falls due: the first opening (`at="start"`) or the
    last closing (`at="end"`) of the next business day (in `start`'s zone).

    The clock starts at `start` or at the next opening (as for any target); the next
    business day is the first local date of the calendar after the date the clock starts
    on that has open hours (holidays and closed weekdays are skipped).
    """
    if at not in ("start", "end"):
        raise ValueError(f"next business day at {at!r}: give 'start' or 'end'")
    hours = _Hours(calendar)
    clock, _closes = next(spans_from(calendar, start))
    day = clock.astimezone(hours.zone).date() + _DAY
    while not (spans := hours.day_spans(day)):
        day += _DAY  # never endless: the calendar opens on some weekday
    instant = spans[0][0] if at == "start" else spans[-1][1]
    return instant.astimezone(start.tzinfo)
