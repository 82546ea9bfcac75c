"""``parscore batch``: a folder of communes becomes one ranked table, in every output format."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from parscore import batch_run
from parscore.cli.main import main
from parscore.cli.progress import progress_bar
from parscore.evidence_yaml import dump_evidence
from parscore.loader import load_pack
from parscore.synthetic import synthetic_communes

from .conftest import DATA, SAMPLE_COMMUNE, SAMPLE_PACK

NEXT_PACK = DATA / "sample-pack-2026.yaml"

Capture = pytest.CaptureFixture[str]
COMMUNE_KEYS = {
    "commune",
    "file",
    "score",
    "band",
    "rank",
    "fields",
    "fields_display",
    "previous",
    "change",
}


def _write_communes(folder: Path, n: int, seed: int, pack_file: Path = SAMPLE_PACK) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    pack = load_pack(pack_file)
    paths = []
    for name, evidence in synthetic_communes(pack, n, seed):
        path = folder / name
        path.write_text(dump_evidence(evidence), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def province(tmp_path: Path) -> Path:
    folder = tmp_path / "now"
    _write_communes(folder, 8, 1)
    (folder / "xa-loi.yaml").write_text(
        "commune: Xã Lỗi\npack: mau/xa/2025\nmetrics:\n  online_rate: 120\n", encoding="utf-8"
    )
    (folder / "ghi-chu.txt").write_text("không phải minh chứng", encoding="utf-8")
    return folder


def _batch(capsys: Capture, *args: str) -> tuple[int, str, str]:
    code = main(["batch", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_bad_file_is_reported_located_and_the_others_are_scored(
    province: Path, capsys: Capture
) -> None:
    code, out, err = _batch(capsys, str(province), "--pack", str(SAMPLE_PACK))
    assert code == 1
    assert f"{province / 'xa-loi.yaml'}:4:3: PS505 metrics.online_rate" in err
    assert "1/9 tệp có lỗi" in err
    assert "Số xã được chấm: 8; số tệp lỗi: 1" in out
    assert "Hạng" in out and "Xếp loại:" in out and "Xã tổng hợp 0001" in out
    assert "dữ liệu tổng hợp" in out  # synthetic communes are labelled
    assert "Đang chấm" not in err  # no progress bar when standard error is not a terminal


def test_json_has_exactly_the_documented_shape(
    province: Path, tmp_path: Path, capsys: Capture
) -> None:
    target = tmp_path / "out.json"
    code, out, _ = _batch(capsys, str(province), "--pack", str(SAMPLE_PACK), "-o", str(target))
    assert code == 1 and "Đã ghi kết quả của 8 xã" in out
    data = json.loads(target.read_text(encoding="utf-8"))
    assert set(data) == {"pack", "communes", "errors", "bands"}
    assert data["pack"]["id"] == "mau/xa/2025"
    assert len(data["communes"]) == 8
    for row in data["communes"]:
        assert set(row) == COMMUNE_KEYS
        assert set(row["fields"]) == {"1", "3", "6", "8"}
        assert row["previous"] is None and row["change"] is None
    ranks = [row["rank"] for row in data["communes"]]
    scores = [float(row["score"]) for row in data["communes"]]
    assert ranks[0] == 1 and scores == sorted(scores, reverse=True)
    assert sum(data["bands"].values()) == 8 and list(data["bands"]) == [
        "Tốt",
        "Khá",
        "Trung bình",
        "Yếu",
    ]
    assert [e["file"] for e in data["errors"]] == [str(province / "xa-loi.yaml")]
    assert "PS505" in data["errors"][0]["message"]


def test_previous_year_change_by_commune_name(tmp_path: Path, capsys: Capture) -> None:
    now = _write_communes(tmp_path / "now", 3, 1, NEXT_PACK)
    _write_communes(tmp_path / "before", 2, 2)
    (tmp_path / "rules").mkdir()  # last year's pack, found by its id beside the files
    shutil.copy(SAMPLE_PACK, tmp_path / "rules" / SAMPLE_PACK.name)
    target = tmp_path / "out.json"
    code, _, _ = _batch(
        capsys,
        str(tmp_path / "now"),
        "--pack",
        str(NEXT_PACK),
        "--previous",
        str(tmp_path / "before"),
        "-o",
        str(target),
    )
    assert code == 0
    rows = {r["commune"]: r for r in json.loads(target.read_text(encoding="utf-8"))["communes"]}
    assert len(rows) == len(now) == 3
    first = rows["Xã tổng hợp 0001"]
    assert first["previous"] is not None
    assert float(first["change"]) == pytest.approx(float(first["score"]) - float(first["previous"]))
    assert rows["Xã tổng hợp 0003"]["previous"] is None  # not in last year's folder


def test_csv_has_a_bom_and_vietnamese_headers(
    province: Path, tmp_path: Path, capsys: Capture
) -> None:
    target = tmp_path / "out.csv"
    _batch(capsys, str(province), "--pack", str(SAMPLE_PACK), "-o", str(target))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Hạng", "Xã", "Tỉnh", "Điểm", "Xếp loại"]
    assert len(rows) == 9 and rows[1][0] == "1"
    assert all("." in r[3] or r[3].isdigit() for r in rows[1:])  # machine-readable numbers


def test_csv_for_excel_set_for_vietnam(province: Path, tmp_path: Path, capsys: Capture) -> None:
    """``--csv-vi``: the same table with semicolons between fields and decimal commas, which
    Excel set for Vietnam (list separator ';', decimal ',') opens as columns of numbers; the
    default CSV (for programs) is unchanged."""
    machine, vi = tmp_path / "out.csv", tmp_path / "out-vi.csv"
    _batch(capsys, str(province), "--pack", str(SAMPLE_PACK), "-o", str(machine))
    _batch(capsys, str(province), "--pack", str(SAMPLE_PACK), "-o", str(vi), "--csv-vi")
    raw = vi.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    plain = list(csv.reader(io.StringIO(machine.read_bytes().decode("utf-8-sig"))))
    assert rows[0] == plain[0] and len(rows) == len(plain)
    for vi_row, row in zip(rows[1:], plain[1:], strict=True):
        assert vi_row == [v.replace(".", ",") if _decimal(v) else v for v in row]
    assert any("," in r[3] for r in rows[1:])  # some score has decimals: written 88,75


def _decimal(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return "." in text


def test_a_commune_in_two_files_is_warned_about(tmp_path: Path, capsys: Capture) -> None:
    """A copy of a commune's file left in the folder ranks it twice (and every commune below it
    one rank lower): said on standard error; the same name in another province is another
    commune."""
    folder = tmp_path / "tinh"
    folder.mkdir()
    text = SAMPLE_COMMUNE.read_text(encoding="utf-8")
    (folder / "xa-mau.yaml").write_text(text, encoding="utf-8")
    (folder / "xb.yaml").write_text(text.replace("Xã Mẫu", "xã  mẫu"), encoding="utf-8")
    other = text.replace("province: Mẫu", "province: Khác")
    assert other != text
    (folder / "xa-mau-khac.yaml").write_text(other, encoding="utf-8")
    code, _, err = _batch(capsys, str(folder), "--pack", str(SAMPLE_PACK))
    assert code == 0
    warnings = [line for line in err.splitlines() if line.startswith("Cảnh báo")]
    assert warnings == [
        f"Cảnh báo: «Xã Mẫu (Mẫu)» có trong 2 tệp và được xếp hạng 2 lần: {folder / 'xa-mau.yaml'},"
        f" {folder / 'xb.yaml'} (nếu là một xã, chỉ giữ một tệp rồi chấm lại)"
    ]


def test_csv_vi_needs_a_csv_output(province: Path, tmp_path: Path, capsys: Capture) -> None:
    target = tmp_path / "out.xlsx"
    code, _, err = _batch(
        capsys, str(province), "--pack", str(SAMPLE_PACK), "-o", str(target), "--csv-vi"
    )
    assert code == 2 and "--csv-vi chỉ dùng với tệp ra .csv" in err
    assert not target.exists()


def test_xlsx_has_ranking_summary_and_errors(
    province: Path, tmp_path: Path, capsys: Capture
) -> None:
    target = tmp_path / "out.xlsx"
    _batch(capsys, str(province), "--pack", str(SAMPLE_PACK), "-o", str(target))
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Xếp hạng", "Tổng hợp", "Lỗi"]
    ranking = book["Xếp hạng"]
    assert ranking["A1"].value == "Hạng" and ranking["A2"].value == 1
    assert ranking.max_row == 9
    assert "PS505" in book["Lỗi"]["B2"].value


def test_html_is_one_self_contained_escaped_page(tmp_path: Path, capsys: Capture) -> None:
    folder = tmp_path / "now"
    _write_communes(folder, 4, 3)
    text = SAMPLE_COMMUNE.read_text(encoding="utf-8").replace(
        "commune: Xã Mẫu", 'commune: "<script>alert(1)</script>"'
    )
    (folder / "xa-la.yaml").write_text(text, encoding="utf-8")
    target = tmp_path / "out.html"
    code, _, _ = _batch(capsys, str(folder), "--pack", str(SAMPLE_PACK), "-o", str(target))
    assert code == 0
    page = target.read_text(encoding="utf-8")
    assert "<svg" in page and "Phân bố điểm" in page and "Bảng xếp hạng" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "src=" not in page and "<link" not in page  # nothing loaded from elsewhere


def test_outputs_are_kept_without_force_and_replaced_atomically_with_it(
    province: Path, tmp_path: Path, capsys: Capture
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("cũ", encoding="utf-8")
    code, _, err = _batch(capsys, str(province), "--pack", str(SAMPLE_PACK), "-o", str(target))
    assert code == 2 and "PS602" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "cũ"
    args = ("--pack", str(SAMPLE_PACK), "-o", str(target), "--force")
    _batch(capsys, str(province), *args)
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".parscore-")]


def test_usage_errors_exit_2_without_output(tmp_path: Path, capsys: Capture) -> None:
    target = tmp_path / "out.pdf"
    code, _, err = _batch(capsys, str(SAMPLE_COMMUNE), "-o", str(target))
    assert code == 2 and ".pdf" in err and not target.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = _batch(capsys, str(empty))
    assert code == 2 and "không có tệp minh chứng" in err


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path: Path, capsys: Capture) -> None:
    paths = _write_communes(tmp_path / "now", 2, 4)
    ghost = tmp_path / "khong-co.yaml"
    code, out, err = _batch(capsys, *map(str, paths), str(ghost), "--pack", str(SAMPLE_PACK))
    assert code == 2 and f"{ghost}: PS101" in err and out == ""
    code, out, err = _batch(capsys, str(tmp_path / "khong-co-thu-muc"))
    assert code == 2 and "PS101" in err and "Số xã" not in out


def test_worker_processes_give_the_same_ranking(
    tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "now"
    _write_communes(folder, 12, 5)
    one, many = tmp_path / "one.json", tmp_path / "many.json"
    _batch(capsys, str(folder), "--pack", str(SAMPLE_PACK), "-j", "1", "-o", str(one))
    monkeypatch.setattr(batch_run, "PARALLEL_MIN_FILES", 1)
    _batch(capsys, str(folder), "--pack", str(SAMPLE_PACK), "-j", "2", "-o", str(many))
    assert json.loads(one.read_text("utf-8")) == json.loads(many.read_text("utf-8"))


def test_pack_found_by_id_without_option(tmp_path: Path, capsys: Capture) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mau.yaml").write_text(SAMPLE_PACK.read_text(encoding="utf-8"), encoding="utf-8")
    _write_communes(tmp_path / "evidence", 3, 6)
    code, out, _ = _batch(capsys, str(tmp_path / "evidence"))
    assert code == 0 and "Số xã được chấm: 3" in out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal() -> None:
    assert progress_bar("Đang chấm", io.StringIO()) is None
    stream = _Terminal()
    bar = progress_bar("Đang chấm", stream)
    assert bar is not None
    for done in range(1, 5):
        bar(done, 4)
    bar.close()
    assert "100% (4/4)" in stream.getvalue() and stream.getvalue().endswith("\r\x1b[K")


@pytest.mark.parametrize(
    "value",
    ["2025-02-30", '!!int "abc"', "9" * 5000, "1.0e+999999999", '!!timestamp "x"', "!!bool maybe"],
)
def test_a_value_yaml_cannot_read_fails_its_file_only(
    tmp_path: Path, capsys: Capture, value: str
) -> None:
    paths = _write_communes(tmp_path / "now", 3, 6)
    text = paths[1].read_text(encoding="utf-8")
    broken = text.replace("as_of:", f"note: {value}\nas_of:", 1)
    assert broken != text
    paths[1].write_text(broken, encoding="utf-8")
    code, out, err = _batch(capsys, str(tmp_path / "now"), "--pack", str(SAMPLE_PACK))
    assert code == 1 and "Traceback" not in err
    assert re.search(rf"{re.escape(str(paths[1]))}:\d+:\d+: PS1(09|10) ", err), err
    assert "Số xã được chấm: 2" in out


def test_a_commune_under_another_pack_is_located_at_its_pack_key(
    tmp_path: Path, capsys: Capture
) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    text = SAMPLE_PACK.read_text(encoding="utf-8")
    (rules / "mau.yaml").write_text(text, encoding="utf-8")
    (rules / "khac.yaml").write_text(text.replace("id: mau/xa/2025", "id: khac/xa/2025"), "utf-8")
    paths = _write_communes(tmp_path / "evidence", 3, 6)
    other = paths[2].read_text("utf-8").replace('pack: "mau/xa/2025"', "pack: khac/xa/2025")
    paths[2].write_text(other, encoding="utf-8")
    line = other.splitlines().index("pack: khac/xa/2025") + 1
    code, out, err = _batch(capsys, str(tmp_path / "evidence"))
    assert code == 1 and f"{paths[2]}:{line}:1: PS506" in err and "Số xã được chấm: 2" in out
    assert "1/3 tệp có lỗi: 1 tệp được chấm theo gói khác nên không xếp hạng chung" in err


def test_previous_files_of_this_year_are_errors_not_a_change(
    tmp_path: Path, capsys: Capture
) -> None:
    """This year's folder given as last year's (or the two swapped): no «change» of 0 or of the
    wrong sign, but a located PS509 per file, exit 1, and the ranking without the column."""
    _write_communes(tmp_path / "now", 2, 1)
    target = tmp_path / "out.json"
    code, _, err = _batch(
        capsys,
        str(tmp_path / "now"),
        "--pack",
        str(SAMPLE_PACK),
        "--previous",
        str(tmp_path / "now"),
        "-o",
        str(target),
    )
    assert code == 1 and "Traceback" not in err
    assert err.count("PS509") == 2 and "không trước năm 2025 đang xếp hạng" in err
    assert re.search(r"xa-tong-hop-0001\.yaml:\d+:\d+: PS509", err)
    # the summary says they were scored, only not compared (not «không được chấm»)
    assert "2/4 tệp có lỗi: 2 tệp năm trước được chấm nhưng không so sánh với năm nay" in err
    assert "không được chấm" not in err and "mọi xã năm nay vẫn được chấm và xếp hạng" in err
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [c["change"] for c in data["communes"]] == [None, None]


def test_a_change_across_two_packs_says_the_rules_changed_too(
    tmp_path: Path, capsys: Capture
) -> None:
    _write_communes(tmp_path / "now", 2, 1, NEXT_PACK)
    _write_communes(tmp_path / "before", 2, 2)
    (tmp_path / "rules").mkdir()
    shutil.copy(SAMPLE_PACK, tmp_path / "rules" / SAMPLE_PACK.name)
    args = [str(tmp_path / "now"), "--pack", str(NEXT_PACK), "--previous", str(tmp_path / "before")]
    note = "Năm trước chấm theo gói mau/xa/2025 (lần sửa 1): cột «Thay đổi» gồm cả phần do quy tắc"
    code, out, _ = _batch(capsys, *args)
    assert code == 0 and note in out
    code, _, _ = _batch(capsys, *args, "-o", str(tmp_path / "xep-hang.html"))
    assert code == 0 and note in (tmp_path / "xep-hang.html").read_text(encoding="utf-8")
    code, _, _ = _batch(capsys, *args, "-o", str(tmp_path / "xep-hang.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "xep-hang.xlsx")["Tổng hợp"]
    texts = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    assert code == 0 and "2/2 xã tìm được kết quả năm trước" in texts
    assert any(t.startswith(note) for t in texts)
    code, out, _ = _batch(capsys, str(tmp_path / "now"), "--pack", str(NEXT_PACK))
    assert code == 0 and "Năm trước chấm theo gói" not in out
