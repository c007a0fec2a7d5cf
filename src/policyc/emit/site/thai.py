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

_THAI_RUN = re.compile(r"[\u0e01-\u0e5b]{2,}")
_TAG = re.compile(r"(<[^>]*>)")
# Never a break before these: the repetition mark, the abbreviation marks, combining signs.
_NO_BREAK_BEFORE = re.compile(r"^[\u0e2f\u0e46\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
WBR = "<wbr>"


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


def used() -> dict[str, tuple[str, ...]]:
    """The words of each run asked for since the last `remember`."""
    return {run: _WORDS[run] for run in _USED}


def _segment(run: str) -> tuple[str, ...]:
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
