"""``deduct: {of, each}`` — ``each`` points off the maximum per violation, never below 0."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel

from ..expr import Value, evaluate
from ..numbers import short as plain  # texts: at most 4 decimal places
from ..numbers import vi_short as vi_number
from ..yamlio import KeyPath
from .base import (
    ZERO,
    BoundsOf,
    Docs,
    KindModel,
    Level,
    Lint,
    Nested,
    Outcome,
    RuleChange,
    RulePlan,
    RuleWords,
    Scored,
    ScoreKind,
    number,
    register,
)
from .common import PER_UNIT_DOCS, PerUnitSpec, number_changes, unit_levels

if TYPE_CHECKING:
    from ..compiled import CompiledRule

__all__ = ["DeductRule"]


class DeductRule(KindModel):
    deduct: PerUnitSpec


class Deduct(ScoreKind):
    name = "deduct"
    model = DeductRule
    noun = "trừ điểm (deduct)"
    counts_violations = True
    docs: ClassVar[Docs] = {
        "DeductRule": (
            "deduct",
            "Trừ each điểm cho mỗi vi phạm, không dưới 0.",
            {"deduct": "Số vi phạm và điểm trừ mỗi vi phạm."},
        ),
        "PerUnitSpec": PER_UNIT_DOCS,
    }
    field_words: ClassVar[dict[str, str]] = {"each": "điểm mỗi đơn vị (each)"}

    def plan(self, rule: CompiledRule) -> RulePlan:
        expr = rule.expr
        assert expr is not None and isinstance(rule.model, DeductRule)
        what = f"giá trị '{expr.source}'"
        each = rule.model.deduct.each

        def deduct(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
            v = evaluate(expr, env)
            if type(v) is not Decimal:
                v = number(v, what)
            return Scored(max(ZERO, min(maximum, maximum - v * each)), v, None, None, None, ())

        return deduct

    def describe(self, rule: CompiledRule, maximum: Decimal, scored: Scored) -> Outcome:
        model, value, pts = rule.model, scored.value, scored.points
        assert isinstance(model, DeductRule) and isinstance(value, Decimal)
        each = model.deduct.each
        return Outcome(
            pts,
            f"deduct: {plain(maximum)} − {plain(value)} × {plain(each)} → {plain(pts)}",
            f"Trừ {vi_number(each)} điểm cho mỗi vi phạm: {vi_number(maximum)} − "
            f"{vi_number(value)} × {vi_number(each)} → {vi_number(pts)} điểm.",
        )

    def levels(self, rule: CompiledRule, maximum: Decimal) -> list[Level]:
        assert isinstance(rule.model, DeductRule) and rule.expr is not None
        return unit_levels(maximum, rule.model.deduct.each, rule.expr.source, "≤", up=False)

    def reach(
        self, code: str, maximum: Decimal, rule: CompiledRule, bounds_of: BoundsOf, path: KeyPath
    ) -> Iterator[Lint]:
        assert isinstance(rule.model, DeductRule)
        if rule.model.deduct.each == 0:
            yield Lint(
                "PL106",
                "warning",
                (*path, "deduct", "each"),
                f"tiêu chí {code}: mỗi vi phạm trừ 0 điểm (each = 0), tiêu chí không bao giờ mất điểm",
                "ghi số điểm bị trừ cho mỗi vi phạm",
            )

    def changes(
        self, old: BaseModel, new: BaseModel, prefix: str, nested: Nested
    ) -> Iterator[RuleChange]:
        assert isinstance(old, DeductRule) and isinstance(new, DeductRule)
        yield from number_changes(prefix, ("each", old.deduct.each, new.deduct.each))

    def text(self, spec: Any, say: RuleWords) -> str:
        return f"{self.noun} «{spec['of']}», trừ {say.value(spec['each'])} điểm mỗi lần"


register(Deduct())
