"""Fuzzing: mutated policy files never crash policyc, and a failed build leaves generated/.

Hypothesis mutates one file of a small, valid policy tree (the vendor programme with the
en and fr page chrome) at a time: byte flips, truncation, insertions of YAML syntax and
traps, deletions, line shuffles, and structure-aware value, type and key swaps. Each
example runs the whole build in-process and asserts: no uncaught exception, no traceback
text in the report, exit code 0 or 1, and `generated/` byte-identical whenever the build
failed (or exactly its manifest when it succeeded).

2,000 examples when `CI` is set (as `.ci/run` and CI services do), 200 otherwise;
`POLICYC_FUZZ_EXAMPLES=N` overrides both.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from integrity import tree, vendor_tree

from policyc import pipeline
from policyc.codes import exit_code_for
from policyc.diagnostics import Severity
from policyc.output import manifest
from policyc.report import RENDERERS

EXAMPLES = int(os.environ.get("POLICYC_FUZZ_EXAMPLES") or (2000 if os.environ.get("CI") else 200))

_WORK = Path(tempfile.mkdtemp(prefix="policyc-fuzz-"))
POLICIES = vendor_tree(_WORK / "policies")
OUT = _WORK / "generated"
ORIGINAL = {
    p.relative_to(POLICIES).as_posix(): p.read_bytes() for p in sorted(POLICIES.rglob("*.yaml"))
}
DOCS = {name: list(yaml.safe_load_all(data)) for name, data in ORIGINAL.items()}

TOKENS = [
    b"\t", b"\x00", b"\x1b[2J", b"\xff", b"\xef\xbb\xbf", b"\r\n", b"\n", b" ", b"  ", b"---\n",
    b"...\n", b"- ", b": ", b"? ", b"{", b"}", b"[", b"]", b",", b"'", b'"', b"#", b"&a ",
    b"*a", b"<<: *a", b"!!python/object:os.system ", b"!include ", b"!!binary ", b"! ",
    b"~", b"null", b"NO", b"on", b"9:00", b"017", b"1e3", b".inf", b"-.nan", b"0x1F",
    b"2026-02-30", b"24:00", b"99h", b"0m", b"1h30m", b"con", b"../", b"\\", b"%",
    b"{{ 7*7 }}", b"<script>", "é".encode(), "中".encode(), "\u2028".encode(),
    "\U0001f600".encode(), b"\x85",
]  # fmt: skip


def _paths(value: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield here
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*here, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _paths(child, (*here, i))


def _scalars(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield key
            yield from _scalars(child)
    elif isinstance(value, list):
        for child in value:
            yield from _scalars(child)
    else:
        yield value


_VALUES = st.one_of(
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.text(max_size=40),
    st.sampled_from(["", "x" * 300, "con", "../x", "<b>", "{seats}", "{", "24:00", "P1"]),
    st.lists(st.integers(0, 9), max_size=3),
    st.dictionaries(st.text(max_size=6), st.integers(), max_size=2),
)


@st.composite
def structural(draw: st.DrawFn, name: str) -> bytes:
    """Swap a value for another of any type, or rename, retype or drop a key."""
    docs = [yaml.safe_load(yaml.safe_dump(d)) for d in DOCS[name]]  # a deep copy
    doc_index = draw(st.integers(0, len(docs) - 1))
    paths = [p for p in _paths(docs[doc_index]) if p]
    path = draw(st.sampled_from(paths))
    parent = docs[doc_index]
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    action = draw(st.sampled_from(["value", "reuse", "rename", "int-key", "drop"]))
    if action == "value":
        parent[last] = draw(_VALUES)
    elif action == "reuse":  # a value from elsewhere: right type, wrong meaning
        parent[last] = draw(st.sampled_from(list(_scalars(docs[doc_index]))))
    elif isinstance(parent, dict):
        value = parent.pop(last)
        if action == "rename":
            keys = [k for k in _scalars(docs[doc_index]) if isinstance(k, str)] or ["x"]
            parent[draw(st.sampled_from(keys))] = value
        elif action == "int-key":
            parent[draw(st.integers(0, 3))] = value
    else:
        del parent[last]
    text = yaml.safe_dump_all(docs, sort_keys=draw(st.booleans()), allow_unicode=True)
    return text.encode()


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """One policy file of the tree and its mutated bytes."""
    name = draw(st.sampled_from(sorted(ORIGINAL)))
    data = bytearray(ORIGINAL[name])
    kinds = ["flip", "truncate", "insert", "delete", "lines", "structure", "structure"]
    kind = draw(st.sampled_from(kinds))  # structure twice: it reaches the model and emitters
    if kind == "structure":
        return name, draw(structural(name))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        if kind == "flip" and at < len(data):
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "truncate":
            del data[at:]
            break
        elif kind == "insert":
            token = draw(st.one_of(st.sampled_from(TOKENS), st.binary(min_size=1, max_size=4)))
            data[at:at] = token
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif kind == "lines":
            lines = bytes(data).split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            op = draw(st.sampled_from(["swap", "duplicate", "drop", "indent", "dedent"]))
            if op == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            elif op == "duplicate":
                lines.insert(j, lines[i])
            elif op == "drop":
                del lines[i]
            elif op == "indent":
                lines[i] = b"  " + lines[i]
            else:
                lines[i] = lines[i][1:]
            data = bytearray(b"\n".join(lines))
    return name, bytes(data)


def _exit_code(outcome: pipeline.BuildOutcome) -> int:
    errors = [d for d in outcome.diagnostics if d.severity is Severity.ERROR]
    return max((exit_code_for(d.code) for d in errors), default=0)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_mutated_policies_never_crash_and_never_half_write(case: tuple[str, bytes]) -> None:
    name, data = case
    target = POLICIES / name
    before = tree(OUT) if OUT.exists() else {}
    target.write_bytes(data)
    try:
        outcome = pipeline.build(POLICIES, OUT)
    finally:
        target.write_bytes(ORIGINAL[name])
    code = _exit_code(outcome)
    first = next((d.code for d in outcome.diagnostics if d.severity is Severity.ERROR), "none")
    event(f"exit {code}, first error {first}")  # see --hypothesis-show-statistics
    report = RENDERERS["text"](outcome.diagnostics, False)
    assert code in (0, 1), report
    assert "Traceback" not in report
    for d in outcome.diagnostics:
        assert d.span.file and d.span.line >= 1 and d.span.col >= 1, d
    if code:
        assert (tree(OUT) if OUT.exists() else {}) == before
    else:
        recorded = manifest.read_manifest(OUT)
        assert recorded is not None and manifest.tree_matches(OUT, recorded)


def teardown_module() -> None:
    shutil.rmtree(_WORK, ignore_errors=True)
