"""Every form of the app, as its page draws it (a valid form), sent back with one field at a time
set to a hostile value: an answer (the form again with why, a refusal, a redirect), never a 500.

Sending every field hostile at once (``test_query_fuzz``) stops at a form's first check: a year
opened with a negative goal passed every check before it (its rule pack was valid) and made the
year fail to load. Here each field is reached with all the others valid.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from .conftest import ROLE_USERS

# the pages that draw the app's forms (with the role that sees each form), in the demo's states
PAGES = [
    ("admin", "/xa/ha-chau/"),  # opening a year
    ("staff", "/xa/dan-tien/2025/"),  # values, documents, import, submit
    ("staff", "/xa/dan-tien/2025/ke-hoach/"),
    ("province", "/tinh/thai-nguyen/2025/"),  # deadlines, publish
    ("province", "/tinh/thai-nguyen/2023/"),  # withdraw the publication
    ("province", "/tinh/thai-nguyen/phan-cong/"),
    ("province", "/tinh/thai-nguyen/2025/doi-goi/?goi=2025.yaml"),
    ("council", "/xa/tong-hop-0001/2025/tham-dinh/"),  # submitted: start round 1
    ("council", "/xa/tong-hop-0002/2025/tham-dinh/"),  # round 1: points, notes, requests
    ("staff", "/xa/dan-tien/2025/giai-trinh/"),
    ("council", "/xa/tong-hop-0004/2025/tham-dinh/"),  # round 2
    ("council", "/xa/tong-hop-0005/2025/hop-tham-dinh/"),  # the meeting
]
# below zero, past a column's digits or decimals, no such day, past any text's length, and
# between a short column's length (100) and a line's (300): PostgreSQL refuses what is too long
HOSTILE = ["-5", "123456789", "1,123456789", "31/02/2025", "9" * 400, "ơ" * 150]
PER_FORM = 12  # fields fuzzed per form (the values form has one per input and criterion)


class _Forms(HTMLParser):
    """The POST forms of a page: action and the fields a browser would send untouched."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, Any]]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = {}
            self.forms.append((a.get("action", ""), self._form))
        if self._form is None:
            return
        if tag == "option" and self._select:  # the selected option, else the first
            if "selected" in a or not self._form[self._select]:
                self._form[self._select] = [a.get("value", "")]
            return
        name = a.get("name")
        if not name:
            return
        kind = a.get("type", "text")
        if tag == "input" and kind not in ("file", "submit", "button"):
            if kind in ("checkbox", "radio") and "checked" not in a:
                self._form.setdefault(name, [])
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self._form.setdefault(name, []).append(a.get("value", default))
        elif tag == "select":
            self._select = name
            self._form.setdefault(name, [])
        elif tag == "textarea":
            self._textarea = name
            self._form.setdefault(name, [""])

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form[self._textarea] = [self._form[self._textarea][0] + data]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _client(role: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=ROLE_USERS[role]))
    return client


def forms_of(client: Client, page: str) -> list[tuple[str, dict[str, Any]]]:
    response = client.get(page)
    assert response.status_code == 200, page
    parser = _Forms()
    parser.feed(response.content.decode())
    base = page.split("?")[0]
    return [
        (action or base, fields) for action, fields in parser.forms if "dang-xuat" not in action
    ]


@pytest.mark.django_db
def test_the_pages_draw_the_forms() -> None:
    actions = set()
    for role, page in PAGES:
        actions |= {a.rstrip("/").rsplit("/", 1)[-1] for a, _ in forms_of(_client(role), page)}
    assert {"mo-nam", "luu", "tai-lieu", "han", "thu-hoi", "phan-cong", "hop-tham-dinh"} <= actions


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize(("role", "page"), PAGES, ids=[p for _, p in PAGES])
def test_one_hostile_field_in_a_valid_form_never_breaks_it(role: str, page: str) -> None:
    client = _client(role)
    done = set()
    for action, fields in forms_of(client, page):
        if action in done:  # a form drawn twice on the page
            continue
        done.add(action)
        names = [n for n in fields if n not in ("csrfmiddlewaretoken",)][:PER_FORM]
        for name in names:
            for value in HOSTILE:
                sent = {**fields, name: [value]}
                response = client.post(action, sent)
                assert response.status_code < 500, (action, name, value[:20])
