"""The report as a Word file, built from the same context as the templates.

A4 pages, Times New Roman, Vietnamese headings, real tables whose header rows repeat on every page.
The gap table and the appendices use landscape pages so the improvement plan can be pasted into a commune's own plan
(the seed plans' "Phụ lục phân công" layout). Output is byte-identical for the same inputs.

The file is python-docx's template with the report's styles (:mod:`.docx_package`) and a body
written as WordprocessingML text (:mod:`.docx_xml`): the same bytes python-docx would save, without
importing it or building an object per paragraph, run and cell.
"""

from __future__ import annotations

from collections.abc import Callable

from ..vi import SYNTHETIC_MARK
from .context import ReportContext
from .docx_appendix import AppendixWriter
from .docx_body import BodyWriter
from .docx_package import core_xml, shell_entries
from .docx_xml import FOOTER_PART, WordBody, footer_xml
from .docx_zip import Deflated, deflated, fixed_datetime, zip_deflated
from .filters import Formatter

__all__ = ["write_docx"]


PlanWriter = Callable[[WordBody, ReportContext], None]


class _Report(BodyWriter, AppendixWriter):
    """Every section of the report on one body."""


def write_docx(ctx: ReportContext, plan_writer: PlanWriter | None = None) -> bytes:
    """The ``.docx`` bytes of the report.

    ``plan_writer`` writes the optional fix-plan section (``ctx.plan``) after the gap table; it is
    required when ``ctx.plan`` is set, so a plan is never silently left out of the Word file.
    """
    if ctx.plan is not None and plan_writer is None:
        raise ValueError("ctx.plan is set but no plan_writer was given for the Word report")
    body = _Report(Formatter(ctx.places, ctx.mode))
    body.summary(ctx)
    body.fields(ctx)
    body.landscape_section()  # wide tables from here on
    body.gaps(ctx)
    if ctx.plan is not None and plan_writer is not None:
        plan_writer(body, ctx)
    if ctx.projection is not None:
        from .docx_projection import write_projection

        write_projection(body, ctx)
    body.page_break()
    body.plan_appendix(ctx)
    body.page_break()
    body.trace(ctx)
    body.claims(ctx)
    when = fixed_datetime(ctx.report_date)
    mark = SYNTHETIC_MARK if ctx.synthetic else ""
    own = {
        "word/document.xml": body.document_xml(),
        "docProps/core.xml": _core(ctx, when),
        FOOTER_PART: footer_xml(mark),
    }
    entries = [e if isinstance(e, Deflated) else deflated(e, own[e]) for e in shell_entries()]
    return zip_deflated(entries, when)


def _core(ctx: ReportContext, when: object) -> bytes:
    return core_xml(
        title=f"{ctx.title} – {ctx.commune}",
        subject=f"{ctx.index_name} {ctx.place}" + (f" năm {ctx.year}" if ctx.year else ""),
        keywords=f"{ctx.pack.id}; lần sửa {ctx.pack.revision}",
        language="vi-VN",
        when=when,  # type: ignore[arg-type]
    )
