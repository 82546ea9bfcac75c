"""Signing out a session left without a request for ``PARSCORE_SESSION_IDLE_MINUTES`` (offices
share computers: a browser left signed in would let the next person work, and be logged in the
audit log, under the officer's name).

The session notes when it was last used (written at most once a minute, not at every request).
The first request after the limit signs the session out and goes on as anonymous: a page asks to
sign in (``?next=`` the page, so signing in leads back to it) and the sign-in page says why; a form
sent then changes nothing and is answered as any form sent after its session expired
(:mod:`parscore.web.expired`: the page that held it, the year's form filled in again; the live
score says so in its panel, never with the sign-in page drawn inside it)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse

from .env_settings import vi_minutes

__all__ = ["LAST_SEEN", "IdleTimeoutMiddleware", "idle_ended", "idle_reason"]

LAST_SEEN = "parscore-last-seen"  # session key: seconds since the epoch
_WRITE_EVERY = 60  # seconds: the session is saved at most once a minute for this
_ENDED = "parscore_idle_ended"  # request attribute: this request's session was signed out here

IDLE_ENDED = (
    "{why}. Hãy đăng nhập lại: sau khi đăng nhập bạn sẽ trở lại trang đang mở "
    "(nhờ vậy người dùng chung máy không làm việc dưới tên bạn)."
)


def idle_reason() -> str:
    """``Phiên đăng nhập đã kết thúc vì không có thao tác nào trong 2 giờ``."""
    minutes = settings.PARSCORE_SESSION_IDLE_MINUTES
    return f"Phiên đăng nhập đã kết thúc vì không có thao tác nào trong {vi_minutes(minutes)}"


def idle_ended(request: HttpRequest) -> bool:
    """The session of ``request`` was signed out for being left idle, by this request."""
    return bool(getattr(request, _ENDED, False))


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is None or request.path_info.startswith(settings.STATIC_URL):
            return self.get_response(request)
        now = int(time.time())
        last = session.get(LAST_SEEN) if SESSION_KEY in session else None
        if isinstance(last, int) and now - last > settings.PARSCORE_SESSION_IDLE_MINUTES * 60:
            logout(request)  # a new, empty session; the user is anonymous from here on
            setattr(request, _ENDED, True)
            if request.method in ("GET", "HEAD"):  # a form sent: said by parscore.web.expired
                messages.warning(request, IDLE_ENDED.format(why=idle_reason()))
        response = self.get_response(request)
        if SESSION_KEY in request.session:  # signed in, maybe by this very request
            last = request.session.get(LAST_SEEN)
            if not isinstance(last, int) or now - last >= _WRITE_EVERY:
                request.session[LAST_SEEN] = now
        return response
