"""Points for one leaf under each scoring kind, with the reason in words.

Each function takes the compiled rule, the leaf's maximum and the evaluated value, and returns an
:class:`Outcome`: exact points, a compact ``rule`` trace (FORMATS.md §3) and a Vietnamese
explanation. Pure functions, no I/O.

The numbers come first (:func:`rule_points` -> :class:`Scored`), the words after
(:func:`describe`), so that batch totals can skip the words; :func:`apply_rule` does both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from weakref import WeakKeyDictionary

from .compiled import CompiledRule
from .expr import EvalError, Value, evaluate
from .model.pack import (
    CheckRule,
    CountRule,
    DeadlineRule,
    DeductRule,
    FormulaRule,
    LinearRule,
    TiersRule,
)
from .numbers import short as plain  # traces show at most 4 decimal places
from .numbers import vi_short
from .numbers import vi_short as vi_number
from .vi import vi_date

__all__ = [
    "Outcome",
    "RulePlan",
    "Scored",
    "apply_rule",
    "describe",
    "rule_plan",
    "rule_points",
]

ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass(frozen=True)
class Outcome:
    points: Decimal
    rule: str
    explanation: str
    met: bool | None = None
    choice: int | None = None  # best_of: which alternative won (0-based)


@dataclass(slots=True)
class Scored:
    """The numbers of one rule's outcome, without words: what batch totals need.

    ``value`` is the evaluated ``of``/``check``/``formula`` value; ``step`` the index of the tier
    that held (None when none did); ``parts`` each best_of alternative (None: its data missing).
    Made on the hot path with positional arguments (faster than keywords).
    """

    points: Decimal
    value: Value | None = None
    met: bool | None = None
    choice: int | None = None
    step: int | None = None
    parts: tuple[Scored | None, ...] = ()


def _show(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return plain(value)


def _vi(value: Value) -> str:
    if isinstance(value, bool):
        return "đúng" if value else "sai"
    if isinstance(value, dt.date):
        return vi_date(value)
    return vi_number(value)


def _number(value: Value, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal):
        raise EvalError(f"{what} phải là một số, nhận được {_vi(value)}")
    return value


def apply_rule(rule: CompiledRule, maximum: Decimal, env: Mapping[str, Value]) -> Outcome:
    """Score one rule against ``maximum`` with the values in ``env``. Raises EvalError."""
    return describe(rule, maximum, rule_points(rule, maximum, env))


def rule_points(rule: CompiledRule, maximum: Decimal, env: Mapping[str, Value]) -> Scored:
    """The points of one rule, without the words. Raises EvalError."""
    return rule_plan(rule)(maximum, env)


# Each rule is prepared once into a function of (maximum, env): its numbers (tier bounds, from/to,
# due date…) are read from the pack model once instead of on every commune.
RulePlan = Callable[[Decimal, Mapping[str, Value]], Scored]
_PLANS: WeakKeyDictionary[CompiledRule, RulePlan] = WeakKeyDictionary()


def rule_plan(rule: CompiledRule) -> RulePlan:
    """The prepared function behind :func:`rule_points` (made once per rule)."""
    run = _PLANS.get(rule)
    if run is None:
        run = _PLANS[rule] = _plan(rule)
    return run


def _plan(rule: CompiledRule) -> RulePlan:
    if rule.kind == "best_of":
        return _best_of_plan(rule)
    expr = rule.expr
    assert expr is not None
    model = rule.model
    what = f"giá trị '{expr.source}'"

    if isinstance(model, CheckRule):

        def check(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
            value = evaluate(expr, env)
            met = bool(value)
            return Scored(maximum if met else ZERO, value, met, None, None, ())

        return check
    if isinstance(model, FormulaRule):

        def formula(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
            raw = _number(evaluate(expr, env), "kết quả công thức")
            return Scored(min(max(raw, ZERO), maximum), raw, None, None, None, ())

        return formula
    if isinstance(model, TiersRule):
        steps = tuple((i, step.bound, step.points) for i, step in enumerate(model.tiers.steps))
        if model.tiers.lower_is_better:

            def tiers_lower(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
                v = evaluate(expr, env)
                if type(v) is not Decimal:
                    v = _number(v, what)
                for i, bound, points in steps:
                    if v <= bound:
                        return Scored(points, v, None, None, i, ())
                return Scored(ZERO, v, None, None, None, ())

            return tiers_lower

        def tiers(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
            v = evaluate(expr, env)
            if type(v) is not Decimal:
                v = _number(v, what)
            for i, bound, points in steps:
                if v >= bound:
                    return Scored(points, v, None, None, i, ())
            return Scored(ZERO, v, None, None, None, ())

        return tiers
    if isinstance(model, LinearRule):
        a, b = model.linear.from_, model.linear.to

        def linear(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
            v = evaluate(expr, env)
            if type(v) is not Decimal:
                v = _number(v, what)
            return Scored(maximum * min(max((v - a) / (b - a), ZERO), ONE), v, None, None, None, ())

        return linear
    if isinstance(model, CountRule):
        each = model.count.each

        def count(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
            v = evaluate(expr, env)
            if type(v) is not Decimal:
                v = _number(v, what)
            return Scored(min(maximum, max(ZERO, v * each)), v, None, None, None, ())

        return count
    if isinstance(model, DeductRule):
        each = model.deduct.each

        def deduct(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
            v = evaluate(expr, env)
            if type(v) is not Decimal:
                v = _number(v, what)
            return Scored(max(ZERO, min(maximum, maximum - v * each)), v, None, None, None, ())

        return deduct
    assert isinstance(model, DeadlineRule)
    due, late = model.deadline.due, model.deadline.late

    def deadline(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
        value = evaluate(expr, env)
        if not isinstance(value, dt.date):
            raise EvalError(f"hạn chót cần một ngày, nhận được {_vi(value)}")
        if value <= due:
            return Scored(maximum, value, True, None, None, ())
        return Scored(late, value, False, None, None, ())

    return deadline


def _best_of_plan(rule: CompiledRule) -> RulePlan:
    alternatives = []
    for alt in rule.alternatives:
        assert alt.expr is not None
        alternatives.append((alt.expr.names, rule_plan(alt)))

    def best_of(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
        keys = env.keys()
        parts: list[Scored | None] = []
        best: Scored | None = None
        best_index = -1
        for i, (names, run) in enumerate(alternatives):
            if not names <= keys:
                parts.append(None)
                continue
            scored = run(maximum, env)
            parts.append(scored)
            if best is None or scored.points > best.points:
                best, best_index = scored, i
        if best is None:
            raise EvalError("không phương án nào của best_of có đủ dữ liệu")
        return Scored(best.points, None, best.met, best_index, None, tuple(parts))

    return best_of


def describe(rule: CompiledRule, maximum: Decimal, scored: Scored) -> Outcome:
    """The rule trace and the Vietnamese explanation of an outcome computed by rule_points."""
    if rule.kind == "best_of":
        return _best_of(rule, maximum, scored)
    assert rule.expr is not None
    model = rule.model
    value = scored.value
    assert value is not None
    pts = scored.points
    if rule.kind == "check":
        met = bool(scored.met)
        return Outcome(
            pts,
            f"check: {rule.expr.source} → {_show(met)} → {plain(pts)}",
            f"Điều kiện «{rule.expr.source}» {'được' if met else 'không được'} đáp ứng"
            f" → {vi_number(pts)} điểm.",
            met=met,
        )
    assert isinstance(value, Decimal | dt.date)
    if rule.kind == "formula":
        assert isinstance(value, Decimal)
        return Outcome(
            pts,
            f"formula: {rule.expr.source} = {plain(value)} → {plain(pts)}",
            f"Công thức «{rule.expr.source}» cho {vi_number(value)}, giới hạn trong 0–"
            f"{vi_number(maximum)} → {vi_number(pts)} điểm.",
        )
    if isinstance(model, TiersRule):
        assert isinstance(value, Decimal)
        return _tiers(model, value, scored.step)
    if isinstance(model, LinearRule):
        assert isinstance(value, Decimal)
        return _linear(model, maximum, value, pts)
    if isinstance(model, CountRule):
        assert isinstance(value, Decimal)
        each = model.count.each
        return Outcome(
            pts,
            f"count: {plain(value)} × {plain(each)} = {plain(value * each)} → {plain(pts)} (max {plain(maximum)})",
            f"{vi_number(value)} × {vi_number(each)} điểm = {vi_number(value * each)}, tối đa "
            f"{vi_number(maximum)} → {vi_number(pts)} điểm.",
        )
    if isinstance(model, DeductRule):
        assert isinstance(value, Decimal)
        each = model.deduct.each
        return Outcome(
            pts,
            f"deduct: {plain(maximum)} − {plain(value)} × {plain(each)} → {plain(pts)}",
            f"Trừ {vi_number(each)} điểm cho mỗi vi phạm: {vi_number(maximum)} − "
            f"{vi_number(value)} × {vi_number(each)} → {vi_number(pts)} điểm.",
        )
    assert isinstance(model, DeadlineRule) and isinstance(value, dt.date)
    return _deadline(model, maximum, value)


def _tiers(model: TiersRule, v: Decimal, step_index: int | None) -> Outcome:
    steps = model.tiers.steps
    lower = model.tiers.lower_is_better
    sym = "≤" if lower else "≥"
    if step_index is not None:
        i, step = step_index, steps[step_index]
        nxt = steps[i - 1] if i > 0 else None
        rule = f"tiers: {plain(v)} {sym} {plain(step.bound)} → {plain(step.points)}"
        text = f"Giá trị {vi_number(v)} đạt bậc {sym} {vi_number(step.bound)} → {vi_number(step.points)} điểm"
        if nxt is not None:
            rule += f" (next: {sym} {plain(nxt.bound)} → {plain(nxt.points)})"
            text += f"; cần {sym} {vi_number(nxt.bound)} để được {vi_number(nxt.points)} điểm"
        return Outcome(step.points, rule, text + ".")
    last = steps[-1]
    anti = ">" if lower else "<"
    return Outcome(
        ZERO,
        f"tiers: {plain(v)} {anti} {plain(last.bound)} → 0 (next: {sym} {plain(last.bound)} → {plain(last.points)})",
        f"Giá trị {vi_number(v)} chưa đạt bậc thấp nhất ({sym} {vi_number(last.bound)}) → 0 điểm;"
        f" cần {sym} {vi_number(last.bound)} để được {vi_number(last.points)} điểm.",
    )


def _linear(model: LinearRule, maximum: Decimal, v: Decimal, pts: Decimal) -> Outcome:
    a, b = model.linear.from_, model.linear.to
    return Outcome(
        pts,
        f"linear: {plain(maximum)} × clamp(({plain(v)} − {plain(a)}) / ({plain(b)} − {plain(a)}), 0, 1)"
        f" = {plain(pts)}",
        f"Điểm tỷ lệ theo giá trị {vi_number(v)} trong khoảng {vi_number(a)} → {vi_number(b)}:"
        f" {vi_short(pts)} / {vi_number(maximum)} điểm.",
    )


def _deadline(model: DeadlineRule, maximum: Decimal, value: dt.date) -> Outcome:
    due = model.deadline.due
    if value <= due:
        return Outcome(
            maximum,
            f"deadline: {value.isoformat()} ≤ {due.isoformat()} → {plain(maximum)}",
            f"Hoàn thành ngày {vi_date(value)}, đúng hạn {vi_date(due)} → {vi_number(maximum)} điểm.",
            met=True,
        )
    late = model.deadline.late
    return Outcome(
        late,
        f"deadline: {value.isoformat()} > {due.isoformat()} → {plain(late)} (late)",
        f"Hoàn thành ngày {vi_date(value)}, trễ so với hạn {vi_date(due)} → {vi_number(late)} điểm.",
        met=False,
    )


def _best_of(rule: CompiledRule, maximum: Decimal, scored: Scored) -> Outcome:
    assert scored.choice is not None
    best_index = scored.choice
    parts = ["—" if part is None else plain(part.points) for part in scored.parts]
    winner = scored.parts[best_index]
    assert winner is not None
    best = describe(rule.alternatives[best_index], maximum, winner)
    return Outcome(
        best.points,
        f"best_of: max({', '.join(parts)}) → {plain(best.points)} (#{best_index + 1}: {best.rule})",
        f"Lấy phương án có điểm cao nhất (phương án {best_index + 1}): {best.explanation}",
        met=best.met,
        choice=best_index,
    )
