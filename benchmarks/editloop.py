"""The edit loop (issue 23): one file changed, then `build` and `validate` again.

In: a generated policy set. Out: timings of the incremental commands (the cache in
`.policyc_cache/` on) after one changed file, each next to the cold full run (no cache,
no output) of the same set timed in the same run, interleaved. Three kinds of change:

* a programme file (`sla.yaml`: one target's duration), which one programme uses;
* a catalog (`catalogs/fr.yaml`: one message), which one programme uses;
* the shared calendar (`shared/calendars.yaml`: its time zone), which most programmes use
  and whose change reaches every programme's key, so everything is built again.

Each timed run first toggles the file between its original and its changed bytes
(untimed), so every run sees a real change relative to the one before; the cache then
holds the state just before the change, as in an editor's save-build loop.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CHANGES: tuple[tuple[str, str, str, Callable[[re.Match[str]], str]], ...] = (
    # (label, file glob below the policy directory, pattern, replacement of its first match)
    (
        "programme file",
        "*/sla.yaml",
        r"within: (\d+)",
        lambda m: f"within: {int(m.group(1)) + 1}",
    ),
    (
        "catalog",
        "*/catalogs/fr.yaml",
        r"(?m)^(  tier\.[\w.-]+\.name: )(.+)$",
        lambda m: f"{m.group(1)}{m.group(2)} bis",
    ),
    (
        "shared calendar",
        "shared/calendars.yaml",
        r"timezone: Etc/UTC",
        lambda _m: "timezone: Etc/GMT",
    ),
)


@dataclass
class Toggle:
    """A file that alternates between its original bytes and one change."""

    path: Path
    original: str
    changed: str
    flipped: bool = False

    def __call__(self) -> None:
        self.flipped = not self.flipped
        text = self.changed if self.flipped else self.original
        self.path.write_text(text, encoding="utf-8")

    def restore(self) -> None:
        self.path.write_text(self.original, encoding="utf-8")
        self.flipped = False


def toggle(root: Path, pattern: str, regex: str, change: Callable[[re.Match[str]], str]) -> Toggle:
    """The first file under `root` matching `pattern` whose text `regex` matches."""
    for path in sorted(root.glob(pattern)):
        text = path.read_text(encoding="utf-8")
        found = re.search(regex, text)
        if found:
            changed = text[: found.start()] + change(found) + text[found.end() :]
            return Toggle(path, text, changed)
    raise LookupError(f"no file {pattern} under {root} matches {regex!r}")


def workspace(source: Path, data: Path, size: int) -> Path:
    """A copy of the policy set the edit loop may change (the generated set is reused by
    other measurements and must stay as generated)."""
    work = data / f"edit-{size}"
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(source, work / "policies")
    return work
