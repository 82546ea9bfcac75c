"""Signing out a session left without a request for ``PARSCORE_SESSION_IDLE_MINUTES`` (offices
share computers: a browser left signed in would let the next person work, and be logged in the
audit log, under the officer's name), and any session ``PARSCORE_SESSION_MAX_HOURS`` after it
signed in, in use or not (a session kept alive by a page that is used every hour, or a copied
cookie, ends by the next morning).

The session notes when it signed in and when it was last used (written at most once a minute,
not at every request). The first request after either limit signs the session out and goes on as anonymous: a page asks to
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
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse

from .env_settings import vi_minutes

__all__ = ["LAST_SEEN", "SIGNED_IN", "IdleTimeoutMiddleware", "ended_reason", "idle_reason"]

LAST_SEEN = "parscore-last-seen"  # session key: seconds since the epoch
SIGNED_IN = "parscore-signed-in"  # session key: seconds since the epoch (or first seen signed in)
_WRITE_EVERY = 60  # seconds: the session is saved at most once a minute for this
_ENDED = "parscore_idle_ended"  # request attribute: why this request's session was signed out

IDLE_ENDED = (
    "{why}. Hãy đăng nhập lại: sau khi đăng nhập bạn sẽ trở lại trang đang mở "
    "(nhờ vậy người dùng chung máy không làm việc dưới tên bạn)."
)


def idle_reason() -> str:
    """``Phiên đăng nhập đã kết thúc vì không có thao tác nào trong 2 giờ``."""
    minutes = settings.PARSCORE_SESSION_IDLE_MINUTES
    return f"Phiên đăng nhập đã kết thúc vì không có thao tác nào trong {vi_minutes(minutes)}"


def lifetime_reason() -> str:
    """``Phiên đăng nhập đã kết thúc sau 12 giờ kể từ khi đăng nhập``."""
    hours = settings.PARSCORE_SESSION_MAX_HOURS
    return f"Phiên đăng nhập đã kết thúc sau {hours} giờ kể từ khi đăng nhập"


def ended_reason(request: HttpRequest) -> str:
    """Why this request signed its session out (idle, or too long since signing in); ``""``
    when it did not."""
    return str(getattr(request, _ENDED, ""))


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is None or request.path_info.startswith(settings.STATIC_URL):
            return self.get_response(request)
        now = int(time.time())
        why = _why_ended(session, now) if SESSION_KEY in session else ""
        if why:
            logout(request)  # a new, empty session; the user is anonymous from here on
            setattr(request, _ENDED, why)
            if request.method in ("GET", "HEAD"):  # a form sent: said by parscore.web.expired
                messages.warning(request, IDLE_ENDED.format(why=why))
        response = self.get_response(request)
        session = request.session
        if SESSION_KEY in session:  # signed in, maybe by this very request
            last = session.get(LAST_SEEN)
            if not isinstance(last, int) or now - last >= _WRITE_EVERY:
                session[LAST_SEEN] = now
            if not isinstance(session.get(SIGNED_IN), int):  # (a session from before: from now)
                session[SIGNED_IN] = now
        return response


def _why_ended(session: SessionBase, now: int) -> str:
    last, signed_in = session.get(LAST_SEEN), session.get(SIGNED_IN)
    if isinstance(signed_in, int) and now - signed_in > settings.PARSCORE_SESSION_MAX_HOURS * 3600:
        return lifetime_reason()
    if isinstance(last, int) and now - last > settings.PARSCORE_SESSION_IDLE_MINUTES * 60:
        return idle_reason()
    return ""
