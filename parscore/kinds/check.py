"""``check: EXPR`` — full marks when the condition holds, 0 otherwise."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from ..expr import Value, evaluate
from ..numbers import short as plain  # texts: at most 4 decimal places
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
)
from .base import show as _show
from .registry import register

if TYPE_CHECKING:
    from ..compiled import CompiledRule
    from ..leaf_direct import DirectCode
    from ..wording import Wording

__all__ = ["CheckRule"]


class CheckRule(KindModel):
    check: str


class Check(ScoreKind):
    name = "check"
    direct_type = None  # any value: its truth
    model = CheckRule
    noun = "điều kiện"
    kind_words = "đạt hoặc không đạt điều kiện"
    shows_value = False
    docs: ClassVar[Docs] = {
        "CheckRule": (
            "check",
            "Đủ điểm nếu biểu thức đúng, 0 nếu sai.",
            {"check": "Điều kiện để được đủ điểm. " + EXPR_WORDS},
        ),
    }
    field_words: ClassVar[dict[str, str]] = {"check": "điều kiện"}

    def plan(self, rule: CompiledRule) -> RulePlan:
        expr = rule.expr
        assert expr is not None

        def check(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
            value = evaluate(expr, env)
            met = bool(value)
            return Scored(maximum if met else ZERO, value, met, None, None, ())

        return check

    def direct_points(
        self, rule: CompiledRule, maximum: str, value: str, code: DirectCode
    ) -> str | None:
        return f"{maximum} if {value} else ZERO"

    def describe(
        self, rule: CompiledRule, maximum: Decimal, scored: Scored, words: Wording
    ) -> Outcome:
        assert rule.expr is not None
        met = bool(scored.met)
        pts = scored.points
        condition = f"Điều kiện «{rule.expr.source}» {'được' if met else 'không được'} đáp ứng"
        if not maximum:  # a tracked target: met or not, no points to speak of
            said = f"{condition}: {'đạt' if met else 'chưa đạt'}."
        else:
            said = f"{condition} → {vi_number(pts)} điểm."
        return Outcome(
            pts, f"check: {rule.expr.source} → {_show(met)} → {plain(pts)}", said, met=met
        )

    def rule_words(self, rule: CompiledRule, maximum: Decimal, words: Wording) -> str:
        what = words.expression(rule.expr) if rule.expr is not None else ""
        if not maximum:  # a tracked target
            return f"Đạt khi {what} (chỉ tiêu theo dõi, không tính điểm)"
        return f"{words.number(maximum)} điểm khi {what}; không đạt: 0 điểm"

    def levels(self, rule: CompiledRule, maximum: Decimal) -> list[Level]:
        assert rule.expr is not None
        return [Level(maximum, rule.expr.source)]

    def text(self, spec: Any, say: RuleWords) -> str:
        return f"{self.noun} {say.expression(spec)}"


register(Check())
