"""POST-only views are marked (``parscore.web.post_only``), and a person whose session expired on a
page drawn by a form is brought back, after signing in, to the page that holds the form — for
every form of the app, not only the commune's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from parscore.web.demo import DEMO_PASSWORD
from parscore.web.post_only import page_at

from ..conftest import ROOT

YEAR = "/xa/dan-tien/2025/"
SAMPLES = {"slug": "dan-tien", "year": 2025, "pk": 1, "action": "nop", "fmt": "html"}


def _patterns(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _patterns(p.url_patterns, inner)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", p


POST_ONLY = sorted(
    name
    for name, p in _patterns(get_resolver().url_patterns)
    if getattr(p.callback, "post_only", False)
)


def test_the_views_take_post_only_through_the_mark() -> None:
    """Django's bare ``require_POST`` would leave a view unmarked (its address then passes for a
    page): every view module goes through ``post_only``."""
    views = sorted((ROOT / "parscore" / "web" / "views").glob("*.py"))
    assert views
    bare = [p.name for p in views if "require_POST" in p.read_text(encoding="utf-8")]
    assert not bare, f"require_POST used without the mark in {bare}"
    assert {"web:save", "web:upload", "web:appraisal_save", "web:deadlines"} <= set(POST_ONLY)


@pytest.mark.parametrize("name", POST_ONLY)
def test_above_every_forms_address_is_a_page(name: str) -> None:
    pattern = dict(_patterns(get_resolver().url_patterns))[name]
    kwargs = {k: SAMPLES[k] for k in pattern.pattern.converters}
    address = reverse(name, kwargs=kwargs)
    page = page_at(address)
    assert page is not None and page != address and address.startswith(page)
    assert not getattr(resolve(page).func, "post_only", False)


def test_a_page_is_its_own_page_and_a_stranger_is_none() -> None:
    assert page_at(YEAR) == YEAR
    assert page_at(YEAR + "tham-dinh/luu/") == YEAR + "tham-dinh/"
    assert page_at(YEAR + "nhap/ap-dung/") == YEAR  # the preview above it takes only POST too
    assert page_at("/khong-co-trang-nay/") is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("user", "sent_to", "shown_at", "page"),
    [
        ("hoidong", YEAR + "tham-dinh/luu/", YEAR + "tham-dinh/luu/", YEAR + "tham-dinh/"),
        ("dantien", YEAR + "ke-hoach/luu/", YEAR + "ke-hoach/luu/", YEAR + "ke-hoach/"),
        ("dantien", YEAR + "nhap/ap-dung/", YEAR + "nhap/", YEAR),
    ],
)
def test_after_signing_in_again_the_page_of_the_form_opens(
    user: str, sent_to: str, shown_at: str, page: str
) -> None:
    """A council member's refused points are drawn at the save's POST-only address: a form sent
    from there after the session expired brought the member, once signed in, to a "405"."""
    browser = Client()  # signed out: the session has expired
    sent = browser.post(sent_to, {}, HTTP_REFERER=f"http://testserver{shown_at}")
    assert sent.status_code == 302
    assert sent.url == "/dang-nhap/?" + f"next={page}".replace("/", "%2F")
    signed_in = browser.post(sent.url, {"username": user, "password": DEMO_PASSWORD, "next": page})
    assert signed_in.url == page
    assert browser.get(signed_in.url).status_code == 200
