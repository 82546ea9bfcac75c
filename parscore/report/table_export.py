"""One plain table (headers and rows) as CSV or as an Excel sheet, safe to open: text that looks
like a spreadsheet formula stays text (:mod:`parscore.safe_text`), numbers stay numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from ..numbers import plain
from ..safe_text import csv_text, set_text_cell

__all__ = ["Sheet", "table_csv", "table_xlsx"]

Row = Sequence[Any]


class Sheet(NamedTuple):
    """One more table sheet of a workbook; ``widths``: the width of some columns (0-based), whose
    text then wraps in rows as tall as it needs (a long name or cause printed whole)."""

    title: str
    headers: Row
    rows: Sequence[Row]
    widths: Mapping[int, float] = {}


def table_csv(headers: Row, rows: Sequence[Row], *, excel_vi: bool = False) -> bytes:
    """UTF-8 with a byte-order mark (Excel reads the Vietnamese right), CRLF lines.

    By default fields are separated by commas and decimals written with a point, for programs
    (RFC 4180). ``excel_vi``: what Excel set for Vietnam (list separator ``;``, decimal comma)
    opens as columns of numbers: semicolons between fields, decimals with a comma (``89,29``)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if excel_vi else ",", lineterminator="\r\n")
    for row in [headers, *rows]:
        writer.writerow([_csv_field(v, excel_vi) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_field(value: Any, excel_vi: bool = False) -> Any:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value).replace(".", ",") if excel_vi else plain(value)
    return csv_text(value) if isinstance(value, str) else value


def table_xlsx(
    title: str,
    headers: Row,
    rows: Sequence[Row],
    places: int = 2,
    about: Sequence[tuple[str, str]] = (),
    more: Sequence[Sheet] = (),
    widths: Mapping[int, float] = {},
) -> bytes:
    """One sheet named ``title``: bold headers, numbers with ``places`` decimals, filters (and
    ``widths`` as :class:`Sheet` says); then a sheet for each of ``more``, made the same way; with ``about``, a last sheet «Thông tin» of
    ``(label, value)`` lines saying what the tables are (so that the file alone says what it was
    made from)."""
    from openpyxl import Workbook  # only Excel exports need openpyxl loaded
    from openpyxl.styles import Alignment, Font

    from ..row_heights import row_height
    from ..xlsx_print import FONT, print_layout

    book = Workbook()
    sheet = book.active
    _table_sheet(sheet, Sheet(title, headers, rows, widths), places)
    for table in more:
        _table_sheet(book.create_sheet(), table, places)
    if about:
        info = book.create_sheet("Thông tin")
        top = Alignment(wrap_text=True, vertical="top")
        for r, (label, value) in enumerate(about, 1):
            name = set_text_cell(info.cell(r, 1), label)
            name.font, name.alignment = Font(**FONT, bold=True), top
            set_text_cell(info.cell(r, 2), value).alignment = top
            info.row_dimensions[r].height = row_height([(label, 28, True), (value, 100, False)])
        info.column_dimensions["A"].width = 28
        info.column_dimensions["B"].width = 100
        print_layout(info)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _table_sheet(sheet: Any, table: Sheet, places: int) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from ..row_heights import row_height
    from ..xlsx_print import FONT, print_layout

    headers, rows = table.headers, table.rows
    sheet.title = table.title[:31]
    number_format = "0." + "0" * places if places else "0"
    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    for r, values in enumerate([headers, *rows], 1):
        for c, value in enumerate(values, 1):
            cell = set_text_cell(sheet.cell(r, c), value)
            if r > 1 and isinstance(value, Decimal | int | float) and not isinstance(value, bool):
                cell.number_format = number_format if isinstance(value, Decimal) else "0"
            if r > 1 and table.widths:  # rows of wrapped text: every cell reads from the top
                cell.alignment = wrap if c - 1 in table.widths else top
    widths = []
    for c in range(1, len(headers) + 1):
        cell = sheet.cell(1, c)
        cell.font = Font(**FONT, bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        longest = max((len(r[c - 1]) for r in rows if isinstance(r[c - 1], str)), default=0)
        width = table.widths.get(c - 1, min(max(longest + 2, 14), 60))
        sheet.column_dimensions[get_column_letter(c)].width = width
        widths.append(width)
    sheet.row_dimensions[1].height = row_height(
        (h, w, True) for h, w in zip(headers, widths, strict=True)
    )
    if table.widths:
        for r, values in enumerate(rows, 2):
            sheet.row_dimensions[r].height = row_height(
                (values[c], w, False) for c, w in table.widths.items()
            )
    sheet.freeze_panes = "B2"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    print_layout(sheet)
