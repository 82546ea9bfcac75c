"""``count: {of, each}`` — each unit earns ``each`` points, at most the maximum."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from ..numbers import short as plain  # texts: at most 4 decimal places
from ..numbers import vi_short as vi_number
from ..yamlio import KeyPath
from .base import ZERO, BoundsOf, Docs, KindModel, Lint, Outcome, RuleWords, Scored
from .common import PER_UNIT_DOCS, PerUnitKind, PerUnitSpec, per_unit_of
from .registry import register

if TYPE_CHECKING:
    from ..compiled import CompiledRule
    from ..wording import Wording

__all__ = ["CountRule"]


class CountRule(KindModel):
    count: PerUnitSpec


class Count(PerUnitKind):
    name = "count"
    model = CountRule
    noun = "đếm"
    kind_words = "cộng điểm theo số lượng"
    up = True
    direct_formula = "min({m}, max(ZERO, {v} * {e}))"
    docs: ClassVar[Docs] = {
        "CountRule": (
            "count",
            "Mỗi đơn vị được each điểm, tối đa bằng điểm tối đa.",
            {"count": "Giá trị được đếm và điểm mỗi đơn vị."},
        ),
        "PerUnitSpec": PER_UNIT_DOCS,
    }

    @staticmethod
    def formula(maximum: Decimal, value: Decimal, each: Decimal) -> Decimal:
        return min(maximum, max(ZERO, value * each))

    def describe(
        self, rule: CompiledRule, maximum: Decimal, scored: Scored, words: Wording
    ) -> Outcome:
        model, value, pts = rule.model, scored.value, scored.points
        assert isinstance(model, CountRule) and isinstance(value, Decimal) and rule.expr is not None
        each = model.count.each
        unit = words.unit_of(rule.expr)  # of the value counted (3 hệ thống)
        return Outcome(
            pts,
            f"count: {plain(value)} × {plain(each)} = {plain(value * each)} → {plain(pts)}"
            f" (max {plain(maximum)})",
            f"{vi_number(value)}{unit} × {vi_number(each)} điểm = {vi_number(value * each)}, tối đa "
            f"{vi_number(maximum)} → {vi_number(pts)} điểm.",
        )

    def rule_words(self, rule: CompiledRule, maximum: Decimal, words: Wording) -> str:
        assert isinstance(rule.model, CountRule) and rule.expr is not None
        pts, each = words.number, words.number(rule.model.count.each)
        return f"{each} điểm cho {per_unit_of(rule, words)}, tối đa {pts(maximum)} điểm"

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

    def text(self, spec: Any, say: RuleWords) -> str:
        per = say.per_unit(spec["of"]) or "mỗi đơn vị"  # mỗi hệ thống
        return f"{self.noun} {say.expression(spec['of'])}, {per} {say.value(spec['each'])} điểm"


register(Count())
