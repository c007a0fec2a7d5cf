"""The quick scans of the semantic checks agree with the walks they stand in front of:
reserved ids (PC327, `model/names.py`) and links (PC329, `model/checks.py`)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from policyc.model import checks, names

_LEAVES = st.one_of(
    st.sampled_from(["con", "com7", "lpt0", "nul", "ok", "https://example.com/x", "ftp://x", ""]),
    st.integers(),
    st.none(),
)
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["id", "url", "name", "items"]), inner, max_size=4),
    ),
    max_leaves=25,
)


@given(_VALUES)
def test_reserved_scan_is_the_walk(value: Any) -> None:
    walked = any(name in names.RESERVED for _, name in names._ids(value, ()))
    assert names._any_reserved(value) == walked


@given(_VALUES)
def test_link_scan_is_the_walk(value: Any) -> None:
    walked = any(not checks._HTTPS.fullmatch(url) for _, url in checks._urls(value, ()))
    assert checks._any_bad_url(value) == walked
