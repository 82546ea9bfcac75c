"""Excel forms as commune staff fill them: numbers typed with separators of every kind, counts
with a fraction, merged cells. Each is read exactly or refused at its cell (``Sheet!Cell``)."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from parscore.cli.main import main
from parscore.compiled import LoadedPack
from parscore.errors import EvidenceError
from parscore.forms.cells import read_decimal
from parscore.forms.reader import read_form
from parscore.forms.workbook import build_form
from parscore.loader import LoadedEvidence, load_pack

from .conftest import ROOT, SAMPLE_PACK

D = Decimal


def _form(pack: LoadedPack, evidence: LoadedEvidence) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(build_form(pack, evidence)))


def _bytes(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _read(pack: LoadedPack, book: openpyxl.Workbook) -> LoadedEvidence:
    return read_form(_bytes(book), "form.xlsx", pack)[0]


def _refused(pack: LoadedPack, book: openpyxl.Workbook) -> list[str]:
    with pytest.raises(EvidenceError) as caught:
        _read(pack, book)
    return [i.format() for i in caught.value.issues]


def _row(book: openpyxl.Workbook, sheet: str, key: str) -> int:
    ws = book[sheet]
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == key)


@pytest.mark.parametrize(
    ("typed", "whole", "read"),
    [
        ("1,250", True, D(1250)),  # a count has no fraction: the comma groups thousands
        ("1,250,000", True, D(1250000)),
        ("1,250", False, D("1.25")),  # elsewhere one comma is the decimal comma, as documented
        ("1\u202f250", True, D(1250)),  # narrow no-break space (LibreOffice, some locales)
        ("1\u2009250,5", False, D("1250.5")),  # thin space
        ("\u22125", False, D(-5)),  # typographic minus
    ],
)
def test_separators_people_type(typed: str, whole: bool, read: Decimal) -> None:
    assert read_decimal(typed, whole=whole) == (read, "")


def test_a_fraction_in_a_count_is_refused_in_the_forms_words(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    """Not the YAML file's hint about decimal points: the cell as typed, and what a count is."""
    book = _form(sample_pack, sample_evidence)
    row = _row(book, "Số liệu", "dossiers_received")
    book["Số liệu"].cell(row, 7).value = "2,5"
    assert _refused(sample_pack, book) == [
        f"Số liệu!G{row}: PS504 Tổng số hồ sơ TTHC tiếp nhận (dossiers_received): cần một số"
        " nguyên (đếm), nhận được '2,5'"
    ]


def test_a_value_merged_over_two_rows_is_refused_at_the_hidden_cell(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    """G2:G3 merged shows 1250 over two inputs but G3 reads as blank: the second input would
    silently become undeclared."""
    book = _form(sample_pack, sample_evidence)
    book["Số liệu"].merge_cells("G2:G3")
    assert _refused(sample_pack, book) == [
        "Số liệu!G3: PS805 ô G3 nằm trong vùng ô gộp G2:G3: giá trị '1250' chỉ thuộc ô G2,"
        " ô G3 được đọc là để trống (gợi ý: bỏ gộp ô (Unmerge / Hủy hợp nhất ô), rồi điền giá"
        " trị vào từng ô)"
    ]


def test_a_value_typed_into_a_range_merged_from_the_left_is_refused(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    book = _form(sample_pack, sample_evidence)
    sheet = book["Số liệu"]
    sheet["F2"] = 9999
    sheet.merge_cells("F2:G2")  # the value shows across both; it belongs to F2 (the maximum)
    issues = _refused(sample_pack, book)
    assert len(issues) == 1 and issues[0].startswith("Số liệu!G2: PS805 ")
    assert "'9999' chỉ thuộc ô F2" in issues[0]


def test_a_self_score_merged_over_the_next_criterion_is_refused(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    book = _form(sample_pack, sample_evidence)
    row = _row(book, "Tiêu chí", "1.1")
    assert book["Tiêu chí"].cell(row, 7).value == 1
    book["Tiêu chí"].merge_cells(f"G{row}:G{row + 1}")
    issues = _refused(sample_pack, book)
    assert len(issues) == 1 and issues[0].startswith(f"Tiêu chí!G{row + 1}: PS805 ")


def test_merges_that_hide_nothing_are_read(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    """Merged remarks, a merged empty value pair, a value merged to the right over the remark
    and a heading merged above the table leave every value where the reader finds it."""
    book = _form(sample_pack, sample_evidence)
    sheet = book["Số liệu"]
    sheet.merge_cells("H2:H5")  # remarks
    empty = _row(book, "Số liệu", "budget_ratio")  # the last input, left blank
    assert sheet.cell(empty, 7).value is None and empty == sheet.max_row
    sheet.merge_cells(f"G{empty}:G{empty + 1}")
    sheet.merge_cells("G4:H4")  # a value over its remark: G4 is the top-left cell
    book["Tài liệu"].insert_rows(1)
    book["Tài liệu"]["A1"] = "DANH MỤC TÀI LIỆU KIỂM CHỨNG"
    book["Tài liệu"].merge_cells("A1:I1")
    plain = _form(sample_pack, sample_evidence)
    assert _read(sample_pack, book).model == _read(sample_pack, plain).model


def test_cli_import_of_a_merged_value_exits_2_and_writes_nothing(
    sample_pack: LoadedPack,
    sample_evidence: LoadedEvidence,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    book = _form(sample_pack, sample_evidence)
    book["Số liệu"].merge_cells("G2:G3")
    form = tmp_path / "xa.xlsx"
    form.write_bytes(_bytes(book))
    target = tmp_path / "xa.yaml"
    target.write_text("cũ", encoding="utf-8")
    code = main(["import", str(form), "-o", str(target), "--pack", str(SAMPLE_PACK), "--force"])
    assert code == 2
    err = capsys.readouterr().err
    assert "Số liệu!G3: PS805" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "cũ"


@pytest.mark.parametrize("renamed", ["Số liệu ", " Số  liệu", "So\u0302\u0301 lie\u0323\u0302u"])
def test_a_sheet_renamed_by_spacing_or_unicode_form_is_found(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence, renamed: str
) -> None:
    """Vietnamese typed in decomposed Unicode, or spaces around or doubled, is the same
    name to a reader; a problem in it is named as the workbook names the sheet."""
    book = _form(sample_pack, sample_evidence)
    book["Số liệu"].title = renamed
    assert _read(sample_pack, book).metrics == sample_evidence.metrics
    book[renamed]["G2"] = "nhiều"
    assert _refused(sample_pack, book)[0].startswith(f"{renamed}!G2: PS803 ")


def test_a_sheet_renamed_to_another_word_is_still_refused(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    book = _form(sample_pack, sample_evidence)
    book["Số liệu"].title = "So lieu"
    assert _refused(sample_pack, book) == [
        "form.xlsx: PS802 thiếu trang 'Số liệu' (gợi ý: dùng biểu mẫu do parscore template tạo,"
        " không đổi tên các trang; tệp có các trang khác: 'So lieu')"
    ]


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (
            {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"},
            "x.xlsx: PS801 tệp là bảng tính OpenDocument (.ods, định dạng riêng của LibreOffice),"
            " không phải tệp Excel .xlsx (gợi ý: trong LibreOffice chọn Tệp → Lưu thành…, kiểu"
            " tệp «Excel 2007-365 (.xlsx)», rồi nhập tệp .xlsx đó)",
        ),
        (
            {"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"},
            "x.xlsx: PS801 tệp là văn bản Word (.docx), không phải biểu mẫu Excel .xlsx",
        ),
        (
            {"[Content_Types].xml": b"<x/>", "a.txt": b"x"},
            "x.xlsx: PS801 không phải biểu mẫu parscore hoặc tệp bị hỏng",
        ),
    ],
)
def test_a_zip_that_is_no_workbook_is_named_for_what_it_is(
    sample_pack: LoadedPack, entries: dict[str, bytes], message: str
) -> None:
    """A LibreOffice user's own format (.ods) is what most often comes instead of a workbook."""
    with pytest.raises(EvidenceError) as caught:
        read_form(_zip(entries), "x.xlsx", sample_pack)
    assert caught.value.issues[0].format().startswith(message)


@pytest.fixture(scope="module")
def lam_dong() -> LoadedPack:
    """A bundled pack with both 2.1 and 2.10 (and 6.1 and 6.10)."""
    return load_pack(ROOT / "rules" / "lam-dong-2025.yaml")


def _lam_dong_form(pack: LoadedPack) -> openpyxl.Workbook:
    book = openpyxl.load_workbook(io.BytesIO(build_form(pack)))
    book["Thông tin"]["B2"] = "Xã Thử"
    return book


def test_document_columns_are_text_so_excel_keeps_a_typed_code(lam_dong: LoadedPack) -> None:
    sheet = _lam_dong_form(lam_dong)["Tài liệu"]
    formats = {sheet.cell(1, c).value: sheet.cell(2, c).number_format for c in range(1, 10)}
    assert formats["Tiêu chí (mã, cách nhau bởi dấu phẩy)"] == "@"
    assert formats["Số hiệu"] == formats["Mã tài liệu"] == "@"
    assert formats["Ngày ban hành"] == "dd/mm/yyyy"
    assert sheet.cell(41, 8).number_format == "@"  # the blank rows for new documents too


def test_a_code_excel_made_a_number_of_two_codes_is_refused(lam_dong: LoadedPack) -> None:
    """'2.10' typed into a cell Excel formats as a number arrives as 2.1: which of 2.1 and
    2.10 was meant cannot be known, so the cell is refused rather than read as 2.1."""
    book = _lam_dong_form(lam_dong)
    sheet = book["Tài liệu"]
    sheet["A2"], sheet["C2"], sheet["H2"] = "bc-1", "Báo cáo", 2.1
    with pytest.raises(EvidenceError) as caught:
        _read(lam_dong, book)
    assert [i.format() for i in caught.value.issues] == [
        "Tài liệu!H2: PS803 ô chứa số 2.1, không phải mã tiêu chí: Excel đã đổi mã gõ vào thành"
        " số, nên không biết là 2.1 hay 2.10; định dạng ô là Văn bản (Text) rồi gõ lại mã, hoặc"
        " gõ dấu ' trước mã (ví dụ '2.10)"
    ]
    sheet["H2"] = "2.10"  # typed as text: read as typed
    assert _read(lam_dong, book).model.documents[0].supports == ["2.10"]
    sheet["H2"] = 3.1  # a number that is one code only: that code
    assert _read(lam_dong, book).model.documents[0].supports == ["3.1"]


def test_a_criterion_code_typed_as_a_number_on_a_new_row_is_refused(lam_dong: LoadedPack) -> None:
    book = _lam_dong_form(lam_dong)
    sheet = book["Tiêu chí"]
    row = sheet.max_row + 1
    sheet.cell(row, 1).value, sheet.cell(row, 7).value = 6.1, 1
    with pytest.raises(EvidenceError) as caught:
        _read(lam_dong, book)
    assert [i.file for i in caught.value.issues] == [f"Tiêu chí!A{row}"]
    assert "6.1 hay 6.10" in caught.value.issues[0].message


def test_a_form_naming_a_pack_not_found_is_refused_at_that_cell(
    sample_pack: LoadedPack,
    sample_evidence: LoadedEvidence,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without --pack the pack is looked up by the id the form gives; an id of no pack found is
    said at the cell that holds it, like every other problem of the form."""
    book = _form(sample_pack, sample_evidence)
    assert book["Thông tin"]["C5"].value == "pack"
    book["Thông tin"]["B5"] = "mau/xa/2019"
    form = tmp_path / "xa.xlsx"
    form.write_bytes(_bytes(book))
    target = tmp_path / "xa.yaml"
    assert main(["import", str(form), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "Thông tin!B5: PS506 không tìm thấy gói quy tắc có id 'mau/xa/2019' trong thư mục rules/"
    )
    assert not target.exists()


@pytest.mark.parametrize(
    ("key", "typed", "read"),
    [
        ("complaints_days", "12.5", D("12.5")),  # not three digits after the dot: a decimal
        ("complaints_days", "1.250,5", D("1250.5")),  # the comma is the decimal: dot = thousands
        ("complaints_days", "1.250.000", D(1250000)),
        ("online_rate", "1.250", D("1.25")),  # a rate of at most 100 cannot be 1250
        ("dossiers_received", "1.250", D(1250)),  # a count has no fraction
    ],
)
def test_a_dot_is_read_where_only_one_reading_is_possible(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence, key: str, typed: str, read: Decimal
) -> None:
    book = _form(sample_pack, sample_evidence)
    book["Số liệu"].cell(_row(book, "Số liệu", key), 7).value = typed
    assert _read(sample_pack, book).metrics[key] == read


def test_one_dot_before_three_digits_in_an_unbounded_number_is_refused(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    """'1.250' typed as text into a number without a bound: 1250 written the Vietnamese way,
    1,25 the English way. Read either way it could be off by a thousand times, so it is refused."""
    book = _form(sample_pack, sample_evidence)
    row = _row(book, "Số liệu", "complaints_days")
    book["Số liệu"].cell(row, 7).value = "1.250"
    assert _refused(sample_pack, book) == [
        f"Số liệu!G{row}: PS803 Số ngày xử lý phản ánh bình quân (complaints_days): '1.250' có"
        " thể là 1250 (dấu chấm ngăn cách hàng nghìn) hoặc 1,25 (dấu chấm thập phân); gõ 1250"
        " hoặc 1,25"
    ]
