"""The Word report's building blocks write exactly what python-docx's own calls write."""

from __future__ import annotations

import pytest
from docx import Document
from docx.shared import Mm
from lxml import etree

from parscore.report.docx_cells import add_run, set_widths

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
