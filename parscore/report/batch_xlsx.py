"""Batch results as an Excel workbook: the ranked table, a summary sheet and the files in error."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..batch import BatchSummary
from ..safe_text import set_text_cell
from ..xlsx_print import print_layout
from .batch_table import batch_rows, table_headers

__all__ = ["batch_xlsx"]

HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
BOLD = Font(bold=True)


def batch_xlsx(summary: BatchSummary, status: str = "") -> bytes:
    """The workbook; ``status`` (official or provisional, from the web app) heads the summary."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Xếp hạng"
    headers = table_headers(summary)
    for values in [headers, *batch_rows(summary)]:
        _append(sheet, values)
    number_cols = {"Điểm", "Điểm năm trước", "Thay đổi"} | {
        h for h in headers if h.startswith("Lĩnh vực")
    }
    places = summary.pack.places if summary.pack is not None else 2
    fmt = "0." + "0" * places if places else "0"
    for col, header in enumerate(headers, 1):
        cell = sheet.cell(1, col)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = get_column_letter(col)
        width = 40 if header in ("Xã", "Tệp") else 14 if header in number_cols else 12
        sheet.column_dimensions[letter].width = width
        if header in number_cols:
            for cells in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
                cells[0].number_format = fmt
    sheet.freeze_panes = "C2"
    print_layout(sheet)
    if summary.communes:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(summary.communes) + 1}"

    info = book.create_sheet("Tổng hợp")
    if status:
        _append(info, ["Kết quả", status])
    pack = summary.pack
    _append(info, ["Gói quy tắc", pack.id if pack is not None else "—"])
    if pack is not None:
        _append(info, ["Tên gói", pack.title])
        _append(info, ["Lần sửa", pack.revision])
        _append(info, ["Trạng thái", "tạm thời" if pack.status == "provisional" else "chính thức"])
    _append(info, ["Số xã được chấm", len(summary.communes)])
    _append(info, ["Số tệp lỗi", len(summary.errors)])
    synthetic = sum(1 for c in summary.communes if c.score.totals.synthetic)
    if synthetic:
        _append(info, ["Xã dùng dữ liệu tổng hợp (giả lập)", synthetic])
    if summary.average_score is not None:
        _append(info, ["Điểm trung bình", summary.rounded(summary.average_score)])
        info.cell(info.max_row, 2).number_format = fmt
    _append(info, [])
    _append(info, ["Xếp loại", "Số xã"])
    _bold_row(info)
    for label, count in summary.bands.items():
        _append(info, [label, count])
    _append(info, [])
    _append(info, ["Lĩnh vực", "Tên lĩnh vực", "Điểm tối đa", "Điểm trung bình"])
    _bold_row(info)
    for f in summary.fields:
        avg = summary.averages.get(f.code)
        _append(info, [f.code, f.title, f.max, summary.rounded(avg) if avg is not None else None])
        info.cell(info.max_row, 4).number_format = fmt
    info.column_dimensions["A"].width = 34
    info.column_dimensions["B"].width = 60
    info.column_dimensions["C"].width = 14
    info.column_dimensions["D"].width = 16
    print_layout(info, None, landscape=False)

    if summary.errors:
        errors = book.create_sheet("Lỗi")
        _append(errors, ["Tệp", "Lỗi"])
        _bold_row(errors)
        for e in summary.errors:
            _append(errors, [e.file, e.message])
            errors.cell(errors.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
        errors.column_dimensions["A"].width = 40
        errors.column_dimensions["B"].width = 100
        errors.freeze_panes = "A2"
        print_layout(errors)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _append(sheet: Any, values: list[Any]) -> None:
    """A row below the last; text always as text cells (never a formula), cleaned. The cells
    are made first and appended (looking the new row up again costs a scan of the sheet)."""
    sheet.append([set_text_cell(Cell(sheet), value) for value in values])


def _bold_row(sheet: Any) -> None:
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
