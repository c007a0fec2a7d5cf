"""Hostile policy text shows literally in HTML and Markdown: no markup, no template code."""

from __future__ import annotations

from xml.etree import ElementTree

import html5lib
import pytest
from sitebuild import INJECTION, SHARED, artifacts

HTML = "site/en/injection/index.html"
MD = "docs/en/injection.md"

LITERALS = [
    "Injection <script>alert('name')</script> {{ 7*7 }}",
    "{% if true %}liquid{% endif %} | pipe | `code` *em* _em_ [link](javascript:alert(1))",
    "<img src=x onerror=alert(1)> &amp; {seats}",
    "Basic | <th>cell</th>",
    "Mallory <script>alert(1)</script> | `x`",
    "Evil <b>Corp</b> | {{ 7*7 }}",
    "</table></div><script>alert(2)</script>",
    "Article {% block x %}",
    "Quote {{ 7*7 }} <q>",
    "At least 1 seat {{ seats }} {unknown}",
    "1. not a list",
    "- not a bullet",
    "> not a quote",
    "# not a heading",
    "## heading",
    "=== setext",
    "+ buy",
    "1) sub",
    "| no |",
    "`yes`",
    "Eve <i>the</i> `hacker`",
    "\\`escaped\\` \\| backslash",
    "<!-- comment --> ~~strike~~",
    "Mail ![img](https://evil.example/x.png)",
]


def _text(root: ElementTree.Element) -> str:
    """All text of the document, whitespace-normalised (what a reader sees)."""
    return " ".join(" ".join(root.itertext()).split())


def _parse(data: bytes | str) -> ElementTree.Element:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    root: ElementTree.Element = parser.parse(data)
    return root


def _tags(root: ElementTree.Element) -> set[str]:
    return {str(e.tag) for e in root.iter()}


def test_html_shows_hostile_text_literally() -> None:
    root = _parse(artifacts(INJECTION, SHARED)[HTML])
    text = _text(root)
    for literal in LITERALS:
        assert " ".join(literal.split()) in text, literal
    assert "49" not in text  # {{ 7*7 }} was never evaluated
    assert not _tags(root) & {"script", "img", "b", "i", "u", "q", "select"}
    assert [e.get("href") for e in root.iter("a") if "javascript" in (e.get("href") or "")] == []
    # markup-like text stays inside its table cell
    for table in root.iter("table"):
        width = len(table.find("thead/tr") or [])
        assert all(len(row) == width for row in table.findall("tbody/tr"))


def test_html_escapes_attributes_and_links() -> None:
    html = artifacts(INJECTION, SHARED)[HTML].decode()
    assert 'href="https://evil.example/help?a=1&amp;b=%3Cx%3E"' in html
    assert 'href="mailto:mallory@evil.example"' in html and 'href="tel:+33123456789"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.fixture(scope="module")
def rendered_markdown() -> ElementTree.Element:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    html = md.render(artifacts(INJECTION, SHARED)[MD].decode())
    return _parse(f"<!DOCTYPE html><html lang=en><title>t</title><body>{html}</body></html>")


def test_markdown_shows_hostile_text_literally(rendered_markdown: ElementTree.Element) -> None:
    text = _text(rendered_markdown)
    for literal in LITERALS:
        assert " ".join(literal.split()) in text, literal
    assert "49" not in text


def test_markdown_text_opens_no_markup(rendered_markdown: ElementTree.Element) -> None:
    tags = _tags(rendered_markdown)
    assert not tags & {"script", "img", "code", "em", "del", "q", "i", "b", "u", "select", "h5"}
    hrefs = [a.get("href") or "" for a in rendered_markdown.iter("a")]
    assert hrefs and all(
        h.startswith(("mailto:", "tel:", "https://evil.example/help")) for h in hrefs
    )
    # one h1, and only the headings the writer made
    assert len(list(rendered_markdown.iter("h1"))) == 1


def test_markdown_tables_keep_their_columns(rendered_markdown: ElementTree.Element) -> None:
    tables = list(rendered_markdown.iter("table"))
    assert len(tables) == 4  # services, first-response targets, large accounts, template
    for table in tables:
        width = len(table.find("thead/tr") or [])
        assert width >= 2
        assert all(len(row) == width for row in table.findall("tbody/tr"))
    services = tables[0]
    cells = ["".join(c.itertext()) for c in services.findall("tbody/tr")[0]]
    assert cells == ["Hotline |", "✗ | no |", "✓ `yes`"]
