"""Differences between two score rules of one criterion.

- ``rule_changed``: the scoring kind changed (``field`` empty; old and new are whole rules), or an
  expression did
  (``field`` = ``of``, ``check`` or ``formula``), or a ``best_of`` gained or lost an alternative.
- ``threshold_changed``: a number the rule compares with or pays changed: a tier step's bound
  (``steps[i].min``/``steps[i].max``) and its points (``steps[i].points``) separately, a step added
  or removed (``steps[i]``), linear ``from``/``to``, ``each`` of count and deduct, deadline
  ``due``/``late``.

Fields inside a ``best_of`` alternative are prefixed ``best_of[i].``. Each kind lists its own
fields (:meth:`parscore.kinds.ScoreKind.changes`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from ..kinds import kind_of
from ..kinds.base import RuleChange, dump_rule
from ..kinds.tiers import step_value

__all__ = ["RuleChange", "rule_changes", "rule_value", "step_value"]


def rule_value(rule: BaseModel | None) -> Any:
    """A rule as plain data, keyed as in the YAML (``{"tiers": {"of": …, "steps": […]}}``)."""
    return dump_rule(rule)


def rule_changes(
    old: BaseModel | None, new: BaseModel | None, prefix: str = ""
) -> Iterator[RuleChange]:
    """Each difference between two rules (``None`` for a criterion without a score)."""
    if old is None or new is None or kind_of(old) is not kind_of(new):
        yield ("rule_changed", prefix.rstrip("."), rule_value(old), rule_value(new))
        return
    kind = kind_of(old)
    a, b = kind.expression_field(old), kind.expression_field(new)
    if a is not None and b is not None and a[0] != b[0]:
        yield ("rule_changed", prefix + a[1], a[0], b[0])
    yield from kind.changes(old, new, prefix, rule_changes)
