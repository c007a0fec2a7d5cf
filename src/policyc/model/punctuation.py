"""Half-width punctuation beside CJK characters in catalogs (PC345, a warning).

In: every catalog message of the Builder. Out: one PC345 per message holding `,` `:` `;`
`(` `)` `?` `!` directly before or after a Han, kana, Hangul or CJK punctuation character,
with the full-width forms the text should use; `fullwidth` applies them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from policyc.diagnostics import Severity

if TYPE_CHECKING:
    from policyc.model import ir
    from policyc.model.context import Builder

FULLWIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
_CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
_HALF = re.escape("".join(FULLWIDTH))
# a mark with CJK before or after it; the mark first, so the search skips to the marks
_BESIDE_CJK = re.compile(rf"[{_HALF}](?:(?<=[{_CJK}].)|(?=[{_CJK}]))")
_SPACED = re.compile(r" *([，：；（）？！]) *")


def offenders(text: str) -> list[str]:
    """The half-width marks of `text` that stand directly beside a CJK character."""
    return [m.group() for m in _BESIDE_CJK.finditer(text)]


def fullwidth(text: str) -> str:
    """`text` with each half-width mark beside a CJK character in its full-width form, and
    the spaces around those forms (full-width marks carry their own spacing) removed."""
    changed = _BESIDE_CJK.sub(lambda m: FULLWIDTH[m.group()], text)
    if changed == text:
        return text
    return _SPACED.sub(r"\1", changed)


def _texts(msg: ir.Message) -> list[str]:
    return [msg] if isinstance(msg, str) else [msg[k] for k in sorted(msg)]


def _clean(catalog: dict[str, ir.Message]) -> bool:
    """Whether no message of a catalog can offend, by one search of all its texts joined
    (a newline is neither CJK nor a mark, so joining makes no new neighbours): most
    catalogs are clean, and one search is far cheaper than one per message."""
    texts = [
        t for msg in catalog.values() for t in ((msg,) if isinstance(msg, str) else msg.values())
    ]
    return _BESIDE_CJK.search("\n".join(texts)) is None


def check_punctuation(b: Builder) -> None:
    """PC345: a catalog message with half-width punctuation beside CJK text."""
    for domain, by_locale in sorted(b.catalogs.items()):
        for loc, catalog in sorted(by_locale.items()):
            if _clean(catalog):
                continue
            for key, msg in catalog.items():
                found = sorted({c for t in _texts(msg) for c in offenders(t)})
                if not found:
                    continue
                b.ctx.report(
                    "PC345",
                    f"'{key}' has half-width {' '.join(found)} beside CJK text",
                    b.message_where(domain, loc, key),
                    "write " + " ".join(f"{c} as {FULLWIDTH[c]}" for c in found),
                    severity=Severity.WARNING,
                )
