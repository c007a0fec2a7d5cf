"""PagerDuty: list, compare and write escalation policies; users found by e-mail.

In: a `Client` on the REST API root, the payloads of `emit.exports.pagerduty`. Out: a
`Plan` whose bodies name users by id (GET /users?query=<e-mail>, exact address match),
carried out by `apply`. Endpoints: /escalation_policies, /users; see docs/exports.md.
"""

from __future__ import annotations

from typing import Any

from policyc.emit.exports.common import Payload, owner_key
from policyc.push.errors import PushError
from policyc.push.http import Client
from policyc.push.plan import Action, Plan, Step

POLICIES = "/escalation_policies"
PAGE = 100


def _paged(client: Client, path: str, field: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Every object of a classic-paginated list (`offset`, `limit`, `more`)."""
    out: list[dict[str, Any]] = []
    offset = 0
    while True:
        data = client.request("GET", path, params={**params, "limit": PAGE, "offset": offset})
        if not isinstance(data, dict) or not isinstance(data.get(field), list):
            raise PushError("PC608", f"GET {path}: the answer has no '{field}' list")
        rows = [x for x in data[field] if isinstance(x, dict)]
        out.extend(rows)
        if data.get("more") is not True or not rows:
            return out
        offset += len(rows)


def resolve_users(client: Client, emails: list[str]) -> dict[str, str]:
    """e-mail → PagerDuty user id, each looked up once; PC606 for an address without one."""
    found: dict[str, str] = {}
    for email in emails:
        if email in found:
            continue
        users = _paged(client, "/users", "users", {"query": email})
        match = [u for u in users if str(u.get("email", "")).casefold() == email.casefold()]
        if not match:
            raise PushError(
                "PC606",
                f"no PagerDuty user has the e-mail address {email}",
                "invite them to PagerDuty, or map the contact under `users:` in the Export",
            )
        found[email] = str(match[0]["id"])
    return found


def _with_ids(body: dict[str, Any], ids: dict[str, str]) -> dict[str, Any]:
    policy = dict(body["escalation_policy"])
    policy["escalation_rules"] = [
        {
            "escalation_delay_in_minutes": rule["escalation_delay_in_minutes"],
            "targets": [{"id": ids[t["email"]], "type": "user_reference"} for t in rule["targets"]],
        }
        for rule in policy["escalation_rules"]
    ]
    return {"escalation_policy": policy}


def _rules(rows: Any) -> list[tuple[int, list[str]]]:
    return [
        (
            int(r.get("escalation_delay_in_minutes", -1)),
            sorted(str(t.get("id")) for t in r.get("targets") or []),
        )
        for r in rows or []
    ]


def _changes(want: dict[str, Any], have: dict[str, Any]) -> tuple[str, ...]:
    changes = [f for f in ("name", "description", "num_loops") if want.get(f) != have.get(f)]
    if _rules(want["escalation_rules"]) != _rules(have.get("escalation_rules")):
        changes.append("escalation_rules")
    return tuple(changes)


def plan(client: Client, payloads: list[Payload], programmes: set[str], prune: bool) -> Plan:
    """What pushing the payloads would do, users resolved by e-mail first."""
    result = Plan("pagerduty", client.base_url)
    emails = [
        t["email"]
        for p in payloads
        for r in p.body["escalation_policy"]["escalation_rules"]
        for t in r["targets"]
    ]
    ids = resolve_users(client, emails)
    existing: dict[str, dict[str, Any]] = {}
    for obj in _paged(client, POLICIES, "escalation_policies", {"query": "[policyc:"}):
        key = owner_key(str(obj.get("name", "")))
        if key is not None and key.split("/", 1)[0] in programmes:
            existing.setdefault(key, obj)
    for p in payloads:
        body = _with_ids(p.body, ids)
        name = body["escalation_policy"]["name"]
        have = existing.get(p.key)
        if have is None:
            result.steps.append(Step("create", p.kind, p.key, name, body=body))
            continue
        changes = _changes(body["escalation_policy"], have)
        action: Action = "update" if changes else "unchanged"
        result.steps.append(Step(action, p.kind, p.key, name, str(have["id"]), changes, body))
    wanted = {p.key for p in payloads}
    for key, obj in sorted(existing.items()):
        if key in wanted:
            continue
        if prune:
            result.steps.append(
                Step("delete", "escalation_policy", key, str(obj.get("name")), str(obj["id"]))
            )
        else:
            result.stale.append(key)
    return result


def apply(client: Client, result: Plan) -> Plan:
    """Carry out the plan, step by step; a second plan afterwards is all unchanged."""
    for step in result.steps:
        if step.action == "create":
            made = client.request("POST", POLICIES, body=step.body)
            step.remote_id = str(made["escalation_policy"]["id"])
        elif step.action == "update":
            client.request("PUT", f"{POLICIES}/{step.remote_id}", body=step.body)
        elif step.action == "delete":
            client.request("DELETE", f"{POLICIES}/{step.remote_id}")
        else:
            continue
        step.done = True
    result.applied = True
    return result
