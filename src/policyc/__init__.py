"""policyc: compile support policies written as YAML into typed Python, help pages and routing."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """`__version__`, read from the package metadata on first use: importing
    importlib.metadata is a large part of `policyc --help` (`benchmarks/README.md`)."""
    if name != "__version__":
        raise AttributeError(f"module 'policyc' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version  # start-up

    try:
        found = version("policyc")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        found = "0.0.0"
    globals()["__version__"] = found
    return found
