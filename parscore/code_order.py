"""The natural order of criterion codes: ``3.2`` before ``3.10``, ``4.2.1`` before ``4.2.3``."""

from __future__ import annotations

__all__ = ["code_order"]


def code_order(code: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key of a criterion code: its numbers compared as numbers (3.2 before 3.10); any
    other part (``3a``, ``²``: a digit ``int`` does not read) as text, after them."""
    return tuple((0, int(p)) if p.isdecimal() else (1, p) for p in code.split("."))
