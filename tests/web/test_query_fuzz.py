"""Every page read with hostile query parameters: an answer (a page, 400, 403, 404), never a 500.

The parameters are those the views read (found in their source, so a new one is fuzzed too); each
page gets all of them at once, with values people and attackers send: not-a-number, infinities,
huge exponents and digit strings, control characters, tags, path tricks, other scripts' digits.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.client import BOUNDARY, encode_multipart

from parscore.web.layout import metric_key
from parscore.web.meetings import TEXTS
from parscore.web.merging import SHOWN
from parscore.web.models import Assessment
from parscore.web.packs import loaded_pack
from parscore.web.views.appraisal import COUNCIL_ACTIONS
from parscore.web.views.province import DEADLINES

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


# -- forms: every POST a role may send, with every field the views read set to hostile text -----

_POSTED = re.compile(r"""\.get(?:list)?\(\s*f?["']([a-z_]+)["']|\bpost\[\s*["']([a-z_]+)["']""")
# the fields named after a criterion or an input: claims, not applicable, council points, notes,
# versions, explanations' answers, metrics
_PER_CODE = ("claim-", "na-", "p-", "n-", "v-", "x-", "a-")

YEAR_URL = "/xa/dan-tien/2025/"
POST_VIEWS = [
    *((name, url) for name, method, url, _roles, _ok in VIEWS if method == "post"),
    *((f"move_{a}", f"{YEAR_URL}tham-dinh/{a}/") for a in COUNCIL_ACTIONS),
]
# the values of most harm; the page must answer each (a refusal, the form again), never a 500
HOSTILE_FORM = [
    *HOSTILE[:6],
    "\x00\x1b[31m",
    "<script>alert(1)</script>",
    "ơ" * 3000,
    "1" * 400,
    "[" * 2_000,  # JSON nested past any parser's depth (a form's hidden "what the page showed")
]


def posted_fields() -> set[str]:
    names = {"together", "member", "communes", "fields", "scope", "bo", "decision", "code", "date"}
    for path in WEB.rglob("*.py"):
        for found in _POSTED.findall(path.read_text(encoding="utf-8")):
            names.update(n for n in found if n)
    names.update(TEXTS)
    names.add(SHOWN)  # the hidden field a form's page fills (named by a constant)
    names.update(name for name, _ in DEADLINES)
    return names


def test_the_posted_fields_are_found() -> None:
    assert {"as_of", "goal", "reason", "title", "issued", "date", "chair_name"} <= posted_fields()


@pytest.mark.django_db
@pytest.mark.parametrize("view", POST_VIEWS, ids=[v[0] for v in POST_VIEWS])
def test_hostile_form_fields_never_break_an_action(view) -> None:  # type: ignore[no-untyped-def]
    name, url = view
    assessment = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    pack = loaded_pack(assessment.pack)
    per_code = [p + c.code for c in pack.walk() for p in _PER_CODE]
    per_input = [metric_key(n) for n in pack.model.inputs]
    fields = sorted(posted_fields()) + per_code + per_input
    target = url() if callable(url) else url
    for value in HOSTILE_FORM:  # each form is read by the views, not refused for its size
        body = encode_multipart(BOUNDARY, {f: value for f in fields})
        assert len(body) < settings.DATA_UPLOAD_MAX_MEMORY_SIZE, value[:20]
    # each role that may send it: a view refusing the admin never reads the commune's fields
    for role in ("admin", "staff", "council"):
        client = Client(raise_request_exception=False)
        client.force_login(get_user_model().objects.get(username=ROLE_USERS[role]))
        for value in HOSTILE_FORM:
            response = client.post(target, {f: value for f in fields})
            assert response.status_code < 500, (name, role, value[:20], response.status_code)


# -- addresses: every number an address holds (a year, a row's id) set to what no row has ----------

_WORDS = {"fmt": "csv", "action": "start_round_1", "kind": "linh-vuc"}
HOSTILE_NUMBERS = ["0", "1", "99999", "2147483648", "9223372036854775808", "9" * 400]
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _routes() -> list[str]:
    """The route of every address of the app (``xa/<slug:slug>/<int:year>/…``)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns: list[Any], prefix: str) -> list[str]:
        found = []
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver) and p.namespace != "admin":
                found += walk(p.url_patterns, route)
            elif isinstance(p, URLPattern) and "<" in route:
                found.append(route)
        return found

    return walk(get_resolver().url_patterns, "")


def _address(route: str, number: str) -> str:
    def fill(m: re.Match[str]) -> str:
        name = m.group(2)
        if name == "slug":
            return "thai-nguyen" if route.startswith("tinh/") else "dan-tien"
        return _WORDS.get(name, number)

    return "/" + _PARAM.sub(fill, route)


def test_the_routes_are_found_and_their_numbers_bounded() -> None:
    """A number in an address is a year (four digits) or a row's id (at most 18), never
    Django's unbounded ``<int:…>``."""
    routes = _routes()
    assert "xa/<slug:slug>/<year:year>/tai-lieu/<id:pk>/tep/" in routes
    assert [r for r in routes if "<int:" in r] == []


@pytest.mark.django_db
@pytest.mark.parametrize("number", HOSTILE_NUMBERS)
def test_no_number_in_an_address_breaks_it(number: str) -> None:
    """A year or an id no row has, however many digits (SQLite refuses an integer over 2^63,
    PostgreSQL over its column; a date cannot have a year over 9999): not found, never a 500."""
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=ROLE_USERS["admin"]))
    for route in _routes():
        address = _address(route, number)
        for method in ("get", "post"):
            response = getattr(client, method)(address)
            assert response.status_code < 500, (method, address[:80], response.status_code)
