"""The pipeline as plain functions: load → validate → model → emit → write.

Each stage returns its value plus diagnostics; the pipeline stops before emitting when
any error exists, so a broken policy never produces a half-written `generated/`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from policyc.diagnostics import Diagnostic, Span, has_errors, sort_diagnostics
from policyc.load import Document, discover, load_file
from policyc.validate import validate_documents

if TYPE_CHECKING:
    from policyc.model.ir import Policies


class Progress:
    """What the pipeline is working on, so an internal error can name the file."""

    current: str = "<startup>"


def display_name(path: Path) -> str:
    """The name a file is shown under: relative to the cwd when inside it, POSIX style."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass
class Result:
    """Everything a run produced: documents, the model (if built) and diagnostics."""

    documents: list[Document] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    policies: Policies | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def load(paths: Iterable[Path]) -> Result:
    """Find, read and parse every policy file under `paths`."""
    result = Result()
    files, diags = discover(paths)
    result.diagnostics.extend(diags)
    for path in files:
        name = display_name(path)
        Progress.current = name
        docs, found = load_file(path, name)
        result.files.append(name)
        result.documents.extend(docs)
        result.diagnostics.extend(found)
    return result


def validate(paths: Iterable[Path], *, semantic: bool = True) -> Result:
    """Load and schema-check the files, then build the model and run semantic checks."""
    result = load(paths)
    valid, diags = validate_documents(result.documents)
    result.diagnostics.extend(diags)
    if semantic and valid and not has_errors(result.diagnostics):
        from policyc.model import build_model

        Progress.current = "<model>"
        result.policies, found = build_model(valid)
        result.diagnostics.extend(found)
    result.diagnostics = sort_diagnostics(result.diagnostics)
    return result


def missing_directory(path: Path) -> Diagnostic:
    return Diagnostic(
        "PC113",
        "policy directory not found",
        Span(path.as_posix()),
        hint="run from the project root or pass --policies DIR",
    )


@dataclass
class BuildOutcome:
    diagnostics: list[Diagnostic]
    summary: str = ""


def _input_files(result: Result, policies: Path) -> list[tuple[str, bytes]]:
    root = policies.resolve()
    files = []
    for name in result.files:
        path = Path(name).resolve()
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            rel = name
        files.append((rel, path.read_bytes()))
    return files


def build(policies: Path, out: Path, *, check: bool = False) -> BuildOutcome:
    """Validate, emit every artifact in memory, then write atomically (or compare)."""
    from policyc import write
    from policyc.emit import emitters

    result = validate([policies])
    if not result.ok or result.policies is None:
        return BuildOutcome(result.diagnostics)
    input_hash = write.inputs_hash(_input_files(result, policies))
    artifacts = []
    for emitter in emitters():
        Progress.current = f"<emit {emitter.name}>"
        artifacts.extend(emitter.emit(result.policies))
    artifacts.append(write.manifest(artifacts, input_hash))
    if check:
        drift = write.check_tree(out, artifacts)
        summary = f"up to date: {len(artifacts)} files in {out.as_posix()}"
        return BuildOutcome(result.diagnostics + drift, summary)
    outcome = write.write_tree(out, artifacts)
    return BuildOutcome(
        result.diagnostics + outcome.diagnostics,
        f"built {outcome.written} files into {out.as_posix()}",
    )
