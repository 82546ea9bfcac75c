"""``parscore plan-document``: the whole plan in the Nghị định 30/2020 layout (parscore.report.plan_document,
parscore.report.docx_plan_document, parscore.report.plan_document_rows, parscore.cli.plan_document_cmd), with goldens for .html and .docx."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest

from parscore.cli.main import main
from parscore.loader import load_evidence, load_pack

from .report_helpers import GOLDEN, ROOT

UPDATE = os.environ.get("PARSCORE_UPDATE_GOLDEN") == "1"
DAN_TIEN = ROOT / "evidence" / "dan-tien-2025.yaml"
PACK_2025 = ROOT / "rules" / "2025.yaml"

DOCUMENT_BLOCK = """
document:
  number: "15/KH-UBND"
  date: 2025-11-05
  signer: "Hoàng Văn Thảo"
  signer_title: "KT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH"
  recipients: [ "Sở Nội vụ", "Thường trực Đảng ủy xã", "Lưu: VT" ]
  coordinator: "Phòng Văn hóa - Xã hội"
"""


def document_xml(data: bytes) -> str:
    """The Word file's body, one paragraph or row per line (a reviewable golden)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return re.sub(r"(</w:p>|</w:tr>|<w:tbl>|</w:tbl>)", r"\1\n", xml)


def _make(tmp_path: Path, name: str, *extra: str, evidence: Path = DAN_TIEN) -> Path:
    target = tmp_path / name
    assert main(["plan-document", str(evidence), "-o", str(target), *extra]) == 0
    return target


def _golden(name: str, text: str) -> None:
    golden = GOLDEN / name
    if UPDATE:
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"missing {golden.name}: run make update-golden"
    assert text == golden.read_text(encoding="utf-8"), f"{name} differs: review, make update-golden"


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_golden_plan_document(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    data = _make(tmp_path, f"ke-hoach.{fmt}").read_bytes()
    text = document_xml(data) if fmt == "docx" else data.decode("utf-8")
    _golden(f"plan-document-dan-tien.{'document.xml' if fmt == 'docx' else 'html'}", text)
    assert _make(tmp_path, f"lan-hai.{fmt}").read_bytes() == data  # byte-identical


def test_layout_and_every_criterion_in_the_pack_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html = _make(tmp_path, "ke-hoach.html").read_text(encoding="utf-8")
    for words in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN",
        "Số: ……/KH-UBND",
        "Dân Tiến, ngày …… tháng …… năm 2025",
        "Duy trì, cải thiện và nâng cao Chỉ số CCHC xã Dân Tiến năm 2025",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. MỤC TIÊU",
        "III. NHIỆM VỤ VÀ GIẢI PHÁP",
        "IV. TỔ CHỨC THỰC HIỆN",
        "Nơi nhận:",
        "Tổ chức thêm 9 lượt bồi dưỡng (tỷ lệ 85% → 100%)",
        "điểm dự kiến khi thẩm định là 90,2 điểm",
        "đến ngày 31/12/2025 dự kiến đạt 87,32 điểm",
        "Cơ quan chủ trì thực hiện",
    ):
        assert words in html, words
    pack = load_pack(PACK_2025)
    codes = re.findall(r"<tr(?: class=\"[a-z ]+\")?><td>([^<]+)</td>", html)
    expected = [
        (
            ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"][int(c.code) - 1]
            if "." not in c.code
            else c.code
        )
        for c in pack.walk()
    ]
    assert codes == expected  # every criterion, the pack's order and numbering
    assert '<tr class="hot"><td>5.3</td>' in html and "<tr><td>1.3</td>" in html


def test_commune_fields_fill_the_blanks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evidence = tmp_path / "dan-tien-2025.yaml"
    evidence.write_text(DAN_TIEN.read_text(encoding="utf-8") + DOCUMENT_BLOCK, encoding="utf-8")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "2025.yaml").write_text(PACK_2025.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_evidence(evidence)[0].model.document is not None
    md = _make(tmp_path, "ke-hoach.md", evidence=evidence).read_text(encoding="utf-8")
    assert "Số: 15/KH-UBND" in md and "Dân Tiến, ngày 05 tháng 11 năm 2025" in md
    assert "**KT. CHỦ TỊCH – PHÓ CHỦ TỊCH**" in md and "**Hoàng Văn Thảo**" in md
    assert "- Sở Nội vụ;" in md and "- Lưu: VT." in md
    assert "(qua Phòng Văn hóa - Xã hội)" in md
    assert "Kèm theo Kế hoạch số 15/KH-UBND ngày 05 tháng 11 năm 2025" in md


def test_marks_can_be_switched_off(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    marked = _make(tmp_path, "a.html").read_text(encoding="utf-8")
    plain = _make(tmp_path, "b.html", "--no-marks").read_text(encoding="utf-8")
    assert "Trọng tâm" in marked and "Trọng tâm" not in plain
    assert '<tr class="hot"><td>5.3</td>' in plain  # still bold


def test_format_by_option_templates_and_no_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = tmp_path / "mau"
    own.mkdir()
    (own / "plan_document.md.j2").write_text("Kế hoạch {{ subject }}\n", encoding="utf-8")
    target = _make(tmp_path, "ke-hoach.txt", "--format", "md", "--templates", str(own))
    assert target.read_text(encoding="utf-8") == (
        "Kế hoạch Duy trì, cải thiện và nâng cao Chỉ số CCHC xã Dân Tiến năm 2025\n"
    )
    assert main(["plan-document", str(DAN_TIEN), "-o", str(target), "--format", "md"]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["plan-document", str(DAN_TIEN), "-o", str(tmp_path / "x.pdf")]) == 2


def test_word_layout_follows_decree_30(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import docx

    doc = docx.Document(str(_make(tmp_path, "ke-hoach.docx")))
    body, appendix = doc.sections
    mm = [
        round(x.mm)
        for x in (body.top_margin, body.bottom_margin, body.left_margin, body.right_margin)
    ]
    assert (round(body.page_width.mm), round(body.page_height.mm)) == (210, 297)
    assert mm == [20, 20, 30, 15]
    assert round(appendix.page_width.mm) == 297  # the appendix is landscape
    assert body.different_first_page_header_footer and "PAGE" in body.header._element.xml
    # the appendix is numbered on its own, its first page unnumbered (Nghị định 30/2020)
    number = appendix._sectPr.find(docx.oxml.ns.qn("w:pgNumType"))
    assert number is not None and number.get(docx.oxml.ns.qn("w:start")) == "1"
    assert body._sectPr.find(docx.oxml.ns.qn("w:pgNumType")) is None
    assert appendix.different_first_page_header_footer and appendix.header.is_linked_to_previous
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.styles["Normal"].font.size.pt == 14
    table = doc.tables[-1]
    assert all("tblHeader" in table.rows[i]._tr.xml for i in (0, 1))  # both header rows repeat
    assert all("cantSplit" in row._tr.xml for row in table.rows)


def test_report_keeps_a_table_with_what_introduces_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import docx
    from docx.oxml.ns import qn

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1762300800")
    target = tmp_path / "bao-cao.docx"
    assert main(["report", str(DAN_TIEN), "-o", str(target), "--plan", "--projection"]) == 0
    body = docx.Document(str(target)).element.body
    children = list(body)
    for i, child in enumerate(children):
        if child.tag == qn("w:tbl") and i > 0 and children[i - 1].tag == qn("w:p"):
            p_pr = children[i - 1].find(qn("w:pPr"))
            style = p_pr.find(qn("w:pStyle")) if p_pr is not None else None
            keep = p_pr is not None and p_pr.find(qn("w:keepNext")) is not None
            heading = style is not None and style.get(qn("w:val")).startswith("Heading")
            assert keep or heading, f"table {i} may start alone on a new page"


def test_a_heading_row_of_the_appendix_stays_with_its_first_criterion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # LibreOffice left "IV CẢI CÁCH TỔ CHỨC BỘ MÁY …" and "4.1 …" alone at a page's foot, their
    # criteria on the next page: a field's or group's row is kept with the next one
    import docx

    table = docx.Document(str(_make(tmp_path, "ke-hoach.docx"))).tables[-1]
    keep: dict[str, bool] = {}
    for row in table.rows[2:]:
        stt = row.cells[0].text
        paragraphs = [p for cell in row.cells for p in cell.paragraphs]
        keep[stt] = all(p.paragraph_format.keep_with_next for p in paragraphs)
    assert keep["IV"] and keep["4.1"] and keep["9.2"]
    assert not keep["4.1.1"] and not keep["1.1"]  # criteria rows may end a page


def _printed_pages(html: Path, tmp_path: Path) -> list[str]:
    """The HTML file printed by Chromium (as a reader prints it), each page's text."""
    import shutil
    import subprocess

    chromium = Path("/usr/bin/chromium")
    if not chromium.exists() or shutil.which("pdftotext") is None:
        pytest.skip("cần Chromium và pdftotext (apt-get install chromium poppler-utils)")
    from playwright.sync_api import sync_playwright

    pdf = tmp_path / "in.pdf"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(html.as_uri())
        page.pdf(path=str(pdf), prefer_css_page_size=True)
        browser.close()
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


@pytest.mark.slow
def test_printed_html_keeps_the_signature_and_heading_rows_with_what_they_belong_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Chromium printed the signature block alone on page 4 (the closing paragraph on page 3) and
    # left the row "9.3 Chỉ số tính năng động …" at the foot of a page without its criteria
    pages = _printed_pages(_make(tmp_path, "ke-hoach.html"), tmp_path)
    [signed] = [p for p in pages if "Nơi nhận:" in p]
    assert "Trên đây là Kế hoạch" in signed
    row = re.compile(r"^ {0,3}([IVX]+|\d+(?:\.\d+)*) +\S", re.M)
    roman = dict(
        zip("123456789", ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"], strict=True)
    )
    heads = set()
    for field in load_pack(PACK_2025).model.criteria:
        heads.add(roman[field.code])
        heads.update(c.code for c in field.children or () if c.children)
    assert {"IV", "4.1", "9.3"} <= heads
    start = next(i for i, p in enumerate(pages) if "PHỤ LỤC" in p)
    assert len(pages) - start > 5  # the appendix runs over many pages
    for page in pages[start:]:
        rows = row.findall(page)
        assert not rows or rows[-1] not in heads, f"row {rows[-1]} ends a printed page"


def test_points_past_their_deadline_are_not_called_points_that_can_rise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 4.2.2's inspection was due 30/11/2025 and came on 05/12 (1,05 points lost for good): the
    # document said "còn 3,15 điểm có thể tăng (tiêu chí 4.1.2, 4.2.2)"
    text = DAN_TIEN.read_text(encoding="utf-8")
    late = tmp_path / "late.yaml"
    late.write_text(
        text.replace("as_of: 2025-10-31", "as_of: 2025-12-10").replace(
            "decentral_inspection_date: 2025-10-20", "decentral_inspection_date: 2025-12-05"
        ),
        encoding="utf-8",
    )
    out = _make(tmp_path, "late.md", evidence=late).read_text(encoding="utf-8")
    assert (
        "- Lĩnh vực IV. Cải cách tổ chức bộ máy hành chính nhà nước: đạt 7,35/10,5 điểm khi thẩm"
        " định, còn 2,1 điểm có thể tăng (tiêu chí 4.1.2); 1,05 điểm không thể lấy lại trong năm"
        " (tiêu chí 4.2.2: đã quá hạn)."
    ) in out
    # after the year: only documents still count; a value not declared yet stays open
    ended = tmp_path / "ended.yaml"
    ended.write_text(text.replace("as_of: 2025-10-31", "as_of: 2026-01-20"), encoding="utf-8")
    out = _make(tmp_path, "ended.md", evidence=ended).read_text(encoding="utf-8")
    assert (
        "đạt 5,75/8,5 điểm khi thẩm định, còn 1 điểm có thể tăng (tiêu chí 6.2.3); 1,75 điểm không"
        " thể lấy lại trong năm (tiêu chí 6.1.1, 6.2.2, 6.3.2: năm đã kết thúc)."
    ) in out
    assert "còn 0,5 điểm có thể tăng (tiêu chí 3.1.6)" in out  # its document can still be attached


def test_a_plan_made_after_the_year_asks_for_no_more_solutions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # in January the document still said "cần thêm giải pháp cho các tiêu chí tại mục III" and
    # listed the same "Năm 2025 đã kết thúc" line for each of 18 criteria
    ended = tmp_path / "ended.yaml"
    text = DAN_TIEN.read_text(encoding="utf-8")
    ended.write_text(text.replace("as_of: 2025-10-31", "as_of: 2026-01-20"), encoding="utf-8")
    out = _make(tmp_path, "ended.md", evidence=ended).read_text(encoding="utf-8")
    assert "cần thêm giải pháp" not in out
    assert (
        "- Năm 2025 đã kết thúc: số liệu của năm không thay đổi được nữa; bổ sung đủ tài liệu"
        " kiểm chứng, điểm khi thẩm định đạt 86,79 điểm (xếp loại Tốt), chưa đạt mục tiêu 90 điểm."
    ) in out
    assert out.count("Năm 2025 đã kết thúc (số liệu tính đến 20/01/2026)") == 1
    assert "- Tiêu chí 1.1, 1.2, 3.1.5, 3.1.6," in out
