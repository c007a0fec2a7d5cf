"""`policyc push`: plans and applies against stateful fakes of Zendesk and PagerDuty that
validate every request body against the vendors' request shapes (tests/fakevendors.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from fakevendors import AGENT, TOKEN, Fault, Server, serve

from policyc import pipeline
from policyc.cli import main
from policyc.emit.exports.check import export_of
from policyc.push.errors import PushError
from policyc.push.run import Options, push

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "policies"


@pytest.fixture(scope="module")
def compiled() -> pipeline.Result:
    result = pipeline.validate([POLICIES])
    assert result.policies is not None
    return result


def zoho_emails(compiled: pipeline.Result) -> list[str]:
    assert compiled.policies is not None
    exported = export_of(compiled.policies, "zoho-partner-support", "pagerduty")
    assert exported is not None
    return sorted(
        {
            t["email"]
            for p in exported.payloads
            for r in p.body["escalation_policy"]["escalation_rules"]
            for t in r["targets"]
        }
    )


@pytest.fixture
def zendesk() -> Iterator[Server]:
    with serve("zendesk") as server:
        yield server


@pytest.fixture
def pagerduty(compiled: pipeline.Result) -> Iterator[Server]:
    with serve("pagerduty", zoho_emails(compiled)) as server:
        yield server


def run(system: str, server: Server, *args: str, token: str | None = TOKEN) -> Result:
    env = {"ZENDESK_EMAIL": AGENT, "ZENDESK_BASE_URL": None, "PAGERDUTY_BASE_URL": None}
    env["ZENDESK_API_TOKEN" if system == "zendesk" else "PAGERDUTY_API_TOKEN"] = token
    argv = ["push", system, "--policies", str(POLICIES), "--base-url", server.url, *args]
    result = CliRunner().invoke(main, argv, env=env, catch_exceptions=False)
    assert TOKEN not in result.stdout + result.stderr
    return result


def plan_json(result: Result) -> dict[str, object]:
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def actions(result: Result) -> dict[str, int]:
    summary = plan_json(result)["summary"]
    assert isinstance(summary, dict)
    return {k: v for k, v in summary.items() if v}


def writes(server: Server) -> list[str]:
    return [f"{r.method} {r.path}" for r in server.state.log if r.method != "GET"]


# -- Zendesk --------------------------------------------------------------------------------


def test_zendesk_dry_run_changes_nothing(zendesk: Server) -> None:
    result = run("zendesk", zendesk)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"zendesk plan for {zendesk.url} (dry run)"
    assert "  create     schedule    zoho-partner-support/zoho-business-days" in lines
    assert "7 to create, 0 to update, 0 unchanged, 0 to delete." in lines
    assert lines[-1].startswith("Dry run: nothing was changed")
    assert writes(zendesk) == []
    # the export's warnings go to stderr, the plan to stdout
    assert "warning[PC430]" in result.stderr and "PC430" not in result.stdout


def test_zendesk_apply_creates_then_everything_is_unchanged(zendesk: Server) -> None:
    first = run("zendesk", zendesk, "--apply", "--format", "json")
    assert first.exit_code == 0, first.stderr
    assert actions(first) == {"create": 7}
    assert zendesk.state.violations == []
    assert len(zendesk.state.objects["sla_policies"]) == 5
    assert len(zendesk.state.objects["schedules"]) == 2
    jst = next(s for s in zendesk.state.objects["schedules"].values() if "JST" in s["name"])
    assert jst["time_zone"] == "Asia/Tokyo"
    assert jst["intervals"][0] == {"start_time": 1980, "end_time": 2460}  # Mon 09:00–17:00
    # Zendesk applies the first matching policy: critical cases come before the commitment
    titles = [p["title"] for p in zendesk.state.objects["sla_policies"].values()]
    zoho = [t for t in titles if "zoho" in t]
    assert zoho[0].endswith("partner-support-commitment.critical-cases]")
    before = len(writes(zendesk))
    second = run("zendesk", zendesk, "--apply", "--format", "json")
    assert actions(second) == {"unchanged": 7}
    assert len(writes(zendesk)) == before


def test_zendesk_update_of_a_drifted_policy(zendesk: Server) -> None:
    assert run("zendesk", zendesk, "--apply").exit_code == 0
    policy = next(
        p
        for p in zendesk.state.objects["sla_policies"].values()
        if p["title"].endswith("[policyc:zoho-partner-support/partner-support-commitment]")
    )
    policy["policy_metrics"][0]["target"] = 999  # edited by hand in Zendesk
    schedule = next(iter(zendesk.state.objects["schedules"].values()))
    schedule["intervals"] = schedule["intervals"][:1]
    dry = run("zendesk", zendesk)
    assert (
        "  update     sla_policy  zoho-partner-support/partner-support-commitment (policy_metrics)"
        in dry.stdout.splitlines()
    )
    assert "(intervals)" in dry.stdout
    applied = run("zendesk", zendesk, "--apply", "--format", "json")
    assert actions(applied) == {"update": 2, "unchanged": 5}
    assert zendesk.state.violations == []
    assert actions(run("zendesk", zendesk, "--format", "json")) == {"unchanged": 7}


def test_zendesk_prune_deletes_only_what_policyc_created(zendesk: Server) -> None:
    assert run("zendesk", zendesk, "--apply").exit_code == 0
    policies = zendesk.state.objects["sla_policies"]
    policies[1] = {
        "id": 1,
        "title": "Old tier [policyc:zoho-partner-support/retired]",
        "filter": {"all": [], "any": []},
        "policy_metrics": [],
    }
    policies[2] = {"id": 2, "title": "VIP (made by hand)", "filter": {"all": [], "any": []}}
    kept = run("zendesk", zendesk, "--apply")
    assert kept.exit_code == 0
    assert "(zoho-partner-support/retired): kept; --prune deletes them." in kept.stdout
    assert 1 in policies
    pruned = run("zendesk", zendesk, "--prune", "--apply", "--format", "json")
    steps = plan_json(pruned)["steps"]
    assert isinstance(steps, list)
    assert [s["key"] for s in steps if s["action"] == "delete"] == ["zoho-partner-support/retired"]
    assert 1 not in policies and 2 in policies


def test_zendesk_429_is_retried_after_retry_after(zendesk: Server) -> None:
    zendesk.state.faults.append(
        Fault(
            "POST", "/api/v2/slas/policies", 429, {"error": "TooManyRequests"}, {"Retry-After": "0"}
        )
    )
    result = run("zendesk", zendesk, "--apply", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert actions(result) == {"create": 7}
    posts = [w for w in writes(zendesk) if w == "POST /api/v2/slas/policies"]
    assert len(posts) == 6  # five policies, the first one twice


def test_zendesk_4xx_stops_with_the_vendors_message(zendesk: Server) -> None:
    zendesk.state.faults.append(
        Fault(
            "POST",
            "/api/v2/slas/policies",
            422,
            {"error": "RecordInvalid", "description": f"Title: is invalid (token {TOKEN})"},
        )
    )
    result = run("zendesk", zendesk, "--apply")
    assert result.exit_code == 2
    assert "error[PC603]" in result.stderr
    assert "HTTP 422: RecordInvalid: Title: is invalid (token [token])" in result.stderr
    assert "Traceback" not in result.stderr
    assert writes(zendesk)[-1] == "POST /api/v2/slas/policies"  # nothing after the 4xx
    # what was made before the failure (the first schedule) stays; the next apply goes on
    again = run("zendesk", zendesk, "--apply", "--format", "json")
    assert actions(again) == {"create": 6, "unchanged": 1}


def test_zendesk_without_token_is_a_clean_error(zendesk: Server) -> None:
    result = run("zendesk", zendesk, token="")
    assert result.exit_code == 2
    assert "error[PC601]" in result.stderr and "ZENDESK_API_TOKEN" in result.stderr
    assert zendesk.state.log == []


def test_token_is_never_an_option() -> None:
    result = CliRunner().invoke(main, ["push", "--help"])
    options = [line.split()[0] for line in result.stdout.splitlines() if line.startswith("  -")]
    assert options and not [o for o in options if "token" in o.lower()]
    assert "$PAGERDUTY_API_TOKEN" in result.stdout


def test_plain_http_elsewhere_is_refused(compiled: pipeline.Result) -> None:
    assert compiled.policies is not None
    with pytest.raises(PushError) as err:
        push(
            "zendesk",
            compiled.policies,
            ["zoho-partner-support"],
            Options(base_url="http://example.zendesk.com"),
            {"ZENDESK_API_TOKEN": TOKEN, "ZENDESK_EMAIL": AGENT},
        )
    assert err.value.code == "PC607"


def test_5xx_every_time_gives_up(zendesk: Server, compiled: pipeline.Result) -> None:
    assert compiled.policies is not None
    zendesk.state.faults.extend(
        Fault("GET", "/api/v2/business_hours/schedules", 503, {"error": "Unavailable"})
        for _ in range(5)
    )
    waits: list[float] = []
    with pytest.raises(PushError) as err:
        push(
            "zendesk",
            compiled.policies,
            ["zoho-partner-support"],
            Options(base_url=zendesk.url),
            {"ZENDESK_API_TOKEN": TOKEN, "ZENDESK_EMAIL": AGENT},
            sleep=waits.append,
        )
    assert err.value.code == "PC604"
    assert waits == [1.0, 2.0, 4.0, 8.0]  # exponential backoff without Retry-After


# -- PagerDuty ------------------------------------------------------------------------------


def test_pagerduty_apply_then_unchanged(pagerduty: Server) -> None:
    dry = run("pagerduty", pagerduty)
    assert dry.exit_code == 0, dry.stderr
    assert "18 to create, 0 to update, 0 unchanged, 0 to delete." in dry.stdout
    assert writes(pagerduty) == []
    first = run("pagerduty", pagerduty, "--apply", "--format", "json")
    assert actions(first) == {"create": 18}
    assert pagerduty.state.violations == []
    anz = next(
        p for p in pagerduty.state.objects["escalation_policies"].values() if "/anz]" in p["name"]
    )
    by_id = {u["id"]: u["email"] for u in pagerduty.state.users}
    assert [
        (r["escalation_delay_in_minutes"], [by_id[t["id"]] for t in r["targets"]])
        for r in anz["escalation_rules"]
    ] == [(30, ["sakthi.g@zohocorp.com"]), (30, ["daniel.p@zohocorp.com"])]
    second = run("pagerduty", pagerduty, "--apply", "--format", "json")
    assert actions(second) == {"unchanged": 18}


def test_pagerduty_update_and_prune(pagerduty: Server) -> None:
    assert run("pagerduty", pagerduty, "--apply").exit_code == 0
    policies = pagerduty.state.objects["escalation_policies"]
    anz = next(p for p in policies.values() if "/anz]" in p["name"])
    anz["num_loops"] = 3
    policies["PGONE"] = {
        "id": "PGONE",
        "name": "Old [policyc:zoho-partner-support/antarctica]",
        "escalation_rules": [],
    }
    result = run("pagerduty", pagerduty, "--apply", "--prune", "--format", "json")
    assert actions(result) == {"update": 1, "unchanged": 17, "delete": 1}
    assert "PGONE" not in policies and policies[anz["id"]]["num_loops"] == 0
    assert pagerduty.state.violations == []


def test_pagerduty_user_not_found(compiled: pipeline.Result) -> None:
    with serve("pagerduty", zoho_emails(compiled)[1:]) as server:
        result = run("pagerduty", server)
    assert result.exit_code == 1
    assert "error[PC606]" in result.stderr and "no PagerDuty user has the e-mail" in result.stderr


def test_programme_without_export() -> None:
    result = CliRunner().invoke(
        main,
        [
            "push",
            "pagerduty",
            "--programme",
            "dropbox-premium-support",
            "--policies",
            str(POLICIES),
        ],
        env={"PAGERDUTY_API_TOKEN": TOKEN},
    )
    assert result.exit_code == 1 and "error[PC605]" in result.stderr


def test_the_fakes_refuse_what_the_contracts_refuse(
    zendesk: Server, compiled: pipeline.Result
) -> None:
    """The fakes check bodies: a metric Zendesk lacks, an interval across midnight, a
    PagerDuty rule without targets are each answered 400 and recorded."""
    import base64

    import httpx

    basic = base64.b64encode(f"{AGENT}/token:{TOKEN}".encode()).decode()
    zd = {"Authorization": f"Basic {basic}"}
    bad_policy = {
        "sla_policy": {
            "title": "x",
            "filter": {"all": [], "any": []},
            "policy_metrics": [
                {"priority": "urgent", "metric": "resolution", "target": 5, "business_hours": True}
            ],
        }
    }
    assert (
        httpx.post(f"{zendesk.url}/api/v2/slas/policies", json=bad_policy, headers=zd).status_code
        == 400
    )
    made = httpx.post(
        f"{zendesk.url}/api/v2/business_hours/schedules",
        json={"schedule": {"name": "x", "time_zone": "UTC"}},
        headers=zd,
    ).json()["schedule"]
    night = {"workweek": {"intervals": [{"start_time": 1380, "end_time": 1500}]}}
    url = f"{zendesk.url}/api/v2/business_hours/schedules/{made['id']}/workweek"
    assert httpx.put(url, json=night, headers=zd).status_code == 400
    assert len(zendesk.state.violations) == 2
    with serve("pagerduty", zoho_emails(compiled)) as pd:
        headers = {
            "Authorization": f"Token token={TOKEN}",
            "Accept": "application/vnd.pagerduty+json;version=2",
        }
        rule = {"escalation_delay_in_minutes": 30, "targets": []}
        body = {
            "escalation_policy": {
                "type": "escalation_policy",
                "name": "x",
                "escalation_rules": [rule],
            }
        }
        assert (
            httpx.post(f"{pd.url}/escalation_policies", json=body, headers=headers).status_code
            == 400
        )
        assert len(pd.state.violations) == 1
