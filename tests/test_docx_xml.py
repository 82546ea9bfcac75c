"""The Word report written without python-docx is what python-docx writes for the same calls:
runs, paragraphs, tables and boxes (against python-docx's own calls and the building blocks of
the minutes, themselves tested against python-docx), the package's parts, styles and
properties, byte for byte."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from typing import Any

import pytest
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml import etree

from parscore.loader import load_evidence, load_pack
from parscore.report import docx_package
from parscore.report.context import ReportContext
from parscore.report.docx_appendix import AppendixWriter
from parscore.report.docx_cells import (
    DocBuilder,
    fill_cell,
    header_row,
    keep_together,
    merge_header,
    remember_style_ids,
    set_text,
    set_widths,
    shade,
)
from parscore.report.docx_layout import core_properties, page
from parscore.report.docx_package import (
    core_xml,
    package_parts,
    reserialized,
    shell_entries,
    template_path,
)
from parscore.report.docx_styles import report_styles
from parscore.report.docx_xml import (
    BODY_END,
    BODY_START,
    FOOTER_PART,
    Cell,
    WordBody,
    esc,
    footer_xml,
    run,
)
from parscore.report.docx_zip import Deflated, _write, deflated, docx_bytes, zip_deflated
from parscore.report.filters import Formatter, vi_deadline

from .report_helpers import ROOT, context_for

TEXTS = [
    "Điểm",
    " lề trái",
    "lề phải ",
    "a\tb",
    "dòng 1\ndòng 2",
    "x\r\ny",
    "",
    "  ",
    "\u00a0không ngắt",
    "a & b <c> \"d\" 'e'",
    "\tđầu",
    "cuối\n",
]


def _field(run: Any, code: str) -> None:
    for tag, text in (("begin", None), (None, code), ("end", None)):
        if tag is not None:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), tag)
        else:
            field = OxmlElement("w:instrText")
            field.set(qn("xml:space"), "preserve")
            field.text = text
        run._r.append(field)


def _footer(doc: Any, mark: str) -> Any:
    """The report's footer made with python-docx's calls: ``mark`` in bold, "Trang N/M"."""
    footer = doc.sections[0].footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    runs = [(mark + " – ", True)] if mark else []
    for text, bold in [*runs, ("Trang ", False), ("PAGE", None), ("/", False), ("NUMPAGES", None)]:
        run = p.add_run("" if bold is None else text)
        if bold:
            run.bold = True
        run.font.size = Pt(9)
        if bold is None:
            _field(run, text)
    return footer


def _a4(section: object, *, landscape: bool) -> None:
    """The report's pages (margins 15 mm, 25 mm on a portrait page's binding side)."""
    page(section, landscape=landscape, top=15, bottom=15, left=15 if landscape else 25)


class _PythonDocx:
    """What the Word report writes, made with python-docx's own calls."""

    def __init__(self) -> None:
        self.doc = remember_style_ids(Document())
        self.f = Formatter(2, "half_up")
        _a4(self.doc.sections[0], landscape=False)
        _footer(self.doc, "")

    def para(self, text: str = "", *, center: bool = False, **style: Any) -> None:
        """The minutes' and the plan document's paragraph (itself python-docx's own calls)."""
        DocBuilder(self.doc).para(
            text, align=WD_ALIGN_PARAGRAPH.CENTER if center else None, **style
        )

    def keep_with_table(self) -> None:
        body = self.doc.element.body
        last = body[-2] if body[-1].tag == qn("w:sectPr") else body[-1]
        if last.tag == qn("w:p"):
            Paragraph(last, self.doc).paragraph_format.keep_with_next = True

    def box(self, title: str, text: str) -> None:
        self.keep_with_table()
        table = self.doc.add_table(rows=1, cols=1)
        table.style = "Table Grid"
        cell = table.rows[0].cells[0]
        shade(cell, "FDECEA")
        p = cell.paragraphs[0]
        head = p.add_run(title + " ")
        head.bold = True
        head.font.color.rgb = RGBColor(0xB7, 0x1C, 0x1C)
        p.add_run(text)
        self.para()

    def item(self, code: str, text: str) -> None:
        p = self.doc.add_paragraph(style="List Bullet")
        p.add_run(code + " ").bold = True
        p.add_run(text)

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
        self.keep_with_table()
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        header_row(table.rows[0], header)
        for i, values in enumerate(rows):
            row = table.add_row()
            if keep_rows:
                keep_together(row)
            for j, value in enumerate(values):
                fill_cell(row.cells[j], value, right=j in numeric, bold=i in strong_rows)
                if i in strong_rows:
                    shade(row.cells[j], "F3F3F3")
        set_widths(table, widths)
        self.para()


def _body(builder: _PythonDocx) -> str:
    """The serialized ``word/document.xml`` of a python-docx document."""
    xml: bytes = etree.tostring(
        builder.doc.element, encoding="UTF-8", standalone=True
    )  # as python-docx saves it
    return xml.decode("utf-8")


def _ours(body: WordBody) -> str:
    return body.document_xml().decode("utf-8")


@pytest.mark.parametrize("rpr", ["", "<w:rPr><w:b/></w:rPr>"])
@pytest.mark.parametrize("text", TEXTS)
def test_a_run_is_what_python_docx_writes(text: str, rpr: str) -> None:
    p = Document().add_paragraph()
    r = p.add_run(text)
    if rpr:
        r.bold = True
    theirs = etree.tostring(p._p, encoding="unicode")
    inner = theirs[theirs.index(">") + 1 : -len("</w:p>")] if "<w:r" in theirs else ""
    assert run(text, rpr) == inner


def test_text_python_docx_cannot_write_is_refused_as_lxml_refuses_it() -> None:
    with pytest.raises(ValueError):
        esc("a\x00b")
    with pytest.raises(ValueError):
        Document().add_paragraph().add_run("a\x00b")


def test_paragraphs_headings_items_and_boxes_are_what_python_docx_writes() -> None:
    theirs, ours = _PythonDocx(), WordBody(Formatter(2, "half_up"))
    for builder in (theirs, ours):
        builder.para("Tiêu đề", bold=True, size=13, center=True)
        builder.para()
        builder.para("nghiêng", italic=True, size=10)
        builder.para("thường")
        builder.para("", center=True)
        builder.box("⚠ Cảnh báo:", "nội dung & <chú ý>")
        builder.box("Hai hộp", "liền nhau")
        builder.item("1.2", "tiêu chí\tcó tab")
    theirs.doc.add_paragraph("Báo cáo", style="Title")
    ours.styled("Báo cáo", "Title")
    for level in (1, 2, 3):
        theirs.doc.add_heading(f"Mục {level}", level=level)
        ours.heading(f"Mục {level}", level)
    theirs.doc.add_heading("Giữ", level=1).paragraph_format.keep_with_next = True
    ours.heading("Giữ", 1, keep_next=True)
    theirs.doc.add_paragraph("cảnh báo", style="List Bullet")
    ours.styled("cảnh báo", "ListBullet")
    _a4(theirs.doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    ours.landscape_section()
    theirs.doc.add_page_break()
    ours.page_break()
    theirs.box("Ngang:", "hộp trên trang ngang")
    ours.box("Ngang:", "hộp trên trang ngang")
    assert _ours(ours) == _body(theirs)


def test_tables_are_what_python_docx_writes() -> None:
    header = ["Mã", "Tiêu chí", "Điểm", ""]
    rows: list[list[Cell]] = [
        ["1", ["dòng 1", "dòng 2"], "2,5", "x"],
        ["2 ", "a\tb", "", "y"],
        ["3", []],  # an empty list keeps the cell's empty paragraph; a short row
        ["4", "lề ", ["x", "y\nz"], "&"],
    ]
    widths = [14.0, 50.5, 20.0, 33.3]
    theirs, ours = _PythonDocx(), WordBody(Formatter(2, "half_up"))
    for builder in (theirs, ours):
        builder.para("Bảng")  # kept with the table
        for keep in (True, False):
            builder.table(header, rows, widths, numeric=[2], strong_rows=[1, 3], keep_rows=keep)
        builder.table(["A"], [], [40])
    assert _ours(ours) == _body(theirs)


def test_the_body_starts_and_ends_as_python_docx_template_does() -> None:
    theirs = _PythonDocx()
    _a4(theirs.doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    ours = WordBody(Formatter(2, "half_up"))
    ours.landscape_section()
    text = _body(theirs)
    assert _ours(ours) == text
    assert text.startswith(BODY_START) and text.endswith(BODY_END)


def _python_docx_package(when: dt.datetime) -> dict[str, bytes]:
    doc = Document()
    report_styles(doc)
    _footer(doc, "")
    core_properties(
        doc,
        when,
        "Tiêu đề & <x>",
        subject="Chủ đề",
        keywords="gói; lần sửa 1",
        comments="",
        category="",
    )
    data = docx_bytes(doc, when)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i.filename) for i in z.infolist()}


@pytest.mark.parametrize("mark", ["", "Dữ liệu mẫu (giả lập) & <x>"])
def test_the_footer_is_what_python_docx_writes(mark: str) -> None:
    """Every page of the Word report says its number (and, for invented data, says so)."""
    doc = Document()
    footer = _footer(doc, mark)
    theirs = etree.tostring(footer._element, encoding="UTF-8", standalone=True)
    assert footer_xml(mark) == theirs
    with zipfile.ZipFile(io.BytesIO(docx_bytes(doc, dt.datetime(2026, 3, 1)))) as z:
        assert z.read(FOOTER_PART) == theirs


def test_the_package_is_python_docx_template_with_the_report_styles() -> None:
    when = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    theirs = _python_docx_package(when)
    ours = package_parts(template_path().read_bytes())
    assert [name for name, _ in ours] == list(theirs)
    for name, blob in ours:
        if blob is not None:
            assert blob == theirs[name], name
    assert {name for name, blob in ours if blob is None} == {
        "word/document.xml",
        "docProps/core.xml",
        "word/footer1.xml",
    }
    core = core_xml(
        title="Tiêu đề & <x>",
        subject="Chủ đề",
        keywords="gói; lần sửa 1",
        language="vi-VN",
        when=when,
    )
    assert core == theirs["docProps/core.xml"]


@pytest.mark.parametrize(
    "xml",
    [
        b"<?xml version='1.0'?>\n<a>\n  <b/>\n  <c>\n  </c>\n  <d> </d>\n</a>\n",  # kept blanks
        b"<a><b/> <c>x</c>\n<e>\n  text\n</e></a>",  # a blank between tags on one line, text
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<a>\r\n <b/>\r\n</a>',
        b"<a>\n  <b/>\n  <c>t</c>\n</a>",  # the template's layout
    ],
)
def test_a_reparsed_part_is_what_lxml_writes_back(xml: bytes) -> None:
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    expected = etree.tostring(etree.fromstring(xml, parser), encoding="UTF-8", standalone=True)
    assert reserialized(xml) == expected


def _python_docx_plan_table(builder: _PythonDocx, ctx: ReportContext) -> None:
    """The plan appendix's table made with python-docx's own calls (merges, heights, shading)."""
    f, doc = builder.f, builder.doc
    kinds: list[tuple[str, Any]] = []
    for group in ctx.plan_groups:
        kinds.append(("field", group))
        kinds.extend((row.kind, row) for row in group.rows)
    table = doc.add_table(rows=2 + len(kinds), cols=7)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    set_widths(table, [14, 66, 62, 32, 36, 36, 16])
    top, sub = table.rows[0], table.rows[1]
    top.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    top.height = Mm(10)
    labels = ["STT", "Lĩnh vực, tiêu chí", f"Yêu cầu năm {ctx.plan_year}"]
    labels += ["Thời gian chậm nhất phải hoàn thành", "Phân công nhiệm vụ", "", "Điểm"]
    header_row(top, labels)
    header_row(sub, ["", "", "", "", "Cơ quan chủ trì thực hiện", "Cơ quan phối hợp", ""])
    merge_header(top, sub, labels, 4)
    for tr, (kind, item) in zip(table.rows[2:], kinds, strict=True):
        keep_together(tr)
        cells = tr.cells
        if kind == "field":
            fill_cell(cells[0], item.roman, bold=True)
            title = set_text(cells[1].merge(cells[5]), item.title.upper(), bold=True)
            fill_cell(cells[6], f.pts(item.stake), right=True, bold=True)
            for c in (cells[0], title, cells[6]):
                shade(c, "EEEEEE")
        elif kind == "group":
            fill_cell(cells[0], item.stt, bold=True)
            set_text(cells[1].merge(cells[5]), item.title, bold=True, italic=True)
        else:
            values = [item.stt, item.title, item.target or "—"]
            values += [vi_deadline(item.deadline, plan_style=True), item.owner or "—"]
            values += [", ".join(item.partners) or "—", f.pts(item.stake)]
            for j, value in enumerate(values):
                fill_cell(cells[j], value, right=j == 6)


def test_the_plan_appendix_table_is_what_python_docx_writes() -> None:
    pack = load_pack(ROOT / "rules" / "2025.yaml")
    ctx = context_for(*load_evidence(ROOT / "evidence" / "dan-tien-2025.yaml", pack))
    kinds = {r.kind for g in ctx.plan_groups for r in g.rows}
    assert kinds == {"group", "task"}  # fields, inner criteria and leaves
    ours = AppendixWriter(Formatter(ctx.places, ctx.mode))
    ours.plan_appendix(ctx)
    theirs = _PythonDocx()
    _python_docx_plan_table(theirs, ctx)
    table = re.compile(r"<w:tbl>.*</w:tbl>")
    expected = table.search(_body(theirs))
    assert expected is not None
    assert table.findall(_ours(ours)) == [expected.group(0)]


def test_zip_deflated_writes_what_zipfile_writes() -> None:
    when = dt.datetime(2031, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
    entries = [
        (n, b if b is not None else "Điểm".encode() * 99)
        for n, b in package_parts(template_path().read_bytes())
    ]
    entries.append(("empty.xml", b""))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, blob in entries:
            _write(z, name, blob, when)
    assert zip_deflated([deflated(n, b) for n, b in entries], when) == out.getvalue()


def _shell_files() -> list[Any]:
    folder = docx_package.private_folder("docx-report")
    assert folder is not None
    return sorted(folder.glob("shell-*.bin"))


def test_the_shell_is_kept_between_runs_and_a_damaged_copy_is_made_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setenv("PARSCORE_CACHE_DIR", str(tmp_path))
    expected = tuple(
        name if blob is None else deflated(name, blob)
        for name, blob in package_parts(template_path().read_bytes())
    )
    shell_entries.cache_clear()
    try:
        assert shell_entries() == expected  # made, then written
        (path,) = _shell_files()
        shell_entries.cache_clear()
        assert shell_entries() == expected  # read back
        for damaged in (b"", path.read_bytes()[:-1], b"parscore docx shell 1\n[[1, 2]]\n"):
            path.write_bytes(damaged)
            shell_entries.cache_clear()
            assert shell_entries() == expected
        assert isinstance(expected[-1], Deflated)
        monkeypatch.setenv("PARSCORE_CACHE_DIR", "off")
        shell_entries.cache_clear()
        assert shell_entries() == expected
    finally:
        shell_entries.cache_clear()
