"""Render a :class:`ReportContext` to HTML or Markdown (Jinja) or Word (WordprocessingML).

Templates come from the built-in ``templates/`` folder; a user folder given with ``--templates``
is searched first, so any file there (``report.html.j2``, ``partials/…``) overrides the built-in
one of the same name. Rendering runs under ``StrictUndefined``: a misspelt name is an error, never
a silently empty cell. HTML is autoescaped; Markdown output escapes table and HTML characters.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ..errors import Issue, ParscoreError, UsageError
from ..resources import shipped_dir
from ..safe_text import CONTROL_CHARS, clean_strings
from ..vi import SYNTHETIC_MARK, strict_evidence_rule
from .chart import field_chart
from .context import ReportContext
from .filters import Formatter

if TYPE_CHECKING:
    import jinja2

__all__ = ["FORMATS", "builtin_templates_dir", "has_control_chars", "render_report", "render_text"]

FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".docx": "docx"}
TEMPLATE_NAMES = {"html": "report.html.j2", "md": "report.md.j2"}
_MARKER = "report.html.j2"


def builtin_templates_dir() -> Path:
    """The ``templates/`` folder shipped with parscore.

    A source checkout or editable install uses the folder beside the package; an installed wheel
    uses the copy installed under ``<prefix>/share/parscore/templates`` (pyproject ``data-files``).
    """
    folder = shipped_dir("templates", _MARKER)
    if folder is not None:
        return folder
    raise UsageError(
        [
            Issue(
                "PS603",
                "không tìm thấy thư mục mẫu báo cáo (templates) của parscore",
                hint="cài lại parscore, hoặc chỉ định thư mục mẫu bằng --templates",
            )
        ]
    )


def make_environment(
    fmt: str, formatter: Formatter, user_dir: Path | None = None
) -> jinja2.Environment:
    import jinja2  # Jinja loads only for a report made from templates (not for Word)
    from markupsafe import Markup

    from .jinja_env import OwnEnvironment, TemplateLoader, finalize, finalize_md
    from .template_cache import bytecode_cache

    search = [str(user_dir)] if user_dir is not None else []
    search.append(str(builtin_templates_dir()))
    # A user's templates (--templates) may come from anyone: they render in Jinja's sandbox and
    # run no code. parscore's own need no guard against themselves: a plain environment spares
    # each printed attribute and call the sandbox's checks (their compiled code differs, so
    # each kind keeps its own compiled templates).
    sandboxed = user_dir is not None
    if sandboxed:
        from .sandbox import ReportSandbox
    env = (ReportSandbox if sandboxed else OwnEnvironment)(
        loader=TemplateLoader(search, encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=fmt == "html",
        finalize=finalize_md if fmt == "md" else finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        bytecode_cache=bytecode_cache(sandboxed=sandboxed),
    )
    env.filters.update(formatter.filters())
    env.globals["field_chart"] = lambda fields, goal, scale: field_chart(
        fields, formatter, goal, scale
    )
    env.globals["raw"] = Markup  # for user templates that build trusted markup themselves
    env.globals["synthetic_mark"] = SYNTHETIC_MARK
    env.globals["strict_evidence_rule"] = strict_evidence_rule
    return env


def render_text(
    ctx: ReportContext | Any, fmt: str, user_dir: Path | None = None, *, name: str | None = None
) -> str:
    """HTML or Markdown text of the report (or of another document: ``name`` is its template;
    ``ctx`` has ``places``, ``mode`` and ``template_vars()``)."""
    import jinja2
    from jinja2.exceptions import SecurityError

    env = make_environment(fmt, Formatter(ctx.places, ctx.mode), user_dir)
    name = name or TEMPLATE_NAMES[fmt]
    try:
        return env.get_template(name).render(ctx.template_vars())
    except jinja2.TemplateNotFound as exc:
        raise UsageError(
            [
                Issue(
                    "PS603",
                    f"không tìm thấy mẫu báo cáo '{exc.name}'",
                    file=str(user_dir) if user_dir else None,
                    hint="kiểm tra tên tệp mẫu; tệp thiếu trong --templates được lấy từ mẫu có sẵn",
                )
            ]
        ) from None
    except ParscoreError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        raise UsageError(
            [
                Issue(
                    "PS603",
                    f"mẫu báo cáo sai cú pháp: {exc.message}",
                    file=exc.filename or exc.name,
                    line=exc.lineno,
                    hint="sửa dòng đã chỉ ra trong tệp mẫu",
                )
            ]
        ) from None
    except SecurityError as exc:
        frame = _template_frame(exc, user_dir)
        raise UsageError(
            [
                Issue(
                    "PS603",
                    "mẫu báo cáo dùng một thao tác không được phép (truy cập đối tượng Python)",
                    file=frame[0] if frame else None,
                    line=frame[1] if frame else None,
                    hint="mẫu chỉ được đọc dữ liệu báo cáo và dùng các bộ lọc có sẵn",
                )
            ]
        ) from None
    except Exception as exc:
        where = _template_frame(exc, user_dir)
        if where is None:
            raise  # a bug in parscore's own templates or code, not the user's
        file, line = where
        raise UsageError(
            [
                Issue(
                    "PS603",
                    f"lỗi khi dựng báo cáo từ mẫu: {exc}",
                    file=file,
                    line=line,
                    hint="tên biến trong mẫu phải có trong dữ liệu báo cáo (xem README, mục parscore report)",
                )
            ]
        ) from None


def render_report(
    ctx: ReportContext,
    fmt: str,
    user_dir: Path | None = None,
    *,
    docx_plan_writer: Callable[..., None] | None = None,
) -> bytes:
    """The report file's bytes: ``fmt`` is ``html``, ``md`` or ``docx``.

    ``docx_plan_writer(body, ctx)`` writes ``ctx.plan`` into the Word report (see ``write_docx``);
    HTML and Markdown render it through ``partials/plan.html.j2`` / ``partials/plan.md.j2``.
    """
    if fmt == "docx":
        from .docx_writer import write_docx  # loaded only when a Word file is asked for

        if has_control_chars(ctx):  # no control character reaches the Word writer
            ctx = clean_strings(ctx)
        return write_docx(ctx, docx_plan_writer)
    # HTML and Markdown: every value a template prints passes ``finalize``, which removes them
    # (as for every other document rendered from templates, see ``render_text``)
    return render_text(ctx, fmt, user_dir).encode("utf-8")


def has_control_chars(value: object) -> bool:
    """Whether :func:`~parscore.safe_text.clean_strings` would change a string inside ``value``
    (the same walk: the fields of frozen dataclasses, tuples, lists, dicts; nothing rebuilt).
    When not, ``clean_strings`` would only rebuild equal records."""
    stack: list[Any] = [value]
    pop, push, extend = stack.pop, stack.append, stack.extend
    texts: list[str] = []
    text = texts.append
    while stack:
        item = pop()
        cls = type(item)
        if cls is str:
            text(item)
        elif cls in _PLAIN:
            continue
        elif cls is tuple or cls is list:
            extend(item)
        elif cls is dict:
            extend(item)
            extend(item.values())
        else:
            try:
                fields = _FIELDS[cls]
            except KeyError:
                fields = _init_fields(cls)
            if fields is None:
                if clean_strings(item) is not item:  # any other kind: as clean_strings sees it
                    return True
                continue
            for field in fields(item):  # plain values are seen here, not pushed
                kind = type(field)
                if kind is str:
                    text(field)
                elif kind not in _PLAIN:
                    push(field)
    # A printable text holds no control character (they are all unprintable); a text with a line
    # break, a non-breaking space… is looked at closely. (Spaces join them: not a control character.)
    joined = " ".join(texts)
    return not joined.isprintable() and CONTROL_CHARS.search(joined) is not None


_PLAIN = frozenset({Decimal, int, float, bool, type(None), dt.date, dt.datetime})
_FIELDS: dict[type, Callable[[Any], tuple[Any, ...]] | None] = {}


def _init_fields(cls: type) -> Callable[[Any], tuple[Any, ...]] | None:
    """The values of a dataclass's ``__init__`` fields, read in one call (None: not a dataclass)."""
    values: Callable[[Any], tuple[Any, ...]] | None = None
    if dataclasses.is_dataclass(cls):
        names = tuple(f.name for f in dataclasses.fields(cls) if f.init)
        if len(names) > 1:
            values = cast(Callable[[Any], tuple[Any, ...]], operator.attrgetter(*names))
        else:  # one name (or none) gives a value, not a tuple
            values = lambda item: tuple(getattr(item, n) for n in names)  # noqa: E731
    _FIELDS[cls] = values
    return values


def _template_frame(exc: BaseException, user_dir: Path | None) -> tuple[str, int] | None:
    """The innermost template file and line of an error raised while rendering, if it is the user's."""
    if user_dir is None:
        return None
    import traceback  # only for an error in the user's template

    root = user_dir.resolve()
    found: tuple[str, int] | None = None
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if path.suffix == ".j2" and path.resolve().is_relative_to(root):
            found = (frame.filename, frame.lineno or 0)
    return found
