"""The point levels a leaf can be raised to, with the requirement in words.

A level is "this leaf at ≥ P points", and what the rule needs for it (``on_time_rate ≥ 99,9``).
The search module then finds the raw-input change that reaches it. Levels are the single source
of what a rule can give: the planner, ``explain`` and the report all use them. Each scoring kind
says its own levels (:meth:`parscore.kinds.ScoreKind.levels`), for example:

- ``tiers``: every higher step.
- ``linear``: quarter steps of the maximum, and full marks.
- ``count`` (+n) and ``deduct`` (−n): one level per unit, or quarters when there are many.
- ``check``, ``deadline``: full marks.
- ``formula``: quarter steps and full marks (planned only when monotone in the input).
- ``best_of``: the levels of every alternative.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from ..compiled import CompiledRule
from ..expr import Value
from ..kinds import Level, kind_named
from ..kinds import rule_levels as _levels
from ..kinds.common import MAX_UNIT_LEVELS

__all__ = ["MAX_UNIT_LEVELS", "Level", "level_for", "rule_levels"]


def rule_levels(
    rule: CompiledRule,
    maximum: Decimal,
    current: Decimal,
    env: Mapping[str, Value] | None = None,
) -> list[Level]:
    """Levels above ``current``, lowest first, one per distinct point value (only those the
    commune's values ``env`` can reach, when given: a fixed choice of alternative)."""
    found: dict[Decimal, Level] = {}
    levels = (
        _levels(rule, maximum)
        if env is None
        else kind_named(rule.kind).levels_for(rule, maximum, env)
    )
    for level in levels:
        if current < level.points <= maximum and level.points not in found:
            found[level.points] = level
    return [found[p] for p in sorted(found)]


def level_for(
    rule: CompiledRule, maximum: Decimal, points: Decimal, choice: int | None = None
) -> Level | None:
    """The highest level at or below ``points`` (of the alternative that counted, when
    ``choice`` says which), None when there is none."""
    return kind_named(rule.kind).level_at(rule, maximum, points, choice)
