"""A maximum shown beside points is rounded as the points are (the pack's rounding rule).

Lâm Đồng's 2025 pack gives its field 5 criteria 0,90625 points each (7,25 / 8): its outputs read
"0,91 / 0,91", never "0,91 / 0,90625", points above their maximum. Machine outputs (JSON) keep the
exact maximum.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from parscore.cli.main import main
from parscore.loader import load_evidence, load_pack
from parscore.planning.describe import rescale_note
from parscore.scoring import score

from .conftest import ROOT

Capture = pytest.CaptureFixture[str]
LAM_DONG = ROOT / "rules" / "lam-dong-2025.yaml"
QUANG_SON = ROOT / "evidence" / "quang-son-2025.yaml"
EXACT = re.compile(r"90625|34375|59375")  # 0,90625; field 5's 6,34375; the total's 82,59375


def _run(capsys: Capture, *args: str) -> str:
    assert main([*args, "--pack", str(LAM_DONG)]) in (0, 1)
    return capsys.readouterr().out


def test_score_text_rounds_the_maxima_beside_the_points(capsys: Capture) -> None:
    text = _run(capsys, "score", str(QUANG_SON))
    assert re.search(r"Cải cách tài chính công\s+4,08 / 6,34  một phần", text)
    assert "Tổng điểm: 69,76 / 82,59 điểm áp dụng → 84,46 / 100 điểm" in text
    assert not EXACT.search(text)


def test_explain_rounds_the_maxima_beside_the_points(capsys: Capture) -> None:
    field = _run(capsys, "explain", str(QUANG_SON), "5")
    assert "Điểm: 4,08 / 6,34 (một phần)" in field
    assert re.search(r"5\.3\s+0,91 / 0,91  đạt tối đa", field)
    assert not EXACT.search(field)
    leaf = _run(capsys, "explain", str(QUANG_SON), "5.3")
    assert "Điểm: 0,91 / 0,91 (đạt tối đa), mất 0 điểm" in leaf
    assert not EXACT.search(leaf)


def test_json_keeps_the_exact_maxima(capsys: Capture) -> None:
    data = json.loads(_run(capsys, "score", str(QUANG_SON), "--format", "json"))
    assert data["total"]["applicable_max"] == "82.59375"


def test_the_rescaling_note_of_plans_and_what_ifs_rounds_the_applicable_maximum() -> None:
    pack = load_pack(LAM_DONG)
    evidence, _ = load_evidence(QUANG_SON, pack)
    note = rescale_note(score(pack, evidence))
    assert "quy đổi về thang 100 từ 82,59 điểm áp dụng" in note and not EXACT.search(note)


@pytest.fixture(scope="module")
def one_place(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2025 pack reported with one decimal place: its field 1 (13,75) reads 13,8."""
    text = (ROOT / "rules" / "2025.yaml").read_text(encoding="utf-8")
    changed = text.replace("rounding: { places: 2, mode: half_up }", "rounding: { places: 1 }")
    assert changed != text
    path = tmp_path_factory.mktemp("one-place") / "2025.yaml"
    path.write_text(changed, encoding="utf-8")
    return path


def test_batch_outputs_round_the_fields_maxima(
    one_place: Path, tmp_path: Path, capsys: Capture
) -> None:
    commune = str(ROOT / "evidence" / "dan-tien-2025.yaml")
    assert main(["batch", commune, "--pack", str(one_place)]) == 0
    text = capsys.readouterr().out
    assert re.search(r"\n  1 .* / 13,8\n", text) and "13,75" not in text
    csv_path, html, xlsx = tmp_path / "b.csv", tmp_path / "b.html", tmp_path / "b.xlsx"
    for path in (csv_path, html, xlsx):
        assert main(["batch", commune, "--pack", str(one_place), "-o", str(path)]) == 0
    headers = next(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    assert "Lĩnh vực 1 (tối đa 13,8)" in headers
    page = html.read_text(encoding="utf-8")
    assert '<td class="num">13,8</td>' in page and "13,75" not in page
    sheet = openpyxl.load_workbook(xlsx)["Tổng hợp"]
    [row] = [r for r in sheet.iter_rows() if r[0].value == "1" and r[2].value is not None]
    assert row[2].value == pytest.approx(13.8) and row[2].number_format == "0.0"
