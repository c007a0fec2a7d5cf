"""The emitters' fast paths give exactly the bytes of the plain definitions they replace.

orjson stands in for `json.dumps` in the routing tables and content hashes; string
literals skip the per-character loop when nothing needs escaping; layout builds each
node's one-line text once and measures widths by character table. Each is checked here
against the straightforward definition, on generated data and on the bundled policies.
"""

from __future__ import annotations

import ast
import hashlib
import json
import unicodedata
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from policyc import pipeline
from policyc.emit import canonical, routing
from policyc.emit.python import source as python_source
from policyc.emit.python.source import Call, Dict, Node, Raw, Tuple, layout
from policyc.emit.site.markdown import CONTROLS, visible_text
from policyc.model.ir import Policies
from policyc.resolve.rules import JSON

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "policies"
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"

# -- JSON ------------------------------------------------------------------------------------

# what the tables hold: control characters, quotes, backslashes, Thai, CJK, emoji, U+2028
texts = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from('"\\/\x00\x1f\x7f\x80\u2028\u2029\ufeff\u0e31\u4e2d\U0001f600'),
    )
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**64 - 1),
    texts,
)
json_like = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(texts, inner, max_size=5)),
    max_leaves=40,
)
# what orjson refuses or spells differently, which must go to `json`
awkward = st.recursive(
    st.one_of(
        scalars,
        st.floats(),
        st.integers(min_value=2**64, max_value=2**80),
        st.integers(max_value=-(2**63) - 1, min_value=-(2**80)),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(texts, inner, max_size=4)),
    max_leaves=20,
)


def pretty(data: object) -> bytes:
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def compact(data: object) -> bytes:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode()


@settings(max_examples=400)
@given(json_like)
def test_tables_are_written_as_json_writes_them(data: JSON) -> None:
    assert canonical.pretty_json(data) == pretty(data)
    assert canonical.canonical_json(data) == compact(data)


@settings(max_examples=200)
@given(awkward)
def test_what_orjson_cannot_match_is_left_to_json(data: JSON) -> None:
    assert canonical.pretty_json(data) == pretty(data)
    assert canonical.canonical_json(data) == compact(data)


@given(st.dictionaries(texts, json_like, max_size=6))
def test_canonical_object_joins_canonical_members(data: dict[str, JSON]) -> None:
    members = {k: canonical.canonical_json(v) for k, v in data.items()}
    assert canonical.canonical_object(members) == compact(data)


def test_edge_cases_of_the_tables() -> None:
    edges: list[JSON] = [{}, [], {"a": {}, "b": []}, [[[]]], "", 0, -(2**63), 2**64 - 1, 2**64]
    for data in edges:
        assert canonical.pretty_json(data) == pretty(data)
        assert canonical.canonical_json(data) == compact(data)


@cache
def load(tree: Path) -> Policies:
    result = pipeline.validate([tree])
    assert result.ok and result.policies is not None
    return result.policies


def test_hashes_are_those_of_the_plain_definitions() -> None:
    for tree in (SEEDS, VENDOR):
        policies = load(tree)
        whole = policies.model_dump(
            mode="json", exclude={"sources": True, "programmes": {"__all__": {"sources"}}}
        )
        assert canonical.policies_hash(policies) == hashlib.sha256(compact(whole)).hexdigest()
        for programme in policies.programmes.values():
            data = {
                "programme": programme.model_dump(mode="json", exclude={"sources"}),
                "calendars": {
                    cid: policies.calendars[cid].model_dump(mode="json")
                    for cid in programme.calendars
                },
            }
            expected = hashlib.sha256(compact(data)).hexdigest()
            assert routing.programme_hash(policies, programme) == expected
            assert routing.programme_hash(policies, programme) == expected  # remembered


def test_remembered_hashes_follow_a_changed_ir() -> None:
    policies = load(VENDOR)
    before = canonical.policies_hash(policies)
    pid, programme = next(iter(policies.programmes.items()))
    changed = policies.model_copy(
        update={"programmes": {pid: programme.model_copy(update={"valid_to": "2031-12-31"})}}
    )
    assert canonical.policies_hash(changed) != before
    assert routing.programme_hash(changed, changed.programmes[pid]) != routing.programme_hash(
        policies, programme
    )
    # a programme that is not the one the IR holds under its id is hashed as given
    assert routing.programme_hash(policies, changed.programmes[pid]) == routing.programme_hash(
        changed, changed.programmes[pid]
    )


def test_only_models_that_cannot_hold_a_float_skip_the_search_for_one() -> None:
    from enum import Enum
    from typing import Literal

    from pydantic import BaseModel, field_serializer

    class Kind(Enum):
        A = "a"
        B = 0.5

    class Plain(BaseModel):
        n: int | None
        tags: tuple[str, ...] = ()
        mode: Literal["x", 1, True]

    class Inner(BaseModel):
        x: float

    class Nested(BaseModel):
        by: dict[str, list[Inner]]

    class Serialized(BaseModel):
        n: int

        @field_serializer("n")
        def half(self, n: int) -> float:
            return n / 2

    class Enumerated(BaseModel):
        kind: Kind

    assert canonical.float_free(Policies) and canonical.float_free(Plain)
    for model in (Inner, Nested, Serialized, Enumerated):
        assert not canonical.float_free(model)
    assert canonical.model_json(Serialized(n=3)) == compact({"n": 1.5}) == b'{"n":1.5}'
    policies = load(VENDOR)
    for programme in policies.programmes.values():
        plain = compact(programme.model_dump(mode="json", exclude={"sources"}))
        assert canonical.model_json(programme, exclude={"sources"}) == plain


# -- Python source -----------------------------------------------------------------------------


def spec_string(text: str) -> str:
    """`string` as its docstring specifies it: the formatter's quote; the backslash and
    that quote escaped; printable characters kept; any other escaped as `repr()` does."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    body = "".join(
        "\\" + ch if ch in ("\\", quote) else ch if ch.isprintable() else repr(ch)[1:-1]
        for ch in text
    )
    return quote + body + quote


def plain_width(text: str) -> int:
    width = 0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def plain_flat(node: Node) -> str:
    if isinstance(node, Raw):
        return node.text
    if isinstance(node, Call):
        parts = [plain_flat(v) if k is None else f"{k}={plain_flat(v)}" for k, v in node.args]
        return f"{node.func}({', '.join(parts)})"
    if isinstance(node, Tuple):
        if len(node.items) == 1:
            return f"({plain_flat(node.items[0])},)"
        return f"({', '.join(plain_flat(i) for i in node.items)})"
    return "{" + ", ".join(f"{k.text}: {plain_flat(v)}" for k, v in node.items) + "}"


def plain_layout(node: Node, indent: str = "", prefix: str = "", suffix: str = "") -> list[str]:
    """`layout` as first written: the flat text recomputed at every level."""
    one = prefix + plain_flat(node) + suffix
    if isinstance(node, Raw) or plain_width(one) <= 100 - len(indent):
        return [indent + one]
    if isinstance(node, Call):
        children = [("" if k is None else f"{k}=", v) for k, v in node.args]
        opening = node.func + "("
    elif isinstance(node, Tuple):
        children = [("", i) for i in node.items]
        opening = "("
    else:
        children = [(f"{k.text}: ", v) for k, v in node.items]
        opening = "{"
    if not children:
        return [indent + one]
    lines = [indent + prefix + opening]
    for head, child in children:
        lines.extend(plain_layout(child, indent + "    ", head, ","))
    lines.append(indent + ("}" if isinstance(node, Dict) else ")") + suffix)
    return lines


# letters of every width: ASCII, Thai (with combining vowels), CJK, emoji, zero-width marks
words = st.text(
    st.sampled_from("abc xyz_\"'\\\u0e01\u0e31\u0e34\u4e2d\u6587\U0001f600\u0301\u200b\t\n"),
    max_size=30,
)
raws = words.map(lambda w: Raw(python_source.string(w)))
names = st.sampled_from(["f", "MappingProxyType", "Target", "ChannelInfo"])
keys = st.sampled_from(["x", "min_minutes", "calendar", None])
nodes = st.recursive(
    raws,
    lambda inner: st.one_of(
        st.builds(Tuple, st.lists(inner, max_size=6).map(tuple)),
        st.builds(Call, names, st.lists(st.tuples(keys, inner), max_size=6).map(tuple)),
        st.builds(Dict, st.lists(st.tuples(raws, inner), max_size=6).map(tuple)),
    ),
    max_leaves=60,
)


@settings(max_examples=500)
@given(st.text())
def test_string_literals_are_those_of_the_spec(text: str) -> None:
    literal = python_source.string(text)
    assert literal == spec_string(text) and ast.literal_eval(literal) == text


@given(words, st.integers(min_value=0, max_value=40))
def test_widths_are_those_of_the_loop(text: str, limit: int) -> None:
    assert python_source.display_width(text) == plain_width(text)
    counted = python_source.display_width(text, limit)
    assert counted == plain_width(text) if plain_width(text) <= limit else counted > limit
    indent = " " * (100 - limit)
    assert python_source.fits(indent, text) == (plain_width(text) <= limit)


@settings(max_examples=300)
@given(nodes, st.sampled_from(["", "    ", " " * 40]), st.sampled_from(["", "X = ", "中文: "]))
def test_layout_is_that_of_the_plain_recursion(node: Node, indent: str, prefix: str) -> None:
    assert python_source.flat(node) == plain_flat(node)
    assert layout(node, indent, prefix, ",") == plain_layout(node, indent, prefix, ",")
    shared = Tuple((node, node))  # the same node twice in one tree
    assert layout(shared, indent) == plain_layout(shared, indent)


@settings(max_examples=300)
@given(nodes, st.integers(min_value=0, max_value=120))
def test_least_widths_are_at_most_the_width(node: Node, limit: int) -> None:
    """A node is exploded unmeasured only when it could not fit (`_least_width`)."""
    width = plain_width(plain_flat(node))
    least = python_source._least_width(node, limit)
    assert least <= width and (least > limit or least == python_source._least_width(node, 999))
    wide = Dict(tuple((Raw(f'"k{i}"'), Raw('"ข้าว"')) for i in range(40)))
    assert layout(wide, "    ", "X = ") == plain_layout(wide, "    ", "X = ")


def test_visible_text_is_the_plain_translation() -> None:
    """The search that skips `translate` finds every character `CONTROLS` changes."""
    for c in range(0x3000):
        text = f"a{chr(c)}b"
        assert visible_text(text) == text.translate(CONTROLS), hex(c)
    assert visible_text("x\x00\x85\ty\r\n") == "x␀\ufffd\ty\r\n"
