"""Every page read with hostile query parameters: an answer (a page, 400, 403, 404), never a 500.

The parameters are those the views read (found in their source, so a new one is fuzzed too); each
page gets all of them at once, with values people and attackers send: not-a-number, infinities,
huge exponents and digit strings, control characters, tags, path tricks, other scripts' digits.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from .conftest import ROLE_USERS
from .test_permissions import VIEWS

WEB = Path(__file__).resolve().parents[2] / "parscore" / "web"
_READ = re.compile(r"""request\.GET\.get\(\s*["']([^"']+)["']""")

HOSTILE = [
    "NaN",
    "-sNaN",
    "Infinity",
    "1e999999999",
    "9" * 5000,
    "-0",
    "1,5",
    "２０２５",  # fullwidth digits
    "\x00\x1b[31m",
    "<script>alert(1)</script>",
    "../../../etc/passwd",
    "ơ" * 3000,
]


def query_parameters() -> set[str]:
    names = set()
    for path in WEB.rglob("*.py"):
        names.update(_READ.findall(path.read_text(encoding="utf-8")))
    return names


def test_the_parameters_are_found() -> None:
    assert {"muc-tieu", "cach-tinh", "trang", "nam", "tu", "den"} <= query_parameters()


GET_VIEWS = [(name, url) for name, method, url, _roles, _ok in VIEWS if method == "get"]


@pytest.mark.django_db
@pytest.mark.parametrize("view", GET_VIEWS, ids=[v[0] for v in GET_VIEWS])
def test_hostile_query_parameters_never_break_a_page(view) -> None:  # type: ignore[no-untyped-def]
    name, url = view
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=ROLE_USERS["admin"]))
    target = url() if callable(url) else url
    base = target.split("?")[0]
    names = sorted(query_parameters())
    for value in HOSTILE:
        response = client.get(base, {n: value for n in names})
        assert response.status_code < 500, (name, value[:20], response.status_code)
