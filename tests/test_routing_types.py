"""TypeScript types of the routing tables: `routing/routing.d.ts`, checked with tsc --strict.

The types are made from `schemas/routing.schema.json` by json-schema-to-typescript (npm,
pinned with typescript and @types/node in tests/typescript/package-lock.json; `.ci/run`
installs them with `npm ci`). policyc ships the result as a template and the routing
emitter writes it, so `policyc build` needs no Node; this test regenerates it and fails
when the schema and the template drift apart. The Node example consumer is type-checked
JavaScript (`// @ts-check`, JSDoc importing the generated types); `tsc --strict --noEmit`
must accept it and must refuse code that reads a cell's `min` before checking `promise`.

Locally the tests skip until `npm ci --prefix tests/typescript` has run; under CI never.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from policyc import pipeline
from policyc.emit.routing import RoutingEmitter, typescript_types

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tests" / "typescript"
BIN = TOOLS / "node_modules" / ".bin"
SCHEMA = ROOT / "schemas" / "routing.schema.json"
TEMPLATE = ROOT / "src" / "policyc" / "emit" / "routing.d.ts"
NODE = shutil.which("node")
READY = NODE is not None and (BIN / "tsc").exists() and (BIN / "json2ts").exists()

pytestmark = pytest.mark.skipif(
    not READY and not os.environ.get("CI"),
    reason="run `npm ci --prefix tests/typescript` (needs node) to check the TypeScript types",
)


def tool(name: str, *args: str, cwd: Path = TOOLS) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / name), *args], capture_output=True, text=True, cwd=cwd, timeout=300, check=False
    )


def test_types_are_what_json_schema_to_typescript_makes_of_the_schema(tmp_path: Path) -> None:
    out = tmp_path / "routing.d.ts"
    done = tool("json2ts", "--input", str(SCHEMA), "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == TEMPLATE.read_bytes(), (
        "schemas/routing.schema.json changed: regenerate the types with "
        "tests/typescript/node_modules/.bin/json2ts -i schemas/routing.schema.json "
        "-o src/policyc/emit/routing.d.ts, then policyc build"
    )
    text = out.read_text(encoding="utf-8")
    assert "export type Cell = Target | NoTarget;" in text
    assert "export interface ProgrammeFile {" in text and "export interface IndexFile {" in text


def test_the_routing_emitter_writes_the_types_beside_the_tables() -> None:
    result = pipeline.validate([ROOT / "tests" / "cases" / "vendor" / "policies"])
    assert result.policies is not None
    written = {a.path: a.data for a in RoutingEmitter().emit(result.policies)}
    assert written["routing/routing.d.ts"] == typescript_types() == TEMPLATE.read_bytes()
    committed = ROOT / "generated" / "routing" / "routing.d.ts"
    assert committed.read_bytes() == TEMPLATE.read_bytes()


def test_node_example_passes_tsc_strict() -> None:
    done = tool("tsc", "--strict", "--noEmit", "-p", "tsconfig.json")
    assert done.returncode == 0, done.stdout + done.stderr
    example = (ROOT / "examples" / "node" / "route.mjs").read_text(encoding="utf-8")
    assert "// @ts-check" in example
    assert '"../../generated/routing/routing"' in example


def _check(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    """tsc --strict over one module that imports the generated types."""
    types = (ROOT / "generated" / "routing" / "routing").as_posix()
    (tmp_path / "use.mjs").write_text(
        f'// @ts-check\n/** @import {{ ProgrammeFile }} from "{types}" */\n{body}',
        encoding="utf-8",
    )
    config = {
        "extends": (TOOLS / "tsconfig.json").as_posix(),
        "compilerOptions": {"typeRoots": [(TOOLS / "node_modules" / "@types").as_posix()]},
        "files": ["use.mjs"],
    }
    (tmp_path / "tsconfig.json").write_text(json.dumps(config), encoding="utf-8")
    return tool("tsc", "--strict", "--noEmit", "-p", str(tmp_path / "tsconfig.json"), cwd=tmp_path)


def test_tsc_refuses_a_cell_read_without_checking_its_promise(tmp_path: Path) -> None:
    careless = """
/** @param {ProgrammeFile} table */
export function minutes(table) {
  return table.sla_policies[0].targets.premium["sev-1"].acknowledgement.min.minutes;
}
"""
    done = _check(tmp_path, careless)
    assert done.returncode != 0
    assert "error TS2339: Property 'min' does not exist on type 'Cell'" in done.stdout
    # a target cell may be a next-business-day one: no `min` until that is ruled out too
    hasty = """
/** @param {ProgrammeFile} table */
export function minutes(table) {
  const cell = table.sla_policies[0].targets.premium["sev-1"].acknowledgement;
  return cell.promise === "target" ? cell.min.minutes : null;
}
"""
    done = _check(tmp_path, hasty)
    assert done.returncode != 0
    assert "is possibly 'undefined'" in done.stdout
    careful = """
/** @param {ProgrammeFile} table */
export function minutes(table) {
  const cell = table.sla_policies[0].targets.premium["sev-1"].acknowledgement;
  return cell.promise === "target" && cell.next_business_day == null && cell.min
    ? cell.min.minutes
    : null;
}
"""
    done = _check(tmp_path, careful)
    assert done.returncode == 0, done.stdout + done.stderr
