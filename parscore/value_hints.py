"""What a user most likely meant by a value of the wrong kind in a YAML file.

Vietnamese writes numbers with a decimal comma and a dot between thousands (``98,5``,
``1.250``), percentages with their sign and dates as ``31/10/2025``; YAML reads none of these as
the user meant. :func:`value_hint` turns such a value into the hint of its message: how to write
it in the file (``98.5``, ``1250``, ``2025-10-31``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

__all__ = ["value_hint"]

_THOUSANDS = re.compile(r"-?\d{1,3}(?:\.\d{3})+")  # 1.250 / 1.250.000
_SPACED = re.compile(r"-?\d{1,3}(?: \d{3})+")  # 1 250
_COMMA = re.compile(r"-?\d+,\d+")  # 98,5
_PERCENT = re.compile(r"(-?\d+(?:[.,]\d+)?)\s*%")  # 85% / 85,5 %
_VI_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")  # 31/10/2025
_YES = {"có", "co", "đạt", "dat", "rồi", "roi", "x", "yes", "đã"}
_NO = {"không", "khong", "chưa", "chua", "no"}

NUMERIC = ("number", "count", "percent")


def value_hint(kind: str, value: Any) -> str:
    """How to write ``value`` for an input of type ``kind`` (``""`` when nothing fits)."""
    if kind in NUMERIC:
        return _number_hint(kind, value)
    if kind == "date" and isinstance(value, str):
        return _date_hint(value.strip())
    if kind == "bool":
        text = str(value).strip().lower()
        if text in _YES or value == 1:
            return "trong tệp YAML viết true (có)"
        if text in _NO or value == 0:
            return "trong tệp YAML viết false (không)"
    return ""


def _number_hint(kind: str, value: Any) -> str:
    if isinstance(value, Decimal) and kind == "count" and value.as_tuple().exponent == -3:
        whole = str(value).replace(".", "").lstrip("0") or "0"
        return (
            "trong tệp YAML dấu chấm là dấu thập phân; số đếm viết liền, không có dấu chấm"
            f" ngăn cách hàng nghìn: {whole}"
        )
    if not isinstance(value, str):
        return ""
    text = value.strip()
    if _THOUSANDS.fullmatch(text) or _SPACED.fullmatch(text):
        return f"viết số không có dấu ngăn cách hàng nghìn: {re.sub(r'[. ]', '', text)}"
    if _COMMA.fullmatch(text):
        return f"trong tệp YAML số thập phân viết bằng dấu chấm: {text.replace(',', '.')}"
    percent = _PERCENT.fullmatch(text)
    if percent:
        return f"viết số không kèm dấu %: {percent.group(1).replace(',', '.')}"
    return "viết một số, ví dụ 1250 hoặc 98.5 (dấu chấm thập phân, không ngăn cách hàng nghìn)"


def _date_hint(text: str) -> str:
    found = _VI_DATE.fullmatch(text)
    if found is None:
        return "viết ngày dạng YYYY-MM-DD, ví dụ 2025-10-31"
    day, month, year = (int(g) for g in found.groups())
    try:
        return f"viết ngày dạng YYYY-MM-DD: {dt.date(year, month, day).isoformat()}"
    except ValueError:
        return f"ngày {day:02d}/{month:02d}/{year} không có thật; viết một ngày có thật dạng YYYY-MM-DD"
