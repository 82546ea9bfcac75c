"""A sheet, row or column deleted from a filled form never reads as "nothing filled in": the
import is refused naming what is missing, and says to use a fresh form."""

from __future__ import annotations

import io
from collections.abc import Callable

import openpyxl
import pytest

from parscore.compiled import LoadedPack
from parscore.errors import EvidenceError, Issue
from parscore.forms.reader import read_form
from parscore.forms.workbook import build_form
from parscore.loader import LoadedEvidence, load_evidence, load_pack

from .conftest import ROOT

STAGED = ROOT / "tests/data/staged"
ADJUSTMENTS = "Điểm thưởng, điểm trừ"


@pytest.fixture(scope="module")
def staged() -> tuple[LoadedPack, LoadedEvidence]:
    """A pack with bonus and penalty items, and a commune through both appraisal rounds."""
    pack = load_pack(STAGED / "pack.yaml")
    return pack, load_evidence(STAGED / "commune.yaml", pack)[0]


def _issues(
    pack: LoadedPack, evidence: LoadedEvidence, change: Callable[[openpyxl.Workbook], None]
) -> list[Issue]:
    book = openpyxl.load_workbook(io.BytesIO(build_form(pack, evidence)))
    change(book)
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(EvidenceError) as caught:
        read_form(buffer.getvalue(), "xa.xlsx", pack)
    return caught.value.issues


def test_a_deleted_bonus_and_penalty_sheet_is_refused_not_read_as_no_items(
    staged: tuple[LoadedPack, LoadedEvidence],
) -> None:
    pack, evidence = staged
    assert evidence.model.adjustments  # the reasons the deleted sheet held
    [issue] = _issues(pack, evidence, lambda book: book.remove(book[ADJUSTMENTS]))
    assert (issue.file, issue.code) == ("xa.xlsx", "PS802")
    assert issue.message.startswith(f"thiếu trang '{ADJUSTMENTS}'")
    assert "biểu mẫu do parscore template tạo" in issue.hint  # the web names its own download


def test_a_renamed_bonus_and_penalty_sheet_is_pointed_at(
    staged: tuple[LoadedPack, LoadedEvidence],
) -> None:
    pack, evidence = staged

    def rename(book: openpyxl.Workbook) -> None:
        book[ADJUSTMENTS].title = "Thưởng trừ"

    [issue] = _issues(pack, evidence, rename)
    assert issue.code == "PS802" and issue.hint.endswith("tệp có các trang khác: 'Thưởng trừ'")


def test_a_pack_without_bonus_or_penalty_items_needs_no_such_sheet(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    assert (
        ADJUSTMENTS
        not in openpyxl.load_workbook(
            io.BytesIO(build_form(sample_pack, sample_evidence))
        ).sheetnames
    )
    back, _ = read_form(build_form(sample_pack, sample_evidence), "xa.xlsx", sample_pack)
    assert back.model.adjustments == {}


def test_a_deleted_row_of_the_info_sheet_is_named(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    issues = _issues(sample_pack, sample_evidence, lambda book: book["Thông tin"].delete_rows(6))
    assert [(i.code, i.message) for i in issues] == [
        ("PS802", "trang 'Thông tin' thiếu dòng 'Số liệu tính đến ngày' (khóa as_of)")
    ]


@pytest.mark.parametrize(
    ("sheet", "column", "header"),
    [
        ("Tiêu chí", 8, "Điểm thẩm định"),
        ("Tiêu chí", 9, "Lý do không áp dụng"),
        ("Tiêu chí", 12, "Ý kiến thẩm định"),  # one of the later rounds' columns, not all
        ("Tài liệu", 8, "Tiêu chí (mã, cách nhau bởi dấu phẩy)"),
        ("Tài liệu", 5, "Ngày ban hành"),
    ],
)
def test_a_deleted_column_that_is_read_is_named(
    staged: tuple[LoadedPack, LoadedEvidence], sheet: str, column: int, header: str
) -> None:
    pack, evidence = staged
    [issue] = _issues(pack, evidence, lambda book: book[sheet].delete_cols(column))
    assert issue.format() == (
        f"{sheet}!1: PS802 thiếu cột '{header}' ở dòng tiêu đề"
        " (gợi ý: không đổi tên hay xóa các cột của biểu mẫu)"
    )
