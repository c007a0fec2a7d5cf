"""How the HTML templates print values: escaped in one call, a plain value when nothing
needs escaping, and each line of template output as one piece.

Jinja prints each `{{ value }}` of an autoescaping template as `markupsafe.escape(value)`,
a `Markup` made by a Python-level constructor, and the pages print millions of values
(every cell of every table). Printed values are only ever joined into the page (or into
a macro's `Markup`), so a `str` with the same characters does as well: the templates of a
`PrintingEnvironment` print through `escaped`, which leaves a string without `&<>'"` as
it is and escapes anything else as before, written out in the compiled template (not a
function called per value). Attribute reads (`cell.text`) try the builtin `getattr`
first, as Jinja's `Environment.getattr` does, without a Python-level call each.

Jinja also yields each piece of an output line (`<td>`, the value, `</td>`) on its own
from the page's generator, and a page extending `base.html` passes every piece through
three generators: millions of resumptions. An output line outside a macro (a macro
collects its pieces in a list already) is one `yield "".join((...))` of the same pieces
in the same order: the page's text is the same, as `render` joins what is yielded.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, nodes
from jinja2.compiler import CodeGenerator, optimizeconst
from markupsafe import escape

if TYPE_CHECKING:
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
    `escaped(value)` written out instead of `escape(value)`, and each output line of
    several pieces outside a macro to one joined `yield`."""

    @staticmethod
    def _inline(frame: Frame, finalize: CodeGenerator._FinalizeInfo) -> bool:
        return frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src is None

    def _output_child_pre(
        self, node: nodes.Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo
    ) -> None:
        # `escaped(value)` written out where the value is printed (no call per value):
        # `_pc_printed` is set and read within the one expression
        if self._inline(frame, finalize):
            self.write("(_pc_printed if type(_pc_printed := ")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(
        self, node: nodes.Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo
    ) -> None:
        if self._inline(frame, finalize):
            self.write(
                ") is str and environment.special(_pc_printed) is None else escape(_pc_printed))"
            )
        else:
            super()._output_child_post(node, frame, finalize)

    def visit_Output(self, node: nodes.Output, frame: Frame) -> None:
        """`CodeGenerator.visit_Output` (Jinja 3.1), with one `yield` of the joined pieces
        where it yields several (`frame.buffer` None); anything else is left to it."""
        if frame.buffer is not None or len(node.nodes) < 2:
            super().visit_Output(node, frame)
            return
        if frame.require_output_check:
            if self.has_known_extends:  # a top-level extends: nothing outside blocks
                return
            self.writeline("if parent_template is None:")
            self.indent()
        finalize = self._make_finalize()
        body: list[list[Any] | nodes.Expr] = []
        for child in node.nodes:  # constants folded at compile time, as Jinja does
            try:
                if not (finalize.const or isinstance(child, nodes.TemplateData)):
                    raise nodes.Impossible()
                const = self._output_child_to_const(child, frame, finalize)
            except (nodes.Impossible, Exception):
                body.append(child)
                continue
            if body and isinstance(body[-1], list):
                body[-1].append(const)
            else:
                body.append([const])
        if len(body) == 1 and isinstance(body[0], list):
            self.writeline("yield " + self._output_const_repr(body[0]))
        else:
            self.writeline('yield "".join((')
            self.indent()
            for item in body:
                if isinstance(item, list):
                    self.writeline(self._output_const_repr(item) + ",")
                else:
                    self.newline(item)
                    self._output_child_pre(item, frame, finalize)
                    self.visit(item, frame)
                    self._output_child_post(item, frame, finalize)
                    self.write(",")
            self.outdent()
            self.writeline("))")
        if frame.require_output_check:
            self.outdent()

    @optimizeconst
    def visit_Getattr(self, node: nodes.Getattr, frame: Frame) -> None:
        """`x.name` as the builtin `getattr(x, "name", missing)`, and only when that finds
        nothing `environment.getattr` on the same object (an item, or undefined): the same
        value, without a Python-level call for each of millions of attribute reads."""
        if self.environment.is_async:
            super().visit_Getattr(node, frame)
            return
        # the object and the value go through names of their own, so the object is
        # evaluated once; a nested read is evaluated in full before either is set again
        self.write("(_pc_value if (_pc_value := getattr((_pc_object := ")
        self.visit(node.node, frame)
        self.write(f"), {node.attr!r}, missing)) is not missing")
        self.write(f" else environment.getattr(_pc_object, {node.attr!r}))")


class PrintingEnvironment(Environment):
    """A Jinja environment whose autoescaping templates print through `escaped`."""

    code_generator_class = _Printing
    special = _SPECIAL.search  # a builtin method: no binding to the environment
