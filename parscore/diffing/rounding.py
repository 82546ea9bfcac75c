"""Exact shares rounded so that they still add up: one list (:func:`apportion`), and rows of two
parts each whose rounded row totals are fixed (:func:`apportion_split`).

Both round by largest remainder to whole units of ``10**-places`` (the earliest first on a tie).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

__all__ = ["apportion", "apportion_split"]


def apportion(shares: list[Fraction], total: Decimal, places: int) -> list[Decimal]:
    """Round ``shares`` to ``places`` decimals so that they add up to ``total`` exactly.

    Largest remainder: every share is floored to a whole unit of ``10**-places``, and the units
    still missing go to the shares with the largest remainders (the earliest first on a tie).
    ``total`` must be a whole number of units. Zero shares stay zero unless every share is zero.
    """
    unit = Fraction(1, 10**places)
    units_total = _units(total, unit, places)
    scaled = [s / unit for s in shares]
    floors = [math.floor(s) for s in scaled]
    short = units_total - sum(floors)
    candidates = [i for i, s in enumerate(shares) if s != 0] or list(range(len(shares)))
    if short and not candidates:
        raise ValueError("nothing to apportion a non-zero total to")
    if short > 0:
        ranked = sorted(candidates, key=lambda i: (-(scaled[i] - floors[i]), i))
    else:
        ranked = sorted(candidates, key=lambda i: (scaled[i] - floors[i], i))
    step = 1 if short > 0 else -1
    for n in range(abs(short)):
        floors[ranked[n % len(ranked)]] += step
    return [_decimal(f, places) for f in floors]


def apportion_split(
    parts: Sequence[tuple[Fraction, Fraction]],
    totals: Sequence[Decimal],
    first_total: Decimal,
    places: int,
) -> list[tuple[Decimal, Decimal]]:
    """Round each row's two exact parts ``(x, y)`` to ``places`` decimals so that every row adds
    up to its already rounded total (``totals``) to the last digit, the first parts adding up to
    ``first_total`` when they can.

    Each first part is ``x`` floored or ceiled, within what keeps the row's second part ``y``
    floored or ceiled (so a part that is exactly zero stays zero: a new criterion has no
    rescaling part, one whose points did not change no points part); the units the first parts
    still lack (or have too many) go to the rows whose first part is furthest below (above) its
    exact value, the earliest first on a tie, as :func:`apportion` does. When the rows' bounds
    leave ``first_total`` out of reach (a row total rounded the other way than the column total),
    the first parts stop there if their sum, and the second parts', are still their exact sums
    floored or ceiled; else the rows with two non-zero parts take the units left, beyond their
    bounds, and only when there is none do the first parts stop short of ``first_total``. The
    caller takes the first parts' sum as the column's total.
    """
    unit = Fraction(1, 10**places)
    want = _units(first_total, unit, places)
    rows = [
        (x / unit, y / unit, _units(t, unit, places))
        for (x, y), t in zip(parts, totals, strict=True)
    ]
    lows: list[int] = []
    highs: list[int] = []
    for x, y, t in rows:
        low, high = max(math.floor(x), t - math.ceil(y)), min(math.ceil(x), t - math.floor(y))
        if low > high:  # a row total a unit further from x + y: a zero part stays zero,
            # else the second part stays adjacent
            low = high = 0 if x == 0 else t if y == 0 else max(t - math.ceil(y), math.floor(x))
        lows.append(low)
        highs.append(high)
    firsts = list(lows)
    step = 1 if want > sum(firsts) else -1
    both = [i for i, (x, y, _) in enumerate(rows) if x != 0 and y != 0]
    for _ in range(abs(want - sum(firsts))):
        room = [
            i
            for i in range(len(rows))
            if (firsts[i] < highs[i] if step > 0 else firsts[i] > lows[i])
        ]
        if not room and _adjacent(rows, sum(firsts)):
            break  # the columns' sums are their exact sums rounded too: no row need go further
        pool = room or both  # beyond the bounds: a row with two non-zero parts, never a zero
        if not pool:
            break
        firsts[min(pool, key=lambda i: (-step * (rows[i][0] - firsts[i]), i))] += step
    return [
        (_decimal(a, places), _decimal(t - a, places))
        for a, (_, _, t) in zip(firsts, rows, strict=True)
    ]


def _adjacent(rows: list[tuple[Fraction, Fraction, int]], first: int) -> bool:
    """Whether the first parts' sum ``first``, and the second parts' sum it leaves, are each their
    exact sum floored or ceiled."""
    xs = sum((x for x, _, _ in rows), Fraction(0))
    ys = sum((y for _, y, _ in rows), Fraction(0))
    second = sum(t for _, _, t in rows) - first
    return math.floor(xs) <= first <= math.ceil(xs) and math.floor(ys) <= second <= math.ceil(ys)


def _units(total: Decimal, unit: Fraction, places: int) -> int:
    units = Fraction(total) / unit
    if units.denominator != 1:
        raise ValueError(f"{total} has more than {places} decimal places")
    return int(units)


def _decimal(units: int, places: int) -> Decimal:
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(units) * quantum).quantize(quantum)
