"""A form sent after the session expired: the person is asked to sign in again and then comes
back to the page that held the form (its ``Referer``), told that nothing was done, instead of
being sent after signing in to the form's action address, which only takes POST (the browser
would show its own "HTTP ERROR 405" page)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

__all__ = ["EXPIRED", "ExpiredFormMiddleware"]

EXPIRED = (
    "Phiên đăng nhập đã hết hạn nên việc vừa làm chưa được thực hiện (chưa lưu gì). "
    "Hãy đăng nhập lại rồi làm lại trên trang vừa mở."
)


class ExpiredFormMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method != "POST"
            or request.headers.get("HX-Request")  # the live score: not a form being sent
            or request.user.is_authenticated
            or not isinstance(response, HttpResponseRedirect)
        ):
            return response
        login = resolve_url(settings.LOGIN_URL)
        if urlsplit(response.url).path != login:
            return response  # not sent to sign in (the login form itself, for one)
        page = _page_of_form(request)
        if page is None:
            return response
        messages.warning(request, EXPIRED)
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
    return parts.path + (f"?{parts.query}" if parts.query else "")
