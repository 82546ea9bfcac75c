"""Print layout of generated Excel sheets (forms, batch workbooks): A4, fitted to the page width,
the header row repeated on every printed page."""

from __future__ import annotations

from typing import Any

__all__ = ["print_layout"]


def print_layout(sheet: Any, title_rows: str | None = "1:1", *, landscape: bool = True) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.print_options.horizontalCentered = True
