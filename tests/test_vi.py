"""parscore.vi: values shown to people in Vietnamese form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from parscore.vi import vi_date, vi_value


def test_dates() -> None:
    assert vi_date(dt.date(2025, 7, 5)) == "05/07/2025"
    assert vi_date("Thường xuyên") == "Thường xuyên"
    assert vi_date(None) == "—"


def test_values() -> None:
    assert vi_value(True) == "có" and vi_value(False) == "không"
    assert vi_value(dt.date(2025, 12, 31)) == "31/12/2025"
    assert vi_value(Decimal(1248)) == "1.248"
    assert vi_value(Decimal("99.84")) == "99,84"
    assert vi_value(Decimal(1) / Decimal(3) * 100) == "33,3333"
