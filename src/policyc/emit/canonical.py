"""JSON bytes for the emitters, and the content hashes taken of the IR.

In: JSON-like data, or the IR. Out: the bytes `json.dumps` would give, sorted keys and
UTF-8 — indented for files (`pretty_json`), compact for hashing (`canonical_json`) — and
the SHA-256 of the whole IR or one programme. orjson writes the same bytes much faster
(`tests/test_emit_fastpaths.py` checks they are the same; `benchmarks/README.md`), except for floats, which it spells
differently (`1e16`, not `1e+16`) and the IR never holds, and for what it refuses (ints
past 64 bits, keys that are not plain `str`, deep nesting): those go to `json`. Each
programme's canonical JSON is made once per build (`policyc.emit.memo`) and shared by the
routing tables, the Python package and the whole IR's hash.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

import orjson

from policyc.emit.memo import per_build

if TYPE_CHECKING:
    from policyc.model.ir import Policies, Programme

_PRETTY = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
_PLAIN = frozenset({str, int, bool, type(None)})


def _encode(data: object, *, pretty: bool) -> bytes:
    if not _has_float(data):
        try:
            return orjson.dumps(data, option=_PRETTY if pretty else orjson.OPT_SORT_KEYS)
        except orjson.JSONEncodeError:
            pass
    if pretty:
        return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def pretty_json(data: object) -> bytes:
    """`json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)` and a newline."""
    return _encode(data, pretty=True)


def canonical_json(data: object) -> bytes:
    """`json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))`."""
    return _encode(data, pretty=False)


def _has_float(data: object) -> bool:
    """Whether a float is anywhere in `data`."""
    todo = [data]
    while todo:
        item = todo.pop()
        if type(item) is dict:
            todo.extend(item.values())
        elif type(item) is list:
            todo.extend(item)
        elif type(item) not in _PLAIN:
            if isinstance(item, dict):
                todo.extend(item.values())
            elif isinstance(item, list | tuple):
                todo.extend(item)
            elif isinstance(item, float):
                return True
    return False


def canonical_object(members: dict[str, bytes]) -> bytes:
    """`canonical_json` of a dict, from the canonical JSON of each of its values."""
    items = [canonical_json(k) + b":" + members[k] for k in sorted(members)]
    return b"{" + b",".join(items) + b"}"


def programme_json(policies: Policies, programme: Programme) -> bytes:
    """`canonical_json` of a programme's IR, source file names left out (made once per
    build for the programmes of `policies`)."""
    if policies.programmes.get(programme.id) is not programme:
        return canonical_json(programme.model_dump(mode="json", exclude={"sources"}))
    made: dict[str, bytes] = per_build(policies).setdefault(programme_json, {})
    found = made.get(programme.id)
    if found is None:
        found = made[programme.id] = canonical_json(
            programme.model_dump(mode="json", exclude={"sources"})
        )
    return found


def carry_over(previous: Policies, policies: Policies) -> None:
    """Seed the memo of `policies` with the canonical JSON and hashes of the programmes it
    shares, as the very same objects, with `previous`: a rebuild in the same process
    (`build --watch`, whose IR keeps unchanged programmes and calendars) encodes only
    what changed."""
    old, new = per_build(previous), per_build(policies)
    for function in (programme_json, programme_hash):
        made: dict[str, Any] | None = old.get(function)
        if not made:
            continue
        target = new.setdefault(function, {})
        for pid, value in made.items():
            prog = policies.programmes.get(pid)
            if prog is None or prog is not previous.programmes.get(pid):
                continue
            if function is programme_json or all(
                policies.calendars.get(c) is previous.calendars.get(c) for c in prog.calendars
            ):
                target.setdefault(pid, value)


def programme_hash(policies: Policies, programme: Programme) -> str:
    """SHA-256 of one programme's IR and the calendars it uses, as canonical JSON (made once
    per build for the programmes of `policies`: the routing table and index both give it)."""
    if policies.programmes.get(programme.id) is not programme:
        return _programme_hash(policies, programme)
    made: dict[str, str] = per_build(policies).setdefault(programme_hash, {})
    found = made.get(programme.id)
    if found is None:
        found = made[programme.id] = _programme_hash(policies, programme)
    return found


def _programme_hash(policies: Policies, programme: Programme) -> str:
    calendars = {
        cid: policies.calendars[cid].model_dump(mode="json") for cid in programme.calendars
    }
    members = {
        "programme": programme_json(policies, programme),
        "calendars": canonical_json(calendars),
    }
    return hashlib.sha256(canonical_object(members)).hexdigest()


def policies_hash(policies: Policies) -> str:
    """SHA-256 of the whole IR as canonical JSON (source file names left out: they depend on
    the working directory, the content does not); made once per build."""
    memo = per_build(policies)
    if policies_hash not in memo:
        rest = policies.model_dump(mode="json", exclude={"sources": True, "programmes": True})
        members = {key: canonical_json(value) for key, value in rest.items()}
        members["programmes"] = canonical_object(
            {pid: programme_json(policies, prog) for pid, prog in policies.programmes.items()}
        )
        memo[policies_hash] = hashlib.sha256(canonical_object(members)).hexdigest()
    found: str = memo[policies_hash]
    return found
