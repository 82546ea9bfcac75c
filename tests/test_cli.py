"""The validate / score / explain / test commands, in-process, plus one real subprocess run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from parscore.cli.main import main

from .conftest import ROOT, SAMPLE_COMMUNE, SAMPLE_PACK, TESTS

Capture = pytest.CaptureFixture[str]
SCORE = ["score", str(SAMPLE_COMMUNE), "--pack", str(SAMPLE_PACK)]


def test_validate_ok(capsys: Capture) -> None:
    assert main(["validate", str(SAMPLE_PACK)]) == 0
    assert "hợp lệ" in capsys.readouterr().out


def test_validate_many_reports_every_bad_file(capsys: Capture) -> None:
    bad1 = TESTS / "invalid" / "pack-total-mismatch.yaml"
    bad2 = TESTS / "invalid" / "pack-unknown-name.yaml"
    assert main(["validate", str(SAMPLE_PACK), str(bad1), str(bad2)]) == 2
    err = capsys.readouterr().err
    assert f"{bad1}:9:3: PS404" in err and f"{bad2}:18:52: PS302" in err
    assert "2/3 tệp có lỗi" in err


def test_validate_evidence_file(capsys: Capture) -> None:
    assert main(["validate", str(SAMPLE_COMMUNE), "--pack", str(SAMPLE_PACK)]) == 0
    assert "Xã Mẫu" in capsys.readouterr().out


def test_score_text_is_a_vietnamese_table(capsys: Capture) -> None:
    assert main(SCORE) == 0
    text = capsys.readouterr().out
    assert "Cải cách thủ tục hành chính" in text and "4,2 / 6" in text
    assert "53,5 / 100" in text and "Xếp loại: Yếu" in text
    assert "còn thiếu 36,5 điểm" in text
    assert "Tiêu chí thiếu số liệu: 1" in text and "TẠM THỜI" in text


def test_score_json_parses_and_matches(capsys: Capture) -> None:
    assert main([*SCORE, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"]["score"] == "53.5" and data["pack"]["id"] == "mau/xa/2025"


@pytest.mark.parametrize(("bar", "code"), [("53.5", 0), ("53,51", 1), ("90", 1), ("10", 0)])
def test_fail_under(bar: str, code: int, capsys: Capture) -> None:
    assert main([*SCORE, "--fail-under", bar]) == code


def test_strict_evidence_lowers_the_score(capsys: Capture) -> None:
    main([*SCORE, "--format", "json", "--strict-evidence"])
    assert json.loads(capsys.readouterr().out)["total"]["points"] == "10.2"


def test_explain_leaf_and_field(capsys: Capture) -> None:
    assert main(["explain", str(SAMPLE_COMMUNE), "3.2.2", "--pack", str(SAMPLE_PACK)]) == 0
    text = capsys.readouterr().out
    assert (
        "trên «Tổng số hồ sơ TTHC tiếp nhận» = 99,84%" in text
        and "cần ≥ 99,9% để được 1 điểm" in text
    )
    assert "on_time_rate" not in text
    assert (
        main(["explain", str(SAMPLE_COMMUNE), "on-time-commune", "--pack", str(SAMPLE_PACK)]) == 0
    )
    assert "3.2.2" in capsys.readouterr().out
    assert main(["explain", str(SAMPLE_COMMUNE), "3", "--pack", str(SAMPLE_PACK)]) == 0
    assert "Gồm các tiêu chí" in capsys.readouterr().out


def test_explain_unknown_code(capsys: Capture) -> None:
    assert main(["explain", str(SAMPLE_COMMUNE), "3.2.3", "--pack", str(SAMPLE_PACK)]) == 2
    assert "PS501" in capsys.readouterr().err


def test_missing_files_and_bad_usage(capsys: Capture, tmp_path: Path) -> None:
    assert main(["score", str(tmp_path / "none.yaml")]) == 2
    assert "không tìm thấy tệp" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["score"])
    assert exit_.value.code == 2
    assert "thiếu đối số bắt buộc" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([*SCORE, "--fail-under", "cao"])
    assert main([]) == 2


def test_pack_found_by_id_from_rules_folder(
    tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mau.yaml").write_bytes(SAMPLE_PACK.read_bytes())
    (tmp_path / "evidence").mkdir()
    target = tmp_path / "evidence" / "x.yaml"
    target.write_bytes(SAMPLE_COMMUNE.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert main(["score", str(target)]) == 0
    target.write_text(
        SAMPLE_COMMUNE.read_text(encoding="utf-8").replace("mau/xa/2025", "mau/xa/2052"),
        encoding="utf-8",
    )
    assert main(["score", str(target)]) == 2
    assert "PS506" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["score"], ["explain", "1.2"]])
def test_a_pack_of_another_province_names_both_provinces(
    monkeypatch: pytest.MonkeyPatch, capsys: Capture, command: list[str]
) -> None:
    """--pack of another province said only that the pack ids differ."""
    monkeypatch.chdir(ROOT)
    evidence, pack = "evidence/dan-tien-2025.yaml", "rules/lam-dong-2025.yaml"
    assert main([command[0], evidence, *command[1:], "--pack", pack]) == 2
    err = capsys.readouterr().err
    assert "PS506" in err and "Traceback" not in err
    assert (
        "tệp minh chứng dùng gói 'thai-nguyen/xa/2025' của tỉnh Thái Nguyên nhưng gói được chọn "
        "là 'lam-dong/xa/2025' của tỉnh Lâm Đồng"
    ) in err


def test_pack_test_command(capsys: Capture) -> None:
    cases = sorted(str(p) for p in (TESTS / "cases").glob("*.yaml"))
    assert main(["test", str(SAMPLE_PACK), *cases]) == 0
    assert "0 ca không đạt" in capsys.readouterr().out


@pytest.mark.slow
def test_real_subprocess_run() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "parscore", *SCORE, "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, check=False, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total"]["band"] == "Yếu"
    bad = subprocess.run(
        [sys.executable, "-m", "parscore", "validate", str(TESTS / "invalid" / "pack-python-tag.yaml")],
        capture_output=True, text=True, cwd=ROOT, check=False, timeout=60,
    )  # fmt: skip
    assert bad.returncode == 2 and "PS104" in bad.stderr and "Traceback" not in bad.stderr


def test_write_output_is_atomic_and_keeps_ordinary_permissions(tmp_path: Path) -> None:
    import os

    from parscore.cli.common import write_output
    from parscore.errors import UsageError

    target = tmp_path / "out.txt"
    write_output(str(target), b"one")
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
    with pytest.raises(UsageError):
        write_output(str(target), b"two", force=False)
    assert target.read_bytes() == b"one"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_explain_a_tracked_target_says_met_or_not_never_points(capsys: Capture) -> None:
    """A tracked target has no points: 'Điểm: 0 / 0 (đạt tối đa)' and '→ 0 điểm' misread."""
    dan_tien = str(ROOT / "evidence" / "dan-tien-2025.yaml")
    assert main(["explain", dan_tien, "9.1.1"]) == 0
    text = capsys.readouterr().out
    assert "Chỉ tiêu theo dõi (không tính điểm): chưa đạt" in text
    assert "không được đáp ứng: chưa đạt." in text
    assert "Quy tắc: Đạt khi «" in text and "(chỉ tiêu theo dõi, không tính điểm)" in text
    assert "0 / 0" not in text and "0 điểm" not in text and "tự chấm 0" not in text
    assert main(["explain", dan_tien, "9"]) == 0
    text = capsys.readouterr().out
    assert "Chỉ tiêu theo dõi (không tính điểm): đạt một phần" in text
    assert "9.2             theo dõi  đạt" in text and "0 / 0" not in text
    assert main(["score", dan_tien]) == 0
    assert "theo dõi  đạt một phần" in capsys.readouterr().out
