"""The 403 page. A change refused there (a form sent by someone whose role does not allow it,
often a role changed or an assignment removed since the page was drawn) is written to the audit
log, as every other refusal is."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.template import loader

from ..audit import record
from ..models import Assessment, Commune

__all__ = ["permission_denied"]


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = str(exception) or "Bạn không có quyền truy cập trang này."
    if request.method == "POST" and not getattr(exception, "logged", False):
        _log(request, message)
    page = loader.get_template("403.html").render({"exception": message}, request)
    return HttpResponseForbidden(page)


def _log(request: HttpRequest, message: str) -> None:
    user = request.user
    match = request.resolver_match
    if not user.is_authenticated or match is None:
        return
    slug, year = match.kwargs.get("slug"), match.kwargs.get("year")
    action = match.url_name or request.path[:200]
    if request.path.startswith("/xa/") and slug:
        commune = Commune.objects.filter(slug=slug).first()
        year_row = (
            Assessment.objects.filter(commune=commune, year=year).select_related("commune").first()
            if commune is not None and year is not None
            else None
        )
        if year_row is not None:
            record(user, "refused", year_row, action, year_row.status, message)
            return
        record(user, "refused", None, action, "", message, commune=commune)
        return
    target = " ".join(str(p) for p in (action, slug, year) if p is not None)
    record(user, "refused", None, target, "", message)
