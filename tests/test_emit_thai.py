"""Thai word breaks: `<wbr>` between dictionary words in HTML body text, nowhere else."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from sitebuild import SEEDS, artifacts

from policyc.emit.site.thai import _TAG, _THAI_RUN, broken, with_word_breaks, words


def test_words_come_from_the_dictionary() -> None:
    assert words("การสนับสนุนพาร์ทเนอร์") == ("การ", "สนับสนุน", "พาร์ทเนอร์")
    assert "".join(words("ตอบกลับภายในหนึ่งวันทำการ")) == "ตอบกลับภายในหนึ่งวันทำการ"


def test_no_break_before_the_repetition_mark() -> None:
    assert words("ต่างๆนานา") == ("ต่างๆ", "นานา")


def test_breaks_go_into_text_only_not_tags_attributes_or_head() -> None:
    page = (
        '<html><head><title>การสนับสนุนพาร์ทเนอร์</title></head><body class="x">'
        '<a href="#" aria-label="การสนับสนุน">การสนับสนุนพาร์ทเนอร์</a> Zoho 24/7</body></html>'
    )
    out = with_word_breaks(page)
    assert "<title>การสนับสนุนพาร์ทเนอร์</title>" in out
    assert 'aria-label="การสนับสนุน"' in out
    words = '<span class="w">การ</span><wbr><span class="w">สนับสนุน</span><wbr>'
    assert f'>{words}<span class="w">พาร์ทเนอร์</span></a> Zoho 24/7' in out
    assert with_word_breaks("<body>English only</body>") == "<body>English only</body>"


def test_thai_pages_have_breaks_markdown_and_other_languages_none() -> None:
    built = artifacts(SEEDS)
    for path, data in built.items():
        text = data.decode()
        if path.startswith("site/th/"):
            assert "<wbr>" in text, path
        elif not path.startswith("site/") or path.count("/") > 1:
            assert "<wbr>" not in text, path  # Markdown, and pages in other languages
        if path.startswith("site/") and path.endswith(".html"):
            body = text.split("<body", 1)[1]
            for tag in re.findall(r"<[^>]*>", body):
                assert "<wbr>" not in tag[1:], (path, tag)
            assert "<wbr>" not in text.split("<body", 1)[0]


def _split_at_tags(html: str) -> str:
    """The plain definition: the body split at its tags, each text piece's runs broken."""
    if _THAI_RUN.search(html) is None:
        return html
    head, sep, body = html.partition("<body")
    if not sep:
        return html
    pieces = _TAG.split(body)
    for i in range(0, len(pieces), 2):
        pieces[i] = _THAI_RUN.sub(lambda run: broken(run.group()), pieces[i])
    return head + sep + "".join(pieces)


_HTML = st.lists(
    st.sampled_from(["<", ">", "<body", "<b>", ' a="', "การ", "สนับสนุน", "ๆ", " ", "x", "\n"]),
    max_size=30,
).map("".join)


@given(_HTML)
def test_runs_in_tags_are_found_as_by_splitting_at_the_tags(html: str) -> None:
    assert with_word_breaks(html) == _split_at_tags(html)
