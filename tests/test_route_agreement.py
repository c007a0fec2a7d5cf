"""Three routers, one table of cases (tests/routing/cases.yaml): `policyc route`, the Node
consumer of the routing tables (examples/node/route.mjs) and `route()` of the generated
Python package answer every ticket alike, refusals included (the same PC5xx codes).

The generated package runs in a separate interpreter started with `-S` (standard library
only, policyc not importable); Node is skipped where it is not installed (never under CI).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result

from policyc import pipeline
from policyc.emit.python.emitter import PythonEmitter
from policyc.emit.routing import RoutingEmitter

ROOT = Path(__file__).resolve().parent.parent
CASES_FILE = ROOT / "tests" / "routing" / "cases.yaml"
SCRIPT = ROOT / "examples" / "node" / "route.mjs"
TREES = {
    "seeds": ROOT / "policies",
    "vendor": ROOT / "tests" / "cases" / "vendor" / "policies",
    "promises": ROOT / "tests" / "cases" / "promises" / "policies",
    "nbd": ROOT / "tests" / "cases" / "next-business-day" / "policies",
}


def load_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    return cases


CASES = load_cases()

# Runs every ticket of one tree through the generated package's route(); prints, per
# ticket, {"resolution": <policyc route's JSON shape, durations in minutes>, "codes": [...]}.
HARNESS = """
import datetime, json, sys
from support_policies import PROGRAMMES, RouteError

PROMISES = {"NotOffered": "not-offered", "BestEffort": "best-effort", "NotStated": "not-stated"}

def instant(value):
    utc = value.astimezone(datetime.UTC)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    return text + (f".{utc.microsecond // 1000:03d}" if utc.microsecond else "") + "Z"

def contact(c):
    return {"contact": c.id, "name": c.name, "email": c.email, "phone": c.phone,
            "title": c.title, "label": c.label, "subdivisions": list(c.subdivisions)}

def shape(r):
    large = r.large_account
    return {
        "programme": r.programme, "tier": r.tier, "severity": r.severity,
        "country": r.country, "subdivision": r.subdivision, "territory": r.territory,
        "region": r.region, "language": r.language, "product": r.product,
        "channel": r.channel, "case_type": r.case_type, "seats": r.seats,
        "opened": instant(r.opened) if r.opened else None, "sla_policy": r.sla_policy,
        "targets": [
            {"metric": t.metric, "policy": t.policy,
             **({"next_business_day": t.next_business_day} if t.next_business_day
                else {"min": t.min_minutes, "max": t.max_minutes}),
             "calendar": t.calendar.id,
             "base_calendar": t.base_calendar.id, "exception": t.exception,
             "due": {"earliest": instant(t.due.earliest), "latest": instant(t.due.latest)}
             if t.due else None}
            for t in r.targets
        ],
        "no_targets": [{"metric": n.metric, "policy": n.policy,
                        "promise": PROMISES[type(n.promise).__name__]} for n in r.no_targets],
        "large_account": {"rule": large.rule, "min_seats": large.min_seats, "unit": large.unit,
                          "seats": large.seats, "large": large.large} if large else None,
        "escalation": [{"level": s.level, "role": s.role, "delay_minutes": s.delay_minutes,
                        "contacts": [contact(c) for c in s.contacts]} for s in r.escalation],
    }

def answer(ticket):
    module = PROGRAMMES.get(ticket.pop("programme"))
    if module is None:
        return {"resolution": None, "codes": ["PC501"]}
    args = {key.replace("-", "_"): value for key, value in ticket.items()}
    if "seats" in args:
        args["seats"] = int(args["seats"])
    if "opened" in args:
        args["opened"] = datetime.datetime.fromisoformat(args["opened"])
    try:
        found = module.route(args.pop("tier"), args.pop("severity"), **args)
    except RouteError as exc:
        return {"resolution": None, "codes": sorted(p.code for p in exc.problems)}
    return {"resolution": shape(found), "codes": sorted(w.code for w in found.warnings)}

print(json.dumps([answer(t) for t in json.load(sys.stdin)]))
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each tree's routing tables and Python package, emitted into a temporary output."""
    out = {}
    for name, tree in TREES.items():
        result = pipeline.validate([tree])
        assert result.policies is not None
        root = tmp_path_factory.mktemp(name)
        emitters = [RoutingEmitter(), PythonEmitter(None, pipeline.display_name(tree))]
        for artifact in (a for e in emitters for a in e.emit(result.policies)):
            path = root / artifact.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(artifact.data)
        out[name] = root
    return out


@pytest.fixture(scope="module")
def python_answers(built: dict[str, Path]) -> dict[int, Any]:
    """route()'s answer to every case, by index: one isolated interpreter per tree."""
    answers: dict[int, Any] = {}
    for tree, root in built.items():
        indexes = [i for i, case in enumerate(CASES) if case["tree"] == tree]
        env = {"PYTHONPATH": str(root / "python"), "PATH": os.environ["PATH"]}
        done = subprocess.run(
            [sys.executable, "-S", "-c", HARNESS],
            input=json.dumps([CASES[i]["ticket"] for i in indexes]),
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        answers.update(zip(indexes, json.loads(done.stdout), strict=True))
    return answers


def policyc_answer(run: Callable[..., Result], case: dict[str, Any]) -> tuple[Any, list[str]]:
    argv = [x for key, value in case["ticket"].items() for x in (f"--{key}", value)]
    done = run("route", *argv, "--format", "json", "--policies", str(TREES[case["tree"]]))
    answer = json.loads(done.stdout)
    return answer["resolution"], sorted(d["code"] for d in answer["diagnostics"])


def in_minutes(resolution: Any) -> Any:
    """policyc's answer with durations as minutes (the Python package keeps minutes only)."""
    if resolution is None:
        return None
    targets = [
        {**t, "min": t["min"]["minutes"], "max": t["max"]["minutes"]} if "min" in t else t
        for t in resolution["targets"]
    ]
    return {**resolution, "targets": targets}


def test_the_cases_cover_what_they_must() -> None:
    whys = " ".join(case["why"] for case in CASES)
    needed_words = ("DST", "holiday", "weekend", "range", "not offered", "case type", "naive")
    for needed in (*needed_words, "next business day (start)", "next business day (end)"):
        assert needed in whys, needed


@pytest.mark.parametrize("index", range(len(CASES)), ids=[str(i) for i in range(len(CASES))])
def test_python_route_agrees_with_policyc_route(
    index: int, python_answers: dict[int, Any], run: Callable[..., Result]
) -> None:
    ours, codes = policyc_answer(run, CASES[index])
    theirs = python_answers[index]
    assert theirs["resolution"] == in_minutes(ours)
    assert theirs["codes"] == codes


@pytest.mark.skipif(shutil.which("node") is None and not os.environ.get("CI"), reason="no node")
@pytest.mark.parametrize("index", range(len(CASES)), ids=[str(i) for i in range(len(CASES))])
def test_node_route_agrees_with_policyc_route(
    index: int, built: dict[str, Path], run: Callable[..., Result]
) -> None:
    case = CASES[index]
    ours, codes = policyc_answer(run, case)
    argv = [x for key, value in case["ticket"].items() for x in (f"--{key}", value)]
    node = shutil.which("node") or "node"
    routing = built[case["tree"]] / "routing"
    done = subprocess.run(
        [node, str(SCRIPT), "--routing", str(routing), *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.stderr == ""
    answer = json.loads(done.stdout)
    assert answer["resolution"] == ours
    assert sorted(d["code"] for d in answer["diagnostics"]) == codes
    assert done.returncode == (0 if ours is not None else 1)
