"""Other runtimes compile the published schemas: ajv in strict mode (Draft 2020-12 with
ajv-formats), the strictest common JavaScript validator, through `tests/ajv/check.mjs`.

ajv and ajv-formats are pinned in `tests/ajv/package-lock.json` and installed by `.ci/run`
(`npm ci`). Locally the tests skip until `npm ci --prefix tests/ajv` has run; under `CI`
they never skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from schemawalk import patterned

from policyc.load import load_text
from policyc.validate import validate_documents

ROOT = Path(__file__).resolve().parent.parent
AJV = ROOT / "tests" / "ajv"
NODE = shutil.which("node")
READY = NODE is not None and (AJV / "node_modules" / "ajv").is_dir()

pytestmark = pytest.mark.skipif(
    not READY and not os.environ.get("CI"),
    reason="run `npm ci --prefix tests/ajv` (needs node) to compile the schemas with ajv",
)


def ajv(request: dict[str, Any]) -> dict[str, Any]:
    assert NODE is not None, "node is not installed"
    done = subprocess.run(
        [NODE, str(AJV / "check.mjs")],
        input=json.dumps({"schemas": str(ROOT / "schemas"), **request}),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


PATTERNED = patterned()
IDS = [where for where, _ in PATTERNED]


@cache
def compiled() -> dict[str, Any]:
    routing = sorted((ROOT / "generated" / "routing").glob("*.json"))
    documents = [["https://policyc.dev/schemas/routing.schema.json", str(p)] for p in routing]
    return ajv({"documents": documents})


def test_every_schema_compiles_in_strict_mode() -> None:
    found = compiled()
    assert found["errors"] == [] and found["warnings"] == []
    names = sorted(p.name for p in (ROOT / "schemas").glob("*.schema.json"))
    assert found["compiled"] == dict.fromkeys(names, "ok")


def test_generated_routing_tables_are_valid_in_ajv() -> None:
    assert list((ROOT / "generated" / "routing").glob("*.json"))
    assert compiled()["invalid"] == []


@pytest.mark.parametrize(("where", "schema"), PATTERNED, ids=IDS)
def test_patterns_mean_the_same_in_ajv(where: str, schema: dict[str, Any]) -> None:
    """Examples match; with a newline before or after they do not (`$` is the end)."""
    pattern = schema["pattern"]
    values = [v for e in schema["examples"] for v in (e, e + "\n", "\n" + e, e + "\r\n")]
    matches = ajv({"patterns": [[pattern, v] for v in values]})["matches"]
    assert matches == [v in schema["examples"] for v in values], where


def test_hints_are_read_from_the_descriptions() -> None:
    """The hint convention that replaced `x-hint` still reaches the diagnostics."""
    docs, _ = load_text(
        "apiVersion: policyc/v1\nkind: Calendar\nid: Office\nname: calendar.office\n"
        "timezone: UTC\nhours: [{days: [mon], from: 9:00, to: '17:00'}]\n",
        "f.yaml",
    )
    hints = sorted(d.hint or "" for d in validate_documents(docs)[1])
    assert hints == [
        "ids are lowercase slugs like 'premium-support' (a-z, 0-9, single hyphens)",
        "write times as quoted 'HH:MM', e.g. '09:00'",
    ]
