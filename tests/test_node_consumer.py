"""The Node consumer (`examples/node/route.mjs`): the seeds' answers and the business-time walk.

Its agreement with `policyc route --format json` on the shared table of cases is checked by
tests/test_route_agreement.py, beside the generated Python package's `route()`.

It reads only the emitted routing JSON and implements the documented lookups and the
business-time walk in JavaScript (time zones through Intl); skipped when `node` is absent.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

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

# the tickets all three routers answer alike (tests/test_route_agreement.py)
CASES: list[dict[str, Any]] = yaml.safe_load(
    (ROOT / "tests" / "routing" / "cases.yaml").read_text(encoding="utf-8")
)


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


def test_the_issue_cases_answer_what_the_seeds_promise(routing: dict[str, Path]) -> None:
    monaco = [x for k, v in CASES[0]["ticket"].items() for x in (f"--{k}", v)]
    answer = json.loads(node(str(SCRIPT), "--routing", str(routing["seeds"]), *monaco).stdout)
    res = answer["resolution"]
    assert res["targets"][0]["due"] == {
        "earliest": "2026-03-27T17:30:00Z",
        "latest": "2026-03-27T19:30:00Z",
    }
    assert [c["name"] for c in res["escalation"][3]["contacts"]] == ["Claire Tredez"]
    japanese = [x for k, v in CASES[4]["ticket"].items() for x in (f"--{k}", v)]
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
