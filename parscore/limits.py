"""The bounds every number from a user must respect, checked once where the number enters.

A rule pack, an evidence file, an expression literal, a command-line option or a form cell may hold
any number a person can type; a few of them (``1.0e+999999999``, a 5,000-digit integer) would make
later arithmetic, formatting or ``int()`` run for minutes or fail. No real commune value comes near
these bounds: money in đồng stays below 10^15, and no rule needs more than 30 decimal places.
"""

from __future__ import annotations

from decimal import Decimal

__all__ = [
    "MAX_DECIMAL_PLACES",
    "MAX_MAGNITUDE_DIGITS",
    "MAX_NUMBER_TEXT",
    "MAX_SIGNIFICANT_DIGITS",
    "number_problem",
    "number_text_problem",
]

MAX_MAGNITUDE_DIGITS = 15  # |x| < 10^15 (một triệu tỷ)
MAX_SIGNIFICANT_DIGITS = 28  # the precision of the decimal context used for all arithmetic
MAX_DECIMAL_PLACES = 30
MAX_NUMBER_TEXT = 64  # characters of a number as written (digits, sign, point, exponent, '_')


def number_text_problem(text: str) -> str:
    """A Vietnamese problem when a number's text is too long to be read safely, else ``""``."""
    if len(text) > MAX_NUMBER_TEXT:
        return f"số quá dài ({len(text)} ký tự, tối đa {MAX_NUMBER_TEXT})"
    return ""


def number_problem(value: Decimal | int) -> str:
    """A Vietnamese problem when ``value`` is outside the bounds, else ``""``.

    Cheap for any value, however large its exponent: only the decimal's tuple is inspected.
    """
    if isinstance(value, int):
        if value.bit_length() > 64:  # far above 10^15; never convert such an int to text
            return _too_large()
        value = Decimal(value)
    if not value.is_finite():
        return "số không hữu hạn (vô cực hoặc không phải số)"
    if value.is_zero():
        return ""
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    significant = len(digits)
    trailing = len(digits) - len(bytes(digits).rstrip(b"\0")) if digits else 0
    if exponent + significant > MAX_MAGNITUDE_DIGITS:
        return _too_large()
    if significant - trailing > MAX_SIGNIFICANT_DIGITS:
        return f"số có quá nhiều chữ số (tối đa {MAX_SIGNIFICANT_DIGITS} chữ số có nghĩa)"
    if -(exponent + trailing) > MAX_DECIMAL_PLACES:
        return f"số có quá nhiều chữ số sau dấu thập phân (tối đa {MAX_DECIMAL_PLACES})"
    return ""


def _too_large() -> str:
    """The bound as people read it: the largest number written out, and its size in words
    (10^15 is "1 triệu tỷ"), never a power of ten."""
    largest = f"{10**MAX_MAGNITUDE_DIGITS - 1:,}".replace(",", ".")
    return f"số quá lớn (tối đa {largest}, tức dưới 1 triệu tỷ; số âm cũng vậy)"
