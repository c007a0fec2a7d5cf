"""Values worked out once per IR and shared by every emitter run of a build.

A build runs each emitter many times, once per batch of programmes (see
`policyc.emit.run`), and some of what they need depends on the whole IR: the source
file lists of the Python package, the canonical JSON that content hashes are taken of,
the page chrome of each locale. `per_build(policies)` is a dict kept for as long as that
IR lives (the IR is never changed once built), so such values are made once.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policyc.model.ir import Policies

_MEMOS: dict[int, tuple[weakref.ref[Policies], dict[Any, Any]]] = {}


def per_build(policies: Policies) -> dict[Any, Any]:
    """The memo of `policies`, freed with it."""
    key = id(policies)
    found = _MEMOS.get(key)
    if found is not None and found[0]() is policies:
        return found[1]
    memo: dict[Any, Any] = {}
    _MEMOS[key] = (weakref.ref(policies, lambda _ref: _MEMOS.pop(key, None)), memo)
    return memo
