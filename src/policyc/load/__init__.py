"""Load stage: policy files → `Document`s (plain values + the node tree for positions)."""

from policyc.load.document import Document, KeyPath
from policyc.load.files import discover
from policyc.load.run import load_file
from policyc.load.yaml_loader import load_text

__all__ = ["Document", "KeyPath", "discover", "load_file", "load_text"]
