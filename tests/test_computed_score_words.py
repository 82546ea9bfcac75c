"""The score parscore computes from the commune's data (documents missing still counted) is named as
the web app's score panel names it, «điểm tính từ số liệu», wherever the command line, a plan, a
projection or a plan document shows it: never «điểm tự đánh giá», which is the commune's own
self-assessment (its «tự chấm» points, the form its leader submits)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parscore.cli.main import main

from .report_helpers import CASES, PACK_OF, ROOT

DAN_TIEN = str(ROOT / "evidence" / "dan-tien-2025.yaml")
Capture = pytest.CaptureFixture[str]


def test_a_plan_names_the_computed_score_beside_the_appraisal_one(capsys: Capture) -> None:
    main(["plan", DAN_TIEN])  # under appraisal rules: the other figure is the computed one
    out = capsys.readouterr().out
    assert "; điểm tính từ số liệu tương ứng: 90,2 (Tốt). Hội đồng thẩm định" in out
    main(["plan", DAN_TIEN, "--self-assessment"])
    out = capsys.readouterr().out
    assert "Sau kế hoạch: 90,2 (Tốt) theo điểm tính từ số liệu; khi thẩm định (" in out
    assert "tự đánh giá" not in out


def test_a_projection_says_it_is_the_computed_score(capsys: Capture) -> None:
    main(["project", DAN_TIEN, "--self-assessment"])
    out = capsys.readouterr().out
    assert "Điểm tính từ số liệu (tài liệu thiếu vẫn giữ điểm)." in out
    assert "tự đánh giá" not in out


def test_the_plan_document_names_the_computed_score(tmp_path: Path) -> None:
    target = tmp_path / "ke-hoach.md"
    assert main(["plan-document", DAN_TIEN, "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert (
        "Chỉ số CCHC của xã Dân Tiến đạt 86,79 điểm (xếp loại Tốt) theo điểm tính từ số liệu;"
        " nếu thẩm định ngay" in text
    )
    assert "; điểm tính từ số liệu tương ứng là 90,2 điểm (xếp loại Tốt)." in text
    assert "tự đánh giá" not in text


@pytest.mark.parametrize("command", ["plan", "plan-document", "project", "report"])
def test_self_assessment_option_helps_in_the_same_words(command: str, capsys: Capture) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "theo điểm tính từ số liệu" in help_text or "dự báo điểm tính từ số liệu" in help_text
    assert "tự đánh giá" not in help_text


def test_the_stage_tables_name_the_computed_column_the_same_way(capsys: Capture) -> None:
    staged = CASES["staged"]
    main(["score", str(staged), "--pack", str(PACK_OF[staged])])
    out = capsys.readouterr().out
    head = out.split("Điểm theo giai đoạn:\n")[1].splitlines()[0].split()
    assert head[:4] == ["Tính", "từ", "số", "liệu"]
