"""Machine-readable diagnostics: a JSON list of objects with stable field names.

Each object: code, severity, message, file, line, column, end_line, end_column, hint, notes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from policyc.diagnostics import Diagnostic


def render_json(diags: Sequence[Diagnostic]) -> str:
    return json.dumps(
        [
            {
                "code": d.code,
                "severity": d.severity.value,
                "message": d.message,
                "file": d.span.file,
                "line": d.span.line,
                "column": d.span.col,
                "end_line": d.span.end_line,
                "end_column": d.span.end_col,
                "hint": d.hint,
                "notes": list(d.notes),
            }
            for d in diags
        ],
        ensure_ascii=False,
        indent=2,
    )
