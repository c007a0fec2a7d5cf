"""The catalogs of a policy tree as the i18n tools see them, and writing them back.

In: a policy directory, read by policyc's strict loader. Out: `Catalogs` (domain → locale →
`Catalog`); `write_updates` changes messages and fingerprints in place with ruamel.yaml's
round trip, so comments, key order and the quoting of untouched lines stay as they were.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from policyc import fs, pipeline
from policyc.diagnostics import Diagnostic
from policyc.load.files import MAX_FILE_BYTES
from policyc.model.translation import EVERY_KEY, FINGERPRINTS, SAME, SOURCE_LOCALE, Message

CHROME = "chrome"  # the page chrome's domain, as `i18n` commands name it


@dataclass
class Catalog:
    """One Catalog document: where it is and what it holds."""

    domain: str
    locale: str
    path: Path
    name: str  # the file as diagnostics show it
    index: int  # document index in the file
    messages: dict[str, Message]
    fingerprints: dict[str, str] | None  # None: the state is not tracked
    same: frozenset[str] = field(default_factory=frozenset)

    def same_allowed(self, key: str, source: Catalog | None) -> bool:
        lists = (self.same, source.same if source else frozenset())
        return any(key in names or EVERY_KEY in names for names in lists)


Catalogs = dict[str, dict[str, Catalog]]


def read(policies: Path) -> tuple[Catalogs, list[Diagnostic]]:
    """Every Catalog document under `policies` (a domain's locale split over several
    documents is merged into the first)."""
    result = pipeline.load([policies])
    paths = dict(zip(result.files, (p for p, _ in result.digests), strict=True))
    found: Catalogs = defaultdict(dict)
    for doc in result.documents:
        v = doc.value
        if doc.kind != "Catalog" or not isinstance(v, dict):
            continue
        domain = v.get("programme") or CHROME
        locale = v.get("locale")
        messages = v.get("messages")
        if not isinstance(locale, str) or not isinstance(messages, dict):
            continue
        recorded = v.get(FINGERPRINTS)
        same = frozenset(v.get(SAME) or ())
        have = found[domain].get(locale)
        if have is None:
            found[domain][locale] = Catalog(
                domain,
                locale,
                paths[doc.file],
                doc.file,
                doc.index,
                dict(messages),
                dict(recorded) if isinstance(recorded, dict) else None,
                same,
            )
        else:
            have.messages.update({k: m for k, m in messages.items() if k not in have.messages})
            have.same |= same
    return dict(found), result.diagnostics


def source(catalogs: Catalogs, domain: str) -> Catalog | None:
    return catalogs.get(domain, {}).get(SOURCE_LOCALE)


def _positions(text: str, index: int) -> tuple[Any, int]:
    """The document's ruamel.yaml round-trip tree (lines and columns of every key) and the
    line where the next document starts (or the line count)."""
    docs = list(YAML(typ="rt").load_all(text))
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.rstrip() == "---"]
    end = starts[index] if index < len(starts) and starts[index] > 0 else len(lines)
    if starts and starts[0] == 0:  # a leading `---` opens the first document
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
    return docs[index], end


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def render(message: Message) -> str:
    if isinstance(message, str):
        return quoted(message)
    return "{" + ", ".join(f"{cat}: {quoted(t)}" for cat, t in message.items()) + "}"


def _last_content(lines: list[str], first: int, stop: int) -> int:
    """The last line before `stop` (from `first`) that is neither blank nor a comment."""
    last = first
    for i in range(first, stop):
        bare = lines[i].strip()
        if bare and not bare.startswith("#"):
            last = i
    return last


def write_updates(
    catalog: Catalog, messages: dict[str, Message], fingerprints: dict[str, str]
) -> bool:
    """Set `messages` and `fingerprints` in the catalog's document; True if the file changed.

    ruamel.yaml's round-trip tree locates each key; only the lines of changed messages are
    rewritten (double-quoted, one line), new keys go after the last message and
    `translated_from` is rewritten in the order of `messages:` (created at the end of the
    document). Re-emitting the whole tree would change escapes and quoting of untouched
    lines, so every other line is kept byte for byte.
    """
    text = fs.read_regular(catalog.path, MAX_FILE_BYTES).decode("utf-8")
    doc, doc_end = _positions(text, catalog.index)
    lines = text.splitlines()
    top = [doc.lc.key(k)[0] for k in doc] + [doc_end]

    def block_end(key: str) -> int:  # the line after a top-level key's block
        line = doc.lc.key(key)[0]
        stop = min(t for t in top if t > line)
        return _last_content(lines, line, stop) + 1

    target = doc["messages"]
    keys = list(target)
    key_lines = [target.lc.key(k)[0] for k in keys]
    replace: dict[int, tuple[int, list[str]]] = {}  # first line → (end line, new lines)
    added: list[str] = []
    for key, message in messages.items():
        if key in target:
            if _plain(target[key]) == message:
                continue
            forms = target[key]
            if (
                isinstance(message, dict)
                and not isinstance(forms, str)
                and not forms.fa.flow_style()
                and set(forms) == set(message)
            ):  # a block mapping of plural forms: only the changed forms' lines
                for cat, text in message.items():
                    if forms[cat] != text:
                        line, col = forms.lc.key(cat)
                        replace[line] = (line + 1, [" " * col + f"{cat}: {quoted(text)}"])
                continue
            i = keys.index(key)
            line = key_lines[i]
            stop = key_lines[i + 1] if i + 1 < len(keys) else block_end("messages")
            indent = target.lc.key(key)[1]
            end = _last_content(lines, line, stop) + 1
            replace[line] = (end, [" " * indent + f"{key}: {render(message)}"])
        else:
            added.append(f"  {key}: {render(message)}")
    if added:
        end = block_end("messages")
        stop, new = replace.get(end - 1, (end, [lines[end - 1]]))
        replace[end - 1] = (stop, [*new, *added])
    recorded = dict(doc.get(FINGERPRINTS) or {})
    if fingerprints and any(recorded.get(k) != v for k, v in fingerprints.items()):
        merged = {**recorded, **fingerprints}
        order = [k for k in [*keys, *messages] if k in merged]
        order = list(dict.fromkeys(order)) + [k for k in merged if k not in order]
        block = [f"{FINGERPRINTS}:"] + [f"  {k}: {quoted(merged[k])}" for k in order]
        if FINGERPRINTS in doc:
            replace[doc.lc.key(FINGERPRINTS)[0]] = (block_end(FINGERPRINTS), block)
        else:
            last = _last_content(lines, 0, doc_end)
            stop, new = replace.get(last, (last + 1, [lines[last]]))
            note = "# Written by `policyc i18n` (import, stamp): the fingerprint of the en text"
            note += " each message was translated from."
            replace[last] = (stop, [*new, "", note, *block])
    if not replace:
        return False
    out: list[str] = []
    i = 0
    while i < len(lines):
        if i in replace:
            end, new = replace[i]
            out.extend(new)
            i = end
        else:
            out.append(lines[i])
            i += 1
    fs.replace_file(catalog.path, ("\n".join(out) + "\n").encode("utf-8"))
    return True


def _plain(value: Any) -> Message:
    if isinstance(value, str):
        return str(value)
    return {str(k): str(v) for k, v in value.items()}


def programme_files(policies: Path) -> dict[str, Path]:
    """Programme id → the file of its Programme document."""
    result = pipeline.load([policies])
    paths = dict(zip(result.files, (p for p, _ in result.digests), strict=True))
    return {
        str(doc.value["id"]): paths[doc.file]
        for doc in result.documents
        if doc.kind == "Programme" and isinstance(doc.value.get("id"), str)
    }
