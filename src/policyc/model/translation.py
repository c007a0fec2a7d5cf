"""Translation state of one message: fingerprints of the source text and the four states.

In: the `en` message, the translation, the fingerprint recorded when it was translated and
whether the key may be the same in every language. Out: a `State`.
Stdlib only, so the model checks and the i18n commands share one definition.
"""

from __future__ import annotations

import hashlib
import json
from enum import Enum

Message = str | dict[str, str]

SOURCE_LOCALE = "en"
FINGERPRINTS = "translated_from"  # catalog field: message key → fingerprint of its `en` text
SAME = "same_in_every_language"  # catalog field: keys (or "*") whose text needs no translation
EVERY_KEY = "*"


class State(Enum):
    TRANSLATED = "translated"
    MISSING = "missing"
    UNTRANSLATED = "untranslated"
    STALE = "stale"


def fingerprint(message: Message) -> str:
    """12 lowercase letters from SHA-256 over the message's canonical JSON (plural forms
    sorted); letters only, so no YAML writer ever takes one for a number."""
    text = json.dumps(message, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    value = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
    letters = []
    for _ in range(12):
        value, digit = divmod(value, 26)
        letters.append(chr(ord("a") + digit))
    return "".join(letters)


def _same(source: Message, translation: Message) -> bool:
    if isinstance(source, str) or isinstance(translation, str):
        return source == translation
    return all(
        translation.get(cat) in (None, source.get(cat, source["other"])) for cat in translation
    )


def state(
    source: Message, translation: Message | None, recorded: str | None, same_allowed: bool
) -> State:
    """Missing, stale (recorded fingerprint of another `en` text), untranslated (the `en`
    text itself, not allow-listed) or translated."""
    if translation is None:
        return State.MISSING
    if recorded is not None and recorded != fingerprint(source):
        return State.STALE
    if not same_allowed and _same(source, translation):
        return State.UNTRANSLATED
    return State.TRANSLATED


def allowed(key: str, *lists: frozenset[str]) -> bool:
    """Whether `key` (or every key, `*`) is on one of the allow-lists."""
    return any(key in names or EVERY_KEY in names for names in lists)
