"""A workbook's sheets as plain grids of cells, read within the form's own range.

openpyxl reads the file in read-only (streaming) mode, at most :data:`~.archive.MAX_ROWS` rows and
:data:`~.archive.MAX_COLUMNS` columns per sheet, after :func:`~.archive.check_archive` has vetted
the archive. Anything the library still chokes on (malformed XML, a missing style table) becomes
a ``PS801`` issue naming the sheet and the row, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from ..errors import EvidenceError, Issue
from .archive import MAX_COLUMNS, MAX_ROWS, check_archive, sheet_key
from .cells import is_blank
from .validation import EXCEL_EPOCH

__all__ = ["Cell", "Grid", "Merged", "read_grids"]


@dataclass(frozen=True, slots=True)
class Cell:
    sheet: str
    row: int
    column: int
    value: Any = None
    number_format: str = "General"

    @property
    def coordinate(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}"

    @property
    def ref(self) -> str:
        """``Sheet!C12``"""
        return f"{self.sheet}!{self.coordinate}"


@dataclass(frozen=True)
class Grid:
    name: str
    rows: list[list[Cell]]  # rows[0] is row 1, each MAX_COLUMNS wide; trailing blank rows cut
    merged: tuple[Merged, ...] = ()  # the sheet's merged ranges

    def header(self) -> list[Cell]:
        return self.rows[0] if self.rows else []

    def body(self) -> list[list[Cell]]:
        """Rows 2 onwards."""
        return self.rows[1:]


@dataclass(frozen=True, slots=True)
class Merged:
    """A merged range: only its top-left cell holds a value, the others read as blank."""

    ref: str  # "F2:G2"
    first_row: int
    first_column: int
    last_row: int
    last_column: int

    @classmethod
    def parse(cls, ref: str) -> Merged | None:
        """The range ``ref`` ("F2:G2"); None for one no spreadsheet would write ("A0:B1")."""
        try:
            c1, r1, c2, r2 = range_boundaries(ref)
        except (ValueError, TypeError):
            return None
        if not (c1 and r1 and c2 and r2):
            return None
        return cls(ref, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))


def read_grids(
    data: bytes, file: str, wanted: set[str]
) -> tuple[dict[str, Grid], list[str], dt.date, dict[str, str]]:
    """The ``wanted`` sheets present in the workbook, by the wanted name, the names of all its
    sheets, its day 0 (30/12/1899, or 01/01/1904 in a workbook of old Mac Excel's date system:
    what a date cell that lost its format counts from), and its custom document properties (as
    text, by name). A sheet is found by its name as :func:`~.archive.sheet_key` matches it (a name
    renamed with a trailing space or typed in decomposed Unicode is still found; its cells are
    named as the workbook names the sheet)."""
    sheets = check_archive(data, file, wanted)
    actual = [s.name for s in sheets]
    names: dict[str, str] = {}  # wanted name -> the workbook's
    for want in wanted:
        if want in actual:
            names[want] = want
        else:
            found = next((n for n in actual if sheet_key(n) == sheet_key(want)), None)
            if found is not None:
                names[want] = found
    with warnings.catch_warnings():  # the library's English remarks are not for our users
        warnings.simplefilter("ignore")
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # a damaged part openpyxl cannot parse: a user's file, not a bug
            raise _damaged(file, "không phải biểu mẫu parscore hoặc tệp bị hỏng") from None
        try:
            merged = {
                s.name: tuple(m for ref in s.merged if (m := Merged.parse(ref)) is not None)
                for s in sheets
            }
            grids = {
                want: _read_sheet(book, name, merged.get(name, ()))
                for want, name in names.items()
                if name in book.sheetnames
            }
            epoch = book.epoch.date() if isinstance(book.epoch, dt.datetime) else book.epoch
            properties = {
                str(p.name): str(p.value) for p in book.custom_doc_props if p.name is not None
            }
            return grids, [s.name for s in sheets], epoch or EXCEL_EPOCH, properties
        finally:
            book.close()


def _read_sheet(book: Any, name: str, merged: tuple[Merged, ...]) -> Grid:
    raws: list[tuple[Any, ...] | None] = []  # None: a row with no value
    number = 0
    try:
        sheet = book[name]
        for raw in sheet.iter_rows(min_row=1, max_row=MAX_ROWS, max_col=MAX_COLUMNS):
            number += 1
            filled = any(not is_blank(getattr(c, "value", None)) for c in raw)
            raws.append(tuple(raw) if filled else None)
        while raws and raws[-1] is None:
            raws.pop()
        return Grid(name, [_row(name, n, raw) for n, raw in enumerate(raws, 1)], merged)
    except Exception:  # malformed sheet XML, or cells the library cannot convert
        raise _damaged(
            f"{name}!A{number + 1}",  # the row where reading stopped
            f"trang '{name}' bị hỏng từ dòng {number + 1}, không đọc được",
        ) from None


def _row(sheet: str, number: int, raw: tuple[Any, ...] | None) -> list[Cell]:
    if raw is None:
        return [Cell(sheet, number, column) for column in range(1, MAX_COLUMNS + 1)]
    return [_cell(sheet, number, column, c) for column, c in enumerate(raw, 1)]


def _cell(sheet: str, row: int, column: int, source: Any) -> Cell:
    value = getattr(source, "value", None)
    try:
        number_format = str(source.number_format) if value is not None else "General"
    except Exception:  # no style table, or a style index it does not hold
        number_format = "General"
    return Cell(sheet, row, column, value, number_format)


def _damaged(where: str, message: str) -> EvidenceError:
    return EvidenceError(
        [
            Issue(
                "PS801",
                message,
                file=where,
                hint="mở bằng Excel rồi lưu lại dạng .xlsx (Excel Workbook), hoặc tạo lại biểu mẫu",
            )
        ]
    )
