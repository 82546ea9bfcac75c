"""``deduct: {of, each}`` — ``each`` points off the maximum per violation, never below 0."""

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

__all__ = ["DeductRule"]


class DeductRule(KindModel):
    deduct: PerUnitSpec


class Deduct(PerUnitKind):
    name = "deduct"
    model = DeductRule
    noun = "trừ điểm"
    kind_words = "trừ điểm theo số vi phạm"
    up = False
    direct_formula = "max(ZERO, min({m}, {m} - {v} * {e}))"
    counts_violations = True
    docs: ClassVar[Docs] = {
        "DeductRule": (
            "deduct",
            "Trừ each điểm cho mỗi vi phạm, không dưới 0.",
            {"deduct": "Số vi phạm và điểm trừ mỗi vi phạm."},
        ),
        "PerUnitSpec": PER_UNIT_DOCS,
    }

    @staticmethod
    def formula(maximum: Decimal, value: Decimal, each: Decimal) -> Decimal:
        return max(ZERO, min(maximum, maximum - value * each))

    def describe(
        self, rule: CompiledRule, maximum: Decimal, scored: Scored, words: Wording
    ) -> Outcome:
        model, value, pts = rule.model, scored.value, scored.points
        assert (
            isinstance(model, DeductRule) and isinstance(value, Decimal) and rule.expr is not None
        )
        each = model.deduct.each
        per = words.per_unit(rule.expr) or "mỗi vi phạm"  # mỗi hồ sơ
        return Outcome(
            pts,
            f"deduct: {plain(maximum)} − {plain(value)} × {plain(each)} → {plain(pts)}",
            f"Trừ {vi_number(each)} điểm cho {per}: {vi_number(maximum)} − "
            f"{vi_number(value)}{words.unit_of(rule.expr)} × {vi_number(each)}"
            f" → {vi_number(pts)} điểm.",
        )

    def rule_words(self, rule: CompiledRule, maximum: Decimal, words: Wording) -> str:
        assert isinstance(rule.model, DeductRule) and rule.expr is not None
        pts, each = words.number, words.number(rule.model.deduct.each)
        return f"Từ {pts(maximum)} điểm, trừ {each} điểm cho {per_unit_of(rule, words)}"

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

    def text(self, spec: Any, say: RuleWords) -> str:
        per = say.per_unit(spec["of"]) or "mỗi lần"  # mỗi hồ sơ
        return f"{self.noun} {say.expression(spec['of'])}, trừ {say.value(spec['each'])} điểm {per}"


register(Deduct())
