"""Field and criterion rankings (:mod:`parscore.rankings`) as CSV and Excel.

One long table, a row per field (or criterion) and commune in rank order, says whether the
results are official (published) or provisional; the Excel workbook adds an overview sheet (per
field or criterion: maximum, average, share of the maximum, communes with full points). Points,
maxima and the overview's averages are rounded by the pack's rule (a maximum never reads more
exactly than the points beside it), percentages to 0.1. CSV numbers are plain (dot decimal),
UTF-8 with a byte-order mark; Excel numbers are numbers with the pack's places as their format
(the decimal comma comes from Excel's Vietnamese display). Text is never a formula in either.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from ..numbers import round_to
from ..rankings import RankingTable
from .batch_xlsx import HEADER
from .table_export import table_csv
from .xlsx_stream import CellStyle, Workbook

__all__ = ["ranking_tables_csv", "ranking_tables_xlsx", "status_label"]

NAMES = {"field": ("Lĩnh vực", "Tên lĩnh vực"), "criterion": ("Tiêu chí", "Tên tiêu chí")}
POINTS, SHARE = "Điểm", "Tỷ lệ so với điểm tối đa (%)"
PERCENT = CellStyle(number_format="0.0%")


def status_label(official: bool) -> str:
    return "Chính thức (đã công bố)" if official else "Tạm thời (chưa công bố)"


def _headers(kind: str) -> list[str]:
    code, title = NAMES[kind]
    field = [] if kind == "field" else ["Lĩnh vực"]
    return ["Kết quả", *field, code, title, "Điểm tối đa", "Hạng", "Xã", POINTS, SHARE]


def _rows(
    tables: Sequence[RankingTable], kind: str, official: bool, places: int, mode: str
) -> list[list[Any]]:
    """The long table; a maximum stands rounded by the pack's rule, as the points beside it."""
    status = status_label(official)
    out: list[list[Any]] = []
    for t in tables:
        field = [] if kind == "field" else [t.field]
        maximum = round_to(t.max, places, mode)
        for r in t.rows:
            rank = r.rank if r.rank is not None else "Không áp dụng"
            share = round_to(r.percent, 1) if r.percent is not None else None
            out.append([status, *field, t.code, t.title, maximum, rank, r.commune, r.shown, share])
    return out


def ranking_tables_csv(
    tables: Sequence[RankingTable],
    kind: str,
    official: bool,
    places: int,
    mode: str,
    *,
    excel_vi: bool = False,
) -> bytes:
    rows = _rows(tables, kind, official, places, mode)
    return table_csv(_headers(kind), rows, excel_vi=excel_vi)


def ranking_tables_xlsx(
    tables: Sequence[RankingTable], kind: str, official: bool, places: int, mode: str
) -> bytes:
    """Numbers are stored rounded by the pack's rule (Excel's own display rounding is always half
    away from zero, so a pack rounding ``down`` or ``half_even`` would otherwise read differently)."""
    book = Workbook()
    headers = _headers(kind)
    points = CellStyle(number_format="0." + "0" * places if places else "0")
    formats = {"Điểm tối đa": points, POINTS: points, SHARE: PERCENT}
    widths = {"Kết quả": 22, NAMES[kind][1]: 50, "Xã": 30}
    sheet = book.sheet(
        "Xếp hạng " + NAMES[kind][0].lower(),
        widths={col: widths.get(h, 12) for col, h in enumerate(headers, 1)},
        freeze=(0, 1),
        title_rows=1,
        autofilter=True,
    )
    sheet.append(headers, [HEADER] * len(headers))
    styles = [formats.get(h) for h in headers]
    for row in _rows(tables, kind, official, places, mode):
        if row[-1] is not None:
            row[-1] = row[-1] / 100  # a share, shown as a percentage
        sheet.append(row, styles)
    _overview(book, tables, kind, official, points, lambda v: round_to(v, places, mode))
    return book.to_bytes()


def _overview(
    book: Workbook,
    tables: Sequence[RankingTable],
    kind: str,
    official: bool,
    points: CellStyle,
    rounded: Callable[[Decimal], Decimal],
) -> None:
    code, title = NAMES[kind]
    widths = {1: 12, 2: 60, 3: 12, 4: 16, 5: 16, 6: 16}
    sheet = book.sheet("Tổng hợp", widths=widths, title_rows=3, landscape=False)
    sheet.append(["Kết quả", status_label(official)])
    sheet.append([])
    headers = [code, title, "Điểm tối đa", "Điểm trung bình", SHARE, "Số xã đạt tối đa"]
    sheet.append(headers, [HEADER] * len(headers))
    for t in tables:
        share, average = t.average_percent, t.average
        sheet.append(
            [
                t.code,
                t.title,
                rounded(t.max),
                rounded(average) if average is not None else None,
                share / 100 if share else share,
                t.full,
            ],
            [None, None, points, points, PERCENT, None],
        )
