"""Print layout of generated Excel sheets (forms, batch and ranking workbooks, table exports).

Every sheet prints on A4 with its header rows repeated on every page. A sheet whose columns fit
the page width at :data:`MIN_SCALE` percent or more is fitted to the width (one page wide). A
wider one would print too small to read when fitted (13 columns of an appraisal form came out at
45 %): it runs to two pages wide or more instead, at one scale no smaller than that, split
between columns (manual column breaks), with its title columns (those frozen on screen: code and
name) repeated on every page, so that each page names the rows it continues.

:func:`plan_print` decides from the column widths alone; :func:`print_layout` applies it to an
openpyxl sheet, and :mod:`parscore.report.xlsx_stream` writes the same plan as sheet XML.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "FONT",
    "MARGINS",
    "MIN_SCALE",
    "PrintPlan",
    "column_letter",
    "plan_print",
    "print_layout",
]

MIN_SCALE = 70  # percent: smaller print is hard to read for many people
# page margins in inches (left, right, top, bottom, header, footer): narrow at the sides
MARGINS = (0.5, 0.5, 0.75, 0.75, 0.3, 0.3)
A4_INCHES = (8.27, 11.69)  # width, height in portrait
PIXELS_PER_INCH = 96  # a column's width in pixels prints at this resolution at 100 %
DEFAULT_WIDTH = 8.43  # a column without a width of its own (Excel's standard width)
SAFETY = 0.97  # the planned scale leaves this much room for fonts wider than estimated
MAX_PAGES_WIDE = 6
# The workbook's own typeface for openpyxl's Font(**FONT, bold=True): a font that names none, as
# Font(bold=True) writes it, shows and prints in the application's default instead (a serif in
# LibreOffice, wider than the column widths and row heights were made for)
FONT = {"name": "Calibri", "size": 11}
LAST_ROW = 1_048_575  # a column break runs down the whole sheet (0-based, as Excel writes it)


@dataclass(frozen=True)
class PrintPlan:
    """How a sheet prints across: fitted to one page wide, or at ``scale`` percent with page
    breaks after the columns in ``breaks`` (1-based) and ``title_columns`` repeated."""

    fit_width: bool
    scale: int = 100
    breaks: tuple[int, ...] = ()
    title_columns: int = 0

    @property
    def pages_wide(self) -> int:
        return len(self.breaks) + 1


def column_pixels(width: float | None) -> int:
    """A column's width in pixels (Excel: 7 pixels a character of Calibri 11, and 5 of padding);
    a hidden column (None) takes none."""
    return 0 if width is None else math.trunc(width * 7 + 5)


def printable_pixels(landscape: bool) -> float:
    page = A4_INCHES[1] if landscape else A4_INCHES[0]
    return (page - MARGINS[0] - MARGINS[1]) * PIXELS_PER_INCH


def plan_print(
    widths: Sequence[float | None], *, landscape: bool = True, title_columns: int = 0
) -> PrintPlan:
    """The plan for columns of these ``widths`` (None: hidden); ``title_columns``: how many of
    the first columns name a row (repeated on each page when the sheet runs wider than one)."""
    pixels = [column_pixels(w) for w in widths]
    room = printable_pixels(landscape)
    if not pixels or room / max(sum(pixels), 1) * 100 >= MIN_SCALE:
        return PrintPlan(fit_width=True)
    titles = min(title_columns, len(pixels) - 1)
    head, rest = sum(pixels[:titles]), pixels[titles:]
    widest = room * 100 / MIN_SCALE * SAFETY  # the most a page holds at the smallest scale
    fewest = _breaks(rest, widest - head)
    if fewest is None or len(fewest) + 1 > MAX_PAGES_WIDE:
        return PrintPlan(fit_width=True)  # too wide for any plan: one page wide, however small
    low, high = float(max(max(rest), 1)), widest - head  # what a page needs, in pixels
    for _ in range(40):
        middle = (low + high) / 2
        found = _breaks(rest, middle)
        if found is not None and len(found) == len(fewest):
            high, fewest = middle, found
        else:
            low = middle
    scale = min(1.0, room / (head + high)) * SAFETY
    return PrintPlan(False, math.floor(scale * 100), tuple(titles + b for b in fewest), titles)


def _breaks(pixels: list[int], page: float) -> tuple[int, ...] | None:
    """Where pages of ``page`` pixels break a row of columns, filled from the left: the number of
    columns before each break; None when a column is wider than a page."""
    breaks: list[int] = []
    used = 0.0
    for i, width in enumerate(pixels):
        if width > page:
            return None
        if used + width > page:
            breaks.append(i)
            used = 0.0
        used += width
    return tuple(breaks)


def print_layout(
    sheet: Any, title_rows: str | None = "1:1", *, landscape: bool = True
) -> PrintPlan:
    """A4, margins, header rows repeated and the plan of :func:`plan_print` for an openpyxl
    sheet, from its column widths and its frozen columns (the title columns). Call it once the
    sheet's widths and frozen panes are set. (Only the sheet's own objects are used: the
    spreadsheet library stays with the forms and the reports.)"""
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    left, right, top, bottom, header, footer = MARGINS
    margins = sheet.page_margins
    margins.left, margins.right, margins.top, margins.bottom = left, right, top, bottom
    margins.header, margins.footer = header, footer
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.print_options.horizontalCentered = True
    frozen = sheet.freeze_panes
    titles = column_number(frozen.rstrip("0123456789")) - 1 if frozen else 0
    widths: list[float | None] = []
    for i in range(1, sheet.max_column + 1):
        dimension = sheet.column_dimensions.get(column_letter(i))
        if dimension is None:
            widths.append(DEFAULT_WIDTH)
        else:
            widths.append(None if dimension.hidden else dimension.width or DEFAULT_WIDTH)
    plan = plan_print(widths, landscape=landscape, title_columns=titles)
    sheet.sheet_properties.pageSetUpPr.fitToPage = plan.fit_width
    if plan.fit_width:
        setup.fitToWidth, setup.fitToHeight = 1, 0
        return plan
    setup.scale = plan.scale
    for column in plan.breaks:
        sheet.col_breaks.append()  # a new break, then placed: after this column, all rows
        added = sheet.col_breaks.brk[-1]
        added.id, added.min, added.max, added.man = column, 0, LAST_ROW, True
    if plan.title_columns:
        sheet.print_title_cols = f"A:{column_letter(plan.title_columns)}"
    return plan


def column_letter(col: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    """A -> 1, AA -> 27."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number
