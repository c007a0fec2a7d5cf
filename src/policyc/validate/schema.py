"""JSON Schema (Draft 2020-12) validation with errors mapped back to file:line:col.

In: loaded `Document`s. Out: the documents that passed, plus PC2xx diagnostics. Each
document's `kind` selects `schemas/<kind>.schema.json`; validators are compiled once.

Fast path: jsonschema-rs (compiled) decides whether a document is valid. Only a document
it rejects goes through `jsonschema`, which finds and explains the errors, so messages are
the same as without the fast path; `jsonschema` is imported only then. The fast path uses
the same format checks as `jsonschema` (see `_FAST_FORMATS`) and the same ECMA-262
reading of `pattern` (`validate/patterns.py`: `$` is the end of the string in both), so both
accept the same documents; one it rejects and `jsonschema` accepts is treated as valid.

Hints: a schema's `description` may end with a paragraph `Hint: …`; that text is the hint
of the diagnostics for values that fail the schema (`hint_of`). A description, not a custom
keyword, so every JSON Schema implementation compiles the schemas in strict mode.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from policyc.diagnostics import Diagnostic, did_you_mean
from policyc.load.document import Document
from policyc.paths import schemas_dir
from policyc.validate.patterns import pattern_keyword

if TYPE_CHECKING:
    import jsonschema
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

API_VERSION = "policyc/v1"
KINDS = (
    "Programme",
    "Calendar",
    "SlaPolicy",
    "Regions",
    "Contacts",
    "Escalation",
    "RequestTemplate",
    "Article",
    "Catalog",
    "PolicyTest",
    "Export",
)

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "null",
}


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    if isinstance(value, dict):
        return "a mapping"
    return "a list"


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def _is_date(instance: object) -> bool:
    """jsonschema's `date` format check, exactly."""
    if not isinstance(instance, str):
        return True
    try:
        return bool(_DATE.fullmatch(instance) and date.fromisoformat(instance))
    except ValueError:
        return False


def _is_email(instance: object) -> bool:
    """jsonschema's `email` format check, exactly."""
    return not isinstance(instance, str) or "@" in instance


_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s]+")


def _is_uri(instance: object) -> bool:
    """An absolute URI (`scheme:rest`, no white space). jsonschema checks `uri` only with
    the optional rfc3987 package, so both paths use this check (the https-only rule is
    PC329, a located semantic diagnostic)."""
    return not isinstance(instance, str) or _URI.fullmatch(instance) is not None


_FAST_FORMATS: dict[str, Callable[[object], bool]] = {
    "date": _is_date,
    "email": _is_email,
    "uri": _is_uri,
}


def _import_jsonschema() -> ModuleType:
    """Import jsonschema without rfc3987-syntax, which compiles a grammar at import (most
    of a second) for the `iri` formats; no policy schema uses them."""
    if "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
        try:
            import jsonschema  # start-up
        finally:
            del sys.modules["rfc3987_syntax"]
    import jsonschema  # start-up

    return jsonschema


HINT_MARK = "\n\nHint: "


def hint_of(schema: dict[str, Any]) -> str | None:
    """The hint paragraph (`\n\nHint: …`) that ends a schema's description, if any."""
    description = schema.get("description")
    if not isinstance(description, str) or HINT_MARK not in description:
        return None
    return description.rsplit(HINT_MARK, 1)[1]


def _formats(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "format" and isinstance(value, str):
                yield value
            yield from _formats(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _formats(value)


class SchemaSet:
    """The compiled validators of every kind, loaded lazily from a schema directory."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or schemas_dir()
        self._validators: dict[str, jsonschema.protocols.Validator] = {}
        self._fast: dict[str, Callable[[Any], bool] | None] = {}

    @cached_property
    def contents(self) -> dict[str, Any]:
        """Every schema of the directory by its `$id`."""
        found = {}
        for path in sorted(self.directory.glob("*.schema.json")):
            contents = json.loads(path.read_text(encoding="utf-8"))
            found[contents["$id"]] = contents
        return found

    @cached_property
    def registry(self) -> Registry[Any]:
        _import_jsonschema()
        from referencing import Registry, Resource  # start-up

        return Registry().with_resources(
            (uri, Resource.from_contents(c)) for uri, c in self.contents.items()
        )

    @cached_property
    def _fast_registry(self) -> Any:
        """jsonschema-rs's registry of every schema, or None without the fast path."""
        try:
            import jsonschema_rs  # start-up
        except ImportError:  # pragma: no cover - a declared dependency
            return None
        if not set(_formats(list(self.contents.values()))) <= set(_FAST_FORMATS):
            return None  # a format whose check we have not matched: jsonschema only
        return jsonschema_rs.Registry(list(self.contents.items()))

    def fast_validator(self, kind: str) -> Callable[[Any], bool] | None:
        """`is_valid` of jsonschema-rs for `kind`, or None when there is no fast path."""
        if kind not in self._fast:
            registry = self._fast_registry
            found = None
            if registry is not None:
                import jsonschema_rs  # start-up

                found = jsonschema_rs.Draft202012Validator(
                    self.schema(kind),
                    registry=registry,
                    validate_formats=True,
                    formats=_FAST_FORMATS,
                ).is_valid
            self._fast[kind] = found
        return self._fast[kind]

    def schema(self, kind: str) -> dict[str, Any]:
        path = self.directory / f"{kind.lower()}.schema.json"
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data

    def validator(self, kind: str) -> jsonschema.protocols.Validator:
        found = self._validators.get(kind)
        if found is None:
            cls = _ecma_validator_class()
            checker = _import_jsonschema().FormatChecker(cls.FORMAT_CHECKER.checkers)
            checker.checks("uri")(_is_uri)
            found = cls(self.schema(kind), registry=self.registry, format_checker=checker)
            self._validators[kind] = found
        return found

    def known_kinds(self) -> list[str]:
        return list(self._known_kinds)

    @cached_property
    def _known_kinds(self) -> tuple[str, ...]:
        return tuple(k for k in KINDS if (self.directory / f"{k.lower()}.schema.json").exists())


@cache
def _ecma_validator_class() -> Any:
    """Draft 2020-12 with `pattern` read as ECMA-262 (`$` only at the end of the string)."""
    jsonschema = _import_jsonschema()
    base = jsonschema.Draft202012Validator
    return jsonschema.validators.extend(base, {"pattern": pattern_keyword})


def _other_type(error: ValidationError) -> bool:
    """The branch failed on the value itself because it has another type than the branch's."""
    if error.relative_path:
        return False
    if error.validator == "type":
        return True
    values = error.validator_value
    return (
        error.validator == "enum"
        and isinstance(values, list)
        and not any(type(v) is type(error.instance) for v in values)
    )


def _far_from_words(error: ValidationError) -> bool:
    """An `enum` of strings failed on a string close to none of its words."""
    values = error.validator_value
    return (
        error.validator == "enum"
        and not error.relative_path
        and isinstance(error.instance, str)
        and isinstance(values, list)
        and all(isinstance(v, str) for v in values)
        and did_you_mean(error.instance, values) is None
    )


def _leaf(error: ValidationError) -> ValidationError:
    """For oneOf/anyOf failures, the most relevant error of the branch the value was meant for.

    Branches that failed only because the value has another type are skipped (an `enum`
    of strings counts as a type), so `{min: 1h}` for "a duration, a range or `best-effort`"
    reports the range's missing `max`.
    """
    from jsonschema.exceptions import best_match  # start-up

    while error.context:
        same_type = [e for e in error.context if not _other_type(e)]
        # a word list beside a value's form ("a duration, or `best-effort`"): `30 min` is
        # explained by the duration's hint, `best-efort` by the words
        formed = [e for e in same_type if not _far_from_words(e)]
        best = best_match(formed or same_type or error.context)
        if best is None:
            break
        error = best
    return error


def _diagnose(doc: Document, error: ValidationError) -> Diagnostic:
    error = _leaf(error)
    path = list(error.absolute_path)
    validator = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    hint = hint_of(schema)
    instance = error.instance
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(error.message)
        where = f" in '{path[-1]}'" if path and isinstance(path[-1], str) else ""
        return Diagnostic(
            "PC203",
            f"missing required property '{missing}'{where}",
            doc.span(path, key=True),
            hint=f"add `{missing}:`",
        )
    if validator == "additionalProperties" and isinstance(instance, dict):
        known = list(schema.get("properties", {}))
        extras = [k for k in instance if k not in known]
        name = extras[0] if extras else "?"
        return Diagnostic(
            "PC204",
            f"unknown property '{name}'",
            doc.span([*path, name], key=True),
            hint=did_you_mean(name, known) or ("known properties: " + ", ".join(known)),
        )
    if validator == "propertyNames":
        return Diagnostic(
            "PC206",
            f"key {_describe(instance)} is not a valid name here",
            doc.span(path, key=True),
            hint=hint,
        )
    if validator == "type":
        expected = schema.get("type")
        names = [expected] if isinstance(expected, str) else list(expected or [])
        want = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
        node = doc.node_at(path)
        raw = getattr(node, "value", None)
        got = _describe(instance)
        number = isinstance(instance, int | float) and not isinstance(instance, bool)
        if isinstance(raw, str) and number and raw != str(instance):
            got = f"the number {raw} (read as {instance})"
        if "string" in names and not isinstance(instance, dict | list):
            hint = hint or f'quote the value: "{raw if isinstance(raw, str) else instance}"'
        return Diagnostic("PC205", f"expected {want}, got {got}", doc.span(path), hint=hint)
    if validator in ("enum", "const"):
        allowed = schema.get("enum") or [schema.get("const")]
        suggestion = did_you_mean(str(instance), [str(a) for a in allowed])
        return Diagnostic(
            "PC206",
            f"{_describe(instance)} is not allowed; expected "
            + ", ".join(f"'{a}'" for a in allowed),
            doc.span(path),
            hint=suggestion or hint,
        )
    if validator == "pattern":
        return Diagnostic(
            "PC206",
            f"{_describe(instance)} is not a valid {_what(schema)}",
            doc.span(path),
            hint=hint or f"must match {schema.get('pattern')}",
        )
    if validator == "format":
        return Diagnostic(
            "PC207",
            f"{_describe(instance)} is not a valid {schema.get('format')}",
            doc.span(path),
            hint=hint,
        )
    if validator in ("oneOf", "anyOf"):
        return Diagnostic(
            "PC205",
            f"{_describe(instance)} does not match any allowed form: {_what(schema)}",
            doc.span(path),
            hint=hint,
        )
    message = error.message
    if len(message) > 160:
        message = message[:157] + "..."
    return Diagnostic("PC208", f"{validator}: {message}", doc.span(path), hint=hint)


def _what(schema: dict[str, Any]) -> str:
    if "title" in schema:
        return str(schema["title"])
    desc = str(schema.get("description", "value")).split(".")[0].split(":")[0]
    for article in ("A ", "An ", "The "):
        desc = desc.removeprefix(article)
    if not desc:
        return "value"
    return desc if desc[1:2].isupper() else desc[0].lower() + desc[1:]  # "BCP 47" stays


def _check_header(doc: Document, schemas: SchemaSet) -> Diagnostic | None:
    value = doc.value
    if not isinstance(value, dict):
        return Diagnostic(
            "PC209",
            f"document is {_describe(value)}, expected a mapping with apiVersion and kind",
            doc.span(),
            hint="start the document with `apiVersion: policyc/v1` and `kind: ...`",
        )
    api = value.get("apiVersion")
    if api != API_VERSION:
        what = "missing apiVersion" if api is None else f"unknown apiVersion {_describe(api)}"
        return Diagnostic(
            "PC201",
            what,
            doc.span(["apiVersion"]) if api is not None else doc.span(),
            hint=f"use `apiVersion: {API_VERSION}`",
        )
    kind = value.get("kind")
    known = schemas.known_kinds()
    if kind not in known:
        what = "missing kind" if kind is None else f"unknown kind {_describe(kind)}"
        return Diagnostic(
            "PC202",
            what,
            doc.span(["kind"]) if kind is not None else doc.span(),
            hint=did_you_mean(str(kind), known) or "known kinds: " + ", ".join(known),
        )
    return None


def _errors(doc: Document, schemas: SchemaSet) -> Iterator[Diagnostic]:
    header = _check_header(doc, schemas)
    if header is not None:
        yield header
        return
    kind = str(doc.kind)
    fast = schemas.fast_validator(kind)
    if fast is not None:
        try:
            if fast(doc.value):
                return
        except Exception:  # a value jsonschema-rs cannot take (e.g. a lone surrogate)
            pass
    validator = schemas.validator(kind)
    for error in validator.iter_errors(doc.value):
        yield _diagnose(doc, error)


def validate_documents(
    docs: Iterable[Document], schemas: SchemaSet | None = None
) -> tuple[list[Document], list[Diagnostic]]:
    """Check each document against its kind's schema; return the valid ones and findings."""
    schemas = schemas or SchemaSet()
    valid: list[Document] = []
    diags: list[Diagnostic] = []
    for doc in docs:
        found = list(_errors(doc, schemas))
        if found:
            diags.extend(found)
        else:
            valid.append(doc)
    return valid, diags
