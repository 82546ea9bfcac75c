"""Dates in a filled Excel form as commune staff type them: day first (dd/mm/yyyy) is read, month
first, impossible dates and far years are refused at their cell saying the form expected, and a
workbook in old Mac Excel's 1904 date system is read by its own day 0."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from parscore.compiled import LoadedPack
from parscore.errors import EvidenceError
from parscore.forms.cells import read_date
from parscore.forms.reader import read_form
from parscore.forms.workbook import build_form
from parscore.loader import LoadedEvidence


def _read(pack: LoadedPack, book: openpyxl.Workbook) -> LoadedEvidence:
    buffer = io.BytesIO()
    book.save(buffer)
    return read_form(buffer.getvalue(), "form.xlsx", pack)[0]


def _book(pack: LoadedPack, evidence: LoadedEvidence) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(build_form(pack, evidence)))


MAC_DAY_0 = CALENDAR_MAC_1904.date()
AS_OF = "Thông tin!B6"  # the data date's value cell


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("03/04/2025", dt.date(2025, 4, 3)),  # ambiguous: read the Vietnamese way, day first
        ("31/12/2025", dt.date(2025, 12, 31)),
        ("31-12-2025", dt.date(2025, 12, 31)),
        ("31.12.2025", dt.date(2025, 12, 31)),
        ("2025-12-31", dt.date(2025, 12, 31)),  # year first is never ambiguous
        ("2025/12/31", dt.date(2025, 12, 31)),
    ],
)
def test_dates_typed_day_first_or_year_first_are_read(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence, typed: str, day: dt.date
) -> None:
    book = _book(sample_pack, sample_evidence)
    book["Thông tin"]["B6"] = typed
    assert _read(sample_pack, book).model.as_of == day


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("12/31/2025", ["tháng/ngày/năm", "dd/mm/yyyy: 31/12/2025"]),  # English Excel's order
        ("31/02/2025", ["'31/02/2025' không có thật", "dd/mm/yyyy"]),
        ("02/30/2025", ["'02/30/2025' không có thật", "dd/mm/yyyy"]),  # not a date either way
        # year first is never month first: the month that cannot be is named, with the right order
        ("2027-13-01", ["tháng 13 không có", "ngày/tháng/năm (dd/mm/yyyy), ví dụ 01/12/2027"]),
        ("29/02/2027", ["tháng 2 năm 2027 (không phải năm nhuận) chỉ có 28 ngày"]),
        ("30/02/2028", ["tháng 2 năm 2028 (năm nhuận) chỉ có 29 ngày"]),
        ("31/04/2026", ["tháng 4 chỉ có 30 ngày"]),
        ("00/05/2026", ["không có ngày 0"]),
        ("01/00/2026", ["tháng 0 không có"]),
        ("01/01/9999", ["năm 9999", "01/01/2000 – 31/12/2100", "dd/mm/yyyy"]),
        ("01/01/0001", ["năm 1,", "01/01/2000 – 31/12/2100"]),
        ("31/12/25", ["dạng dd/mm/yyyy"]),
    ],
)
def test_dates_that_are_no_date_of_the_form_are_refused_at_their_cell(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence, typed: str, words: list[str]
) -> None:
    book = _book(sample_pack, sample_evidence)
    book["Thông tin"]["B6"] = typed
    with pytest.raises(EvidenceError) as caught:
        _read(sample_pack, book)
    [issue] = caught.value.issues
    assert issue.file == AS_OF and issue.code == "PS803"
    assert all(word in issue.message for word in words), issue.message


def test_a_document_date_typed_month_first_is_refused_with_the_day_it_means(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    book = _book(sample_pack, sample_evidence)
    book["Tài liệu"]["E2"] = "8/20/2025"
    with pytest.raises(EvidenceError) as caught:
        _read(sample_pack, book)
    [issue] = caught.value.issues
    assert issue.file == "Tài liệu!E2" and issue.message.endswith("dd/mm/yyyy: 20/08/2025")


def test_a_date_cell_of_a_far_year_is_refused(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    """Excel holds dates up to 31/12/9999; a year typed 2-0-2-5 as 9025 is a slip."""
    book = _book(sample_pack, sample_evidence)
    book["Thông tin"]["B6"] = dt.date(9025, 12, 31)
    with pytest.raises(EvidenceError) as caught:
        _read(sample_pack, book)
    [issue] = caught.value.issues
    assert issue.file == AS_OF and "31/12/9025 có năm 9025" in issue.message


def test_a_workbook_of_the_1904_date_system_is_read_by_its_own_day_zero(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    """Old Mac Excel counts days from 01/01/1904: a date cell is the same date, and a day number
    whose date format was lost is counted from that day (not from 30/12/1899: 4 years and a
    day apart)."""
    book = _book(sample_pack, sample_evidence)
    book.epoch = CALENDAR_MAC_1904
    cell = book["Thông tin"]["B6"]
    cell.value = dt.date(2025, 12, 31)
    assert _read(sample_pack, book).model.as_of == dt.date(2025, 12, 31)
    cell.value, cell.number_format = (dt.date(2025, 12, 31) - MAC_DAY_0).days, "General"
    assert _read(sample_pack, book).model.as_of == dt.date(2025, 12, 31)


def test_a_day_number_is_counted_from_the_epoch_given() -> None:
    assert read_date(46022) == (dt.date(2025, 12, 31), "")
    assert read_date(44560, MAC_DAY_0) == (dt.date(2025, 12, 31), "")
    assert read_date(35000, MAC_DAY_0)[0] is None  # 29/10/1999: before the form's years
