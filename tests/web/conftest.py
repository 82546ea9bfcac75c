"""Web app tests: the demo province loaded once per session, a client per role, and the database.

The suite runs on SQLite by default. With ``PARSCORE_TEST_DB=postgresql`` it runs on a throwaway
PostgreSQL cluster started here (Debian's ``postgresql`` package); without its binaries those
tests are skipped with a message. Browser tests (Playwright driving Debian's Chromium) live in
``test_browser.py``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from parscore.web.demo import DEMO_PASSWORD, load_demo

from .pgcluster import find_bin_dir, start_cluster

# Tests sign in many times: a fast hasher (the demo users are created under it too).
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Playwright's synchronous API runs an event loop in the test thread; Django's ORM calls from
# there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

WANT_POSTGRES = os.environ.get("PARSCORE_TEST_DB", "sqlite") == "postgresql"

# role -> demo user name ("admin" and "outsider" are made here)
ROLE_USERS = {
    "staff": "dantien",
    "leader": "dantien-lanhdao",
    "other_staff": "hachau",
    "province": "tinh",
    "auditor": "thamdinh",
    "council": "hoidong",
    "field_council": "hoidong-linhvuc",  # fields 3 and 7 of Dân Tiến only
    "other_council": "hoidong-khac",
    "other_province": "tinh-khac",  # the officer of a province without the demo's communes
    "admin": "quantri",
    "outsider": "nguoila",
}


@pytest.fixture(scope="session")
def django_db_modify_db_settings() -> Iterator[None]:
    if not WANT_POSTGRES:
        yield
        return
    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL không có trên máy này (cần gói postgresql của Debian)")
    cluster = start_cluster(bin_dir)
    # in place: Django has already filled in its defaults on this dict
    current = settings.DATABASES["default"]
    wanted = cluster.database()
    current["TEST"] = {**current.get("TEST", {}), **wanted.pop("TEST")}  # type: ignore[dict-item]
    current.update(wanted)
    # the connection object was made for SQLite when Django started: make it again
    from django.db import connections

    connections.close_all()
    with contextlib.suppress(AttributeError):  # not made yet when no test has asked for it
        del connections["default"]
    try:
        yield
    finally:
        from django.db import connections

        connections.close_all()
        cluster.stop()


def seed() -> None:
    """The demo data plus an administrator, a user without any role, a council member assigned
    nowhere and the officer of another province."""
    from django.contrib.auth import get_user_model

    from parscore.web.models import Membership, Province

    load_demo()
    users = get_user_model()
    if not users.objects.filter(username="quantri").exists():
        users.objects.create_superuser("quantri", password=DEMO_PASSWORD)
    if not users.objects.filter(username="nguoila").exists():
        users.objects.create_user("nguoila", password=DEMO_PASSWORD)
    if not users.objects.filter(username="hoidong-khac").exists():  # a council member, no commune
        other = users.objects.create_user("hoidong-khac", password=DEMO_PASSWORD)
        Membership.objects.create(user=other, role=Membership.COUNCIL)
    if not users.objects.filter(username="tinh-khac").exists():  # another province's officer
        province, _ = Province.objects.get_or_create(
            slug="tinh-khac", defaults={"name": "Tỉnh Khác"}
        )
        officer = users.objects.create_user("tinh-khac", password=DEMO_PASSWORD)
        Membership.objects.create(user=officer, role=Membership.PROVINCE, province=province)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        seed()


@pytest.fixture(autouse=True, scope="session")
def _files_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    settings.FILES_DIR = tmp_path_factory.mktemp("files")


def login(role: str | None) -> Client:
    """A client signed in as the demo user of ``role`` (``None``: anonymous)."""
    from django.contrib.auth import get_user_model

    client = Client()
    if role is not None:
        client.force_login(get_user_model().objects.get(username=ROLE_USERS[role]))
    return client
