"""Load stage: policy files → `Document`s (plain values + the node tree for positions)."""

from policyc.load.document import Document, Path
from policyc.load.yaml_loader import discover, load_file, load_text

__all__ = ["Document", "Path", "discover", "load_file", "load_text"]
