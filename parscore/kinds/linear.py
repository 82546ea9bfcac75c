"""``linear: {of, from, to}`` — points in proportion to the value between ``from`` (0 points)
and ``to`` (full marks), clamped to 0..max; ``from > to`` when lower is better."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, Field

from ..expr import DECIMAL_CONTEXT, Value, evaluate
from ..numbers import short as plain  # texts: at most 4 decimal places
from ..numbers import vi_short
from ..numbers import vi_short as vi_number
from ..yamlio import KeyPath
from .base import (
    EXPR_WORDS,
    ONE,
    ZERO,
    BoundsOf,
    Docs,
    KindModel,
    Level,
    Lint,
    LoadContext,
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

__all__ = ["LinearRule", "LinearSpec"]


class LinearSpec(KindModel):
    of: str
    from_: Decimal = Field(alias="from")
    to: Decimal


class LinearRule(KindModel):
    linear: LinearSpec


class Linear(ScoreKind):
    name = "linear"
    model = LinearRule
    noun = "tuyến tính"
    kind_words = "tỷ lệ theo mức đạt được"
    number_fields = ("from", "to")
    docs: ClassVar[Docs] = {
        "LinearRule": (
            "linear",
            "Điểm tỷ lệ tuyến tính: max × (giá trị − from) / (to − from), trong 0..max.",
            {"linear": "Giá trị được chấm và khoảng tuyến tính."},
        ),
        "LinearSpec": (
            "Tuyến tính",
            "from: mức được 0 điểm; to: mức được đủ điểm (from > to: thấp hơn là tốt).",
            {
                "of": "Giá trị được chấm. " + EXPR_WORDS,
                "from": "Mức được 0 điểm.",
                "to": "Mức được đủ điểm (khác from).",
            },
        ),
    }
    field_words: ClassVar[dict[str, str]] = {
        "from": "điểm đầu khoảng tuyến tính",
        "to": "điểm cuối khoảng tuyến tính",
    }

    def check(self, ctx: LoadContext, rule: BaseModel, path: KeyPath) -> None:
        assert isinstance(rule, LinearRule)
        if rule.linear.from_ == rule.linear.to:
            ctx.add(
                "PS414",
                (*path, "linear", "to"),
                f"'from' và 'to' bằng nhau ({rule.linear.to}): không thể nội suy tuyến tính",
                "dùng 'tiers' hoặc 'check' cho một ngưỡng duy nhất",
            )

    def plan(self, rule: CompiledRule) -> RulePlan:
        expr = rule.expr
        assert expr is not None and isinstance(rule.model, LinearRule)
        what = f"giá trị '{expr.source}'"
        a, b = rule.model.linear.from_, rule.model.linear.to

        def linear(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
            v = evaluate(expr, env)
            if type(v) is not Decimal:
                v = number(v, what)
            return Scored(maximum * min(max((v - a) / (b - a), ZERO), ONE), v, None, None, None, ())

        return linear

    def direct_points(
        self, rule: CompiledRule, maximum: str, value: str, code: DirectCode
    ) -> str | None:
        assert isinstance(rule.model, LinearRule)
        a, b = rule.model.linear.from_, rule.model.linear.to
        span = DECIMAL_CONTEXT.copy().subtract(b, a)  # b - a, as plan() computes it
        low, width = code.const(a), code.const(span)
        return f"{maximum} * min(max(({value} - {low}) / {width}, ZERO), ONE)"

    def describe(
        self, rule: CompiledRule, maximum: Decimal, scored: Scored, words: Wording
    ) -> Outcome:
        model, v, pts = rule.model, scored.value, scored.points
        assert isinstance(model, LinearRule) and isinstance(v, Decimal) and rule.expr is not None
        a, b = model.linear.from_, model.linear.to
        unit = words.unit_of(rule.expr)  # of the value and the bounds (7 ngày)
        return Outcome(
            pts,
            f"linear: {plain(maximum)} × clamp(({plain(v)} − {plain(a)}) / ({plain(b)} − {plain(a)}),"
            f" 0, 1) = {plain(pts)}",
            f"Điểm tỷ lệ theo giá trị {vi_number(v)}{unit} trong khoảng {vi_number(a)}{unit} →"
            f" {vi_number(b)}{unit}: {vi_short(pts)} / {vi_number(maximum)} điểm.",
        )

    def rule_words(self, rule: CompiledRule, maximum: Decimal, words: Wording) -> str:
        model = rule.model
        assert isinstance(model, LinearRule) and rule.expr is not None
        pts, unit = words.number, words.unit_of(rule.expr)
        a, b = model.linear.from_, model.linear.to
        return (
            f"Tỷ lệ theo {words.expression(rule.expr)}: {pts(a)}{unit} được 0 điểm,"
            f" {pts(b)}{unit} được {pts(maximum)} điểm"
        )

    def levels(self, rule: CompiledRule, maximum: Decimal) -> list[Level]:
        model = rule.model
        assert isinstance(model, LinearRule) and rule.expr is not None
        a, b = model.linear.from_, model.linear.to
        sym = "≥" if b > a else "≤"
        source = rule.expr.source
        return [
            Level(maximum * q, f"{source} {sym} {vi_short(a + (b - a) * q)}", rule.expr)
            for q in QUARTERS
        ]

    def numbers(self, rule: BaseModel) -> list[Decimal]:
        assert isinstance(rule, LinearRule)
        return [rule.linear.from_, rule.linear.to]

    def rate_thresholds(self, rule: BaseModel) -> set[Decimal]:
        return set(self.numbers(rule))

    def reach(
        self, code: str, maximum: Decimal, rule: CompiledRule, bounds_of: BoundsOf, path: KeyPath
    ) -> Iterator[Lint]:
        model = rule.model
        assert isinstance(model, LinearRule)
        path = (*path, "linear")
        bounds = bounds_of(rule)
        a, b = model.linear.from_, model.linear.to
        if bounds is None or a == b:
            return
        lower = a > b
        if bounds.never_holds(lower, b):
            yield Lint(
                "PL103",
                "error",
                (*path, "to"),
                f"tiêu chí {code}: điểm tối đa cần giá trị {'≤' if lower else '≥'} {vi_number(b)}"
                f" (to), nhưng {bounds.text()}",
                "sửa 'to' trong khoảng giá trị của đầu vào",
            )
        never_zero = (
            bounds.hi is not None and bounds.hi < a
            if lower
            else bounds.lo is not None and bounds.lo > a
        )
        if never_zero:
            yield Lint(
                "PL104",
                "warning",
                (*path, "from"),
                f"tiêu chí {code}: 'from' = {vi_number(a)} nằm ngoài khoảng giá trị của đầu vào "
                f"({bounds.text()}): xã luôn được một phần điểm",
                "đặt 'from' trong khoảng giá trị của đầu vào",
            )

    def text(self, spec: Any, say: RuleWords) -> str:
        return (
            f"{self.noun} theo {say.expression(spec['of'])} từ {say.number(spec['from'], spec['of'])}"
            f" đến {say.number(spec['to'], spec['of'])}"
        )


register(Linear())
