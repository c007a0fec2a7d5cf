"""`policyc push pagerduty` against PagerDuty's official OpenAPI document, served by Prism
(`@stoplight/prism-cli`, pinned in tests/prism/) with `--errors`: a request that breaks the
contract (path, query, headers or body) is answered 4xx (422, or the 400 the document gives) and fails the push.

The document is tests/contracts/pagerduty-openapi.json: the paths policyc uses and every
component they reference, unchanged from PagerDuty/api-schema (commit in `info`)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from policyc.cli import main

ROOT = Path(__file__).resolve().parent.parent
PRISM = ROOT / "tests" / "prism" / "node_modules" / ".bin" / "prism"
CONTRACT = ROOT / "tests" / "contracts" / "pagerduty-openapi.json"
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"
TOKEN = "prism-t0ken-never-printed"
EXAMPLE_USER = "125.greenholt.earline@graham.name"  # the listUsers response example
HEADERS = {
    "Authorization": f"Token token={TOKEN}",
    "Accept": "application/vnd.pagerduty+json;version=2",
    "Content-Type": "application/json",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def prism() -> Iterator[str]:
    if not PRISM.exists() or shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("Prism is not installed: npm ci --prefix tests/prism")
        pytest.skip("Prism is not installed (npm ci --prefix tests/prism)")
    port = _free_port()
    proc = subprocess.Popen(
        [str(PRISM), "mock", "--errors", "-h", "127.0.0.1", "-p", str(port), str(CONTRACT)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/users", headers=HEADERS, timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read() if proc.stdout else ""
                    pytest.fail(f"Prism did not start: {out}")
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """The vendor fixture, its contacts at the address PagerDuty's example user has."""
    tree = tmp_path / "policies"
    shutil.copytree(VENDOR, tree)
    regions = tree / "regions.yaml"
    text = regions.read_text(encoding="utf-8")
    for address in (
        "duty@northwind.example",
        "anna.becker@northwind.example",
        "luc.martin@northwind.example",
    ):
        text = text.replace(address, EXAMPLE_USER)
    text += (
        "---\napiVersion: policyc/v1\nkind: Export\nprogramme: northwind-support\n"
        "system: pagerduty\nescalation_delay: 15m\nnum_loops: 1\n"
    )
    regions.write_text(text, encoding="utf-8")
    return tree


def test_prism_rejects_what_breaks_the_contract(prism: str) -> None:
    """The mock validates: a policy without rules, or a rule with 11 targets, fails."""
    bad = {"escalation_policy": {"type": "escalation_policy", "name": "x"}}
    answer = httpx.post(f"{prism}/escalation_policies", json=bad, headers=HEADERS)
    assert answer.status_code in (400, 422)
    assert "escalation_rules" in answer.headers["sl-violations"]
    targets = [{"id": f"P{i}", "type": "user_reference"} for i in range(11)]
    rule = {"escalation_delay_in_minutes": 30, "targets": targets}
    bad["escalation_policy"]["escalation_rules"] = [rule]  # type: ignore[index]
    answer = httpx.post(f"{prism}/escalation_policies", json=bad, headers=HEADERS)
    assert answer.status_code in (400, 422) and "sl-violations" in answer.headers


def test_push_apply_is_accepted_by_the_official_contract(prism: str, tree: Path) -> None:
    argv = ["push", "pagerduty", "--policies", str(tree), "--base-url", prism]
    env = {"PAGERDUTY_API_TOKEN": TOKEN}
    dry = CliRunner().invoke(main, argv, env=env, catch_exceptions=False)
    assert dry.exit_code == 0, dry.stderr
    assert "2 to create" in dry.stdout
    done = CliRunner().invoke(main, [*argv, "--apply"], env=env, catch_exceptions=False)
    assert done.exit_code == 0, done.stderr  # Prism answered 2xx to every request
    assert "2 created, 0 updated, 0 unchanged, 0 deleted." in done.stdout
    assert TOKEN not in dry.stdout + dry.stderr + done.stdout + done.stderr
