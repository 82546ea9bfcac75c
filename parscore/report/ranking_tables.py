"""Field and criterion rankings (:mod:`parscore.rankings`) as CSV and Excel.

One long table, a row per field (or criterion) and commune in rank order, says whether the
results are official (published) or provisional; the Excel workbook adds an overview sheet (per
field or criterion: maximum, average, share of the maximum, communes with full points). CSV
numbers are plain (dot decimal, points rounded by the pack's rule, percentages to 0.1), UTF-8
with a byte-order mark; Excel numbers are numbers shown with the pack's places (the decimal
comma comes from Excel's Vietnamese display). Text is never a formula in either.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from ..numbers import round_to
from ..rankings import RankingTable
from ..xlsx_print import print_layout
from .batch_xlsx import BOLD, HEADER_FILL, _append
from .table_export import table_csv

__all__ = ["ranking_tables_csv", "ranking_tables_xlsx", "status_label"]

NAMES = {"field": ("Lĩnh vực", "Tên lĩnh vực"), "criterion": ("Tiêu chí", "Tên tiêu chí")}
POINTS, SHARE = "Điểm", "Tỷ lệ so với điểm tối đa (%)"


def status_label(official: bool) -> str:
    return "Chính thức (đã công bố)" if official else "Tạm thời (chưa công bố)"


def _headers(kind: str) -> list[str]:
    code, title = NAMES[kind]
    field = [] if kind == "field" else ["Lĩnh vực"]
    return ["Kết quả", *field, code, title, "Điểm tối đa", "Hạng", "Xã", POINTS, SHARE]


def _rows(tables: Sequence[RankingTable], kind: str, official: bool) -> list[list[Any]]:
    status = status_label(official)
    out: list[list[Any]] = []
    for t in tables:
        field = [] if kind == "field" else [t.field]
        for r in t.rows:
            rank = r.rank if r.rank is not None else "Không áp dụng"
            share = round_to(r.percent, 1) if r.percent is not None else None
            out.append([status, *field, t.code, t.title, t.max, rank, r.commune, r.shown, share])
    return out


def ranking_tables_csv(tables: Sequence[RankingTable], kind: str, official: bool) -> bytes:
    return table_csv(_headers(kind), _rows(tables, kind, official))


def ranking_tables_xlsx(
    tables: Sequence[RankingTable], kind: str, official: bool, places: int
) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Xếp hạng " + NAMES[kind][0].lower()
    headers = _headers(kind)
    _append(sheet, headers)
    for row in _rows(tables, kind, official):
        if row[-1] is not None:
            row[-1] = row[-1] / 100  # a share, shown as a percentage
        _append(sheet, row)
    points = "0." + "0" * places if places else "0"
    formats = {"Điểm tối đa": points, POINTS: points, SHARE: "0.0%"}
    widths = {"Kết quả": 22, NAMES[kind][1]: 50, "Xã": 30}
    for col, header in enumerate(headers, 1):
        _header_cell(sheet.cell(1, col))
        sheet.column_dimensions[get_column_letter(col)].width = widths.get(header, 12)
        if header in formats:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
                cell.number_format = formats[header]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{sheet.max_row}"
    print_layout(sheet)
    _overview(book.create_sheet("Tổng hợp"), tables, kind, official, points)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _overview(
    sheet: Any, tables: Sequence[RankingTable], kind: str, official: bool, points: str
) -> None:
    code, title = NAMES[kind]
    _append(sheet, ["Kết quả", status_label(official)])
    _append(sheet, [])
    headers = [code, title, "Điểm tối đa", "Điểm trung bình", SHARE, "Số xã đạt tối đa"]
    _append(sheet, headers)
    for cell in sheet[sheet.max_row]:
        _header_cell(cell)
    for t in tables:
        share = t.average_percent
        _append(sheet, [t.code, t.title, t.max, t.average, share / 100 if share else share, t.full])
        row = sheet[sheet.max_row]
        row[2].number_format = row[3].number_format = points
        row[4].number_format = "0.0%"
    for letter, width in zip("ABCDEF", (12, 60, 12, 16, 16, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    print_layout(sheet, "3:3", landscape=False)


def _header_cell(cell: Any) -> None:
    cell.font, cell.fill = BOLD, HEADER_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="center")
