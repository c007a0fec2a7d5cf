"""The HTML templates print values through `printing.escaped`: the text `markupsafe.escape`
gives, for any value."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup, escape

from policyc.emit.site.html import environment
from policyc.emit.site.printing import escaped


@given(st.one_of(st.text(), st.integers(), st.text().map(Markup)))
def test_escaped_is_the_text_of_markupsafe_escape(value: object) -> None:
    assert escaped(value) == str(escape(value))


def test_templates_print_through_escaped() -> None:
    page = environment().from_string("{{ a }}|{{ b }}|{% if c %}{{ c }}{% endif %}")
    out = page.render(a="x & <y>", b=Markup("<b>ok</b>"), c="'q\"")
    assert out == "x &amp; &lt;y&gt;|<b>ok</b>|&#39;q&#34;"
