"""The batch workbook (parscore.report.batch_xlsx, written by report.xlsx_stream), read back with
openpyxl: every value of the table, and the formatting people see and print."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from parscore.batch import CommuneScore, FileError, summarise
from parscore.batch_run import score_files
from parscore.evidence_yaml import dump_evidence
from parscore.loader import load_pack
from parscore.report.batch_table import batch_rows, table_headers
from parscore.report.batch_xlsx import batch_xlsx
from parscore.report.xlsx_stream import MAX_TEXT, CellStyle, Workbook, column_letter
from parscore.synthetic import synthetic_communes

from .conftest import SAMPLE_PACK
from .xlsx_pages import assert_readable


def _same(cell_value: Any, value: Any) -> bool:
    if isinstance(value, Decimal):
        return isinstance(cell_value, int | float) and cell_value == float(value)
    return cell_value == value


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    folder = tmp_path_factory.mktemp("now")
    pack = load_pack(SAMPLE_PACK)
    for name, evidence in synthetic_communes(pack, 12, 3):
        (folder / name).write_text(dump_evidence(evidence), encoding="utf-8")
    (folder / "=xa-loi.yaml").write_text("commune: [\n", encoding="utf-8")
    outcomes = score_files(sorted(str(p) for p in folder.iterdir()), pack, str(SAMPLE_PACK))
    summary = summarise(
        [o for o in outcomes if isinstance(o, CommuneScore)],
        [o for o in outcomes if isinstance(o, FileError)],
    )
    return summary, openpyxl.load_workbook(io.BytesIO(batch_xlsx(summary)))


def test_the_ranking_sheet_holds_every_value(workbook: tuple[Any, Any]) -> None:
    summary, book = workbook
    assert book.sheetnames == ["Xếp hạng", "Tổng hợp", "Lỗi"]
    sheet = book["Xếp hạng"]
    rows = [table_headers(summary), *batch_rows(summary)]
    assert sheet.max_row == len(rows) == 13 and sheet.max_column == len(rows[0])
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            assert _same(sheet.cell(r, c).value, value), (r, c, value)


def test_the_ranking_sheet_is_formatted_and_prints_on_a4(workbook: tuple[Any, Any]) -> None:
    summary, book = workbook
    sheet = book["Xếp hạng"]
    headers = table_headers(summary)
    for c in range(1, len(headers) + 1):
        cell = sheet.cell(1, c)
        assert cell.font.b and cell.fill.fill_type == "solid"
        assert cell.fill.fgColor.rgb.endswith("DDDDDD")
        assert cell.alignment.wrap_text and cell.alignment.vertical == "center"
    score_col = headers.index("Điểm") + 1
    assert sheet.cell(2, score_col).number_format == "0.00"  # the pack's two places
    assert sheet.cell(2, 2).number_format == "General" and not sheet.cell(2, 2).font.b
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == f"A1:{column_letter(len(headers))}13"
    assert sheet.column_dimensions["B"].width == 40 and sheet.column_dimensions["A"].width == 12
    assert sheet.print_title_rows.replace("$", "") == "1:1"
    assert sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == "9"
    assert sheet.print_options.horizontalCentered
    assert_readable(sheet)


def test_summary_and_error_sheets(workbook: tuple[Any, Any]) -> None:
    summary, book = workbook
    info = book["Tổng hợp"]
    values = {row[0]: row[1] for row in info.iter_rows(values_only=True) if row[0]}
    assert values["Gói quy tắc"] == summary.pack.id
    assert values["Số xã được chấm"] == 12 and values["Số tệp lỗi"] == 1
    assert _same(values["Điểm trung bình"], summary.rounded(summary.average_score))
    assert info.page_setup.orientation == "portrait"
    bold = [c.value for row in info.iter_rows() for c in row if c.font.b]
    assert "Xếp loại" in bold and "Lĩnh vực" in bold
    errors = book["Lỗi"]
    assert [c.value for c in errors[1]] == ["Tệp", "Lỗi"] and errors["A1"].font.b
    file_cell, message = errors["A2"], errors["B2"]
    assert file_cell.value.endswith("=xa-loi.yaml") and "PS102" in message.value
    assert message.alignment.wrap_text and message.alignment.vertical == "top"
    assert file_cell.alignment.vertical == "top"  # beside its message, in a row fitted to it
    assert errors.freeze_panes == "A2"


@pytest.mark.parametrize(("places", "code"), [(0, "0"), (1, "0.0"), (3, "0.000")])
def test_number_formats_any_places(places: int, code: str) -> None:
    book = Workbook()
    sheet = book.sheet("Bảng 'a'", widths={1: 10}, title_rows=1, autofilter=True)
    style = CellStyle(number_format=code)
    sheet.append(["Điểm", "Ghi chú"], [CellStyle(bold=True)] * 2)
    sheet.append([Decimal("12.345"), "=1+1 "], [style])
    sheet.append([None, "x" * (MAX_TEXT + 10)], [style])
    sheet.append([True, -7])
    read = openpyxl.load_workbook(io.BytesIO(book.to_bytes()))["Bảng 'a'"]
    assert read["A2"].value == 12.345 and read["A2"].number_format == code
    assert read["B2"].value == "=1+1 " and read["B2"].quotePrefix and read["B2"].data_type == "s"
    assert read["A3"].value is None and read["A3"].number_format == code
    assert len(read["B3"].value) == MAX_TEXT and read["B3"].value.endswith("…")
    assert read["A4"].value is True and read["B4"].value == -7
    assert read.print_title_rows.replace("$", "") == "1:1" and read.auto_filter.ref == "A1:B4"


def test_column_letters() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 702, 703)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "ZZ",
        "AAA",
    ]


def test_text_is_escaped_and_kept(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.sheet("S")
    text = 'a < b & c > "d"\r\nđ'
    sheet.append([text, "\x07chuông"])
    read = openpyxl.load_workbook(io.BytesIO(book.to_bytes()))["S"]
    assert read["A1"].value == text and read["B1"].value == "chuông"


def test_every_printed_page_names_the_ranking_marks_invented_data_and_is_numbered(
    workbook: tuple[Any, Any],
) -> None:
    summary, book = workbook
    assert summary.pack is not None and all(c.score.totals.synthetic for c in summary.communes)
    for sheet in book.worksheets:
        assert sheet.oddHeader.center.text == f"Xếp hạng Chỉ số CCHC các xã – {summary.pack.title}"
        assert "giả lập" in (sheet.oddFooter.left.text or ""), sheet.title
        assert sheet.oddFooter.right.text == "Trang &P/&N", sheet.title


def test_a_long_page_header_is_cut_to_what_excel_accepts() -> None:
    from parscore.report.xlsx_stream import MAX_PAGE_TEXT, page_text

    text = page_text(left="Dữ liệu mẫu", centre="Xã A & B " * 60, numbered=True)
    assert len(text) <= MAX_PAGE_TEXT and "…" in text
    assert text.startswith("&CXã A && B") and text.endswith("&LDữ liệu mẫu&RTrang &P/&N")
    # cut after an odd number of written "&": never half of a "&&"
    assert page_text(centre="x" + "&" * 300) == "&Cx" + "&" * 250 + "…"
