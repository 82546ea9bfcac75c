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

if TYPE_CHECKING:
    ScoreRule = BaseModel
    SimpleRule = BaseModel
else:
    ScoreRule = rule_union(simple=False)
    SimpleRule = rule_union(simple=True)  # what a composite kind's alternatives may be

# Composite kinds name ``SimpleRule`` in their models: their modules get the union now every kind
# is known, so that pydantic resolves the name when it builds their schemas (at the first
# validation: the models defer building, see :class:`.base.KindModel`).
for _module in (best_of, one_of):
    setattr(_module, "SimpleRule", SimpleRule)  # noqa: B010  (a module global, read by pydantic)


def _models(base: type[BaseModel]) -> Iterator[type[BaseModel]]:
    for sub in base.__subclasses__():
        yield sub
        yield from _models(sub)


def complete_models() -> None:
    """Build every kind's model now (their inner models first, so that every field's annotation
    is resolved): for code that reads the models' field annotations, which stay unresolved
    (``SimpleRule``) in a composite kind until its model is built."""
    incomplete = [m for m in _models(KindModel) if not m.__pydantic_complete__]
    for model in sorted(incomplete, key=lambda m: m in {k.model for k in all_kinds()}):
        model.model_rebuild(_types_namespace={"SimpleRule": SimpleRule})


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
    "complete_models",
    "describe",
    "kind_named",
    "kind_of",
    "rule_levels",
    "rule_plan",
    "rule_points",
    "rule_ready",
]
