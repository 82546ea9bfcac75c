"""Sign-in throttling: after :data:`PARSCORE_LOGIN_FAILURES` failures within the window for one
user name (however it is typed) or four times as many from one address, sign-in is refused
until the window has passed — on the app's sign-in page and on the admin site's alike."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from .models import LoginFailure

__all__ = ["ThrottledAdminAuthenticationForm", "ThrottledAuthenticationForm"]

THROTTLED = (
    "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút "
    "hoặc liên hệ quản trị hệ thống."
)


def _address(request: Any) -> str:
    return str(request.META.get("REMOTE_ADDR", "")) if request is not None else ""


def _user_key(typed: str) -> str:
    """The account a typed user name signs in to, as failures are counted: the sign-in form
    reads the name Unicode-normalised (NFKC: ``ｄａｎｔｉｅｎ`` is ``dantien``) and trimmed, so
    every way of typing one name counts against that one name."""
    return unicodedata.normalize("NFKC", typed).strip().casefold()[:150]


def _locked(username: str, address: str) -> bool:
    since = timezone.now() - dt.timedelta(seconds=settings.PARSCORE_LOGIN_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=since)
    limit = settings.PARSCORE_LOGIN_FAILURES
    by_user = recent.filter(username=username).count() if username else 0
    by_address = recent.filter(address=address).count() if address else 0
    return by_user >= limit or by_address >= limit * 4


class _Throttled(forms.Form):
    """Put before a sign-in form: refuses while locked, counts each failure."""

    def clean(self) -> dict[str, Any]:
        username = _user_key(str(self.data.get("username") or ""))
        address = _address(getattr(self, "request", None))
        if _locked(username, address):
            minutes = settings.PARSCORE_LOGIN_WINDOW_SECONDS // 60
            raise forms.ValidationError(THROTTLED.format(minutes=minutes), code="throttled")
        try:
            cleaned: dict[str, Any] = super().clean()
        except forms.ValidationError:
            LoginFailure.objects.create(username=username, address=address[:100])
            raise
        return cleaned


class ThrottledAuthenticationForm(_Throttled, AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khóa.",
    }


class ThrottledAdminAuthenticationForm(_Throttled, AdminAuthenticationForm):
    """The admin site's sign-in (``/quan-tri/login/``): throttled as the app's, or it would be
    a way around the lock to guess an administrator's password."""
