"""Whole numbers a browser sends (ids, versions, years in a query): read only when they are plain
ASCII digits of a sensible length, so ``²``, ``٣`` or a 5 000-digit string is never converted
(``int()`` would refuse or take them, and a server error or a database overflow would follow)."""

from __future__ import annotations

from typing import Any

__all__ = ["whole_number"]

MAX_DIGITS = 18  # below 2^63: fits every database integer


def whole_number(text: Any) -> int | None:
    """``int(text)`` for plain ASCII digits (at most 18 of them), else ``None``."""
    ok = isinstance(text, str) and text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS
    return int(text) if ok else None
