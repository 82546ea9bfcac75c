"""The Jinja side of rendering: the template loader and what a ``{{ … }}`` prints (imported
only when a report is made from templates, so a Word report never loads Jinja)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from ..errors import Issue, UsageError
from ..safe_text import clean_text
from .filters import md_escape

__all__ = ["ReportSandbox", "TemplateLoader", "finalize", "finalize_md"]


class TemplateLoader(jinja2.FileSystemLoader):
    """Template files as UTF-8 text; any other encoding is a located error, not a traceback."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            file = next(
                (str(p) for b in self.searchpath if (p := Path(b) / template).is_file()), template
            )
            line = exc.object[: exc.start].count(b"\n") + 1
            raise UsageError(
                [
                    Issue(
                        "PS603",
                        "tệp mẫu báo cáo không phải văn bản UTF-8",
                        file=file,
                        line=line,
                        hint="lưu lại tệp mẫu với bảng mã UTF-8",
                    )
                ]
            ) from None


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


def finalize(value: object) -> object:
    """What a ``{{ … }}`` prints: strings without control characters (markup stays markup)."""
    if type(value) is str:  # most: a printable text holds no control character
        return value if value.isprintable() else clean_text(value)
    if isinstance(value, Markup):
        return Markup(clean_text(value))
    return clean_text(value) if isinstance(value, str) else value


def finalize_md(value: object) -> object:
    return md_escape(finalize(value))
