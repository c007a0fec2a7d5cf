"""The English a stale translation was made from, found in the git history of `en`.

In: the `en` catalog's path; a key and the fingerprint recorded with its translation.
Out: that earlier English message, or None (no git, not committed, or too old).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from policyc.model.translation import Message, fingerprint

_REVISIONS = 200  # how far back to look


class Previous:
    """Earlier versions of one `en` catalog file, read on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._known: dict[tuple[str, str], Message] | None = None

    def _git(self, *args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=self.path.parent,
                capture_output=True,
                text=True,
                check=False,
                timeout=60,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout if done.returncode == 0 else None

    def _load(self) -> dict[tuple[str, str], Message]:
        known: dict[tuple[str, str], Message] = {}
        log = self._git("log", f"-{_REVISIONS}", "--format=%H", "--", self.path.name)
        for rev in (log or "").split():
            text = self._git("show", f"{rev}:./{self.path.name}")
            try:
                docs = list(yaml.safe_load_all(text or ""))
            except yaml.YAMLError:
                continue
            for doc in docs:
                messages = doc.get("messages") if isinstance(doc, dict) else None
                for key, message in (messages or {}).items():
                    if isinstance(message, str | dict):
                        known.setdefault((str(key), fingerprint(message)), message)
        return known

    def find(self, key: str, recorded: str) -> Message | None:
        if self._known is None:
            self._known = self._load()
        return self._known.get((key, recorded))
