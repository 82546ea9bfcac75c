"""Template filters: Vietnamese numbers and dates, dictionary look-ups, status tags."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html

from ...numbers import vi_number, vi_points
from ...vi import vi_date
from ..models import Assessment
from ..packs import loaded_pack

register = template.Library()
_STATUS_LABELS = {key: str(label) for key, label in Assessment.STATUSES}


@register.filter
def vi_num(value: Any) -> str:
    """``86,79``; ``—`` for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, int | Decimal):
        return vi_number(Decimal(value))
    return str(value)


@register.filter
def vi_pts(value: Any, assessment: Any) -> str:
    """Points as the UI shows them: rounded by the rule of ``assessment``'s pack, decimal comma
    (``2,74``); ``—`` for nothing. The exact value stays in the data."""
    if value is None or value == "":
        return "—"
    if not isinstance(value, int | Decimal):
        return str(value)
    rounding = loaded_pack(assessment.pack).model.pack.rounding
    return vi_points(value, rounding.places, rounding.mode)


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


@register.filter
def status_tag(status: Any, element_id: str = "") -> str:
    """An assessment's step as a coloured tag (``.tag.<status>`` in app.css), the same wherever
    a step shows: the lists, the ranking, the year pages, the appraisal page, the help page.
    ``element_id``: the tag's own id, for a page that points at it."""
    key = str(status)
    label = _STATUS_LABELS.get(key, key)
    if element_id:
        return format_html('<span class="tag {}" id="{}">{}</span>', key, element_id, label)
    return format_html('<span class="tag {}">{}</span>', key, label)
