"""Reading one cell of a filled form: numbers, dates, Có/Không and text, as Excel gives them.

Each reader returns ``(value, "")`` or ``(None, Vietnamese problem)``. Numbers come back as
exact decimals: a float cell is read by its shortest text (``99.84`` is ``Decimal("99.84")``,
cut to Excel's 15 significant digits); text is read with a decimal comma (``75,38``) or point,
and dots as thousands separators when a comma is the decimal mark (``1.250,5``), when there are
two or more of them (``1.250.000``), or in a count (``1.250``); in a count commas group thousands
too (``1,250``: a count has no fraction). Spaces of any width group thousands (``1 250``), and a
typographic minus (``−5``) is a minus.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from ..limits import number_problem, number_text_problem
from .layout import FALSE_WORDS, TRUE_WORDS
from .validation import EXCEL_EPOCH, FIRST_DAY, LAST_DAY

__all__ = ["is_blank", "read_bool", "read_date", "read_decimal", "read_int", "read_text"]

_DATE_DMY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})([/.-])(\d{1,2})\2(\d{1,2})")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")
_THOUSANDS_ONLY = re.compile(r"[+-]?\d{1,3}(\.\d{3}){2,}")  # two dots or more: never a decimal
_THOUSANDS_COMMA = re.compile(r"[+-]?\d{1,3}(,\d{3})+")
Read = tuple[Any, str]
SERIAL_FIRST, SERIAL_LAST = 36526, 73415  # 01/01/2000 and 31/12/2100 as Excel date numbers
MAX_WHOLE_DIGITS = 15  # Excel's own precision; larger numbers are typing mistakes or attacks


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_text(value: Any, *, strip: bool = True) -> Read:
    if isinstance(value, bool):
        return ("Có" if value else "Không"), ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time(0) else value
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y"), ""
    text = str(value)
    return (text.strip() if strip else text), ""


def read_decimal(value: Any, number_format: str = "General", *, whole: bool = False) -> Read:
    """A number; ``whole`` reads ``1.250`` as one thousand two hundred fifty (a count)."""
    if isinstance(value, bool | dt.date | dt.datetime | dt.time):
        return None, f"cần một số, nhận được {_show(value)}"
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
        if len(number.as_tuple().digits) > 15:
            number = Decimal(format(value, ".15g"))
        if "%" in number_format:  # typed as 85% in Excel: stored as 0.85
            number = _tidy(number * 100)
    else:
        text = unicodedata.normalize("NFC", str(value)).strip()
        # spaces of any width group thousands (1 250, 1\u202f250); a typographic minus is a minus
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Zs")
        text = text.replace("\u2212", "-").removesuffix("%")
        if number_text_problem(text):
            return None, number_text_problem(text)
        parsed = _parse_number(text, whole)
        if parsed is None:
            return None, f"cần một số, nhận được '{value}'"
        number = parsed
    if not number.is_finite():
        return None, f"cần một số hữu hạn, nhận được '{value}'"
    if number and (number.adjusted() >= MAX_WHOLE_DIGITS or len(number.as_tuple().digits) > 40):
        return None, f"số quá lớn hoặc quá dài (tối đa {MAX_WHOLE_DIGITS} chữ số phần nguyên)"
    problem = number_problem(number)  # 1E-999999: too many places to ever write out
    if problem:
        return None, problem
    return number, ""


def read_int(value: Any) -> Read:
    number, problem = read_decimal(value)
    if problem:
        return None, problem
    if number != number.to_integral_value():
        return None, f"cần một số nguyên, nhận được {_show(value)}"
    return int(number), ""


def read_bool(value: Any) -> Read:
    if isinstance(value, bool):
        return value, ""
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value), ""
    if isinstance(value, str):
        word = unicodedata.normalize("NFC", value).strip().casefold()
        if word in TRUE_WORDS:
            return True, ""
        if word in FALSE_WORDS:
            return False, ""
    return None, f"cần Có hoặc Không, nhận được {_show(value)}"


def read_date(value: Any, epoch: dt.date = EXCEL_EPOCH) -> Read:
    """A date cell, an Excel day number counted from ``epoch`` (a workbook's date system), or
    text ``dd/mm/yyyy`` (also with ``-`` or ``.``) or ``yyyy-mm-dd``, from 2000 to 2100. Text
    that is a date only read month first (``12/31/2025``) is refused with the date it means."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            return None, f"cần một ngày không kèm giờ, nhận được {value:%d/%m/%Y %H:%M}"
        return _in_range(value.date())
    if isinstance(value, dt.date):
        return _in_range(value)
    if _is_serial(value, epoch):  # a date cell that lost its format (saved without styles)
        return epoch + dt.timedelta(days=int(value)), ""
    if isinstance(value, str):
        text = value.strip()
        match = _DATE_DMY.fullmatch(text)
        parts = (match.group(4), match.group(3), match.group(1)) if match else None
        match = _DATE_ISO.fullmatch(text)
        if match:
            parts = (match.group(1), match.group(3), match.group(4))
        if parts is not None:
            year, month, day = (int(p) for p in parts)
            try:
                return _in_range(dt.date(year, month, day), text)
            except ValueError:
                return None, _impossible(text, year, month, day, year_first=match is not None)
    return None, f"cần một ngày dạng dd/mm/yyyy, nhận được {_show(value)}"


def _in_range(day: dt.date, text: str = "") -> Read:
    if FIRST_DAY <= day <= LAST_DAY:
        return day, ""
    shown = f"'{text}'" if text else f"{day:%d/%m/%Y}"
    return None, (
        f"ngày {shown} có năm {day.year}, ngoài khoảng biểu mẫu nhận"
        f" ({FIRST_DAY:%d/%m/%Y} – {LAST_DAY:%d/%m/%Y}); kiểm tra lại năm, ghi dạng dd/mm/yyyy"
    )


def _impossible(text: str, year: int, month: int, day: int, *, year_first: bool = False) -> str:
    """Why ``text`` is no date: a day-first text that is a date only read month first
    (``12/31/2025``, as English Excel writes it) is named with the date it means; otherwise the
    part that cannot be (the month, day 0, a day past the month's end) is named."""
    if not year_first and month > 12 and 1 <= day <= 12:
        try:
            meant = dt.date(year, day, month)
        except ValueError:
            meant = None
        if meant is not None:
            return (
                f"ngày '{text}' không có tháng {month}: có lẽ được ghi theo kiểu tháng/ngày/năm;"
                f" ghi ngày trước, dạng dd/mm/yyyy: {meant:%d/%m/%Y}"
            )
    if not 1 <= month <= 12:
        example = min(max(year, FIRST_DAY.year), LAST_DAY.year)
        return (
            f"ngày '{text}' không có thật: tháng {month} không có; ngày viết theo"
            f" ngày/tháng/năm (dd/mm/yyyy), ví dụ 01/12/{example}"
        )
    if year == 0:
        why = "không có năm 0"
    elif day == 0:
        why = "không có ngày 0"
    elif month == 2:
        days = calendar.monthrange(year, 2)[1]
        leap = "năm nhuận" if calendar.isleap(year) else "không phải năm nhuận"
        why = f"tháng 2 năm {year} ({leap}) chỉ có {days} ngày"
    else:
        why = f"tháng {month} chỉ có {calendar.monthrange(2000, month)[1]} ngày"
    return f"ngày '{text}' không có thật: {why} (cần dạng dd/mm/yyyy)"


def _is_serial(value: Any, epoch: dt.date = EXCEL_EPOCH) -> bool:
    """A whole Excel day number from 2000 to 2100 (counted from ``epoch``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    shift = (epoch - EXCEL_EPOCH).days
    return float(value).is_integer() and SERIAL_FIRST <= value + shift <= SERIAL_LAST


def _parse_number(text: str, whole: bool) -> Decimal | None:
    if not text:
        return None
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):  # 1.250,5: Vietnamese
            text = text.replace(".", "").replace(",", ".")
        else:  # 1,250.5
            text = text.replace(",", "")
    elif "," in text:
        if whole and _THOUSANDS_COMMA.fullmatch(text):  # 1,250 in a count: never 1.25
            text = text.replace(",", "")
        else:
            text = text.replace(",", ".") if text.count(",") == 1 else text.replace(",", "")
    elif (whole and _THOUSANDS.fullmatch(text)) or _THOUSANDS_ONLY.fullmatch(text):
        text = text.replace(".", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _tidy(number: Decimal) -> Decimal:
    """Drop trailing zeros of the fraction, never writing an exponent (``85.500`` -> ``85.5``)."""
    tidy = number.normalize()
    exponent = tidy.as_tuple().exponent
    return tidy.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else tidy


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.datetime | dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"'{value}'" if isinstance(value, str) else str(value)
