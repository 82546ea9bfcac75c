"""The commune list, one commune's years, and opening a year (province)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ...errors import ParscoreError
from ...forms.cells import is_blank, read_date, read_decimal
from ..access import can_manage_years, require, visible_communes
from ..audit import record
from ..evidence import load_assessment
from ..models import Assessment
from ..packs import available_pack_files, freeze_pack
from ..score_cache import totals_of
from ..standing import year_standing
from .common import get_commune

__all__ = ["commune_page", "home", "open_year"]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    communes = list(visible_communes(request.user))
    years = (
        Assessment.objects.filter(commune__in=communes)
        .select_related("pack", "commune")
        .defer("pack__text")
    )
    by_commune: dict[int, list[Assessment]] = {}
    for a in years:
        by_commune.setdefault(a.commune_id, []).append(a)
    years_of = {c.pk: sorted(by_commune.get(c.pk, []), key=lambda a: -a.year) for c in communes}
    totals = totals_of([ys[0] for ys in years_of.values() if ys])  # cached: one query
    rows = []
    for c in communes:
        assessments = years_of[c.pk]
        latest = assessments[0] if assessments else None
        rows.append(
            {
                "commune": c,
                "years": assessments,
                "latest": latest,
                "total": totals[latest.pk] if latest is not None else None,
            }
        )
    return render(request, "web/home.html", {"rows": rows})


@login_required
def commune_page(request: HttpRequest, slug: str) -> HttpResponse:
    commune = get_commune(request, slug)
    years = []
    for a in commune.assessments.select_related("pack").order_by("-year"):
        standing = year_standing(a)  # each stage against the goal: the leaders' year-end view
        years.append({"a": a, "total": standing.totals, "standing": standing})
    context: dict[str, Any] = {
        "commune": commune,
        "years": years,
        "can_open": can_manage_years(request.user, commune),
        "packs": _pack_choices() if can_manage_years(request.user, commune) else [],
    }
    return render(request, "web/commune.html", context)


def _pack_choices() -> list[dict[str, Any]]:
    out = []
    for path in available_pack_files():
        out.append({"file": path.name, "label": path.stem})
    return out


@login_required
@require_POST
def open_year(request: HttpRequest, slug: str) -> HttpResponse:
    """Open a year: freeze the chosen pack (id + revision + sha256 + text) for this commune."""
    commune = get_commune(request, slug)
    require(can_manage_years(request.user, commune))
    back = redirect("web:commune", slug=slug)
    files = {p.name: p for p in available_pack_files()}
    path = files.get(request.POST.get("pack", ""))
    if path is None:
        messages.error(request, "Chọn một gói quy tắc trong danh sách.")
        return back
    problems = []
    as_of = goal = None
    if not is_blank(request.POST.get("as_of")):
        as_of, p = read_date(request.POST.get("as_of"))
        problems += [f"Ngày số liệu: {p}"] if p else []
    if not is_blank(request.POST.get("goal")):
        goal, p = read_decimal(request.POST.get("goal"))
        problems += [f"Mục tiêu: {p}"] if p else []
    try:
        version = freeze_pack(path)
    except ParscoreError as exc:
        problems += [i.format() for i in exc.issues]
    if problems:
        messages.error(request, "Chưa mở năm: " + "; ".join(problems))
        return back
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                commune=commune, year=version.year, pack=version, as_of=as_of, goal=goal
            )
            load_assessment(assessment)  # the engine accepts the (empty) year under this pack
            record(request.user, "open_year", assessment, version.pack_id, "", version.sha256)
    except IntegrityError:
        messages.error(request, f"Xã {commune.name} đã có bản tự đánh giá năm {version.year}.")
        return back
    messages.success(request, f"Đã mở năm {version.year} theo gói {version.pack_id}.")
    return redirect("web:assessment", slug=slug, year=version.year)
