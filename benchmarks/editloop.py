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

import itertools
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


_TRASH = "trash"
_discarded = itertools.count()


def discard(path: Path, data: Path) -> None:
    """Move `path` (a tree under `data`) aside into `data/trash`, emptied by `empty_trash`
    once nothing is timed any more. Not deleted now: this machine's root file system
    (ext4 without a journal) will not give out again an inode freed in the last 60 s (300 s
    while its inode table block is unwritten) while it has others, and looks at every such
    inode of the group for each file it creates; after deleting a 10,000-file output that
    cost the next cold build 3 to 9 s of system time (`README.md`). Deleting between the
    timed runs would charge the harness's own clean-up to the build after it."""
    if not path.exists() and not path.is_symlink():
        return
    trash = data / _TRASH
    trash.mkdir(parents=True, exist_ok=True)
    path.rename(trash / f"{next(_discarded)}-{path.name}")


def empty_trash(data: Path) -> bool:
    """Delete what `discard` moved aside (after the measurements, or a run cut short);
    whether there was anything."""
    trash = data / _TRASH
    if not trash.exists():
        return False
    shutil.rmtree(trash, ignore_errors=True)
    return True


def workspace(source: Path, data: Path, size: int) -> Path:
    """A copy of the policy set the edit loop may change (the generated set is reused by
    other measurements and must stay as generated)."""
    work = data / f"edit-{size}"
    discard(work, data)
    shutil.copytree(source, work / "policies")
    return work
