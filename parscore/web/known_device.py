"""Known devices (OWASP's "device cookie"): a browser someone signed in on is given a signed cookie
bound to that account, so that guessing at the account's password from elsewhere never locks its
owner out on her own browser (:mod:`parscore.web.throttle`).

After a successful sign-in the browser gets :data:`COOKIE` (HttpOnly, SameSite=Lax, Secure over
HTTPS, one year), signed with the server's secret key (``django.core.signing``, salted for this
use). It holds, for each of the last :data:`KEPT` accounts signed in on that browser (offices share
computers), the account's id, a random device id, a fingerprint of the account's device key and
when it was given. Signing in to that account from that browser is then exempt from the locks of
the pair (name, address), of the address and of the name; it has its own budgets instead (the
failures recorded with that device id), so a stolen cookie gives a thief no more guesses than
those.

What a cookie is bound to: the account's device key (:class:`~parscore.web.models.DeviceKey`, a
random string made at the account's first sign-in), not its password hash. A new password must end
the account's known browsers; the same password hashed anew must not: Django rehashes a password
at a successful sign-in when its hasher's settings were raised (a Django upgrade, another hasher
preferred), and a cookie bound to the hash then ended every other browser of the account. The
hash cannot tell the two apart, Django can: a password set with ``set_password`` and saved is a
new one (the CLI's ``createuser``, the admin site's forms, any code), while the rehash clears the
raw password before it saves (``AbstractBaseUser.check_password``, the very test Django uses to
tell its password validators of a change). So the key is dropped when a user is saved after
``set_password`` (:func:`_password_set`, connected to the user model's ``post_save`` by
:func:`connect`, called from the app's ``ready``), and a new one is made at the next sign-in:
every cookie given before no longer matches. (An unusable password needs nothing: no one signs
in with it, and only ``set_password`` makes it usable again.) A hash written by other means, a
query's ``update``, leaves the key. Another secret key also ends every cookie.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core import signing
from django.db.models.signals import post_save
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import DeviceKey

__all__ = ["COOKIE", "KEPT", "KnownDeviceMiddleware", "connect", "known_accounts"]

COOKIE = "parscore_device"
MAX_AGE = 365 * 24 * 60 * 60  # seconds: a year
_SALT = "parscore.web.known_device"
KEPT = 5  # accounts a browser is known for, the last signed in
_SIGNED_IN = "parscore_signed_in"  # request attribute: the user who signed in by this request

Entry = list[Any]  # [user id, device id, key fingerprint, given at (seconds since the epoch)]


def _fingerprint(key: str) -> str:
    """Of the account's device key: the cookie never shows the key itself."""
    return salted_hmac(_SALT, key, algorithm="sha256").hexdigest()[:32]


def _entries(request: HttpRequest) -> list[Entry]:
    """The cookie's entries given less than a year ago; none when it is missing or forged."""
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return []
    try:
        entries = signing.loads(raw, salt=_SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # also an expired one
        return []
    if not isinstance(entries, list):
        return []
    oldest = time.time() - MAX_AGE
    return [
        e
        for e in entries
        if isinstance(e, list)
        and len(e) == 4
        and isinstance(e[0], int)
        and all(isinstance(part, str) for part in e[1:3])
        and isinstance(e[3], int)
        and e[3] >= oldest
    ]


def known_accounts(request: Any) -> list[tuple[Any, str]]:
    """The accounts ``request``'s browser is known for, each with its device id: those whose
    cookie entry is valid and whose device key is still the one it was given for."""
    entries = _entries(request) if request is not None else []
    if not entries:
        return []
    keys = {
        k.user_id: k
        for k in DeviceKey.objects.select_related("user").filter(user__in=[e[0] for e in entries])
    }
    return [
        (keys[user_id].user, str(device))
        for user_id, device, fingerprint, _ in entries
        if user_id in keys and constant_time_compare(fingerprint, _fingerprint(keys[user_id].key))
    ]


def _remember(user: Any, request: HttpRequest, response: HttpResponse) -> None:
    """Make the browser known for ``user``: a new device id (the old one, if any, is dropped)."""
    kept = [e for e in _entries(request) if e[0] != user.pk][-(KEPT - 1) :]
    key = DeviceKey.objects.get_or_create(user=user, defaults={"key": secrets.token_urlsafe(32)})
    entry = [user.pk, secrets.token_urlsafe(18), _fingerprint(key[0].key), int(time.time())]
    response.set_cookie(
        COOKIE,
        signing.dumps([*kept, entry], salt=_SALT, compress=True),
        max_age=MAX_AGE,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def _signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None:
        setattr(request, _SIGNED_IN, user)


def _password_set(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A user saved with a new password (``set_password``, whose raw password Django keeps until
    the save; not a rehash, which clears it first): the account's known browsers end."""
    if getattr(instance, "_password", None) is not None:
        DeviceKey.objects.filter(user=instance).delete()


def connect() -> None:
    """The signals: who signed in (for the middleware), a password set anew (from anywhere: the
    web, the admin site, the command line)."""
    user_logged_in.connect(_signed_in, dispatch_uid=_SALT)
    post_save.connect(_password_set, sender=settings.AUTH_USER_MODEL, dispatch_uid=_SALT)


class KnownDeviceMiddleware:
    """Gives the cookie with the answer to a request that signed someone in (the app's sign-in
    page and the admin site's)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, _SIGNED_IN, None)
        if user is not None and user.pk is not None:
            _remember(user, request, response)
        return response
