"""The page of a server error, in Vietnamese (Django's own is "Server Error (500)" in English).

A database that cannot be used while the server runs (PostgreSQL restarted or unreachable, a
SQLite write lock held past its wait) is said so, status 503 with ``Retry-After``: the action
was not done, try again in a few minutes. Wherever it was raised (a view or a middleware reading
the session), Django logs it with its traceback for the administrator as any server error.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

__all__ = ["server_error"]

RETRY_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: called while the exception is being handled."""
    unavailable = isinstance(sys.exc_info()[1], OperationalError | InterfaceError)
    page = render_to_string("500.html", {"unavailable": unavailable})
    if not unavailable:
        return HttpResponse(page, status=500)
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_SECONDS)
    return response
