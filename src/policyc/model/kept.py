"""Programmes of the IR as the incremental cache keeps them: validated when first needed.

In: what `policyc.incremental` kept of a programme (the JSON of the few fields a build
reads of every programme, with the few messages it shows of each, and the JSON of the
whole programme). Out: an `ir.Programme` that holds the few fields at once and validates
the rest from its JSON on first use (`kept`).

Why: a build after an edit re-emits one programme, but the shared files (the site's
indexes, the routing index, the package version) read the name, summary, owner, locales
and validity of every programme, and the messages of its name, summary and team;
validating each unchanged programme in full was most of the cost of keeping the IR. Every other use (any other field, a dump, a
comparison, a copy) first validates the rest and turns the object into a plain
`ir.Programme`, equal to the one the model built. Nothing from the cache is run: both
parts are JSON validated by pydantic.
"""

from __future__ import annotations

import zlib
from typing import Any

from pydantic import ConfigDict

from policyc.model import ir

# The fields every build reads of every programme (besides `sources` and `stale`).
LIGHT = frozenset(
    {"id", "name", "summary", "owner", "locales", "valid_from", "valid_to", "calendars"}
)


class Light(ir.Frozen):
    """`LIGHT` of a programme, typed as in `ir.Programme` (`tests/test_model_kept.py`
    checks), and `texts`: its catalogs with only the messages the shared files show of
    every programme (`_shown`), in every locale."""

    id: str
    name: str
    summary: str | None
    owner: ir.Owner
    locales: tuple[str, ...]
    valid_from: str | None
    valid_to: str | None = None
    calendars: tuple[str, ...] = ()
    texts: dict[str, dict[str, ir.Message]]


def _shown(programme: ir.Programme) -> set[str]:
    """The keys of the messages the shared files show of every programme (its name,
    summary and team in the site's indexes and the routing index)."""
    return {k for k in (programme.name, programme.summary, programme.owner.team_name) if k}


def light_json(programme: ir.Programme) -> bytes:
    """The JSON of `programme`'s `LIGHT` fields and `texts`."""
    shown = _shown(programme)
    texts = {
        locale: {k: m for k, m in messages.items() if k in shown}
        for locale, messages in programme.catalogs.items()
    }
    light = Light(texts=texts, **{name: getattr(programme, name) for name in LIGHT})
    return light.model_dump_json().encode()


def rest_json(programme: ir.Programme) -> bytes:
    """The JSON of `programme` besides its sources (and staleness), in its order,
    compressed: a build after an edit loads the kept rest of every programme (40 MB of
    JSON at 10,000 files, a tenth of it compressed) and completes almost none."""
    return zlib.compress(programme.model_dump_json(exclude={"sources"}).encode(), 1)


def kept(
    light: bytes, rest: bytes, sources: tuple[str, ...], stale: dict[str, tuple[str, ...]]
) -> ir.Programme:
    """A programme from what `light_json` and `rest_json` kept, with its `sources` and
    `stale`: `LIGHT` is validated now (ValidationError), the rest on first use."""
    fields = dict(Light.model_validate_json(light).__dict__)
    texts = fields.pop("texts")
    fields.update(sources=sources, stale=stale)
    programme = _Kept.__new__(_Kept)
    object.__setattr__(programme, "__dict__", fields)
    object.__setattr__(programme, "__pydantic_fields_set__", set(fields))
    object.__setattr__(programme, "__pydantic_extra__", None)
    # the JSON of the rest and the texts, where a programme has no private attributes
    # (`ir.Programme` has none): every pydantic method that reads them completes it first
    object.__setattr__(programme, "__pydantic_private__", {_REST: rest, _TEXTS: texts})
    return programme


_REST = "_policyc_rest"
_TEXTS = "_policyc_texts"


def _complete(programme: _Kept) -> None:
    """Validate the rest of `programme` and make it a plain `ir.Programme`."""
    rest = programme.__pydantic_private__[_REST]  # type: ignore[index]
    full = ir.Programme.model_validate_json(zlib.decompress(rest))
    fields = dict(full.__dict__)
    known = programme.__dict__
    fields.update(known)  # the light fields, sources and staleness it was given
    fields_set = (
        set(full.__pydantic_fields_set__) | {"sources"} | ({"stale"} if known["stale"] else set())
    )
    object.__setattr__(programme, "__dict__", fields)
    object.__setattr__(programme, "__pydantic_fields_set__", fields_set)
    object.__setattr__(programme, "__pydantic_private__", None)
    object.__setattr__(programme, "__class__", ir.Programme)


class _Kept(ir.Programme):
    """An `ir.Programme` whose fields besides `LIGHT`, sources and staleness are
    validated on first use; every method that could see them validates them first, and
    `text` answers for the messages in `texts` without them."""

    model_config = ConfigDict(defer_build=True)  # never validates: no schema to build

    def __getattr__(self, name: str) -> Any:
        if name in ir.Programme.model_fields:
            _complete(self)
            return getattr(self, name)
        return super().__getattr__(name)  # type: ignore[misc]

    def text(self, key: str, locale: str) -> ir.Message:
        if key not in _shown(self):
            _complete(self)
            return self.text(key, locale)
        # `ir.Programme.text` on the texts: they hold every locale's message of `key`
        texts: dict[str, dict[str, ir.Message]] = self.__pydantic_private__[_TEXTS]  # type: ignore[index]
        found = texts.get(locale, {}).get(key)
        return found if found is not None else texts["en"][key]

    def at_hand(self, locale: str) -> dict[str, ir.Message]:
        return {}  # `text` finds the messages shown of every programme without the rest


def _completing(name: str) -> Any:
    method = getattr(ir.Programme, name)

    def complete_first(self: ir.Programme, *args: Any, **kwargs: Any) -> Any:
        # `other` of `__eq__` too: a comparison sees two plain programmes
        for value in (self, *args):
            if isinstance(value, _Kept):
                _complete(value)
        return method(self, *args, **kwargs)

    complete_first.__name__ = name
    return complete_first


for _name in (
    "__eq__",
    "__hash__",
    "__repr__",
    "__str__",
    "__repr_args__",
    "__iter__",
    "__copy__",
    "__deepcopy__",
    "__getstate__",
    "__reduce__",
    "__reduce_ex__",
    "model_copy",
    "model_dump",
    "model_dump_json",
):
    setattr(_Kept, _name, _completing(_name))
