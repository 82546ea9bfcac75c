"""``parscore minutes``: formats by suffix, exit codes, located errors, no clobbering."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from parscore.cli.main import main

from .report_helpers import DATA

MINUTES = DATA / "minutes"
PACK = MINUTES / "pack.yaml"
DAN_TIEN = MINUTES / "dan-tien-2025.yaml"


def run(*args: str) -> int:
    return main(["minutes", *args])


def test_writes_each_format_by_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for suffix in (".docx", ".html", ".md"):
        target = tmp_path / f"bien-ban{suffix}"
        assert run(str(DAN_TIEN), "--pack", str(PACK), "-o", str(target)) == 0
        assert f"Đã ghi biên bản thẩm định: {target}" in capsys.readouterr().out
    doc = Document(io.BytesIO((tmp_path / "bien-ban.docx").read_bytes()))
    assert any(p.text == "BIÊN BẢN" for p in doc.paragraphs)
    assert "<h1>BIÊN BẢN</h1>" in (tmp_path / "bien-ban.html").read_text(encoding="utf-8")
    assert "# BIÊN BẢN" in (tmp_path / "bien-ban.md").read_text(encoding="utf-8")


def test_pack_found_by_its_id_beside_the_evidence(tmp_path: Path) -> None:
    folder = tmp_path / "tinh"
    (folder / "rules").mkdir(parents=True)
    (folder / "rules" / "2025.yaml").write_bytes(PACK.read_bytes())
    evidence = folder / "dan-tien.yaml"
    evidence.write_bytes(DAN_TIEN.read_bytes())
    assert run(str(evidence), "-o", str(tmp_path / "bb.md")) == 0


def test_an_existing_file_is_kept_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "bien-ban.docx"
    target.write_bytes(b"old")
    assert run(str(DAN_TIEN), "--pack", str(PACK), "-o", str(target)) == 2
    err = capsys.readouterr().err
    assert f"{target}: PS602 tệp đã tồn tại, không ghi đè" in err
    assert target.read_bytes() == b"old"
    assert run(str(DAN_TIEN), "--pack", str(PACK), "-o", str(target), "--force") == 0
    assert target.read_bytes().startswith(b"PK")


def test_never_writes_over_its_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evidence = tmp_path / "dan-tien.md"
    evidence.write_bytes(DAN_TIEN.read_bytes())
    before = evidence.read_bytes()
    assert run(str(evidence), "--pack", str(PACK), "-o", str(evidence), "--force") == 2
    assert "PS602" in capsys.readouterr().err
    assert evidence.read_bytes() == before


def test_unknown_suffix_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "bien-ban.pdf"
    assert run(str(DAN_TIEN), "--pack", str(PACK), "-o", str(target)) == 2
    err = capsys.readouterr().err
    assert "PS601" in err and ".docx, .html hoặc .md" in err
    assert not target.exists()


def test_bad_meeting_details_are_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = DAN_TIEN.read_text(encoding="utf-8").replace("  start: 8 giờ 00", "  bat_dau: 8 giờ 00")
    text = text.replace("date: 2026-01-20", "date: 20/01/2026")
    evidence = tmp_path / "dan-tien.yaml"
    evidence.write_text(text, encoding="utf-8")
    target = tmp_path / "bb.docx"
    assert run(str(evidence), "--pack", str(PACK), "-o", str(target)) == 2
    err = capsys.readouterr().err
    lines = text.splitlines()
    bad_key = next(i for i, line in enumerate(lines, 1) if "bat_dau" in line)
    bad_date = next(i for i, line in enumerate(lines, 1) if "20/01/2026" in line)
    assert f"{evidence}:{bad_key}:3: PS201 appraisal_meeting.bat_dau" in err
    assert f"{evidence}:{bad_date}:" in err and "appraisal_meeting.date" in err
    assert not target.exists()


def test_missing_evidence_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(str(tmp_path / "khong-co.yaml"), "-o", str(tmp_path / "bb.docx")) == 2
    assert "PS101" in capsys.readouterr().err
