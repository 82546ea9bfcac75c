"""The fix plan as report templates see it (``ReportContext.plan``; ``parscore report --plan``).

A read-only view of :class:`~parscore.planning.records.Plan`: numbers stay ``Decimal`` (templates
format them with ``pts``), text is already Vietnamese. HTML and Markdown render it through
``partials/plan.html.j2`` / ``partials/plan.md.j2``; Word through :func:`docx_plan_writer`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..frozen_records import frozen_record
from ..model.result import Result
from ..numbers import vi_number
from ..planning.records import Plan
from ..vi import COMPUTED_SCORE, strict_evidence_rule

__all__ = [
    "PlanFixView",
    "PlanItemView",
    "PlanView",
    "appraisal_note",
    "docx_plan_writer",
    "plan_view",
]


@frozen_record
class PlanFixView:
    step: int
    code: str
    title: str
    change: str
    gain: Decimal  # reported score after minus before: the gains add up to the total change
    effort: int  # in the plan: 0 when the fix only uses documents earlier fixes make
    score_after: Decimal
    owner: str | None
    deadline: dt.date | str | None
    effort_note: str = ""  # "dùng chung tài liệu với tiêu chí 3.2.2" when the effort is shared


@frozen_record
class PlanItemView:
    """A line outside the plan: a document to attach, a level out of reach, a missing input."""

    code: str
    title: str  # as the plan table's "Tiêu chí" column says it (``Điểm thưởng: …`` for an item)
    text: str


@frozen_record
class PlanView:
    target: Decimal
    reachable: bool
    start_score: Decimal
    final_score: Decimal
    start_band: str | None
    final_band: str | None
    total_effort: int
    strict_evidence: bool
    fixes: tuple[PlanFixView, ...]
    secure: tuple[PlanItemView, ...]
    blocked: tuple[PlanItemView, ...]
    missing: tuple[PlanItemView, ...]
    notes: tuple[str, ...]
    appraisal_note: str = ""  # both figures side by side, and which one the council uses


def plan_view(plan: Plan) -> PlanView:
    r = plan.start.pack.r
    return PlanView(
        target=plan.target,
        reachable=plan.reachable,
        start_score=plan.start_score,
        final_score=plan.final_score,
        start_band=plan.start.total.band,
        final_band=plan.final.total.band,
        total_effort=plan.total_effort,
        strict_evidence=plan.start.strict_evidence,
        fixes=tuple(
            PlanFixView(
                step=i,
                code=f.candidate.code,
                title=f.candidate.shown_title,
                change=f.change,
                gain=f.gain,
                effort=f.effort,
                score_after=f.score_after,
                owner=f.candidate.owner,
                deadline=f.candidate.deadline,
                effort_note=f.effort_note,
            )
            for i, f in enumerate(plan.fixes, 1)
        ),
        secure=tuple(PlanItemView(c.code, c.shown_title, c.description) for c in plan.secure()),
        blocked=tuple(PlanItemView(b.code, b.title, b.reason) for b in plan.candidates.blocked),
        missing=tuple(
            PlanItemView(
                m.code,
                m.title,
                f"chưa khai báo {'; '.join(m.labels or m.inputs)} (tới {vi_number(Decimal(r(m.stake)))}"
                " điểm tổng)",
            )
            for m in plan.candidates.missing
        ),
        notes=plan.notes,
        appraisal_note=appraisal_note(plan),
    )


def appraisal_note(plan: Plan) -> str:
    """The plan's result computed from the data (documents missing still counted) and under
    appraisal, and which one counts."""
    if plan.counterpart is None:
        return ""
    r = plan.start.pack.r

    def shown(result: Result) -> str:
        return f"{vi_number(Decimal(r(result.total.score)))} ({result.total.band or '—'})"

    own, council = plan.self_assessed, plan.appraised
    rule = strict_evidence_rule(council.pack.adjustments)
    short = "" if council.total.goal_met else f", chưa đạt mục tiêu {vi_number(plan.target)} điểm"
    if plan.start.strict_evidence:
        return (
            f"Sau kế hoạch: {shown(council)} khi thẩm định ({rule}){short}; {COMPUTED_SCORE}"
            f" tương ứng: {shown(own)}. Hội đồng thẩm định dùng điểm khi thẩm định."
        )
    advice = (
        ""
        if council.total.goal_met
        else " Lập kế hoạch như khi thẩm định (chế độ mặc định) để đạt mục tiêu cả khi thẩm định."
    )
    return (
        f"Sau kế hoạch: {shown(own)} theo {COMPUTED_SCORE}; khi thẩm định ({rule}):"
        f" {shown(council)}{short}. Hội đồng thẩm định dùng điểm khi"
        f" thẩm định.{advice}"
    )


def docx_plan_writer(body: Any, ctx: Any) -> None:
    """``render_report(..., docx_plan_writer=...)``: python-docx loads only for Word output."""
    from .docx_plan import write_plan

    write_plan(body, ctx)
