"""Where a side of a diff comes from: a policy directory, or a git revision.

In: what the user typed (`policies/`, `main`, `HEAD~1`, a commit id). Out: a directory of
policy files to validate. A revision's `policies/` is read with `git archive` into a
temporary directory (no network, no checkout: the working tree is never touched).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from policyc.diagnostics import Diagnostic, Span


class SourceError(Exception):
    """A side cannot be read; carries the PC571 diagnostic to report (exit 2)."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a diff: its label, the directory to read, and how to name its files."""

    label: str
    directory: Path
    revision: str | None = None  # the commit, when read from git
    subdir: str = ""

    def rename(self, diag: Diagnostic) -> Diagnostic:
        """Name files of a revision `REV:policies/x.yaml` instead of by their temp path."""
        if self.revision is None:
            return diag
        file = diag.span.file
        # the temp dir may be shown resolved or not (/tmp is a symlink on macOS)
        roots = (self.directory.resolve().as_posix(), self.directory.as_posix())
        root = next((r for r in roots if file == r or file.startswith(r + "/")), None)
        if root is None:
            return diag
        rel = file[len(root) :].lstrip("/")
        name = f"{self.label}:{self.subdir}/{rel}" if rel else f"{self.label}:{self.subdir}"
        return replace(diag, span=replace(diag.span, file=name))


_HINT = "use a branch, tag or commit (e.g. main, HEAD~1), or a policy directory"


def _fail(spec: str, message: str, hint: str) -> SourceError:
    return SourceError(Diagnostic("PC571", message, Span(spec), hint=hint))


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    exe = shutil.which("git")
    if exe is None:
        raise _fail("git", "git is not installed", "pass policy directories instead of revisions")
    return subprocess.run([exe, *args], cwd=cwd, capture_output=True, check=False)


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace").strip()


@contextmanager
def open_side(
    spec: str, subdir: str = "policies", cwd: Path | None = None, label: str | None = None
) -> Iterator[Side]:
    """Yield the side named by `spec`: an existing directory, else a git revision."""
    if not spec.strip():
        raise _fail("<empty>", "an empty name is neither a directory nor a git revision", _HINT)
    path = Path(spec)
    if path.is_dir():
        yield Side(label or spec, path)
        return
    here = cwd or Path.cwd()
    top = _git(["rev-parse", "--show-toplevel"], here)
    if top.returncode != 0:
        raise _fail(
            spec,
            f"'{spec}' is neither a directory nor a git revision (not in a git repository)",
            "pass two policy directories, or run inside the repository",
        )
    root = Path(_text(top.stdout))
    commit = _git(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{spec}^{{commit}}"], root
    )
    if commit.returncode != 0:
        raise _fail(spec, f"'{spec}' is neither a directory nor a git revision", _HINT)
    sha = _text(commit.stdout)
    subdir = subdir.strip("/") or "."
    archive = _git(["archive", "--format=tar", sha, "--", subdir], root)
    if archive.returncode != 0:
        raise _fail(
            spec,
            f"revision '{spec}' has no '{subdir}/': {_text(archive.stderr)}",
            "pass --policies-subdir with the policy directory's path in the repository",
        )
    with tempfile.TemporaryDirectory(prefix="policyc-diff-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            try:
                tar.extractall(tmp, filter="data")
            except tarfile.FilterError as exc:  # a link leaving the checkout, an absolute name
                member = getattr(exc, "tarinfo", None)
                name = member.name if member is not None else "?"
                raise _fail(
                    f"{spec}:{name}",
                    f"revision '{spec}' holds {name}, a link or path leading out of "
                    f"'{subdir}/': not read",
                    "links in the policy directory must stay inside it",
                ) from None
        yield Side(spec, Path(tmp) / subdir, revision=sha, subdir=subdir)
