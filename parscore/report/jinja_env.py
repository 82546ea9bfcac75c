"""The Jinja side of rendering: the template loader and what a ``{{ … }}`` prints (imported
only when a report is made from templates, so a Word report never loads Jinja)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Expr
from markupsafe import Markup

from ..errors import Issue, UsageError
from ..safe_text import clean_text
from .filters import md_escape

__all__ = ["OwnEnvironment", "TemplateLoader", "finalize", "finalize_md", "printed_html"]


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


# markupsafe's escaping of a plain string, giving a plain string (its C speedup when present)
_escaped: Callable[[str], str] = getattr(markupsafe, "_escape_inner", None) or (
    lambda text: str(markupsafe.escape(text))
)


def printed_html(value: object) -> str:
    """What ``escape(finalize(value))`` prints in an autoescaped template, in one call: the text
    without control characters, escaped (markup stays as it is)."""
    if type(value) is str:  # most: a printable text holds no control character
        return _escaped(value if value.isprintable() else clean_text(value))
    if isinstance(value, Markup):
        return clean_text(value)  # markup is printed as it is
    if isinstance(value, str):
        return _escaped(str(clean_text(value)))
    html = getattr(value, "__html__", None)  # (StrictUndefined raises here, as escape() does)
    return _escaped(str(value)) if html is None else str(html())


class _OneCallOutput(CodeGenerator):
    """Jinja's code generator, printing each autoescaped ``{{ … }}`` through one call,
    ``environment.printed_html(…)``, instead of ``escape(environment.finalize(…))`` (two calls and
    two ``Markup`` strings per value: a third of rendering a report). Only for parscore's own
    templates; a user's templates render in the sandbox, compiled by Jinja's own generator."""

    def _output_child_pre(self, node: Expr, frame: Frame, info: Any) -> None:
        if self._one_call(frame, info):
            self.write("environment.printed_html(")
        else:
            super()._output_child_pre(node, frame, info)

    def _output_child_post(self, node: Expr, frame: Frame, info: Any) -> None:
        if self._one_call(frame, info):
            self.write(")")
        else:
            super()._output_child_post(node, frame, info)

    def _one_call(self, frame: Frame, info: Any) -> bool:
        return (
            frame.eval_ctx.autoescape
            and not frame.eval_ctx.volatile
            and info.src == "environment.finalize("
            and self.environment.finalize is finalize  # the one printed_html folds in
        )


class OwnEnvironment(jinja2.Environment):
    """The environment of parscore's own templates: Jinja's, with :class:`_OneCallOutput`."""

    code_generator_class = _OneCallOutput
    printed_html = staticmethod(printed_html)
