"""Read-only JSON API for provincial systems and scripts, with the pages' permissions.

Authentication: the browser session, or ``Authorization: Bearer <token>`` with a token made by
``parscore createuser --token``. ``GET /api/v1/communes/`` lists the communes the user may see;
``GET /api/v1/communes/<slug>/<year>/result`` is the FORMATS.md §3 result of the year's current
data (with ``stages`` once the council has appraised it). Another commune's result is 403.
``GET /api/v1/years/<year>/ranking`` is the published official ranking of the year; a year never
published, or whose publication was withdrawn (and not published again), is 404 with a message
saying which.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from ...scoring import score
from ..access import can_view, can_view_province, visible_communes
from ..evidence import load_assessment
from ..models import ApiToken, AppraisalYear, Assessment, Commune, Publication
from ..scores import province_summary

__all__ = ["communes", "result", "token_hash", "year_ranking"]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _api(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            token = ApiToken.objects.filter(key_hash=token_hash(header[7:].strip())).first()
            if token is None or not token.user.is_active:
                return _error(401, "mã truy cập (token) không hợp lệ")
            request.user = token.user
        if not request.user.is_authenticated:
            return _error(401, "cần đăng nhập hoặc mã truy cập (token)")
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return _error(403, "không có quyền xem mục này")
        except Http404:
            return _error(404, "không tìm thấy")

    wrapped.__name__ = view.__name__
    wrapped.csrf_exempt = True  # type: ignore[attr-defined]  # GET only, no cookies needed
    return wrapped


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse(
        {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


@_api
@require_GET
def communes(request: HttpRequest) -> HttpResponse:
    rows = []
    for c in visible_communes(request.user).prefetch_related("assessments"):
        rows.append(
            {
                "slug": c.slug,
                "name": c.name,
                "province": c.province.name,
                "years": sorted(a.year for a in c.assessments.all()),
            }
        )
    return JsonResponse({"communes": rows}, json_dumps_params={"ensure_ascii": False})


@_api
@require_GET
def result(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    commune = Commune.objects.filter(slug=slug).first()
    if commune is None:
        raise Http404
    if not can_view(request.user, commune):
        raise PermissionDenied
    assessment = Assessment.objects.filter(commune=commune, year=year).first()
    if assessment is None:
        raise Http404
    evidence, pack = load_assessment(assessment)
    strict = request.GET.get("strict") in ("1", "true")
    data = score(pack, evidence, strict_evidence=strict).to_dict()
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@_api
@require_GET
def year_ranking(request: HttpRequest, year: int) -> HttpResponse:
    """The published official results of ``year`` in the provinces the user may see, ranked by
    the pack's tie rule; a year not published (or withdrawn) is 404 with the reason."""
    rows = list(AppraisalYear.objects.filter(year=year).select_related("province"))
    years = [y for y in rows if y.published]
    if not years:
        return _error(404, _not_published(request.user, year, rows))
    shown = [y for y in years if can_view_province(request.user, y.province)]
    if not shown:
        raise PermissionDenied
    out = []
    publications = []
    for row in shown:
        province = row.province
        publications.append(
            {
                "province": province.name,
                "published_at": row.published_at.isoformat() if row.published_at else None,
                "republished": row.publications.filter(action=Publication.WITHDRAW).exists(),
            }
        )
        assessments = Assessment.objects.filter(commune__province=province, year=year)
        summary = province_summary(
            assessments.select_related("commune", "pack").defer("pack__text")
        )
        for c in summary.communes:
            official = c.score.totals.official
            out.append(
                {
                    "province": province.name,
                    "slug": c.score.file,
                    "name": c.score.commune,
                    "score": str(official.score),
                    "band": official.band,
                    "rank": c.rank,
                }
            )
    return JsonResponse(
        {"year": year, "published": True, "publications": publications, "ranking": out},
        json_dumps_params={"ensure_ascii": False},
    )


def _not_published(user: Any, year: int, rows: list[AppraisalYear]) -> str:
    """Why there is no official ranking of ``year``: a withdrawn publication (with when and why,
    to those who may see the province) or none yet."""
    for row in rows:
        last = row.publications.last()
        if last is None or last.action != Publication.WITHDRAW:
            continue
        if not can_view_province(user, row.province):
            return f"kết quả năm {year} đã bị thu hồi công bố, chưa công bố lại"
        return (
            f"kết quả năm {year} của {row.province.name} đã bị thu hồi công bố ngày "
            f"{timezone.localtime(last.at):%d/%m/%Y} ({last.reason}), chưa công bố lại"
        )
    return f"năm {year} chưa công bố kết quả chính thức"
