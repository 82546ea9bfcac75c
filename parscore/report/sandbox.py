"""Jinja's sandbox for a user's report templates (``--templates``: they may come from anyone and
run no code), imported only when a report is made from them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment

__all__ = ["ReportSandbox"]


_PLAIN = frozenset({str, Decimal, int, bool, type(None), tuple, list, dict, dt.date})
_ABSENT = object()  # not plain: an attribute that is not there goes the way Jinja goes


class ReportSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, its answers on parscore's own records kept: whether an attribute
    is safe to read depends only on the object's type and the attribute's name (Jinja checks
    the name, and the object with ``isinstance``), so for the report's records, classes of this
    package, each pair is asked once. Everything else is asked every time, as Jinja does."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._safe: dict[tuple[type, str], bool] = {}

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Jinja's sandboxed ``obj.attribute``; a field of a parscore record known safe that
        holds plain data is read directly (Jinja would return that same value)."""
        if self._safe.get((type(obj), attribute)):  # only parscore's records are kept there
            value = getattr(obj, attribute, _ABSENT)
            if type(value) in _PLAIN:  # (not a ``str.format`` either, which Jinja wraps)
                return value
        return super().getattr(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        cls = type(obj)
        if not cls.__module__.startswith("parscore."):
            return super().is_safe_attribute(obj, attr, value)
        key = (cls, attr)
        safe = self._safe.get(key)
        if safe is None:
            safe = self._safe[key] = super().is_safe_attribute(obj, attr, value)
        return safe
