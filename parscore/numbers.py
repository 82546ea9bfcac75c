"""Decimal helpers: rounding by a pack's rule, and plain or Vietnamese number text."""

from __future__ import annotations

import decimal
from decimal import Decimal

__all__ = [
    "ROUNDING_MODES",
    "plain",
    "round_to",
    "short",
    "typed_number",
    "vi_fixed",
    "vi_number",
    "vi_points",
    "vi_short",
]

ROUNDING_MODES: dict[str, str] = {
    "half_up": decimal.ROUND_HALF_UP,
    "half_even": decimal.ROUND_HALF_EVEN,
    "down": decimal.ROUND_DOWN,
    "up": decimal.ROUND_UP,
    "ceiling": decimal.ROUND_CEILING,
    "floor": decimal.ROUND_FLOOR,
}


_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(13)}  # 1, 0.1 … 1E-12


def round_to(value: Decimal, places: int, mode: str = "half_up") -> Decimal:
    """Round once, at the edge, by a pack's ``rounding`` rule."""
    quantum = _QUANTA.get(places)
    if quantum is None:
        quantum = Decimal(1).scaleb(-places)
    return value.quantize(quantum, rounding=ROUNDING_MODES[mode])


def plain(value: Decimal | int) -> str:
    """Decimal text without exponent or trailing zeros: ``Decimal('12.50')`` -> ``'12.5'``."""
    d = value if type(value) is Decimal else Decimal(value)  # (a decimal is not copied)
    if d == 0:
        return "0"
    text = format(d.normalize(), "f")
    return text


def typed_number(value: Decimal | int) -> str:
    """An exact number as a person types it in a form: decimal comma, no exponent, no thousands
    dots, no trailing zeros (``Decimal('1E+2')`` -> ``100``, ``Decimal('1.7600')`` -> ``1,76``)."""
    return plain(value).replace(".", ",")


def vi_number(value: Decimal | int, places: int | None = None) -> str:
    """Vietnamese form: decimal comma, dot for thousands (``1.250``, ``75,38``)."""
    d = value if type(value) is Decimal else Decimal(value)
    if places is not None:
        text = format(round_to(d, places), "f")
    elif d:
        text = format(d.normalize(), "f")  # as plain() writes it (called often: inlined)
    else:
        return "0"
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _, frac = text.partition(".")
    if len(whole) <= 3:  # most points and rates: no thousands to group
        return sign + (f"{whole},{frac}" if frac else whole)
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups)
    return sign + (f"{out},{frac}" if frac else out)


def vi_points(value: Decimal | int, places: int, mode: str = "half_up") -> str:
    """Points as every human-facing output shows them, and a maximum beside them the same way:
    rounded once by a pack's ``rounding`` rule, decimal comma (``0,90625`` -> ``0,91``)."""
    d = value if type(value) is Decimal else Decimal(value)
    return vi_number(round_to(d, places, mode))


def vi_fixed(value: Decimal | int, places: int, mode: str = "half_up") -> str:
    """Points in a table's column, as official ranking tables print them: rounded once by a
    pack's ``rounding`` rule as :func:`vi_points`, then written with exactly ``places``
    decimals (``82.6`` -> ``82,60``; 0 places: ``83``), so that a column's decimals line up."""
    d = round_to(value if type(value) is Decimal else Decimal(value), places, mode)
    return vi_number(abs(d) if d == 0 else d, places)  # (rounded already); never "-0,00"


def vi_short(value: Decimal | int) -> str:
    """A Vietnamese number cut to at most 4 decimal places, for prose (``1,875``, ``93,3333``)."""
    return vi_number(_cut(Decimal(value)))


def short(value: Decimal | int) -> str:
    """Plain text cut to at most 4 decimal places, for traces (``33.3333``, never 28 digits)."""
    return plain(_cut(Decimal(value)))


def _cut(value: Decimal) -> Decimal:
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -4:  # already short (or too large to quantize)
        return value
    return round_to(value, 4)
