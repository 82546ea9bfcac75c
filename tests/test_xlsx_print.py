"""Print layout of generated workbooks (parscore.xlsx_print): A4, fitted to width, titles repeated."""

from __future__ import annotations

import io
import math
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from parscore.cli.main import main
from parscore.forms.archive import sheet_parts
from parscore.forms.layout import INPUTS, LEAVES
from parscore.row_heights import LINE_HEIGHT, row_height, wrapped_lines

from .conftest import ROOT
from .report_helpers import CASES, SAMPLE_PACK

PACK_2025 = ROOT / "rules" / "2025.yaml"


def _check(sheet: openpyxl.worksheet.worksheet.Worksheet, titles: bool = True) -> None:
    setup = sheet.page_setup
    assert str(setup.paperSize) == str(sheet.PAPERSIZE_A4)
    assert setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    if titles:
        assert sheet.print_title_rows.replace("$", "") == "1:1" and sheet.freeze_panes is not None


def test_form_and_batch_workbooks_print_on_a4(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form = tmp_path / "bieu-mau.xlsx"
    assert main(["template", "--pack", str(SAMPLE_PACK), "-o", str(form)]) == 0
    book = openpyxl.load_workbook(io.BytesIO(form.read_bytes()))
    for name in ("Tiêu chí", "Số liệu", "Tài liệu"):
        _check(book[name])
    assert book["Số liệu"].column_dimensions["A"].hidden  # the key column is not for people
    ranking = tmp_path / "xep-hang.xlsx"
    files = [str(CASES["full"]), str(CASES["minimal"])]
    assert main(["batch", *files, "--pack", str(SAMPLE_PACK), "-o", str(ranking)]) in (0, 1)
    book = openpyxl.load_workbook(io.BytesIO(ranking.read_bytes()))
    _check(book["Xếp hạng"])
    _check(book["Tổng hợp"], titles=False)


# -- row heights ------------------------------------------------------------------------------

MOST_CHARS_PER_WIDTH = 1.3  # more characters per unit of column width than any font fits


def _rows_xml(book: bytes, sheet: str) -> dict[int, str]:
    """Each row's ``<row …>`` start tag in ``sheet``, by number."""
    archive = zipfile.ZipFile(io.BytesIO(book))
    path = next(s.path for s in sheet_parts(archive) if s.name == sheet)
    xml = archive.read(path).decode()
    return {int(m.group(1)): m.group(0) for m in re.finditer(r'<row r="(\d+)"[^>]*>', xml)}


def _height(tag: str) -> float:
    found = re.search(r'\bht="([\d.]+)"', tag)
    return float(found.group(1)) if found else LINE_HEIGHT


def test_wrapped_lines_follow_the_words() -> None:
    assert wrapped_lines("", 10) == 1 and wrapped_lines("ngắn", 10) == 1
    assert wrapped_lines("Điểm tối đa", 10, bold=True) == 2  # 9 characters a line
    assert wrapped_lines("một hai ba bốn", 5) == 4  # capacity 5: each word on its own line
    assert wrapped_lines("x" * 23, 10) == 3  # a long word is broken: 11 + 11 + 1
    assert wrapped_lines("dòng 1\ndòng 2", 40) == 2
    assert row_height([("ngắn", 40, False), (12.5, 5, False)]) is None
    assert row_height([("a " * 30, 10, False), ("b", 10, True)]) == 5 * LINE_HEIGHT  # 6 a line


def test_rows_of_wrapped_text_are_tall_enough_to_print(tmp_path: Path) -> None:
    """LibreOffice keeps a row without a height one line high and prints its text over the next
    rows: every row whose wrapped text needs more lines carries a height that holds them, as
    fitted (no customHeight, so Excel refits it when the text changes)."""
    form = tmp_path / "bieu-mau.xlsx"
    assert main(["template", "--pack", str(PACK_2025), "-o", str(form)]) == 0
    data = form.read_bytes()
    book = openpyxl.load_workbook(io.BytesIO(data))
    for name, layout in (("Tiêu chí", LEAVES), ("Số liệu", INPUTS)):
        rows = _rows_xml(data, name)
        tall = 0
        for row in book[name].iter_rows(max_col=len(layout.columns)):
            needed = 1
            for cell, column in zip(row, layout.columns, strict=True):
                if isinstance(cell.value, str) and not column.hidden:
                    per_line = column.width * MOST_CHARS_PER_WIDTH
                    needed = max(needed, math.ceil(len(cell.value) / per_line))
            tag = rows[row[0].row]
            assert _height(tag) >= needed * LINE_HEIGHT, (name, tag, row[1].value)
            assert "customHeight" not in tag
            tall += needed > 1
        assert tall >= 10, name  # the check did meet long texts
    ranking = tmp_path / "xep-hang.xlsx"
    files = [str(CASES["full"]), str(CASES["minimal"])]
    assert main(["batch", *files, "--pack", str(SAMPLE_PACK), "-o", str(ranking)]) in (0, 1)
    header = _rows_xml(ranking.read_bytes(), "Xếp hạng")[1]
    assert _height(header) >= 2 * LINE_HEIGHT and "customHeight" not in header


def test_the_guide_and_the_information_print_whole(tmp_path: Path) -> None:
    """Text longer than its column is wrapped (a cell's overflow is cut off on paper), and the
    guide prints on A4 fitted to the width like the other sheets."""
    form = tmp_path / "bieu-mau.xlsx"
    evidence = ROOT / "evidence" / "dan-tien-2025.yaml"
    assert main(["template", "--evidence", str(evidence), "-o", str(form)]) == 0
    data = form.read_bytes()
    book = openpyxl.load_workbook(io.BytesIO(data))
    guide = book["Hướng dẫn"]
    _check(guide, titles=False)
    width = guide.column_dimensions["A"].width
    rows = _rows_xml(data, "Hướng dẫn")
    long_lines = [c for c in guide["A"] if isinstance(c.value, str) and len(c.value) > width]
    assert long_lines
    for cell in long_lines:
        assert cell.alignment.wrap_text, cell.value
        assert _height(rows[cell.row]) >= 2 * LINE_HEIGHT, cell.value
    info = book["Thông tin"]
    width = info.column_dimensions["B"].width
    long_values = [c for c in info["B"] if isinstance(c.value, str) and len(c.value) > width]
    assert long_values  # the sample commune's note
    for cell in long_values:
        assert cell.alignment.wrap_text, cell.value
