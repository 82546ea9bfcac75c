"""``tiers: {of, steps}`` — the points of the first step the value reaches (0 when none).

Steps are all ``min`` (higher is better, bounds falling) or all ``max`` (lower is better, bounds
rising), best first, points falling.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import BaseModel, Field, model_validator

from ..expr import Value, evaluate
from ..numbers import short as plain  # texts: at most 4 decimal places
from ..numbers import vi_short as vi_number
from ..yamlio import KeyPath
from .base import (
    EXPR_WORDS,
    ZERO,
    BoundsOf,
    Docs,
    KindModel,
    Level,
    Lint,
    LoadContext,
    Nested,
    NonNegative,
    Outcome,
    RuleChange,
    RulePlan,
    RuleWords,
    Scored,
    ScoreKind,
    number,
)
from .registry import register

if TYPE_CHECKING:
    from ..compiled import CompiledRule
    from ..leaf_direct import DirectCode
    from ..wording import Wording

__all__ = ["TierStep", "TiersRule", "TiersSpec", "step_value"]


class TierStep(KindModel):
    min: Decimal | None = None
    max: Decimal | None = None
    points: NonNegative

    @model_validator(mode="after")
    def _one_bound(self) -> TierStep:
        if (self.min is None) == (self.max is None):
            raise ValueError("mỗi bậc cần đúng một trong hai khóa 'min' hoặc 'max'")
        return self

    @property
    def bound(self) -> Decimal:
        value = self.min if self.min is not None else self.max
        assert value is not None
        return value


class TiersSpec(KindModel):
    of: str
    steps: Annotated[list[TierStep], Field(min_length=1)]

    @property
    def lower_is_better(self) -> bool:
        return self.steps[0].max is not None


class TiersRule(KindModel):
    tiers: TiersSpec


def step_value(step: TierStep) -> dict[str, Any]:
    side = "min" if step.min is not None else "max"
    return {side: step.bound, "points": step.points}


_STEP = re.compile(r"steps\[(\d+)\](?:\.(min|max|points))?$")


class Tiers(ScoreKind):
    name = "tiers"
    model = TiersRule
    noun = "bậc"
    kind_words = "theo bậc"
    docs: ClassVar[Docs] = {
        "TiersRule": (
            "tiers",
            "Điểm theo bậc: bậc đầu tiên thỏa mãn; 0 nếu không bậc nào.",
            {"tiers": "Giá trị được chấm và các bậc."},
        ),
        "TiersSpec": (
            "Bậc",
            "Giá trị được chấm (of) và các bậc, bậc tốt nhất trước.",
            {
                "of": "Giá trị được chấm. " + EXPR_WORDS,
                "steps": "Các bậc, bậc tốt nhất trước; điểm giảm dần.",
            },
        ),
        "TierStep": (
            "Một bậc",
            "Ngưỡng min (cao hơn là tốt hơn) hoặc max (thấp hơn là tốt hơn) và điểm.",
            {
                "min": "Đạt bậc khi giá trị ≥ min (các bậc giảm dần theo min).",
                "max": "Đạt bậc khi giá trị ≤ max (thấp hơn là tốt hơn; các bậc tăng dần theo max).",
                "points": "Điểm của bậc.",
            },
        ),
    }

    def schema(self, defs: dict[str, Any]) -> None:
        defs["TierStep"]["oneOf"] = [{"required": ["min"]}, {"required": ["max"]}]

    def check(self, ctx: LoadContext, rule: BaseModel, path: KeyPath) -> None:
        assert isinstance(rule, TiersRule)
        path = (*path, "tiers", "steps")
        steps = rule.tiers.steps
        lower = rule.tiers.lower_is_better
        for i, step in enumerate(steps):
            if (step.max is not None) != lower:
                ctx.add(
                    "PS405",
                    (*path, i),
                    "các bậc phải cùng dùng 'min' (cao hơn là tốt hơn) hoặc cùng dùng 'max'",
                )
                return
            if step.points > ctx.maximum:
                ctx.add(
                    "PS407",
                    (*path, i, "points"),
                    f"điểm của bậc ({step.points}) lớn hơn điểm tối đa {ctx.maximum}",
                )
            if i == 0:
                continue
            prev = steps[i - 1]
            ordered = step.bound > prev.bound if lower else step.bound < prev.bound
            if not ordered:
                way = "tăng dần theo 'max'" if lower else "giảm dần theo 'min'"
                ctx.add(
                    "PS405",
                    (*path, i),
                    f"các bậc phải xếp {way} (bậc {i + 1}: {step.bound}, bậc {i}: {prev.bound})",
                    "bậc đầu tiên là bậc tốt nhất",
                )
            if step.points > prev.points:
                ctx.add(
                    "PS406",
                    (*path, i, "points"),
                    f"bậc thấp hơn được nhiều điểm hơn ({step.points} > {prev.points})",
                    "điểm phải giảm dần từ bậc tốt nhất",
                )

    def plan(self, rule: CompiledRule) -> RulePlan:
        expr = rule.expr
        assert expr is not None and isinstance(rule.model, TiersRule)
        what = f"giá trị '{expr.source}'"
        steps = tuple((i, step.bound, step.points) for i, step in enumerate(rule.model.tiers.steps))
        if rule.model.tiers.lower_is_better:

            def tiers_lower(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
                v = evaluate(expr, env)
                if type(v) is not Decimal:
                    v = number(v, what)
                for i, bound, points in steps:
                    if v <= bound:
                        return Scored(points, v, None, None, i, ())
                return Scored(ZERO, v, None, None, None, ())

            return tiers_lower

        def tiers(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
            v = evaluate(expr, env)
            if type(v) is not Decimal:
                v = number(v, what)
            for i, bound, points in steps:
                if v >= bound:
                    return Scored(points, v, None, None, i, ())
            return Scored(ZERO, v, None, None, None, ())

        return tiers

    def direct_points(
        self, rule: CompiledRule, maximum: str, value: str, code: DirectCode
    ) -> str | None:
        assert isinstance(rule.model, TiersRule)
        sym = "<=" if rule.model.tiers.lower_is_better else ">="
        points = "ZERO"
        for step in reversed(rule.model.tiers.steps):  # the first step reached counts
            bound, pts = code.const(step.bound), code.const(step.points)
            points = f"{pts} if {value} {sym} {bound} else {points}"
        return points

    def describe(
        self, rule: CompiledRule, maximum: Decimal, scored: Scored, words: Wording
    ) -> Outcome:
        model = rule.model
        v = scored.value
        assert isinstance(model, TiersRule) and isinstance(v, Decimal) and rule.expr is not None
        unit = words.unit_of(rule.expr)  # of the value and the bounds (17 hệ thống)
        steps = model.tiers.steps
        lower = model.tiers.lower_is_better
        sym = "≤" if lower else "≥"
        if scored.step is not None:
            i, step = scored.step, steps[scored.step]
            nxt = steps[i - 1] if i > 0 else None
            trace = f"tiers: {plain(v)} {sym} {plain(step.bound)} → {plain(step.points)}"
            text = (
                f"Giá trị {vi_number(v)}{unit} đạt bậc {sym} {vi_number(step.bound)}{unit}"
                f" → {vi_number(step.points)} điểm"
            )
            if nxt is not None:
                trace += f" (next: {sym} {plain(nxt.bound)} → {plain(nxt.points)})"
                text += (
                    f"; cần {sym} {vi_number(nxt.bound)}{unit} để được {vi_number(nxt.points)} điểm"
                )
            return Outcome(step.points, trace, text + ".")
        last = steps[-1]
        anti = ">" if lower else "<"
        least = f"{sym} {vi_number(last.bound)}{unit}"
        return Outcome(
            ZERO,
            f"tiers: {plain(v)} {anti} {plain(last.bound)} → 0 (next: {sym} {plain(last.bound)}"
            f" → {plain(last.points)})",
            f"Giá trị {vi_number(v)}{unit} chưa đạt bậc thấp nhất ({least}) → 0 điểm;"
            f" cần {least} để được {vi_number(last.points)} điểm.",
        )

    def rule_words(self, rule: CompiledRule, maximum: Decimal, words: Wording) -> str:
        model = rule.model
        assert isinstance(model, TiersRule) and rule.expr is not None
        pts, unit = words.number, words.unit_of(rule.expr)
        sym = "≤" if model.tiers.lower_is_better else "≥"
        steps = "; ".join(
            f"{sym} {pts(s.bound)}{unit}: {pts(s.points)} điểm" for s in model.tiers.steps
        )
        return f"Theo bậc của {words.expression(rule.expr)}: {steps}; dưới bậc thấp nhất: 0 điểm"

    def levels(self, rule: CompiledRule, maximum: Decimal) -> list[Level]:
        model = rule.model
        assert isinstance(model, TiersRule) and rule.expr is not None
        sym = "≤" if model.tiers.lower_is_better else "≥"
        source = rule.expr.source
        return [
            Level(min(step.points, maximum), f"{source} {sym} {vi_number(step.bound)}", rule.expr)
            for step in model.tiers.steps
        ]

    def numbers(self, rule: BaseModel) -> list[Decimal]:
        assert isinstance(rule, TiersRule)
        return [step.bound for step in rule.tiers.steps]

    def rate_thresholds(self, rule: BaseModel) -> set[Decimal]:
        return set(self.numbers(rule))

    def reach(
        self, code: str, maximum: Decimal, rule: CompiledRule, bounds_of: BoundsOf, path: KeyPath
    ) -> Iterator[Lint]:
        model = rule.model
        assert isinstance(model, TiersRule)
        path = (*path, "tiers", "steps")
        bounds = bounds_of(rule)
        steps = model.tiers.steps
        lower = model.tiers.lower_is_better
        sign = "≤" if lower else "≥"
        shadow: int | None = None  # the first step that always holds
        best: Decimal | None = None  # points of the best step that can hold
        for i, step in enumerate(steps):
            where = (*path, i, "max" if lower else "min")
            if shadow is not None:
                yield Lint(
                    "PL101",
                    "error",
                    where,
                    f"tiêu chí {code}: bậc {i + 1} ({sign} {vi_number(step.bound)}) không bao giờ được "
                    f"áp dụng vì bậc {shadow + 1} luôn đạt ({bounds.text() if bounds else ''})",
                    "bỏ bậc này hoặc sửa ngưỡng các bậc",
                )
                continue
            if bounds is not None and bounds.never_holds(lower, step.bound):
                yield Lint(
                    "PL101",
                    "error",
                    where,
                    f"tiêu chí {code}: bậc {i + 1} ({sign} {vi_number(step.bound)}) không bao giờ đạt: "
                    f"{bounds.text()}",
                    "sửa ngưỡng trong khoảng giá trị của đầu vào, hoặc sửa min/max của đầu vào",
                )
                continue
            if best is None:
                best = step.points
            if bounds is not None and bounds.holds_always(lower, step.bound):
                shadow = i
            if i > 0 and step.points == steps[i - 1].points:
                yield Lint(
                    "PL108",
                    "info",
                    (*path, i, "points"),
                    f"tiêu chí {code}: bậc {i + 1} cho cùng số điểm với bậc {i} "
                    f"({vi_number(step.points)}), một trong hai bậc là thừa",
                )
        if best is None or best < maximum:
            top = max(s.points for s in steps)
            reason = (
                f"điểm cao nhất của các bậc là {vi_number(top)}"
                if top < maximum
                else "bậc được điểm tối đa không bao giờ đạt"
            )
            yield Lint(
                "PL102",
                "error",
                path,
                f"tiêu chí {code} không bao giờ đạt điểm tối đa {vi_number(maximum)}: {reason}",
                "sửa điểm của bậc cao nhất cho bằng điểm tối đa, hoặc sửa điểm tối đa",
            )

    def changes(
        self, old: BaseModel, new: BaseModel, prefix: str, nested: Nested
    ) -> Iterator[RuleChange]:
        assert isinstance(old, TiersRule) and isinstance(new, TiersRule)
        a_steps, b_steps = old.tiers.steps, new.tiers.steps
        for i in range(max(len(a_steps), len(b_steps))):
            a = a_steps[i] if i < len(a_steps) else None
            b = b_steps[i] if i < len(b_steps) else None
            where = f"{prefix}steps[{i}]"
            if a is None or b is None or (a.min is None) != (b.min is None):
                yield (
                    "threshold_changed",
                    where,
                    step_value(a) if a is not None else None,
                    step_value(b) if b is not None else None,
                )
                continue
            side = "min" if a.min is not None else "max"
            if a.bound != b.bound:
                yield ("threshold_changed", f"{where}.{side}", a.bound, b.bound)
            if a.points != b.points:
                yield ("threshold_changed", f"{where}.points", a.points, b.points)

    def field_text(self, field: str, old: Any, new: Any, say: RuleWords) -> str | None:
        step = _STEP.match(field)
        if step is None:
            return None
        n = int(step.group(1)) + 1
        part = step.group(2)
        if part is None:
            if old is None:
                return f"thêm bậc {n} ({_step_vi(new, say)})"
            if new is None:
                return f"bỏ bậc {n} ({_step_vi(old, say)})"
            return f"bậc {n}: {_step_vi(old, say)} → {_step_vi(new, say)}"
        if part == "points":
            return f"bậc {n}: điểm {say.value(old)} → {say.value(new)}"
        sign = "≥" if part == "min" else "≤"
        return f"bậc {n}: ngưỡng {sign} {say.number(old)} → {sign} {say.number(new)}"

    def text(self, spec: Any, say: RuleWords) -> str:
        steps = "; ".join(_step_vi(s, say, spec["of"]) for s in spec["steps"])
        return f"{self.noun} theo {say.expression(spec['of'])}: {steps}"


def _step_vi(step: dict[str, Any], say: RuleWords, of: str | None = None) -> str:
    """A step in words, its bound in the unit of the value ``of`` (the rule's own when None)."""
    sign = "≥" if "min" in step else "≤"
    bound = step.get("min", step.get("max"))
    return f"{sign} {say.number(bound, of)} → {say.value(step['points'])} điểm"


register(Tiers())
