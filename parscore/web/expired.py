"""A form sent after the session expired: the person is asked to sign in again and then comes
back to the page that held the form (its ``Referer``), told that nothing was done, instead of
being sent after signing in to the form's action address, which only takes POST (the browser
would show its own "HTTP ERROR 405" page).

The year's metrics form sent so is kept in the (anonymous) session, which signing in keeps: the
year's page then shows it again, as typed and not saved, for the person to check and save. The
live score asked for after the session expired says so in the score panel (rather than the
sign-in page drawn inside the panel). A session signed out for being left idle
(:mod:`parscore.web.idle`) is answered so too, its messages saying why it ended."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .idle import ended_reason
from .post_only import page_at

__all__ = ["EXPIRED", "EXPIRED_KEPT", "UNSAVED", "ExpiredFormMiddleware", "take_unsaved"]

_WHY = "Phiên đăng nhập đã hết hạn"
_DONE_NOTHING = (
    "{why} nên việc vừa làm chưa được thực hiện (chưa lưu gì). "
    "Hãy đăng nhập lại rồi làm lại trên trang vừa mở."
)
_KEPT = (
    "{why} nên số liệu chưa được lưu. Hãy đăng nhập lại: những gì bạn đã gõ "
    "sẽ được điền lại trên trang để bạn kiểm tra rồi bấm Lưu số liệu."
)
EXPIRED = _DONE_NOTHING.format(why=_WHY)
EXPIRED_KEPT = _KEPT.format(why=_WHY)
UNSAVED = "parscore-unsaved-form"  # session key: {"slug", "year", "post"}
_KEPT_CHARS = 200_000  # a year's form is a few thousand characters


class ExpiredFormMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method != "POST"
            or request.user.is_authenticated
            or not isinstance(response, HttpResponseRedirect)
        ):
            return response
        login = resolve_url(settings.LOGIN_URL)
        if urlsplit(response.url).path != login:
            return response  # not sent to sign in (the login form itself, for one)
        if request.path_info == reverse("web:logout"):
            return response  # signing out, and signed out: nothing was left undone
        why = ended_reason(request) or _WHY
        if request.headers.get("HX-Request"):  # the live score: said in its panel
            return HttpResponse(render_to_string("web/partials/expired_panel.html", {"why": why}))
        page = _page_of_form(request)
        if page is None:
            return response
        said = _KEPT if _keep_form(request) else _DONE_NOTHING
        messages.warning(request, said.format(why=why))
        return HttpResponseRedirect(f"{login}?{urlencode({'next': page})}")


def _page_of_form(request: HttpRequest) -> str | None:
    """The path (and query) of the app's page the form was sent from, if the browser said so."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(referer)
    if parts.path == resolve_url(settings.LOGIN_URL):
        return None
    page = page_at(parts.path)
    if page != parts.path:
        # a page drawn as the answer to a form (a refused save, an import's preview, a council
        # member's refused points): its address takes only POST, so the person is brought back
        # to the page that holds that form (or, outside the app's pages, as Django would)
        return page
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _keep_form(request: HttpRequest) -> bool:
    """Keep a year's metrics form (only that form) in the session, for after signing in."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    if match.view_name != "web:save":
        return False
    post = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    if sum(len(k) + len(v) for k, v in post.items()) > _KEPT_CHARS:
        return False
    request.session[UNSAVED] = {**match.kwargs, "post": post}
    return True


def take_unsaved(request: HttpRequest, slug: str, year: int) -> dict[str, str] | None:
    """The year's form kept when the session expired (taken out of the session: shown once)."""
    kept = request.session.get(UNSAVED)
    if not isinstance(kept, dict) or (kept.get("slug"), kept.get("year")) != (slug, year):
        return None
    del request.session[UNSAVED]
    post = kept.get("post")
    return post if isinstance(post, dict) else None
