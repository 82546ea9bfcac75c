"""What would raise a leaf's points, in words (used by ``explain``; the planner goes further)."""

from __future__ import annotations

import datetime as dt

from .compiled import CompiledLeaf
from .model.pack import CountRule, DeadlineRule, DeductRule, LinearRule, TiersRule
from .model.result import LeafResult
from .numbers import vi_number

__all__ = ["raise_hints"]


def raise_hints(leaf: LeafResult, compiled: CompiledLeaf, as_of: dt.date | None) -> list[str]:
    hints: list[str] = []
    if leaf.status == "na":
        return hints
    if leaf.missing_inputs:
        hints.append("Khai báo số liệu: " + ", ".join(leaf.missing_inputs))
    if leaf.evidence.missing:
        hints.append("Bổ sung tài liệu kiểm chứng: " + "; ".join(leaf.evidence.missing))
    if leaf.computed >= leaf.max or leaf.status == "missing":
        return hints
    rule = compiled.rule
    source = rule.expr.source if rule.expr is not None else ""
    model = rule.model
    if isinstance(model, TiersRule):
        sym = "≤" if model.tiers.lower_is_better else "≥"
        for step in model.tiers.steps:
            if step.points > leaf.computed:
                hints.append(
                    f"Đưa {source} {sym} {vi_number(step.bound)} để được {vi_number(step.points)} điểm"
                )
    elif isinstance(model, LinearRule):
        hints.append(
            f"Đưa {source} tới {vi_number(model.linear.to)} để được tối đa {vi_number(leaf.max)} điểm"
        )
    elif isinstance(model, CountRule) and model.count.each > 0:
        need = -(-leaf.max // model.count.each)
        hints.append(f"Đạt {vi_number(need)} ({source}) để được tối đa {vi_number(leaf.max)} điểm")
    elif isinstance(model, DeductRule):
        hints.append(f"Giảm {source} về 0 để không bị trừ điểm")
    elif isinstance(model, DeadlineRule):
        due = model.deadline.due
        if as_of is not None and as_of > due:
            hints.append(
                f"Hạn {due.strftime('%d/%m/%Y')} đã qua (số liệu đến {as_of.strftime('%d/%m/%Y')}): "
                "không thể lấy lại điểm năm nay"
            )
        else:
            hints.append(f"Hoàn thành trước ngày {due.strftime('%d/%m/%Y')}")
    elif rule.kind == "check":
        hints.append(f"Đáp ứng điều kiện «{source}»")
    elif rule.kind in ("formula", "best_of"):
        hints.append(f"Cải thiện các số liệu: {', '.join(compiled.names)}")
    return hints
