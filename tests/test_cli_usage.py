"""Command-line usage mistakes a user makes: each is said by the command it concerns, in
Vietnamese, with what was most likely meant, exit code 2 and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from parscore.cli.main import main

from .conftest import ROOT, SAMPLE_COMMUNE, SAMPLE_PACK

Capture = pytest.CaptureFixture[str]
DAN_TIEN = ROOT / "evidence" / "dan-tien-2025.yaml"


def _usage_error(argv: list[str], capsys: Capture) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def test_a_misspelt_option_is_named_by_its_command_with_the_option_meant(capsys: Capture) -> None:
    err = _usage_error(["score", "--fomat", "json", str(SAMPLE_COMMUNE)], capsys)
    assert "cách dùng: parscore score" in err  # the command's usage, not the program's
    assert "parscore score: lỗi: đối số không nhận ra: --fomat" in err
    assert "có phải ý bạn là --format?" in err
    assert "Xem hướng dẫn: parscore score --help" in err
    err = _usage_error(["report", str(SAMPLE_COMMUNE), "-o", "x.md", "--projections"], capsys)
    assert "parscore report: lỗi:" in err and "có phải ý bạn là --projection?" in err


def test_a_misspelt_command_is_named_with_the_command_meant(capsys: Capture) -> None:
    err = _usage_error(["scroe", str(SAMPLE_COMMUNE)], capsys)
    assert "không có lệnh 'scroe' (gợi ý: có phải ý bạn là 'score'?)" in err
    err = _usage_error(["plandocument", str(SAMPLE_COMMUNE)], capsys)
    assert "có phải ý bạn là 'plan-document'?" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["synth", "--pack", str(SAMPLE_PACK), "-n", "abc", "-o", "x"],
        ["synth", "--pack", str(SAMPLE_PACK), "--seed", "1.5", "-o", "x"],
        ["batch", str(SAMPLE_COMMUNE), "-j", "hai"],
        ["serve", "--port", "tám nghìn"],
        ["plan", str(SAMPLE_COMMUNE), "--top", "abc"],
    ],
)
def test_every_whole_number_option_says_a_whole_number_is_needed(
    argv: list[str], capsys: Capture
) -> None:
    err = _usage_error(argv, capsys)
    assert "không phải là một số nguyên" in err
    assert "không hợp lệ" not in err  # argparse's vague sentence


@pytest.mark.parametrize("target", ["150", "-5", "100,5"])
def test_report_refuses_a_target_off_the_scale_as_plan_does(
    target: str, tmp_path: Path, capsys: Capture
) -> None:
    out = tmp_path / "bao-cao.md"
    argv = ["report", str(DAN_TIEN), "-o", str(out), "--plan", "--target", target]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"PS601 điểm mục tiêu {target} nằm ngoài thang điểm 0–100" in err
    assert not out.exists()
    assert main(["plan", str(DAN_TIEN), "--target", target]) == 2
    assert f"điểm mục tiêu {target} nằm ngoài" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "what"),
    [
        (["score", str(SAMPLE_PACK)], "là một gói quy tắc, không phải tệp minh chứng"),
        (["score", str(SAMPLE_COMMUNE), "--pack", str(SAMPLE_COMMUNE)], "không phải gói quy tắc"),
        (["diff", str(SAMPLE_PACK), str(SAMPLE_COMMUNE)], "không phải gói quy tắc"),
        (["lint", str(SAMPLE_COMMUNE)], "không phải gói quy tắc"),
    ],
)
def test_a_file_of_the_other_kind_is_one_sentence(
    argv: list[str], what: str, capsys: Capture
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count(": PS") == 1 and "PS111" in err and what in err  # not a dozen PS201


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (
            ["--target", "92"],
            "PS601 --target chỉ dùng cùng --plan (gợi ý: thêm --plan, hoặc bỏ --target)",
        ),
        (["--efforts", "x.yaml"], "PS601 --efforts chỉ dùng cùng --plan"),
        (["--self-assessment"], "PS601 --self-assessment chỉ dùng cùng --plan hoặc --projection"),
    ],
)
def test_report_names_the_one_option_that_needs_plan(
    extra: list[str], said: str, tmp_path: Path, capsys: Capture
) -> None:
    out = tmp_path / "bao-cao.md"
    assert main(["report", str(DAN_TIEN), "-o", str(out), *extra]) == 2
    err = capsys.readouterr().err
    assert said in err and not out.exists()
    assert "--target, --efforts" not in err  # not options the user did not give


def test_report_help_says_self_assessment_serves_the_projection_too(capsys: Capture) -> None:
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "(cùng --plan hoặc --projection)" in help_text


@pytest.mark.parametrize("bar", ["150", "-1", "100,01"])
def test_a_fail_under_bar_off_the_scale_is_refused_before_scoring(
    bar: str, capsys: Capture
) -> None:
    """A bar no score can reach (or every score passes) is a mistake: said, not exit 1 forever."""
    assert main(["score", str(DAN_TIEN), "--fail-under", bar]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    shown = bar.replace(".", ",")
    assert f"PS601 ngưỡng điểm {shown} nằm ngoài thang điểm 0–100" in captured.err
    assert "chọn --fail-under trong thang điểm" in captured.err
    assert main(["score", str(DAN_TIEN), "--fail-under", "100"]) == 1  # the scale itself is fine
