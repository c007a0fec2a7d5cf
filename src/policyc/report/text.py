"""Human-readable diagnostics: `path:line:col: error[CODE] message`, source line, caret, hint."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from policyc import fs
from policyc.diagnostics import Diagnostic, Severity

_RESET = "\x1b[0m"
_COLOURS = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m"}
_BOLD, _BLUE, _CYAN = "\x1b[1m", "\x1b[1;34m", "\x1b[36m"


@lru_cache(maxsize=64)
def _lines(file: str) -> tuple[str, ...]:
    """The lines of a policy file, read as the loader reads it (`policyc.fs`: a regular
    file of sane size only; a FIFO would block, /dev/zero never ends)."""
    try:
        path = Path(file)
        real = path.resolve(strict=True) if path.is_symlink() else path
        data = fs.read_regular(real, 8 * 1024 * 1024)
        return tuple(data.decode("utf-8-sig", errors="replace").splitlines())
    except (OSError, RuntimeError):
        return ()


# Control characters from a hostile file or value are shown, never sent to the terminal
# (ESC would start an escape sequence): C0 as control pictures (NUL → ␀), DEL and C1 as �.
_VISIBLE = {c: 0x2400 + c for c in range(32) if c != 0x0A} | {
    c: 0xFFFD for c in (0x7F, *range(0x80, 0xA0))
}


def _visible(text: str) -> str:
    return text.translate(_VISIBLE)


def visible(text: str) -> str:
    """Text for a terminal, line breaks kept: every other control character as a symbol."""
    return text.translate(_VISIBLE)


_RAW_IN_JSON = re.compile("[\x7f-\x9f]")


def visible_json(text: str) -> str:
    """JSON text for a terminal: DEL and C1 controls (which `json.dumps` leaves raw) as
    `\\u` escapes, so the value is the same and nothing reaches the terminal raw."""
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _width(text: str) -> int:
    """Terminal columns taken by `text` (CJK and other wide characters count twice)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _excerpt(diag: Diagnostic, paint: dict[str, str]) -> list[str]:
    span = diag.span
    # A file policyc would not read is not read for display either; nor is anything under
    # --out (PC4xx): an extra file there may be a link to secrets, and is not policyc's.
    if diag.code == "PC113" or diag.code.startswith("PC4"):
        return []
    lines = _lines(span.file)
    if not (1 <= span.line <= len(lines)):
        return []
    source = _visible(lines[span.line - 1].replace("\t", " "))
    if len(source) > 200:
        source = source[:200] + "…"
    gutter = " " * len(str(span.line))
    start = max(span.col - 1, 0)
    end = span.end_col - 1 if span.end_line == span.line and span.end_col else start + 1
    end = min(max(end, start + 1), len(source) + 1)
    pad = " " * _width(source[:start])
    carets = "^" * max(_width(source[start:end]), 1)
    colour = paint.get("sev", "")
    return [
        f"{paint.get('blue', '')}{span.line} |{paint.get('reset', '')} {source}",
        f"{paint.get('blue', '')}{gutter} |{paint.get('reset', '')} {pad}{colour}{carets}"
        f"{paint.get('reset', '')}",
    ]


def render_text(diags: Sequence[Diagnostic], colour: bool = False) -> str:
    out: list[str] = []
    for diag in diags:
        paint = (
            {"sev": _COLOURS[diag.severity], "reset": _RESET, "blue": _BLUE, "cyan": _CYAN}
            if colour
            else {}
        )
        sev = f"{paint.get('sev', '')}{diag.severity.value}[{diag.code}]{paint.get('reset', '')}"
        s = diag.span
        message = _visible(diag.message).replace("\n", "\u240a")
        out.append(f"{_visible(s.file)}:{s.line}:{s.col}: {sev} {message}")
        out.extend(_excerpt(diag, paint))
        out.extend(f"  note: {_visible(n)}" for n in diag.notes)
        if diag.hint:
            hint = _visible(diag.hint)
            out.append(f"  {paint.get('cyan', '')}hint:{paint.get('reset', '')} {hint}")
    if diags:
        errors = sum(d.severity is Severity.ERROR for d in diags)
        warnings = len(diags) - errors
        out.append(
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        )
    return "\n".join(out)
