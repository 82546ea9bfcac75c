"""Differences between two score rules of one criterion.

- ``rule_changed``: the scoring kind changed (``field`` empty; old and new are whole rules), or an
  expression did
  (``field`` = ``of``, ``check`` or ``formula``), or a ``best_of`` gained or lost an alternative.
- ``threshold_changed``: a number the rule compares with or pays changed: a tier step's bound
  (``steps[i].min``/``steps[i].max``) and its points (``steps[i].points``) separately, a step added
  or removed (``steps[i]``), linear ``from``/``to``, ``each`` of count and deduct, deadline
  ``due``/``late``.

Fields inside a ``best_of`` alternative are prefixed ``best_of[i].``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from ..model.pack import (
    BestOfRule,
    CheckRule,
    CountRule,
    DeadlineRule,
    DeductRule,
    FormulaRule,
    LinearRule,
    TiersRule,
    TierStep,
    rule_kind,
)

__all__ = ["RuleChange", "rule_changes", "rule_value", "step_value"]

RuleChange = tuple[str, str, Any, Any]  # kind, field, old, new


def rule_value(rule: BaseModel | None) -> Any:
    """A rule as plain data, keyed as in the YAML (``{"tiers": {"of": …, "steps": […]}}``)."""
    if rule is None:
        return None
    return rule.model_dump(by_alias=True, exclude_none=True)


def step_value(step: TierStep) -> dict[str, Any]:
    side = "min" if step.min is not None else "max"
    return {side: step.bound, "points": step.points}


def rule_changes(
    old: BaseModel | None, new: BaseModel | None, prefix: str = ""
) -> Iterator[RuleChange]:
    """Each difference between two rules (``None`` for a criterion without a score)."""
    if old is None or new is None or rule_kind(old) != rule_kind(new):
        yield ("rule_changed", prefix.rstrip("."), rule_value(old), rule_value(new))
        return
    if isinstance(old, BestOfRule) and isinstance(new, BestOfRule):
        yield from _best_of(old, new, prefix)
        return
    yield from _expression(old, new, prefix)
    if isinstance(old, TiersRule) and isinstance(new, TiersRule):
        yield from _steps(old.tiers.steps, new.tiers.steps, prefix)
    elif isinstance(old, LinearRule) and isinstance(new, LinearRule):
        yield from _numbers(prefix, ("from", old.linear.from_, new.linear.from_))
        yield from _numbers(prefix, ("to", old.linear.to, new.linear.to))
    elif isinstance(old, CountRule) and isinstance(new, CountRule):
        yield from _numbers(prefix, ("each", old.count.each, new.count.each))
    elif isinstance(old, DeductRule) and isinstance(new, DeductRule):
        yield from _numbers(prefix, ("each", old.deduct.each, new.deduct.each))
    elif isinstance(old, DeadlineRule) and isinstance(new, DeadlineRule):
        yield from _numbers(prefix, ("due", old.deadline.due, new.deadline.due))
        yield from _numbers(prefix, ("late", old.deadline.late, new.deadline.late))


def _expression(old: BaseModel, new: BaseModel, prefix: str) -> Iterator[RuleChange]:
    a, field = _expression_text(old)
    b, _ = _expression_text(new)
    if a != b:
        yield ("rule_changed", prefix + field, a, b)


def _expression_text(rule: BaseModel) -> tuple[str, str]:
    if isinstance(rule, CheckRule):
        return rule.check, "check"
    if isinstance(rule, FormulaRule):
        return rule.formula, "formula"
    spec = getattr(rule, rule_kind(rule))
    return spec.of, "of"


def _numbers(prefix: str, item: tuple[str, Any, Any]) -> Iterator[RuleChange]:
    field, a, b = item
    if a != b:
        yield ("threshold_changed", prefix + field, a, b)


def _steps(old: list[TierStep], new: list[TierStep], prefix: str) -> Iterator[RuleChange]:
    for i in range(max(len(old), len(new))):
        a = old[i] if i < len(old) else None
        b = new[i] if i < len(new) else None
        where = f"{prefix}steps[{i}]"
        if a is None or b is None or (a.min is None) != (b.min is None):
            yield (
                "threshold_changed",
                where,
                step_value(a) if a is not None else None,
                step_value(b) if b is not None else None,
            )
            continue
        side = "min" if a.min is not None else "max"
        if a.bound != b.bound:
            yield ("threshold_changed", f"{where}.{side}", a.bound, b.bound)
        if a.points != b.points:
            yield ("threshold_changed", f"{where}.points", a.points, b.points)


def _best_of(old: BestOfRule, new: BestOfRule, prefix: str) -> Iterator[RuleChange]:
    for i in range(max(len(old.best_of), len(new.best_of))):
        a = old.best_of[i] if i < len(old.best_of) else None
        b = new.best_of[i] if i < len(new.best_of) else None
        where = f"{prefix}best_of[{i}]"
        if a is None or b is None:
            yield ("rule_changed", where, rule_value(a), rule_value(b))
        elif a != b:
            yield from rule_changes(a, b, where + ".")
