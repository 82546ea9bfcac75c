"""Template filters: Vietnamese numbers and dates, dictionary look-ups."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone

from ...numbers import vi_number
from ...vi import vi_date

register = template.Library()


@register.filter
def vi_num(value: Any) -> str:
    """``86,79``; ``—`` for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, int | Decimal):
        return vi_number(Decimal(value))
    return str(value)


@register.filter
def vi_day(value: Any) -> str:
    """``31/12/2025`` (a text deadline as it is)."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date | str) or value is None:
        return vi_date(value)
    return str(value)


@register.filter
def dom_id(code: Any) -> str:
    """A criterion code usable in an HTML id and a CSS selector (``3.2.2`` -> ``3-2-2``)."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", str(code))


@register.filter
def get(mapping: Any, key: Any) -> Any:
    if isinstance(mapping, dict):
        return mapping.get(key, "")
    return ""
