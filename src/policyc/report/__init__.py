"""Renderers: a list of `Diagnostic`s → text for a terminal, JSON, or GitHub annotations.

Add a format by adding a renderer here; checks never format their own output.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from policyc.diagnostics import Diagnostic
from policyc.report.github import render_github
from policyc.report.json import render_json
from policyc.report.text import render_text

Renderer = Callable[[Sequence[Diagnostic], bool], str]

RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "json": lambda diags, _colour: render_json(diags),
    "github": lambda diags, _colour: render_github(diags),
}

__all__ = ["RENDERERS", "Renderer", "render_github", "render_json", "render_text"]
