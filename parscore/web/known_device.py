"""Known devices (OWASP's "device cookie"): a browser someone signed in on is given a signed cookie
bound to that account, so that guessing at the account's password from elsewhere never locks its
owner out on her own browser (:mod:`parscore.web.throttle`).

After a successful sign-in the browser gets :data:`COOKIE` (HttpOnly, SameSite=Lax, Secure over
HTTPS, one year), signed with the server's secret key (``django.core.signing``, salted for this
use). It holds, for each of the last :data:`_KEPT` accounts signed in on that browser (offices share
computers), the account's id, a random device id, a fingerprint of the account's password hash and
when it was given. Signing in to that account from that browser is then exempt from the locks of
the pair (name, address), of the address and of the name; it has its own budgets instead (the
failures recorded with that device id), so a stolen cookie gives a thief no more guesses than
those. A new password (its hash changes) makes the account's cookies worth nothing; so does
another secret key. So does a password hash rehashed at a sign-in (stronger hasher settings, after
a Django upgrade) for the account's other browsers: each is known again at its next sign-in.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare, salted_hmac

__all__ = ["COOKIE", "KnownDeviceMiddleware", "known_accounts"]

COOKIE = "parscore_device"
MAX_AGE = 365 * 24 * 60 * 60  # seconds: a year
_SALT = "parscore.web.known_device"
_KEPT = 5  # accounts a browser is known for, the last signed in
_SIGNED_IN = "parscore_signed_in"  # request attribute: the user who signed in by this request

Entry = list[Any]  # [user id, device id, password fingerprint, given at (seconds since the epoch)]


def _fingerprint(user: Any) -> str:
    """Changes with the password (its hash): a new password ends the account's known devices."""
    return salted_hmac(_SALT, user.password, algorithm="sha256").hexdigest()[:32]


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
    cookie entry is valid and whose password is still the one it was given for."""
    entries = _entries(request) if request is not None else []
    if not entries:
        return []
    users = get_user_model().objects.in_bulk([e[0] for e in entries])
    return [
        (users[user_id], str(device))
        for user_id, device, fingerprint, _ in entries
        if user_id in users and constant_time_compare(fingerprint, _fingerprint(users[user_id]))
    ]


def _remember(user: Any, request: HttpRequest, response: HttpResponse) -> None:
    """Make the browser known for ``user``: a new device id (the old one, if any, is dropped)."""
    kept = [e for e in _entries(request) if e[0] != user.pk][-(_KEPT - 1) :]
    entry = [user.pk, secrets.token_urlsafe(18), _fingerprint(user), int(time.time())]
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


user_logged_in.connect(_signed_in, dispatch_uid=_SALT)


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
