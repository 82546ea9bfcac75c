"""``count: {of, each}`` — each unit earns ``each`` points, at most the maximum."""

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

__all__ = ["CountRule"]


class CountRule(KindModel):
    count: PerUnitSpec


class Count(ScoreKind):
    name = "count"
    model = CountRule
    noun = "đếm (count)"
    docs: ClassVar[Docs] = {
        "CountRule": (
            "count",
            "Mỗi đơn vị được each điểm, tối đa bằng điểm tối đa.",
            {"count": "Giá trị được đếm và điểm mỗi đơn vị."},
        ),
        "PerUnitSpec": PER_UNIT_DOCS,
    }
    field_words: ClassVar[dict[str, str]] = {"each": "điểm mỗi đơn vị (each)"}

    def plan(self, rule: CompiledRule) -> RulePlan:
        expr = rule.expr
        assert expr is not None and isinstance(rule.model, CountRule)
        what = f"giá trị '{expr.source}'"
        each = rule.model.count.each

        def count(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
            v = evaluate(expr, env)
            if type(v) is not Decimal:
                v = number(v, what)
            return Scored(min(maximum, max(ZERO, v * each)), v, None, None, None, ())

        return count

    def describe(self, rule: CompiledRule, maximum: Decimal, scored: Scored) -> Outcome:
        model, value, pts = rule.model, scored.value, scored.points
        assert isinstance(model, CountRule) and isinstance(value, Decimal)
        each = model.count.each
        return Outcome(
            pts,
            f"count: {plain(value)} × {plain(each)} = {plain(value * each)} → {plain(pts)}"
            f" (max {plain(maximum)})",
            f"{vi_number(value)} × {vi_number(each)} điểm = {vi_number(value * each)}, tối đa "
            f"{vi_number(maximum)} → {vi_number(pts)} điểm.",
        )

    def levels(self, rule: CompiledRule, maximum: Decimal) -> list[Level]:
        assert isinstance(rule.model, CountRule) and rule.expr is not None
        return unit_levels(maximum, rule.model.count.each, rule.expr.source, "≥", up=True)

    def reach(
        self, code: str, maximum: Decimal, rule: CompiledRule, bounds_of: BoundsOf, path: KeyPath
    ) -> Iterator[Lint]:
        assert isinstance(rule.model, CountRule)
        each = rule.model.count.each
        bounds = bounds_of(rule)
        where = (*path, "count", "each")
        if each == 0:
            yield Lint(
                "PL105",
                "error",
                where,
                f"tiêu chí {code}: mỗi đơn vị được 0 điểm (each = 0), không bao giờ có điểm",
                "ghi số điểm cho mỗi đơn vị",
            )
        elif bounds is not None and bounds.hi is not None and bounds.hi * each < maximum:
            yield Lint(
                "PL102",
                "error",
                where,
                f"tiêu chí {code}: {bounds.text()}, nên được tối đa "
                f"{vi_number(bounds.hi * each)} điểm (mỗi đơn vị {vi_number(each)}), "
                f"không đạt điểm tối đa {vi_number(maximum)}",
                "tăng 'each' hoặc sửa giá trị tối đa của đầu vào",
            )

    def changes(
        self, old: BaseModel, new: BaseModel, prefix: str, nested: Nested
    ) -> Iterator[RuleChange]:
        assert isinstance(old, CountRule) and isinstance(new, CountRule)
        yield from number_changes(prefix, ("each", old.count.each, new.count.each))

    def text(self, spec: Any, say: RuleWords) -> str:
        return f"{self.noun} «{spec['of']}», mỗi đơn vị {say.value(spec['each'])} điểm"


register(Count())
