"""policyc: compile support policies written as YAML into typed Python, help pages and routing."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("policyc")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"
