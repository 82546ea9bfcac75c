"""Known devices (:mod:`parscore.web.known_device`): a browser someone signed in on keeps signing
her in while guessers elsewhere have locked her name everywhere (or her address); it has its own
small budget, so a stolen cookie gives a few guesses only; a new password ends it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from parscore.web.demo import DEMO_PASSWORD
from parscore.web.known_device import COOKIE
from parscore.web.models import LoginFailure

from .conftest import login
from .test_sign_in_locks import LOCKED, OFFICE, STRANGER, _fail, _lock_text, _sign_in, _signed_in


def _known(username: str = "dantien", address: str = OFFICE) -> Client:
    """A browser ``username`` signed in on, then signed out of."""
    client = Client()
    assert _signed_in(_sign_in(username, DEMO_PASSWORD, address, client))
    assert client.cookies[COOKIE].value
    client.post("/dang-xuat/")
    return client


def _lock_everywhere(username: str = "dantien") -> None:
    """Guesses from many addresses, under each address's limit: the name locked everywhere."""
    for i in range(3):
        _fail(username, f"10.1.{i}.1", times=4)
    assert LOCKED in _sign_in(username, DEMO_PASSWORD, OFFICE).content.decode()


@pytest.mark.django_db
@override_settings(PARSCORE_LOGIN_NAME_FAILURES=12)
def test_a_known_browser_signs_in_while_the_name_is_locked_everywhere() -> None:
    """Whoever had many addresses could lock an officer's name everywhere for a day."""
    browser = _known()
    _lock_everywhere()
    assert _signed_in(_sign_in("dantien", DEMO_PASSWORD, OFFICE, browser))
    browser.post("/dang-xuat/")
    # and from another address (her phone's browser, at home): the cookie, not the address
    assert _signed_in(_sign_in("dantien", DEMO_PASSWORD, "192.0.2.7", browser))


@pytest.mark.django_db
def test_a_known_browser_is_not_locked_by_guesses_from_its_address() -> None:
    """A guesser behind the office's own address (one NAT for the whole office, or a phone
    network's) locked the pair and the address for the officer too."""
    browser = _known()
    _fail("dantien", OFFICE)  # the pair
    for i in range(20):  # the address
        _sign_in(f"ten-{i}", "sai", OFFICE)
    assert LOCKED in _sign_in("dantien", DEMO_PASSWORD, OFFICE).content.decode()
    assert _signed_in(_sign_in("dantien", DEMO_PASSWORD, OFFICE, browser))


@pytest.mark.django_db
def test_a_known_browser_has_its_own_small_budget_and_a_stolen_cookie_too() -> None:
    browser = _known()
    for i in range(5):
        _sign_in("dantien", f"sai-{i}", STRANGER, browser)
    said = _lock_text(_sign_in("dantien", DEMO_PASSWORD, STRANGER, browser))
    # the same words as any lock says, for any name
    _fail("khong-co-ai", STRANGER)
    assert _lock_text(_sign_in("khong-co-ai", "x", STRANGER)) == said
    # the cookie copied into another browser elsewhere: the same, spent, budget
    thief = Client()
    thief.cookies[COOKIE] = browser.cookies[COOKIE].value
    assert LOCKED in _sign_in("dantien", DEMO_PASSWORD, "192.0.2.9", thief).content.decode()
    assert set(LoginFailure.objects.filter(username="dantien").values_list("device", flat=True))
    # another browser, without the cookie, is not locked by the known browser's budget
    assert _signed_in(_sign_in("dantien", DEMO_PASSWORD, "192.0.2.9"))


@pytest.mark.django_db
@override_settings(PARSCORE_LOGIN_NAME_FAILURES=12)
def test_the_cookie_counts_only_for_its_account_and_password() -> None:
    browser = _known()
    _lock_everywhere("hachau")
    # known for dantien, not for hachau
    assert LOCKED in _sign_in("hachau", DEMO_PASSWORD, OFFICE, browser).content.decode()
    # a cookie changed by hand is no cookie
    forged = Client()
    value = browser.cookies[COOKIE].value
    forged.cookies[COOKIE] = value[:-2] + ("AA" if value[-2:] != "AA" else "BB")
    _lock_everywhere()
    assert LOCKED in _sign_in("dantien", DEMO_PASSWORD, OFFICE, forged).content.decode()
    assert _signed_in(_sign_in("dantien", DEMO_PASSWORD, OFFICE, browser))
    browser.post("/dang-xuat/")
    # a new password: the browsers known before are known no more
    user = get_user_model().objects.get(username="dantien")
    user.set_password("mat-khau-moi-2026")
    user.save()
    refused = _sign_in("dantien", "mat-khau-moi-2026", OFFICE, browser)
    assert LOCKED in refused.content.decode()


# a stronger hasher preferred (as a Django upgrade or the administrators' settings do), the one
# the demo's passwords were hashed with still read: Django rehashes a password at its next sign-in
STRONGER = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]


@pytest.mark.django_db
@override_settings(PARSCORE_LOGIN_NAME_FAILURES=12)
def test_a_password_rehashed_at_a_sign_in_keeps_the_account_s_other_browsers_known() -> None:
    """The same password hashed anew (a stronger hasher) is no new password: it made every other
    browser of the account unknown, until it signed in again."""
    office = _known()
    users = get_user_model()
    before = users.objects.get(username="dantien").password
    with override_settings(PASSWORD_HASHERS=STRONGER):
        home = _known(address="192.0.2.7")  # the sign-in that rehashes
        after = users.objects.get(username="dantien").password
        assert after != before and after.startswith("scrypt$")
        _lock_everywhere()
        for browser in (office, home):
            assert _signed_in(_sign_in("dantien", DEMO_PASSWORD, OFFICE, browser))
            browser.post("/dang-xuat/")


@pytest.mark.django_db
@override_settings(PARSCORE_LOGIN_NAME_FAILURES=12)
def test_a_password_set_anew_ends_the_known_browsers_even_the_same_one() -> None:
    """A password set by the administrators (the command line's createuser, the admin site) is
    a new one, even typed the same: the browsers known before are known no more."""
    from parscore.web.accounts import create_account

    browser = _known()
    create_account("dantien", DEMO_PASSWORD, "staff", commune_slug="dan-tien")
    _lock_everywhere()
    assert LOCKED in _sign_in("dantien", DEMO_PASSWORD, OFFICE, browser).content.decode()
    # the admin site's form to change a password
    other = _known("hachau")
    admin = login("admin")
    user = get_user_model().objects.get(username="hachau")
    answer = admin.post(
        f"/quan-tri/auth/user/{user.pk}/password/",
        {"password1": "mat-khau-moi-2026", "password2": "mat-khau-moi-2026"},
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    _lock_everywhere("hachau")
    refused = _sign_in("hachau", "mat-khau-moi-2026", OFFICE, other)
    assert LOCKED in refused.content.decode()


@pytest.mark.django_db
@override_settings(PARSCORE_LOGIN_NAME_FAILURES=12)
def test_a_shared_computer_is_known_for_each_who_signed_in_on_it() -> None:
    browser = _known("dantien")
    assert _signed_in(_sign_in("dantien-lanhdao", DEMO_PASSWORD, OFFICE, browser))
    browser.post("/dang-xuat/")
    _lock_everywhere("dantien")
    _lock_everywhere("dantien-lanhdao")
    for name in ("dantien", "dantien-lanhdao"):
        assert _signed_in(_sign_in(name, DEMO_PASSWORD, OFFICE, browser))
        browser.post("/dang-xuat/")


def _cookie(response: Any) -> Any:
    return response.cookies[COOKIE]


@pytest.mark.django_db
def test_the_cookie_is_http_only_lax_a_year_and_secure_over_https() -> None:
    plain = _cookie(_sign_in("dantien", DEMO_PASSWORD, OFFICE))
    assert plain["httponly"] and plain["samesite"] == "Lax" and not plain["secure"]
    assert plain["max-age"] == 365 * 24 * 60 * 60
    secure = Client().post(
        "/dang-nhap/",
        {"username": "dantien", "password": DEMO_PASSWORD},
        REMOTE_ADDR=OFFICE,
        secure=True,
    )
    assert _cookie(secure)["secure"]
    # none for a failed sign-in; the admin site's sign-in gives it too
    assert COOKIE not in _sign_in("dantien", "sai", OFFICE).cookies
    admin = Client().post(
        "/quan-tri/login/?next=/quan-tri/",
        {"username": "quantri", "password": DEMO_PASSWORD},
        REMOTE_ADDR=OFFICE,
    )
    assert admin.status_code == 302 and _cookie(admin).value


@pytest.mark.django_db
@override_settings(PARSCORE_LOGIN_NAME_FAILURES=8)
def test_a_stolen_cookie_gets_no_more_guesses_a_day_than_the_name_has() -> None:
    """Five guesses every fifteen minutes with the cookie would be 480 a day, where a guesser
    without it gets the name's daily budget."""
    import datetime as dt

    from django.utils import timezone

    browser, her_phone = _known(), _known()
    for i in range(5):
        _sign_in("dantien", f"sai-{i}", STRANGER, browser)
    hour_ago = timezone.now() - dt.timedelta(hours=1)
    LoginFailure.objects.filter(username="dantien").update(at=hour_ago)
    for i in range(3):
        _sign_in("dantien", f"sai-lai-{i}", f"192.0.2.{i + 20}", browser)
    assert LOCKED in _sign_in("dantien", DEMO_PASSWORD, STRANGER, browser).content.decode()
    # the name's daily budget is spent too (the cookie's failures count for it), but not the
    # owner's other known browser's
    assert LOCKED in _sign_in("dantien", DEMO_PASSWORD, OFFICE).content.decode()
    assert _signed_in(_sign_in("dantien", DEMO_PASSWORD, OFFICE, her_phone))


@pytest.mark.django_db
def test_the_page_of_locks_shows_a_known_browser_locked_by_its_own_failures() -> None:
    """A known browser that spent its own budget from five addresses (no address, pair or name
    lock) was locked, while the administrators' page said the name was not."""
    browser = _known()
    for i in range(5):
        _sign_in("dantien", f"sai-{i}", f"192.0.2.{10 + i}", browser)
    assert LOCKED in _sign_in("dantien", DEMO_PASSWORD, "192.0.2.20", browser).content.decode()
    page = login("admin").get("/tai-khoan/bi-khoa/").content.decode()
    assert "1 tên đăng nhập đang bị khóa." in page
    row = page[page.index('<td class="free-text">dantien</td>') :]
    row = row[: row.index("</tr>")]
    assert re.search(r"trên thiết bị quen 1, đến \d\d/\d\d/\d{4}", row), row
    assert 'class="primary">Mở khóa' in row
