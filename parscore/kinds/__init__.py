"""Scoring kinds: one module per kind, behind one protocol (:class:`ScoreKind`), in a registry.

Points for one leaf come from its kind: the numbers first (:func:`rule_points` -> :class:`Scored`),
the words after (:func:`describe`), so that batch totals can skip the words; :func:`apply_rule`
does both. Pure functions, no I/O.

Adding a kind is one new module here (registered on import, listed below and in
:data:`base.ORDER`) plus its tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from pydantic import BaseModel

from . import (  # noqa: F401  (each module registers its kind)
    best_of,
    check,
    count,
    deadline,
    deduct,
    formula,
    graded,
    linear,
    one_of,
    pick,
    tiers,
)
from .base import KindModel, Level, Outcome, RulePlan, Scored, ScoreKind
from .registry import (
    all_kinds,
    apply_rule,
    describe,
    kind_named,
    kind_of,
    rule_levels,
    rule_plan,
    rule_points,
    rule_ready,
    rule_union,
)


def _models(base: type[BaseModel]) -> Iterator[type[BaseModel]]:
    for sub in base.__subclasses__():
        yield sub
        yield from _models(sub)


if TYPE_CHECKING:
    ScoreRule = BaseModel
    SimpleRule = BaseModel
else:
    ScoreRule = rule_union(simple=False)
    SimpleRule = rule_union(simple=True)  # what a composite kind's alternatives may be

# Composite kinds name ``SimpleRule`` in their models: complete them now every kind is known
# (their inner models first, so that every field's annotation is resolved).
_incomplete = [m for m in _models(KindModel) if not m.__pydantic_complete__]
for _model in sorted(_incomplete, key=lambda m: m in {k.model for k in all_kinds()}):
    _model.model_rebuild(_types_namespace={"SimpleRule": SimpleRule})

__all__ = [
    "Level",
    "Outcome",
    "RulePlan",
    "ScoreKind",
    "ScoreRule",
    "Scored",
    "SimpleRule",
    "all_kinds",
    "apply_rule",
    "describe",
    "kind_named",
    "kind_of",
    "rule_levels",
    "rule_plan",
    "rule_points",
    "rule_ready",
]
