"""The vendored yaml-test-suite (tests/yaml-test-suite/, MIT): its cases as Python data.

In: `src/<ID>.yaml`, each a list of cases written with the suite's visible-whitespace
markers (see SOURCE.txt). Out: `Case`s named `<ID>` or `<ID>-<NN>`, with the YAML input,
whether it is invalid, and the expected JSON documents where the suite gives them. Later
items of a file inherit `yaml` and the expected outputs of the item before, exactly as the
suite's own generator (bin/YAMLTestSuite.pm) does; `fail` is never inherited.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SUITE = Path(__file__).resolve().parent / "yaml-test-suite" / "src"


@dataclass(frozen=True)
class Case:
    id: str
    name: str
    yaml: str  # the input, markers replaced by the characters they stand for
    fail: bool  # the input is not valid YAML
    json: list[Any] | None  # the expected documents, when the suite gives them


def unescape(text: str) -> str:
    """The suite's visible-whitespace markers → the characters they stand for."""
    text = text.replace("␣", " ")
    text = re.sub("—*»", "\t", text)
    text = text.replace("←", "\r").replace("⇔", "\ufeff").replace("↵", "")
    return text[:-2] if text.endswith("∎\n") else text


def _documents(text: str) -> list[Any]:
    decoder, found, at = json.JSONDecoder(), [], 0
    text = text.strip()
    while at < len(text):
        value, at = decoder.raw_decode(text, at)
        found.append(value)
        while at < len(text) and text[at].isspace():
            at += 1
    return found


def cases() -> Iterator[Case]:
    for path in sorted(SUITE.glob("*.yaml")):
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        if items[0].get("skip"):
            continue
        cache: dict[str, Any] = {}
        for number, item in enumerate(items):
            test = dict(item)
            test["name"] = test.get("name") or cache.get("name")
            test["yaml"] = test.get("yaml") or cache.get("yaml")
            test["fail"] = "fail" in test
            for key in ("tree", "json", "dump", "emit"):
                if key not in test and cache.get(key) is not None:
                    test[key] = cache[key]
            cache = test
            expected = test.get("json")
            yield Case(
                f"{path.stem}-{number:02d}" if len(items) > 1 else path.stem,
                test["name"],
                unescape(test["yaml"]),
                test["fail"],
                None if expected is None else _documents(expected),
            )


def same(a: Any, b: Any) -> bool:
    """Equal as JSON values, type for type: True is not 1, 1 is not 1.0, "1" is not 1."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same, a, b))
    return bool(a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b)))
