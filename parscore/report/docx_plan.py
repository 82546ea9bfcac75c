"""The "Kế hoạch nâng điểm" section of the Word report (``parscore report --plan -o X.docx``)."""

from __future__ import annotations

from .context import ReportContext
from .docx_xml import Cell, WordBody
from .filters import vi_deadline
from .plan_view import PlanItemView, PlanView

__all__ = ["write_plan"]


def write_plan(body: WordBody, ctx: ReportContext) -> None:
    plan: PlanView = ctx.plan
    f = body.f
    body.heading("3. Kế hoạch nâng điểm", 1)
    target = f.pts(plan.target)
    start = f"{f.pts(plan.start_score)} ({plan.start_band or '—'})"
    end = f"{f.pts(plan.final_score)} ({plan.final_band or '—'})"
    if plan.reachable and not plan.fixes:
        body.para(f"Đã đạt mục tiêu ≥ {target} điểm: không cần thêm việc nào.")
    elif plan.reachable:
        body.para(
            f"Đạt mục tiêu ≥ {target} điểm với {len(plan.fixes)} việc, tổng công sức "
            f"{plan.total_effort}: {start} → {end}."
        )
    else:
        body.para(
            f"Không thể đạt mục tiêu ≥ {target} điểm với các việc lập được kế hoạch. Điểm cao nhất "
            f"có thể đạt: {end}, với {len(plan.fixes)} việc, tổng công sức {plan.total_effort}.",
            bold=True,
        )
    if plan.appraisal_note:
        body.para(plan.appraisal_note)
    if plan.fixes:
        body.para(
            "Các việc ít công sức nhất để đạt mục tiêu, theo thứ tự; điểm tổng sau mỗi việc được"
            " tính lại bằng chính bộ chấm điểm."
        )
        rows: list[list[Cell]] = [
            [
                str(x.step),
                x.code,
                x.title,
                [x.change, f"Công sức {x.effort}: {x.effort_note}"] if x.effort_note else x.change,
                f.signed(x.gain),
                str(x.effort),
                f.pts(x.score_after),
                [x.owner or "—", vi_deadline(x.deadline)],
            ]
            for x in plan.fixes
        ]
        body.table(
            [
                "STT",
                "Mã",
                "Tiêu chí",
                "Việc cần làm",
                "Điểm tăng",
                "Công sức",
                "Điểm sau",
                "Chủ trì, thời hạn",
            ],
            rows,
            [10, 14, 45, 100, 18, 16, 18, 46],
            numeric=[4, 5, 6],
        )
    for title, items in (
        ("Bảo đảm điểm đã có (bổ sung tài liệu kiểm chứng)", plan.secure),
        ("Không thể lập kế hoạch", plan.blocked),
        ("Thiếu số liệu (khai báo rồi lập lại kế hoạch)", plan.missing),
    ):
        _items(body, title, items)
    if plan.notes:
        body.heading("Ghi chú", 3)
        for note in plan.notes:
            body.para(note, italic=True)


def _items(body: WordBody, title: str, items: tuple[PlanItemView, ...]) -> None:
    if not items:
        return
    body.heading(title, 3)
    for item in items:
        body.item(item.code, f"{item.title}: {item.text}")
