"""Model stage: validated documents → the frozen IR (`Policies`) plus PC3xx diagnostics."""

from policyc.model.build import build_model
from policyc.model.ir import Policies, Programme

__all__ = ["Policies", "Programme", "build_model"]
