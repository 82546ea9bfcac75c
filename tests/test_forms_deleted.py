"""A sheet, row or column deleted from a filled form never reads as "nothing filled in": the
import is refused naming what is missing, and says to use a fresh form."""

from __future__ import annotations

import io
from collections.abc import Callable

import openpyxl
import pytest
from openpyxl.packaging.custom import CustomPropertyList

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


# -- the round-2 columns: the info sheet says whether the form was made with them ---------------

ROUND_TWO = 11  # the first of the three round-2 columns of the criteria sheet


def _older(book: openpyxl.Workbook) -> None:
    """What a form made before the stages row looks like: no such row, no form property."""
    book["Thông tin"].delete_rows(10)
    book.custom_doc_props = CustomPropertyList()


def _read(book: openpyxl.Workbook, pack: LoadedPack) -> LoadedEvidence:
    buffer = io.BytesIO()
    book.save(buffer)
    return read_form(buffer.getvalue(), "xa.xlsx", pack)[0]


def test_the_info_sheet_says_which_stages_columns_the_form_has(
    staged: tuple[LoadedPack, LoadedEvidence], sample_pack: LoadedPack
) -> None:
    pack, evidence = staged
    for form, said in (
        (build_form(pack, evidence), "Tự chấm; Thẩm định vòng 1; Thẩm định vòng 2"),
        (build_form(sample_pack), "Tự chấm; Thẩm định vòng 1"),
    ):
        book = openpyxl.load_workbook(io.BytesIO(form))
        row = [c.value for c in book["Thông tin"][10]]
        assert row == ["Các vòng chấm có cột trong biểu mẫu (không sửa)", said, "stages"]
        assert book["Thông tin"]["B10"].fill.fgColor.rgb.endswith("EFEFEF")  # locked, grey
        [only] = [v for v in book["Thông tin"].data_validations.dataValidation if "B10" in v.sqref]
        assert (only.type, only.formula1) == ("list", f'"{said}"')  # Excel refuses another
        assert [(p.name, p.value) for p in book.custom_doc_props] == [("parscore-form", "2")]


def test_round_two_columns_all_deleted_from_a_form_made_with_them_are_refused(
    staged: tuple[LoadedPack, LoadedEvidence],
) -> None:
    pack, evidence = staged
    assert evidence.model.appraisal_final  # the council's second round the columns held
    [issue] = _issues(pack, evidence, lambda book: book["Tiêu chí"].delete_cols(ROUND_TWO, 3))
    assert (issue.code, issue.file) == ("PS802", "Tiêu chí!K1")  # where the columns stood
    assert issue.message == (
        "trang 'Tiêu chí' thiếu các cột thẩm định vòng 2 ('Điểm thẩm định vòng 2', 'Ý kiến"
        " thẩm định', 'Giải trình của xã') ở dòng tiêu đề, dù biểu mẫu được tạo có các cột"
        " này (Thông tin!B10 ghi 'Tự chấm; Thẩm định vòng 1; Thẩm định vòng 2'); đọc tiếp thì"
        " điểm thẩm định vòng 2 của hội đồng bị bỏ mất"
    )
    assert "biểu mẫu do parscore template tạo" in issue.hint


def test_a_form_made_without_round_two_reads_as_before(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    form = build_form(sample_pack, sample_evidence)
    assert "Điểm thẩm định vòng 2" not in [
        c.value for c in openpyxl.load_workbook(io.BytesIO(form))["Tiêu chí"][1]
    ]
    back, _ = read_form(form, "xa.xlsx", sample_pack)
    assert back.model == sample_evidence.model


def test_a_deleted_stages_row_is_named_like_any_info_row(
    staged: tuple[LoadedPack, LoadedEvidence],
) -> None:
    pack, evidence = staged

    def delete(book: openpyxl.Workbook) -> None:
        book["Thông tin"].delete_rows(10)
        book["Tiêu chí"].delete_cols(ROUND_TWO, 3)

    assert [(i.code, i.message) for i in _issues(pack, evidence, delete)] == [
        (
            "PS802",
            "trang 'Thông tin' thiếu dòng 'Các vòng chấm có cột trong biểu mẫu (không sửa)'"
            " (khóa stages)",
        )
    ]


@pytest.mark.parametrize("typed", ["Tự chấm; Thẩm định vòng 1 và 2", None])
def test_an_edited_stages_cell_is_refused_at_its_cell(
    staged: tuple[LoadedPack, LoadedEvidence], typed: str | None
) -> None:
    pack, evidence = staged

    def edit(book: openpyxl.Workbook) -> None:
        book["Thông tin"]["B10"] = typed

    [issue] = _issues(pack, evidence, edit)
    assert (issue.file, issue.code) == ("Thông tin!B10", "PS803")
    assert "'Tự chấm; Thẩm định vòng 1' hoặc 'Tự chấm; Thẩm định vòng 1; Thẩm định vòng 2'" in (
        issue.message
    )


def test_the_stages_cell_is_read_whatever_its_case_and_separators(
    staged: tuple[LoadedPack, LoadedEvidence],
) -> None:
    pack, evidence = staged
    book = openpyxl.load_workbook(io.BytesIO(build_form(pack, evidence)))
    book["Thông tin"]["B10"] = "tự chấm,  THẨM ĐỊNH VÒNG 1 ; thẩm định vòng 2"
    assert _read(book, pack).model == evidence.model
    book["Tiêu chí"].delete_cols(ROUND_TWO, 3)
    with pytest.raises(EvidenceError) as caught:
        _read(book, pack)
    assert [i.file for i in caught.value.issues] == ["Tiêu chí!K1"]


def test_an_older_form_without_the_stages_row_reads_as_it_always_did(
    staged: tuple[LoadedPack, LoadedEvidence],
) -> None:
    """A form made before the stages row cannot tell its round-2 columns deleted from never
    there: all three gone still read as no round 2, one or two gone are refused."""
    pack, evidence = staged
    book = openpyxl.load_workbook(io.BytesIO(build_form(pack, evidence)))
    _older(book)
    assert _read(book, pack).model == evidence.model  # the whole form, as before
    book["Tiêu chí"].delete_cols(ROUND_TWO + 1)
    with pytest.raises(EvidenceError) as caught:
        _read(book, pack)
    assert [i.message for i in caught.value.issues] == [
        "thiếu cột 'Ý kiến thẩm định' ở dòng tiêu đề"
    ]
    book["Tiêu chí"].delete_cols(ROUND_TWO, 2)
    back = _read(book, pack)
    assert not back.model.appraisal_final and back.model.appraisal == evidence.model.appraisal
