"""``deadline: {of, due, late}`` — full marks when the date is on or before ``due``, ``late``
points after it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel

from ..expr import EvalError, Value, evaluate
from ..numbers import short as plain  # texts: at most 4 decimal places
from ..numbers import vi_short as vi_number
from ..yamlio import KeyPath
from .base import (
    BoundsOf,
    Docs,
    KindModel,
    Level,
    Lint,
    LoadContext,
    NonNegative,
    Outcome,
    RulePlan,
    RuleWords,
    Scored,
    ScoreKind,
    vi,
    vi_date,
)
from .registry import register

if TYPE_CHECKING:
    from ..compiled import CompiledRule
    from ..leaf_direct import DirectCode
    from ..wording import Wording

__all__ = ["DeadlineRule", "DeadlineSpec"]


class DeadlineSpec(KindModel):
    of: str
    due: dt.date
    late: NonNegative = Decimal(0)


class DeadlineRule(KindModel):
    deadline: DeadlineSpec


class Deadline(ScoreKind):
    name = "deadline"
    direct_type = dt.date
    model = DeadlineRule
    noun = "hạn chót"
    kind_words = "theo thời hạn hoàn thành"
    number_fields = ("due", "late")
    shows_value = False
    docs: ClassVar[Docs] = {
        "DeadlineRule": (
            "deadline",
            "Đủ điểm nếu đúng hạn; late điểm nếu trễ; 0 nếu chưa có ngày.",
            {"deadline": "Ngày hoàn thành, hạn và điểm khi trễ."},
        ),
        "DeadlineSpec": (
            "Hạn chót",
            "Ngày hoàn thành (of), hạn (due) và điểm khi trễ (late).",
            {
                "of": "Ngày hoàn thành (đầu vào kiểu date).",
                "due": "Hạn chót, YYYY-MM-DD.",
                "late": "Điểm khi trễ hạn (mặc định 0).",
            },
        ),
    }
    field_words: ClassVar[dict[str, str]] = {"due": "hạn chót", "late": "điểm khi trễ hạn"}

    def check(self, ctx: LoadContext, rule: BaseModel, path: KeyPath) -> None:
        assert isinstance(rule, DeadlineRule)
        if rule.deadline.late > ctx.maximum:
            ctx.add(
                "PS407",
                (*path, "deadline", "late"),
                f"điểm khi trễ hạn ({rule.deadline.late}) lớn hơn điểm tối đa {ctx.maximum}",
            )

    def plan(self, rule: CompiledRule) -> RulePlan:
        expr = rule.expr
        assert expr is not None and isinstance(rule.model, DeadlineRule)
        due, late = rule.model.deadline.due, rule.model.deadline.late

        def deadline(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
            value = evaluate(expr, env)
            if not isinstance(value, dt.date):
                raise EvalError(f"hạn chót cần một ngày, nhận được {vi(value)}")
            if value <= due:
                return Scored(maximum, value, True, None, None, ())
            return Scored(late, value, False, None, None, ())

        return deadline

    def direct_points(
        self, rule: CompiledRule, maximum: str, value: str, code: DirectCode
    ) -> str | None:
        assert isinstance(rule.model, DeadlineRule)
        due, late = code.const(rule.model.deadline.due), code.const(rule.model.deadline.late)
        return f"{maximum} if {value} <= {due} else {late}"

    def describe(
        self, rule: CompiledRule, maximum: Decimal, scored: Scored, words: Wording
    ) -> Outcome:
        model, value = rule.model, scored.value
        assert isinstance(model, DeadlineRule) and isinstance(value, dt.date)
        due = model.deadline.due
        if value <= due:
            return Outcome(
                maximum,
                f"deadline: {value.isoformat()} ≤ {due.isoformat()} → {plain(maximum)}",
                f"Hoàn thành ngày {vi_date(value)}, đúng hạn {vi_date(due)}"
                f" → {vi_number(maximum)} điểm.",
                met=True,
            )
        late = model.deadline.late
        return Outcome(
            late,
            f"deadline: {value.isoformat()} > {due.isoformat()} → {plain(late)} (late)",
            f"Hoàn thành ngày {vi_date(value)}, trễ so với hạn {vi_date(due)}"
            f" → {vi_number(late)} điểm.",
            met=False,
        )

    def rule_words(self, rule: CompiledRule, maximum: Decimal, words: Wording) -> str:
        assert isinstance(rule.model, DeadlineRule) and rule.expr is not None
        pts, what, d = words.number, words.expression(rule.expr), rule.model.deadline
        return (
            f"{what} chậm nhất ngày {vi_date(d.due)}: {pts(maximum)} điểm; trễ hạn: "
            f"{pts(d.late)} điểm; chưa có: 0 điểm"
        )

    def levels(self, rule: CompiledRule, maximum: Decimal) -> list[Level]:
        assert isinstance(rule.model, DeadlineRule) and rule.expr is not None
        return [
            Level(maximum, f"{rule.expr.source} không muộn hơn {vi_date(rule.model.deadline.due)}")
        ]

    def due(self, rule: BaseModel) -> dt.date:
        assert isinstance(rule, DeadlineRule)
        return rule.deadline.due

    def reach(
        self, code: str, maximum: Decimal, rule: CompiledRule, bounds_of: BoundsOf, path: KeyPath
    ) -> Iterator[Lint]:
        assert isinstance(rule.model, DeadlineRule)
        if rule.model.deadline.late == maximum and maximum > 0:
            yield Lint(
                "PL107",
                "warning",
                (*path, "deadline", "late"),
                f"tiêu chí {code}: trễ hạn vẫn được đủ {vi_number(maximum)} điểm (late = max), "
                "hạn chót không có tác dụng",
                "giảm điểm khi trễ hạn (late)",
            )

    def text(self, spec: Any, say: RuleWords) -> str:
        return (
            f"{self.noun} {say.expression(spec['of'])}, hạn {say.value(spec['due'])}, "
            f"trễ hạn được {say.value(spec.get('late', Decimal(0)))} điểm"
        )


register(Deadline())
