"""Validate stage: `Document`s → the same documents, checked against their kind's schema."""

from policyc.validate.schema import KINDS, SchemaSet, validate_documents

__all__ = ["KINDS", "SchemaSet", "validate_documents"]
