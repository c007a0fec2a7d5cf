"""The push's one exception: a PC6xx code and a message fit to show."""

from __future__ import annotations


class PushError(Exception):
    """What stopped a push: `code` is a PC6xx code, `message` says what and where."""

    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
