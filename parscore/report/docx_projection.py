"""The "Dự báo kết quả cuối năm" section of the Word report (``parscore report --projection``)."""

from __future__ import annotations

from .context import ReportContext
from .docx_xml import Cell, WordBody
from .projection_text import ProjectionView

__all__ = ["write_projection"]


def write_projection(body: WordBody, ctx: ReportContext) -> None:
    p: ProjectionView = ctx.projection
    number = 4 if ctx.plan is not None else 3
    body.heading(f"{number}. Dự báo kết quả cuối năm", 1, keep_next=True)
    for i, line in enumerate(p.lines):
        body.para(line, bold=p.at_risk and i == len(p.lines) - 1)
    if p.criteria:
        rows: list[list[Cell]] = [list(row) for row in p.criteria]
        body.table(
            [
                "Mã",
                "Tiêu chí",
                "Hiện tại",
                "Cuối năm theo nhịp hiện tại",
                "Cuối năm thận trọng",
                "Nguy cơ, còn thiếu (thận trọng)",
            ],
            rows,
            [16, 104, 24, 28, 28, 60],
            numeric=[2, 3, 4],
        )
    if p.inputs:
        body.table(
            ["Số liệu lũy kế", "Hiện tại", "Cuối năm theo nhịp hiện tại", "Cuối năm thận trọng"],
            [list(row) for row in p.inputs],
            [150, 30, 40, 40],
            numeric=[1, 2, 3],
        )
    if p.overdue:
        body.heading("Việc đã quá hạn mà tiêu chí chưa đạt điểm tối đa", 3)
        for item in p.overdue:
            body.para("– " + item)
    if p.method:
        body.para(p.method, italic=True)
