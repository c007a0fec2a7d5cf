"""The routing emitter: schema-valid, deterministic tables that agree with `resolve`."""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from syrupy.assertion import SnapshotAssertion

from policyc import pipeline
from policyc.emit import emitters
from policyc.emit.routing import RoutingEmitter
from policyc.model.ir import Policies
from policyc.resolve.rules import resolve

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"
PROMISES = ROOT / "tests" / "cases" / "promises" / "policies"
SEEDS = ROOT / "policies"
SCHEMA = ROOT / "schemas" / "routing.schema.json"


@cache
def load(tree: Path) -> Policies:
    result = pipeline.validate([tree])
    assert result.ok and result.policies is not None
    return result.policies


@cache
def tables(tree: Path) -> dict[str, Any]:
    emitted = RoutingEmitter().emit(load(tree))
    return {a.path: json.loads(a.data) for a in emitted if a.path.endswith(".json")}


@cache
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_has_an_id_like_the_others() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$id"] == "https://policyc.dev/schemas/routing.schema.json"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("tree", [VENDOR, SEEDS], ids=["vendor", "seeds"])
def test_every_routing_file_validates_against_the_schema(tree: Path) -> None:
    found = tables(tree)
    assert "routing/index.json" in found
    for path, data in found.items():
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in
                  validator().iter_errors(data)]  # fmt: skip
        assert errors == [], path


def test_schema_rejects_a_broken_table() -> None:
    data = json.loads(json.dumps(tables(VENDOR)["routing/northwind-support.json"]))
    data["countries"]["DE"]["region"] = "Not A Slug"
    assert not validator().is_valid(data)
    del data["countries"]
    assert not validator().is_valid(data)


def test_vendor_routing_json_snapshot(snapshot: SnapshotAssertion) -> None:
    # the content hash changes with any change to the IR's shape: checked on its own below
    artifacts = {
        a.path: re.sub(r'"[0-9a-f]{64}"', '"<sha256>"', a.data.decode())
        for a in RoutingEmitter().emit(load(VENDOR))
    }
    # (routing.d.ts, their TypeScript types: tests/test_routing_types.py)
    assert sorted(artifacts) == [
        "routing/index.json",
        "routing/northwind-support.json",
        "routing/routing.d.ts",
    ]
    assert artifacts["routing/northwind-support.json"] == snapshot
    assert artifacts["routing/index.json"] == snapshot


def test_output_is_sorted_and_ends_with_a_newline() -> None:
    for artifact in RoutingEmitter().emit(load(SEEDS)):
        if not artifact.path.endswith(".json"):
            continue
        text = artifact.data.decode()
        assert text.endswith("}\n")
        data = json.loads(text)
        assert json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n" == text


def test_same_bytes_from_another_working_directory(tmp_path: Path) -> None:
    before = RoutingEmitter().emit(load(VENDOR))
    cwd = Path.cwd()
    try:
        os.chdir(tmp_path)  # source names in the IR change with the cwd; the tables do not
        result = pipeline.validate([VENDOR])
        assert result.policies is not None and result.policies.sources != load(VENDOR).sources
        after = RoutingEmitter().emit(result.policies)
    finally:
        os.chdir(cwd)
    assert before == after


def test_content_hash_follows_the_policies() -> None:
    policies = load(VENDOR)
    table = tables(VENDOR)["routing/northwind-support.json"]
    prog = policies.programmes["northwind-support"]
    changed = policies.model_copy(
        update={
            "programmes": {"northwind-support": prog.model_copy(update={"valid_to": "2027-12-31"})}
        }
    )
    again = json.loads(RoutingEmitter().emit(changed)[1].data)
    assert again["policies_sha256"] != table["policies_sha256"]
    index = tables(VENDOR)["routing/index.json"]
    assert index["programmes"]["northwind-support"]["policies_sha256"] == table["policies_sha256"]


def test_emitter_is_registered() -> None:
    assert "routing" in [e.name for e in emitters()]


def test_zoho_table_facts() -> None:
    zoho = tables(SEEDS)["routing/zoho-partner-support.json"]
    assert zoho["countries"]["MC"] == {"region": "europe-uk", "large_account": "europe-uk"}
    assert zoho["large_accounts"]["us-latam"]["min_seats"] == 70
    sev1 = zoho["sla_policies"][0]["targets"]["premium"]["sev-1"]["acknowledgement"]
    # business days for every severity; critical case types are worked at weekends
    assert (sev1["calendar"], sev1["base_calendar"], sev1["exception"]) == (
        "zoho-business-days",
        "zoho-business-days",
        None,
    )
    assert sev1["conditional_exceptions"] == ["critical-cases"]
    assert zoho["calendars"]["zoho-business-days"]["exceptions"][0]["calendar"] == "always-open"
    assert zoho["calendars"]["always-open"]["always_open"] is True
    europe_l4 = zoho["escalation"]["europe-uk"][3]
    picked = [europe_l4["assignments"][i]["name"] for i in europe_l4["countries"]["SM"]]
    assert picked == ["Francesco Orazi"]
    us_l4 = zoho["escalation"]["usa-canada"][3]
    assert [us_l4["assignments"][i]["subdivisions"] for i in us_l4["countries"]["US"]] == [
        ["us-east"],
        ["us-west"],
        ["us-central"],
    ]
    assert zoho["subdivision_codes"]["US-TX"] == "us-central"
    us = next(s for s in zoho["regions"]["usa-canada"]["subdivisions"] if s["id"] == "us-east")
    assert "US-NY" in us["codes"]
    assert zoho["messages"]["it"]["region.europe-uk.name"]
    assert zoho["messages"]["en"]["calendar.always-open.name"]  # a chrome-domain calendar


def test_dropbox_policies_are_in_precedence_order() -> None:
    dropbox = tables(SEEDS)["routing/dropbox-premium-support.json"]
    order = [(p["id"], p["precedence"], p["default"]) for p in dropbox["sla_policies"]]
    assert order == [("japanese-language", 0, False), ("standard", 1, True)]
    assert dropbox["countries"] == {} and dropbox["escalation"] == {}
    japanese = dropbox["sla_policies"][0]
    assert {k: v for k, v in japanese["applies_to"].items() if v} == {
        "languages": ["ja"],
        "channels": ["japanese-email"],
    }
    assert set(japanese["applies_to"]) == {
        "tiers", "severities", "regions", "countries", "case_types", "languages", "products",
        "channels",
    }  # fmt: skip
    channels = {c["id"]: c["calendar"] for c in dropbox["channels"]}
    assert channels["japanese-phone"] == "jst-business-hours"


def test_page_links_point_at_built_pages() -> None:
    policies = load(SEEDS)
    built = {a.path for e in emitters() for a in e.emit(policies)}
    for path, table in tables(SEEDS).items():
        if path == "routing/index.json":
            continue
        assert len(table["locales"]) == 5
        for entry in table["locales"]:
            assert entry["site"] in built and entry["markdown"] in built
    vendor = tables(VENDOR)["routing/northwind-support.json"]  # no page chrome, no pages
    assert all(e["site"] is None and e["markdown"] is None for e in vendor["locales"])


@pytest.mark.parametrize("tree", [VENDOR, SEEDS, PROMISES], ids=["vendor", "seeds", "promises"])
def test_tables_agree_with_resolve_for_every_country_tier_and_severity(tree: Path) -> None:
    """A plain-lookup reading of each table gives `resolve`'s answer (without due times)."""
    policies = load(tree)
    for pid, prog in policies.programmes.items():
        table = tables(tree)[f"routing/{pid}.json"]
        countries = [None, *table["countries"]]
        for tier in prog.tiers:
            for severity in prog.severities:
                for country in countries if tier.rank == 0 else countries[:4]:
                    want = resolve(policies, pid, tier.id, severity.id, country=country)
                    assert lookup(table, tier.id, severity.id, country) == want.to_json()


def lookup(table: dict[str, Any], tier: str, severity: str, country: str | None) -> dict[str, Any]:
    """What a consumer reads from the table for a ticket without language/product/channel."""
    applicable = [p for p in table["sla_policies"] if not any(p["applies_to"].values())]
    targets, no_targets = [], []
    for metric in table["metrics"]:
        for policy in applicable:
            cell = policy["targets"].get(tier, {}).get(severity, {}).get(metric["id"])
            if cell:
                found = {"metric": metric["id"], "policy": policy["id"], **cell}
                found.pop("conditional_exceptions", None)  # none matches: no case type given
                found.pop("by_region", None)  # no region calendars in these trees
                if found.pop("promise") == "target":
                    targets.append({**found, "due": None})
                else:
                    no_targets.append({**found, "promise": cell["promise"]})
                break
    facts = table["countries"].get(country) if country else None
    region = facts["region"] if facts else None
    rule = facts["large_account"] if facts else None
    large = table["large_accounts"][rule] if rule else None
    levels = table["escalation"].get(region, []) if region else []
    return {
        "programme": table["programme"]["id"],
        "tier": tier,
        "severity": severity,
        "country": country,
        "subdivision": None,
        "territory": None,
        "region": region,
        "language": None,
        "product": None,
        "channel": None,
        "case_type": None,
        "seats": None,
        "opened": None,
        "sla_policy": applicable[0]["id"],
        "targets": targets,
        "no_targets": no_targets,
        "large_account": {
            "rule": rule,
            "min_seats": large["min_seats"],
            "unit": large["unit"],
            "seats": None,
            "large": None,
        }
        if large
        else None,
        "escalation": [
            {
                "level": lv["level"],
                "role": lv["role"],
                "delay_minutes": lv["delay_minutes"],
                "contacts": [lv["assignments"][i] for i in lv["countries"][country]],
            }
            for lv in levels
        ],
    }
