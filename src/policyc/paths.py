"""Where policyc finds its data files (schemas, templates) and the project root."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def schemas_dir() -> Path:
    """The JSON Schemas: bundled in the wheel, or `schemas/` of the source checkout."""
    bundled = _PACKAGE / "schemas"
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent.parent / "schemas"


def project_root(start: Path | None = None) -> Path:
    """The nearest directory upwards holding `policies/` or `pyproject.toml`, else cwd."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "policies").is_dir() or (candidate / "pyproject.toml").is_file():
            return candidate
    return here
