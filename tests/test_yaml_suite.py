"""The official yaml-test-suite through policyc's loader: every case, one outcome each.

A valid case loads to exactly its expected JSON, or is rejected by design with the code
`BY_DESIGN` names for its reason. An invalid case is rejected with a located diagnostic.
What libyaml itself parses wrongly (policyc composes libyaml's events) is listed in
`LIBYAML`, the one table of exceptions: it may only shrink, and an entry that starts
passing fails the test until it is removed. No case gives PC901 or an exception, and the
fast and bounded load paths agree on every case.
"""

from __future__ import annotations

import collections
from typing import Any

import pytest
from yamlsuite import Case, cases, same

from policyc.diagnostics import Diagnostic
from policyc.load import yaml_loader
from policyc.load.yaml_loader import load_text

CASES = {case.id: case for case in cases()}

# reason → (the code policyc gives, the valid cases it rejects for that reason)
BY_DESIGN: dict[str, tuple[str, frozenset[str]]] = {
    "mapping key that is a collection": (
        "PC106",
        frozenset(
            [
                "4FJ6",
                "6BFJ",
                "6PBE",
                "9MMW",
                "KK5P",
                "LX3P",
                "M2N8-01",
                "M5DY",
                "Q9WF",
                "RZP5",
                "SBG9",
                "V9D5",
                "X38W",
                "XW4D",
            ]
        ),
    ),
    "mapping key that is null, empty or the empty string": (
        "PC106",
        frozenset(["DFF7", "FH7J", "PW8X", "WZ62"]),
    ),
    "custom or local tag": (
        "PC110",
        frozenset(
            [
                "5TYM",
                "6CK3",
                "6WLZ",
                "7FWL",
                "9WXW",
                "C4HZ",
                "CC74",
                "CUP7",
                "M5C3",
                "P76L",
                "UGM3",
                "Z67P",
                "Z9M4",
            ]
        ),
    ),
    "!!set, !!omap or !!binary (YAML 1.1 types, not in the core schema)": (
        "PC110",
        frozenset(["2XXW", "J7PZ", "565N"]),
    ),
    "empty stream (no document)": ("PC112", frozenset(["8G76", "98YD", "AVM7"])),
}

# Valid cases the suite gives no JSON for (it cannot express them) that policyc loads.
NO_JSON = {"UKK6-02": [""]}  # `!` (non-specific tag) on an empty plain scalar: a string

_EMPTY_KEY = "libyaml cannot parse an empty implicit key (policyc would reject it, PC106)"
_COLON_IN_FLOW = "libyaml rejects ':' starting or ending a plain scalar in a flow collection"
_FLOW_KEY_LINES = "libyaml rejects a flow mapping key whose ':' or continuation is on another line"
_ANCHOR_CHARS = "libyaml allows only [A-Za-z0-9_-] in anchor names (YAML 1.2: any non-space)"
_RESERVED = "libyaml rejects a reserved directive (%FOO) instead of ignoring it with a warning"
_TAB_SEPARATOR = "libyaml rejects a tab separating an indicator ('-', ':') from its node"
_TAB_LEADING = "libyaml takes a tab before content at the start of a line for indentation"
_TAB_BLOCK = "libyaml takes a leading tab in a block scalar's content for indentation"
_BARE_DOC = "libyaml rejects a bare document or a line starting with '%' after a document"
_ZERO_INDENT = "libyaml rejects a zero-indented block scalar at the top level ('--- >')"
_END_ONLY = "libyaml rejects a stream of only '...' markers (policyc would say PC112)"
_QUESTION = "libyaml reads '?x' in a flow collection as an explicit key instead of a scalar"
_TRAILING = "libyaml keeps or clips a last line of only spaces in a block scalar wrongly"
_INDENT_LAX = "libyaml accepts wrongly indented continuation lines (a valid reading exists)"
_COMMENT_LAX = "libyaml accepts a comment not preceded by white space"
_TAB_LAX = "libyaml accepts a tab as the indentation of a continuation line"
_DIRECTIVE_LAX = "libyaml accepts a directive after a document without an end marker"
_DASH_LAX = "libyaml accepts a plain '-' as a flow sequence entry"
_BLOCK_LAX = "libyaml accepts leading empty lines more indented than a block scalar's content"

# The one table of what libyaml gets wrong: case → why. It may only shrink.
LIBYAML: dict[str, str] = {
    "2JQS": _EMPTY_KEY,
    "6M2F": _EMPTY_KEY,
    "CFD4": _EMPTY_KEY,
    "FRK4": _EMPTY_KEY,
    "M2N8-00": _EMPTY_KEY,
    "NHX8": _EMPTY_KEY,
    "NKF9": _EMPTY_KEY,
    "S3PD": _EMPTY_KEY,
    "SM9W-01": _EMPTY_KEY,
    "UKK6-00": _EMPTY_KEY,
    "4ABK": _COLON_IN_FLOW,
    "58MP": _COLON_IN_FLOW,
    "5T43": _COLON_IN_FLOW,
    "DBG4": _COLON_IN_FLOW,
    "HM87-00": _COLON_IN_FLOW,
    "4MUZ-00": _FLOW_KEY_LINES,
    "4MUZ-01": _FLOW_KEY_LINES,
    "4MUZ-02": _FLOW_KEY_LINES,
    "5MUD": _FLOW_KEY_LINES,
    "9SA2": _FLOW_KEY_LINES,
    "K3WX": _FLOW_KEY_LINES,
    "NJ66": _FLOW_KEY_LINES,
    "VJP3-01": _FLOW_KEY_LINES,
    "2SXE": _ANCHOR_CHARS,
    "8XYN": _ANCHOR_CHARS,
    "W5VH": _ANCHOR_CHARS,
    "Y2GN": _ANCHOR_CHARS + "; `&an:chor value` even loads as ':chor value'",
    "2LFX": _RESERVED,
    "6LVF": _RESERVED,
    "MUS6-05": _RESERVED,
    "MUS6-06": _RESERVED,
    "BEC7": "libyaml rejects '%YAML 1.3' instead of reading it as 1.2 with a warning",
    "6BCT": _TAB_SEPARATOR,
    "A2M4": _TAB_SEPARATOR,
    "Y79Y-10": _TAB_SEPARATOR,
    "6CA3": _TAB_LEADING,
    "Q5MG": _TAB_LEADING,
    "DK95-00": _TAB_LEADING,
    "96NN-00": _TAB_BLOCK,
    "96NN-01": _TAB_BLOCK,
    "R4YG": _TAB_BLOCK,
    "Y79Y-01": _TAB_BLOCK,
    "7Z25": _BARE_DOC,
    "M7A3": _BARE_DOC,
    "W4TN": _BARE_DOC,
    "UT92": _BARE_DOC,
    "DK3J": _ZERO_INDENT,
    "FP8R": _ZERO_INDENT,
    "HWV9": _END_ONLY,
    "QT73": _END_ONLY,
    "652Z": _QUESTION,
    "HM87-01": _QUESTION,
    "JEF9-02": _TRAILING,
    "L24T-01": _TRAILING,
    # invalid YAML that libyaml accepts
    "9C9N": _INDENT_LAX,
    "QB6E": _INDENT_LAX,
    "9JBA": _COMMENT_LAX,
    "CVW2": _COMMENT_LAX,
    "SU5Z": _COMMENT_LAX,
    "X4QW": _COMMENT_LAX,
    "MUS6-00": _COMMENT_LAX,
    "DK95-01": _TAB_LAX,
    "Y79Y-03": _TAB_LAX,
    "EB22": _DIRECTIVE_LAX,
    "RHX7": _DIRECTIVE_LAX,
    "MUS6-01": "libyaml accepts a second %YAML directive for one document",
    "G5U8": _DASH_LAX,
    "YJV2": _DASH_LAX,
    "S98Z": _BLOCK_LAX,
}
LIBYAML_SIZE = 69  # lower it when an entry goes; never raise it

_DESIGN_OF = {case: reason for reason, (_, ids) in BY_DESIGN.items() for case in ids}


def _located(case: Case, diags: list[Diagnostic]) -> None:
    lines = case.yaml.count("\n") + 1
    for d in diags:
        assert d.code != "PC901", d
        assert d.span.file == "f.yaml" and 1 <= d.span.line <= lines and d.span.col >= 1, d


def outcome(case: Case) -> str:
    """'equal', 'by design', 'rejected' (an invalid case) or why the case is not handled."""
    docs, diags = load_text(case.yaml, "f.yaml")
    _located(case, diags)
    values = [doc.value for doc in docs]
    if case.fail:
        return "rejected" if diags else f"accepted as {values!r}"
    if diags:
        reason = _DESIGN_OF.get(case.id)
        if reason and diags[0].code == BY_DESIGN[reason][0]:
            return "by design"
        return f"{diags[0].code} {diags[0].message}"
    expected = case.json if case.json is not None else NO_JSON.get(case.id)
    if expected is None:
        return f"loaded {values!r}, which the suite gives no JSON for"
    return "equal" if same(expected, values) else f"loaded {values!r}, expected {expected!r}"


def _both_paths(case: Case, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    def seen() -> Any:
        docs, diags = load_text(case.yaml, "f.yaml")
        return repr([d.value for d in docs]), diags

    fast = seen()
    with monkeypatch.context() as patched:
        patched.setattr(yaml_loader, "_fast_eligible", lambda _text: False)
        bounded = seen()
    return fast, bounded


@pytest.mark.parametrize("case_id", list(CASES))
def test_case(case_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES[case_id]
    result = outcome(case)
    right = result in ("equal", "by design", "rejected")
    if case_id in LIBYAML:
        assert not right, f"{case_id} now passes: remove it from LIBYAML"
    else:
        assert right, f"{case_id} ({case.name}): {result}"
    fast, bounded = _both_paths(case, monkeypatch)
    assert fast == bounded


def test_tables_name_real_cases_and_only_shrink() -> None:
    assert len(LIBYAML) == LIBYAML_SIZE, "LIBYAML may only shrink (and LIBYAML_SIZE with it)"
    listed = set(LIBYAML) | set(_DESIGN_OF) | set(NO_JSON)
    assert listed <= set(CASES)
    assert not set(LIBYAML) & set(_DESIGN_OF)
    assert all(not CASES[c].fail for c in _DESIGN_OF)


def test_counts() -> None:
    """The whole suite, as reported in the issue: 0 cases wrong."""
    counts = collections.Counter()
    for case_id, case in CASES.items():
        result = outcome(case)
        if case_id in LIBYAML:
            counts["libyaml limitation"] += 1
        elif result in ("equal", "by design", "rejected"):
            counts[result] += 1
        else:
            counts["wrong"] += 1
    assert counts["wrong"] == 0
    assert sum(counts.values()) == len(CASES) == 402
    assert counts["libyaml limitation"] == LIBYAML_SIZE
