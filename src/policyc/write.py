"""Write artifacts atomically with a manifest, or compare them with what is on disk.

In: artifacts and the inputs' hash. Out: a complete, current output directory (or
drift diagnostics with `--check`). The new tree is written beside the old one, verified,
then swapped in with renames, so a failure at any point leaves the old tree untouched.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from policyc import __version__
from policyc.diagnostics import Diagnostic, Span
from policyc.emit.base import Artifact

MANIFEST = "manifest.json"


def inputs_hash(files: Iterable[tuple[str, bytes]]) -> str:
    """A content hash of the policy inputs (relative names and bytes) and policyc's version."""
    digest = hashlib.sha256(f"policyc {__version__}\n".encode())
    for name, data in sorted(files):
        digest.update(f"{len(name)}:{name}:{len(data)}:".encode())
        digest.update(data)
    return digest.hexdigest()


def manifest(artifacts: Sequence[Artifact], input_hash: str) -> Artifact:
    entries = {
        a.path: {"sha256": hashlib.sha256(a.data).hexdigest(), "size": len(a.data)}
        for a in sorted(artifacts, key=lambda a: a.path)
    }
    body = {
        "format_version": 1,
        "policyc_version": __version__,
        "inputs_sha256": input_hash,
        "artifacts": entries,
    }
    text = json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return Artifact(MANIFEST, text.encode())


def _safe(path: str) -> bool:
    p = PurePosixPath(path)
    return (
        bool(path)
        and not p.is_absolute()
        and ".." not in p.parts
        and "\\" not in path
        and all(part not in ("", ".") for part in p.parts)
    )


@dataclass
class WriteOutcome:
    diagnostics: list[Diagnostic]
    written: int = 0
    up_to_date: bool = False


def read_manifest(out: Path) -> dict[str, object] | None:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_tree(out: Path, artifacts: Sequence[Artifact]) -> WriteOutcome:
    """Replace `out` with exactly `artifacts`, atomically (temp dir, then rename swap)."""
    for a in artifacts:
        if not _safe(a.path):
            return WriteOutcome(
                [
                    Diagnostic(
                        "PC401", f"refusing to write outside the output: {a.path!r}", Span(a.path)
                    )
                ]
            )
    out = out.resolve()
    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    lock = parent / f".{out.name}.lock"
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return WriteOutcome(
            [
                Diagnostic(
                    "PC402",
                    f"another build holds the lock {lock.name}",
                    Span(lock.as_posix()),
                    hint="wait for it to finish; if no build is running, delete the lock file",
                )
            ]
        )
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=parent))
    old = parent / f".{out.name}.old-{os.getpid()}"
    try:
        os.write(fd, str(os.getpid()).encode())
        for a in artifacts:
            target = tmp / a.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(a.data)
        for a in artifacts:  # verify before the swap
            if (tmp / a.path).read_bytes() != a.data:
                raise OSError(f"verification failed for {a.path}")
        if out.exists():
            os.rename(out, old)
        os.rename(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not out.exists():
            os.rename(old, out)
        return WriteOutcome(
            [Diagnostic("PC403", f"could not write the output: {exc}", Span(out.as_posix()))]
        )
    finally:
        os.close(fd)
        lock.unlink(missing_ok=True)
    return WriteOutcome([], written=len(artifacts))


def _short_diff(path: str, old: bytes, new: bytes, limit: int = 20) -> tuple[str, ...]:
    try:
        a, b = old.decode().splitlines(), new.decode().splitlines()
    except UnicodeDecodeError:
        return ("binary files differ",)
    lines = list(
        difflib.unified_diff(a, b, f"{path} (on disk)", f"{path} (from policies)", n=1, lineterm="")
    )
    if len(lines) > limit:
        lines = [*lines[:limit], f"... {len(lines) - limit} more diff lines"]
    return tuple(lines)


def check_tree(out: Path, artifacts: Sequence[Artifact]) -> list[Diagnostic]:
    """Compare `out` with `artifacts`: one PC404 diagnostic per drifted, missing or extra file."""
    want = {a.path: a.data for a in artifacts}
    have: set[str] = set()
    if out.is_dir():
        for dirpath, _dirs, files in os.walk(out):
            for name in files:
                have.add((Path(dirpath) / name).relative_to(out).as_posix())
    diags = []
    shown = out.as_posix().rstrip("/")
    for path in sorted(want.keys() | have):
        span = Span(f"{shown}/{path}")
        hint = "run `policyc build` and commit the result"
        if path not in have:
            diags.append(Diagnostic("PC404", "missing from the output", span, hint=hint))
        elif path not in want:
            diags.append(
                Diagnostic("PC404", "extra file not produced by the build", span, hint=hint)
            )
        else:
            data = (out / path).read_bytes()
            if data != want[path]:
                notes = _short_diff(path, data, want[path])
                diags.append(Diagnostic("PC404", "out of date", span, hint=hint, notes=notes))
    return diags
