"""Auditor views: the pack diff between two years with the drift of every commune of a province,
the reconciliation of self-scores with computed and appraised points (over-claims), and one
commune's audit trail.

Who sees what (:mod:`parscore.web.access`): the comparison and the province's reconciliation are
for the province's officers, auditors and administrators (``can_view_province``); a commune's
reconciliation and trail for whoever may see the commune (its own staff and leader, the province,
auditors, the council members assigned to it).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ...report.filters import Formatter
from ...report.table_export import Sheet, table_csv, table_xlsx
from ..access import can_view_province, require
from ..models import Assessment, AuditEntry, Province
from ..packs import loaded_pack
from ..posted import whole_number
from ..reconcile import over_claimed, reconcile
from ..trail import trail_rows
from .auth import ACTIONS
from .common import CSV, XLSX, attachment, excel_vi, get_assessment, get_commune
from .comparing import (
    CRITERIA_SHEET,
    CRITERIA_WIDTHS,
    MOVERS_SHEET,
    MOVERS_WIDTHS,
    comparison,
    comparison_about,
    criteria_table,
    drift_file_name,
    drift_table,
    drift_widths,
    movers_table,
    with_pack_columns,
)

__all__ = [
    "commune_reconciliation",
    "compare_criteria_export",
    "compare_export",
    "compare_movers_export",
    "compare_packs",
    "reconciliation",
    "reconciliation_export",
    "trail",
]

TRAIL_PAGE = 50


def _province(request: HttpRequest, slug: str) -> Province:
    province = get_object_or_404(Province, slug=slug)
    require(can_view_province(request.user, province))
    return province


@login_required
def compare_packs(request: HttpRequest, slug: str) -> HttpResponse:
    province = _province(request, slug)
    context = comparison(province, request.GET.get("tu", ""), request.GET.get("den", ""))
    return render(request, "web/auditing/compare.html", context)


def _compared(request: HttpRequest, slug: str, fmt: str) -> dict[str, Any]:
    """The comparison asked for by ``tu`` and ``den``, for an export in ``fmt``."""
    province = _province(request, slug)
    if fmt not in ("csv", "xlsx"):
        raise Http404("Không có định dạng này.")
    context = comparison(province, request.GET.get("tu", ""), request.GET.get("den", ""))
    if "rows" not in context:
        raise Http404("Chưa chọn được hai gói quy tắc để so sánh.")
    return context


@login_required
def compare_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The drift table; in Excel, the criteria's rows as a second sheet."""
    context = _compared(request, slug, fmt)
    headers, rows, places = drift_table(context, "; " if fmt == "csv" else "\n")
    if fmt == "csv":
        headers, rows = with_pack_columns(headers, rows, context)
        data, content_type = table_csv(headers, rows, excel_vi=excel_vi(request)), CSV
    else:
        about = comparison_about(context)
        more = [
            Sheet(CRITERIA_SHEET, *criteria_table(context), CRITERIA_WIDTHS),
            Sheet(MOVERS_SHEET, *movers_table(context), MOVERS_WIDTHS),
        ]
        widths = drift_widths(context)
        data = table_xlsx("Điểm theo hai gói", headers, rows, places, about, more, widths)
        content_type = XLSX
    return attachment(data, content_type, drift_file_name(context, fmt))


@login_required
def compare_criteria_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """Each commune's criteria that moved its score, with the change split in its two parts (a
    CSV holds one table: the drift table's second sheet as a file of its own)."""
    context = _compared(request, slug, fmt)
    sheet = Sheet(CRITERIA_SHEET, *criteria_table(context), CRITERIA_WIDTHS)
    return _one_table(request, context, fmt, sheet, "so-sanh-goi-tieu-chi")


@login_required
def compare_movers_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The criteria that moved the province's scores most, each with its mean change and that
    change's two parts (the drift table's third sheet as a file of its own)."""
    context = _compared(request, slug, fmt)
    sheet = Sheet(MOVERS_SHEET, *movers_table(context), MOVERS_WIDTHS)
    return _one_table(request, context, fmt, sheet, "so-sanh-goi-nhieu-nhat")


def _one_table(
    request: HttpRequest, context: dict[str, Any], fmt: str, sheet: Sheet, kind: str
) -> HttpResponse:
    """One sheet of the comparison as a file of its own: a CSV naming both packs in each row, or
    a workbook with its «Thông tin» sheet."""
    headers, rows = list(sheet.headers), [list(r) for r in sheet.rows]
    if fmt == "csv":
        headers, rows = with_pack_columns(headers, rows, context)
        data, content_type = table_csv(headers, rows, excel_vi=excel_vi(request)), CSV
    else:
        about = comparison_about(context)
        places = context["places"]
        data = table_xlsx(sheet.title, headers, rows, places, about, widths=sheet.widths)
        content_type = XLSX
    return attachment(data, content_type, drift_file_name(context, fmt, kind))


def _fmt(assessment: Assessment) -> Formatter:
    rounding = loaded_pack(assessment.pack).model.pack.rounding
    return Formatter(rounding.places, rounding.mode)


@login_required
def reconciliation(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The province's year: communes by total over-claim, the criteria most often over-claimed."""
    province = _province(request, slug)
    years = list(
        Assessment.objects.filter(commune__province=province, year=year).select_related(
            "commune__province", "pack"
        )
    )
    rows = [reconcile(a) for a in years]
    rows.sort(key=lambda r: (-r.over_total, r.assessment.commune.name))
    fmt = _fmt(years[0]) if years else Formatter(2, "half_up")
    context: dict[str, Any] = {
        "province": province,
        "year": year,
        "fmt": fmt,
        "rows": [_commune_summary(r, fmt.fixed) for r in rows],  # columns: places always
        "criteria": [{"o": o, "points": fmt.fixed(o.points)} for o in over_claimed(rows, count=15)],
        "communes_over": sum(1 for r in rows if r.over_total > 0),
        "count": len(rows),
    }
    return render(request, "web/auditing/reconciliation.html", context)


@login_required
def reconciliation_export(request: HttpRequest, slug: str, year: int, fmt: str) -> HttpResponse:
    """Every criterion of every commune of the year, as CSV or Excel (numbers as numbers)."""
    province = _province(request, slug)
    if fmt not in ("csv", "xlsx"):
        raise Http404("Không có định dạng này.")
    years = Assessment.objects.filter(commune__province=province, year=year).select_related(
        "commune__province", "pack"
    )
    headers = ["Xã", "Mã tiêu chí", "Tiêu chí", "Tối đa", "Tự chấm", "Tính từ số liệu",
               "Vòng 1", "Vòng 2", "Vượt so với số liệu", "Vượt so với thẩm định"]  # fmt: skip
    rows = [
        [
            a.commune.name,
            line.code,
            line.title,
            line.max,
            line.claim,
            None if line.na else line.computed,
            line.round_1,
            line.round_2,
            line.over_computed,
            line.over_appraised,
        ]
        for a in years.order_by("commune__name")
        for line in reconcile(a).lines
    ]
    places = loaded_pack(years[0].pack).model.pack.rounding.places if years else 2
    if fmt == "csv":
        data, content_type = table_csv(headers, rows, excel_vi=excel_vi(request)), CSV
    else:
        data, content_type = table_xlsx("Đối soát điểm", headers, rows, places), XLSX
    return attachment(data, content_type, f"doi-soat-{slug}-{year}.{fmt}")


def _commune_summary(r: Any, show: Callable[[Decimal], str]) -> dict[str, Any]:
    """A commune's totals, each written by ``show``: a column of the province's table
    (``Formatter.fixed``: ``82,60``) or the commune's own page (``Formatter.pts``: ``82,6``)."""

    def score(key: str) -> str:
        total = r.stage(key)
        return show(total.score) if total is not None else "—"

    return {
        "a": r.assessment,
        "self": show(r.self_total.score),
        "computed": show(r.computed.score),
        "round_1": score("round_1"),
        "round_2": score("round_2"),
        "official": show(r.official.score),
        "over": show(r.over_total) if r.over_total else "",
        "over_computed": show(r.over_computed) if r.over_computed else "",
        "over_appraised": show(r.over_appraised) if r.over_appraised else "",
        "over_count": len(r.over_lines),
    }


@login_required
def commune_reconciliation(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """One commune's year, criterion by criterion."""
    assessment = get_assessment(request, slug, year)
    r = reconcile(assessment)
    fmt = _fmt(assessment)
    only = request.GET.get("chi") == "vuot"

    def pts(value: Decimal | None) -> str:
        return fmt.pts(value) if value is not None else "—"

    lines = [
        {
            "line": line,
            "claim": pts(line.claim),
            "computed": pts(line.computed) if not line.na else "—",
            "round_1": pts(line.round_1),
            "round_2": pts(line.round_2),
            "kept_1": line.round_1 is not None and 1 not in line.scored,
            "kept_2": line.round_2 is not None and 2 not in line.scored,
            "max": fmt.pts(line.max),
            "over_computed": fmt.pts(line.over_computed) if line.over_computed else "",
            "over_appraised": fmt.pts(line.over_appraised) if line.over_appraised else "",
        }
        for line in r.lines
        if not only or line.over > 0
    ]
    context = {
        "assessment": assessment,
        "commune": assessment.commune,
        "summary": _commune_summary(r, fmt.pts),
        "lines": lines,
        "only": only,
        "has_rounds": any(line.round_1 is not None for line in r.lines),
        "can_province": can_view_province(request.user, assessment.commune.province),
    }
    return render(request, "web/auditing/reconciliation_commune.html", context)


@login_required
def trail(request: HttpRequest, slug: str) -> HttpResponse:
    """One commune's audit trail (every year, or ``?nam=``), newest first, paginated."""
    commune = get_commune(request, slug)
    entries = AuditEntry.objects.filter(commune=commune).order_by("-at", "-pk")
    years = sorted(set(entries.values_list("year", flat=True)) - {None}, reverse=True)
    year_text = request.GET.get("nam", "")
    year = whole_number(year_text)
    if year is not None:
        entries = entries.filter(year=year)
    page = Paginator(entries, TRAIL_PAGE).get_page(request.GET.get("trang"))
    context = {
        "commune": commune,
        "years": years,
        "year": year,
        "page": page,
        "rows": trail_rows(page.object_list, ACTIONS),
    }
    return render(request, "web/auditing/trail.html", context)
