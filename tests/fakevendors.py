"""Stateful fakes of the Zendesk and PagerDuty APIs on 127.0.0.1, for `policyc push` tests.

Every request body is validated against the vendor's request shape: Zendesk's as JSON
Schemas written from its API reference (tests/contracts/zendesk-requests.schema.json),
PagerDuty's as the components of its official OpenAPI document
(tests/contracts/pagerduty-openapi.json). A request that does not fit is answered 400 and
recorded in `violations`, so a test fails on it. `faults` queues answers (429, 5xx, 4xx)
for the next matching requests; `log` keeps every request (method, path, headers, body).
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

CONTRACTS = Path(__file__).parent / "contracts"
TOKEN = "s3cr3t-t0ken-never-printed"
AGENT = "agent@example.com"


def _zendesk_validators() -> dict[str, jsonschema.Draft202012Validator]:
    schema = json.loads((CONTRACTS / "zendesk-requests.schema.json").read_text())
    return {
        name: jsonschema.Draft202012Validator({"$ref": f"#/$defs/{name}", "$defs": schema["$defs"]})
        for name in schema["$defs"]
        if name.endswith("_request")
    }


def _pagerduty_validator() -> jsonschema.Draft202012Validator:
    """The request body of POST/PUT /escalation_policies, as the OpenAPI document states it."""
    doc = json.loads((CONTRACTS / "pagerduty-openapi.json").read_text())
    uri = "urn:pagerduty-openapi"
    registry: Registry = Registry().with_resource(uri, Resource(doc, specification=DRAFT202012))
    body = "/paths/~1escalation_policies/post/requestBody/content/application~1json/schema"
    return jsonschema.Draft202012Validator({"$ref": f"{uri}#{body}"}, registry=registry)


@dataclass
class Fault:
    method: str
    path: str  # a prefix
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


class State:
    def __init__(self, system: str, users: list[str]) -> None:
        self.system = system
        self.ids = itertools.count(1001)
        self.objects: dict[str, dict[int, dict[str, Any]]] = {
            "sla_policies": {},
            "schedules": {},
            "escalation_policies": {},
        }
        self.holidays: dict[int, dict[int, dict[str, Any]]] = {}
        self.users = [
            {"id": f"PU{i:05d}", "type": "user", "name": e.split("@")[0], "email": e}
            for i, e in enumerate(users)
        ]
        self.faults: list[Fault] = []
        self.log: list[Request] = []
        self.violations: list[str] = []
        self.lock = threading.Lock()
        self.zendesk = _zendesk_validators() if system == "zendesk" else {}
        self.pagerduty = _pagerduty_validator() if system == "pagerduty" else None


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _handle(self, method: str) -> None:
        state = self.server.state
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        with state.lock:
            state.log.append(Request(method, self.path, dict(self.headers), body))
            fault = next(
                (f for f in state.faults if f.method == method and url.path.startswith(f.path)),
                None,
            )
            if fault is not None:
                state.faults.remove(fault)
                self._send(fault.status, fault.body, fault.headers)
                return
            if not self._authorised(state):
                return
            params = {k: v[0] for k, v in parse_qs(url.query).items()}
            route = zendesk_route if state.system == "zendesk" else pagerduty_route
            status, answer = route(state, method, url.path, params, body)
        self._send(status, answer)

    def _authorised(self, state: State) -> bool:
        auth = self.headers.get("Authorization", "")
        if state.system == "zendesk":
            good = "Basic " + base64.b64encode(f"{AGENT}/token:{TOKEN}".encode()).decode()
            if auth != good:
                self._send(401, {"error": "Couldn't authenticate you"})
                return False
            return True
        if auth != f"Token token={TOKEN}":
            self._send(401, {"error": {"message": "Unauthorized", "code": 2006}})
            return False
        if "application/vnd.pagerduty+json;version=2" not in self.headers.get("Accept", ""):
            state.violations.append(f"Accept header {self.headers.get('Accept')!r}")
            self._send(400, {"error": {"message": "Accept header", "code": 2001}})
            return False
        return True

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_DELETE(self) -> None:
        self._handle("DELETE")


def _invalid(
    state: State, validator: jsonschema.Draft202012Validator, body: Any, what: str
) -> str | None:
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.path))
    if not errors:
        return None
    message = f"{what}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:3])
    state.violations.append(message)
    return message


_SCHEDULE = re.compile(r"^/api/v2/business_hours/schedules/(\d+)(/workweek|/holidays(?:/(\d+))?)?$")
_POLICY = re.compile(r"^/api/v2/slas/policies/(\d+)$")


def zendesk_route(
    state: State, method: str, path: str, params: dict[str, str], body: Any
) -> tuple[int, Any]:
    policies, schedules = state.objects["sla_policies"], state.objects["schedules"]
    if path == "/api/v2/slas/policies" and method == "GET":
        return 200, {
            "sla_policies": list(policies.values()),
            "next_page": None,
            "previous_page": None,
            "count": len(policies),
        }
    if path == "/api/v2/slas/policies" and method == "POST":
        bad = _invalid(state, state.zendesk["sla_policy_request"], body, "POST sla policy")
        if bad:
            return 400, {"error": "RecordInvalid", "description": bad}
        new = {
            "id": next(state.ids),
            "position": len(policies) + 1,
            "description": "",
            **body["sla_policy"],
        }
        policies[new["id"]] = new
        return 201, {"sla_policy": new}
    if m := _POLICY.match(path):
        pid = int(m.group(1))
        if pid not in policies:
            return 404, {"error": "RecordNotFound", "description": "Not found"}
        if method == "DELETE":
            del policies[pid]
            return 204, None
        if method == "PUT":
            bad = _invalid(state, state.zendesk["sla_policy_request"], body, "PUT sla policy")
            if bad:
                return 400, {"error": "RecordInvalid", "description": bad}
            policies[pid] = {**policies[pid], **body["sla_policy"]}
            return 200, {"sla_policy": policies[pid]}
    if path == "/api/v2/business_hours/schedules" and method == "GET":
        return 200, {"schedules": list(schedules.values())}
    if path == "/api/v2/business_hours/schedules" and method == "POST":
        bad = _invalid(state, state.zendesk["schedule_request"], body, "POST schedule")
        if bad:
            return 400, {"error": "RecordInvalid", "description": bad}
        default = [{"start_time": d * 1440 + 540, "end_time": d * 1440 + 1020} for d in range(1, 6)]
        new = {"id": next(state.ids), **body["schedule"], "intervals": default}
        schedules[new["id"]] = new
        state.holidays[new["id"]] = {}
        return 201, {"schedule": new}
    if m := _SCHEDULE.match(path):
        return _schedule_route(state, method, int(m.group(1)), m.group(2), m.group(3), body)
    return 404, {"error": "InvalidEndpoint", "description": f"{method} {path}"}


def _schedule_route(
    state: State, method: str, sid: int, sub: str | None, hid: str | None, body: Any
) -> tuple[int, Any]:
    schedules = state.objects["schedules"]
    if sid not in schedules:
        return 404, {"error": "RecordNotFound", "description": "Not found"}
    holidays = state.holidays[sid]
    if sub is None and method == "PUT":
        bad = _invalid(state, state.zendesk["schedule_request"], body, "PUT schedule")
        if bad:
            return 400, {"error": "RecordInvalid", "description": bad}
        schedules[sid].update(body["schedule"])
        return 200, {"schedule": schedules[sid]}
    if sub is None and method == "DELETE":
        del schedules[sid]
        return 204, None
    if sub == "/workweek" and method == "PUT":
        bad = _invalid(state, state.zendesk["workweek_request"], body, "PUT workweek")
        for i in (body or {}).get("workweek", {}).get("intervals", []) if not bad else []:
            if i["start_time"] // 1440 != (i["end_time"] - 1) // 1440:
                bad = f"interval {i} spans calendar days"
                state.violations.append(bad)
        if bad:
            return 400, {"error": "RecordInvalid", "description": bad}
        schedules[sid]["intervals"] = body["workweek"]["intervals"]
        return 200, {"workweek": body["workweek"]}
    if sub == "/holidays" and method == "GET":
        return 200, {"holidays": list(holidays.values())}
    if sub == "/holidays" and method == "POST":
        bad = _invalid(state, state.zendesk["holiday_request"], body, "POST holiday")
        if bad:
            return 400, {"error": "RecordInvalid", "description": bad}
        new = {"id": next(state.ids), **body["holiday"]}
        holidays[new["id"]] = new
        return 201, {"holiday": new}
    if sub and sub.startswith("/holidays/") and method == "DELETE" and hid and int(hid) in holidays:
        del holidays[int(hid)]
        return 204, None
    return 404, {"error": "InvalidEndpoint", "description": f"{method} schedule {sid}{sub}"}


def _page(rows: list[dict[str, Any]], params: dict[str, str], field: str) -> dict[str, Any]:
    limit, offset = int(params.get("limit", 25)), int(params.get("offset", 0))
    page = rows[offset : offset + limit]
    return {
        field: page,
        "limit": limit,
        "offset": offset,
        "more": offset + limit < len(rows),
        "total": None,
    }


def pagerduty_route(
    state: State, method: str, path: str, params: dict[str, str], body: Any
) -> tuple[int, Any]:
    policies = state.objects["escalation_policies"]
    if path == "/users" and method == "GET":
        query = params.get("query", "").casefold()
        rows = [
            u
            for u in state.users
            if query in u["email"].casefold() or query in u["name"].casefold()
        ]
        return 200, _page(rows, params, "users")
    if path == "/escalation_policies" and method == "GET":
        query = params.get("query", "").casefold()
        rows = [p for p in policies.values() if query in p["name"].casefold()]
        return 200, _page(rows, params, "escalation_policies")
    known = {u["id"] for u in state.users}
    if (path == "/escalation_policies" and method == "POST") or (
        path.startswith("/escalation_policies/") and method == "PUT"
    ):
        assert state.pagerduty is not None
        bad = _invalid(state, state.pagerduty, body, f"{method} escalation policy")
        targets = [
            t["id"]
            for r in (body or {}).get("escalation_policy", {}).get("escalation_rules", [])
            for t in r.get("targets", [])
        ]
        if not bad and any(t not in known for t in targets):
            bad = f"unknown user ids {[t for t in targets if t not in known]}"
            state.violations.append(bad)
        if bad:
            return 400, {
                "error": {"message": "Invalid Input Provided", "code": 2001, "errors": [bad]}
            }
        if method == "POST":
            new = {"id": f"PE{next(state.ids)}", **body["escalation_policy"]}
            policies[new["id"]] = new
            return 201, {"escalation_policy": new}
    if path.startswith("/escalation_policies/"):
        eid = path.rsplit("/", 1)[1]
        if eid not in policies:
            return 404, {"error": {"message": "Not Found", "code": 2100}}
        if method == "PUT":
            policies[eid] = {"id": eid, **body["escalation_policy"]}
            return 200, {"escalation_policy": policies[eid]}
        if method == "DELETE":
            del policies[eid]
            return 204, None
    return 404, {"error": {"message": f"{method} {path}", "code": 2100}}


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: State) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = state

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def serve(system: str, users: list[str] | None = None) -> Iterator[Server]:
    """A fake of `system` on a free port of 127.0.0.1, stopped on exit."""
    server = Server(State(system, users or []))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
