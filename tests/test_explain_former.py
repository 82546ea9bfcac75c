"""explain with last year's code: told where the criterion went (renumbered or removed), or that
the code named another criterion last year."""

from __future__ import annotations

import pytest

from parscore.cli.main import main

from .conftest import ROOT


@pytest.mark.parametrize(
    ("code", "hint"),
    [
        ("7.1.2", "tiêu chí 7.1.2 của gói thai-nguyen/xa/2024 nay là tiêu chí 7.1.1"),
        ("2.1.1", "«Thực hiện các hoạt động về theo dõi thi hành pháp luật» có ở gói"),
    ],
)
def test_a_code_of_the_replaced_pack_is_traced(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: str, hint: str
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["explain", "evidence/dan-tien-2025.yaml", code]) == 2
    err = capsys.readouterr().err
    assert "PS501" in err and hint in err and "Traceback" not in err


def test_a_code_in_neither_pack_gets_the_nearest_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["explain", "evidence/dan-tien-2025.yaml", "9.9.9"]) == 2
    assert "có phải ý bạn là" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("code", "note"),
    [
        (
            "3.2.3",
            "Lưu ý: mã 3.2.3 ở gói thai-nguyen/xa/2024 là một tiêu chí khác, «Tỷ lệ hồ sơ đúng hạn "
            "do UBND cấp xã tiếp nhận, giải quyết», nay là tiêu chí 3.2.2 (cùng mã định danh)",
        ),
        ("7.1.1", "«Triển khai Trung tâm dữ liệu phục vụ chuyển đổi số"),
    ],
)
def test_a_code_that_named_another_criterion_last_year_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: str, note: str
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["explain", "evidence/dan-tien-2025.yaml", code]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Lưu ý: mã ") and note in out.split("\n", 1)[0]
    assert f"\n\nTiêu chí {code} – " in out  # the new pack's criterion is still explained


def test_a_code_of_the_same_criterion_both_years_has_no_note(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["explain", "evidence/dan-tien-2025.yaml", "1.2"]) == 0
    assert capsys.readouterr().out.startswith("Tiêu chí 1.2 – ")
    # asked by its stable id, 3.2.3 is meant as this year's criterion: no note either
    assert main(["explain", "evidence/dan-tien-2025.yaml", "apology-overdue"]) == 0
    assert capsys.readouterr().out.startswith("Tiêu chí 3.2.3 – ")
