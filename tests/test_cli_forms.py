"""``parscore template`` and ``parscore import``: files written, never overwritten unasked."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from parscore.cli.main import main
from parscore.compiled import LoadedPack
from parscore.loader import load_evidence

from .conftest import ROOT, SAMPLE_COMMUNE, SAMPLE_PACK

Capture = pytest.CaptureFixture[str]
PACK = ["--pack", str(SAMPLE_PACK)]


def _template(tmp_path: Path, capsys: Capture) -> Path:
    form = tmp_path / "bieu-mau.xlsx"
    assert main(["template", *PACK, "--evidence", str(SAMPLE_COMMUNE), "-o", str(form)]) == 0
    assert "Đã tạo biểu mẫu" in capsys.readouterr().out
    return form


def test_template_then_import_gives_the_same_evidence(
    tmp_path: Path, capsys: Capture, sample_pack: LoadedPack
) -> None:
    form = _template(tmp_path, capsys)
    target = tmp_path / "xa-mau-2025.yaml"
    assert main(["import", str(form), "-o", str(target), *PACK]) == 0
    assert "Đã ghi minh chứng của Xã Mẫu" in capsys.readouterr().out
    back, _ = load_evidence(target, sample_pack)
    original, _ = load_evidence(SAMPLE_COMMUNE, sample_pack)
    assert back.model == original.model and back.metrics == original.metrics
    again = tmp_path / "again.yaml"
    assert main(["import", str(form), "-o", str(again), *PACK]) == 0
    assert again.read_bytes() == target.read_bytes()  # deterministic


def test_template_refuses_to_overwrite(tmp_path: Path, capsys: Capture) -> None:
    form = _template(tmp_path, capsys)
    before = form.read_bytes()
    assert main(["template", *PACK, "-o", str(form)]) == 2
    assert "không ghi đè" in capsys.readouterr().err and form.read_bytes() == before
    assert main(["template", *PACK, "-o", str(form), "--force"]) == 0
    assert form.read_bytes() != before  # the empty form replaced the prefilled one


def test_import_refuses_to_overwrite(tmp_path: Path, capsys: Capture) -> None:
    form = _template(tmp_path, capsys)
    target = tmp_path / "xa.yaml"
    target.write_text("commune: Của tôi\n", encoding="utf-8")
    assert main(["import", str(form), "-o", str(target), *PACK]) == 2
    assert "thêm --force" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "commune: Của tôi\n"
    assert main(["import", str(form), "-o", str(target), *PACK, "--force"]) == 0
    assert "Xã Mẫu" in target.read_text(encoding="utf-8")


def test_import_reports_cells_and_writes_nothing(tmp_path: Path, capsys: Capture) -> None:
    form = _template(tmp_path, capsys)
    book = openpyxl.load_workbook(form)
    sheet = book["Số liệu"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "online_rate")
    row[6].value = 150
    book.save(form)
    target = tmp_path / "xa.yaml"
    assert main(["import", str(form), "-o", str(target), *PACK]) == 2
    err = capsys.readouterr().err
    assert f"Số liệu!{row[6].coordinate}: PS505" in err and "lớn hơn mức tối đa 100" in err
    assert not target.exists()


def test_import_finds_the_pack_named_in_the_form(tmp_path: Path, capsys: Capture) -> None:
    form = _template(tmp_path, capsys)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mau.yaml").write_bytes(SAMPLE_PACK.read_bytes())
    target = tmp_path / "xa.yaml"
    assert main(["import", str(form), "-o", str(target)]) == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["template", "-o", "x.xlsx"], "cần --pack"),
        (["template", *PACK, "-o", "x.xls"], ".xlsx"),
        (["import", "khong-co.xlsx", "-o", "x.yaml", *PACK], "PS101"),
        (["import", str(SAMPLE_PACK), "-o", "x.yaml", *PACK], "PS801"),
        (["import", "x.xlsx", "-o", "x.txt", *PACK], ".yaml"),
    ],
)
def test_usage_errors(
    args: list[str], words: str, tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    assert words in capsys.readouterr().err


def test_a_form_given_where_evidence_is_expected_points_to_import(
    tmp_path: Path, capsys: Capture
) -> None:
    """Scoring a filled form directly is a common slip: the answer names the import command,
    not a text encoding the user never chose."""
    form = _template(tmp_path, capsys)
    assert main(["score", str(form), *PACK]) == 2
    err = capsys.readouterr().err
    assert "parscore import" in err and "UTF-8" not in err and "Traceback" not in err
    assert f"{form}: PS108 " in err  # the file, no line and column inside a zip
    assert main(["batch", str(form), *PACK]) == 1
    err = capsys.readouterr().err
    assert "parscore import" in err and "UTF-8" not in err
    folder = tmp_path / "bieu-mau"
    folder.mkdir()
    form.rename(folder / form.name)
    assert main(["batch", str(folder), *PACK]) == 2
    err = capsys.readouterr().err
    assert "PS601" in err and "parscore import" in err


def test_template_says_what_the_form_leaves_out(tmp_path: Path, capsys: Capture) -> None:
    data = Path(__file__).parent / "data" / "minutes"
    form = tmp_path / "bieu-mau.xlsx"
    evidence = data / "dan-tien-2025.yaml"
    pack = ["--pack", str(data / "pack.yaml")]
    assert main(["template", *pack, "--evidence", str(evidence), "-o", str(form)]) == 0
    said = capsys.readouterr().out
    assert "Lưu ý: biểu mẫu không chứa thông tin cuộc họp thẩm định" in said
    assert (
        main(["template", *PACK, "--evidence", str(SAMPLE_COMMUNE), "-o", str(form), "--force"])
        == 0
    )
    assert "Lưu ý" not in capsys.readouterr().out


def test_import_refuses_a_form_whose_round_two_columns_were_deleted(
    tmp_path: Path, capsys: Capture
) -> None:
    """Read as "no round 2", the council's second round would be lost without a word."""
    staged = ROOT / "tests/data/staged"
    pack = ["--pack", str(staged / "pack.yaml")]
    form = tmp_path / "bieu-mau.xlsx"
    assert (
        main(["template", *pack, "--evidence", str(staged / "commune.yaml"), "-o", str(form)]) == 0
    )
    book = openpyxl.load_workbook(form)
    book["Tiêu chí"].delete_cols(11, 3)
    book.save(form)
    target = tmp_path / "xa.yaml"
    target.write_text("commune: Của tôi\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(form), "-o", str(target), *pack, "--force"]) == 2
    err = capsys.readouterr().err
    assert "Tiêu chí!K1: PS802 trang 'Tiêu chí' thiếu các cột thẩm định vòng 2" in err
    assert "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "commune: Của tôi\n"  # nothing overwritten
