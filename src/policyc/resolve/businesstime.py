"""Business-time arithmetic over IR calendars: when is a target due, is a calendar open.

In: an `ir.Calendar` (IANA zone, weekly open intervals in local minutes, holiday dates,
the length of a business day) and aware datetimes. Out: aware datetimes.

A calendar is open during the instants between the opening and the closing of each weekly
interval on each local date that is not a holiday. Wall-clock times are turned into real
instants day by day, so business time is real elapsed time while open:

- an opening or closing time that does not exist (skipped by a DST jump) happens at the
  jump: an interval `02:30–10:00` on the spring-forward day opens at `03:00`;
- an opening time that exists twice (a repeated hour) opens at its first occurrence, a
  closing time that exists twice closes at its second: a `00:00–24:00` day on which the
  clocks go back is open 25 real hours, one on which they go forward 23;
- a holiday closes the whole local date, including the after-midnight part of a night
  shift (intervals that cross midnight are split per day by the model);
- a ticket opened while closed starts its clock at the next opening;
- on a calendar open around the clock business time equals wall time.

Stdlib and `zoneinfo` only (the `tzdata` package provides the zones where the OS has none).
`examples/node/route.mjs` implements the same algorithm; keep the two in step.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from functools import cache

from policyc.model.ir import Calendar
from policyc.zones import zone as _zone

MINUTE = timedelta(minutes=1)
_DAY = timedelta(days=1)


@cache
def _weekly(calendar: Calendar) -> tuple[tuple[tuple[int, int], ...], ...]:
    """The open intervals of each weekday (0 = Monday), sorted by start."""
    return tuple(
        tuple(sorted((i.start, i.end) for i in calendar.intervals if i.day == day))
        for day in range(7)
    )


@cache
def _holidays(calendar: Calendar) -> frozenset[str]:
    return frozenset(h.date for h in calendar.holidays)


def _aware(instant: datetime) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"naive datetime {instant.isoformat()}: give a time zone or offset")


def wall_to_instant(naive: datetime, zone: str, *, last: bool = False) -> datetime:
    """The UTC instant at which the clocks of `zone` read `naive`.

    A reading that happens twice (a repeated hour) gives the first occurrence, or the
    second when `last`; a reading that never happens (skipped hour) gives the instant of
    the jump, the first instant whose reading is later.
    """
    tz = _zone(zone)
    early = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    late = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    if early <= late:  # a normal reading (equal) or a repeated one
        return late if last else early
    # Skipped: fold=0 applied the offset before the jump and landed after it, fold=1 the
    # offset after the jump and landed before it. Find the jump, to the minute.
    lo, hi = late, early
    after = hi.astimezone(tz).utcoffset()
    low, high = 1, (hi - lo) // MINUTE
    while low < high:
        mid = (low + high) // 2
        if (lo + mid * MINUTE).astimezone(tz).utcoffset() == after:
            high = mid
        else:
            low = mid + 1
    return lo + low * MINUTE


def day_spans(calendar: Calendar, day: date) -> list[tuple[datetime, datetime]]:
    """The open spans (UTC instants) of one local date of the calendar, in order."""
    if day.isoformat() in _holidays(calendar):
        return []
    midnight = datetime(day.year, day.month, day.day)
    spans = []
    for start, end in _weekly(calendar)[day.weekday()]:
        opens = wall_to_instant(midnight + start * MINUTE, calendar.timezone)
        closes = wall_to_instant(midnight + end * MINUTE, calendar.timezone, last=True)
        if closes > opens:
            spans.append((opens, closes))
    return spans


def spans_from(calendar: Calendar, instant: datetime) -> Iterator[tuple[datetime, datetime]]:
    """The open spans from `instant` on, in order, never overlapping; the first is clipped.

    Infinite for any calendar with open hours: stop consuming when done.
    """
    _aware(instant)
    if calendar.weekly_open_minutes <= 0:
        raise ValueError(f"calendar '{calendar.id}' is never open")
    now = instant.astimezone(UTC)
    day = now.astimezone(_zone(calendar.timezone)).date() - _DAY
    cursor = now
    while True:
        for opens, closes in day_spans(calendar, day):
            opens = max(opens, cursor)
            if closes > opens:
                yield opens, closes
                cursor = closes
        day += _DAY


def is_open(calendar: Calendar, instant: datetime) -> bool:
    """Whether the calendar is open at `instant` (an opening instant is open, a closing not)."""
    opens, _closes = next(spans_from(calendar, instant))
    return opens == instant.astimezone(UTC)  # in UTC: PEP 495 makes == false for ambiguous


def next_open(calendar: Calendar, instant: datetime) -> datetime:
    """`instant` if the calendar is open then, else its next opening (in `instant`'s zone)."""
    opens, _closes = next(spans_from(calendar, instant))
    return opens.astimezone(instant.tzinfo)


def add_business_minutes(calendar: Calendar, start: datetime, minutes: int) -> datetime:
    """The instant at which `minutes` of open time have passed since `start`.

    Zero minutes is `start` itself; otherwise the clock starts at `start` or at the next
    opening. The result is in `start`'s zone; it may be a closing instant (the last
    business minute ends there).
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
    raise AssertionError("unreachable: spans_from is infinite")  # pragma: no cover


def add_business_days(calendar: Calendar, start: datetime, days: int) -> datetime:
    """`days` business days after `start`: a day is `business_day_minutes` of the calendar."""
    return add_business_minutes(calendar, start, days * calendar.business_day_minutes)


def next_business_day(calendar: Calendar, start: datetime, at: str) -> datetime:
    """When a "next business day" target falls due: the first opening (`at="start"`) or the
    last closing (`at="end"`) of the next business day.

    The clock starts at `start` or at the next opening (as for any target); the next
    business day is the first local date of the calendar after the date the clock starts
    on that has open hours (holidays and closed weekdays are skipped). The result is in
    `start`'s zone.
    """
    if at not in ("start", "end"):
        raise ValueError(f"next business day at {at!r}: give 'start' or 'end'")
    clock = next_open(calendar, start).astimezone(UTC)
    day = clock.astimezone(_zone(calendar.timezone)).date() + _DAY
    while not (spans := day_spans(calendar, day)):
        day += _DAY  # never endless: next_open proved the calendar opens some weekday
    instant = spans[0][0] if at == "start" else spans[-1][1]
    return instant.astimezone(start.tzinfo)


def business_time_between(calendar: Calendar, start: datetime, end: datetime) -> timedelta:
    """The open time between two instants (zero when `end` is not after `start`)."""
    total = timedelta(0)
    _aware(start)
    _aware(end)
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if end <= start:
        return total
    for opens, closes in spans_from(calendar, start):
        if opens >= end:
            break
        total += min(closes, end) - opens
    return total


def effective_calendar(
    calendars: Mapping[str, Calendar], calendar_id: str, tier: str, severity: str
) -> tuple[Calendar, str | None]:
    """The calendar a tier × severity target on `calendar_id` is measured on, and the id of
    the calendar exception that chose it (one without per-ticket conditions)."""
    calendar = calendars[calendar_id]
    exception = calendar.exception_for(tier, severity)
    if exception is None:
        return calendar, None
    return calendars[exception.calendar], exception.id
