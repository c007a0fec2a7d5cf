"""A seeded mutation fuzz of the yaml-test-suite inputs through policyc's loader.

Every mutant (1 to 3 edits of a suite input: insertions of YAML indicator characters,
tokens and stray bytes, deletions, swaps and duplicated lines) must load without an
exception or a PC901, every diagnostic located inside the file, and the fast and bounded
load paths must agree. 10,000 mutants when `CI` is set, 1,000 otherwise;
`POLICYC_YAML_FUZZ=N` overrides both. Seeded, so a failure names a mutant to replay.
"""

from __future__ import annotations

import os
import random
import time

import pytest
from yamlsuite import cases

from policyc.diagnostics import Diagnostic
from policyc.load import Document, yaml_loader
from policyc.load.yaml_loader import load_bytes

MUTANTS = int(os.environ.get("POLICYC_YAML_FUZZ") or (10_000 if os.environ.get("CI") else 1_000))
CHUNKS = 10
SEED = 20_260_314

INPUTS = sorted({case.yaml for case in cases()})
INDICATORS = list("-?:,[]{}#&*!|>'\"%@`\t\n \r\\")
TOKENS = [
    "- ", ": ", "? ", "---\n", "...\n", "&a ", "*a", "&a", "<<: ", "!!int ", "!!str ",
    "!!bool ", "!!null ", "!!seq ", "!!map ", "!!float ", "!!merge ", "!!set ", "! ", "!x ",
    "!<tag:yaml.org,2002:int> ", "%TAG !y! tag:yaml.org,2002:\n", "%YAML 1.2\n", "|-\n",
    ">+\n", "|2\n", "\t", "\t\n", "\ufeff", "\x85", "\u2028", "\x07", "~", "0x", "0o",
    "1e9", ".inf", "9" * 30, "\"\\", "'", "\\u", "\U0001f600",
]  # fmt: skip
BYTES = [b"\x00", b"\xff", b"\xc3", b"\xe2\x80", b"\xef\xbb\xbf", b"\xfe\xff"]


def mutate(rng: random.Random, text: str) -> bytes:
    """One mutant of `text`: 1 to 3 edits, then maybe a stray byte."""
    for _ in range(rng.randint(1, 3)):
        at = rng.randint(0, len(text))
        kind = rng.randrange(6)
        if kind == 0:
            text = text[:at] + rng.choice(INDICATORS) + text[at:]
        elif kind == 1:
            text = text[:at] + rng.choice(TOKENS) + text[at:]
        elif kind == 2:
            text = text[:at] + text[at + rng.randint(1, 4) :]
        elif kind == 3 and text:  # one indicator character becomes another
            spots = [i for i, c in enumerate(text) if c in INDICATORS]
            if spots:
                i = rng.choice(spots)
                text = text[:i] + rng.choice(INDICATORS) + text[i + 1 :]
        elif kind == 4 and len(text) > 1:  # swap two characters
            i, j = sorted(rng.sample(range(len(text)), 2))
            text = text[:i] + text[j] + text[i + 1 : j] + text[i] + text[j + 1 :]
        else:  # duplicate a line
            lines = text.split("\n")
            k = rng.randrange(len(lines))
            text = "\n".join([*lines[: k + 1], lines[k], *lines[k + 1 :]])
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.05:
        at = rng.randint(0, len(data))
        data = data[:at] + rng.choice(BYTES) + data[at:]
    return data


def _outcome(docs: list[Document], diags: list[Diagnostic]) -> tuple[str, list[Diagnostic]]:
    return repr([d.value for d in docs]), diags


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_mutants_never_fail_internally(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(SEED + chunk)
    count = MUTANTS // CHUNKS + (chunk < MUTANTS % CHUNKS)
    start = time.perf_counter()
    for number in range(count):
        data = mutate(rng, rng.choice(INPUTS))
        where = f"mutant {number} of chunk {chunk}: {data!r}"
        fast = _outcome(*load_bytes(data, "f.yaml"))
        with monkeypatch.context() as patched:
            patched.setattr(yaml_loader, "_fast_eligible", lambda _text: False)
            bounded = _outcome(*load_bytes(data, "f.yaml"))
        assert fast == bounded, where
        # YAML's line breaks (libyaml also counts NEL, LS and PS) as the report's splitlines
        text = data.decode("utf-8", "replace")
        lines = max(data.count(b"\n"), len(text.splitlines())) + 1
        for d in fast[1]:
            assert d.code != "PC901", where
            assert d.span.file == "f.yaml" and 1 <= d.span.line <= lines, (where, d)
            assert d.span.col >= 1, (where, d)
    assert time.perf_counter() - start < 30, "the fuzz must stay fast"
