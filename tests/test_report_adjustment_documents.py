"""Reports list the documents behind each bonus or penalty item (điểm thưởng, điểm trừ) as they
list a criterion's: an auditor reading the Word, HTML or Markdown report sees which document
justifies a bonus or a penalty (the JSON result names them in ``adjustments``). Such a document
may be of any kind: bonus and penalty items ask for none."""

from __future__ import annotations

from pathlib import Path

import pytest

from parscore.cli.main import main
from parscore.loader import load_evidence, load_pack

from .conftest import DATA
from .report_helpers import cell_texts, docx_tables, parse_html

BONUS = DATA / "bonus"
PACK = BONUS / "pack.yaml"

# T1 (a bonus) and V1 (a penalty) are each supported by a document; T2 and T3 by none
DOCUMENTS = """documents:
  - id: qd-45
    kind: quyet_dinh
    title: Quyết định công nhận sáng kiến «Tiếp nhận hồ sơ lưu động tại thôn»
    number: 45/QĐ-UBND
    issued: 2025-09-12
    issuer: UBND tỉnh Thái Nguyên
    supports: [ T1 ]
  - id: tb-88
    kind: van_ban
    title: Thông báo nhắc nhở chậm gửi báo cáo quý III
    number: 88/TB-SNV
    issued: 2025-10-20
    supports: [ V1 ]
"""
T1_DOCUMENT = (
    "45/QĐ-UBND – Quyết định công nhận sáng kiến «Tiếp nhận hồ sơ lưu động tại thôn» (12/09/2025)"
)
V1_DOCUMENT = "88/TB-SNV – Thông báo nhắc nhở chậm gửi báo cáo quý III (20/10/2025)"


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    text = (BONUS / "dan-tien-2025.yaml").read_text(encoding="utf-8")
    assert text.count("\ndocuments:\n") == 1
    path = tmp_path / "dan-tien.yaml"
    path.write_text(text.replace("\ndocuments:\n", "\n" + DOCUMENTS, 1), encoding="utf-8")
    return path


def _report(evidence: Path, suffix: str) -> bytes:
    out = evidence.with_suffix(suffix)
    assert main(["report", str(evidence), "--pack", str(PACK), "-o", str(out)]) == 0
    return out.read_bytes()


def test_word_report_lists_the_documents_of_each_bonus_and_penalty_item(
    evidence: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tables = docx_tables(_report(evidence, ".docx"))
    [table] = [t for t in tables if t[0][:2] == ["Mã", "Mục"]]
    assert table[0][-1] == "Tài liệu kiểm chứng"
    rows = {row[0]: row for row in table[1:]}
    assert list(rows) == ["T1", "T2", "T3", "V1"]
    assert rows["T1"][2:5] == [
        "+1,5",
        "Điểm thưởng",
        "Sáng kiến «Tiếp nhận hồ sơ lưu động tại thôn» được UBND tỉnh công nhận"
        " (Quyết định số 45/QĐ-UBND)",
    ]
    assert rows["T1"][-1] == T1_DOCUMENT
    assert rows["V1"][2:4] == ["−0,5", "Điểm trừ"]
    assert rows["V1"][-1] == V1_DOCUMENT
    assert rows["T2"][-1] == "—"  # nothing supports it: as a criterion with no document
    # a criterion's documents are written the same way, by the same helper
    trace = next(t for t in tables if t[0][:2] == ["Mã", "Tiêu chí"] and len(t[0]) == 6)
    plan_row = next(row for row in trace if row[0] == "1.2")
    assert "14/KH-UBND – Kế hoạch số 14/KH-UBND" in plan_row[-1]
    assert plan_row[-1].endswith("(23/07/2025)")


def test_html_report_lists_the_documents_of_each_bonus_and_penalty_item(
    evidence: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = parse_html(_report(evidence, ".html").decode("utf-8"))
    table = page.find("table", class_="trace adjustments")
    header = cell_texts(table.find("thead").find("tr"))
    assert header == ["Mã", "Mục", "Điểm", "Loại", "Lý do", "Tài liệu kiểm chứng"]
    rows = {r.attrs["data-code"]: cell_texts(r) for r in table.find("tbody").find_all("tr")}
    assert list(rows) == ["T1", "T2", "T3", "V1"]
    assert rows["T1"][2:4] == ["+1,5", "Điểm thưởng"]
    assert rows["T1"][-1] == T1_DOCUMENT
    assert rows["V1"][-1] == V1_DOCUMENT
    assert rows["T3"][-1] == "—"


def test_markdown_report_lists_the_documents_of_each_bonus_and_penalty_item(
    evidence: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _report(evidence, ".md").decode("utf-8")
    section = text[text.index("### Điểm thưởng, điểm trừ") :]
    t1 = section[section.index("**T1.") : section.index("**T2.")]
    assert f"- Tài liệu: {T1_DOCUMENT}" in t1.replace("\\", "")
    v1 = section[section.index("**V1.") : section.index("## Phụ lục III")]
    assert f"- Tài liệu: {V1_DOCUMENT}" in v1.replace("\\", "")


def test_a_document_of_any_kind_may_support_a_bonus_or_penalty_item(tmp_path: Path) -> None:
    # bonus and penalty items ask for no kind of document: a notice supporting V1 only is not
    # "a kind the pack never asks for" (it was W020, "tài liệu cho tiêu chí V1")
    text = (BONUS / "dan-tien-2025.yaml").read_text(encoding="utf-8")
    notice = (
        "documents:\n"
        "  - { id: tb-88, kind: thong_bao, title: Thông báo nhắc nhở, supports: [ V1 ] }\n"
        '  - { id: tb-89, kind: thong_bao, title: Thông báo khác, supports: [ V1, "1.1" ] }\n'
    )
    path = tmp_path / "dan-tien.yaml"
    path.write_text(text.replace("\ndocuments:\n", "\n" + notice, 1), encoding="utf-8")
    evidence, _ = load_evidence(path, load_pack(PACK))
    [warning] = [w for w in evidence.warnings if w.code == "W020"]
    assert "'tb-89'" in warning.message and "(tài liệu cho tiêu chí 1.1)" in warning.message
