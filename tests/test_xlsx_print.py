"""Print layout of generated workbooks (parscore.xlsx_print): A4, fitted to width, titles repeated."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from parscore.cli.main import main

from .report_helpers import CASES, SAMPLE_PACK


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
