"""Reports, explain and diff tell the truth about sources: a "Giả định" section, citations by title.

parscore.report.assumptions builds the section's lines; every user-facing citation goes through
``parscore.model.citation.cite``, so no seed file name reaches a commune officer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parscore.cli.main import main
from parscore.loader import load_pack
from parscore.report.assumptions import pack_assumptions

from .conftest import ROOT

Capture = pytest.CaptureFixture[str]
DAN_TIEN_TITLE = "Kế hoạch duy trì, cải thiện và nâng cao Chỉ số CCHC xã Dân Tiến năm 2025"


def test_assumption_lines_name_each_pack_wide_value_and_count_the_criteria() -> None:
    lines = pack_assumptions(load_pack(ROOT / "rules" / "2025.yaml").model)
    bands = next(line for line in lines if line.startswith("Các mức xếp loại"))
    assert "(giả định)" in bands and "80,35" in bands and "61,33" in bands
    goal = next(line for line in lines if line.startswith("Mục tiêu mặc định"))
    assert "(mượn của văn bản khác)" in goal and DAN_TIEN_TITLE in goal
    assert any(line.startswith("Mức công sức") for line in lines)
    assert any(line.startswith("Danh mục tài liệu kiểm chứng") for line in lines)
    assert lines[-1].startswith("Điểm tối đa, ngưỡng của 84 mục tiêu chí: 0 chính thức, 4 mượn")


def test_a_pack_without_sources_says_so() -> None:
    lines = pack_assumptions(load_pack(ROOT / "tests" / "lint_cases" / "clean.yaml").model)
    assert len(lines) == 1  # pack-wide values all official: only the count of the criteria
    assert lines[0].startswith("Điểm tối đa, ngưỡng của 4 mục tiêu chí: 3 chính thức")
    lines = pack_assumptions(
        load_pack(ROOT / "tests" / "lint_cases" / "pack-value-without-source.yaml").model
    )
    assert (
        "Các mức xếp loại: chưa ghi nguồn." in lines
        and "Mục tiêu mặc định: chưa ghi nguồn." in lines
    )


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_quang_son_report_reads_as_its_own_plan(suffix: str, tmp_path: Path) -> None:
    out = tmp_path / f"quang-son{suffix}"
    assert main(["report", str(ROOT / "evidence" / "quang-son-2025.yaml"), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Giả định" in text and "Xã Quảng Sơn, tỉnh Lâm Đồng" in text
    assert "Kế hoạch cải cách hành chính nhà nước xã Quảng Sơn năm 2025" in text
    assert ".txt" not in text and "seed" not in text and "Thái Nguyên" not in text
    # the appendix follows the plan's own order: I Thể chế … VII Chỉ đạo, điều hành
    assert text.index("CẢI CÁCH THỂ CHẾ") < text.index("CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH")


def test_explain_cites_the_document_by_its_title(capsys: Capture) -> None:
    assert main(["explain", str(ROOT / "evidence" / "dan-tien-2025.yaml"), "1.2"]) == 0
    out = capsys.readouterr().out
    assert f"Nguồn: {DAN_TIEN_TITLE}, Phụ lục, mục 1.2 (giả định)" in out
    assert ".txt" not in out


def test_diff_cites_documents_by_their_titles(capsys: Capture) -> None:
    main(["diff", str(ROOT / "rules" / "2024.yaml"), str(ROOT / "rules" / "2025.yaml")])
    out = capsys.readouterr().out
    assert f"«{DAN_TIEN_TITLE}, Phụ lục, mục 1.1»" in out
    assert ".txt" not in out and "seed" not in out
