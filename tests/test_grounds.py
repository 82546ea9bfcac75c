"""What a commune's plan or appraisal minutes cite from a pack's legal basis."""

from __future__ import annotations

import datetime as dt

import pytest

from parscore.loader import load_evidence, load_pack
from parscore.report.grounds import document_grounds, issued_on, names_a_commune

from .conftest import ROOT

PROVINCE_PLAN = "Kế hoạch số 132/KH-UBND ngày 28/5/2025 của Chủ tịch UBND tỉnh Thái Nguyên"
DECISION = "QĐ 2648/QĐ-UBND ngày 31/12/2025 của UBND tỉnh Thái Nguyên về Chỉ số CCHC cấp xã"


@pytest.mark.parametrize(
    ("entry", "commune"),
    [
        ("Kế hoạch số 57/KH-UBND ngày 25/8/2023 của UBND xã Hà Châu", True),
        ("Kế hoạch nâng cao Chỉ số CCHC (Par Index) xã Dân Tiến năm 2025", True),
        ("Kế hoạch của UBND phường Phan Đình Phùng", True),
        ("Kế hoạch của UBND thị trấn Hùng Sơn", True),
        ("Kế hoạch cải cách hành chính Xã Quảng Sơn", True),
        (DECISION, False),  # "cấp xã" names no commune
        ("bộ tiêu chí của 124 xã, phường, đặc khu", False),
        ("Chỉ số CCHC của các xã trong tỉnh", False),
        (PROVINCE_PLAN, False),
    ],
)
def test_a_commune_is_named_by_a_unit_word_and_a_capitalised_name(entry: str, commune: bool):
    assert names_a_commune(entry) is commune


def test_the_date_of_a_citation():
    assert issued_on(PROVINCE_PLAN) == dt.date(2025, 5, 28)
    assert issued_on("ngày 31/02/2025, sửa ngày 1/3/2025") == dt.date(2025, 3, 1)  # 31/02: none
    assert issued_on("Kế hoạch (tháng 01/2026)") is None


def test_grounds_leave_out_communes_own_plans_and_later_documents():
    basis = [DECISION, PROVINCE_PLAN, "Kế hoạch năm 2025 của xã Dân Tiến", "Luật Tổ chức"]
    assert document_grounds(basis, dt.date(2025, 10, 31)) == [PROVINCE_PLAN, "Luật Tổ chức"]
    assert document_grounds(basis, dt.date(2025, 12, 31)) == [
        DECISION,
        PROVINCE_PLAN,
        "Luật Tổ chức",
    ]
    assert document_grounds(basis, None) == [DECISION, PROVINCE_PLAN, "Luật Tổ chức"]


def test_another_communes_plan_document_cites_no_other_communes_plan(tmp_path):
    """A commune of the province on the pack built from Dân Tiến's plan: its plan cites the
    province's plan, not Dân Tiến's, and no decision issued after its data date."""
    from parscore.planning import plan_fixes
    from parscore.report.plan_document import build_plan_document

    pack = load_pack(ROOT / "rules" / "2025.yaml")
    text = (ROOT / "evidence" / "dan-tien-2025.yaml").read_text(encoding="utf-8")
    other = tmp_path / "tan-khanh.yaml"
    other.write_text(text.replace("commune: Dân Tiến", "commune: Tân Khánh", 1), encoding="utf-8")
    evidence, _ = load_evidence(other, pack)
    assert evidence.model.commune == "Tân Khánh"
    doc = build_plan_document(pack, evidence, plan_fixes(pack, evidence))
    assert doc.intro.startswith(f"Thực hiện {PROVINCE_PLAN} về duy trì")
    assert "Dân Tiến" not in doc.intro and "2648" not in doc.intro  # (issued 31/12, data 31/10)


def test_appraisal_minutes_cite_the_province_not_the_communes_own_plan():
    from parscore.model.evidence import AppraisalMeeting
    from parscore.report.minutes import build_minutes
    from parscore.scoring import score

    pack = load_pack(ROOT / "rules" / "2025.yaml")
    evidence, _ = load_evidence(ROOT / "evidence" / "dan-tien-2025.yaml", pack)
    result = score(pack, evidence)
    meeting = AppraisalMeeting(date=dt.date(2026, 1, 15))
    [grounds, _method] = build_minutes(result, pack, evidence, meeting=meeting).basis
    assert (
        grounds
        == f"Căn cứ {DECISION}; {PROVINCE_PLAN} về duy trì, cải thiện và nâng cao Chỉ số CCHC tỉnh năm 2025;"
    )
    # a meeting before the decision was issued cannot rest on it
    early = build_minutes(
        result, pack, evidence, meeting=AppraisalMeeting(date=dt.date(2025, 12, 1))
    )
    assert "2648" not in early.basis[0] and "Dân Tiến" not in early.basis[0]
