"""The loader's fast path (C composer) gives exactly what the bounded path gives.

`load_text` composes a file with PyYAML's C composer when the file is provably within
every limit, and falls back to `BoundedComposer` for anything else or any problem. For
every YAML file in the repository, the hostile corpus and a set of edge cases, both paths
must produce the same diagnostics, values and node positions.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from policyc.diagnostics import Diagnostic
from policyc.load import Document, yaml_loader
from policyc.load.yaml_loader import load_text

ROOT = Path(__file__).resolve().parents[1]

EDGE_CASES = {
    "aliases": "a: &x [1, 2]\nb: *x\nc: *x\n",
    "recursive-alias": "a: &x [*x]\n",
    "undefined-alias": "a: *nope\n",
    "duplicate-anchor": "a: &x 1\nb: &x 2\n",
    "non-specific-tag": "a: ! 017\nb: ! true\n",
    "non-specific-tag-flow": "a: [! 017, !  x]\n",
    "explicit-tags": "a: !!str 017\nb: !!int '5'\nc: !local x\n",
    "yaml-1.1-lookalikes": "a: NO\nb: 9:00\nc: 017\nd: 0o17\ne: .inf\nf: -.INF\ng: .nan\nh: ~\n",
    "second-document-broken": "a: 1\n---\nb: [\n",
    "third-document-too-deep": "a: 1\n---\nb: 2\n---\n" + "c: " + "[" * 70 + "]" * 70 + "\n",
    "deep-but-allowed": "a: " + "[" * 60 + "1" + "]" * 60 + "\n",
    "duplicate-key": "a: 1\na: 2\n",
    "merge-key": "a: &b {x: 1}\nc:\n  <<: *b\n",
    "non-string-key": "1: a\n",
    "empty": "",
    "comment-only": "# nothing\n",
    "flow-empties": "a: {b, c}\nd: [?]\n",
    "many-documents": "---\na: 1\n" * 1_001,
    "nesting-beyond-the-c-composer": "a: " + "[" * 20_000 + "]" * 20_000 + "\n",
    "bang-in-text": "a: Welcome!\nb: 'really !'\n",
}


def _texts() -> Iterator[tuple[str, str]]:
    for base in (ROOT / "tests", ROOT / "policies"):
        for path in sorted(base.rglob("*.y*ml")):
            try:
                text = path.read_bytes().decode("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue
            if "\x00" not in text:
                yield path.relative_to(ROOT).as_posix(), text
    yield from sorted(EDGE_CASES.items())


TEXTS = dict(_texts())


def _nodes(node: yaml.Node, depth: int = 0, seen: frozenset[int] = frozenset()) -> Iterator[tuple]:
    """Every node as comparable data (aliases to open collections are not followed)."""
    start, end = node.start_mark, node.end_mark
    yield (
        depth,
        type(node).__name__,
        node.tag,
        node.value if isinstance(node, yaml.ScalarNode) else None,
        getattr(node, "style", None) if isinstance(node, yaml.ScalarNode) else None,
        (start.line, start.column, end.line, end.column),
    )
    if id(node) in seen or depth > 80:
        return
    inner = seen | {id(node)}
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            yield from _nodes(child, depth + 1, inner)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _nodes(key, depth + 1, inner)
            yield from _nodes(value, depth + 1, inner)


def _outcome(docs: list[Document], diags: list[Diagnostic]) -> tuple:
    return (
        [(d.file, d.index, repr(d.value), list(_nodes(d.node))) for d in docs],
        diags,
    )


@pytest.mark.parametrize("name", list(TEXTS))
def test_fast_and_bounded_paths_agree(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = TEXTS[name]
    fast = _outcome(*load_text(text, "f.yaml"))
    monkeypatch.setattr(yaml_loader, "_fast_eligible", lambda _text: False)
    bounded = _outcome(*load_text(text, "f.yaml"))
    assert fast == bounded


def test_the_fast_path_takes_real_policy_files(monkeypatch: pytest.MonkeyPatch) -> None:
    taken = []
    original = yaml_loader._load_fast

    def spy(text: str, file: str) -> list[Document] | None:
        found = original(text, file)
        taken.append(found is not None)
        return found

    monkeypatch.setattr(yaml_loader, "_load_fast", spy)
    for path in sorted((ROOT / "policies").rglob("*.yaml")):
        load_text(path.read_text(encoding="utf-8"), path.name)
    assert taken and all(taken)


@pytest.mark.parametrize(
    ("name", "eligible"),
    [
        ("aliases", True),
        ("non-specific-tag", False),
        ("bang-in-text", True),
        ("many-documents", False),
        ("nesting-beyond-the-c-composer", False),
    ],
)
def test_eligibility(name: str, eligible: bool) -> None:
    assert yaml_loader._fast_eligible(EDGE_CASES[name]) is eligible


def test_node_trees_are_composed_on_demand_and_kept_once() -> None:
    docs, diags = load_text("a: 1\n---\nb: [x, y]\n", "f.yaml")
    assert not diags and [d.value for d in docs] == [{"a": 1}, {"b": ["x", "y"]}]
    assert docs[1].span(["b", 1]).col == 8
    assert docs[1].node is docs[1].node  # composed once, then cached
    assert docs[0].source is docs[1].source
