"""The server's front door (waitress) refusing a request body over its limit: a Vietnamese page
saying the limit and what to do, instead of waitress's bare English text.

Waitress refuses such a request from its ``Content-Length`` header (or, chunked, as soon as the
count passes the limit) before reading the body, and closes the connection: the body is never
read into memory. Only the words of its answer are changed here, by the error task of the
channels the server makes."""

from __future__ import annotations

from typing import Any

from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer
from waitress.task import ErrorTask
from waitress.utilities import RequestEntityTooLarge

__all__ = ["install", "too_large_page"]


def too_large_page() -> str:
    """The page a request over the server's limit is answered with."""
    from django.template.loader import render_to_string

    from .files import SHRINK, upload_limit_mb

    return render_to_string("413.html", {"limit": upload_limit_mb(), "shrink": SHRINK})


class _ErrorTask(ErrorTask):
    def execute(self) -> None:
        if not isinstance(self.request.error, RequestEntityTooLarge):
            super().execute()
            return
        body = too_large_page().encode("utf-8")
        self.status = "413 Request Entity Too Large"
        self.response_headers.extend(
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Cache-Control", "no-store"),
                ("X-Content-Type-Options", "nosniff"),
            ]
        )
        self.set_close_on_finish()  # the body unread: the connection cannot carry another
        self.content_length = len(body)
        self.write(body)


class _Channel(HTTPChannel):
    error_task_class = _ErrorTask


def install(servers: dict[Any, Any]) -> None:
    """Give every listening server in ``servers`` (the map passed to waitress's
    ``create_server``) channels that answer an over-limit request with :func:`too_large_page`."""
    for server in list(servers.values()):
        if isinstance(server, BaseWSGIServer):
            server.channel_class = _Channel
