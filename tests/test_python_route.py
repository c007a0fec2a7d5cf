"""`route()` of the generated package beyond the shared cases: its business-time walk, naive
datetimes, the Python version guard and the distribution (`pyproject.toml`, a wheel that
installs into a fresh virtualenv and routes a ticket).

Agreement with `policyc route` and the Node consumer is tests/test_route_agreement.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version
from test_node_consumer import EPOCH, MS, walk_cases
from tools import fresh_venv, module, run

from policyc import pipeline
from policyc.emit.python.dist import package_version
from policyc.emit.python.emitter import PythonEmitter
from policyc.resolve import businesstime as bt

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "policies"
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"
NBD = ROOT / "tests" / "cases" / "next-business-day" / "policies"


def emit(tree: Path, out: Path, package: str = "support_policies") -> Path:
    """The tree's generated package under `out`; returns the directory of pyproject.toml."""
    result = pipeline.validate([tree])
    assert result.policies is not None
    for artifact in PythonEmitter(package, pipeline.display_name(tree)).emit(result.policies):
        path = out / artifact.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(artifact.data)
    return out / "python"


def isolated(python_dir: Path, script: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`script` in an interpreter with the standard library and `python_dir` only."""
    env = {"PYTHONPATH": str(python_dir), "PATH": os.environ["PATH"]}
    return subprocess.run(
        [sys.executable, "-S", "-c", script],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=python_dir,
        check=False,
    )


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return emit(SEEDS, tmp_path_factory.mktemp("seeds"))


def test_business_time_walk_matches_policyc(seeds: Path) -> None:
    """The generated `_businesstime` against policyc's, on random calendars around DST."""
    cases = walk_cases()
    payload = [
        {
            "timezone": cal.timezone,
            "intervals": [[i.day, i.start, i.end] for i in cal.intervals],
            "holidays": [h.date for h in cal.holidays],
            "start": (start - EPOCH) // MS,
            "minutes": minutes,
        }
        for cal, start, minutes in cases
    ]
    script = """
import datetime, json, sys
from support_policies._businesstime import add_business_minutes, is_open
from support_policies._types import Calendar, Holiday, Interval

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
MS = datetime.timedelta(milliseconds=1)
out = []
for c in json.load(sys.stdin):
    cal = Calendar(
        id="c", name="c", timezone=c["timezone"],
        intervals=tuple(Interval(*i) for i in c["intervals"]),
        holidays=tuple(Holiday(datetime.date.fromisoformat(d), "h") for d in c["holidays"]),
    )
    start = EPOCH + c["start"] * MS
    out.append([(add_business_minutes(cal, start, c["minutes"]) - EPOCH) // MS, is_open(cal, start)])
print(json.dumps(out))
"""
    done = isolated(seeds, script, json.dumps(payload))
    assert done.returncode == 0, done.stderr
    answers: list[list[Any]] = json.loads(done.stdout)
    mismatches = []
    for (cal, start, minutes), (due_ms, open_now) in zip(cases, answers, strict=True):
        due = bt.add_business_minutes(cal, start, minutes)
        if ((due - EPOCH) // MS, bt.is_open(cal, start)) != (due_ms, open_now):
            mismatches.append((cal.timezone, start.isoformat(), minutes, due.isoformat()))
    assert len(cases) > 300 and mismatches == []


def test_a_naive_datetime_is_a_clear_error(seeds: Path) -> None:
    script = """
import datetime
from support_policies import RouteError, zoho_partner_support as zoho
from support_policies._businesstime import add_business_minutes
try:
    zoho.route("premium", "sev-1", opened=datetime.datetime(2026, 3, 27, 17, 30))
except RouteError as exc:
    print(isinstance(exc, ValueError), [p.code for p in exc.problems])
    print(exc)
try:
    add_business_minutes(zoho.CALENDARS["always-open"], datetime.datetime(2026, 3, 27), 5)
except ValueError as exc:
    print(exc)
"""
    done = isolated(seeds, script)
    assert done.returncode == 0, done.stderr
    first, message, walk = done.stdout.splitlines()
    assert first == "True ['PC507']"
    assert "2026-03-27T17:30:00 is a naive datetime: give an aware one" in message
    assert walk.startswith("naive datetime 2026-03-27T00:00:00")


def test_route_returns_typed_cells_and_enums_work_as_ids(seeds: Path) -> None:
    script = """
import datetime, json
from support_policies import Target
from support_policies import zoho_partner_support as zoho
ticket = zoho.route(
    zoho.Tier.ADVANCED, zoho.Severity.SEV_3, country="mc", case_type=zoho.CaseType.LOGIN,
    opened=datetime.datetime(2026, 3, 28, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=1))),
)
ack = ticket.target("acknowledgement")
print(json.dumps([
    ticket.tier, ticket.country, ticket.region, isinstance(ack.target, Target),
    ack.calendar.id, ack.base_calendar.id, ack.exception,
    ack.due.earliest.weekday(), ack.due.earliest > ticket.opened,
    [c.name for c in ticket.level(4).contacts],
]))
"""
    done = isolated(seeds, script)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        "advanced",
        "MC",
        "europe-uk",
        True,
        "always-open",
        "zoho-business-days",
        "critical-cases",
        6,  # login cases are worked at weekends: due on the Sunday, not on Monday
        True,
        ["Claire Tredez"],
    ]


def test_route_gives_a_next_business_day_target_due_at_its_start_or_end(tmp_path: Path) -> None:
    """A `NextBusinessDay` cell: no minutes, due once, on the customer's region's calendar."""
    package = emit(NBD, tmp_path)
    script = """
import datetime, json
from support_policies import NextBusinessDay
from support_policies import fernhill_support as fernhill
chicago = datetime.timezone(datetime.timedelta(hours=-6))
found = []
for tier, country in (("premium", "US"), ("standard", "DE")):
    ticket = fernhill.route(
        tier, "sev-2", country=country,
        opened=datetime.datetime(2026, 3, 6, 16, tzinfo=chicago),  # a Friday, before US DST
    )
    first = ticket.target("first-response")
    found.append([
        isinstance(first.target, NextBusinessDay), first.next_business_day,
        first.min_minutes, first.max_minutes, first.calendar.id,
        first.due.earliest == first.due.latest,
        first.due.latest.astimezone(datetime.UTC).isoformat(),
    ])
print(json.dumps(found))
"""
    done = isolated(package, script)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        # Chicago opens 08:00 on Monday, CDT (UTC-5) since Sunday
        [True, "start", None, None, "chicago-office", True, "2026-03-09T13:00:00+00:00"],
        # opened 23:00 in Berlin: the clock starts Monday, due at the end of Tuesday
        [True, "end", None, None, "berlin-office", True, "2026-03-10T16:00:00+00:00"],
    ]


def test_old_pythons_are_refused_with_a_clear_message(seeds: Path) -> None:
    script = """
import sys
sys.version_info = (3, 10, 12, "final", 0)
try:
    import support_policies
except ImportError as exc:
    print(exc)
"""
    done = isolated(seeds, script)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        "support_policies needs Python 3.11 or newer; this is Python 3.10.12"
    )
    source = (seeds / "support_policies" / "__init__.py").read_text(encoding="utf-8")
    assert "from . import _requires," in source.split("from ._route")[0]


# -- the distribution -----------------------------------------------------------------------


def test_pyproject_names_the_package_and_a_pep440_version(tmp_path: Path) -> None:
    project_dir = emit(VENDOR, tmp_path, "northwind_policies")
    project = tomllib.loads((project_dir / "pyproject.toml").read_text(encoding="utf-8"))
    meta = project["project"]
    assert meta["name"] == "northwind_policies"
    assert meta["requires-python"] == ">=3.11"
    version = Version(meta["version"])
    assert str(version) == meta["version"]
    assert version.public == "2026.1.1"  # the vendor programme's valid_from: 2026-01-01
    assert version.local is not None and version.local.startswith("g")
    assert project["tool"]["flit"]["module"]["name"] == "northwind_policies"
    assert (project_dir / "northwind_policies" / "py.typed").exists()


def test_version_is_deterministic_and_follows_the_policies() -> None:
    policies = pipeline.validate([VENDOR]).policies
    seeds = pipeline.validate([SEEDS]).policies
    assert policies is not None and seeds is not None
    assert package_version(policies, "p") == package_version(policies, "p")
    assert package_version(policies, "p") != package_version(policies, "q")
    assert Version(package_version(seeds, "p")).public == "0"  # the seeds state no dates
    assert package_version(seeds, "p") != package_version(policies, "p")


@pytest.mark.distribution
def test_wheel_installs_into_a_fresh_venv_and_routes(tmp_path: Path) -> None:
    module("flit_core")
    project_dir = emit(SEEDS, tmp_path / "out")
    wheels = tmp_path / "wheels"
    before = sorted(p.relative_to(project_dir) for p in project_dir.rglob("*"))
    pip = [sys.executable, "-m", "pip"]
    run(*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", wheels, project_dir, cwd=tmp_path)
    assert sorted(p.relative_to(project_dir) for p in project_dir.rglob("*")) == before
    (wheel,) = wheels.glob("support_policies-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {"support_policies/py.typed", "support_policies/_route.py"} <= names
    bin_dir = fresh_venv(tmp_path / "venv")
    run(
        bin_dir / "python",
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-deps",
        "--no-index",
        wheel,
        cwd=tmp_path,
    )
    script = (
        "import datetime, importlib.metadata as m, support_policies as p\n"
        "from support_policies import zoho_partner_support as zoho\n"
        "r = zoho.route('premium', 'sev-1', country='MC', case_type='downtime',\n"
        "               opened=datetime.datetime(2026, 3, 27, 16, 30, tzinfo=datetime.UTC))\n"
        "print(m.version('support_policies'), p.__file__)\n"
        "print(r.target('acknowledgement').due.latest.isoformat())\n"
    )
    out = run(bin_dir / "python", "-c", script, cwd=tmp_path).splitlines()
    version, path = out[0].split()
    assert Version(version).public == "0" and str(tmp_path / "venv") in path
    assert out[1] == "2026-03-27T19:30:00+00:00"
    assert shutil.which("python", path=str(bin_dir))
