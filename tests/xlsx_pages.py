"""How a generated sheet prints across, read back from the workbook as Excel would print it:
the scale and the columns of each page, by the pixel widths of :mod:`parscore.xlsx_print`."""

from __future__ import annotations

import itertools
import math
from typing import Any

from openpyxl.utils import column_index_from_string

from parscore.xlsx_print import MIN_SCALE, column_pixels, printable_pixels


def _widths(sheet: Any) -> list[float | None]:
    widths: dict[int, float | None] = {}
    for d in sheet.column_dimensions.values():
        first = d.min or column_index_from_string(d.index)
        for c in range(first, (d.max or first) + 1):
            widths[c] = None if d.hidden else d.width
    return [widths.get(c, 8.43) for c in range(1, sheet.max_column + 1)]


def printed(sheet: Any) -> tuple[float, list[list[int]]]:
    """The print scale in percent and the columns (1-based) on each page across; the repeated
    title columns open every page."""
    setup = sheet.page_setup
    pixels = [column_pixels(w) for w in _widths(sheet)]
    landscape = setup.orientation == "landscape"
    room = printable_pixels(landscape)
    if sheet.sheet_properties.pageSetUpPr.fitToPage:
        assert setup.fitToWidth in (1, None) and setup.fitToHeight == 0
        return min(100.0, room / sum(pixels) * 100), [list(range(1, len(pixels) + 1))]
    titles = sheet.print_title_cols
    last = column_index_from_string(titles.split(":")[1].replace("$", "")) if titles else 0
    bounds = [last, *(b.id for b in sheet.col_breaks.brk), len(pixels)]
    pages = [[*range(1, last + 1), *range(a + 1, b + 1)] for a, b in itertools.pairwise(bounds)]
    return float(setup.scale), pages


def assert_readable(sheet: Any) -> None:
    """A4; the header row repeated; printed at 70 % or more, every page's columns within it."""
    setup = sheet.page_setup
    assert str(setup.paperSize) == str(sheet.PAPERSIZE_A4), sheet.title
    scale, pages = printed(sheet)
    assert scale >= MIN_SCALE, (sheet.title, scale)
    room = printable_pixels(setup.orientation == "landscape")
    pixels = [column_pixels(w) for w in _widths(sheet)]
    for page in pages:
        width = math.fsum(pixels[c - 1] for c in page) * scale / 100
        assert width <= room + 0.01, (sheet.title, page)
