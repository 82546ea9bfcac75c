"""The appraisal minutes as a Word file (python-docx), laid out as Nghị định 30/2020/NĐ-CP asks.

A4 portrait, margins 20/15/20/30 mm, Times New Roman 13, page numbers from page 2; the header is a borderless two-column
table (issuer and number on the left, Quốc hiệu and Tiêu ngữ with the date line on the right); the
criteria and totals are real tables whose header rows repeat on every page; the signature block
has three columns (đại diện UBND xã, Thư ký, Chủ tịch Hội đồng). Byte-identical for the same inputs.
"""

from __future__ import annotations

from typing import Any

from docx import Document
from docx.enum.table import WD_ALIGN_VERTICAL
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..vi import SYNTHETIC_MARK
from .docx_cells import (
    DocBuilder,
    centered,
    fill_cell,
    header_row,
    keep_together,
    merge_header,
    remember_style_ids,
    set_widths,
    shade,
    styled_run,
)
from .docx_layout import core_properties, national_title, page, page_numbers, rule
from .docx_styles import report_styles, set_font
from .docx_zip import docx_bytes, fixed_datetime
from .filters import Formatter
from .minutes import MinutesContext, MinutesRow, MinutesStage

__all__ = ["write_minutes_docx"]

BODY_SIZE = 13
TABLE_SIZE = 11
CRITERIA_WIDTHS = (14, 42, 14, 14, 16, 16, 25, 24)  # mm; 165 mm between the margins
TOTALS_WIDTHS = (69, 32, 32, 32)
SIGN_HINT = "(Ký, ghi rõ họ tên)"


def write_minutes_docx(ctx: MinutesContext) -> bytes:
    """The ``.docx`` bytes of the minutes."""
    doc = remember_style_ids(Document())
    page(doc.sections[0], landscape=False)
    # centred at the top from the second page on; invented data said so on every page
    page_numbers(doc.sections[0], SYNTHETIC_MARK if ctx.report.synthetic else "")
    report_styles(doc)
    set_font(doc.styles["Normal"], BODY_SIZE)
    doc.styles["Normal"].paragraph_format.space_after = Pt(4)
    doc.styles["Table Grid"].font.size = Pt(TABLE_SIZE)
    _properties(doc, ctx)
    writer = _MinutesWriter(doc, Formatter(ctx.places, ctx.mode))
    writer.write(ctx)
    return docx_bytes(doc, fixed_datetime(ctx.date or ctx.report.report_date))


class _MinutesWriter(DocBuilder):
    def __init__(self, doc: Any, fmt: Formatter) -> None:
        super().__init__(doc)
        self.f = fmt

    def write(self, ctx: MinutesContext) -> None:
        self.header(ctx)
        center = WD_ALIGN_PARAGRAPH.CENTER
        self.para("BIÊN BẢN", bold=True, size=14, align=center, after=0)
        self.para(ctx.title, bold=True, size=14, align=center)
        report = ctx.report
        if ctx.notice:
            self.para(ctx.notice, italic=True, size=11)
        self.text(ctx.opening)
        self.heading("I. THÀNH PHẦN THAM DỰ")
        self.text(f"1. {ctx.council}:")
        self.lines(ctx.council_lines)
        self.text(f"2. Đại diện UBND {report.place}:")
        self.lines(ctx.commune_lines)
        self.heading("II. KẾT QUẢ THẨM ĐỊNH TỪNG TIÊU CHÍ")
        for paragraph in ctx.basis:
            self.text(paragraph)
        self.criteria(ctx)
        self.heading("III. TỔNG HỢP KẾT QUẢ")
        self.totals(ctx)
        self.adjustments(ctx)
        self.heading("IV. KẾT LUẬN")
        self.conclusion(ctx)
        self.signatures(ctx)

    # -- pieces ----------------------------------------------------------------------------------

    def header(self, ctx: MinutesContext) -> None:
        table = self.new_table(1, 2, (66, 99))
        left, right = table.rows[0].cells
        lines: list[tuple[str, dict[str, Any]]] = []
        if ctx.authority:
            lines.append((ctx.authority.upper(), {"size": 12}))
        lines.append((ctx.council.upper(), {"size": 12, "bold": True}))
        _lines(left, lines)
        rule(left.add_paragraph(), 20)
        _lines(left, [(f"Số: {ctx.number or ctx.dots}", {})], fresh=False)
        national_title(right, size=12, motto_size=None)
        _lines(right, [(ctx.date_line, {"italic": True})], fresh=False)
        self.para()

    def heading(self, text: str) -> None:
        self.para(text, bold=True, keep=True).paragraph_format.space_before = Pt(6)

    def text(self, text: str, *, keep: bool = False, after: float | None = None) -> Any:
        return self.para(
            text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, keep=keep, after=after
        )

    def lines(self, lines: tuple[str, ...]) -> None:
        for line in lines:
            self.para(line, after=0).paragraph_format.left_indent = Mm(10)

    def criteria(self, ctx: MinutesContext) -> None:
        labels = ["Mã", "Lĩnh vực, tiêu chí", "Điểm tối đa", "Tự chấm", "Điểm thẩm định"]
        labels += ["", "Ý kiến của Hội đồng", "Giải trình của xã"]
        table = self.grid(
            [labels, ["", "", "", "", "Vòng\u00a01", "Vòng\u00a02", "", ""]],
            [self._row(row) for row in ctx.rows],
            CRITERIA_WIDTHS,
            numeric=(2, 3, 4, 5),
            strong=[i for i, row in enumerate(ctx.rows) if row.depth == 0],
            italic=tuple(i for i, r in enumerate(ctx.rows) if r.depth > 0 and not r.is_leaf),
        )
        top, sub = table.rows[0], table.rows[1]
        merge_header(top, sub, labels, 4)
        for row in (top, sub):
            for cell in row.cells:
                cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
                for p in cell.paragraphs:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _text_size(table, TABLE_SIZE)

    def grid(
        self,
        header: list[list[str]],
        rows: list[list[str]],
        widths: tuple[float, ...],
        *,
        numeric: tuple[int, ...],
        strong: list[int],
        italic: tuple[int, ...] = (),
        whole: bool = False,
    ) -> Any:
        """A bordered table: ``header`` rows repeated on every page, rows never split, numbers
        centred; ``whole`` keeps the table on one page."""
        table = self.new_table(0, len(widths), grid=True)
        for labels in header:
            header_row(table.add_row(), labels)
        for i, values in enumerate(rows):
            row = table.add_row()
            keep_together(row)
            for j, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
                fill_cell(cell, value, bold=i in strong)
                if i in italic:
                    for run in cell.paragraphs[0].runs:
                        run.italic = True
                if j in numeric:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                if i in strong:
                    shade(cell, "F3F3F3")
        if whole:
            for row in table.rows[:-1]:
                for cell in row.cells:
                    for p in cell.paragraphs:
                        p.paragraph_format.keep_with_next = True
        _narrow_margins(table)
        _text_size(table, TABLE_SIZE)
        set_widths(table, widths)
        self.para()
        return table

    def _row(self, row: MinutesRow) -> list[str]:
        f = self.f
        values = ["—" if row.na else ("" if v is None else f.pts(v)) for v in row.points]
        note = f"Không áp dụng: {row.na_reason}" if row.na_reason else row.note
        return [
            row.code,
            row.title,
            "—" if row.na else f.pts(row.max),
            *values,
            note,
            row.explanation,
        ]

    def totals(self, ctx: MinutesContext) -> None:
        f = self.f
        stages = ctx.stages

        def line(label: str, shown: Any) -> list[str]:
            return [label, *(shown(s) if s.present else "" for s in stages)]

        rows = [
            line(
                f"Tổng điểm các tiêu chí (trên {f.pts(ctx.applicable_max)} điểm áp dụng)",
                lambda s: f.pts(s.points),
            )
        ]
        if ctx.rescaled:
            scale = f.pts(ctx.report.summary.scale)
            rows.append(line(f"Quy đổi về thang {scale} điểm", lambda s: f.pts(s.rescaled)))
        if ctx.adjusted:
            rows.append(line("Điểm thưởng", lambda s: "+" + f.pts(s.bonus)))
            rows.append(line("Điểm trừ", lambda s: "−" + f.pts(s.penalty)))
        strong = len(rows)
        rows.append(line(f"Tổng điểm {ctx.report.index_name}", lambda s: f.pts(s.score)))
        rows.append(line("Xếp loại", lambda s: s.band or ""))
        self.grid(
            [["Nội dung", *(s.label for s in stages)]],
            rows,
            TOTALS_WIDTHS,
            numeric=(1, 2, 3),
            strong=[strong],
            whole=True,
        )

    def adjustments(self, ctx: MinutesContext) -> None:
        if not ctx.adjustments:
            return
        f = self.f
        caps = f" ({ctx.caps})" if ctx.caps else ""
        self.text(f"Điểm thưởng, điểm trừ{caps}:", keep=True)  # never alone at a page's foot
        self.lines(
            tuple(
                f"- {'Thưởng' if a.side == 'bonus' else 'Trừ'} {f.pts(a.points)} điểm – {a.title}:"
                f" {a.reason}{f' ({a.flag})' if a.flag else ''}."
                for a in ctx.adjustments
            )
        )
        self.para()

    def conclusion(self, ctx: MinutesContext) -> None:
        report = ctx.report
        whom = ctx.subject
        official: MinutesStage | None = ctx.official
        if official is not None:
            p = self.text(f"Kết quả thẩm định chính thức ({official.label.lower()}): {whom} đạt ")
            scale = self.f.pts(report.summary.scale)
            p.add_run(f"{self.f.pts(official.score)}/{scale} điểm").bold = True
            if official.band:
                p.add_run(", xếp loại ")
                p.add_run(official.band).bold = True
            p.add_run(".")
        else:
            self.text(f"Kết quả thẩm định: {whom} đạt {ctx.dots} điểm, xếp loại {ctx.dots}.")
        if ctx.conclusion:
            self.text(ctx.conclusion)
        self.text(ctx.closing, keep=True, after=12)

    def signatures(self, ctx: MinutesContext) -> None:
        first = ctx.commune_people[0].name if ctx.commune_people else ""
        columns = [
            (f"ĐẠI DIỆN UBND {ctx.report.place.upper()}", first),
            ("THƯ KÝ", ctx.secretary.name if ctx.secretary else ""),
            ("CHỦ TỊCH HỘI ĐỒNG", ctx.chair.name if ctx.chair else ""),
        ]
        table = self.new_table(4, 3, (55, 55, 55))
        for i, row in enumerate(table.rows):
            keep_together(row)
            for j, cell in enumerate(row.cells):
                title, name = columns[j]
                text, style = [
                    (title, {"bold": True}),
                    (SIGN_HINT, {"italic": True}),
                    ("", {}),
                    (name, {"bold": True}),
                ][i]
                _lines(cell, [(text, style)])
                p = cell.paragraphs[0]
                p.paragraph_format.keep_with_next = i < 3
                if i == 2:
                    p.paragraph_format.space_before = Mm(22)


def _lines(cell: Any, lines: list[tuple[str, dict[str, Any]]], *, fresh: bool = True) -> None:
    """Centred paragraphs in ``cell``; the first goes in its existing paragraph when ``fresh``."""
    for i, (text, style) in enumerate(lines):
        p = centered(cell.paragraphs[0] if fresh and i == 0 else cell.add_paragraph())
        if text:
            styled_run(p, text, **style)


def _text_size(table: Any, size: float) -> None:
    """Every run of ``table`` at ``size`` points (LibreOffice ignores a table style's font size)."""
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(size)


def _narrow_margins(table: Any) -> None:
    """Cell margins of 1.2 mm left and right (Word's default 1.9 mm wastes narrow columns)."""
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "68")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def _properties(doc: Any, ctx: MinutesContext) -> None:
    core_properties(
        doc,
        fixed_datetime(ctx.date or ctx.report.report_date),
        f"Biên bản thẩm định – {ctx.report.place}",
        subject=ctx.title,
        keywords=f"{ctx.report.pack.id}; lần sửa {ctx.report.pack.revision}",
        comments="",
        category="",
    )
