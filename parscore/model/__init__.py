"""Frozen pydantic models for rule packs and evidence; result records."""

from .evidence import Document, Evidence
from .pack import Criterion, InputSpec, RulePack

__all__ = ["Criterion", "Document", "Evidence", "InputSpec", "RulePack"]
