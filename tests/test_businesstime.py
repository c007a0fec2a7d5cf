"""Business-time arithmetic: properties (hypothesis) and the edge cases named in the docs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyc.model.ir import Calendar, CalendarException, Holiday, Interval
from policyc.resolve import businesstime as bt

MIN = timedelta(minutes=1)
TICK = timedelta(microseconds=1)
DST_ZONES = ("Europe/Rome", "America/New_York")
ZONES = (*DST_ZONES, "Australia/Lord_Howe", "Asia/Kolkata", "Asia/Tokyo", "Etc/UTC")
# Zones whose clocks jump at midnight, for the around-the-clock property.
MIDNIGHT_ZONES = ("America/Havana", "America/Santiago", "America/Asuncion")


def calendar(
    zone: str,
    intervals: list[tuple[int, int, int]],
    holidays: tuple[str, ...] = (),
    business_day: int = 1440,
) -> Calendar:
    return Calendar(
        id="test",
        name="calendar.test",
        programme=None,
        timezone=zone,
        intervals=tuple(Interval(day=d, start=s, end=e) for d, s, e in intervals),
        holidays=tuple(Holiday(date=h, name="holiday") for h in holidays),
        business_day_minutes=business_day,
    )


def always(zone: str) -> Calendar:
    return calendar(zone, [(d, 0, 1440) for d in range(7)])


def office(
    zone: str, start: int = 540, end: int = 1020, holidays: tuple[str, ...] = ()
) -> Calendar:
    return calendar(zone, [(d, start, end) for d in range(5)], holidays, business_day=end - start)


def at(zone: str, *parts: int, fold: int = 0) -> datetime:
    """A local time as a UTC instant (UTC, so that == and - compare instants: PEP 495)."""
    local = datetime(*parts, tzinfo=ZoneInfo(zone), fold=fold)  # type: ignore[misc]
    return local.astimezone(UTC)


# -- strategies ----------------------------------------------------------------------------

# Interval boundaries every 30 minutes, avoiding 01:00–02:59 local: there the clocks of the
# DST zones above jump or repeat, where the calendar follows its documented rule (first
# opening, last closing) rather than "the local reading is inside the interval", which the
# minute-by-minute oracle below counts. Those boundaries have their own tests further down.
_BOUNDARIES = (0, 30, *range(180, 1441, 30))


@st.composite
def calendars(draw: st.DrawFn, zones: tuple[str, ...] = ZONES) -> Calendar:
    zone = draw(st.sampled_from(zones))
    intervals: list[tuple[int, int, int]] = []
    for day in range(7):
        points = sorted(draw(st.sets(st.sampled_from(_BOUNDARIES), max_size=4)))
        points = points[: len(points) // 2 * 2]
        intervals += [(day, points[i], points[i + 1]) for i in range(0, len(points), 2)]
    if not intervals:
        intervals = [(draw(st.integers(0, 6)), 540, 1020)]
    days = draw(st.sets(st.integers(0, 700), max_size=6))
    holidays = tuple(sorted((date(2026, 1, 1) + timedelta(days=d)).isoformat() for d in days))
    return calendar(zone, intervals, holidays)


instants = st.builds(
    lambda minutes, seconds: datetime(2026, 1, 1, tzinfo=UTC) + minutes * MIN + seconds,
    st.integers(0, 700 * 1440),
    st.sampled_from([timedelta(0), timedelta(seconds=17), timedelta(seconds=59)]),
)
durations = st.integers(0, 4000)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def oracle_open(cal: Calendar, instant: datetime) -> bool:
    """Open when the local reading lies in an interval of that local date (independent of
    the span walk)."""
    local = instant.astimezone(ZoneInfo(cal.timezone))
    if local.date().isoformat() in {h.date for h in cal.holidays}:
        return False
    minute = local.hour * 60 + local.minute
    return any(i.day == local.weekday() and i.start <= minute < i.end for i in cal.intervals)


# -- properties ----------------------------------------------------------------------------


@SETTINGS
@given(calendars(), instants, durations)
def test_due_is_never_before_opening(cal: Calendar, start: datetime, minutes: int) -> None:
    assert bt.add_business_minutes(cal, start, minutes) >= start


@SETTINGS
@given(calendars(), instants, durations, durations)
def test_adding_a_then_b_is_adding_a_plus_b(cal: Calendar, start: datetime, a: int, b: int) -> None:
    step = bt.add_business_minutes(cal, start, a)
    assert bt.add_business_minutes(cal, step, b) == bt.add_business_minutes(cal, start, a + b)


@SETTINGS
@given(st.sampled_from(ZONES + MIDNIGHT_ZONES), instants, st.integers(0, 20000))
def test_around_the_clock_business_time_is_wall_time(
    zone: str, start: datetime, minutes: int
) -> None:
    due = bt.add_business_minutes(always(zone), start, minutes)
    assert due - start == minutes * MIN


@SETTINGS
@given(calendars(), instants, st.integers(1, 4000))
def test_due_falls_in_open_hours(cal: Calendar, start: datetime, minutes: int) -> None:
    due = bt.add_business_minutes(cal, start, minutes)
    # the last business minute ends at `due`: the instant just before it is open
    assert bt.is_open(cal, due - TICK)
    assert oracle_open(cal, due - TICK)


@SETTINGS
@given(calendars(), instants)
def test_zero_minutes_is_the_opening_instant(cal: Calendar, start: datetime) -> None:
    assert bt.add_business_minutes(cal, start, 0) == start


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    calendars(DST_ZONES),
    st.sampled_from(
        # the days before the 2026 and 2027 transitions of Rome and New York
        [
            datetime(2026, 3, 6, 22, tzinfo=UTC),
            datetime(2026, 3, 27, 20, tzinfo=UTC),
            datetime(2026, 10, 23, 20, tzinfo=UTC),
            datetime(2026, 10, 30, 20, tzinfo=UTC),
            datetime(2027, 3, 12, 20, tzinfo=UTC),
            datetime(2027, 10, 29, 20, tzinfo=UTC),
        ]
    ),
    st.integers(0, 180),
    st.integers(1, 3000),
)
def test_dst_neither_loses_nor_gains_business_time(
    cal: Calendar, base: datetime, shift: int, minutes: int
) -> None:
    """Count the open minutes between opening and due one by one, reading the local clock:
    exactly `minutes`, however the clocks moved in between."""
    start = base + shift * MIN
    due = bt.add_business_minutes(cal, start, minutes)
    counted = 0
    t = start
    while t < due:
        counted += oracle_open(cal, t)
        t += MIN
    assert counted == minutes
    assert bt.business_time_between(cal, start, due) == minutes * MIN


@SETTINGS
@given(calendars(), instants)
def test_is_open_and_next_open_agree_with_the_local_clock(cal: Calendar, start: datetime) -> None:
    moment = start.replace(second=0)
    assert bt.is_open(cal, moment) == oracle_open(cal, moment)
    nxt = bt.next_open(cal, moment)
    assert nxt >= moment and oracle_open(cal, nxt)
    if nxt > moment:
        assert not oracle_open(cal, nxt - MIN)


# -- the documented edge cases -------------------------------------------------------------


def test_opened_outside_hours_starts_at_the_next_opening() -> None:
    cal = office("Asia/Tokyo")
    saturday = at("Asia/Tokyo", 2026, 3, 28, 10)
    assert bt.next_open(cal, saturday) == at("Asia/Tokyo", 2026, 3, 30, 9)
    assert bt.add_business_minutes(cal, saturday, 60) == at("Asia/Tokyo", 2026, 3, 30, 10)


def test_due_at_closing_time_is_that_closing_instant() -> None:
    cal = office("Asia/Tokyo")
    due = bt.add_business_minutes(cal, at("Asia/Tokyo", 2026, 3, 27, 16), 60)
    assert due == at("Asia/Tokyo", 2026, 3, 27, 17)
    assert not bt.is_open(cal, due) and bt.is_open(cal, due - TICK)


def test_holiday_closes_the_whole_day() -> None:
    cal = office("Europe/Rome", holidays=("2026-12-25",))
    due = bt.add_business_minutes(cal, at("Europe/Rome", 2026, 12, 24, 16), 120)
    assert due == at("Europe/Rome", 2026, 12, 28, 10)


def test_night_shift_crossing_midnight_and_a_holiday_after_midnight() -> None:
    # 22:00–06:00 Mon–Fri nights, split by the model into 22:00–24:00 and 00:00–06:00
    spans = [(d, 1320, 1440) for d in range(5)] + [(d, 0, 360) for d in range(1, 6)]
    cal = calendar("America/New_York", spans)
    start = at("America/New_York", 2026, 3, 2, 23)  # Monday 23:00
    assert bt.add_business_minutes(cal, start, 120) == at("America/New_York", 2026, 3, 3, 1)
    closed = calendar("America/New_York", spans, holidays=("2026-03-03",))
    # Tuesday is a holiday: its 00:00–06:00 and 22:00–24:00 are closed
    assert bt.add_business_minutes(closed, start, 120) == at("America/New_York", 2026, 3, 4, 1)


def test_spring_forward_day_is_23_hours_and_fall_back_day_25() -> None:
    cal = always("Europe/Rome")
    day = bt.day_spans(cal, date(2026, 3, 29))
    assert [c - o for o, c in day] == [timedelta(hours=23)]
    day = bt.day_spans(cal, date(2026, 10, 25))
    assert [c - o for o, c in day] == [timedelta(hours=25)]


def test_office_hours_are_eight_real_hours_across_the_dst_weekend() -> None:
    cal = office("America/New_York")
    friday = at("America/New_York", 2026, 3, 6, 10)
    # a week of business days later is the same local time, one real hour less
    due = bt.add_business_days(cal, friday, 5)
    assert due == at("America/New_York", 2026, 3, 13, 10)
    assert due - friday == timedelta(days=7, hours=-1)


def test_opening_in_the_skipped_hour_opens_at_the_jump() -> None:
    cal = calendar("Europe/Rome", [(6, 150, 600)])  # Sundays 02:30–10:00
    ((opens, closes),) = bt.day_spans(cal, date(2026, 3, 29))
    assert opens == at("Europe/Rome", 2026, 3, 29, 3)  # 02:30 does not exist: 03:00
    assert closes - opens == timedelta(hours=7)


def test_closing_in_the_skipped_hour_closes_at_the_jump() -> None:
    cal = calendar("America/New_York", [(6, 0, 150)])  # Sundays 00:00–02:30
    ((opens, closes),) = bt.day_spans(cal, date(2026, 3, 8))
    assert closes == at("America/New_York", 2026, 3, 8, 3)
    assert closes - opens == timedelta(hours=2)


def test_repeated_hour_opens_at_first_and_closes_at_second_occurrence() -> None:
    cal = calendar("America/New_York", [(6, 90, 600)])
    ((opens, _),) = bt.day_spans(cal, date(2026, 11, 1))
    assert opens == at("America/New_York", 2026, 11, 1, 1, 30, fold=0)  # EDT
    cal = calendar("America/New_York", [(6, 0, 90)])
    ((opens, closes),) = bt.day_spans(cal, date(2026, 11, 1))
    assert closes == at("America/New_York", 2026, 11, 1, 1, 30, fold=1)  # EST
    assert closes - opens == timedelta(hours=2, minutes=30)


def test_lord_howe_half_hour_shift() -> None:
    cal = always("Australia/Lord_Howe")
    # 2026-10-04: clocks go from 02:00 to 02:30
    assert [c - o for o, c in bt.day_spans(cal, date(2026, 10, 4))] == [
        timedelta(hours=23, minutes=30)
    ]
    assert bt.wall_to_instant(datetime(2026, 10, 4, 2, 10), "Australia/Lord_Howe") == at(
        "Australia/Lord_Howe", 2026, 10, 4, 2, 30
    )


def test_business_days_use_the_calendars_business_day() -> None:
    cal = office("Asia/Kolkata")  # 9–17, a business day is 8 hours
    start = at("Asia/Kolkata", 2026, 3, 2, 9)
    assert bt.add_business_days(cal, start, 2) == at("Asia/Kolkata", 2026, 3, 3, 17)
    twenty_four_five = calendar("Asia/Kolkata", [(d, 0, 1440) for d in range(5)])
    friday = at("Asia/Kolkata", 2026, 3, 6, 12)
    assert bt.add_business_days(twenty_four_five, friday, 1) == at("Asia/Kolkata", 2026, 3, 9, 12)


def test_result_keeps_the_zone_of_the_start() -> None:
    plus_one = timezone(timedelta(hours=1))
    due = bt.add_business_minutes(always("Etc/UTC"), datetime(2026, 1, 1, tzinfo=plus_one), 60)
    assert due.utcoffset() == timedelta(hours=1)


def test_exception_calendar_for_critical_cases() -> None:
    base = Calendar(
        id="weekdays",
        name="x",
        programme=None,
        timezone="Asia/Kolkata",
        intervals=tuple(Interval(day=d, start=0, end=1440) for d in range(5)),
        exceptions=(
            CalendarException(
                id="critical-cases", severities=("sev-1",), calendar="always", text="x"
            ),
        ),
    )
    cals = {"weekdays": base, "always": always("Etc/UTC").model_copy(update={"id": "always"})}
    used, exc = bt.effective_calendar(cals, "weekdays", "gold", "sev-1")
    assert (used.id, exc) == ("always", "critical-cases")
    used, exc = bt.effective_calendar(cals, "weekdays", "gold", "sev-2")
    assert (used.id, exc) == ("weekdays", None)
    per_ticket = base.model_copy(
        update={
            "exceptions": (
                CalendarException(id="logins", case_types=("login",), calendar="always", text="x"),
            )
        }
    )  # depends on the ticket: never applied to a whole cell
    cals["weekdays"] = per_ticket
    used, exc = bt.effective_calendar(cals, "weekdays", "gold", "sev-1")
    assert (used.id, exc) == ("weekdays", None)


@pytest.mark.parametrize(
    "call",
    [
        lambda: bt.add_business_minutes(always("Etc/UTC"), datetime(2026, 1, 1), 5),
        lambda: bt.add_business_minutes(always("Etc/UTC"), datetime(2026, 1, 1, tzinfo=UTC), -1),
        lambda: bt.is_open(calendar("Etc/UTC", []), datetime(2026, 1, 1, tzinfo=UTC)),
    ],
    ids=["naive", "negative", "never-open"],
)
def test_bad_arguments_are_value_errors(call: object) -> None:
    with pytest.raises(ValueError):
        call()  # type: ignore[operator]
