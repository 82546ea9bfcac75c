"""The Jinja side of rendering: the template loader and what a ``{{ … }}`` prints (imported
only when a report is made from templates, so a Word report never loads Jinja)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..errors import Issue, UsageError
from ..safe_text import clean_text
from .filters import md_escape

__all__ = ["TemplateLoader", "finalize", "finalize_md"]


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


def finalize(value: object) -> object:
    """What a ``{{ … }}`` prints: strings without control characters (markup stays markup)."""
    if type(value) is str:  # most: a printable text holds no control character
        return value if value.isprintable() else clean_text(value)
    if isinstance(value, Markup):
        return Markup(clean_text(value))
    return clean_text(value) if isinstance(value, str) else value


def finalize_md(value: object) -> object:
    return md_escape(finalize(value))
