"""Sign-in throttling, as mature tools do it (django-axes' "user name + address" lock): failures
lock the pair (user name, address) quickly, so whoever guesses from elsewhere does not lock a
commune officer out of her own office; a much larger budget of failures for one user name from all
addresses together stops slow, spread-out guessing; and one address trying many names is stopped
too. The same lock serves the app's sign-in page and the admin site's.

- :data:`PARSCORE_LOGIN_FAILURES` failures for one (name, address) pair within
  :data:`PARSCORE_LOGIN_WINDOW_SECONDS`, or four times as many from one address for any names;
- :data:`PARSCORE_LOGIN_NAME_FAILURES` failures for one name from all addresses within
  :data:`PARSCORE_LOGIN_NAME_WINDOW_SECONDS`;
- on a browser the account was signed in to before (:mod:`parscore.web.known_device`), none of
  these: the same budgets, of that browser's failures only (so whoever guesses from many
  addresses never locks the owner out on her own browser, and a stolen cookie is worth no more
  guesses than a guesser without it gets).

A user name is counted however it is typed (:func:`user_key`); an address is an IPv4 address or
an IPv6 /64 network (:func:`client_network`). The sign-in page says until when, and whom to ask;
it says the same for any name, whether an account has it or not. An administrator unlocks a name
on the page of locked sign-ins (:mod:`parscore.web.views.locks`)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import QuerySet
from django.utils import timezone

from ..names import name_key
from .env_settings import vi_minutes
from .known_device import known_accounts
from .models import LoginFailure

__all__ = [
    "ThrottledAdminAuthenticationForm",
    "ThrottledAuthenticationForm",
    "client_network",
    "known_device",
    "locked_until",
    "name_locks",
    "throttled_message",
    "user_key",
]

THROTTLED = (
    "Đăng nhập sai quá nhiều lần nên tạm thời chưa đăng nhập được. Vui lòng thử lại sau "
    "{until} (khoảng {wait} nữa), hoặc nhờ quản trị hệ thống của tỉnh (người quản lý "
    "tài khoản) mở khóa."
)
_ADDRESS_CHARS = 100  # LoginFailure.address


def client_network(request: Any) -> str:
    """Where a request comes from, as failures are counted: an IPv4 address as it is, an IPv6
    address as its /64 network (one household or office is given a whole /64 and picks any
    address in it: counted address by address, each of them got its own guesses). An IPv4
    address written as IPv6 (``::ffff:203.0.113.7``) is that IPv4 address. Behind the trusted
    proxy, the address is the one it forwards (the server puts it in ``REMOTE_ADDR``)."""
    raw = str(request.META.get("REMOTE_ADDR", "")) if request is not None else ""
    try:
        address = ipaddress.ip_address(raw.strip())
    except ValueError:
        return raw[:_ADDRESS_CHARS]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(address) >> 64 << 64, 64)))
    return str(address)


def user_key(typed: str) -> str:
    """The account a typed user name signs in to, as failures are counted: the sign-in form
    reads the name Unicode-normalised (NFKC: ``ｄａｎｔｉｅｎ`` is ``dantien``) and trimmed, so
    every way of typing one name counts against that one name (:func:`parscore.names.name_key`
    after NFKC)."""
    return name_key(unicodedata.normalize("NFKC", typed))[:150]


def known_device(request: Any, username: str) -> str:
    """The device id of ``request``'s browser when it is known for the account ``username`` (a
    :func:`user_key`) signs in to; ``""`` when it is not (the same for a name without account)."""
    if not username:
        return ""
    for user, device in known_accounts(request):
        if user_key(user.get_username()) == username:
            return device
    return ""


def _recent(seconds: int) -> QuerySet[LoginFailure]:
    return LoginFailure.objects.filter(at__gte=timezone.now() - dt.timedelta(seconds=seconds))


def _end(newest_first: list[dt.datetime], limit: int, seconds: int) -> dt.datetime | None:
    """When the lock that failures at these times (within the window) make ends: when the
    ``limit``-th most recent of them leaves the window; None when there are fewer than ``limit``."""
    return (
        newest_first[limit - 1] + dt.timedelta(seconds=seconds)
        if len(newest_first) >= limit
        else None
    )


def _until(failures: QuerySet[LoginFailure], limit: int, seconds: int) -> dt.datetime | None:
    """:func:`_end` of ``failures`` (within the window), reading only the ``limit``-th."""
    nth = list(failures.order_by("-at").values_list("at", flat=True)[limit - 1 : limit])
    return _end(nth, 1, seconds)


def locked_until(
    username: str, network: str, device: str = "", besides: int | None = None
) -> dt.datetime | None:
    """Until when signing in as ``username`` (a :func:`user_key`) from ``network`` (a
    :func:`client_network`) and the known device ``device`` (:func:`known_device`, ``""`` for
    none) is refused; None when it is not. The failure ``besides`` (the attempt being checked) is
    not counted."""
    window = settings.PARSCORE_LOGIN_WINDOW_SECONDS
    limit = settings.PARSCORE_LOGIN_FAILURES
    name_window = settings.PARSCORE_LOGIN_NAME_WINDOW_SECONDS
    name_limit = settings.PARSCORE_LOGIN_NAME_FAILURES
    recent = _recent(window).exclude(pk=besides)
    day = _recent(name_window).exclude(pk=besides)
    if device:  # the owner's browser: its own failures only, within both windows
        ends = [
            _until(recent.filter(device=device), limit, window),
            _until(day.filter(device=device), name_limit, name_window),
        ]
    else:
        ends = []
        if username:  # no address known (another server than parscore serve): one for all
            ends.append(_until(recent.filter(username=username, address=network), limit, window))
        if network:
            ends.append(_until(recent.filter(address=network), limit * 4, window))
        if username:
            ends.append(_until(day.filter(username=username), name_limit, name_window))
    known = [end for end in ends if end is not None]
    return max(known) if known else None


@dataclass(frozen=True)
class NameLocks:
    """The locks on one name, as :func:`locked_until` applies them (for the page of locks)."""

    everywhere: dt.datetime | None  # locked from every address (but known devices) until then
    at: dict[str, dt.datetime]  # the addresses it is locked from, until when
    devices: dict[str, dt.datetime]  # the known devices locked by their own failures, until when


def name_locks(failures: Iterable[tuple[str, str, dt.datetime]]) -> NameLocks:
    """The locks on a name from its failures (address, known device or ``""``, time) within the
    name's window, for the page of locked sign-ins (its failures read for all names at once)."""
    window = settings.PARSCORE_LOGIN_WINDOW_SECONDS
    limit = settings.PARSCORE_LOGIN_FAILURES
    name_window = settings.PARSCORE_LOGIN_NAME_WINDOW_SECONDS
    name_limit = settings.PARSCORE_LOGIN_NAME_FAILURES
    since = timezone.now() - dt.timedelta(seconds=window)
    times: list[dt.datetime] = []
    by_address: dict[str, list[dt.datetime]] = defaultdict(list)
    by_device: dict[str, list[dt.datetime]] = defaultdict(list)
    for address, device, when in failures:
        times.append(when)
        if device:
            by_device[device].append(when)
        if when >= since:
            by_address[address].append(when)
    everywhere = _end(sorted(times, reverse=True), name_limit, name_window)
    at = {}
    for address in sorted(by_address):
        end = _end(sorted(by_address[address], reverse=True), limit, window)
        if end is not None:
            at[address] = end
    devices = {}
    for device, day in by_device.items():  # its own budgets: as locked_until counts a device
        day.sort(reverse=True)
        ends = [
            _end([t for t in day if t >= since], limit, window),
            _end(day, name_limit, name_window),
        ]
        known = [end for end in ends if end is not None]
        if known:
            devices[device] = max(known)
    return NameLocks(everywhere, at, devices)


def throttled_message(until: dt.datetime) -> str:
    """What the sign-in page says while locked: until when (local time, ``14:35`` today, else
    ``14:35 ngày 05/12/2026``), in how long (``12 phút``, a day's lock ``24 giờ``, not ``1440
    phút``) and whom to ask."""
    local = timezone.localtime(until)
    shown = local.strftime("%H:%M")
    if local.date() != timezone.localdate():
        shown += local.strftime(" ngày %d/%m/%Y")
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return THROTTLED.format(until=shown, wait=vi_minutes(minutes))


def _forget_old() -> None:
    """Failures older than every window count for nothing: the table keeps only the last day's
    (it grew for ever, a row per wrong password)."""
    longest = max(
        settings.PARSCORE_LOGIN_WINDOW_SECONDS, settings.PARSCORE_LOGIN_NAME_WINDOW_SECONDS
    )
    LoginFailure.objects.filter(at__lt=timezone.now() - dt.timedelta(seconds=longest)).delete()


class _Throttled(forms.Form):
    """Put before a sign-in form: refuses while locked, counts each failure.

    The attempt is recorded before the failures are counted, and stays recorded when it fails:
    counting first and recording after the password was checked let guesses sent at the same
    moment all pass the count before any was recorded (twenty at once got twenty guesses under a
    limit of five). Recorded first (each insert committed at once: the app runs in autocommit,
    never a whole request in one transaction), every attempt counts all those recorded before
    it, so at most the limit of them get to the password. A transaction holding a lock (``select_for_update`` on a row per name) would do the
    same, but would hold it while the password is hashed, on SQLite the whole database's write
    lock; this needs none. An attempt that is refused or succeeds is deleted again: only failures
    stay (two attempts at once may see each other and both be refused: on the safe side)."""

    def clean(self) -> dict[str, Any]:
        request = getattr(self, "request", None)
        username = user_key(str(self.data.get("username") or ""))
        network = client_network(request)
        device = known_device(request, username)
        attempt = LoginFailure.objects.create(username=username, address=network, device=device)
        until = locked_until(username, network, device, besides=attempt.pk)
        if until is not None:
            attempt.delete()
            raise forms.ValidationError(throttled_message(until), code="throttled")
        try:
            cleaned: dict[str, Any] = super().clean()
        except forms.ValidationError:
            _forget_old()
            raise  # the attempt stays: a failure
        attempt.delete()
        return cleaned


class ThrottledAuthenticationForm(_Throttled, AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Tên đăng nhập hoặc mật khẩu không đúng. Mật khẩu phân biệt chữ hoa, chữ thường: "
            "kiểm tra phím Caps Lock; nếu máy đang bật bộ gõ tiếng Việt (Unikey, EVKey), hãy "
            "tắt khi gõ mật khẩu."
        ),
        "inactive": "Tài khoản này đã bị khóa.",
    }


class ThrottledAdminAuthenticationForm(_Throttled, AdminAuthenticationForm):
    """The admin site's sign-in (``/quan-tri/login/``): throttled as the app's, or it would be
    a way around the lock to guess an administrator's password."""
