"""The answers Django gives in English are Vietnamese pages: a form sent from a page drawn before
the browser signed in again (CSRF), a form's address opened as a page (405), a bad request (400)
and a server error (500)."""

from __future__ import annotations

import re

import pytest
from django.test import Client, RequestFactory
from django.views import defaults

from parscore.web.demo import DEMO_PASSWORD
from parscore.web.models import AuditEntry

from .conftest import login

YEAR = "/xa/dan-tien/2025/"


def _token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, "no form on the page"
    return found.group(1)


def _sign_in(browser: Client, user: str) -> None:
    token = _token(browser.get("/dang-nhap/").content.decode())
    signed = browser.post(
        "/dang-nhap/", {"username": user, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert signed.status_code == 302


@pytest.mark.django_db
def test_a_form_of_before_another_sign_in_is_refused_in_vietnamese_saving_nothing() -> None:
    """Staff keep the year's page open; the leader signs in on the same computer in another tab
    (a commune office shares one): the staff's save was Django's English "CSRF verification
    failed"."""
    browser = Client(enforce_csrf_checks=True)
    _sign_in(browser, "dantien")
    old_token = _token(browser.get(YEAR).content.decode())
    # another tab: staff sign out, the leader signs in (which turns the token)
    assert browser.post("/dang-xuat/", {"csrfmiddlewaretoken": old_token}).status_code == 302
    _sign_in(browser, "dantien-lanhdao")
    before = AuditEntry.objects.count()
    sent = browser.post(YEAR + "luu/", {"csrfmiddlewaretoken": old_token, "m:x": "1"})
    page = sent.content.decode()
    assert sent.status_code == 403
    assert "CSRF verification" not in page and "Forbidden" not in page
    assert "Trang đã cũ" in page and "Chưa lưu, chưa thay đổi gì" in page
    assert f'<a href="{YEAR}">Mở lại trang</a>' in page  # the page that holds the form
    assert '<html lang="vi">' in page and "Đăng xuất" in page  # the app's page, signed in
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_the_live_score_of_a_page_of_before_another_sign_in_says_so_in_its_panel() -> None:
    """htmx swaps no 403: the score stopped following what was typed, without a word."""
    browser = Client(enforce_csrf_checks=True)
    _sign_in(browser, "dantien")
    old_token = _token(browser.get(YEAR).content.decode())
    assert browser.post("/dang-xuat/", {"csrfmiddlewaretoken": old_token}).status_code == 302
    _sign_in(browser, "dantien")
    panel = browser.post(
        YEAR + "xem-truoc/",
        {"m-initiatives": "3"},
        HTTP_X_CSRFTOKEN=old_token,
        HTTP_HX_REQUEST="true",
    )
    text = panel.content.decode()
    assert panel.status_code == 200  # swapped into the panel
    assert "<html" not in text and "Trang đã cũ" in text and "chưa được lưu" in text


@pytest.mark.django_db
def test_a_forms_address_opened_as_a_page_opens_the_page_that_holds_the_form() -> None:
    """A refused upload is drawn at ``…/tai-lieu/``: Enter in the address bar (or the address
    kept) gave the browser's blank "405" page."""
    staff = login("staff")
    opened = staff.get(YEAR + "tai-lieu/")
    assert opened.status_code == 302 and opened.url == YEAR
    assert staff.get(YEAR + "tham-dinh/luu/").url == YEAR + "tham-dinh/"
    assert login("province").get("/tinh/thai-nguyen/2025/han/").url == "/tinh/thai-nguyen/2025/"


@pytest.mark.django_db
def test_the_logout_address_opened_as_a_page_says_how_to_sign_out() -> None:
    page = login("staff").get("/dang-xuat/")
    text = page.content.decode()
    assert page.status_code == 405 and page["Allow"]
    assert (
        "Địa chỉ đăng xuất không mở trực tiếp được" in text
        and '<span class="ui">Đăng xuất</span>' in text
    )
    assert "Bạn đã đăng xuất" in Client().get("/dang-xuat/").content.decode()


@pytest.mark.django_db
def test_a_method_no_page_takes_is_said_in_vietnamese() -> None:
    page = login("staff").put(YEAR + "luu/")
    assert page.status_code == 405
    assert "Địa chỉ này không mở trực tiếp được" in page.content.decode()
    assert f'<a href="{YEAR}">Mở trang</a>' in page.content.decode()
    api = login("staff").put("/api/v1/communes/")  # the API keeps its own answers
    assert api.status_code == 405 and "Địa chỉ" not in api.content.decode()


@pytest.mark.parametrize(
    ("view", "words"),
    [
        (defaults.server_error, "Hệ thống gặp lỗi khi xử lý trang này"),
        (lambda r: defaults.bad_request(r, Exception()), "Yêu cầu không hợp lệ"),
    ],
)
def test_server_error_and_bad_request_pages_are_vietnamese(view, words) -> None:  # type: ignore[no-untyped-def]
    """Django's own were "Server Error (500)" and "Bad Request (400)"."""
    page = view(RequestFactory().get(YEAR)).content.decode()
    assert words in page and '<html lang="vi">' in page
    assert "Server Error" not in page and "Bad Request" not in page


@pytest.mark.django_db
def test_a_page_not_found_says_the_apps_reason_never_djangos() -> None:
    """The views' reasons («Năm 2026 chưa có xã nào.») never reached the page: every 404 said
    only «Không tìm thấy trang»."""
    province = login("province")
    page = province.get("/tinh/thai-nguyen/2026/xep-hang-linh-vuc/")
    assert page.status_code == 404
    assert '<p class="note">Năm 2026 chưa có xã nào.</p>' in page.content.decode()
    staff = login("staff")
    missing = staff.get(YEAR + "tai-lieu/999999/tep/")  # Django's «No … matches the given query.»
    text = missing.content.decode()
    assert missing.status_code == 404 and "Không tìm thấy trang" in text
    assert "matches" not in text and 'class="note"' not in text
    assert 'class="note"' not in staff.get("/khong-co-trang-nay/").content.decode()
