"""How the HTML templates print values: escaped in one call, a plain value when nothing
needs escaping.

Jinja prints each `{{ value }}` of an autoescaping template as `markupsafe.escape(value)`,
a `Markup` made by a Python-level constructor, and the pages print millions of values
(every cell of every table). Printed values are only ever joined into the page (or into
a macro's `Markup`), so a `str` with the same characters does as well: the templates of a
`PrintingEnvironment` print through `escaped`, which leaves a string without `&<>'"` as
it is and escapes anything else as before.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jinja2 import Environment
from jinja2.compiler import CodeGenerator
from markupsafe import escape

if TYPE_CHECKING:
    from jinja2 import nodes
    from jinja2.compiler import Frame

_SPECIAL = re.compile("[&<>'\"]")  # what `markupsafe.escape` replaces


def escaped(value: object) -> str:
    """`markupsafe.escape(value)`, the same text; a plain `str` comes back as it is when
    it holds nothing to escape."""
    if type(value) is str and _SPECIAL.search(value) is None:
        return value
    return escape(value)


class _Printing(CodeGenerator):
    """Compiles each printed value of an autoescaping template (without `finalize`) to
    `environment.escaped(value)` instead of `escape(value)`."""

    def _output_child_pre(
        self, node: nodes.Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo
    ) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src is None:
            self.write("environment.escaped(")  # closed by `_output_child_post`
        else:
            super()._output_child_pre(node, frame, finalize)


class PrintingEnvironment(Environment):
    """A Jinja environment whose autoescaping templates print through `escaped`."""

    code_generator_class = _Printing
    escaped = staticmethod(escaped)
