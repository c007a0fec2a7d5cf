"""`policyc build --check`: compare an output directory with a fresh build's artifacts.

In: the output directory and the artifacts. Out: one PC404 per drifted, missing or extra
file (with a short diff), and PC407 when another toolchain wrote the tree.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path

from policyc import fs
from policyc.diagnostics import Diagnostic, Severity, Span
from policyc.emit.base import Artifact
from policyc.output.manifest import ARTIFACT_LIMIT, list_files, toolchain_note


def _short_diff(path: str, old: bytes, new: bytes, limit: int = 20) -> tuple[str, ...]:
    try:
        a, b = old.decode().splitlines(), new.decode().splitlines()
    except UnicodeDecodeError:
        return ("binary files differ",)
    lines = list(
        difflib.unified_diff(a, b, f"{path} (on disk)", f"{path} (from policies)", n=1, lineterm="")
    )
    if len(lines) > limit:
        lines = [*lines[:limit], f"... {len(lines) - limit} more diff lines"]
    return tuple(lines)


def _first_difference(old: bytes, new: bytes) -> int:
    """The first line (from 1) where two texts differ."""
    for number, (a, b) in enumerate(zip(old.splitlines(), new.splitlines(), strict=False), 1):
        if a != b:
            return number
    return min(old.count(b"\n"), new.count(b"\n")) + 1


def check_tree(
    out: Path, artifacts: Sequence[Artifact], shown: str | None = None
) -> list[Diagnostic]:
    """Compare `out` with `artifacts`: one PC404 per drifted, missing or extra file.

    `shown` is how `out` is named in the diagnostics (default: as given).
    """
    hint = "run `policyc build` and commit the result"
    shown = (shown or out.as_posix()).rstrip("/")
    if out.exists() and not out.is_dir():
        return [Diagnostic("PC404", "the output is not a directory", Span(shown), hint=hint)]
    want = {a.path: a.data for a in artifacts}
    have = list_files(out)
    diags = []
    explained = toolchain_note(out, shown, "install the pinned versions or rebuild")
    if explained:
        diags.append(Diagnostic("PC407", explained, Span(shown), Severity.WARNING, hint=hint))
    for path in sorted(want.keys() | have):
        span = Span(f"{shown}/{path}")
        if path not in have:
            diags.append(Diagnostic("PC404", "missing: a fresh build writes it", span, hint=hint))
            continue
        if path not in want:
            message = "extra file: a fresh build does not write it"
            diags.append(Diagnostic("PC404", message, span, hint=hint))
            continue
        try:
            data = fs.read_regular(out / path, ARTIFACT_LIMIT)
        except fs.Refused as exc:  # never read, never shown: a link's target may be secret
            message = f"not a file policyc wrote: {exc.why} (not read)"
            diags.append(Diagnostic("PC404", message, span, hint=hint))
            continue
        except OSError as exc:
            message = f"cannot be read: {exc.strerror or exc}"
            diags.append(Diagnostic("PC404", message, span, hint=hint))
            continue
        if data != want[path]:
            notes = _short_diff(path, data, want[path])
            message = "out of date: differs from a fresh build"
            span = Span(span.file, _first_difference(data, want[path]))
            diags.append(Diagnostic("PC404", message, span, hint=hint, notes=notes))
    return diags
