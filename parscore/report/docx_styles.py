"""The report's styles on a python-docx document: Times New Roman, black, Vietnamese.

Used by the Word files still built with python-docx (appraisal minutes, the plan document);
the report itself writes the same styles without python-docx (:mod:`.docx_package`), tested equal.
"""

from __future__ import annotations

from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from .docx_package import FONT

__all__ = ["FONT", "normal_style", "report_styles", "set_font"]


def report_styles(doc: Any) -> None:
    styles = doc.styles
    normal_style(doc, 12).paragraph_format.space_after = Pt(3)
    for level, size in ((1, 14), (2, 13), (3, 12)):
        set_font(styles[f"Heading {level}"], size, bold=True)
    title = styles["Title"]
    set_font(title, 16, bold=True)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    border = title.element.pPr.find(qn("w:pBdr")) if title.element.pPr is not None else None
    if border is not None:  # the default template underlines titles
        border.getparent().remove(border)
    styles["Table Grid"].font.size = Pt(10)


def normal_style(doc: Any, size: float) -> Any:
    """The ``Normal`` style in Times New Roman of ``size`` points, in Vietnamese."""
    normal = doc.styles["Normal"]
    set_font(normal, size)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().append(lang)
    return normal


def set_font(style: Any, size: float, *, bold: bool = False) -> None:
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
