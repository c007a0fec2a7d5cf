"""The catalogs of a policy tree as the i18n tools see them, and writing them back.

In: a policy directory, read by policyc's strict loader. Out: `Catalogs` (domain → locale →
`Catalog`); `write_updates` changes messages and fingerprints in place with ruamel.yaml's
round trip, so comments, key order and the quoting of untouched lines stay as they were.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
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
    paths = dict(zip(result.files, (Path(p) for p, _ in result.digests), strict=True))
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


_PLAIN_KEY = re.compile(r"[a-z0-9][a-z0-9._-]*")


def _same_block(
    doc: Any, same: list[str], block_end: Callable[[str], int]
) -> tuple[int, int, list[str]] | None:
    """`same_in_every_language` with the keys of `same` added, as (first line, end line,
    new lines): the list rewritten in flow style where it is, or a new line after the
    messages (first line = end line: inserted). None if every key is listed already."""
    listed = [str(k) for k in doc.get(SAME) or ()]
    added = [k for k in same if k not in listed]
    if not added:
        return None
    items = ", ".join(k if _PLAIN_KEY.fullmatch(k) else quoted(k) for k in [*listed, *added])
    line = f"{SAME}: [{items}]"
    if SAME in doc:
        return doc.lc.key(SAME)[0], block_end(SAME), [line]
    end = block_end("messages")
    return end, end, [line]


def _fingerprint_block(doc: Any, keys: list[str], fingerprints: dict[str, str]) -> list[str]:
    """`translated_from` with `fingerprints` merged in, in the order of `keys`; empty if
    nothing changes."""
    recorded = dict(doc.get(FINGERPRINTS) or {})
    if not any(recorded.get(k) != v for k, v in fingerprints.items()):
        return []
    merged = {**recorded, **fingerprints}
    order = list(dict.fromkeys(k for k in keys if k in merged))
    order += [k for k in merged if k not in order]
    return [f"{FINGERPRINTS}:"] + [f"  {k}: {quoted(merged[k])}" for k in order]


def write_updates(
    catalog: Catalog,
    messages: dict[str, Message],
    fingerprints: dict[str, str],
    same: list[str] | None = None,
) -> bool:
    """Set `messages` and `fingerprints` in the catalog's document, and add the keys of
    `same` to its `same_in_every_language`; True if the file changed.

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

    def after(line: int, extra: list[str]) -> None:  # new lines after `line` (and its own)
        stop, new = replace.get(line, (line + 1, [lines[line]]))
        replace[line] = (stop, [*new, *extra])

    if added:
        after(block_end("messages") - 1, added)
    listing = _same_block(doc, same or [], block_end)
    if listing is not None:
        first, stop, block = listing
        if first < stop:
            replace[first] = (stop, block)
        else:  # after the messages' last line (and any messages added there)
            after(first - 1, block)
    block = _fingerprint_block(doc, [*keys, *messages], fingerprints)
    if block and FINGERPRINTS in doc:
        replace[doc.lc.key(FINGERPRINTS)[0]] = (block_end(FINGERPRINTS), block)
    elif block:
        note = "# Written by `policyc i18n` (import, stamp): the fingerprint of the en text"
        note += " each message was translated from."
        after(_last_content(lines, 0, doc_end), ["", note, *block])
    if not replace:
        return False
    fs.replace_file(catalog.path, _spliced(lines, replace).encode("utf-8"))
    return True


def _spliced(lines: list[str], replace: dict[int, tuple[int, list[str]]]) -> str:
    """The text of `lines` with each `replace` (first line → end line, new lines) made."""
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
    return "\n".join(out) + "\n"


def _plain(value: Any) -> Message:
    if isinstance(value, str):
        return str(value)
    return {str(k): str(v) for k, v in value.items()}


def programme_files(policies: Path) -> dict[str, Path]:
    """Programme id → the file of its Programme document."""
    result = pipeline.load([policies])
    paths = dict(zip(result.files, (Path(p) for p, _ in result.digests), strict=True))
    return {
        str(doc.value["id"]): paths[doc.file]
        for doc in result.documents
        if doc.kind == "Programme" and isinstance(doc.value.get("id"), str)
    }
