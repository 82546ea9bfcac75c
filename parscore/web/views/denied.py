"""The 403 page. A change refused there (a form sent by someone whose role does not allow it,
often a role changed or an assignment removed since the page was drawn) is written to the audit
log, as every other refusal is. A refusal raised inside :func:`typed_kept` shows what the form
held, so that nothing typed is lost: it can be copied, or handed to whoever now does the work."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.template import loader

from ..audit import record
from ..models import Assessment, Commune

__all__ = ["permission_denied", "typed_kept"]

Typed = list[tuple[str, str]]  # (what the field is, the text typed there)


@contextmanager
def typed_kept(typed: Callable[[], Typed]) -> Iterator[None]:
    """A 403 raised inside shows ``typed()`` (what the refused form held) on its page."""
    try:
        yield
    except PermissionDenied as exc:
        exc.typed = [(what, text) for what, text in typed() if text.strip()]
        raise


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = str(exception) or "Bạn không có quyền truy cập trang này."
    if request.method == "POST" and not getattr(exception, "logged", False):
        _log(request, message)
    typed: Typed = getattr(exception, "typed", [])
    context = {
        "exception": message,
        "typed": typed,
        "typed_text": "\n\n".join(f"{what}:\n{text.strip()}" for what, text in typed),
    }
    page = loader.get_template("403.html").render(context, request)
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
