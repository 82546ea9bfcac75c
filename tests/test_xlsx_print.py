"""Print layout of generated workbooks (parscore.xlsx_print): A4, readable, titles repeated."""

from __future__ import annotations

import io
import math
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from parscore.cli.main import main
from parscore.forms.archive import sheet_parts
from parscore.forms.layout import INPUTS, LEAVES
from parscore.row_heights import LINE_HEIGHT, row_height, wrapped_lines
from parscore.xlsx_print import MIN_SCALE, PrintPlan, plan_print

from .conftest import ROOT
from .report_helpers import CASES, SAMPLE_PACK
from .xlsx_pages import assert_readable, printed

PACK_2025 = ROOT / "rules" / "2025.yaml"


def _check(sheet: openpyxl.worksheet.worksheet.Worksheet, titles: bool = True) -> None:
    assert_readable(sheet)
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


# -- readable print: fitted to the width, or two pages wide with the title columns repeated ---


def _batch_summary(pack_file: Path, count: int, folder: Path) -> Any:
    from parscore.batch import CommuneScore, summarise
    from parscore.batch_run import score_files
    from parscore.evidence_yaml import dump_evidence
    from parscore.loader import load_pack
    from parscore.synthetic import synthetic_communes

    pack = load_pack(pack_file)
    for name, evidence in synthetic_communes(pack, count, 5):
        (folder / name).write_text(dump_evidence(evidence), encoding="utf-8")
    outcomes = score_files(sorted(str(p) for p in folder.iterdir()), pack, str(pack_file))
    return summarise([o for o in outcomes if isinstance(o, CommuneScore)], [])


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """One of every kind of workbook the project writes."""
    from parscore.forms.workbook import build_form
    from parscore.loader import load_evidence, load_pack
    from parscore.rankings import field_rankings
    from parscore.report.batch_xlsx import batch_xlsx
    from parscore.report.ranking_tables import ranking_tables_xlsx
    from parscore.report.table_export import table_xlsx

    staged = load_pack(ROOT / "tests/data/staged/pack.yaml")
    pack = load_pack(PACK_2025)
    summary = _batch_summary(
        PACK_2025, 6, tmp_path_factory.mktemp("batch")
    )  # eight fields: a ranking wider than a page
    headers = ["Xã", "Mã tiêu chí", "Tiêu chí", "Tối đa", "Tự chấm", "Tính từ số liệu",
               "Vòng 1", "Vòng 2", "Vượt so với số liệu", "Vượt so với thẩm định"]  # fmt: skip
    row = ["Xã tổng hợp 0001", "3.1.2", "Công khai TTHC " * 8, 1, 1, 1, 1, 1, 0, 0]
    return {
        "appraisal form": build_form(staged, load_evidence(CASES["staged"], staged)[0]),
        "form": build_form(pack, load_evidence(ROOT / "evidence/dan-tien-2025.yaml", pack)[0]),
        "batch": batch_xlsx(summary),
        "field ranking": ranking_tables_xlsx(field_rankings(summary), "field", True, 2, "half_up"),
        "table": table_xlsx("Đối soát điểm", headers, [row], 2),
    }


def test_every_sheet_of_every_workbook_prints_at_a_readable_scale(
    workbooks: dict[str, bytes],
) -> None:
    """No sheet is shrunk below 70 % to fit the page width (13 columns of the appraisal form
    printed at 45 %): each is fitted to the width at 70 % or more, or runs wider than a page at
    70 % or more with its frozen columns repeated, every page within the paper."""
    for kind, data in workbooks.items():
        book = openpyxl.load_workbook(io.BytesIO(data))
        for sheet in book.worksheets:
            assert_readable(sheet)
            assert sheet.page_margins.left == 0.5, (kind, sheet.title)


def test_the_appraisal_criteria_sheet_prints_two_pages_wide_with_code_and_title(
    workbooks: dict[str, bytes],
) -> None:
    book = openpyxl.load_workbook(io.BytesIO(workbooks["appraisal form"]))
    sheet = book["Tiêu chí"]
    scale, pages = printed(sheet)
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage and scale >= 80
    assert len(pages) == 2 and all(page[:2] == [1, 2] for page in pages)
    assert sheet.print_title_cols.replace("$", "") == "A:B"
    assert sheet.print_title_rows.replace("$", "") == "1:1"
    assert [c for page in pages for c in page[2:]] == list(range(3, 14))  # each column once
    assert all(c.alignment.wrap_text for c in sheet[2])


def test_the_batch_ranking_wider_than_a_page_repeats_rank_and_commune(
    workbooks: dict[str, bytes],
) -> None:
    """The streamed workbook writes the same plan: a scale, column breaks, and rank and commune
    among the print titles with the header row."""
    sheet = openpyxl.load_workbook(io.BytesIO(workbooks["batch"]))["Xếp hạng"]
    scale, pages = printed(sheet)
    assert len(pages) == 2 and scale >= MIN_SCALE
    assert sheet.print_title_cols.replace("$", "") == "A:B"
    assert sheet.print_title_rows.replace("$", "") == "1:1"


def test_plan_print() -> None:
    assert plan_print([10, 40, 12]) == PrintPlan(fit_width=True)
    assert plan_print([]) == PrintPlan(fit_width=True)
    wide = plan_print([9, 60, 10, 36, 28, 14, 12, 12, 30, 30, 12, 30, 30], title_columns=2)
    assert not wide.fit_width and wide.scale >= MIN_SCALE and wide.title_columns == 2
    assert all(2 < b < 13 for b in wide.breaks)
    portrait = plan_print([34, 60, 14, 16], landscape=False)
    assert portrait.fit_width  # 76 %: a narrower page still fits these
    assert plan_print([300]) == PrintPlan(fit_width=True)  # one column wider than any page
