"""Where policyc finds its data files (schemas) and the project root.

In: nothing (the installed package) or a start directory. Out: paths. Runtime files are
package resources (`importlib.resources`): the wheel carries the repository's `schemas/`
as `policyc/schemas`; an editable install reads `schemas/` of the source checkout.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_CHECKOUT_SCHEMAS = Path(__file__).resolve().parent.parent.parent / "schemas"


def schemas_dir() -> Path:
    """The JSON Schemas: `policyc/schemas` of the installed package, else the checkout's."""
    bundled = files("policyc").joinpath("schemas")
    if isinstance(bundled, Path) and bundled.is_dir():
        return bundled.resolve()
    return _CHECKOUT_SCHEMAS


def project_root(start: Path | None = None) -> Path:
    """The nearest directory upwards holding `policies/` or `pyproject.toml`, else cwd."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "policies").is_dir() or (candidate / "pyproject.toml").is_file():
            return candidate
    return here
