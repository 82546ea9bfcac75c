"""Batch results as an Excel workbook: the ranked table, a summary sheet and the files in error.

Written with :mod:`parscore.report.xlsx_stream` (a province ranks thousands of communes; making
an openpyxl cell per value cost more than scoring them). Layout: the header row bold on grey,
wrapped (with its height: :mod:`parscore.row_heights`); numbers shown with the pack's decimal
places; rank and commune columns frozen; an autofilter; A4 landscape with the header row on every
page, fitted to the page width or, when that would print too small, two pages wide with rank and
commune repeated (:mod:`parscore.xlsx_print`).
"""

from __future__ import annotations

from ..batch import BatchSummary
from ..row_heights import row_height
from .batch_table import ADJUSTMENT_HEADERS, batch_rows, previous_packs_note, table_headers
from .xlsx_stream import CellStyle, Workbook, page_text

__all__ = ["batch_xlsx"]

HEADER = CellStyle(bold=True, fill="DDDDDD", wrap="center")
BOLD = CellStyle(bold=True)
WRAP_TOP = CellStyle(wrap="top")


def batch_xlsx(summary: BatchSummary, status: str = "") -> bytes:
    """The workbook; ``status`` (official or provisional, from the web app) heads the summary."""
    book = Workbook()
    places = summary.pack.places if summary.pack is not None else 2
    number = CellStyle(number_format="0." + "0" * places if places else "0")
    header, footer = _page_texts(summary)
    _ranking(book, summary, number, header, footer)
    _overview(book, summary, number, status, header, footer)
    if summary.errors:
        errors = book.sheet(
            "Lỗi", widths={1: 40, 2: 100}, freeze=(0, 1), title_rows=1, header=header, footer=footer
        )
        errors.append(["Tệp", "Lỗi"], [BOLD, BOLD])
        for e in summary.errors:
            height = row_height([(e.file, 40, False), (e.message, 100, False)])
            errors.append([e.file, e.message], [WRAP_TOP, WRAP_TOP], height)
    return book.to_bytes()


def _page_texts(summary: BatchSummary) -> tuple[str, str]:
    """What every printed page carries: the ranking's title and pack at the top; at the foot the
    synthetic-data mark (when a commune's figures are invented) and the page number."""
    pack = summary.pack
    title = f"Xếp hạng {summary.index_name} các xã" + (f" – {pack.title}" if pack else "")
    synthetic = any(c.score.totals.synthetic for c in summary.communes)
    mark = "Có xã dùng dữ liệu mẫu (giả lập), không dùng để báo cáo chính thức" if synthetic else ""
    return page_text(centre=title), page_text(left=mark, numbered=True)


def _ranking(
    book: Workbook, summary: BatchSummary, number: CellStyle, header: str, footer: str
) -> None:
    headers = table_headers(summary)
    numeric = {"Điểm", "Điểm năm trước", "Thay đổi", *ADJUSTMENT_HEADERS} | {
        h for h in headers if h.startswith("Lĩnh vực")
    }
    widths = {
        col: 40 if h in ("Xã", "Tệp") else 14 if h in numeric else 12
        for col, h in enumerate(headers, 1)
    }
    sheet = book.sheet(
        "Xếp hạng",
        widths=widths,
        freeze=(2, 1),
        title_rows=1,
        autofilter=bool(summary.communes),
        header=header,
        footer=footer,
    )
    height = row_height((h, widths[col], True) for col, h in enumerate(headers, 1))
    sheet.append(headers, [HEADER] * len(headers), height)
    styles = [number if h in numeric else None for h in headers]
    for row in batch_rows(summary):
        sheet.append(row, styles)


def _overview(
    book: Workbook, summary: BatchSummary, number: CellStyle, status: str, header: str, footer: str
) -> None:
    info = book.sheet(
        "Tổng hợp",
        widths={1: 34, 2: 60, 3: 14, 4: 16},
        landscape=False,
        header=header,
        footer=footer,
    )
    if status:
        info.append(["Kết quả", status])
    pack = summary.pack
    info.append(["Gói quy tắc", pack.id if pack is not None else "—"])
    if pack is not None:
        info.append(["Tên gói", pack.title])
        info.append(["Lần sửa", pack.revision])
        info.append(["Trạng thái", "tạm thời" if pack.status == "provisional" else "chính thức"])
    info.append(["Số xã được chấm", len(summary.communes)])
    info.append(["Số tệp lỗi", len(summary.errors)])
    synthetic = sum(1 for c in summary.communes if c.score.totals.synthetic)
    if synthetic:
        info.append(["Xã dùng dữ liệu tổng hợp (giả lập)", synthetic])
    if summary.average_score is not None:
        info.append(["Điểm trung bình", summary.rounded(summary.average_score)], [None, number])
    if summary.previous_count:
        matched = sum(1 for c in summary.communes if c.previous is not None)
        info.append(
            ["So với năm trước", f"{matched}/{len(summary.communes)} xã tìm được kết quả năm trước"]
        )
        if other := summary.previous_packs():
            note = previous_packs_note(other)
            info.append(["", note], [None, WRAP_TOP], row_height([(note, 60, False)]))
    info.append([])
    info.append(["Xếp loại", "Số xã"], [BOLD, BOLD])
    for label, count in summary.bands.items():
        info.append([label, count])
    info.append([])
    info.append(["Lĩnh vực", "Tên lĩnh vực", "Điểm tối đa", "Điểm trung bình"], [BOLD] * 4)
    for f in summary.fields:
        avg = summary.averages.get(f.code)
        info.append(
            [
                f.code,
                f.title,
                summary.rounded(f.max),  # beside the average, as it is: by the pack's rule
                summary.rounded(avg) if avg is not None else None,
            ],
            [None, None, number, number],
        )
