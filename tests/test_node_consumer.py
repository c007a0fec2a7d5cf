"""The Node consumer (`examples/node/route.mjs`) agrees with `policyc route --format json`.

It reads only the emitted routing JSON and implements the documented lookups and the
business-time walk in JavaScript (time zones through Intl); skipped when `node` is absent.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from policyc import pipeline
from policyc.emit.routing import RoutingEmitter
from policyc.model.ir import Calendar, Holiday, Interval
from policyc.resolve import businesstime as bt

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "examples" / "node" / "route.mjs"
TREES = {
    "seeds": ROOT / "policies",
    "vendor": ROOT / "tests" / "cases" / "vendor" / "policies",
    "promises": ROOT / "tests" / "cases" / "promises" / "policies",
    "nbd": ROOT / "tests" / "cases" / "next-business-day" / "policies",
}
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

ZOHO = {"programme": "zoho-partner-support"}
DROPBOX = {"programme": "dropbox-premium-support"}
NORTHWIND = {"programme": "northwind-support"}
LARKSPUR = {"programme": "larkspur-support"}
FERNHILL = {"programme": "fernhill-support"}

CASES: list[tuple[str, dict[str, str]]] = [
    # the issue's cases
    ("seeds", {**ZOHO, "tier": "premium", "severity": "sev-1", "country": "MC", "seats": "80",
               "opened": "2026-03-27T17:30:00+01:00", "case-type": "downtime"}),
    # Saturday in Monaco: business days, unless a critical case type
    ("seeds", {**ZOHO, "tier": "premium", "severity": "sev-1", "country": "MC",
               "opened": "2026-03-28T10:00:00+01:00"}),
    ("seeds", {**ZOHO, "tier": "advanced", "severity": "sev-3", "country": "MC",
               "opened": "2026-03-28T10:00:00+01:00", "case-type": "login"}),
    ("seeds", {**DROPBOX, "tier": "essentials", "severity": "standard",
               "opened": "2026-03-28T10:00:00-04:00"}),
    ("seeds", {**DROPBOX, "tier": "enhanced", "severity": "standard", "language": "ja",
               "channel": "japanese-email", "opened": "2026-03-27T16:30:00+09:00"}),
    ("seeds", {**ZOHO, "tier": "authorized", "severity": "sev-3", "country": "SM"}),
    # around them
    ("seeds", {**ZOHO, "tier": "premium", "severity": "sev-2", "country": "MC",
               "opened": "2026-03-27T17:30:00+01:00"}),
    ("seeds", {**ZOHO, "tier": "advanced", "severity": "sev-3", "country": "us",
               "subdivision": "US-TX", "seats": "70", "opened": "2026-10-30T23:59:00-04:00"}),
    ("seeds", {**ZOHO, "tier": "advanced", "severity": "sev-2", "country": "US"}),
    ("seeds", {**ZOHO, "tier": "premium", "severity": "sev-2", "subdivision": "us-west",
               "seats": "12"}),
    ("seeds", {**ZOHO, "tier": "premium", "severity": "sev-1", "country": "JP",
               "opened": "2026-03-28T02:00:00+09:00"}),
    ("seeds", {**ZOHO, "tier": "authorized", "severity": "sev-2", "country": "AU",
               "channel": "chat", "opened": "2026-04-04T23:30:00+11:00"}),
    ("seeds", {**ZOHO, "tier": "premium", "severity": "sev-3", "country": "FR",
               "subdivision": "FR-75", "opened": "2026-12-31T23:59:59Z"}),
    ("seeds", {**DROPBOX, "tier": "enhanced", "severity": "standard", "language": "ja-JP",
               "channel": "japanese-email", "opened": "2026-03-27T08:59:59.500+09:00"}),
    ("seeds", {**DROPBOX, "tier": "champions-epic", "severity": "standard", "product": "dash",
               "channel": "dash-chat", "language": "fr", "opened": "2026-03-08T01:30:00-05:00"}),
    ("seeds", {**DROPBOX, "tier": "essentials", "severity": "standard", "country": "FR"}),
    # cells that state no target: not offered, best effort, not stated
    ("promises", {**LARKSPUR, "tier": "developer", "severity": "sev-1",
                  "opened": "2026-03-27T16:00:00-05:00"}),
    ("promises", {**LARKSPUR, "tier": "business", "severity": "sev-2",
                  "opened": "2026-03-27T16:00:00-05:00"}),
    ("promises", {**LARKSPUR, "tier": "enterprise", "severity": "sev-3"}),
    ("vendor", {**NORTHWIND, "tier": "enterprise", "severity": "p2", "country": "DE",
                "opened": "2026-12-24T17:00:00+01:00"}),
    ("vendor", {**NORTHWIND, "tier": "standard", "severity": "p4", "country": "MC",
                "opened": "2026-03-28T09:00:00+01:00"}),
    ("vendor", {**NORTHWIND, "tier": "business", "severity": "p1", "country": "CH",
                "opened": "2026-10-25T01:30:00Z"}),
    # "next business day": start or end, across DST changes and regional holidays
    ("nbd", {**FERNHILL, "tier": "standard", "severity": "sev-2", "country": "DE",
             "opened": "2026-03-27T15:00:00+01:00"}),
    ("nbd", {**FERNHILL, "tier": "premium", "severity": "sev-2", "country": "AT",
             "opened": "2026-04-02T16:59:00+02:00"}),
    ("nbd", {**FERNHILL, "tier": "premium", "severity": "sev-2", "country": "US",
             "opened": "2026-03-06T16:00:00-06:00"}),
    ("nbd", {**FERNHILL, "tier": "standard", "severity": "sev-2", "country": "CA",
             "opened": "2026-07-04T12:00:00-05:00"}),
    ("nbd", {**FERNHILL, "tier": "standard", "severity": "sev-2",
             "opened": "2026-10-23T18:00:00+02:00"}),
    # unknown values: both refuse, with the same codes
    ("seeds", {**ZOHO, "tier": "premum", "severity": "sev-1"}),
    ("seeds", {**ZOHO, "tier": "premium", "severity": "sev-1", "country": "UK"}),
    ("seeds", {**ZOHO, "tier": "premium", "severity": "sev-1", "country": "US",
               "subdivision": "US-NYC"}),
    ("seeds", {**ZOHO, "tier": "premium", "severity": "sev-1", "opened": "2026-03-27T17:30"}),
    ("seeds", {**ZOHO, "tier": "premium", "severity": "sev-1", "opened": "9999-12-31T23:00Z"}),
    ("seeds", {"programme": "zoho-partners", "tier": "premium", "severity": "sev-1"}),
    ("seeds", {**DROPBOX, "tier": "essentials", "severity": "urgent", "channel": "fax"}),
]  # fmt: skip


@pytest.fixture(scope="module")
def routing(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each policy tree's routing tables, emitted into a temporary output directory."""
    out = {}
    for name, tree in TREES.items():
        result = pipeline.validate([tree])
        assert result.policies is not None
        root = tmp_path_factory.mktemp(name)
        for artifact in RoutingEmitter().emit(result.policies):
            path = root / artifact.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(artifact.data)
        out[name] = root / "routing"
    return out


def node(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    assert NODE is not None
    return subprocess.run(
        [NODE, *args], input=stdin, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize(("tree", "ticket"), CASES, ids=[str(i) for i in range(len(CASES))])
def test_node_agrees_with_policyc_route(
    tree: str, ticket: dict[str, str], routing: dict[str, Path], run: Callable[..., Result]
) -> None:
    argv = [x for key, value in ticket.items() for x in (f"--{key}", value)]
    ours = run("route", *argv, "--format", "json", "--policies", str(TREES[tree]))
    theirs = node(str(SCRIPT), "--routing", str(routing[tree]), *argv)
    assert theirs.stderr == ""
    mine, other = json.loads(ours.stdout), json.loads(theirs.stdout)
    assert other["resolution"] == mine["resolution"]
    assert sorted(d["code"] for d in other["diagnostics"]) == sorted(
        d["code"] for d in mine["diagnostics"]
    )
    assert theirs.returncode == ours.exit_code


def test_the_issue_cases_answer_what_the_seeds_promise(routing: dict[str, Path]) -> None:
    monaco = [x for k, v in CASES[0][1].items() for x in (f"--{k}", v)]
    answer = json.loads(node(str(SCRIPT), "--routing", str(routing["seeds"]), *monaco).stdout)
    res = answer["resolution"]
    assert res["targets"][0]["due"] == {
        "earliest": "2026-03-27T17:30:00Z",
        "latest": "2026-03-27T19:30:00Z",
    }
    assert [c["name"] for c in res["escalation"][3]["contacts"]] == ["Claire Tredez"]
    japanese = [x for k, v in CASES[4][1].items() for x in (f"--{k}", v)]
    answer = json.loads(node(str(SCRIPT), "--routing", str(routing["seeds"]), *japanese).stdout)
    assert answer["resolution"]["targets"][0]["due"]["earliest"] == "2026-03-30T00:30:00Z"


def test_bad_command_line_is_a_usage_error(routing: dict[str, Path]) -> None:
    done = node(str(SCRIPT), "--routing", str(routing["seeds"]), "--tier", "premium")
    assert done.returncode == 2 and "--programme" in done.stderr


# -- the business-time walk, case by case -------------------------------------------------

ZONES = (
    "Europe/Rome",
    "America/New_York",
    "Australia/Lord_Howe",
    "Europe/London",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Etc/UTC",
)
# the weeks of the 2026 transitions of those zones
TRANSITIONS = [
    datetime(2026, 3, 8, tzinfo=UTC),
    datetime(2026, 3, 29, tzinfo=UTC),
    datetime(2026, 4, 5, tzinfo=UTC),
    datetime(2026, 10, 4, tzinfo=UTC),
    datetime(2026, 10, 25, tzinfo=UTC),
    datetime(2026, 11, 1, tzinfo=UTC),
]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MS = timedelta(milliseconds=1)


@cache
def walk_cases() -> list[tuple[Calendar, datetime, int]]:
    """Seeded random calendars, starts and durations, dense around DST transitions and with
    boundaries inside skipped and repeated hours (where both follow the documented rule)."""
    rng = random.Random(20260327)
    cases = []
    for _ in range(300):
        intervals = []
        for day in range(7):
            points = sorted(rng.sample(range(0, 1441, 15), rng.choice([0, 2, 2, 4])))
            intervals += [
                Interval(day=day, start=points[i], end=points[i + 1])
                for i in range(0, len(points), 2)
                if points[i] < points[i + 1]
            ]
        if not intervals:
            intervals = [Interval(day=0, start=0, end=1440)]
        holidays = tuple(
            Holiday(date=(datetime(2026, 1, 1) + timedelta(days=d)).date().isoformat(), name="h")
            for d in rng.sample(range(0, 365), 5)
        )
        cal = Calendar(
            id="c",
            name="c",
            programme=None,
            timezone=rng.choice(ZONES),
            intervals=tuple(intervals),
            holidays=holidays,
        )
        near = rng.choice(TRANSITIONS) + timedelta(minutes=rng.randrange(-3 * 1440, 3 * 1440))
        start = near + timedelta(seconds=rng.choice([0, 0, 30]), milliseconds=rng.choice([0, 250]))
        cases.append((cal, start, rng.choice([0, 1, 30, 60, 61, 479, 1440, 2880, 6000])))
    # every day, intervals that open or close inside the skipped and repeated hours
    for zone in ZONES[:4]:
        for start_minute, end_minute in [(0, 90), (90, 600), (0, 150), (150, 600), (60, 120)]:
            cal = Calendar(
                id="c",
                name="c",
                programme=None,
                timezone=zone,
                intervals=tuple(Interval(day=d, start=start_minute, end=end_minute)
                                for d in range(7)),
            )  # fmt: skip
            for moment in TRANSITIONS:
                for minutes in (30, 90, 300, 1000):
                    cases.append((cal, moment - timedelta(hours=20), minutes))
    return cases


def test_node_business_time_walk_matches_python() -> None:
    cases = walk_cases()
    payload = [
        {
            "calendar": {
                "timezone": cal.timezone,
                "intervals": [i.model_dump() for i in cal.intervals],
                "holidays": [h.model_dump() for h in cal.holidays],
            },
            "start": (start - EPOCH) // MS,
            "minutes": minutes,
        }
        for cal, start, minutes in cases
    ]
    script = (
        f"import {{ addBusinessMinutes, isOpen, nextBusinessDay }} from "
        f"{json.dumps(SCRIPT.as_uri())};\n"
        "let text = '';\n"
        "process.stdin.on('data', (d) => (text += d));\n"
        "process.stdin.on('end', () => {\n"
        "  const out = JSON.parse(text).map((c) => [\n"
        "    addBusinessMinutes(c.calendar, c.start, c.minutes), isOpen(c.calendar, c.start),\n"
        "    nextBusinessDay(c.calendar, c.start, 'start'),\n"
        "    nextBusinessDay(c.calendar, c.start, 'end')]);\n"
        "  process.stdout.write(JSON.stringify(out));\n"
        "});\n"
    )
    done = node("--input-type=module", "-e", script, stdin=json.dumps(payload))
    assert done.returncode == 0, done.stderr
    answers: list[list[Any]] = json.loads(done.stdout)
    mismatches = []
    for (cal, start, minutes), answer in zip(cases, answers, strict=True):
        due = bt.add_business_minutes(cal, start, minutes)
        # "next business day": its first opening and its last closing
        first, last = (bt.next_business_day(cal, start, at) for at in ("start", "end"))
        expected = [(due - EPOCH) // MS, bt.is_open(cal, start)]
        expected += [(first - EPOCH) // MS, (last - EPOCH) // MS]
        if expected != answer:
            mismatches.append((cal.timezone, start.isoformat(), minutes, expected, answer))
    assert mismatches == []
