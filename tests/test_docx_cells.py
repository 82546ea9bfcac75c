"""The building blocks of the Word files made with python-docx (minutes, plan document) write
exactly what python-docx's own calls write."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docx.table import _Cell
from lxml import etree

from parscore.report.docx_cells import (
    DocBuilder,
    add_run,
    align_right,
    centered,
    fill_cell,
    merge_across,
    remember_style_ids,
    row_cells,
    set_text,
    set_widths,
    styled_run,
)
from parscore.report.docx_zip import docx_bytes, normalize_zip

TEXTS = ["Điểm", " lề trái", "lề phải ", "a\tb", "dòng 1\ndòng 2", "x\r\ny", "", "  "]


@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize("text", TEXTS)
def test_add_run_writes_what_python_docx_writes(text: str, bold: bool) -> None:
    ours, theirs = Document().add_paragraph(), Document().add_paragraph()
    add_run(ours, text, bold=bold)
    run = theirs.add_run(text)
    if bold:
        run.bold = True
    assert etree.tostring(ours._p) == etree.tostring(theirs._p)


def test_set_widths_writes_what_the_column_walk_writes() -> None:
    widths = [20.0, 35.5, 12.0]
    ours, theirs = Document().add_table(rows=4, cols=3), Document().add_table(rows=4, cols=3)
    for table in (ours, theirs):
        table.cell(1, 0).merge(table.cell(1, 1))  # a horizontal span
        table.cell(2, 2).merge(table.cell(3, 2))  # a vertical one
    set_widths(ours, widths)
    for j, width in enumerate(widths):
        theirs.columns[j].width = Mm(width)
        for cell in theirs.columns[j].cells:
            cell.width = Mm(width)
    assert etree.tostring(ours._tbl) == etree.tostring(theirs._tbl)


@pytest.mark.parametrize(
    "style",
    [
        {},
        {"bold": True},
        {"italic": True, "size": 11},
        {"bold": True, "italic": True, "size": 13.5},
        {"align": WD_ALIGN_PARAGRAPH.JUSTIFY, "indent": True},
        {"bold": True, "keep": True, "after": 0},
        {"size": 12, "align": WD_ALIGN_PARAGRAPH.CENTER, "keep": True, "after": 6},
    ],
)
@pytest.mark.parametrize("text", ["Điểm", "", " lề"])
def test_a_paragraph_is_what_python_docx_calls_write(text: str, style: dict[str, Any]) -> None:
    ours, theirs = DocBuilder(Document()), Document()
    ours.para(text, **style)
    p = theirs.add_paragraph()
    if text:
        run = p.add_run(text)
        run.bold = True if style.get("bold") else None
        run.italic = True if style.get("italic") else None
        if "size" in style:
            run.font.size = Pt(style["size"])
    if "align" in style:
        p.alignment = style["align"]
    if style.get("indent"):
        p.paragraph_format.first_line_indent = Mm(10)
    if style.get("keep"):
        p.paragraph_format.keep_with_next = True
    if "after" in style:
        p.paragraph_format.space_after = Pt(style["after"])
    assert etree.tostring(ours.doc.element.body) == etree.tostring(theirs.element.body)


@pytest.mark.parametrize("grid", [False, True])
def test_a_new_table_is_what_python_docx_calls_write(grid: bool) -> None:
    ours, theirs = DocBuilder(Document()), Document()
    ours.new_table(2, 3, [20.0, 35.5, 12.0], grid=grid)
    table = theirs.add_table(rows=2, cols=3)
    if grid:
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for j, width in enumerate([20.0, 35.5, 12.0]):
        table.columns[j].width = Mm(width)
        for cell in table.columns[j].cells:
            cell.width = Mm(width)
    assert etree.tostring(ours.doc.element.body) == etree.tostring(theirs.element.body)


def test_centered_lines_are_what_python_docx_calls_write() -> None:
    ours, theirs = Document().add_paragraph(), Document().add_paragraph()
    styled_run(centered(ours), "CỘNG HÒA", bold=True, size=13)
    run = theirs.add_run("CỘNG HÒA")
    run.bold, run.italic, run.font.size = True, None, Pt(13)
    theirs.alignment = WD_ALIGN_PARAGRAPH.CENTER
    theirs.paragraph_format.space_after = Pt(0)
    assert etree.tostring(ours._p) == etree.tostring(theirs._p)


@pytest.mark.parametrize("span", [(1, 4), (0, 1), (2, 4)])
def test_merge_across_writes_what_python_docx_merge_writes(span: tuple[int, int]) -> None:
    first, last = span
    widths = [14.0, 66.0, 62.0, 32.5, 16.0]
    tables = []
    for ours in (True, False):
        table = Document().add_table(rows=3, cols=5)
        set_widths(table, widths)
        cells = table.rows[1].cells
        fill_cell(cells[first], "có sẵn", bold=True)  # the first cell's content stays
        fill_cell(cells[0 if first else 4], "x")
        merged = (merge_across if ours else _Cell.merge)(cells[first], cells[last])
        set_text(merged, "gộp", bold=True)
        tables.append(etree.tostring(table._tbl))
    assert tables[0] == tables[1]


def test_merge_across_hands_other_cells_to_python_docx() -> None:
    table = Document().add_table(rows=2, cols=3)
    set_widths(table, [20.0, 20.0, 20.0])
    cells = table.rows[0].cells
    fill_cell(cells[2], "không trống")  # a cell with content inside the span
    merged = merge_across(cells[0], cells[2])
    assert merged.grid_span == 3
    assert merged.text == "không trống"
    other = Document().add_table(rows=2, cols=2)
    down = merge_across(other.cell(0, 0), other.cell(1, 0))  # two rows: python-docx's merge
    assert down._tc.vMerge == "restart"


def test_remembered_style_ids_are_python_docx_ones() -> None:
    ours, theirs = remember_style_ids(Document()), Document()
    for doc in (ours, theirs):
        for _ in range(2):
            doc.add_table(rows=1, cols=1).style = "Table Grid"
            doc.add_paragraph("x", style="List Bullet")
            doc.add_heading("Mục", level=2)
            doc.add_paragraph("y", style="Normal")  # the default style: no w:pStyle
    assert etree.tostring(ours.element.body) == etree.tostring(theirs.element.body)
    with pytest.raises(KeyError):
        ours.add_paragraph("z", style="Không có kiểu này")


def test_docx_bytes_are_the_normalized_saved_file() -> None:
    doc = remember_style_ids(Document())
    doc.add_heading("Báo cáo", level=1)
    doc.add_table(rows=2, cols=2).style = "Table Grid"
    when = dt.datetime(2025, 10, 31, tzinfo=dt.UTC)
    buffer = io.BytesIO()
    doc.save(buffer)
    assert docx_bytes(doc, when) == normalize_zip(buffer.getvalue(), when)


@pytest.mark.filterwarnings("ignore:style lookup by style_id is deprecated")
def test_remembered_style_ids_are_python_docx_answers() -> None:
    """Every style name of the default template (and names it lacks, and style ids) against
    every style type: the same id, None for a type's default, or the same error."""
    plain = Document()
    fast = remember_style_ids(Document())
    names = [s.name for s in plain.styles] + ["Không có", "Heading1", "TableGrid"]
    checked = 0
    for name in names:
        for kind in WD_STYLE_TYPE:
            try:
                want: object = plain.part.get_style_id(name, kind)
            except (KeyError, ValueError) as exc:
                want = (type(exc), str(exc))
            try:
                got: object = fast.part.get_style_id(name, kind)
            except (KeyError, ValueError) as exc:
                got = (type(exc), str(exc))
            assert got == want, (name, kind)
            checked += want is None
    assert checked >= 3  # defaults of several types were among them


def test_row_cells_are_python_docx_cells() -> None:
    """Plain rows, rows after a horizontal merge and rows of a vertical merge: the same cells
    (the same ``w:tc`` in the same places, the table as parent)."""
    doc = Document()
    table = doc.add_table(rows=4, cols=4)
    table.rows[0].cells[0].merge(table.rows[1].cells[0])  # vertical
    table.rows[2].cells[1].merge(table.rows[2].cells[3])  # horizontal
    for row in table.rows:
        want = row.cells
        got = row_cells(row)
        assert [c._tc for c in got] == [c._tc for c in want]
        assert all(c._parent is table for c in got)
    assert len({id(c._tc) for c in row_cells(table.rows[3])}) == 4


def test_align_right_writes_what_python_docx_writes() -> None:
    doc = Document()
    for text, styled in (("12,5", False), ("", False), ("7", True)):
        plain, fast = doc.add_paragraph(), doc.add_paragraph()
        for p in (plain, fast):
            if styled:
                p.style = "List Bullet"  # a paragraph with properties already: python-docx's way
            add_run(p, text)
        plain.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        align_right(fast)
        assert etree.tostring(fast._p) == etree.tostring(plain._p)
