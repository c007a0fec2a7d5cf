"""Helpers for the build-integrity tests: policy trees, tree snapshots and test emitters."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policyc.emit.base import WHOLE, Artifact, Emitter, Part
from policyc.model.ir import Policies

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"
SEEDS = ROOT / "policies"
SHARED = SEEDS / "shared"
DROPBOX = SEEDS / "dropbox-premium-support"


def policy_tree(dest: Path, parts: dict[str, Path], *, reverse: bool = False) -> Path:
    """Copy policy directories into `dest/<name>/`, file by file in sorted (or reverse)
    order, so two copies list their directories in different orders on most file systems."""
    files = [
        (name, src, path)
        for name, src in parts.items()
        for path in sorted(src.rglob("*"))
        if path.is_file()
    ]
    for name, src, path in reversed(files) if reverse else files:
        target = dest / name / path.relative_to(src) if name else dest / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return dest


def vendor_tree(dest: Path) -> Path:
    """The vendor fixture plus the en and fr page chrome: a tree that builds without findings."""
    policy_tree(dest, {"": VENDOR})
    for locale in ("en", "fr"):
        target = dest / "chrome" / f"{locale}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHARED / "chrome" / f"{locale}.yaml", target)
    return dest


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` (hidden ones too), by POSIX path, with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() or p.is_symlink()
    }


def beside(out: Path) -> list[str]:
    """Hidden entries next to the output (lock files, temporary and old trees)."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


class ProgrammeEmitter:
    """A small deterministic emitter: one file per programme, plus an index."""

    name = "programmes"

    def emit(self, policies: Policies, part: Part = WHOLE) -> list[Artifact]:
        found = [
            Artifact(
                f"programmes/{pid}.txt",
                (
                    f"programme: {pid}\n"
                    f"locales: {', '.join(prog.locales)}\n"
                    f"tiers: {', '.join(t.id for t in prog.tiers)}\n"
                    f"severities: {', '.join(s.id for s in prog.severities)}\n"
                ).encode(),
            )
            for pid in part.programmes(policies)
            for prog in [policies.programmes[pid]]
        ]
        if not part.shared:
            return found
        index = "".join(f"{pid}\n" for pid in sorted(policies.programmes))
        return sorted([*found, Artifact("index.txt", index.encode())], key=lambda a: a.path)


class ExplodingEmitter:
    """Fails half-way through the emit stage, like a buggy emitter would."""

    name = "exploding"

    def emit(self, policies: Policies, part: Part = WHOLE) -> list[Artifact]:
        raise RuntimeError("emitter bug")


def use_emitters(monkeypatch: pytest.MonkeyPatch, *found: Emitter) -> None:
    """Make `policyc build` run exactly these emitters."""
    monkeypatch.setattr("policyc.emit.emitters", lambda **options: list(found))
