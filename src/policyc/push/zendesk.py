"""Zendesk: list, compare and write SLA policies and business-hours schedules.

In: a `Client` on the account's API root, the payloads of `emit.exports.zendesk`. Out: a
`Plan` (schedules first, then SLA policies in precedence order, then deletes), carried out
by `apply`. Endpoints: /api/v2/slas/policies, /api/v2/business_hours/schedules (+ its
workweek and holidays); see docs/exports.md.
"""

from __future__ import annotations

from typing import Any

from policyc.emit.exports.common import Payload, owner_key
from policyc.push.errors import PushError
from policyc.push.http import Client
from policyc.push.plan import Plan, Step

POLICIES = "/api/v2/slas/policies"
SCHEDULES = "/api/v2/business_hours/schedules"


def _listed(client: Client, path: str, field: str) -> list[dict[str, Any]]:
    """Every object of a list endpoint, following `next_page`."""
    out: list[dict[str, Any]] = []
    url: str | None = path
    while url is not None:
        data = client.request("GET", url)
        if not isinstance(data, dict) or not isinstance(data.get(field), list):
            raise PushError("PC608", f"GET {path}: the answer has no '{field}' list")
        out.extend(x for x in data[field] if isinstance(x, dict))
        nxt = data.get("next_page")
        url = nxt.removeprefix(client.base_url) if isinstance(nxt, str) and nxt else None
    return out


def _owned(
    objects: list[dict[str, Any]], field: str, programmes: set[str]
) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for obj in objects:
        key = owner_key(str(obj.get(field, "")))
        if key is not None and key.split("/", 1)[0] in programmes:
            found.setdefault(key, obj)
    return found


def _conditions(filt: Any) -> dict[str, list[tuple[str, str, str]]]:
    filt = filt if isinstance(filt, dict) else {}
    return {
        part: sorted(
            (str(c.get("field")), str(c.get("operator")), str(c.get("value")))
            for c in filt.get(part) or []
        )
        for part in ("all", "any")
    }


def _metrics(rows: Any) -> list[tuple[str, str, int, bool]]:
    return sorted(
        (
            str(m.get("priority")),
            str(m.get("metric")),
            int(m.get("target", -1)),
            bool(m.get("business_hours")),
        )
        for m in rows or []
    )


def _policy_changes(want: dict[str, Any], have: dict[str, Any]) -> tuple[str, ...]:
    changes = [f for f in ("title", "description") if (want.get(f) or "") != (have.get(f) or "")]
    if _conditions(want["filter"]) != _conditions(have.get("filter")):
        changes.append("filter")
    if _metrics(want["policy_metrics"]) != _metrics(have.get("policy_metrics")):
        changes.append("policy_metrics")
    return tuple(changes)


def _intervals(rows: Any) -> list[tuple[int, int]]:
    return sorted((int(i["start_time"]), int(i["end_time"])) for i in rows or [])


def _holidays(rows: Any) -> list[tuple[str, str, str]]:
    return sorted((str(h["name"]), str(h["start_date"]), str(h["end_date"])) for h in rows or [])


def _schedule_changes(
    client: Client, body: dict[str, Any], have: dict[str, Any]
) -> tuple[str, ...]:
    want = body["schedule"]
    changes = [f for f in ("name", "time_zone") if want[f] != have.get(f)]
    if _intervals(body["workweek"]["intervals"]) != _intervals(have.get("intervals")):
        changes.append("intervals")
    holidays = _listed(client, f"{SCHEDULES}/{have['id']}/holidays", "holidays")
    have["holidays"] = holidays
    if _holidays(body["holidays"]) != _holidays(holidays):
        changes.append("holidays")
    return tuple(changes)


def plan(client: Client, payloads: list[Payload], programmes: set[str], prune: bool) -> Plan:
    """What pushing the payloads would do, from what the account holds now."""
    result = Plan("zendesk", client.base_url)
    schedules = _owned(_listed(client, SCHEDULES, "schedules"), "name", programmes)
    policies = _owned(_listed(client, POLICIES, "sla_policies"), "title", programmes)
    for p in payloads:
        have = (schedules if p.kind == "schedule" else policies).get(p.key)
        title = p.body[p.kind]["name" if p.kind == "schedule" else "title"]
        if have is None:
            result.steps.append(Step("create", p.kind, p.key, title, body=p.body))
            continue
        changes = (
            _schedule_changes(client, p.body, have)
            if p.kind == "schedule"
            else _policy_changes(p.body["sla_policy"], have)
        )
        result.steps.append(
            Step(
                "update" if changes else "unchanged",
                p.kind,
                p.key,
                title,
                str(have["id"]),
                changes,
                {**p.body, "_remote": have},
            )
        )
    wanted = {p.key for p in payloads}
    for kind, found, field in (("sla_policy", policies, "title"), ("schedule", schedules, "name")):
        for key, obj in sorted(found.items()):
            if key in wanted:
                continue
            if prune:
                result.steps.append(Step("delete", kind, key, str(obj[field]), str(obj["id"])))
            else:
                result.stale.append(key)
    return result


def _write_schedule(client: Client, step: Step) -> None:
    body = step.body
    if step.action == "create":
        made = client.request("POST", SCHEDULES, body={"schedule": body["schedule"]})
        step.remote_id = str(made["schedule"]["id"])
    elif {"name", "time_zone"} & set(step.changes):
        client.request("PUT", f"{SCHEDULES}/{step.remote_id}", body={"schedule": body["schedule"]})
    base = f"{SCHEDULES}/{step.remote_id}"
    if step.action == "create" or "intervals" in step.changes:
        client.request("PUT", f"{base}/workweek", body={"workweek": body["workweek"]})
    if step.action == "create" or "holidays" in step.changes:
        have = body.get("_remote", {}).get("holidays", [])
        want = {(h["name"], h["start_date"], h["end_date"]) for h in body["holidays"]}
        kept = set()
        for h in have:
            row = (h["name"], h["start_date"], h["end_date"])
            if row in want:
                kept.add(row)
            else:
                client.request("DELETE", f"{base}/holidays/{h['id']}")
        for h in body["holidays"]:
            if (h["name"], h["start_date"], h["end_date"]) not in kept:
                client.request("POST", f"{base}/holidays", body={"holiday": h})


def apply(client: Client, result: Plan) -> Plan:
    """Carry out the plan, step by step; a second plan afterwards is all unchanged."""
    for step in result.steps:
        if step.action == "unchanged":
            continue
        if step.action == "delete":
            path = POLICIES if step.kind == "sla_policy" else SCHEDULES
            client.request("DELETE", f"{path}/{step.remote_id}")
        elif step.kind == "schedule":
            _write_schedule(client, step)
        elif step.action == "create":
            made = client.request("POST", POLICIES, body={"sla_policy": step.body["sla_policy"]})
            step.remote_id = str(made["sla_policy"]["id"])
        else:
            client.request(
                "PUT", f"{POLICIES}/{step.remote_id}", body={"sla_policy": step.body["sla_policy"]}
            )
        step.done = True
    result.applied = True
    return result
