"""Policies written before notes declared their audience, read for `policyc diff`.

In: loaded documents. Out: the same documents, upgraded in place, so that a revision from
before audiences still validates and compares: a programme note, calendar note or regions
note written as a bare message key becomes `{text: key, audience: customer}`, and a
difference without `audience` gets `customer`, which is how those revisions published them
(every note and difference was on the customer pages). The diff then reports each note
moved to `owner` as a change of audience.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from policyc.load.document import Document

_CUSTOMER = "customer"


def _note(value: Any) -> Any:
    return {"text": value, "audience": _CUSTOMER} if isinstance(value, str) else value


def upgrade(documents: Iterable[Document]) -> None:
    """Give legacy notes and differences their audience (see the module docstring)."""
    for doc in documents:
        value = doc.value
        if not isinstance(value, dict):
            continue
        if doc.kind == "Programme":
            if isinstance(value.get("notes"), list):
                value["notes"] = [_note(n) for n in value["notes"]]
            for diff in value.get("differences") or []:
                if isinstance(diff, dict) and "audience" not in diff:
                    diff["audience"] = _CUSTOMER
        elif doc.kind in ("Calendar", "Regions") and "note" in value:
            value["note"] = _note(value["note"])
