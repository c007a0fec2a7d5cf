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
import types
import typing
from collections.abc import Iterator
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Any

import orjson
from pydantic import BaseModel

from policyc.emit.memo import per_build

if TYPE_CHECKING:
    from policyc.model.ir import Policies, Programme

_PRETTY = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
_PLAIN = frozenset({str, int, bool, type(None)})


def _encode(data: object, *, pretty: bool, floats: bool = True) -> bytes:
    """`floats=False`: `data` is known to hold no float (a dump of a `float_free` model),
    so the walk looking for one is skipped (half the cost of encoding a programme)."""
    if not floats or not _has_float(data):
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


_SCALARS = (str, int, bool, type(None))
_CONTAINERS = (tuple, list, dict, set, frozenset)


@cache
def float_free(model: type[BaseModel]) -> bool:
    """Whether no JSON dump of `model` can hold a float: its fields' types, checked once,
    are only strings, ints, bools, enums and literals of those, containers of them and
    such models, with no serializer of their own (anything else: maybe)."""
    return _float_free(model, set())


def _float_free(tp: object, seen: set[object]) -> bool:
    if tp in _SCALARS or tp is Ellipsis:
        return True
    if isinstance(tp, type) and issubclass(tp, Enum):
        return all(type(m.value) in _SCALARS for m in tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        if tp in seen:
            return True
        seen.add(tp)
        hooks = tp.__pydantic_decorators__
        if hooks.field_serializers or hooks.model_serializers or tp.model_computed_fields:
            return False
        return all(
            not f.metadata and _float_free(f.annotation, seen) for f in tp.model_fields.values()
        )
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return all(type(arg) in _SCALARS for arg in typing.get_args(tp))
    if origin in (typing.Union, types.UnionType, *_CONTAINERS):
        return all(_float_free(arg, seen) for arg in typing.get_args(tp))
    return False


def _object_chunks(members: dict[str, Any]) -> Iterator[bytes]:
    """The bytes of `canonical_object(members)` in pieces, where a member that is a dict
    stands for the `canonical_object` of its own members."""
    yield b"{"
    for i, key in enumerate(sorted(members)):
        yield (b"," if i else b"") + canonical_json(key) + b":"
        value = members[key]
        if isinstance(value, bytes):
            yield value
        else:
            yield from _object_chunks(value)
    yield b"}"


def model_json(model: BaseModel, **dump: Any) -> bytes:
    """`canonical_json(model.model_dump(mode="json", **dump))`, without looking for floats
    where the model's type rules them out (`float_free`)."""
    data = model.model_dump(mode="json", **dump)
    return _encode(data, pretty=False, floats=not float_free(type(model)))


def canonical_object(members: dict[str, bytes]) -> bytes:
    """`canonical_json` of a dict, from the canonical JSON of each of its values."""
    items = [canonical_json(k) + b":" + members[k] for k in sorted(members)]
    return b"{" + b",".join(items) + b"}"


def programme_json(policies: Policies, programme: Programme) -> bytes:
    """`canonical_json` of a programme's IR, source file names left out (made once per
    build for the programmes of `policies`)."""
    if policies.programmes.get(programme.id) is not programme:
        return model_json(programme, exclude={"sources"})
    made: dict[str, bytes] = per_build(policies).setdefault(programme_json, {})
    found = made.get(programme.id)
    if found is None:
        found = made[programme.id] = model_json(programme, exclude={"sources"})
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
    used = {cid: policies.calendars[cid] for cid in programme.calendars}
    calendars = {cid: cal.model_dump(mode="json") for cid, cal in used.items()}
    floats = not all(float_free(type(cal)) for cal in used.values())
    members = {
        "programme": programme_json(policies, programme),
        "calendars": _encode(calendars, pretty=False, floats=floats),
    }
    return hashlib.sha256(canonical_object(members)).hexdigest()


def policies_hash(policies: Policies) -> str:
    """SHA-256 of the whole IR as canonical JSON (source file names left out: they depend on
    the working directory, the content does not); made once per build."""
    memo = per_build(policies)
    if policies_hash not in memo:
        rest = policies.model_dump(mode="json", exclude={"sources": True, "programmes": True})
        floats = not float_free(type(policies))
        members = {key: _encode(value, pretty=False, floats=floats) for key, value in rest.items()}
        programmes = {
            pid: programme_json(policies, prog) for pid, prog in policies.programmes.items()
        }
        digest = hashlib.sha256()
        for chunk in _object_chunks({**members, "programmes": programmes}):
            digest.update(chunk)  # not joined first: the programmes are 45 MB at 10,000 files
        memo[policies_hash] = digest.hexdigest()
    found: str = memo[policies_hash]
    return found
