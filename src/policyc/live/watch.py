"""Rebuild on save: watch the policy directory and call a rebuild after each burst of changes.

In: the directories to watch and a `rebuild` function taking the changed paths. Out: one
call of `rebuild` after each burst of saves (an editor writes a temporary file, renames it
and sets its mode: one rebuild), until Ctrl-C (`KeyboardInterrupt`, which the caller turns
into a clean exit) or until `stop` is set. `watchfiles` (inotify, FSEvents, ReadDirectoryChangesW)
does the watching; it is imported only when watching starts, for start-up speed.
"""

from __future__ import annotations

import errno
import gc
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from policyc.diagnostics import Diagnostic, Span
from policyc.gcpause import ending_without_teardown

POLICY_SUFFIXES = (".yaml", ".yml")
STEP_MS = 50
"""A burst ends when nothing changed for this long: then the rebuild starts."""
DEBOUNCE_MS = 1600
"""A burst that goes on longer than this is rebuilt anyway (watchfiles' default)."""
TIMEOUT_MS = 200
"""How long the watcher waits before it says it runs (and again, idle, between saves)."""


def relevant(path: str) -> bool:
    """Whether a change at `path` can change the build: a policy file (`*.yaml`, `*.yml`),
    or a directory (renamed or removed, which moves the files in it), never an editor's
    hidden swap or backup file."""
    name = os.path.basename(path)
    if name.startswith(".") or name.endswith("~"):
        return False
    suffix = os.path.splitext(name)[1]
    return suffix in POLICY_SUFFIXES or suffix == "" or os.path.isdir(path)


def watch(
    paths: Sequence[Path],
    rebuild: Callable[[list[Path]], object],
    *,
    stop: threading.Event | None = None,
) -> Diagnostic | None:
    """Once the watcher runs, call `rebuild([])` (the first build: a save during it is
    seen), then `rebuild(changed)` after each burst of relevant changes under `paths`,
    until `stop` is set (None), or PC416 when the watcher cannot watch (the directory is
    gone, the system's limit of watches is reached). Ctrl-C raises `KeyboardInterrupt`."""
    import watchfiles  # start-up: only `build --watch` and `preview` watch

    gc.enable()  # a watcher lives long: collect cycles between builds (see `cli.run`)
    ending_without_teardown(False)  # and frees each build's data as usual

    for path in paths:  # watchfiles would wait for a missing one to appear
        if not path.is_dir():
            return cannot_watch(paths, FileNotFoundError(errno.ENOENT, "no such directory"))

    class PolicyFilter(watchfiles.DefaultFilter):
        def __call__(self, change: watchfiles.Change, path: str) -> bool:
            return super().__call__(change, path) and relevant(path)

    changes = watchfiles.watch(
        *paths,
        watch_filter=PolicyFilter(),
        step=STEP_MS,
        debounce=DEBOUNCE_MS,
        stop_event=stop,
        rust_timeout=TIMEOUT_MS,
        yield_on_timeout=True,  # the first (empty) batch says the watcher runs
        raise_interrupt=True,
        ignore_permission_denied=True,
    )
    started = False
    while True:
        try:
            batch = next(changes)
        except StopIteration:
            return None
        except OSError as exc:
            return cannot_watch(paths, exc)
        if not started:
            started = True
            rebuild([])
        if batch:
            rebuild(sorted({Path(path) for _change, path in batch}))


def cannot_watch(paths: Sequence[Path], exc: OSError) -> Diagnostic:
    """PC416: the file watcher could not start or stopped working."""
    where = ", ".join(p.as_posix() for p in paths)
    return Diagnostic(
        "PC416",
        f"cannot watch {where} for changes: {exc.strerror or exc}",
        Span(paths[0].as_posix() if paths else "."),
        hint="check the directory exists; on Linux, raise fs.inotify.max_user_watches",
    )
