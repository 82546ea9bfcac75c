"""Pieces shared by several kinds: quarter levels, number changes, and the per-unit kinds'
common part (``count`` and ``deduct``)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from ..expr import Expression, Value, evaluate
from .base import (
    EXPR_WORDS,
    KindModel,
    Level,
    NonNegative,
    RulePlan,
    RuleWords,
    Scored,
    ScoreKind,
    number,
)

if TYPE_CHECKING:
    from ..compiled import CompiledRule
    from ..leaf_direct import DirectCode
    from ..wording import Wording

__all__ = [
    "MAX_UNIT_LEVELS",
    "PER_UNIT_DOCS",
    "QUARTERS",
    "PerUnitKind",
    "PerUnitSpec",
    "per_unit_of",
    "unit_levels",
]

MAX_UNIT_LEVELS = 8
QUARTERS = (Decimal(1) / 4, Decimal(1) / 2, Decimal(3) / 4, Decimal(1))


class PerUnitSpec(KindModel):  # count and deduct: the value counted, the points per unit
    of: str
    each: NonNegative


PER_UNIT_DOCS = (
    "Theo đơn vị",
    "Giá trị được đếm (of) và số điểm mỗi đơn vị (each).",
    {"of": "Giá trị được đếm. " + EXPR_WORDS, "each": "Số điểm mỗi đơn vị."},
)


def per_unit_of(rule: CompiledRule, words: Wording) -> str:
    """One unit of the value a ``count`` or ``deduct`` rule counts, in words: ``mỗi hồ sơ trong
    «Số hồ sơ giải quyết quá hạn»`` when the value has a unit (:meth:`Wording.per_unit`), else
    ``mỗi đơn vị của …``."""
    assert rule.expr is not None
    what, per = words.expression(rule.expr), words.per_unit(rule.expr)
    return f"{per} trong {what}" if per is not None else f"mỗi đơn vị của {what}"


def unit_levels(
    maximum: Decimal, each: Decimal, expr: Expression, sym: str, *, up: bool
) -> list[Level]:
    """``count``: n units give n × each (capped); ``deduct``: n violations take n × each off."""
    source = expr.source
    if each <= 0:
        return [Level(maximum, f"{source} {sym} 0", expr)] if not up else []
    units = math.ceil(maximum / each)
    if units > MAX_UNIT_LEVELS:
        picks = sorted({math.ceil(units * q) for q in QUARTERS})
    else:
        picks = list(range(1, units + 1))
    out: list[Level] = []
    for n in picks:
        if up:
            out.append(Level(min(maximum, n * each), f"{source} {sym} {n}", expr))
        else:
            remaining = units - n  # violations left
            out.append(
                Level(
                    max(Decimal(0), maximum - remaining * each),
                    f"{source} {sym} {remaining}",
                    expr,
                )
            )
    return out


class PerUnitKind(ScoreKind):
    """``count`` (each unit earns ``each``) and ``deduct`` (each violation costs ``each``)."""

    up: ClassVar[bool]  # True: more is better (count); False: fewer is better (deduct)
    # :meth:`formula` written out for the direct path ({m}: maximum, {v}: value, {e}: each)
    direct_formula: ClassVar[str]
    field_words: ClassVar[dict[str, str]] = {"each": "điểm mỗi đơn vị"}
    number_fields = ("each",)

    @staticmethod
    def formula(maximum: Decimal, value: Decimal, each: Decimal) -> Decimal:
        raise NotImplementedError

    def plan(self, rule: CompiledRule) -> RulePlan:
        expr = rule.expr
        assert expr is not None
        what = f"giá trị '{expr.source}'"
        each: Decimal = self.spec(rule.model).each
        formula: Callable[[Decimal, Decimal, Decimal], Decimal] = self.formula

        def per_unit(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
            v = evaluate(expr, env)
            if type(v) is not Decimal:
                v = number(v, what)
            return Scored(formula(maximum, v, each), v, None, None, None, ())

        return per_unit

    def direct_points(
        self, rule: CompiledRule, maximum: str, value: str, code: DirectCode
    ) -> str | None:
        each = code.const(self.spec(rule.model).each)
        return self.direct_formula.format(m=maximum, v=value, e=each)

    def field_text(self, field: str, old: Any, new: Any, say: RuleWords) -> str | None:
        if field != "each":
            return None
        per = say.per_unit() or "mỗi đơn vị"  # điểm mỗi hệ thống
        return f"điểm {per}: {say.value(old)} → {say.value(new)}"

    def levels(self, rule: CompiledRule, maximum: Decimal) -> list[Level]:
        assert rule.expr is not None
        sym = "≥" if self.up else "≤"
        return unit_levels(maximum, self.spec(rule.model).each, rule.expr, sym, up=self.up)
