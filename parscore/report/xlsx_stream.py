"""A small Excel (.xlsx) writer that writes the sheet XML as it goes: for big tables (a province's
ranking of thousands of communes), where building a cell object per value costs most of the time.

It writes what the batch workbook needs and nothing more: text, numbers (Decimal written exactly,
int, bool), empty cells; per-cell styles (bold, a fill, a number format, wrapped text aligned
top or centre, text typed as text); row heights (as fitted, never set by hand); column widths, frozen panes, an autofilter, and the print
layout of :mod:`parscore.xlsx_print` (A4, fitted to the page width or, when that would print
too small, two pages wide or more with the frozen columns repeated; title rows repeated, centred), with a printed header and footer on every page (:func:`page_text`). Text is always a text cell, cleaned of control characters, and text that a
spreadsheet would run as a formula is marked as typed text (``quotePrefix``), as
:func:`parscore.safe_text.set_text_cell` does for openpyxl cells.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from ..numbers import plain
from ..safe_text import clean_text, looks_like_formula
from ..xlsx_print import DEFAULT_WIDTH, LAST_ROW, MARGINS, PrintPlan, column_letter, plan_print

__all__ = ["PLAIN", "CellStyle", "Sheet", "Workbook", "column_letter", "page_text"]

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "application/vnd.openxmlformats-officedocument"
MAX_TEXT = 32_767  # characters in one cell
MAX_PAGE_TEXT = 255  # characters of a printed header or footer, its codes included
_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4}


@dataclass(frozen=True)
class CellStyle:
    bold: bool = False
    fill: str = ""  # solid fill colour, RRGGBB
    number_format: str = ""  # "" = General
    wrap: str = ""  # wrapped text with this vertical alignment ("top", "center")
    quote: bool = False  # text typed as text (Excel never reads it as a formula)


PLAIN = CellStyle()


class Workbook:
    """Sheets written row by row, then :meth:`to_bytes`."""

    def __init__(self) -> None:
        self.sheets: list[Sheet] = []
        self.styles: dict[CellStyle, int] = {PLAIN: 0}  # in order of first use

    def sheet(self, title: str, **layout: Any) -> Sheet:
        sheet = Sheet(title, self.styles, **layout)
        self.sheets.append(sheet)
        return sheet

    def to_bytes(self, created: dt.datetime | None = None) -> bytes:
        when = (created or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
        n = len(self.sheets)
        parts = {
            "[Content_Types].xml": _content_types(n),
            "_rels/.rels": _ROOT_RELS,
            "docProps/app.xml": _APP,
            "docProps/core.xml": _CORE.format(when=when),
            "xl/workbook.xml": _workbook_xml(self.sheets),
            "xl/_rels/workbook.xml.rels": _workbook_rels(n),
            "xl/styles.xml": _styles_xml(list(self.styles)),
        }
        for i, sheet in enumerate(self.sheets, 1):
            parts[f"xl/worksheets/sheet{i}.xml"] = _sheet_xml(sheet)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in parts.items():
                archive.writestr(name, text.encode("utf-8"))
        return buffer.getvalue()


@dataclass
class Sheet:
    """One worksheet, written row by row (:meth:`append`)."""

    title: str
    _styles: dict[CellStyle, int]
    widths: dict[int, float] = field(default_factory=dict)  # column (1-based) -> width
    freeze: tuple[int, int] = (0, 0)  # columns, rows kept in view
    title_rows: int = 0  # rows repeated on every printed page
    landscape: bool = True
    autofilter: bool = False  # over the used range
    header: str = ""  # printed at the top of every page, in Excel's codes (:func:`page_text`)
    footer: str = ""  # printed at the foot of every page
    _rows: list[str] = field(default_factory=list)
    _width: int = 0  # columns used
    _attrs: dict[int, tuple[CellStyle, str, str]] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return len(self._rows)

    def print_plan(self) -> PrintPlan:
        """How the sheet prints across (:func:`parscore.xlsx_print.plan_print`), its frozen
        columns the title columns."""
        widths = [self.widths.get(c, DEFAULT_WIDTH) for c in range(1, self._width + 1)]
        return plan_print(widths, landscape=self.landscape, title_columns=self.freeze[0])

    def append(
        self,
        values: Sequence[Any],
        styles: Sequence[CellStyle | None] = (),
        height: float | None = None,
    ) -> None:
        """A row below the last; ``styles[i]`` for the value in column i + 1 (None: plain);
        ``height`` in points, as fitted to wrapped text (:mod:`parscore.row_heights`)."""
        r = len(self._rows) + 1
        cells = []
        for i, value in enumerate(values):
            style = styles[i] if i < len(styles) else None
            ref = f"{_letter(i + 1)}{r}"
            if value is None:
                attr = self._attr(style)[1]
                if attr:
                    cells.append(f'<c r="{ref}"{attr}/>')
            elif isinstance(value, str):
                cells.append(self._text(ref, value, style))
            elif isinstance(value, bool):
                cells.append(f'<c r="{ref}"{self._attr(style)[1]} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, Decimal | int):
                text = _NUMBERS.get(value) or _number(value)
                cells.append(f'<c r="{ref}"{self._attr(style)[1]}><v>{text}</v></c>')
            else:
                raise TypeError(f"no Excel cell for {type(value).__name__}")
        self._width = max(self._width, len(values))
        ht = f' ht="{height:g}"' if height is not None else ""
        self._rows.append(f'<row r="{r}"{ht}>{"".join(cells)}</row>' if cells else "")

    def _text(self, ref: str, value: str, style: CellStyle | None) -> str:
        value = clean_text(value)
        if len(value) > MAX_TEXT:
            value = value[: MAX_TEXT - 1] + "…"  # Excel refuses a file with a longer cell
        _, attr, quoted = self._attr(style)
        if looks_like_formula(value):
            attr = quoted
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f'<c r="{ref}"{attr} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'

    def _attr(self, style: CellStyle | None) -> tuple[CellStyle, str, str]:
        """The ``s`` attribute of cells in ``style``, and of text typed as text in it."""
        style = style or PLAIN
        found = self._attrs.get(id(style))
        if found is None:
            quoted = replace(style, quote=True)
            found = self._attrs[id(style)] = (style, self._s(style), self._s(quoted))
        return found

    def _s(self, style: CellStyle) -> str:
        index = self._styles.setdefault(style, len(self._styles))
        return f' s="{index}"' if index else ""


_LETTERS: dict[int, str] = {}
_NUMBERS: dict[Decimal | int, str] = {}  # equal numbers have the same plain text


def _escape(text: str) -> str:
    """Text for an XML element or a double-quoted attribute; a carriage return kept (an XML
    reader turns a raw one into a line feed). (xml.sax.saxutils would import urllib and ssl.)"""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("\r", "&#13;")


def _letter(col: int) -> str:
    letter = _LETTERS.get(col)
    if letter is None:
        letter = _LETTERS[col] = column_letter(col)
    return letter


def _number(value: Decimal | int) -> str:
    text = plain(value)
    if len(_NUMBERS) < 100_000:
        _NUMBERS[value] = text
    return text


def _sheet_xml(sheet: Sheet) -> str:
    rows = "".join(sheet._rows)
    last = f"{column_letter(max(sheet._width, 1))}{max(sheet.rows, 1)}"
    cols = "".join(
        f'<col min="{c}" max="{c}" width="{w:g}" customWidth="1"/>'
        for c, w in sorted(sheet.widths.items())
    )
    plan = sheet.print_plan()
    fit = "1" if plan.fit_width else "0"
    across = ' fitToWidth="1" fitToHeight="0"' if plan.fit_width else f' scale="{plan.scale}"'
    left, right, top, bottom, header, footer = MARGINS
    breaks = "".join(f'<brk id="{b}" max="{LAST_ROW}" man="1"/>' for b in plan.breaks)
    n = len(plan.breaks)
    out = [
        f'<worksheet xmlns="{_MAIN}"><sheetPr><pageSetUpPr fitToPage="{fit}"/></sheetPr>',
        f'<dimension ref="A1:{last}"/>',
        f"<sheetViews>{_view(*sheet.freeze)}</sheetViews>",
        '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>',
        f"<cols>{cols}</cols>" if cols else "",
        f"<sheetData>{rows}</sheetData>",
        f'<autoFilter ref="A1:{last}"/>' if sheet.autofilter and sheet.rows > 1 else "",
        '<printOptions horizontalCentered="1"/>',
        f'<pageMargins left="{left}" right="{right}" top="{top}" bottom="{bottom}"'
        f' header="{header}" footer="{footer}"/>',
        f'<pageSetup paperSize="9" orientation="{"landscape" if sheet.landscape else "portrait"}"'
        f"{across}/>",
        _header_footer(sheet.header, sheet.footer),
        f'<colBreaks count="{n}" manualBreakCount="{n}">{breaks}</colBreaks>' if n else "",
        "</worksheet>",
    ]
    return "".join(out)


def page_text(left: str = "", centre: str = "", *, numbered: bool = False) -> str:
    """A printed header or footer in Excel's codes: ``left`` and ``centre`` as text (cleaned of
    control characters, ``&`` written as ``&&``), and at the right "Trang N/M" when ``numbered``.
    The centre is cut (with "…") to keep the whole within Excel's 255 characters."""

    def code(text: str) -> str:
        return clean_text(text).replace("&", "&&")

    sides = (f"&L{code(left)}" if left else "") + ("&RTrang &P/&N" if numbered else "")
    middle = code(centre)
    room = MAX_PAGE_TEXT - len(sides) - 2
    if len(middle) > room:
        middle = middle[: room - 1]
        if (len(middle) - len(middle.rstrip("&"))) % 2:  # half of a written "&&"
            middle = middle[:-1]
        middle += "…"
    return (f"&C{middle}" if middle else "") + sides


def _header_footer(header: str, footer: str) -> str:
    if not header and not footer:
        return ""
    top = f"<oddHeader>{_escape(header)}</oddHeader>" if header else ""
    foot = f"<oddFooter>{_escape(footer)}</oddFooter>" if footer else ""
    return f"<headerFooter>{top}{foot}</headerFooter>"


def _view(cols: int, rows: int) -> str:
    if not cols and not rows:
        return '<sheetView workbookViewId="0"><selection activeCell="A1" sqref="A1"/></sheetView>'
    top_left = f"{column_letter(cols + 1)}{rows + 1}"
    pane = "bottomRight" if cols and rows else "bottomLeft" if rows else "topRight"
    split = (f' xSplit="{cols}"' if cols else "") + (f' ySplit="{rows}"' if rows else "")
    return (
        f'<sheetView workbookViewId="0"><pane{split} topLeftCell="{top_left}" '
        f'activePane="{pane}" state="frozen"/>'
        f'<selection pane="{pane}" activeCell="{top_left}" sqref="{top_left}"/></sheetView>'
    )


def _workbook_xml(sheets: Sequence[Sheet]) -> str:
    entries = "".join(
        f'<sheet name="{_escape(s.title)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, s in enumerate(sheets, 1)
    )
    names = []
    for n, s in enumerate(sheets):
        quoted = "'" + s.title.replace("'", "''") + "'"
        if s.autofilter and s.rows > 1:
            last = f"${column_letter(max(s._width, 1))}${s.rows}"
            names.append(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
                f"{_escape(quoted)}!$A$1:{last}</definedName>"
            )
        columns = s.print_plan().title_columns
        titles = [f"{quoted}!$A:${column_letter(columns)}"] if columns else []
        if s.title_rows:
            titles.append(f"{quoted}!$1:${s.title_rows}")
        if titles:
            names.append(
                f'<definedName name="_xlnm.Print_Titles" localSheetId="{n}">'
                f"{_escape(','.join(titles))}</definedName>"
            )
    defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
    return (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
        f'<sheets>{entries}</sheets>{defined}<calcPr calcId="124519" fullCalcOnLoad="1"/>'
        "</workbook>"
    )


def _styles_xml(styles: list[CellStyle]) -> str:
    fills = ["", "gray125", *sorted({s.fill for s in styles if s.fill})]
    codes = sorted({s.number_format for s in styles if s.number_format})
    formats = {f: _BUILTIN_FORMATS.get(f, 164 + i) for i, f in enumerate(codes)}
    custom = "".join(
        f'<numFmt numFmtId="{n}" formatCode="{_escape(f)}"/>'
        for f, n in formats.items()
        if n >= 164
    )
    fill_xml = "".join(
        f'<fill><patternFill patternType="solid"><fgColor rgb="FF{f}"/></patternFill></fill>'
        if i > 1
        else f'<fill><patternFill patternType="{f or "none"}"/></fill>'
        for i, f in enumerate(fills)
    )
    xfs = "".join(_xf(s, fills, formats) for s in styles)
    font = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
    return (
        f'<styleSheet xmlns="{_MAIN}">'
        + (f'<numFmts count="{custom.count("<numFmt ")}">{custom}</numFmts>' if custom else "")
        + f'<fonts count="2"><font>{font}</font><font><b/>{font}</font></fonts>'
        f'<fills count="{len(fills)}">{fill_xml}</fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        f'</cellStyleXfs><cellXfs count="{len(styles)}">{xfs}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _xf(style: CellStyle, fills: list[str], formats: dict[str, int]) -> str:
    attrs = [
        f'numFmtId="{formats[style.number_format] if style.number_format else 0}"',
        f'fontId="{1 if style.bold else 0}"',
        f'fillId="{fills.index(style.fill) if style.fill else 0}"',
        'borderId="0" xfId="0"',
    ]
    if style.number_format:
        attrs.append('applyNumberFormat="1"')
    if style.bold:
        attrs.append('applyFont="1"')
    if style.fill:
        attrs.append('applyFill="1"')
    if style.quote:
        attrs.append('quotePrefix="1"')
    if not style.wrap:
        return f"<xf {' '.join(attrs)}/>"
    attrs.append('applyAlignment="1"')
    return f'<xf {" ".join(attrs)}><alignment vertical="{style.wrap}" wrapText="1"/></xf>'


def _content_types(sheets: int) -> str:
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        f'ContentType="{_DOC}.spreadsheetml.worksheet+xml"/>'
        for n in range(1, sheets + 1)
    )
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_DOC}.spreadsheetml.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_DOC}.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{_DOC}.extended-properties+xml"/>'
        f"{overrides}</Types>"
    )


def _workbook_rels(sheets: int) -> str:
    rels = [
        f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheets + 1)
    ]
    rels.append(f'<Relationship Id="rId{sheets + 1}" Type="{_REL}/styles" Target="styles.xml"/>')
    return f'<Relationships xmlns="{_PKG_REL}">{"".join(rels)}</Relationships>'


_ROOT_RELS = (
    f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_APP = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>parscore</Application></Properties>"
)
_CORE = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>parscore</dc:creator>'
    '<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
    "</cp:coreProperties>"
)
