"""The answers Django would give in English: a form refused by the CSRF check (a page of before
another sign-in in the same browser), an address that takes only forms opened as a page (405),
a bad request (400) and a server error (500). Each is a Vietnamese page saying what happened,
that nothing was done, and where to go on."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, HttpResponseRedirect
from django.template import loader
from django.urls import Resolver404, resolve

from ..post_only import page_at

__all__ = ["NotAllowedMiddleware", "csrf_failure", "page_not_found"]


def _page_above(path: str) -> str:
    """The app's page that holds the form sent to ``path`` (the home page when none)."""
    return page_at(path) or "/"


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler404``: the app's own reason, when a view gave one in Vietnamese ("Năm 2026 chưa có
    xã nào.", "Tài liệu này không có tệp đính kèm."); Django's English ones ("No … matches the
    given query.") and the resolver's are not shown."""
    message = exception.args[0] if exception.args else ""
    reason = message if isinstance(message, str) and not message.isascii() else ""
    page = loader.get_template("404.html").render({"reason": reason}, request)
    return HttpResponseNotFound(page)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: a form whose page was drawn before the browser signed in again
    (in another tab, perhaps as someone else) or whose cookie was cleared. Nothing was done. The
    live score (htmx, which swaps no error answer) says so in its panel."""
    if request.headers.get("HX-Request"):
        return HttpResponse(loader.render_to_string("web/partials/stale_panel.html"))
    context = {"page": _page_above(request.path)}
    page = loader.get_template("web/stale_form.html").render(context, request)
    return HttpResponse(page, status=403)


class NotAllowedMiddleware:
    """A form's address opened as a page (typed, bookmarked, or Enter in the address bar of a
    page drawn by a refused form) opens the page that holds the form; any other "405" (the
    logout address opened as a page, a method no page takes) is said in Vietnamese instead of
    the browser's blank error page. The API keeps its plain answers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or request.path.startswith("/api/"):
            return response
        page = _page_above(request.path)
        if request.method in ("GET", "HEAD") and page != request.path:
            return HttpResponseRedirect(page)
        try:
            logout = resolve(request.path).view_name == "web:logout"
        except Resolver404:
            logout = False
        context = {"page": page, "logout": logout}
        body = loader.get_template("405.html").render(context, request)
        answer = HttpResponse(body, status=405)
        if response.has_header("Allow"):
            answer["Allow"] = response["Allow"]
        return answer
