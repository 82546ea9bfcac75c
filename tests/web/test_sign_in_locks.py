"""Sign-in locks (:mod:`parscore.web.throttle`): failures lock the pair (user name, address), a
larger budget for the name from all addresses locks the name, an IPv6 client counts as its /64;
the sign-in page says until when and whom to ask, the same whether the name has an account or
not; an administrator unlocks a name in the app, and the audit log says so."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client, override_settings

from parscore.web.demo import DEMO_PASSWORD
from parscore.web.models import AuditEntry, LoginFailure
from parscore.web.throttle import client_network

from .conftest import login

LOCKED = "Đăng nhập sai quá nhiều lần"
OFFICE = "203.0.113.10"  # the commune officer's office
STRANGER = "198.51.100.66"


def _sign_in(username: str, password: str, address: str, client: Client | None = None) -> Any:
    return (client or Client()).post(
        "/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _fail(username: str, address: str, times: int = 5) -> None:
    for i in range(times):
        _sign_in(username, f"sai-{i}", address)


def _signed_in(response: Any) -> bool:
    return bool(response.status_code == 302 and response["Location"] == "/")


@pytest.mark.django_db
def test_strangers_elsewhere_do_not_lock_the_officer_out() -> None:
    """Five wrong passwords typed anywhere for a user name locked that name for everyone: whoever
    knew an officer's user name could keep her locked out all year."""
    _fail("dantien", STRANGER)
    refused = _sign_in("dantien", DEMO_PASSWORD, STRANGER)
    assert LOCKED in refused.content.decode()  # the guesser's own address is locked
    assert _signed_in(_sign_in("dantien", DEMO_PASSWORD, OFFICE))  # the officer is not
    # and her own mistakes at the office lock her office only
    _fail("dantien", OFFICE)
    assert LOCKED in _sign_in("dantien", DEMO_PASSWORD, OFFICE).content.decode()
    assert _signed_in(_sign_in("dantien", DEMO_PASSWORD, "192.0.2.1"))


@pytest.mark.django_db
@override_settings(PARSCORE_LOGIN_NAME_FAILURES=12)
def test_guessing_from_many_addresses_still_locks_the_name() -> None:
    """Slow, spread-out guessing: four guesses from each of many addresses (under the pair's
    limit each) add up to the name's own budget, which locks the name from every address."""
    for i in range(3):
        _fail("dantien", f"10.1.{i}.1", times=4)
    response = _sign_in("dantien", DEMO_PASSWORD, OFFICE)
    assert LOCKED in response.content.decode()
    assert _signed_in(_sign_in("hachau", DEMO_PASSWORD, OFFICE))  # other names are not


@pytest.mark.django_db
def test_one_address_trying_many_names_is_stopped() -> None:
    for i in range(20):
        _sign_in(f"ten-{i}", "sai", STRANGER)
    assert LOCKED in _sign_in("dantien", DEMO_PASSWORD, STRANGER).content.decode()
    assert _signed_in(_sign_in("dantien", DEMO_PASSWORD, OFFICE))


def test_an_ipv6_client_counts_as_its_64_network() -> None:
    def network(address: str) -> str:
        return client_network(type("R", (), {"META": {"REMOTE_ADDR": address}})())

    assert network("2001:db8:1:2:aaaa:bbbb:cccc:1") == "2001:db8:1:2::/64"
    assert network("2001:DB8:1:2::99") == "2001:db8:1:2::/64"
    assert network("2001:db8:1:3::1") == "2001:db8:1:3::/64"
    assert network("::ffff:203.0.113.7") == "203.0.113.7"  # IPv4 written as IPv6
    assert network("203.0.113.7") == "203.0.113.7"
    assert network("fe80::1%eth0") == "fe80::/64"
    assert network("không-phải-địa-chỉ") == "không-phải-địa-chỉ"
    assert client_network(None) == ""


@pytest.mark.django_db
def test_an_ipv6_network_is_counted_as_one_address() -> None:
    """A client with IPv6 is given a whole /64 and may use any address in it: counted address
    by address, each of its 2^64 addresses got its own guesses."""
    for i in range(5):
        _sign_in("dantien", "sai", f"2001:db8:1:2::{i + 1:x}")
    assert LOCKED in _sign_in("dantien", DEMO_PASSWORD, "2001:db8:1:2::99").content.decode()
    assert _signed_in(_sign_in("dantien", DEMO_PASSWORD, "2001:db8:1:3::1"))
    assert set(LoginFailure.objects.values_list("address", flat=True)) == {"2001:db8:1:2::/64"}


def _lock_text(response: Any) -> str:
    found = re.search(rf"<p>({LOCKED}[^<]*)</p>", response.content.decode())
    assert found is not None
    return found.group(1)


@pytest.mark.django_db
def test_the_locked_page_says_until_when_and_whom_to_ask_for_any_name() -> None:
    _fail("dantien", STRANGER)
    _fail("khong-co-ai", STRANGER)
    said = _lock_text(_sign_in("dantien", DEMO_PASSWORD, STRANGER))
    assert re.search(
        r"thử lại sau \d\d:\d\d( ngày \d\d/\d\d/\d{4})? \(khoảng 1[45] phút nữa\)", said
    )
    assert "nhờ quản trị hệ thống của tỉnh" in said and "mở khóa" in said
    # the same words for a name no account has: the page does not tell which names exist
    assert _lock_text(_sign_in("khong-co-ai", "x", STRANGER)) == said
    # the admin site's sign-in says it too
    admin = Client().post(
        "/quan-tri/login/?next=/quan-tri/",
        {"username": "dantien", "password": DEMO_PASSWORD},
        REMOTE_ADDR=STRANGER,
    )
    assert said in admin.content.decode()


@pytest.mark.django_db
@override_settings(PARSCORE_LOGIN_NAME_FAILURES=12)
def test_a_lock_of_a_day_says_its_length_in_hours() -> None:
    """The name locked everywhere for a day was said as «khoảng 1440 phút nữa»."""
    for i in range(3):
        _fail("dantien", f"10.1.{i}.1", times=4)
    said = _lock_text(_sign_in("dantien", DEMO_PASSWORD, OFFICE))
    assert re.search(
        r"thử lại sau \d\d:\d\d ngày \d\d/\d\d/\d{4} \(khoảng 2[34] giờ( \d+ phút)? nữa\)", said
    ), said
    assert "1440" not in said and "1439" not in said


@pytest.mark.django_db
def test_a_wrong_password_says_what_to_check() -> None:
    """Caps Lock, and a Vietnamese keyboard (Telex turns «parscore» into «pả» + «core»): the
    commonest reasons a right password is refused."""
    said = _sign_in("dantien", "sai", OFFICE).content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in said
    assert "Caps Lock" in said and "bộ gõ tiếng Việt" in said


@pytest.mark.django_db
def test_an_administrator_unlocks_a_name_and_the_log_says_so() -> None:
    _fail("dantien", OFFICE)
    _fail("khong-co-ai", STRANGER, times=2)
    admin = login("admin")
    page = admin.get("/tai-khoan/bi-khoa/").content.decode()
    assert "1 tên đăng nhập đang bị khóa" in page
    row = re.search(r"<tr>\s*<td class=\"free-text\">dantien</td>.*?</tr>", page, re.S)
    assert row is not None
    assert "có tài khoản" in row.group(0) and f"từ {OFFICE}, đến" in row.group(0)
    assert "5 lần, từ 1 địa chỉ" in row.group(0)
    assert "không có tài khoản tên này" in page  # the administrator may know it
    assert 'href="/tai-khoan/bi-khoa/"' in page  # in the administrator's menu
    # a new password set for a locked name does not unlock it, nor keep its known browsers
    assert "Đặt mật khẩu mới (kể cả đặt lại đúng mật khẩu cũ) làm các trình duyệt quen" in page
    # the name as the person typed it: unlocked however it is written
    done = admin.post("/tai-khoan/bi-khoa/mo-khoa/", {"ten": "DanTien"}, follow=True)
    assert "Đã mở khóa đăng nhập cho «dantien»" in done.content.decode()
    assert _signed_in(_sign_in("dantien", DEMO_PASSWORD, OFFICE))
    entry = AuditEntry.objects.get(action="unlock")
    assert (entry.username, entry.target) == ("quantri", "dantien")
    assert entry.old == "5 lần đăng nhập sai từ 1 địa chỉ" and entry.new == "đã mở khóa"
    log = admin.get("/nhat-ky/").content.decode()
    assert "Mở khóa đăng nhập" in log
    # nothing to unlock: said, nothing logged
    again = admin.post("/tai-khoan/bi-khoa/mo-khoa/", {"ten": "dantien"}, follow=True)
    assert "không bị khóa" in again.content.decode()
    assert AuditEntry.objects.filter(action="unlock").count() == 1
    # the commune's own people and the province's officers cannot (they do not manage accounts)
    for role in ("staff", "leader", "province", "auditor"):
        assert login(role).get("/tai-khoan/bi-khoa/").status_code == 403
        assert login(role).post("/tai-khoan/bi-khoa/mo-khoa/", {"ten": "x"}).status_code == 403
    assert 'href="/tai-khoan/bi-khoa/"' not in login("province").get("/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["dan\x00tien", "\x1b[31mdantien", "d" * 151])
def test_an_unusable_name_to_unlock_is_refused_before_the_database(name: str) -> None:
    """A NUL in the name sent reached the query: PostgreSQL refused it (a server error)."""
    _fail("dantien", OFFICE)
    done = login("admin").post("/tai-khoan/bi-khoa/mo-khoa/", {"ten": name}, follow=True)
    assert done.status_code == 200
    assert "Tên đăng nhập gửi lên không dùng được: văn bản" in done.content.decode()
    assert LoginFailure.objects.filter(username="dantien").count() == 5
    assert not AuditEntry.objects.filter(action="unlock").exists()


@pytest.mark.django_db
def test_failures_older_than_every_window_are_forgotten() -> None:
    import datetime as dt

    from django.utils import timezone

    old = LoginFailure.objects.create(username="dantien", address=STRANGER)
    day_ago = timezone.now() - dt.timedelta(hours=24, minutes=1)
    LoginFailure.objects.filter(pk=old.pk).update(at=day_ago)
    _fail("hachau", OFFICE, times=1)
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["hachau"]


def _count_passwords_checked(monkeypatch: pytest.MonkeyPatch, meanwhile: Any) -> list[str]:
    """Patches the password check: returns the list of names whose password was checked; each
    check calls ``meanwhile(n)`` (the n-th check) before going on."""
    from django.contrib.auth import forms

    checked: list[str] = []
    real = forms.authenticate

    def authenticate(request: Any, **credentials: Any) -> Any:
        checked.append(credentials["username"])
        meanwhile(len(checked))
        return real(request, **credentials)

    monkeypatch.setattr(forms, "authenticate", authenticate)
    return checked


@pytest.mark.django_db
def test_guesses_arriving_while_one_is_checked_count_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The failures were counted, then the password checked, then the failure recorded: guesses
    arriving while one was being checked did not count it, and together went over the limit.
    Here five more arrive while the first is checked: four more may be checked, not five."""

    def meanwhile(n: int) -> None:
        if n == 1:
            _fail("dantien", STRANGER)

    checked = _count_passwords_checked(monkeypatch, meanwhile)
    _sign_in("dantien", "sai", STRANGER)
    assert len(checked) == 5  # the limit
    assert LoginFailure.objects.filter(username="dantien").count() == 5
    assert LOCKED in _sign_in("dantien", DEMO_PASSWORD, STRANGER).content.decode()
    # a refused attempt or a sign-in is not left counted as a failure
    assert _signed_in(_sign_in("dantien", DEMO_PASSWORD, OFFICE))
    assert LoginFailure.objects.filter(username="dantien").count() == 5


@pytest.mark.django_db(transaction=True)
def test_guesses_sent_at_the_same_moment_stay_within_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """PostgreSQL, twenty guesses at once from threads (as the server's), each password check
    slowed down so that they overlap: at most the limit of them get to the password."""
    import threading
    import time

    from django.db import connection

    from .conftest import seed

    if connection.vendor != "postgresql":
        pytest.skip("requests at once on their own connections: PostgreSQL (PARSCORE_TEST_DB)")
    seed()
    checked = _count_passwords_checked(monkeypatch, lambda n: time.sleep(0.3))
    start = threading.Barrier(20)

    def guess(i: int) -> None:
        try:
            start.wait(timeout=30)
            _sign_in("dantien", f"sai-{i}", STRANGER)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert 1 <= len(checked) <= 5
    assert LoginFailure.objects.filter(username="dantien").count() == len(checked)


@pytest.mark.django_db
def test_the_page_of_locks_asks_the_database_the_same_times_for_any_number_of_names() -> None:
    """Each name listed cost three queries more (its locks asked name by name, address by
    address): with the page's hundred names, three hundred queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = login("admin")
    admin.get("/tai-khoan/bi-khoa/")  # the session read once

    def queries() -> int:
        with CaptureQueriesContext(connection) as asked:
            assert admin.get("/tai-khoan/bi-khoa/").status_code == 200
        return len(asked)

    _fail("ten-0", "10.9.0.1")
    few = queries()
    for i in range(1, 15):
        _fail(f"ten-{i}", f"10.9.{i}.1")
    _fail("ten-1", "10.9.99.1")
    page = admin.get("/tai-khoan/bi-khoa/").content.decode()
    assert "15 tên đăng nhập đang bị khóa" in page and "từ 10.9.99.1, đến" in page
    assert queries() == few
