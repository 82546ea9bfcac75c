"""Pieces shared by several kinds: quarter levels, per-unit levels, number changes."""

from __future__ import annotations

import math
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from .base import EXPR_WORDS, KindModel, Level, NonNegative, RuleChange

__all__ = [
    "MAX_UNIT_LEVELS",
    "PER_UNIT_DOCS",
    "QUARTERS",
    "PerUnitSpec",
    "number_changes",
    "unit_levels",
]

MAX_UNIT_LEVELS = 8
QUARTERS = (Decimal(1) / 4, Decimal(1) / 2, Decimal(3) / 4, Decimal(1))


class PerUnitSpec(KindModel):  # count and deduct: the value counted, the points per unit
    of: str
    each: NonNegative


PER_UNIT_DOCS = (
    "Theo đơn vị",
    "Giá trị được đếm (of) và số điểm mỗi đơn vị (each).",
    {"of": "Giá trị được đếm. " + EXPR_WORDS, "each": "Số điểm mỗi đơn vị."},
)


def number_changes(prefix: str, *items: tuple[str, Any, Any]) -> Iterator[RuleChange]:
    """``threshold_changed`` for each ``(field, old, new)`` that differs."""
    for field, a, b in items:
        if a != b:
            yield ("threshold_changed", prefix + field, a, b)


def unit_levels(maximum: Decimal, each: Decimal, source: str, sym: str, *, up: bool) -> list[Level]:
    """``count``: n units give n × each (capped); ``deduct``: n violations take n × each off."""
    if each <= 0:
        return [Level(maximum, f"{source} {sym} 0")] if not up else []
    units = math.ceil(maximum / each)
    if units > MAX_UNIT_LEVELS:
        picks = sorted({math.ceil(units * q) for q in QUARTERS})
    else:
        picks = list(range(1, units + 1))
    out: list[Level] = []
    for n in picks:
        if up:
            out.append(Level(min(maximum, n * each), f"{source} {sym} {n}"))
        else:
            remaining = units - n  # violations left
            out.append(
                Level(max(Decimal(0), maximum - remaining * each), f"{source} {sym} {remaining}")
            )
    return out
