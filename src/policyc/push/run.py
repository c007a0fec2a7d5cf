"""One push: the token from the environment, the payloads from the policies, the plan and,
with `apply`, its execution.

In: the system, the compiled policies, the programmes, options and the environment. Out: the
`Plan` (applied or not), or a `PushError`. The token is read here from the environment only
and goes nowhere but the request headers.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from policyc.emit.exports.check import export_of
from policyc.emit.exports.common import Payload
from policyc.model.ir import Policies
from policyc.push import pagerduty, zendesk
from policyc.push.errors import PushError
from policyc.push.http import Client
from policyc.push.plan import Plan

SYSTEMS = ("zendesk", "pagerduty")
TOKEN_VARIABLES = {"zendesk": "ZENDESK_API_TOKEN", "pagerduty": "PAGERDUTY_API_TOKEN"}
ZENDESK_EMAIL = "ZENDESK_EMAIL"  # the agent the token belongs to (Zendesk API token auth)
BASE_URL_VARIABLES = {"zendesk": "ZENDESK_BASE_URL", "pagerduty": "PAGERDUTY_BASE_URL"}
DEFAULT_BASE_URLS = {"pagerduty": "https://api.pagerduty.com"}  # EU: https://api.eu.pagerduty.com


@dataclass(frozen=True)
class Options:
    base_url: str | None = None
    apply: bool = False
    prune: bool = False
    timeout: float = 30.0


def payloads(policies: Policies, system: str, programmes: list[str]) -> list[Payload]:
    """The payloads of the programmes' exports to `system`; PC605 for one without."""
    out: list[Payload] = []
    for pid in programmes:
        exported = export_of(policies, pid, system)
        if exported is None:
            raise PushError(
                "PC605",
                f"programme '{pid}' has no Export document for {system}",
                f"add one (`kind: Export`, `system: {system}`); see docs/exports.md",
            )
        out.extend(exported.payloads)
    return out


def _token(system: str, env: Mapping[str, str]) -> str:
    name = TOKEN_VARIABLES[system]
    token = env.get(name, "").strip()
    if not token:
        raise PushError(
            "PC601",
            f"the environment variable {name} is not set",
            f"export {name} (and never pass the token as an option)",
        )
    return token


def client_for(
    system: str,
    env: Mapping[str, str],
    options: Options,
    sleep: Callable[[float], None] = time.sleep,
) -> Client:
    """An API client for `system`, authenticated from the environment."""
    token = _token(system, env)
    base = options.base_url or env.get(BASE_URL_VARIABLES[system]) or DEFAULT_BASE_URLS.get(system)
    if not base:
        raise PushError(
            "PC607",
            f"no API root for {system}: pass --base-url (or set {BASE_URL_VARIABLES[system]})",
            "e.g. --base-url https://example.zendesk.com",
        )
    if system == "zendesk":
        email = env.get(ZENDESK_EMAIL, "").strip()
        if not email:
            raise PushError(
                "PC601",
                f"the environment variable {ZENDESK_EMAIL} is not set (Zendesk API tokens "
                "act for an agent: their e-mail address)",
                f"export {ZENDESK_EMAIL}=agent@example.com",
            )
        basic = base64.b64encode(f"{email}/token:{token}".encode()).decode()
        headers = {"Authorization": f"Basic {basic}", "Accept": "application/json"}
        secrets: tuple[str, ...] = (token, basic)
    else:
        headers = {
            "Authorization": f"Token token={token}",
            # the version header PagerDuty documents; answers come as application/json
            "Accept": "application/vnd.pagerduty+json;version=2, application/json",
            "Content-Type": "application/json",
        }
        secrets = (token,)
    return Client(base, headers, secrets=secrets, timeout=options.timeout, sleep=sleep)


def push(
    system: str,
    policies: Policies,
    programmes: list[str],
    options: Options,
    env: Mapping[str, str],
    sleep: Callable[[float], None] = time.sleep,
) -> Plan:
    """Plan the push and, with `options.apply`, carry it out."""
    found = payloads(policies, system, programmes)
    plan, apply = (
        (zendesk.plan, zendesk.apply) if system == "zendesk" else (pagerduty.plan, pagerduty.apply)
    )
    with client_for(system, env, options, sleep) as client:
        result = plan(client, found, set(programmes), options.prune)
        if options.apply:
            apply(client, result)
    return result
