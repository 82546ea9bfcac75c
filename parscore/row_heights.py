"""Heights of spreadsheet rows that hold wrapped text.

Excel fits a row to its wrapped text when it opens a file; LibreOffice does not: a row written
without a height stays one line high, and its text is drawn over the rows below, on screen and
in print. The generated workbooks therefore write the height of every row whose text wraps,
estimated from the text and the column widths (a little generously: a line too many costs white
space, a line too few hides text). Rows keep their height as fitted, not set by hand (no
``customHeight``, as Excel writes the rows it fits itself), so Excel still refits a row when its
text changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["LINE_HEIGHT", "row_height", "wrapped_lines"]

LINE_HEIGHT = 15.0  # points per line of 11-point Calibri, the sheets' default row height
CHARS_PER_WIDTH = 1.1  # characters of text per unit of column width (the width of a "0")
BOLD_CHARS_PER_WIDTH = 0.9


def wrapped_lines(text: str, width: float, *, bold: bool = False) -> int:
    """How many lines ``text`` takes in a column ``width`` wide, wrapped at spaces."""
    capacity = max(1, int(width * (BOLD_CHARS_PER_WIDTH if bold else CHARS_PER_WIDTH)))
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split():
            if used and used + 1 + len(word) <= capacity:
                used += 1 + len(word)
                continue
            if used:
                lines += 1
            used = len(word)
            while used > capacity:  # a word longer than the line is broken
                lines += 1
                used -= capacity
    return lines


def row_height(cells: Iterable[tuple[Any, float, bool]]) -> float | None:
    """The height in points of a row of wrapped cells ``(value, column width, bold)``; None
    when every value fits on one line (the default height)."""
    lines = max(
        (wrapped_lines(v, width, bold=bold) for v, width, bold in cells if isinstance(v, str)),
        default=1,
    )
    return lines * LINE_HEIGHT if lines > 1 else None
