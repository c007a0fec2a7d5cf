"""Diagnostics: located, coded findings that every stage returns instead of raising.

In: nothing. Out: `Span`, `Diagnostic`, `Severity` and helpers to sort and count them.
Rendering lives in `policyc.report`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How bad a finding is: errors stop the build, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A place in a source file; lines and columns count from 1."""

    file: str
    line: int = 1
    col: int = 1
    end_line: int | None = None
    end_col: int | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: a stable code, a message for a policy owner, where, and how to fix it."""

    code: str
    message: str
    span: Span
    severity: Severity = Severity.ERROR
    hint: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.span.file, self.span.line, self.span.col, self.code, self.message)


def sort_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sort by file, line, column and code; drop exact duplicates."""
    unique = {(d.sort_key, d.severity, d.hint): d for d in diags}
    return sorted(unique.values(), key=lambda d: d.sort_key)


def plain(diag: Diagnostic) -> tuple[Any, ...]:
    """`diag` as plain values (tuples, strings, numbers), for the caches and stamps."""
    s = diag.span
    span = (s.file, s.line, s.col, s.end_line, s.end_col)
    return (diag.code, diag.message, span, diag.severity.value, diag.hint, diag.notes)


def from_plain(values: Sequence[Any]) -> Diagnostic:
    """The diagnostic `plain` gave `values` of (lists for tuples, as from JSON, too)."""
    code, message, span, severity, hint, notes = values
    return Diagnostic(code, message, Span(*span), Severity(severity), hint, tuple(notes))


def has_errors(diags: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diags)


def first_few(items: Sequence[str], most: int) -> str:
    """At most `most` of `items`, comma-separated, with ` …` when some are left out."""
    return ", ".join(items[:most]) + (" …" if len(items) > most else "")


def did_you_mean(word: str, candidates: Sequence[str] | Iterable[str]) -> str | None:
    """A hint naming the closest candidate(s) to `word`, or None if nothing is close."""
    import difflib  # start-up: only the error path needs difflib

    close = difflib.get_close_matches(word, list(candidates), n=3, cutoff=0.6)
    if not close:
        return None
    return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
