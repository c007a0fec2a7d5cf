"""Emit stage: the IR → `Artifact`s (relative path + bytes). Emitters never read YAML."""

from policyc.emit.base import Artifact, Emitter, emitters

__all__ = ["Artifact", "Emitter", "emitters"]
