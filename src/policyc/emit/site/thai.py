"""Thai word breaks for the HTML pages, found at build time by a dictionary segmenter.

In: a rendered HTML page. Out: the same page with each word of each Thai run of its body
text (never tags, attributes or the head) in a `<span class="w">` that style.css keeps on
one line (`white-space: nowrap`), and `<wbr>` between the words. Thai writes no spaces
between words, and browsers' own dictionaries break inside some (Chromium: "ฝ่าย|สนับสนุน",
"พาร์ท|เนอร์"; `word-break: keep-all` does not stop it), so lines break only between the
words found here.
Segmenter: PyThaiNLP's `newmm` (maximal matching over Thai character clusters) with its
bundled dictionary, pinned exactly in pyproject.toml because its dictionary shapes the output.
Markdown is not touched: it stays clean text.
"""

from __future__ import annotations

import re
from functools import lru_cache

_THAI_RUN = re.compile(r"[\u0e01-\u0e5b]{2,}")
_TAG = re.compile(r"(<[^>]*>)")
# Never a break before these: the repetition mark, the abbreviation marks, combining signs.
_NO_BREAK_BEFORE = re.compile(r"^[\u0e2f\u0e46\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
WBR = "<wbr>"


@lru_cache(maxsize=1 << 14)
def words(run: str) -> tuple[str, ...]:
    """The words of a run of Thai letters, by PyThaiNLP's `newmm` and its own dictionary."""
    from pythainlp.tokenize import word_tokenize  # start-up: only Thai text needs PyThaiNLP

    out: list[str] = []
    for token in word_tokenize(run, engine="newmm", keep_whitespace=False):
        if out and _NO_BREAK_BEFORE.match(token):
            out[-1] += token
        else:
            out.append(token)
    return tuple(out)


def _broken(match: re.Match[str]) -> str:
    return WBR.join(
        f'<span class="w">{w}</span>' if len(w) > 1 else w for w in words(match.group())
    )


def with_word_breaks(html: str) -> str:
    """`html` with its Thai words kept whole and `<wbr>` between them, in its body text."""
    if _THAI_RUN.search(html) is None:
        return html
    head, sep, body = html.partition("<body")
    if not sep:
        return html
    # Each Thai run of the body, unless it is inside a tag (`_TAG`, matched left to right):
    # a run holds no `<` or `>`, so it is inside one exactly when a `<` comes after the last
    # `>` before it and a `>` follows it. One search per run, not one per piece between
    # tags (a page has thousands of tags and a few hundred Thai runs).
    out = []
    done = 0
    for run in _THAI_RUN.finditer(body):
        start, end = run.span()
        if body.rfind("<", 0, start) > body.rfind(">", 0, start) and body.find(">", end) != -1:
            continue
        out.append(body[done:start])
        out.append(_broken(run))
        done = end
    out.append(body[done:])
    return head + sep + "".join(out)
