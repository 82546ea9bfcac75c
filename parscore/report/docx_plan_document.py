"""The plan document as a Word file, in the layout of Nghị định 30/2020/NĐ-CP.

A4 portrait, margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman 14 (the
national title 13, recipients 11–12); the appendix on landscape pages with its two header rows
repeated on every page and rows that never split. Byte-identical for the same inputs.
"""

from __future__ import annotations

from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from ..vi import SYNTHETIC_MARK
from .docx_cells import (
    DocBuilder,
    centered,
    header_row,
    keep_together,
    merge_across,
    merge_header,
    remember_style_ids,
    row_cells,
    set_text,
    styled_run,
)
from .docx_layout import (
    core_properties,
    national_title,
    page,
    page_numbers,
    restart_page_numbers,
    rule,
)
from .docx_styles import FONT, normal_style
from .docx_zip import docx_bytes, fixed_datetime
from .plan_document import AppendixRow, PlanDocument

__all__ = ["write_plan_document"]

TEXT_WIDTH = 165  # mm: 210 − 30 − 15
WIDE_WIDTH = 257  # mm: 297 − 25 − 15


def write_plan_document(pd: PlanDocument) -> bytes:
    doc = remember_style_ids(Document())
    page(doc.sections[0], landscape=False)
    _styles(doc)
    core_properties(doc, fixed_datetime(None), f"{pd.kind.capitalize()} {pd.subject}")
    w = _Writer(doc)
    w.header(pd)
    w.body(pd)
    w.footer(pd)
    page_numbers(doc.sections[0], SYNTHETIC_MARK if pd.synthetic else "")
    appendix = doc.add_section(WD_SECTION.NEW_PAGE)
    page(appendix, landscape=True)
    restart_page_numbers(appendix)
    w.appendix(pd)
    return docx_bytes(doc, fixed_datetime(None))


def _styles(doc: Any) -> None:
    normal = normal_style(doc, 14)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.1
    table = doc.styles["Table Grid"]
    table.font.size = Pt(12)
    table.font.name = FONT


class _Writer(DocBuilder):
    def header(self, pd: PlanDocument) -> None:
        table = self.new_table(1, 2, [62, TEXT_WIDTH - 62])
        left, right = table.rows[0].cells
        first = left.paragraphs[0]
        for i, line in enumerate(pd.issuer):
            p = first if i == 0 else left.add_paragraph()
            styled_run(centered(p), line, bold=True, size=13)  # the issuer's name, on two lines
        rule(left.add_paragraph(), 20)
        styled_run(centered(left.add_paragraph()), pd.number, size=13)
        national_title(right, size=13, motto_size=14)
        styled_run(centered(right.add_paragraph()), pd.place_date, italic=True, size=14)
        for i, notice in enumerate(pd.notices):
            p = self.para(notice, italic=True, size=11, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=2)
            if i == 0:
                p.paragraph_format.space_before = Pt(12)
        self.para(
            pd.kind, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, keep=True, after=0
        ).paragraph_format.space_before = Pt(12)
        self.para(pd.subject, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, keep=True, after=0)
        rule(self.para(keep=True), 60)

    def body(self, pd: PlanDocument) -> None:
        justify = WD_ALIGN_PARAGRAPH.JUSTIFY
        self.para(pd.intro, align=justify, indent=True)
        for section in pd.sections:
            self.para(f"{section.number}. {section.title}", bold=True, keep=True)
            for heading, paragraphs in section.parts:
                if heading:
                    self.para(heading, bold=True, indent=True, keep=True)
                for text in paragraphs:
                    self.para(text, align=justify, indent=True)
        self.para(pd.closing, align=justify, indent=True, keep=True)

    def footer(self, pd: PlanDocument) -> None:
        table = self.new_table(1, 2, [80, TEXT_WIDTH - 80])
        keep_together(table.rows[0])  # the signature block never splits; the closing goes with it
        left, right = table.rows[0].cells
        styled_run(left.paragraphs[0], "Nơi nhận:", bold=True, italic=True, size=12)
        left.paragraphs[0].paragraph_format.space_after = Pt(0)
        for line in pd.recipients:
            p = left.add_paragraph()
            styled_run(p, line, size=11)
            p.paragraph_format.space_after = Pt(0)
        first = right.paragraphs[0]
        for i, line in enumerate(pd.signer_title):
            p = first if i == 0 else right.add_paragraph()
            styled_run(centered(p), line, bold=True)
        p = right.add_paragraph()
        p.paragraph_format.space_before = Pt(72)
        styled_run(centered(p), pd.signer, bold=True)

    def appendix(self, pd: PlanDocument) -> None:
        center = WD_ALIGN_PARAGRAPH.CENTER
        for line in pd.appendix_title:
            self.para(line, bold=True, align=center, keep=True, after=0)
        self.para(pd.appendix_note, italic=True, align=center, keep=True)
        cols = 7 if pd.marks else 6
        widths = [15, 64, 62, 28, 36, 32, 20] if pd.marks else [15, 73, 73, 28, 36, 32]
        table = self.new_table(2 + len(pd.rows), cols, widths, grid=True)
        top, sub = table.rows[0], table.rows[1]
        labels = [
            "STT",
            "Lĩnh vực, tiêu chí",
            f"Yêu cầu năm {pd.year}",
            "Thời gian chậm nhất phải hoàn thành",
            "Phân công nhiệm vụ",
            "",
        ] + (["Trọng tâm"] if pd.marks else [])
        header_row(top, labels)
        header_row(
            sub,
            ["", "", "", "", "Cơ quan chủ trì thực hiện", "Cơ quan phối hợp"] + [""] * (cols - 6),
        )
        merge_header(top, sub, labels, 4)
        top.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        top.height = Mm(12)  # the merged headers need four lines, also where the rows repeat
        for row in (top, sub):
            keep_together(row)
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.alignment = center
        for tr, item in zip(table.rows[2:], pd.rows, strict=True):
            keep_together(tr)
            _appendix_row(row_cells(tr), item, pd.marks)
        if pd.marks:
            self.para(
                "(Dòng in đậm, đánh dấu x ở cột Trọng tâm: tiêu chí bị mất điểm hoặc có nguy cơ bị"
                " trừ điểm, cần tập trung thực hiện trong năm.)",
                italic=True,
                size=12,
            )


def _appendix_row(cells: Any, item: AppendixRow, marks: bool) -> None:
    last = len(cells) - 1
    if item.kind != "leaf":
        _cell(cells[0], item.stt, bold=True)
        merged = merge_across(cells[1], cells[last])
        set_text(merged, item.title, bold=True, italic=item.kind == "group")
        for cell in (cells[0], merged):  # a heading row stays with its first criterion
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True
        return
    values = [item.stt, item.title, item.target, item.deadline, item.owner, item.partners]
    for j, value in enumerate(values):
        _cell(cells[j], value, bold=item.at_stake and j < 2)
    if marks:
        _cell(cells[6], "x" if item.at_stake else "", bold=True, center=True)


def _cell(cell: Any, text: str, *, bold: bool = False, center: bool = False) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    if text:
        styled_run(p, text, bold=bold)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
