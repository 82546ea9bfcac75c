"""``parscore report``: formats by suffix, dates never from the clock, safe writes, clear errors."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from docx import Document

from parscore.cli.main import main
from parscore.cli.report_cmd import source_date

from .report_helpers import CASES, ROOT, SAMPLE_PACK, parse_html, zip_dates

DAN_TIEN = ROOT / "evidence" / "dan-tien-2025.yaml"


def run(args: list[str]) -> int:
    return main(["report", *args])


@pytest.fixture(autouse=True)
def _no_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def test_writes_each_format_and_prints_the_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for suffix in (".html", ".md", ".docx"):
        target = tmp_path / f"bao-cao{suffix}"
        assert run([str(CASES["full"]), "--pack", str(SAMPLE_PACK), "-o", str(target)]) == 0
        assert f"Đã ghi báo cáo: {target}" in capsys.readouterr().out
    assert parse_html((tmp_path / "bao-cao.html").read_text(encoding="utf-8")).find("h1")
    assert (tmp_path / "bao-cao.md").read_text(encoding="utf-8").startswith("# Báo cáo")
    doc = Document(str(tmp_path / "bao-cao.docx"))
    assert (
        round(doc.sections[0].page_width.mm) == 210 and round(doc.sections[0].page_height.mm) == 297
    )
    assert doc.core_properties.language == "vi-VN"


def test_word_file_is_pinned_to_the_report_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1762300800")  # 05/11/2025; the data date is 31/10
    target = tmp_path / "r.docx"
    assert run([str(CASES["full"]), "--pack", str(SAMPLE_PACK), "-o", str(target)]) == 0
    data = target.read_bytes()
    assert zip_dates(data) == {(2025, 11, 5, 0, 0, 0)}
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    assert "2025-11-05T00:00:00Z" in core
    doc = Document(io.BytesIO(data))
    header_rows = [
        t.rows[0]._tr.trPr for t in doc.tables if len(t.rows) > 1
    ]  # not the warning boxes
    assert len(header_rows) >= 6
    assert all(tr is not None and "tblHeader" in tr.xml for tr in header_rows)
    # rows of the gaps and the trace (a third of a page each) may continue on the next page;
    # short rows elsewhere stay whole
    splits = {t.rows[0].cells[0].text + "|" + t.rows[0].cells[-1].text: t for t in doc.tables}
    gaps = next(t for k, t in splits.items() if k.startswith("Mã|Chủ trì"))
    fields = next(t for k, t in splits.items() if k.startswith("Mã|Trạng thái"))
    assert not any("cantSplit" in row._tr.xml for row in gaps.rows[1:])
    assert all("cantSplit" in row._tr.xml for row in fields.rows[1:])


def test_source_date_epoch_sets_the_report_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.md"
    assert run([str(CASES["minimal"]), "--pack", str(SAMPLE_PACK), "-o", str(target)]) == 0
    today = dt.date.today().strftime("%d/%m/%Y")  # no epoch: the day the report is made
    assert f"- Ngày lập báo cáo: {today}" in target.read_text(encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767139200")  # 2025-12-31 00:00 UTC
    assert (
        run([str(CASES["minimal"]), "--pack", str(SAMPLE_PACK), "-o", str(target), "--force"]) == 0
    )
    assert "- Ngày lập báo cáo: 31/12/2025" in target.read_text(encoding="utf-8")
    docx = tmp_path / "r.docx"
    assert run([str(CASES["minimal"]), "--pack", str(SAMPLE_PACK), "-o", str(docx)]) == 0
    assert zip_dates(docx.read_bytes()) == {(2025, 12, 31, 0, 0, 0)}


def test_bad_source_date_epoch_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "hôm nay")
    assert (
        run([str(CASES["full"]), "--pack", str(SAMPLE_PACK), "-o", str(tmp_path / "r.html")]) == 2
    )
    assert "SOURCE_DATE_EPOCH" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()
    assert source_date(" ") is None and str(source_date("0")) == "1970-01-01"


def test_unknown_suffix_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run([str(CASES["full"]), "--pack", str(SAMPLE_PACK), "-o", str(tmp_path / "r.pdf")]) == 2
    err = capsys.readouterr().err
    assert "PS601" in err and ".html, .md hoặc .docx" in err and "Traceback" not in err


def test_existing_file_is_kept_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "r.html"
    target.write_text("bản của tôi", encoding="utf-8")
    assert run([str(CASES["full"]), "--pack", str(SAMPLE_PACK), "-o", str(target)]) == 2
    assert "PS602" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "bản của tôi"
    assert run([str(CASES["full"]), "--pack", str(SAMPLE_PACK), "-o", str(target), "--force"]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]  # no temporary files left


def test_missing_templates_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [str(CASES["full"]), "--pack", str(SAMPLE_PACK), "-o", str(tmp_path / "r.html")]
    assert run([*args, "--templates", str(tmp_path / "khong-co")]) == 2
    assert "thư mục mẫu báo cáo không tồn tại" in capsys.readouterr().err


def test_template_syntax_error_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "mau"
    folder.mkdir()
    (folder / "report.html.j2").write_text("<p>\n{% if commune %}\n</p>\n", encoding="utf-8")
    target = tmp_path / "r.html"
    assert (
        run(
            [
                str(CASES["full"]),
                "--pack",
                str(SAMPLE_PACK),
                "-o",
                str(target),
                "--templates",
                str(folder),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "PS603" in err and "report.html.j2:" in err and "Traceback" not in err
    assert not target.exists()


def test_strict_evidence_option(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    assert (
        run(
            [str(CASES["full"]), "--pack", str(SAMPLE_PACK), "-o", str(target), "--strict-evidence"]
        )
        == 0
    )
    text = target.read_text(encoding="utf-8")
    assert "Chế độ thẩm định" in text
    assert "| 1.1 | Ban hành Kế hoạch CCHC năm đúng hạn | 0 / 1 | 1 |" in text


@pytest.mark.skipif(
    not DAN_TIEN.is_file(), reason="the Dân Tiến sample commune is not in this checkout"
)
def test_smoke_dan_tien_in_every_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for suffix in (".html", ".md", ".docx"):
        assert run([str(DAN_TIEN), "-o", str(tmp_path / f"dan-tien{suffix}")]) == 0
    root = parse_html((tmp_path / "dan-tien.html").read_text(encoding="utf-8"))
    assert "Dân Tiến" in root.find("h1").text() + root.find("p", class_="subtitle").text()
    assert root.find("table", class_="plan")


def test_criteria_to_act_on_are_counted_among_those_that_apply(tmp_path: Path) -> None:
    """Dân Tiến: 61 scored leaves, 15 tracked, 6.3.1 declared not applicable: 45 apply (as the
    99 applicable points beside it say), not 46."""
    target = tmp_path / "bao-cao.md"
    assert main(["report", str(ROOT / "evidence" / "dan-tien-2025.yaml"), "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert "| Tiêu chí cần xử lý | 20 | trên 45 tiêu chí;" in text
    assert "quy đổi từ 85,92 / 99 điểm áp dụng" in text
