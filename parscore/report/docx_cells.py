"""Building blocks of the Word files made with python-docx (appraisal minutes, plan document):
styled paragraphs and runs, table cells, widths and merges. The report itself is written by
:mod:`.docx_xml`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.styles import BabelFish
from docx.styles.style import StyleFactory
from docx.table import _Cell
from lxml.etree import SubElement  # type: ignore[import-untyped]

from .docx_package import PPR_ORDER
from .docx_xml import GREY, Cell

__all__ = [
    "DocBuilder",
    "add_run",
    "align_right",
    "centered",
    "fill_cell",
    "header_row",
    "keep_together",
    "merge_across",
    "merge_header",
    "remember_style_ids",
    "row_cells",
    "set_text",
    "set_widths",
    "shade",
    "styled_run",
]

_W_R, _W_RPR, _W_B, _W_T = qn("w:r"), qn("w:rPr"), qn("w:b"), qn("w:t")
_XML_SPACE = qn("xml:space")
_W_STYLE = qn("w:style")
_W_TC, _W_TCPR, _W_TCW = qn("w:tc"), qn("w:tcPr"), qn("w:tcW")
_W_P, _W_PPR, _W_JC = qn("w:p"), qn("w:pPr"), qn("w:jc")
_W_TYPE, _W_W, _W_VAL = qn("w:type"), qn("w:w"), qn("w:val")
_W_GRID_SPAN, _W_VMERGE = qn("w:gridSpan"), qn("w:vMerge")


class DocBuilder:
    """A python-docx document and its paragraphs."""

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
        after: float | None = None,
    ) -> Any:
        """A paragraph of the body: ``text`` in one styled run, aligned ``align``, its first line
        indented 10 mm (``indent``), kept with the next (``keep``), ``after`` points after it."""
        p = self.doc.add_paragraph()
        if text:
            styled_run(p, text, bold=bold, italic=italic, size=size)
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Mm(10)
        if keep:
            p.paragraph_format.keep_with_next = True
        if after is not None:
            p.paragraph_format.space_after = Pt(after)
        return p

    def new_table(
        self, rows: int, cols: int, widths: Sequence[float] | None = None, *, grid: bool = False
    ) -> Any:
        """A table of fixed column ``widths`` (mm; or set later); ``grid``: bordered and
        centred on the page, else a layout table without borders (heading, signatures)."""
        table = self.doc.add_table(rows=rows, cols=cols)
        if grid:
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        if widths is not None:
            set_widths(table, widths)
        return table


def styled_run(
    p: Any, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None
) -> Any:
    """``p.add_run(text)``, bold, italic (or neither: python-docx's empty ``w:rPr``) and of
    ``size`` points."""
    run = p.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if size is not None:
        run.font.size = Pt(size)
    return run


def centered(p: Any) -> Any:
    """``p`` centred, nothing after it (lines of a heading block)."""
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    return p


def _sub(parent: Any, tag: str, attrib: dict[str, str] | None = None) -> Any:
    """A new last child of ``parent`` (an element of the document's own kind)."""
    return SubElement(parent, tag, attrib)


def merge_across(first: Any, last: Any) -> Any:
    """``first.merge(last)`` for two cells of one row whose cells in between (``last`` included)
    are plain and empty, as a fresh row's are: python-docx works the span out through the whole
    table grid, one swallowed cell at a time. Anything else goes to python-docx."""
    tc, end = first._tc, last._tc
    tr = tc.getparent()
    if end.getparent() is not tr:
        return first.merge(last)
    tcs = list(tr.iterchildren(_W_TC))
    start, stop = tcs.index(tc), tcs.index(end)
    widths = [_plain_width(t, content=t is tc) for t in tcs[start : stop + 1]]
    if stop <= start or None in widths:
        return first.merge(last)
    tc_pr = tc[0]
    tc_pr[0].set(_W_W, str(sum(w for w in widths if w is not None)))
    _sub(tc_pr, _W_GRID_SPAN, {_W_VAL: str(len(widths))})
    for t in tcs[start + 1 : stop + 1]:
        tr.remove(t)
    return _Cell(tc, first._parent)


def _plain_width(tc: Any, *, content: bool) -> int | None:
    """The width (twips) of a cell with nothing but a width in its properties and (unless
    ``content``) one empty paragraph; None for any other cell."""
    if len(tc) < 2 or tc[0].tag != _W_TCPR or len(tc[0]) != 1 or tc[0][0].tag != _W_TCW:
        return None
    tc_w = tc[0][0]
    if tc_w.get(_W_TYPE) != "dxa" or not tc_w.get(_W_W, "").isdigit() or tc_w.get(_W_W) == "0":
        return None
    if not content and (len(tc) != 2 or tc[1].tag != _W_P or len(tc[1]) or tc[1].attrib):
        return None
    return int(tc_w.get(_W_W))


def remember_style_ids(doc: Any) -> Any:
    """``doc``, its style ids looked up once per (name, type): python-docx finds a named
    style's id by walking every style of the document, and the default style of its type the
    same way, each time a paragraph, heading or table names one (a few milliseconds each). Here
    the styles are walked once (names, and each type's default: the last one, as python-docx
    takes it), and a name is answered as python-docx answers it; a name not found, or of
    another type, is left to python-docx (its error, or its lookup by id). The styles are not
    renamed while a document is written, so each answer stays true."""
    part = doc.part
    lookup = part.get_style_id
    known: dict[tuple[str, object], str | None] = {}
    index: list[tuple[dict[str, Any], dict[object, Any]]] = []

    def get_style_id(style_or_name: Any, style_type: Any) -> str | None:
        if not isinstance(style_or_name, str):
            return lookup(style_or_name, style_type)
        key = (style_or_name, style_type)
        if key not in known:
            if not index:
                index.append(_style_index(part.styles.element))
            known[key] = _style_id(index[0], style_or_name, style_type, lookup)
        return known[key]

    part.get_style_id = get_style_id
    return doc


def _style_index(styles: Any) -> tuple[dict[str, Any], dict[object, Any]]:
    """Each style element by its (internal) name, the first in document order, as python-docx's
    ``w:style[w:name/@w:val=…]`` finds it; each type's default style, the last one."""
    by_name: dict[str, Any] = {}
    defaults: dict[object, Any] = {}
    for style in styles.iterchildren(_W_STYLE):
        name = style.name_val
        if name is not None:
            by_name.setdefault(name, style)
        if style.default:
            defaults[style.type] = style
    return by_name, defaults


def _style_id(
    index: tuple[dict[str, Any], dict[object, Any]], name: str, style_type: Any, lookup: Any
) -> str | None:
    """python-docx's ``Styles.get_style_id(name, style_type)`` from the index."""
    by_name, defaults = index
    found = by_name.get(BabelFish.ui2internal(name))
    if found is None:
        return lookup(name, style_type)  # by id (deprecated), or its KeyError
    style = StyleFactory(found)
    if style.type != style_type:
        return lookup(name, style_type)  # its ValueError
    if found is defaults.get(style_type):
        return None
    return style.style_id


def fill_cell(cell: Any, value: Cell, *, right: bool = False, bold: bool = False) -> None:
    lines = value if isinstance(value, list) else [value]
    first = True
    for line in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        add_run(p, line, bold=bold)
        if right:
            align_right(p)


def align_right(p: Any) -> None:
    """``p.alignment = RIGHT``; for a paragraph without properties yet, the ``w:pPr`` (first)
    holding only ``w:jc`` that python-docx would add, built directly."""
    if p._p.find(_W_PPR) is not None:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        return
    new = p._p.makeelement
    ppr = new(_W_PPR)
    ppr.append(new(_W_JC, {_W_VAL: "right"}))
    p._p.insert(0, ppr)


def row_cells(row: Any) -> tuple[Any, ...]:
    """``row.cells`` for a row whose cells neither span columns nor take part in a vertical
    merge (each ``w:tc`` is then one cell; python-docx works each span out from the cell's
    properties); any other row goes to python-docx."""
    tcs = list(row._tr.iterchildren(_W_TC))
    for tc in tcs:
        props = tc.find(_W_TCPR)
        if props is not None and (
            props.find(_W_GRID_SPAN) is not None or props.find(_W_VMERGE) is not None
        ):
            return tuple(row.cells)
    table = row.table
    return tuple(_Cell(tc, table) for tc in tcs)


def add_run(p: Any, text: str, *, bold: bool = False) -> None:
    """What ``p.add_run(text)`` (then ``run.bold = True``) writes, built directly: python-docx
    walks the text one character at a time (tabs and line breaks become their own elements),
    which dominates a report of many small cells. Text with those characters takes its path."""
    if not text or "\t" in text or "\n" in text or "\r" in text:
        run = p.add_run(text)
        if bold:
            run.bold = True
        return
    new = p._p.makeelement  # lxml: an element of the document's own kind
    r = new(_W_R)
    if bold:
        rpr = new(_W_RPR)
        rpr.append(new(_W_B))
        r.append(rpr)
    t = new(_W_T)
    t.text = text
    r.append(t)
    p._p.append(r)
    if len(text.strip()) < len(text):
        t.set(_XML_SPACE, "preserve")


def set_text(cell: Any, text: str, *, bold: bool = False, italic: bool = False) -> Any:
    """Replace a (merged) cell's content with one paragraph of ``text``."""
    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    p = cell.paragraphs[0]
    for run in list(p.runs):
        run._element.getparent().remove(run._element)
    styled_run(p, text, bold=bold, italic=italic)
    return cell


def merge_header(top: Any, sub: Any, labels: Sequence[str], across: int) -> None:
    """Two header rows made one: each of ``labels`` over both rows, but ``labels[across]`` over
    its column and the next one only (their own labels in ``sub``, below it)."""
    for j, label in enumerate(labels):
        if j not in (across, across + 1):
            set_text(top.cells[j].merge(sub.cells[j]), label, bold=True)
    set_text(top.cells[across].merge(top.cells[across + 1]), labels[across], bold=True)


def header_row(row: Any, labels: Sequence[str]) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    for cell, label in zip(row_cells(row), labels, strict=True):
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if label:
            add_run(p, label, bold=True)
        shade(cell, GREY)


_PPR_ORDER = tuple(f"w:{tag}" for tag in PPR_ORDER)


def ppr_successors(tag: str) -> tuple[str, ...]:
    """The w:pPr children that must come after ``tag`` (for ``insert_element_before``)."""
    return _PPR_ORDER[_PPR_ORDER.index(tag) + 1 :]


def keep_together(row: Any) -> None:
    """Do not split a table row across pages."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def shade(cell: Any, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def set_widths(table: Any, widths_mm: Sequence[float]) -> None:
    """Column widths for Word (cell widths) and LibreOffice (grid columns).

    Walks the rows' ``w:tc`` elements once (python-docx's ``table.columns[j].cells`` rebuilds
    the whole cell grid for every column): a cell spanning columns takes the width of the last
    one, and the lower parts of a vertical merge are left as they are, as python-docx does.
    """
    widths = [Mm(w) for w in widths_mm]
    for j, width in enumerate(widths):
        table.columns[j].width = width
    for tr in table._tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            last = min(column + span, len(widths)) - 1
            if tc.vMerge != "continue" and last >= column:
                tc.width = widths[last]
            column += span
