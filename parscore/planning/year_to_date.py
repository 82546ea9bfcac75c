"""Year-to-date inputs: counted from 1 January up to the data date ``as_of``.

Shared by the year-end projection (:mod:`.projection`) and the planner (:mod:`.ytd_rates`): the
share of the year elapsed at ``as_of``, the year-end value of an input at a pace (the pace so far,
or a share of it), and the year-to-date rates (``ratio(part, whole)`` with both inputs marked
``year_to_date: true``), whose items already counted cannot change.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal
from weakref import WeakKeyDictionary

from ..compiled import LoadedPack
from ..expr import decimal_context
from ..model.pack import InputSpec
from ..part_whole import rate_parts

__all__ = ["paced", "year_share", "year_to_date_rates"]


def year_share(as_of: dt.date, year: int) -> Decimal:
    """The share of ``year`` elapsed at ``as_of``: days from 1 January to ``as_of`` inclusive,
    over the days of the year (exact)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return Decimal((as_of - start).days + 1) / Decimal((end - start).days + 1)


def paced(
    spec: InputSpec, value: Decimal, elapsed: Decimal, share: Decimal, *, up: bool = False
) -> Decimal:
    """The year-end value of a year-to-date input when the rest of the year goes at ``share`` of
    the pace so far: whole numbers for counts (half up at the full pace, else up when ``up``, down
    when not), else two decimals (half up); never above the input's declared maximum."""
    with decimal_context():
        rest = (value / elapsed - value) * share
        end = value + rest
    if spec.type == "count":
        if share == 1 and not up:
            rounding = decimal.ROUND_HALF_UP
        else:
            rounding = decimal.ROUND_CEILING if up else decimal.ROUND_FLOOR
        end = end.to_integral_value(rounding=rounding)
    else:
        end = end.quantize(Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)
    if spec.max is not None:
        end = min(end, spec.max)
    return end


def year_to_date_rates(pack: LoadedPack) -> dict[str, str]:
    """Part -> whole of each rate ``ratio(part, whole)`` whose inputs are both year to date (on
    time of received): new items raise the whole, and an item counted already stays as it is."""
    found = _RATES.get(pack)
    if found is None:
        inputs = pack.model.inputs
        found = _RATES[pack] = {
            part: whole
            for part, whole in rate_parts(pack).items()
            if inputs[part].year_to_date and inputs[whole].year_to_date
        }
    return dict(found)


_RATES: WeakKeyDictionary[LoadedPack, dict[str, str]] = WeakKeyDictionary()  # read once per pack
