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

Segmenting is a pure function of the run (the dictionary is pinned), but loading the
dictionary costs 0.4 s: an incremental build hands in the runs its previous build
segmented (`remember`, from its cache) and keeps those it used (`used`), so that its
unchanged shared pages need no dictionary.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

_THAI_RUN = re.compile(r"[\u0e01-\u0e5b]{2,}")
# The same runs in UTF-8 (U+0E01-U+0E3F: E0 B8 81-BF, U+0E40-U+0E5B: E0 B9 80-9B), spelled
# to start with the literal byte E0, which the regex engine skips to quickly: searching the
# encoded page takes a third of the time of searching its text letter by letter.
_LETTER_UTF8 = rb"\xe0(?:\xb8[\x81-\xbf]|\xb9[\x80-\x9b])"
_THAI_RUN_UTF8 = re.compile(_LETTER_UTF8 + b"(?:" + _LETTER_UTF8 + b")+")
_THAI_SPLIT = re.compile(b"(" + _THAI_RUN_UTF8.pattern + b")")  # runs kept by `split`
_TAG = re.compile(r"(<[^>]*>)")
# Never a break before these: the repetition mark, the abbreviation marks, combining signs.
_NO_BREAK_BEFORE = re.compile(r"^[\u0e2f\u0e46\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
WBR = "<wbr>"


T = TypeVar("T")

_WORDS: dict[str, tuple[str, ...]] = {}  # run → its words, segmented or remembered
_USED: set[str] = set()  # the runs asked for since `remember`


def words(run: str) -> tuple[str, ...]:
    """The words of a run of Thai letters, by PyThaiNLP's `newmm` and its own dictionary."""
    _USED.add(run)
    found = _WORDS.get(run)
    if found is None:
        found = _WORDS[run] = _segment(run)
    return found


def remember(known: dict[str, tuple[str, ...]]) -> None:
    """Take the words of runs segmented by an earlier process (`used` there); forget
    which runs were used so far."""
    for run, found in known.items():
        _WORDS.setdefault(run, tuple(found))
    _USED.clear()


def learn(found: dict[str, tuple[str, ...]]) -> None:
    """Take the words of runs another process asked for in this build (a forked emitter,
    from its `used`), as asked for here."""
    for run, found_words in found.items():
        _WORDS.setdefault(run, tuple(found_words))
    _USED.update(found)


def used() -> dict[str, tuple[str, ...]]:
    """The words of each run asked for since the last `remember`."""
    return {run: _WORDS[run] for run in _USED}


def runs_used(work: Callable[[], T]) -> tuple[T, frozenset[str]]:
    """`work()` and the runs it asked for (counted for `used` as well): the runs of one
    programme's pages, which the next build keeps the words of while it keeps the pages."""
    global _USED
    outer, _USED = _USED, set()
    try:
        found = work()
    finally:
        inner, _USED = _USED, outer
        outer |= inner
    return found, frozenset(inner)


def _segment(run: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize  # start-up: only Thai text needs PyThaiNLP

    out: list[str] = []
    for token in word_tokenize(run, engine="newmm", keep_whitespace=False):
        if out and _NO_BREAK_BEFORE.match(token):
            out[-1] += token
        else:
            out.append(token)
    return tuple(out)


def broken(run: str) -> str:
    """A run of Thai letters as HTML: each word kept whole, `<wbr>` between them."""
    return WBR.join(f'<span class="w">{w}</span>' if len(w) > 1 else w for w in words(run))


_BROKEN: dict[bytes, tuple[str, bytes]] = {}  # a run in UTF-8 → the run, and it `broken`


def _broken_utf8(run: bytes) -> bytes:
    """`broken` in UTF-8, made once per run (pages repeat theirs: the language menu names
    Thai), each use still counted for `used`."""
    found = _BROKEN.get(run)
    if found is None:
        text = run.decode()
        found = _BROKEN[run] = (text, broken(text).encode())
    else:
        _USED.add(found[0])
    return found[1]


def _outside_tags(body: bytes) -> bytes:
    """Every Thai run of `body` broken into words, unless it is inside a tag (`_TAG`,
    matched left to right): a run holds no `<` or `>`, so it is inside one exactly when a
    `<` comes after the last `>` before it and a `>` follows it. The body is split at its
    runs and walked once (not a callback per run: a Thai page has hundreds of them),
    keeping whether the text so far ends inside a tag."""
    pieces = _THAI_SPLIT.split(body)  # text, run, text, ..., run, text
    last_close = body.rfind(b">")
    first = pieces[0]
    inside = first.rfind(b"<") > first.rfind(b">")
    end = len(first)
    out = [first]
    for i in range(1, len(pieces), 2):
        run, text = pieces[i], pieces[i + 1]
        end += len(run)
        if inside and last_close >= end:
            out.append(run)
        else:
            found = _BROKEN.get(run)
            if found is None:
                out.append(_broken_utf8(run))
            else:  # `_broken_utf8`, inline
                _USED.add(found[0])
                out.append(found[1])
        opening, closing = text.rfind(b"<"), text.rfind(b">")
        if opening != closing:  # either is there (both -1: as before)
            inside = opening > closing
        end += len(text)
        out.append(text)
    return b"".join(out)


def utf8_with_word_breaks(html: bytes) -> bytes:
    """`with_word_breaks` of a page in UTF-8 (as it is written), without decoding it."""
    if _THAI_RUN_UTF8.search(html) is None:
        return html
    head, sep, body = html.partition(b"<body")
    if not sep:
        return html
    # One search per Thai run of the body, not one per piece between tags (a page has
    # thousands of tags and a few hundred Thai runs). `<` and `>` are never part of
    # another character's UTF-8 bytes.
    return head + sep + _outside_tags(body)


def with_word_breaks(html: str) -> str:
    """`html` with its Thai words kept whole and `<wbr>` between them, in its body text."""
    return utf8_with_word_breaks(html.encode()).decode()
