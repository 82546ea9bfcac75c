"""The point levels a leaf can be raised to, per scoring kind, with the requirement in words.

A level is "this leaf at ≥ P points", and what the rule needs for it (``on_time_rate ≥ 99,9``).
The search module then finds the raw-input change that reaches it. Levels are the single source
of what a rule can give: the planner, ``explain`` and the report all use them.

- ``tiers``: every higher step.
- ``linear``: quarter steps of the maximum, and full marks.
- ``count`` (+n) and ``deduct`` (−n): one level per unit, or quarters when there are many.
- ``check``, ``deadline``: full marks.
- ``formula``: quarter steps and full marks (planned only when monotone in the input).
- ``best_of``: the levels of every alternative.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from ..compiled import CompiledRule
from ..model.pack import CountRule, DeadlineRule, DeductRule, LinearRule, TiersRule
from ..numbers import vi_number, vi_short
from ..vi import vi_date

__all__ = ["MAX_UNIT_LEVELS", "Level", "requirement_for", "rule_levels"]

MAX_UNIT_LEVELS = 8
QUARTERS = (Decimal(1) / 4, Decimal(1) / 2, Decimal(3) / 4, Decimal(1))


@dataclass(frozen=True)
class Level:
    points: Decimal  # the leaf's computed points to reach (at least)
    requirement: str  # Vietnamese: what the rule needs for it


def rule_levels(rule: CompiledRule, maximum: Decimal, current: Decimal) -> list[Level]:
    """Levels above ``current``, lowest first, one per distinct point value."""
    found: dict[Decimal, Level] = {}
    for level in _levels(rule, maximum):
        if current < level.points <= maximum and level.points not in found:
            found[level.points] = level
    return [found[p] for p in sorted(found)]


def requirement_for(
    rule: CompiledRule, maximum: Decimal, points: Decimal, choice: int | None = None
) -> str:
    """The requirement of the highest level at or below ``points`` (of the winning alternative
    of a ``best_of``, when ``choice`` says which)."""
    if rule.kind == "best_of" and choice is not None:
        inner = requirement_for(rule.alternatives[choice], maximum, points)
        return f"phương án {choice + 1}: {inner}" if inner else ""
    met = [lv for lv in _levels(rule, maximum) if lv.points <= points]
    return max(met, key=lambda lv: lv.points).requirement if met else ""


def _levels(rule: CompiledRule, maximum: Decimal) -> list[Level]:
    if rule.kind == "best_of":
        out: list[Level] = []
        for i, alt in enumerate(rule.alternatives, start=1):
            out.extend(
                Level(lv.points, f"phương án {i}: {lv.requirement}") for lv in _levels(alt, maximum)
            )
        return sorted(out, key=lambda lv: lv.points)
    source = rule.expr.source if rule.expr is not None else ""
    model = rule.model
    if isinstance(model, TiersRule):
        sym = "≤" if model.tiers.lower_is_better else "≥"
        return [
            Level(min(step.points, maximum), f"{source} {sym} {vi_number(step.bound)}")
            for step in model.tiers.steps
        ]
    if isinstance(model, LinearRule):
        a, b = model.linear.from_, model.linear.to
        sym = "≥" if b > a else "≤"
        return [Level(maximum * q, f"{source} {sym} {_short(a + (b - a) * q)}") for q in QUARTERS]
    if isinstance(model, CountRule):
        return _unit_levels(maximum, model.count.each, source, "≥", up=True)
    if isinstance(model, DeductRule):
        return _unit_levels(maximum, model.deduct.each, source, "≤", up=False)
    if isinstance(model, DeadlineRule):
        due = model.deadline.due
        return [Level(maximum, f"{source} không muộn hơn {vi_date(due)}")]
    if rule.kind == "check":
        return [Level(maximum, source)]
    return [Level(maximum * q, f"«{source}» ≥ {_short(maximum * q)}") for q in QUARTERS]


def _unit_levels(
    maximum: Decimal, each: Decimal, source: str, sym: str, *, up: bool
) -> list[Level]:
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


def _short(value: Decimal) -> str:
    return vi_short(value)
