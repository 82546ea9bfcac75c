"""Pages and document properties of the Word files built with python-docx (appraisal minutes,
plan document), laid out as Nghị định 30/2020/NĐ-CP asks: A4 pages, the page number at the top
from the second page on, a short rule under the issuer and the national motto."""

from __future__ import annotations

import datetime as dt
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .docx_cells import centered, ppr_successors, styled_run

__all__ = [
    "core_properties",
    "national_title",
    "page",
    "page_numbers",
    "restart_page_numbers",
    "rule",
]


def page(
    section: Any,
    *,
    landscape: bool,
    top: float = 20,
    right: float = 15,
    bottom: float = 20,
    left: float | None = None,
) -> None:
    """An A4 page, ``landscape`` or portrait; margins in mm, the left one by default 25 mm on
    landscape pages and 30 mm (the binding side) on portrait ones."""
    short, long_ = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width = long_ if landscape else short
    section.page_height = short if landscape else long_
    section.top_margin = Mm(top)
    section.bottom_margin = Mm(bottom)
    section.left_margin = Mm((25 if landscape else 30) if left is None else left)
    section.right_margin = Mm(right)


def page_numbers(section: Any, mark: str = "") -> None:
    """The page number at the top centre from the second page on (Nghị định 30/2020); ``mark``
    (the synthetic-data warning) at the foot of every page, the first one too."""
    section.different_first_page_header_footer = True
    if mark:
        for footer in (section.footer, section.first_page_footer):
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            styled_run(p, mark, bold=True, size=10)
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


def restart_page_numbers(section: Any) -> None:
    """Number the pages of ``section`` (an appendix) from 1: "số trang của phụ lục được đánh
    số riêng theo từng phụ lục" (Nghị định 30/2020, Phụ lục I); its first page, like the
    document's, shows no number."""
    number = OxmlElement("w:pgNumType")
    number.set(qn("w:start"), "1")
    section._sectPr.insert_element_before(
        number,
        *("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection"),
        *("w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange"),
    )


def rule(p: Any, indent_mm: float) -> None:
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


def national_title(cell: Any, *, size: float | None, motto_size: float | None) -> None:
    """Quốc hiệu and Tiêu ngữ, bold and centred, from the first paragraph of ``cell`` (the right
    column of a document's heading block), the short rule under them."""
    styled_run(
        centered(cell.paragraphs[0]), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=size
    )
    styled_run(
        centered(cell.add_paragraph()), "Độc lập - Tự do - Hạnh phúc", bold=True, size=motto_size
    )
    rule(cell.add_paragraph(), 16)


def core_properties(doc: Any, when: dt.datetime, title: str, **texts: str) -> None:
    """The document's properties: ``title``, ``texts`` (``subject``, ``keywords``, ``comments``,
    ``category``), parscore as author, Vietnamese, every date ``when`` (its UTC midnight, as the
    zip entries)."""
    props = doc.core_properties
    props.title = title
    for name, value in texts.items():
        setattr(props, name, value)
    props.author = props.last_modified_by = "parscore"
    props.language = "vi-VN"
    props.revision = 1
    props.created = props.modified = props.last_printed = when.replace(tzinfo=None)
