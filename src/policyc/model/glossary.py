"""The glossary check: a catalog says a concept in its glossary's words, never a variant.

In: the `Builder`, whose catalogs may carry a `glossary` (concept → the term the source
uses in that locale, and the variants that must not stand for it). Out: a PC328 warning
per message that uses a variant.
"""

from __future__ import annotations

import re
from functools import cache

from policyc.diagnostics import Severity
from policyc.model import ir
from policyc.model.context import Builder


def _latin(word: str) -> bool:
    """Written in Latin letters (accents included), i.e. in a script with spaces."""
    return all(not c.isalpha() or ord(c) < 0x0250 for c in word)


@cache
def _pattern(word: str) -> re.Pattern[str]:
    """Latin words match at a word start ("ticket" in "tickets", not in "eticket");
    scripts written without spaces (Thai, Chinese) match anywhere."""
    escaped = re.escape(word.casefold())
    return re.compile(rf"(?<!\w){escaped}" if _latin(word) else escaped)


_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def _texts(message: ir.Message) -> list[str]:
    return list(message.values()) if isinstance(message, dict) else [message]


def variant_in(text: str, term: str, variants: tuple[str, ...]) -> str | None:
    """In: a message text, the glossary term and its variants. Out: the first variant the
    text uses outside the term itself (a variant may be part of the term) and outside its
    `{placeholders}` (names of data, not words), or None."""
    folded = _PLACEHOLDER.sub("\0", text).casefold().replace(term.casefold(), "\0")
    return next((v for v in variants if _pattern(v).search(folded)), None)


def check_glossaries(b: Builder) -> None:
    """Every message of a catalog with a glossary, against each concept: one PC328 per
    message and concept whose variant it uses."""
    for (domain, locale), glossary in sorted(b.glossaries.items()):
        messages = b.catalogs.get(domain, {}).get(locale, {})
        for key, message in sorted(messages.items()):
            for concept, (term, variants) in sorted(glossary.items()):
                for text in _texts(message):
                    found = variant_in(text, term, variants)
                    if found is not None:
                        b.ctx.report(
                            "PC328",
                            f"'{key}' says '{found}' for {concept}; the {locale} glossary's term "
                            f"is '{term}'",
                            b.message_where(domain, locale, key),
                            f"write the glossary's term '{term}', or change the glossary "
                            "if the source uses this variant",
                            severity=Severity.WARNING,
                        )
                        break
