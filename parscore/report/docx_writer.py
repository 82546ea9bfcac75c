"""The report as a Word file (python-docx), built from the same context as the templates.

A4 pages, Times New Roman, Vietnamese headings, real tables whose header rows repeat on every page.
The gap table and the appendices use landscape pages so the improvement plan can be pasted into a commune's own plan
(the seed plans' "Phụ lục phân công" layout). Output is byte-identical for the same inputs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .context import ReportContext
from .docx_appendix import AppendixWriter
from .docx_body import BodyWriter
from .docx_cells import DocBuilder, remember_style_ids
from .docx_zip import docx_bytes, fixed_datetime
from .filters import Formatter

__all__ = ["write_docx"]

FONT = "Times New Roman"


PlanWriter = Callable[[DocBuilder, ReportContext], None]


def write_docx(ctx: ReportContext, plan_writer: PlanWriter | None = None) -> bytes:
    """The ``.docx`` bytes of the report.

    ``plan_writer`` writes the optional fix-plan section (``ctx.plan``) after the gap table; it is
    required when ``ctx.plan`` is set, so a plan is never silently left out of the Word file.
    """
    doc = remember_style_ids(Document())
    _page(doc.sections[0], landscape=False)
    _styles(doc)
    _properties(doc, ctx)
    body = BodyWriter(doc, Formatter(ctx.places, ctx.mode))
    body.summary(ctx)
    body.fields(ctx)
    _page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)  # wide tables from here on
    body.gaps(ctx)
    if ctx.plan is not None:
        if plan_writer is None:
            raise ValueError("ctx.plan is set but no plan_writer was given for the Word report")
        plan_writer(body, ctx)
    if ctx.projection is not None:
        from .docx_projection import write_projection

        write_projection(body, ctx)
    doc.add_page_break()
    appendix = AppendixWriter(doc, body.f)
    appendix.plan_appendix(ctx)
    doc.add_page_break()
    appendix.trace(ctx)
    appendix.claims(ctx)
    return docx_bytes(doc, fixed_datetime(ctx.report_date))


def _page(section: Any, *, landscape: bool) -> None:
    short, long_ = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width = long_ if landscape else short
    section.page_height = short if landscape else long_
    section.top_margin = section.bottom_margin = Mm(15)
    section.left_margin = Mm(15 if landscape else 25)
    section.right_margin = Mm(15)


def _styles(doc: Any) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    _font(normal, 12)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().append(lang)
    normal.paragraph_format.space_after = Pt(3)
    for level, size in ((1, 14), (2, 13), (3, 12)):
        _font(styles[f"Heading {level}"], size, bold=True)
    title = styles["Title"]
    _font(title, 16, bold=True)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    border = title.element.pPr.find(qn("w:pBdr")) if title.element.pPr is not None else None
    if border is not None:  # the default template underlines titles
        border.getparent().remove(border)
    styles["Table Grid"].font.size = Pt(10)


def _font(style: Any, size: float, *, bold: bool = False) -> None:
    """Times New Roman for every script, black, no theme fonts (they would override the name)."""
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold or None
    style.font.italic = None
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT)


def _properties(doc: Any, ctx: ReportContext) -> None:
    props = doc.core_properties
    when = fixed_datetime(ctx.report_date).replace(tzinfo=None)
    props.title = f"{ctx.title} – {ctx.commune}"
    props.subject = f"{ctx.index_name} {ctx.place}" + (f" năm {ctx.year}" if ctx.year else "")
    props.author = "parscore"
    props.last_modified_by = "parscore"
    props.keywords = f"{ctx.pack.id}; lần sửa {ctx.pack.revision}"
    props.comments = ""
    props.category = ""
    props.language = "vi-VN"
    props.revision = 1
    props.created = when
    props.modified = when
    props.last_printed = when
