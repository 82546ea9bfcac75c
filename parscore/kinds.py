"""Points for one leaf under each scoring kind, with the reason in words.

Each function takes the compiled rule, the leaf's maximum and the evaluated value, and returns an
:class:`Outcome`: exact points, a compact ``rule`` trace (FORMATS.md §3) and a Vietnamese
explanation. Pure functions, no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .compiled import CompiledRule
from .expr import EvalError, Value, evaluate
from .model.pack import (
    CountRule,
    DeadlineRule,
    DeductRule,
    LinearRule,
    TiersRule,
)
from .numbers import plain, vi_number

__all__ = ["Outcome", "apply_rule", "vi_date"]

ZERO = Decimal(0)


@dataclass(frozen=True)
class Outcome:
    points: Decimal
    rule: str
    explanation: str
    met: bool | None = None
    choice: int | None = None  # best_of: which alternative won (0-based)


def vi_date(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


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
    if rule.kind == "best_of":
        return _best_of(rule, maximum, env)
    assert rule.expr is not None
    value = evaluate(rule.expr, env)
    model = rule.model
    if rule.kind == "check":
        met = bool(value)
        pts = maximum if met else ZERO
        return Outcome(
            pts,
            f"check: {rule.expr.source} → {_show(met)} → {plain(pts)}",
            f"Điều kiện «{rule.expr.source}» {'được' if met else 'không được'} đáp ứng"
            f" → {vi_number(pts)} điểm.",
            met=met,
        )
    if rule.kind == "formula":
        raw = _number(value, "kết quả công thức")
        pts = min(max(raw, ZERO), maximum)
        return Outcome(
            pts,
            f"formula: {rule.expr.source} = {plain(raw)} → {plain(pts)}",
            f"Công thức «{rule.expr.source}» cho {vi_number(raw)}, giới hạn trong 0–"
            f"{vi_number(maximum)} → {vi_number(pts)} điểm.",
        )
    if isinstance(model, TiersRule):
        return _tiers(model, _number(value, f"giá trị '{rule.expr.source}'"))
    if isinstance(model, LinearRule):
        return _linear(model, maximum, _number(value, f"giá trị '{rule.expr.source}'"))
    if isinstance(model, CountRule):
        v = _number(value, f"giá trị '{rule.expr.source}'")
        each = model.count.each
        pts = min(maximum, max(ZERO, v * each))
        return Outcome(
            pts,
            f"count: {plain(v)} × {plain(each)} = {plain(v * each)} → {plain(pts)} (max {plain(maximum)})",
            f"{vi_number(v)} × {vi_number(each)} điểm = {vi_number(v * each)}, tối đa "
            f"{vi_number(maximum)} → {vi_number(pts)} điểm.",
        )
    if isinstance(model, DeductRule):
        v = _number(value, f"giá trị '{rule.expr.source}'")
        each = model.deduct.each
        pts = max(ZERO, min(maximum, maximum - v * each))
        return Outcome(
            pts,
            f"deduct: {plain(maximum)} − {plain(v)} × {plain(each)} → {plain(pts)}",
            f"Trừ {vi_number(each)} điểm cho mỗi vi phạm: {vi_number(maximum)} − "
            f"{vi_number(v)} × {vi_number(each)} → {vi_number(pts)} điểm.",
        )
    assert isinstance(model, DeadlineRule)
    return _deadline(model, maximum, value)


def _tiers(model: TiersRule, v: Decimal) -> Outcome:
    steps = model.tiers.steps
    lower = model.tiers.lower_is_better
    sym = "≤" if lower else "≥"
    for i, step in enumerate(steps):
        holds = v <= step.bound if lower else v >= step.bound
        if holds:
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


def _linear(model: LinearRule, maximum: Decimal, v: Decimal) -> Outcome:
    a, b = model.linear.from_, model.linear.to
    fraction = min(max((v - a) / (b - a), ZERO), Decimal(1))
    pts = maximum * fraction
    return Outcome(
        pts,
        f"linear: {plain(maximum)} × clamp(({plain(v)} − {plain(a)}) / ({plain(b)} − {plain(a)}), 0, 1)"
        f" = {plain(pts)}",
        f"Điểm tỷ lệ theo giá trị {vi_number(v)} trong khoảng {vi_number(a)} → {vi_number(b)}:"
        f" {vi_number(pts, 4)} / {vi_number(maximum)} điểm.",
    )


def _deadline(model: DeadlineRule, maximum: Decimal, value: Value) -> Outcome:
    if not isinstance(value, dt.date):
        raise EvalError(f"hạn chót cần một ngày, nhận được {_vi(value)}")
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


def _best_of(rule: CompiledRule, maximum: Decimal, env: Mapping[str, Value]) -> Outcome:
    best: Outcome | None = None
    best_index = -1
    parts: list[str] = []
    for i, alt in enumerate(rule.alternatives):
        assert alt.expr is not None
        if not alt.expr.names <= env.keys():
            parts.append("—")
            continue
        outcome = apply_rule(alt, maximum, env)
        parts.append(plain(outcome.points))
        if best is None or outcome.points > best.points:
            best, best_index = outcome, i
    if best is None:
        raise EvalError("không phương án nào của best_of có đủ dữ liệu")
    return Outcome(
        best.points,
        f"best_of: max({', '.join(parts)}) → {plain(best.points)} (#{best_index + 1}: {best.rule})",
        f"Lấy phương án có điểm cao nhất (phương án {best_index + 1}): {best.explanation}",
        met=best.met,
        choice=best_index,
    )
