"""GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=CODE::message`."""

from __future__ import annotations

from collections.abc import Sequence

from policyc.diagnostics import Diagnostic


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(diags: Sequence[Diagnostic]) -> str:
    lines = []
    for d in diags:
        s = d.span
        props = [f"file={_prop(s.file)}", f"line={s.line}", f"col={s.col}"]
        if s.end_line is not None:
            props.append(f"endLine={s.end_line}")
        if s.end_col is not None and s.end_line == s.line:
            props.append(f"endColumn={s.end_col}")
        props.append(f"title={_prop(d.code)}")
        message = d.message + (f"\nhint: {d.hint}" if d.hint else "")
        lines.append(f"::{d.severity.value} {','.join(props)}::{_data(message)}")
    return "\n".join(lines)
