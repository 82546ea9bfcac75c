"""Views that take only POST, marked as such: ``post_only`` is Django's ``require_POST`` that also
marks the view, so the app can tell a page's address from a form's action address. After signing
in again (see :mod:`.expired`) a person is brought back to a page, never to a form's address,
which answers a browser's GET with "405"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.urls import Resolver404, resolve
from django.views.decorators.http import require_POST

__all__ = ["page_at", "post_only"]

View = TypeVar("View", bound=Callable[..., Any])


def post_only(view: View) -> View:
    """``require_POST(view)``, marked (the mark survives ``functools.wraps``: ``login_required``
    and the like copy it)."""
    wrapped = require_POST(view)
    wrapped.post_only = True
    return wrapped


def _takes_get(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return not getattr(match.func, "post_only", False)


def page_at(path: str) -> str | None:
    """``path`` when it is a page of the app; for a form's address (the app's addresses nest: a
    form's address lies below the page that holds it, ``…/tham-dinh/luu/`` below
    ``…/tham-dinh/``), the nearest page above it; None when the path is none of the app's."""
    try:
        resolve(path)
    except Resolver404:
        return None
    while not _takes_get(path):
        if path in ("", "/"):
            return None
        path = path.rstrip("/").rsplit("/", 1)[0] + "/"
    return path
