"""The Word report's body (``word/document.xml``) written as WordprocessingML text in one pass.

The markup is what python-docx writes for the same calls (``add_paragraph``, ``add_run``,
``add_table`` with the report's styles, widths and merges, ``add_section``), element for element
and byte for byte, without building a python-docx object per paragraph, run and cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .filters import Formatter

__all__ = [
    "BODY_END",
    "BODY_START",
    "FOOTER_ID",
    "FOOTER_PART",
    "Cell",
    "WordBody",
    "cell_start",
    "esc",
    "grid",
    "header_cell",
    "header_row",
    "header_row_start",
    "mm_twips",
    "run",
    "run_props",
    "shading",
]

Cell = str | list[str]  # one paragraph, or several
RED = "B71C1C"
GREY = "ECECEC"

# the page of python-docx's template, set to A4 as the report sets it (twips)
A4_SHORT, A4_LONG = 11906, 16838
_MARGIN_WIDE, _MARGIN = 1417, 850  # 25 mm (portrait binding side), 15 mm
_SECT_BODY = (
    '<w:pgMar w:top="850" w:right="850" w:bottom="850" w:left="{left}" w:header="720" '
    'w:footer="720" w:gutter="0"/><w:cols w:space="720"/><w:docGrid w:linePitch="360"/></w:sectPr>'
)
_RSIDS = 'w:rsidR="00FC693F" w:rsidRPr="0006063C" w:rsidSect="00034616"'
# the footer of every page (:func:`footer_xml`): the first section refers to it, the landscape
# section after it is linked to it (python-docx's ``add_section`` drops the reference there)
FOOTER_PART, FOOTER_ID = "word/footer1.xml", "rId9"
_FOOTER_REF = f'<w:footerReference w:type="default" r:id="{FOOTER_ID}"/>'
_PORTRAIT = (
    _FOOTER_REF
    + f'<w:pgSz w:w="{A4_SHORT}" w:h="{A4_LONG}"/>'
    + _SECT_BODY.format(left=_MARGIN_WIDE)
)
_LANDSCAPE = f'<w:pgSz w:w="{A4_LONG}" w:h="{A4_SHORT}" w:orient="landscape"/>' + _SECT_BODY.format(
    left=_MARGIN
)
_PORTRAIT_BREAK = f"<w:p><w:pPr><w:sectPr>{_PORTRAIT}</w:pPr></w:p>"  # ends a portrait section
BODY_START = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<w:document xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas"'
    ' xmlns:mo="http://schemas.microsoft.com/office/mac/office/2008/main"'
    ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:mv="urn:schemas-microsoft-com:mac:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    ' xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"'
    ' xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing"'
    ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:w10="urn:schemas-microsoft-com:office:word"'
    ' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
    ' xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup"'
    ' xmlns:wpi="http://schemas.microsoft.com/office/word/2010/wordprocessingInk"'
    ' xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' mc:Ignorable="w14 wp14"><w:body>'
)
BODY_END = f"<w:sectPr {_RSIDS}>{_LANDSCAPE}</w:body></w:document>"  # the last section landscape
_PORTRAIT_END = f"<w:sectPr {_RSIDS}>{_PORTRAIT}</w:body></w:document>"

_TBL_LOOK = (
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0"'
    ' w:noVBand="1" w:val="04A0"/></w:tblPr>'
)
TABLE_START = '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="auto" w:w="0"/>'
WIDE_TABLE_START = TABLE_START + '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>' + _TBL_LOOK
KEEP_ROW = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
RIGHT = '<w:pPr><w:jc w:val="right"/></w:pPr>'
CENTER = '<w:pPr><w:jc w:val="center"/></w:pPr>'

# characters XML 1.0 cannot hold (lxml refuses them; the report context removes control characters)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPECIAL = re.compile("[\t\n\r]")
_PLAIN = re.compile("[^\x00-\x1f&<>\ud800-\udfff\ufffe\uffff]*")


def esc(text: str) -> str:
    """Text content as lxml writes it."""
    if _NOT_XML.search(text):
        raise ValueError(
            "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters"
        )
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _t(text: str) -> str:
    if len(text.strip()) < len(text):
        return f'<w:t xml:space="preserve">{esc(text)}</w:t>'
    return f"<w:t>{esc(text)}</w:t>"


def run(text: str, rpr: str = "") -> str:
    """``p.add_run(text)`` with run properties ``rpr``: a tab becomes ``w:tab``, a line break
    ``w:br``, the text between them ``w:t`` elements."""
    if not text:
        return f"<w:r>{rpr}</w:r>" if rpr else "<w:r/>"
    if _PLAIN.fullmatch(text) is not None:  # the common case: nothing to escape or split
        if len(text.strip()) < len(text):
            return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'
        return f"<w:r>{rpr}<w:t>{text}</w:t></w:r>"
    if not _SPECIAL.search(text):
        return f"<w:r>{rpr}{_t(text)}</w:r>"
    parts = [rpr]
    for piece in re.split("([\t\n\r])", text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\n", "\r"):
            parts.append("<w:br/>")
        elif piece:
            parts.append(_t(piece))
    return "<w:r>" + "".join(parts) + "</w:r>"


def run_props(
    *, bold: bool = False, italic: bool = False, color: str | None = None, size: float | None = None
) -> str:
    """A run's ``w:rPr`` as python-docx writes it once ``run.bold``, ``run.italic`` (None when
    not set), ``font.color.rgb`` and ``font.size`` (points) are set: ``<w:rPr/>`` for none."""
    rpr = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    if color is not None:
        rpr += f'<w:color w:val="{color}"/>'
    if size is not None:
        rpr += f'<w:sz w:val="{_half_points(size)}"/>'
    return f"<w:rPr>{rpr}</w:rPr>" if rpr else "<w:rPr/>"


BOLD = run_props(bold=True)

_FOOTER_START = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<w:ftr xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
    ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:mo="http://schemas.microsoft.com/office/mac/office/2008/main"'
    ' xmlns:mv="urn:schemas-microsoft-com:mac:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    ' xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w10="urn:schemas-microsoft-com:office:word"'
    ' xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
    ' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"'
    ' xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing"'
    ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas"'
    ' xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup"'
    ' xmlns:wpi="http://schemas.microsoft.com/office/word/2010/wordprocessingInk"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' mc:Ignorable="w14 wp14">'
)
FOOTER_SIZE = 9  # points


def _field(code: str) -> str:
    """A run holding the field ``code`` (``PAGE``, ``NUMPAGES``), as Word writes one."""
    return (
        f'<w:r><w:rPr><w:sz w:val="{_half_points(FOOTER_SIZE)}"/></w:rPr>'
        '<w:fldChar w:fldCharType="begin"/>'
        f'<w:instrText xml:space="preserve">{code}</w:instrText>'
        '<w:fldChar w:fldCharType="end"/></w:r>'
    )


def footer_xml(mark: str = "") -> bytes:
    """The report's footer on every page (python-docx's footer part, its one paragraph centred):
    ``mark`` in bold (the synthetic-data warning), then "Trang N/M"."""
    size = run_props(size=FOOTER_SIZE)
    runs = run(mark + " – ", run_props(bold=True, size=FOOTER_SIZE)) if mark else ""
    runs += run("Trang ", size) + _field("PAGE") + run("/", size) + _field("NUMPAGES")
    body = f'<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>{runs}</w:p>'
    return (_FOOTER_START + body + "</w:ftr>").encode("utf-8")


def shading(fill: str) -> str:
    """A cell's background ``fill`` (``w:shd``), as python-docx writes it."""
    return f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'


def cell_start(width: int | str, props: str = "") -> str:
    """A cell's start: ``width`` twips wide, then ``props`` (merges, shading) in its ``w:tcPr``."""
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{props}</w:tcPr>'


def grid(twips: Sequence[int | str]) -> str:
    """A table's ``w:tblGrid``: its columns' widths in twips."""
    return "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in twips) + "</w:tblGrid>"


def mm_twips(mm: float) -> int:
    """python-docx's ``Mm(mm).twips``."""
    return round(int(mm * 36000) / 635.0)


def _half_points(pt: float) -> int:
    """python-docx's ``Pt(pt)`` written as ``w:sz`` (half points)."""
    return round(int(pt * 12700) / 6350.0)


class _Para:
    """A body paragraph, kept open until the next block: a table added after it makes it keep
    with the next block (``w:keepNext``)."""

    __slots__ = ("jc", "keep_next", "runs", "style")

    def __init__(self, runs: str = "", style: str = "", jc: str = "") -> None:
        self.runs, self.style, self.jc, self.keep_next = runs, style, jc, False

    def xml(self) -> str:
        ppr = ""
        if self.style:
            ppr += f'<w:pStyle w:val="{self.style}"/>'
        if self.keep_next:
            ppr += "<w:keepNext/>"
        if self.jc:
            ppr += f'<w:jc w:val="{self.jc}"/>'
        if ppr:
            ppr = f"<w:pPr>{ppr}</w:pPr>"
        elif not self.runs:
            return "<w:p/>"
        return f"<w:p>{ppr}{self.runs}</w:p>"


class WordBody:
    """The report's body blocks in order, with the report's formatter."""

    def __init__(self, fmt: Formatter) -> None:
        self.f = fmt
        self._blocks: list[_Para | str] = []
        self._block_width = A4_SHORT - _MARGIN_WIDE - _MARGIN  # twips, portrait first page
        self._end = _PORTRAIT_END

    # -- paragraphs -------------------------------------------------------------------------

    def para(
        self,
        text: str = "",
        *,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        center: bool = False,
    ) -> None:
        runs = run(text, run_props(bold=bold, italic=italic, size=size)) if text else ""
        self._blocks.append(_Para(runs, jc="center" if center else ""))

    def styled(self, text: str, style_id: str, *, keep_next: bool = False) -> None:
        """``add_paragraph(text, style)``: ``Title``, ``Heading1``…, ``ListBullet``."""
        p = _Para(run(text) if text else "", style=style_id)
        p.keep_next = keep_next
        self._blocks.append(p)

    def heading(self, text: str, level: int, *, keep_next: bool = False) -> None:
        self.styled(text, f"Heading{level}", keep_next=keep_next)

    def item(self, code: str, text: str) -> None:
        runs = run(code + " ", BOLD) + run(text)
        self._blocks.append(_Para(runs, style="ListBullet"))

    def page_break(self) -> None:
        self._blocks.append(_Para('<w:r><w:br w:type="page"/></w:r>'))

    def landscape_section(self) -> None:
        """End the portrait first section; the rest of the document is landscape A4."""
        self._blocks.append(_PORTRAIT_BREAK)
        self._block_width = A4_LONG - _MARGIN - _MARGIN
        self._end = BODY_END

    # -- tables -----------------------------------------------------------------------------

    def keep_with_table(self) -> None:
        """Keep the last paragraph of the body with what follows (a table about to be added)."""
        if self._blocks and isinstance(self._blocks[-1], _Para):
            self._blocks[-1].keep_next = True

    def add_table(self, xml: str) -> None:
        """A table written by the caller (``<w:tbl>…</w:tbl>``), then an empty paragraph; the
        paragraph before it stays on the same page as its first rows."""
        self.keep_with_table()
        self._blocks.append(xml)
        self.para()

    def box(self, title: str, text: str) -> None:
        """A one-cell shaded table: warnings that must be seen (provisional pack, sample data)."""
        width = self._block_width  # one column as wide as the page's text
        head = run(title + " ", run_props(bold=True, color=RED))
        self.add_table(
            TABLE_START
            + _TBL_LOOK
            + grid([width])
            + "<w:tr>"
            + cell_start(width, shading("FDECEA"))
            + f"<w:p>{head}{run(text)}</w:p></w:tc></w:tr></w:tbl>"
        )

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Cell]],
        widths: Sequence[float],
        *,
        numeric: Sequence[int] = (),
        strong_rows: Sequence[int] = (),
        keep_rows: bool = True,
    ) -> None:
        """A real table: one header row repeated on each page, then ``rows``; the paragraph just
        before it (its heading or introduction) stays on the same page as its first rows."""
        twips = [str(mm_twips(w)) for w in widths]
        parts = [WIDE_TABLE_START, grid(twips), header_row(header, twips)]
        right, strong = frozenset(numeric), frozenset(strong_rows)
        start = KEEP_ROW if keep_rows else "<w:tr>"
        cells = [cell_start(w) for w in twips]
        shaded = [cell_start(w, shading("F3F3F3")) for w in twips]
        for i, values in enumerate(rows):
            bold = i in strong
            rpr = BOLD if bold else ""
            parts.append(start)
            for j in range(len(twips)):
                if j < len(values):
                    value = values[j]
                    parts.append(shaded[j] if bold else cells[j])
                    lines = value if isinstance(value, list) else [value]
                else:
                    parts.append(cells[j])
                    lines = []
                if not lines:
                    parts.append("<w:p/>")
                ppr = RIGHT if j in right else ""
                for line in lines:
                    parts.append(f"<w:p>{ppr}{run(line, rpr)}</w:p>")
                parts.append("</w:tc>")
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self.add_table("".join(parts))

    # -- the part ---------------------------------------------------------------------------

    def document_xml(self) -> bytes:
        blocks = [b if isinstance(b, str) else b.xml() for b in self._blocks]
        return (BODY_START + "".join(blocks) + self._end).encode("utf-8")


def header_row_start(height: int | None = None) -> str:
    """The start of a header row, repeated on every page, at least ``height`` twips high."""
    tr_pr = "" if height is None else f'<w:trHeight w:hRule="atLeast" w:val="{height}"/>'
    return f'<w:tr><w:trPr>{tr_pr}<w:tblHeader w:val="true"/></w:trPr>'


def header_row(labels: Sequence[str], twips: Sequence[str]) -> str:
    """A repeated header row: grey, centred, bold labels."""
    parts = [header_row_start()]
    for label, width in zip(labels, twips, strict=True):
        parts.append(header_cell(label, width))
    parts.append("</w:tr>")
    return "".join(parts)


def header_cell(label: str, width: str, merge: str = "") -> str:
    """One grey header cell; ``merge`` is its ``w:gridSpan``/``w:vMerge`` markup."""
    text = run(label, BOLD) if label else ""
    return cell_start(width, merge + shading(GREY)) + f"<w:p>{CENTER}{text}</w:p></w:tc>"
