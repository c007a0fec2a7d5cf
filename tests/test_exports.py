"""Zendesk and PagerDuty exports: the mapping kind, the payloads of the bundled programmes,
their published schemas and the warnings for what the vendors cannot express."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from policyc import pipeline
from policyc.emit import WHOLE, Part, preflight
from policyc.emit.exports.check import ExportEmitter, export_of
from policyc.load.document import Document
from policyc.load.yaml_loader import load_text
from policyc.model.context import Where, at
from policyc.model.export import export_wheres

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "generated" / "exports"
SCHEMAS = ROOT / "schemas" / "exports"
SCHEMA_OF = {
    "sla-policies": "zendesk-sla-policy",
    "schedules": "zendesk-schedule",
    "escalation-policies": "pagerduty-escalation-policy",
}


@pytest.fixture(scope="module")
def compiled() -> pipeline.Result:
    result = pipeline.validate([ROOT / "policies"])
    assert result.ok and result.policies is not None
    return result


def payload(system: str, programme: str, folder: str, slug: str) -> dict[str, object]:
    data = json.loads((EXPORTS / system / programme / folder / f"{slug}.json").read_text())
    assert isinstance(data, dict)
    return data


def test_every_emitted_payload_validates_against_its_published_schema() -> None:
    files = sorted(EXPORTS.rglob("*.json"))
    assert {f.parent.name for f in files} == set(SCHEMA_OF)
    for path in files:
        schema = json.loads((SCHEMAS / f"{SCHEMA_OF[path.parent.name]}.schema.json").read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        errors = list(
            jsonschema.Draft202012Validator(schema).iter_errors(json.loads(path.read_text()))
        )
        assert errors == [], (path, [e.message for e in errors])


def test_the_schemas_refuse_what_the_vendor_refuses() -> None:
    schema = json.loads((SCHEMAS / "pagerduty-escalation-policy.schema.json").read_text())
    body = payload("pagerduty", "zoho-partner-support", "escalation-policies", "anz")
    rule = body["escalation_policy"]["escalation_rules"][0]  # type: ignore[index]
    rule["targets"] = rule["targets"] * 11  # PagerDuty takes at most 10 targets per rule
    assert not jsonschema.Draft202012Validator(schema).is_valid(body)


def test_zoho_zendesk_export() -> None:
    critical = payload(
        "zendesk",
        "zoho-partner-support",
        "sla-policies",
        "partner-support-commitment.critical-cases",
    )["sla_policy"]
    base = payload("zendesk", "zoho-partner-support", "sla-policies", "partner-support-commitment")[
        "sla_policy"
    ]
    assert isinstance(critical, dict) and isinstance(base, dict)
    # critical cases are worked on around the clock: calendar hours, one `any` per case type
    assert {m["business_hours"] for m in critical["policy_metrics"]} == {False}
    assert [c["value"] for c in critical["filter"]["any"]] == [
        "case_type_downtime",
        "case_type_system_crash",
        "case_type_login",
    ]
    # `range: max`: sev-1 acknowledgement within 1–3 business hours exports 180 minutes
    assert base["policy_metrics"][0] == {
        "priority": "urgent",
        "metric": "first_reply_time",
        "target": 180,
        "business_hours": True,
    }
    # issue consideration of sev-3, 2d–3d on the 24-hour business day of Mon–Fri
    assert base["policy_metrics"][-1]["target"] == 3 * 1440
    schedule = payload("zendesk", "zoho-partner-support", "schedules", "zoho-business-days")
    assert schedule["workweek"] == {
        "intervals": [{"start_time": d * 1440, "end_time": (d + 1) * 1440} for d in range(1, 6)]
    }


def test_dropbox_zendesk_export_splits_tiers_with_different_targets() -> None:
    folder = EXPORTS / "zendesk" / "dropbox-premium-support" / "sla-policies"
    assert sorted(p.stem for p in folder.glob("*.json")) == [
        "japanese-language.essentials_enhanced",
        "standard.enhanced_champions-epic",
        "standard.essentials_champions-grand",
    ]
    fast = payload(
        "zendesk", "dropbox-premium-support", "sla-policies", "standard.enhanced_champions-epic"
    )
    policy = fast["sla_policy"]
    assert isinstance(policy, dict)
    assert {
        (m["priority"], m["target"], m["business_hours"]) for m in policy["policy_metrics"]
    } == {(p, 60, False) for p in ("urgent", "high", "normal", "low")}


def test_pagerduty_export_has_one_policy_per_region_and_scope() -> None:
    folder = EXPORTS / "pagerduty" / "zoho-partner-support" / "escalation-policies"
    names = sorted(p.stem for p in folder.glob("*.json"))
    assert "apj.japan" in names and "apj.asia-pacific" in names and "anz" in names
    japan = payload("pagerduty", "zoho-partner-support", "escalation-policies", "apj.japan")
    rules = japan["escalation_policy"]["escalation_rules"]  # type: ignore[index]
    assert [[t["email"] for t in r["targets"]] for r in rules] == [
        ["kishore.ks@zohocorp.com"],
        ["daniel.p@zohocorp.com"],
        ["jin.nakazawa@zohocorp.com", "akira.nakai@zohocorp.com"],
    ]
    assert {r["escalation_delay_in_minutes"] for r in rules} == {30}  # escalation_delay: 30m


def test_bundled_warnings(compiled: pipeline.Result) -> None:
    assert compiled.policies is not None
    found = preflight(compiled.policies, compiled.documents)
    mine = sorted(
        (
            d.code,
            d.severity.value,
            Path(d.span.file).parent.name,
            Path(d.span.file).name,
            d.span.line,
        )
        for d in found
        if d.code.startswith("PC43")
    )
    where = ("zoho-partner-support", "exports.yaml")
    assert mine == [
        ("PC430", "warning", *where, 9),  # ranges at their max bound: at `range:`
        ("PC435", "warning", *where, 37),  # level 1 and level 4 roles without contacts
        ("PC435", "warning", *where, 37),
        ("PC437", "warning", *where, 6),  # the assumed Asia/Kolkata zone
    ]


def test_parts_make_the_whole(compiled: pipeline.Result) -> None:
    assert compiled.policies is not None
    for system in ("zendesk", "pagerduty"):
        emitter = ExportEmitter(system)
        whole = emitter.emit(compiled.policies, WHOLE)
        parts = [
            a
            for pid in sorted(compiled.policies.programmes)
            for a in emitter.emit(compiled.policies, Part(frozenset({pid}), shared=False))
        ]
        assert sorted(parts, key=lambda a: a.path) == whole
        assert emitter.emit(compiled.policies, WHOLE) == whole  # deterministic


def test_no_export_without_a_mapping(compiled: pipeline.Result) -> None:
    assert compiled.policies is not None
    assert export_of(compiled.policies, "dropbox-premium-support", "pagerduty") is None


@pytest.mark.parametrize(("files", "seed"), [(10, 1), (40, 7)])
def test_generated_programmes_export_one_file_per_object(
    tmp_path: Path, files: int, seed: int
) -> None:
    """Scopes whose contacts carry no labels still get names of their own."""
    from benchgen import generate

    generate.generate(tmp_path / "p", files, seed=seed)
    result = pipeline.validate([tmp_path / "p"])
    assert result.ok and result.policies is not None
    for system in ("zendesk", "pagerduty"):
        paths = [a.path for a in ExportEmitter(system).emit(result.policies)]
        assert paths and len(paths) == len(set(paths)), system


def _plain_where(docs: list[Document], programme: str, system: str) -> Where | None:
    """The scan `export_wheres` replaces: the first Export document of the pair."""
    for doc in docs:
        v = doc.value
        if (
            doc.kind == "Export"
            and isinstance(v, dict)
            and v.get("programme") == programme
            and v.get("system") == system
        ):
            return at(doc)
    return None


def test_export_wheres_is_the_first_document_of_each_pair() -> None:
    texts = {
        "a.yaml": "kind: Export\nprogramme: p1\nsystem: zendesk\n---\n"
        "kind: Export\nprogramme: p2\nsystem: zendesk\n---\n"
        "kind: Export\nprogramme: p1\nsystem: zendesk\n",  # a duplicate: the first wins
        "b.yaml": "kind: Export\nprogramme: p1\nsystem: pagerduty\n---\n"
        "kind: Programme\nid: p1\nprogramme: p1\nsystem: zendesk\n---\n"
        "kind: Export\nprogramme: [p3]\nsystem: zendesk\n---\n- not a mapping\n",
    }
    docs = [d for name, text in texts.items() for d in load_text(text, name)[0]]
    wheres = export_wheres(docs)
    for programme in ("p1", "p2", "p3", "p4"):
        for system in ("zendesk", "pagerduty"):
            assert wheres.get((programme, system)) == _plain_where(docs, programme, system)
    assert len(wheres) == 3
    first = wheres[("p1", "zendesk")]
    assert (first.doc.file, first.doc.index) == ("a.yaml", 0)
