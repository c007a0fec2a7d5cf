"""Explanations of diagnostic codes: look a code up in the registry and render it.

In: a code as typed (`PC309`, `pc309`, `309`). Out: the registry entry rendered as text or
JSON, or suggestions of near codes. Imports nothing but `codes` so `policyc explain` is fast.
"""

from __future__ import annotations

import textwrap

from policyc.codes import CODES, Code

_RANGES = (
    ("PC1", "load"),
    ("PC2", "schema"),
    ("PC3", "semantic"),
    ("PC4", "emit and write"),
    ("PC5", "routing, policy tests and diff"),
    ("PC6", "push to Zendesk and PagerDuty"),
    ("PC9", "internal"),
)


def normalise(text: str) -> str:
    """`pc309`, ` PC309 ` and `309` all mean `PC309`."""
    text = text.strip().upper()
    return "PC" + text if text.isdigit() else text


def lookup(text: str) -> Code | None:
    return CODES.get(normalise(text))


def suggestions(text: str) -> list[str]:
    """Codes close to `text`: same digits off by one character, or similar titles."""
    wanted = normalise(text)
    import difflib  # start-up: only an unknown code needs it

    close = difflib.get_close_matches(wanted, sorted(CODES), n=3, cutoff=0.6)
    if close:
        return close
    words = text.lower()
    return [c.code for c in CODES.values() if words and words in c.title.lower()][:3]


def stage(code: str) -> str:
    return next((name for prefix, name in _RANGES if code.startswith(prefix)), "other")


def _indent(text: str) -> str:
    return textwrap.indent(text.rstrip("\n"), "    ", lambda _line: True)


def render_text(entry: Code) -> str:
    """The entry as a terminal page: title, explanation, failing example and fix."""
    width = 88
    explanation = textwrap.fill(entry.explanation, width)
    fix = textwrap.fill(entry.fix, width)
    if entry.severity == "warning":
        exit_note = "warning; exit 0 (unless other findings are errors)"
    elif entry.exit_code == 2:
        exit_note = "usage or environment error (exit 2)"
    else:
        exit_note = "exit 1"
    return "\n".join(
        [
            f"{entry.code}: {entry.title}",
            f"stage: {stage(entry.code)}; {exit_note}",
            "",
            explanation,
            "",
            "Example that triggers it:",
            _indent(entry.example),
            "",
            "Fix:",
            _indent(fix),
        ]
    )


def as_dict(entry: Code) -> dict[str, str | int]:
    return {
        "code": entry.code,
        "title": entry.title,
        "stage": stage(entry.code),
        "explanation": entry.explanation,
        "example": entry.example,
        "fix": entry.fix,
        "severity": entry.severity,
        "exit_code": entry.exit_status,
    }


def render_json(entries: list[Code]) -> str:
    import json  # start-up: only --format json needs it

    return json.dumps([as_dict(e) for e in entries], ensure_ascii=False, indent=2)


def render_index() -> str:
    """One line per code, grouped by stage: the `policyc explain` table of contents."""
    lines: list[str] = []
    current = ""
    for code in sorted(CODES):
        group = stage(code)
        if group != current:
            if lines:
                lines.append("")
            lines.append(f"{group}:")
            current = group
        lines.append(f"  {code}  {CODES[code].title}")
    return "\n".join(lines)
