"""Official results beyond the total ranking: field and criterion rankings on official points
(pages and CSV/Excel exports; marked provisional until the year is published), and the
province's withdrawal of a publication (thu hồi công bố)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ...numbers import vi_fixed, vi_points
from ...rankings import RankingTable, criterion_rankings, field_rankings
from ...report.ranking_tables import ranking_tables_csv, ranking_tables_xlsx, status_label
from ..access import can_publish, require
from ..models import AppraisalYear, Assessment, Province
from ..post_only import post_only
from ..scores import full_results, province_summary
from ..workflow import Refused, withdraw
from .common import CSV, XLSX, attachment, excel_vi
from .province import _ranking_page, _years

__all__ = ["rankings_export", "rankings_page", "withdraw_year"]

# the URL's word -> (the kind of table, its Vietnamese noun)
KINDS = {
    "linh-vuc": ("field", "lĩnh vực"),
    "tieu-chi": ("criterion", "tiêu chí"),
}


@dataclass
class Ranked:
    province: Province
    year: int
    official: AppraisalYear | None
    tables: tuple[RankingTable, ...]
    places: int
    mode: str
    field_titles: dict[str, str]

    @property
    def published(self) -> bool:
        return bool(self.official and self.official.published)


def _ranked(request: HttpRequest, slug: str, year: int, kind: str) -> Ranked:
    if kind not in KINDS:
        raise Http404("Không có bảng xếp hạng này.")
    province, years = _years(request, slug)
    if year not in years:
        raise Http404(f"Năm {year} chưa có xã nào.")
    assessments = list(
        Assessment.objects.filter(commune__province=province, year=year).select_related(
            "commune", "pack"
        )
    )
    summary = province_summary(assessments)
    if KINDS[kind][0] == "field":
        tables = field_rankings(summary)
    else:
        slugs = [c.score.file for c in summary.communes]
        tables = criterion_rankings(full_results(assessments, slugs))
    official = AppraisalYear.objects.filter(province=province, year=year).first()
    pack = summary.pack
    places, mode = (pack.places, pack.mode) if pack is not None else (2, "half_up")
    titles = {f.code: f.title for f in summary.fields}
    return Ranked(province, year, official, tables, places, mode, titles)


@login_required
def rankings_page(request: HttpRequest, slug: str, year: int, kind: str) -> HttpResponse:
    """One field's (or criterion's) ranking, chosen with ``?ma=``, below an overview of all."""
    ranked = _ranked(request, slug, year, kind)
    chosen = request.GET.get("ma") or (ranked.tables[0].code if ranked.tables else "")
    table = next((t for t in ranked.tables if t.code == chosen), None)
    if table is None and ranked.tables:
        raise Http404(f"Không có {KINDS[kind][1]} {chosen}.")

    def pts(value: Any) -> str:
        return vi_points(value, ranked.places, ranked.mode) if value is not None else "—"

    def column(value: Any) -> str:  # a table's column of points: the places always written
        return vi_fixed(value, ranked.places, ranked.mode) if value is not None else "—"

    def share(value: Any) -> str:  # a column of percentages: one decimal always (``100,0%``)
        return vi_fixed(value, 1) + "%" if value is not None else "—"

    overview = [
        {
            "code": t.code,
            "title": t.title,
            "field": t.field,
            "field_title": ranked.field_titles.get(t.field, ""),
            "new_field": t.field != ranked.tables[i - 1].field if i else True,
            "max": column(t.max),
            "average": column(t.average),
            "share": share(t.average_percent),
            "full": t.full,
            "count": len(t.ranked),
            "on": table is not None and t.code == table.code,
        }
        for i, t in enumerate(ranked.tables)
    ]
    rows = []
    if table is not None:
        for r in table.rows:
            rows.append(
                {
                    "rank": r.rank if r.rank is not None else "—",
                    "slug": r.slug,
                    "commune": r.commune,
                    "points": column(r.points) if r.points is not None else "Không áp dụng",
                    "share": share(r.percent),
                }
            )
    other = next(k for k in KINDS if k != kind)
    context = {
        "province": ranked.province,
        "year": year,
        "kind": kind,
        "by_criterion": KINDS[kind][0] == "criterion",
        "noun": KINDS[kind][1],
        "other": other,
        "other_noun": KINDS[other][1],
        "official": ranked.official,
        "published": ranked.published,
        "status": status_label(ranked.published),
        "withdrawn": not ranked.published
        and ranked.official is not None
        and ranked.official.publications.exists(),
        "overview": overview,
        "table": table,
        "table_max": pts(table.max) if table is not None else "",
        "rows": rows,
    }
    return render(request, "web/rankings.html", context)


@login_required
def rankings_export(
    request: HttpRequest, slug: str, year: int, kind: str, fmt: str
) -> HttpResponse:
    ranked = _ranked(request, slug, year, kind)
    if fmt == "csv":
        data = ranking_tables_csv(
            ranked.tables,
            KINDS[kind][0],
            ranked.published,
            ranked.places,
            ranked.mode,
            excel_vi=excel_vi(request),
        )
        content_type = CSV
    elif fmt == "xlsx":
        data = ranking_tables_xlsx(
            ranked.tables, KINDS[kind][0], ranked.published, ranked.places, ranked.mode
        )
        content_type = XLSX
    else:
        raise Http404("Không có định dạng này.")
    name = f"xep-hang-{kind}-{slug}-{year}" + ("" if ranked.published else "-tam-thoi")
    return attachment(data, content_type, f"{name}.{fmt}")


@login_required
@post_only
def withdraw_year(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Withdraw the publication of ``year`` (the province's officers, with a reason)."""
    province, _ = _years(request, slug)
    require(can_publish(request.user, province))
    reason = request.POST.get("reason", "")
    try:
        withdraw(request.user, province, year, reason)
    except Refused as exc:
        messages.error(request, str(exc))
        if reason.strip():  # the page again, the reason as typed: nothing lost
            return _ranking_page(request, slug, year, status=409, reason=("withdraw", reason))
    else:
        messages.success(
            request,
            f"Đã thu hồi công bố kết quả năm {year}. Năm này được mở khóa: có thể mở lại xã, "
            "sửa hạn, rồi công bố lại.",
        )
    return redirect("web:province_year", slug=slug, year=year)
