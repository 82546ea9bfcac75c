"""``graded: {of: INPUT, step: S}`` — the points an assessor gives, read from a number input,
on the grid 0, S, 2S … max (an appraisal sheet's "0–7, bước 0,5").

The input must be a ``number`` (or ``count``/``percent``) input whose declared bounds fit in
0..max; evidence off the grid is refused at load (PS512), like an input's own ``step``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import BaseModel, Field

from ..expr import EvalError, Value
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
    LoadContext,
    Outcome,
    RulePlan,
    RuleWords,
    Scored,
    ScoreKind,
    number,
)
from .registry import register

if TYPE_CHECKING:
    from ..compiled import CompiledRule
    from ..wording import Wording

__all__ = ["GradedRule", "GradedSpec"]


class GradedSpec(KindModel):
    of: str
    step: Annotated[Decimal, Field(gt=0)]


class GradedRule(KindModel):
    graded: GradedSpec


def _label(rule: CompiledRule) -> str:
    assert isinstance(rule.model, GradedRule)
    spec = rule.specs.get(rule.model.graded.of)
    return spec.label if spec is not None else rule.model.graded.of


def off_grid(value: Decimal, step: Decimal) -> tuple[Decimal, Decimal] | None:
    """The grid values around ``value`` when it is not a multiple of ``step``."""
    k = value / step
    if k == k.to_integral_value():
        return None
    low = k.to_integral_value(rounding=ROUND_FLOOR) * step
    return low, low + step


class Graded(ScoreKind):
    name = "graded"
    model = GradedRule
    noun = "điểm chấm theo thang"
    kind_words = "điểm do người chấm cho theo thang"
    number_fields = ("step",)
    docs: ClassVar[Docs] = {
        "GradedRule": (
            "graded",
            "Điểm do người chấm cho, đọc từ một đầu vào số, theo thang 0, step, 2×step … max.",
            {"graded": "Đầu vào chứa điểm chấm và bước của thang."},
        ),
        "GradedSpec": (
            "Thang điểm chấm",
            "Đầu vào (of) chứa điểm người chấm cho và bước của thang (step).",
            {
                "of": "Tên một đầu vào kiểu number (giới hạn trong 0..max của tiêu chí).",
                "step": "Bước của thang điểm, ví dụ 0,5: chỉ nhận 0; 0,5; 1 … max.",
            },
        ),
    }
    field_words: ClassVar[dict[str, str]] = {"step": "bước của thang điểm"}

    def check(self, ctx: LoadContext, rule: BaseModel, path: KeyPath) -> None:
        assert isinstance(rule, GradedRule)
        name, where = rule.graded.of, (*path, "graded", "of")
        spec = ctx.inputs.get(name)
        if spec is None:
            return  # the expression check already says the name is unknown
        if spec.type not in ("number", "count", "percent"):
            ctx.add(
                "PS418",
                where,
                f"điểm chấm theo thang cần một đầu vào kiểu số, '{name}' có kiểu '{spec.type}'",
                "khai báo đầu vào với type: number",
            )
            return
        lo = spec.min if spec.min is not None else ZERO
        if spec.max is None or spec.max > ctx.maximum or lo < 0:
            ctx.add(
                "PS418",
                where,
                f"đầu vào '{name}' phải có giới hạn trong 0..{vi_number(ctx.maximum)} "
                f"(điểm tối đa của tiêu chí), hiện là {vi_number(lo)}.."
                + (vi_number(spec.max) if spec.max is not None else "không giới hạn"),
                f"đặt min: 0 và max: {plain(ctx.maximum)} cho đầu vào",
            )
        if spec.step is not None and off_grid(spec.step, rule.graded.step) is not None:
            ctx.add(
                "PS418",
                (*path, "graded", "step"),
                f"bước của đầu vào '{name}' ({vi_number(spec.step)}) không khớp thang "
                f"bước {vi_number(rule.graded.step)}",
                "dùng cùng một bước, hoặc bỏ 'step' của đầu vào",
            )

    def input_step(self, rule: BaseModel) -> tuple[str, Decimal]:
        assert isinstance(rule, GradedRule)
        return rule.graded.of, rule.graded.step

    def plan(self, rule: CompiledRule) -> RulePlan:
        assert isinstance(rule.model, GradedRule)
        name, step = rule.model.graded.of, rule.model.graded.step
        what = f"điểm chấm «{_label(rule)}»"

        def graded(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
            v = number(env[name], what)
            near = off_grid(v, step)
            if near is not None:
                raise EvalError(
                    f"{what} {vi_number(v)} không đúng bước {vi_number(step)}: "
                    f"chọn {vi_number(near[0])} hoặc {vi_number(near[1])}"
                )
            if not ZERO <= v <= maximum:
                raise EvalError(f"{what} {vi_number(v)} ngoài thang 0–{vi_number(maximum)}")
            return Scored(v, v, None, None, None, ())

        return graded

    def describe(
        self, rule: CompiledRule, maximum: Decimal, scored: Scored, words: Wording
    ) -> Outcome:
        assert isinstance(rule.model, GradedRule)
        step = rule.model.graded.step
        pts = scored.points
        return Outcome(
            pts,
            f"graded: {rule.model.graded.of} = {plain(pts)} (step {plain(step)},"
            f" max {plain(maximum)}) → {plain(pts)}",
            f"Điểm chấm «{_label(rule)}»: {vi_number(pts)} trên thang 0–{vi_number(maximum)}"
            f" (bước {vi_number(step)}) → {vi_number(pts)} điểm.",
        )

    def rule_words(self, rule: CompiledRule, maximum: Decimal, words: Wording) -> str:
        assert isinstance(rule.model, GradedRule)
        pts, step = words.number, rule.model.graded.step
        return (
            f"Người chấm cho điểm «{_label(rule)}» theo thang 0 – {pts(maximum)} điểm,"
            f" bước {pts(step)}"
        )

    def levels(self, rule: CompiledRule, maximum: Decimal) -> list[Level]:
        assert isinstance(rule.model, GradedRule)
        step, label = rule.model.graded.step, _label(rule)
        out = []
        k = 1
        while k * step <= maximum:
            out.append(Level(k * step, f"{label} được chấm {vi_number(k * step)} điểm"))
            k += 1
        return out

    def numbers(self, rule: BaseModel) -> list[Decimal]:
        assert isinstance(rule, GradedRule)
        return [rule.graded.step]

    def reach(
        self, code: str, maximum: Decimal, rule: CompiledRule, bounds_of: BoundsOf, path: KeyPath
    ) -> Iterator[Lint]:
        assert isinstance(rule.model, GradedRule)
        step = rule.model.graded.step
        if off_grid(maximum, step) is not None:
            yield Lint(
                "PL109",
                "error",
                (*path, "graded", "step"),
                f"tiêu chí {code}: bước {vi_number(step)} không chia hết điểm tối đa "
                f"{vi_number(maximum)}, thang điểm không bao giờ đạt điểm tối đa",
                "chọn bước là ước của điểm tối đa (ví dụ 0,5 hoặc 0,25)",
            )

    def text(self, spec: Any, say: RuleWords) -> str:
        return f"{self.noun} {say.expression(spec['of'])}, bước {say.value(spec['step'])}"


register(Graded())
