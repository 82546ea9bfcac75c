"""The plan document as a Word file, in the layout of Nghị định 30/2020/NĐ-CP.

A4 portrait, margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman 14 (the
national title 13, recipients 11–12); the appendix on landscape pages with its two header rows
repeated on every page and rows that never split. Byte-identical for the same inputs.
"""

from __future__ import annotations

from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .docx_cells import (
    header_row,
    keep_together,
    merge_across,
    ppr_successors,
    remember_style_ids,
    row_cells,
    set_text,
    set_widths,
)
from .docx_styles import FONT, set_font
from .docx_zip import docx_bytes, fixed_datetime
from .plan_document import AppendixRow, PlanDocument

__all__ = ["write_plan_document"]

TEXT_WIDTH = 165  # mm: 210 − 30 − 15
WIDE_WIDTH = 257  # mm: 297 − 25 − 15


def write_plan_document(pd: PlanDocument) -> bytes:
    doc = remember_style_ids(Document())
    _page(doc.sections[0], landscape=False)
    _styles(doc)
    props = doc.core_properties
    when = fixed_datetime(None).replace(tzinfo=None)
    props.title = f"{pd.kind.capitalize()} {pd.subject}"
    props.author = props.last_modified_by = "parscore"
    props.language = "vi-VN"
    props.revision = 1
    props.created = props.modified = props.last_printed = when
    w = _Writer(doc)
    w.header(pd)
    w.body(pd)
    w.footer(pd)
    _page_numbers(doc.sections[0])
    _page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    w.appendix(pd)
    return docx_bytes(doc, fixed_datetime(None))


def _page(section: Any, *, landscape: bool) -> None:
    short, long_ = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width = long_ if landscape else short
    section.page_height = short if landscape else long_
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    section.left_margin = Mm(25 if landscape else 30)
    section.right_margin = Mm(15)


def _page_numbers(section: Any) -> None:
    """The page number at the top centre from the second page on (Nghị định 30/2020)."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag is not None:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), tag)
        else:
            field = OxmlElement("w:instrText")
            field.set(qn("xml:space"), "preserve")
            field.text = text
        run._r.append(field)


def _styles(doc: Any) -> None:
    normal = doc.styles["Normal"]
    set_font(normal, 14)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().append(lang)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.1
    table = doc.styles["Table Grid"]
    table.font.size = Pt(12)
    table.font.name = FONT


class _Writer:
    def __init__(self, doc: Any) -> None:
        self.doc = doc

    def para(
        self,
        text: str = "",
        *,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        align: Any = None,
        indent: bool = False,
        keep: bool = False,
        container: Any = None,
        after: float | None = None,
    ) -> Any:
        target = container if container is not None else self.doc
        p = target.add_paragraph()
        if text:
            _run(p, text, bold=bold, italic=italic, size=size)
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Mm(10)
        if keep:
            p.paragraph_format.keep_with_next = True
        if after is not None:
            p.paragraph_format.space_after = Pt(after)
        return p

    def header(self, pd: PlanDocument) -> None:
        table = self.doc.add_table(rows=1, cols=2)
        table.autofit = False
        set_widths(table, [62, TEXT_WIDTH - 62])
        left, right = table.rows[0].cells
        first = left.paragraphs[0]
        for i, line in enumerate(pd.issuer):
            p = first if i == 0 else left.add_paragraph()
            _run(p, line, bold=True, size=13)  # the issuer's name, on two lines
            _center(p)
        _rule(left.add_paragraph(), 20)
        p = left.add_paragraph()
        _run(p, pd.number, size=13)
        _center(p)
        p = right.paragraphs[0]
        _run(p, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13)
        _center(p)
        p = right.add_paragraph()
        _run(p, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14)
        _center(p)
        _rule(right.add_paragraph(), 16)
        p = right.add_paragraph()
        _run(p, pd.place_date, italic=True, size=14)
        _center(p)
        for i, notice in enumerate(pd.notices):
            p = self.para(notice, italic=True, size=11, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=2)
            if i == 0:
                p.paragraph_format.space_before = Pt(12)
        self.para(
            pd.kind, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, keep=True, after=0
        ).paragraph_format.space_before = Pt(12)
        self.para(pd.subject, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, keep=True, after=0)
        _rule(self.para(keep=True), 60)

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
        table = self.doc.add_table(rows=1, cols=2)
        table.autofit = False
        set_widths(table, [80, TEXT_WIDTH - 80])
        keep_together(table.rows[0])  # the signature block never splits; the closing goes with it
        left, right = table.rows[0].cells
        _run(left.paragraphs[0], "Nơi nhận:", bold=True, italic=True, size=12)
        left.paragraphs[0].paragraph_format.space_after = Pt(0)
        for line in pd.recipients:
            p = left.add_paragraph()
            _run(p, line, size=11)
            p.paragraph_format.space_after = Pt(0)
        first = right.paragraphs[0]
        for i, line in enumerate(pd.signer_title):
            p = first if i == 0 else right.add_paragraph()
            _run(p, line, bold=True)
            _center(p)
            p.paragraph_format.space_after = Pt(0)
        p = right.add_paragraph()
        p.paragraph_format.space_before = Pt(72)
        _run(p, pd.signer, bold=True)
        _center(p)

    def appendix(self, pd: PlanDocument) -> None:
        center = WD_ALIGN_PARAGRAPH.CENTER
        for line in pd.appendix_title:
            self.para(line, bold=True, align=center, keep=True, after=0)
        self.para(pd.appendix_note, italic=True, align=center, keep=True)
        cols = 7 if pd.marks else 6
        widths = [15, 64, 62, 28, 36, 32, 20] if pd.marks else [15, 73, 73, 28, 36, 32]
        table = self.doc.add_table(rows=2 + len(pd.rows), cols=cols)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        set_widths(table, widths)
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
        for j in [0, 1, 2, 3] + ([6] if pd.marks else []):
            set_text(top.cells[j].merge(sub.cells[j]), labels[j], bold=True)
        set_text(top.cells[4].merge(top.cells[5]), "Phân công nhiệm vụ", bold=True)
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
        _run(p, text, bold=bold)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _run(
    p: Any, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None
) -> Any:
    run = p.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if size is not None:
        run.font.size = Pt(size)
    return run


def _center(p: Any) -> None:
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)


def _rule(p: Any, indent_mm: float) -> None:
    """A short horizontal line under a heading: an empty paragraph's bottom border, indented."""
    fmt = p.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm(indent_mm)
    fmt.space_before = Pt(2)
    fmt.space_after = Pt(4)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    run.font.size = Pt(2)
    p_pr = p._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    p_pr.insert_element_before(border, *ppr_successors("w:pBdr"))
    mark = OxmlElement("w:rPr")  # the paragraph mark: 2 pt, so the line sits close to the text
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    p_pr.insert_element_before(mark, "w:sectPr", "w:pPrChange")
