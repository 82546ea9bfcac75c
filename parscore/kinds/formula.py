"""``formula: EXPR`` — a free formula, its result clamped to 0..max."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from ..expr import Value, evaluate
from ..numbers import short as plain  # texts: at most 4 decimal places
from ..numbers import vi_short
from ..numbers import vi_short as vi_number
from .base import (
    EXPR_WORDS,
    ZERO,
    Docs,
    KindModel,
    Level,
    Outcome,
    RulePlan,
    RuleWords,
    Scored,
    ScoreKind,
    number,
)
from .common import QUARTERS
from .registry import register

if TYPE_CHECKING:
    from ..compiled import CompiledRule
    from ..leaf_direct import DirectCode
    from ..wording import Wording

__all__ = ["FormulaRule"]


class FormulaRule(KindModel):
    formula: str


class Formula(ScoreKind):
    name = "formula"
    model = FormulaRule
    noun = "công thức"
    kind_words = "theo công thức tính"
    needs_monotone_check = True
    docs: ClassVar[Docs] = {
        "FormulaRule": (
            "formula",
            "Công thức tự do, kẹp trong 0..max; chỉ dùng khi các kiểu khác không đủ.",
            {"formula": "Công thức tính điểm. " + EXPR_WORDS},
        ),
    }
    field_words: ClassVar[dict[str, str]] = {"formula": "công thức"}

    def plan(self, rule: CompiledRule) -> RulePlan:
        expr = rule.expr
        assert expr is not None

        def formula(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
            raw = number(evaluate(expr, env), "kết quả công thức")
            return Scored(min(max(raw, ZERO), maximum), raw, None, None, None, ())

        return formula

    def direct_points(
        self, rule: CompiledRule, maximum: str, value: str, code: DirectCode
    ) -> str | None:
        return f"min(max({value}, ZERO), {maximum})"

    def describe(
        self, rule: CompiledRule, maximum: Decimal, scored: Scored, words: Wording
    ) -> Outcome:
        value, pts = scored.value, scored.points
        assert rule.expr is not None and isinstance(value, Decimal)
        return Outcome(
            pts,
            f"formula: {rule.expr.source} = {plain(value)} → {plain(pts)}",
            f"Công thức «{rule.expr.source}» cho {vi_number(value)}, giới hạn trong 0–"
            f"{vi_number(maximum)} → {vi_number(pts)} điểm.",
        )

    def rule_words(self, rule: CompiledRule, maximum: Decimal, words: Wording) -> str:
        what = words.expression(rule.expr) if rule.expr is not None else ""
        return f"Tính theo {what}, trong khoảng 0 – {words.number(maximum)} điểm"

    def levels(self, rule: CompiledRule, maximum: Decimal) -> list[Level]:
        assert rule.expr is not None
        source = rule.expr.source
        return [Level(maximum * q, f"«{source}» ≥ {vi_short(maximum * q)}") for q in QUARTERS]

    def text(self, spec: Any, say: RuleWords) -> str:
        return f"{self.noun} {say.expression(spec)}"


register(Formula())
