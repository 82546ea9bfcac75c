"""Excel data validation for the form's cells: what a cell accepts, with Vietnamese messages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from openpyxl.worksheet.datavalidation import DataValidation

from ..numbers import vi_number
from .layout import BOOL_TEXT

__all__ = [
    "choice_validation",
    "date_validation",
    "input_validation",
    "list_validation",
    "number_validation",
]

FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
EXCEL_EPOCH = dt.date(1899, 12, 30)


def number_validation(
    kind: str, lo: Decimal | None, hi: Decimal | None, prompt: str
) -> DataValidation:
    if lo is not None and hi is not None:
        operator, f1, f2 = "between", lo, hi
        rule = f"từ {vi_number(lo)} đến {vi_number(hi)}"
    elif lo is not None:
        operator, f1, f2 = "greaterThanOrEqual", lo, None
        rule = f"từ {vi_number(lo)} trở lên"
    elif hi is not None:
        operator, f1, f2 = "lessThanOrEqual", hi, None
        rule = f"không quá {vi_number(hi)}"
    else:
        operator, f1, f2 = "between", Decimal(-(10**15)), Decimal(10**15)
        rule = "một số"
    what = "số nguyên" if kind == "whole" else "số"
    return DataValidation(
        type=kind,
        operator=operator,
        formula1=format(f1, "f"),
        formula2=format(f2, "f") if f2 is not None else None,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="Giá trị không hợp lệ",
        error=f"Cần {what} {rule}.",
        prompt=prompt,
    )


def date_validation(prompt: str) -> DataValidation:
    return DataValidation(
        type="date",
        operator="between",
        formula1=str((FIRST_DAY - EXCEL_EPOCH).days),
        formula2=str((LAST_DAY - EXCEL_EPOCH).days),
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="Ngày không hợp lệ",
        error="Cần một ngày dạng dd/mm/yyyy.",
        prompt=prompt,
    )


def choice_validation(labels: list[str]) -> DataValidation | None:
    """A drop-down of a choice input's labels (None when Excel's inline list cannot hold them:
    a comma or quote in a label, or more than 255 characters; the key or label is still read)."""
    return list_validation(
        labels, "Giá trị không hợp lệ", "Chọn một trong các lựa chọn của danh sách.", 255
    )


def list_validation(
    labels: list[str], error_title: str, error: str, max_chars: int
) -> DataValidation | None:
    """A drop-down of ``labels`` written as Excel's inline list ``"a,b,c"``, or None when a label
    would break out of it (a quote would end the list's text and the rest be read as a formula,
    a comma would split the label in two) or the list is longer than ``max_chars``: every list
    of text a workbook offers is made here."""
    listed = ",".join(labels)
    if any("," in label or '"' in label for label in labels) or len(listed) > max_chars:
        return None
    return DataValidation(
        type="list",
        formula1=f'"{listed}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=error_title,
        error=error,
    )


def input_validation(kind: str, lo: Decimal | None, hi: Decimal | None) -> DataValidation:
    if kind == "bool":
        return DataValidation(
            type="list",
            formula1='"' + ",".join(BOOL_TEXT.values()) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Giá trị không hợp lệ",
            error="Chọn Có hoặc Không.",
        )
    if kind == "date":
        return date_validation("Ngày, dạng dd/mm/yyyy")
    if kind == "count":
        return number_validation("whole", lo, hi, "Số nguyên (đếm)")
    prompt = "Tỷ lệ phần trăm, ví dụ 98,5" if kind == "percent" else "Một số"
    return number_validation("decimal", lo, hi, prompt)
