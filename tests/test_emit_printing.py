"""The HTML templates print values through `printing.escaped`: the text `markupsafe.escape`
gives, for any value."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import UndefinedError
from markupsafe import Markup, escape

from policyc.emit.site.html import environment
from policyc.emit.site.printing import escaped


@given(st.one_of(st.text(), st.integers(), st.text().map(Markup)))
def test_escaped_is_the_text_of_markupsafe_escape(value: object) -> None:
    assert escaped(value) == str(escape(value))


@given(st.one_of(st.text(), st.integers(), st.none(), st.text().map(Markup)))
def test_templates_print_the_text_of_markupsafe_escape(value: object) -> None:
    page = environment().from_string("{{ v }}|<b>{{ v }}</b>")
    assert page.render(v=value) == f"{escape(value)}|<b>{escape(value)}</b>"


def test_templates_print_through_escaped() -> None:
    page = environment().from_string("{{ a }}|{{ b }}|{% if c %}{{ c }}{% endif %}")
    out = page.render(a="x & <y>", b=Markup("<b>ok</b>"), c="'q\"")
    assert out == "x &amp; &lt;y&gt;|<b>ok</b>|&#39;q&#34;"


def test_attribute_reads_fall_back_as_jinja_does() -> None:
    """`x.name` is the attribute, else the item, else undefined (strict: an error)."""

    class Box:
        def __init__(self, inner: object) -> None:
            self.inner = inner

    env = environment()
    page = env.from_string("{{ a.inner.inner }}|{{ d.key }}|{{ d.items is defined }}")
    assert page.render(a=Box(Box("x<")), d={"key": "v"}) == "x&lt;|v|True"
    with pytest.raises(UndefinedError):
        env.from_string("{{ d.nothing }}").render(d={})


def test_output_lines_are_the_same_text() -> None:
    """An output line of several pieces, in a page, a block and a macro, gives the text
    each piece gives on its own."""
    env = environment()
    page = env.from_string(
        "{% macro m(x) %}<i>{{ x }}</i>{{ x }}{% endmacro %}"
        "<p>{{ a }} and {{ b }}</p>{% for i in c %}[{{ i }}|{{ m(i) }}]{% endfor %}{{ 1 }}{{ 'k' }}"
    )
    out = page.render(a="&", b=Markup("<b>"), c=[1, "<"])
    assert out == "<p>&amp; and <b></p>[1|<i>1</i>1][&lt;|<i>&lt;</i>&lt;]1k"
