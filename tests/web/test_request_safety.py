"""Requests an attacker can make of every address (:data:`.test_permissions.VIEWS`): a form sent
from another site (no CSRF token) is refused and changes nothing, a GET never changes anything
(whatever address, even a form's), signing in gives a new session, and ``?next=`` never leads
off the site."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from parscore.web.demo import DEMO_PASSWORD
from parscore.web.models import (
    Assessment,
    AuditEntry,
    Claim,
    CouncilAssignment,
    EvidenceDocument,
    MetricValue,
    SavedScenario,
)
from parscore.web.views.appraisal import COUNCIL_ACTIONS

from .conftest import ROLE_USERS
from .test_permissions import VIEWS

SUBMITTED = "/xa/tong-hop-0001/2025/"
POSTS = [(name, url) for name, method, url, _roles, _ok in VIEWS if method == "post"] + [
    (f"move_{a}", f"{SUBMITTED}tham-dinh/{a}/") for a in COUNCIL_ACTIONS
]


def _state() -> tuple[Any, ...]:
    """What a request could change: the log, the years' steps, values, documents, plans."""
    return (
        AuditEntry.objects.count(),
        tuple(Assessment.objects.order_by("pk").values_list("status", "pack_id")),
        MetricValue.objects.count(),
        Claim.objects.count(),
        EvidenceDocument.objects.filter(withdrawn=False).count(),
        SavedScenario.objects.count(),
        CouncilAssignment.objects.count(),
    )


def _client(role: str, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    client.force_login(get_user_model().objects.get(username=ROLE_USERS[role]))
    return client


def test_every_form_is_swept() -> None:
    names = {name for name, _ in POSTS}
    assert {"save", "upload", "publish", "assign", "meeting_save", "move_finalise"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("view", POSTS, ids=[v[0] for v in POSTS])
def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(view) -> None:  # type: ignore[no-untyped-def]
    name, url = view
    target = url() if callable(url) else url
    for role in ("admin", "staff", "council", "province"):
        before = _state()
        response = _client(role, enforce_csrf_checks=True).post(target, {"title": "x"})
        assert response.status_code == 403, (name, role, response.status_code)
        assert "Trang đã cũ: việc vừa làm chưa được thực hiện" in response.content.decode()
        assert _state() == before, (name, role)


@pytest.mark.django_db
@pytest.mark.parametrize("view", VIEWS, ids=[v[0] for v in VIEWS])
def test_a_get_never_changes_anything(view) -> None:  # type: ignore[no-untyped-def]
    """Every address opened by a link (an image tag of another site, a prefetch) as each role
    that may use it: a form's address answers without doing its work."""
    name, _method, url, allowed, _ok = view
    target = url() if callable(url) else url
    before = _state()
    for role in sorted(r for r in allowed if r is not None):
        response = _client(role).get(target, {"title": "x", "action": "publish"})
        assert response.status_code < 500, (name, role, response.status_code)
    assert _state() == before, name


@pytest.mark.django_db
def test_signing_in_gives_a_new_session() -> None:
    """A session id planted before signing in (session fixation) is not the signed-in one."""
    client = Client()
    client.get("/dang-nhap/")
    session = client.session
    session["planted"] = "1"
    session.save()
    planted = session.session_key
    response = client.post("/dang-nhap/", {"username": "dantien", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.session.session_key != planted
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
@pytest.mark.parametrize(
    "elsewhere",
    [
        "https://evil.example/",
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "https:evil.example",
        "javascript:alert(1)",
        "http://testserver@evil.example/",
        " //evil.example",
        "/%2F%2Fevil.example",
    ],
)
def test_next_never_leads_off_the_site(elsewhere: str) -> None:
    client = Client()
    response = client.post(
        "/dang-nhap/", {"username": "dantien", "password": DEMO_PASSWORD, "next": elsewhere}
    )
    assert response.status_code == 302
    location = response["Location"]  # a path of this site (browsers keep %2F as it is)
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert not urlsplit(location).netloc and not urlsplit(location).scheme, location


@pytest.mark.django_db
@pytest.mark.parametrize("referer", ["https://evil.example/xa/dan-tien/2025/", "//evil.example/"])
def test_a_form_sent_signed_out_is_brought_back_on_this_site_only(referer: str) -> None:
    """The page a signed-out form is brought back to after signing in is read from its
    ``Referer``: another site's is not followed."""
    sent = Client().post("/xa/dan-tien/2025/luu/", {}, HTTP_REFERER=referer)
    assert sent.status_code == 302 and sent.url.startswith("/dang-nhap/?next=")
    assert "evil" not in sent.url
