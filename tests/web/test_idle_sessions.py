"""A signed-in session left without a request for ``PARSCORE_SESSION_IDLE_MINUTES`` is signed
out (:mod:`parscore.web.idle`): the sign-in page says why and leads back to the page after
signing in (never off the site); a form or a live score sent then changes nothing and says so."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import Client, override_settings

from parscore.web.demo import DEMO_PASSWORD
from parscore.web.idle import LAST_SEEN, SIGNED_IN
from parscore.web.models import MetricValue

from .posted_forms import form_values

YEAR = "/xa/dan-tien/2025/"
ENDED = "Phiên đăng nhập đã kết thúc vì không có thao tác nào trong 2 giờ"


def _signed_in(username: str = "dantien") -> Client:
    client = Client()
    response = client.post("/dang-nhap/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert isinstance(client.session.get(LAST_SEEN), int)  # noted as it signs in
    return client


def _idle_for(client: Client, minutes: float) -> None:
    session = client.session
    session[LAST_SEEN] = int(time.time() - minutes * 60)
    session.save()


@pytest.mark.django_db
def test_an_idle_session_is_signed_out_and_signing_in_leads_back() -> None:
    """Sessions lasted two weeks whatever happened: a shared office computer left signed in let
    the next person work under the officer's name."""
    client = _signed_in()
    _idle_for(client, 121)
    response = client.get(YEAR + "?tham-dinh=1")
    login_url = "/dang-nhap/?next=" + quote(YEAR + "?tham-dinh=1", safe="/")
    assert response.status_code == 302 and response["Location"] == login_url
    assert "_auth_user_id" not in client.session
    page = client.get(login_url).content.decode()
    assert ENDED in page and "trở lại trang đang mở" in page
    back = client.post(
        login_url,
        {"username": "dantien", "password": DEMO_PASSWORD, "next": YEAR + "?tham-dinh=1"},
    )
    assert back.status_code == 302 and back["Location"] == YEAR + "?tham-dinh=1"
    assert client.get(YEAR).status_code == 200


def _signed_in_hours_ago(client: Client, hours: float) -> None:
    session = client.session
    session[SIGNED_IN] = int(time.time() - hours * 3600)
    session[LAST_SEEN] = int(time.time() - 600)  # in use ten minutes ago: never idle
    session.save()


@pytest.mark.django_db
def test_a_session_in_use_ends_twelve_hours_after_signing_in() -> None:
    """A session kept in use (a page that refreshes, a cookie copied from a shared computer and
    used every hour) lasted two weeks: the idle limit never saw it idle."""
    client = _signed_in()
    assert abs(client.session[SIGNED_IN] - time.time()) < 5
    _signed_in_hours_ago(client, 11.9)
    assert client.get(YEAR).status_code == 200
    _signed_in_hours_ago(client, 12.1)
    response = client.get(YEAR, follow=True)
    assert response.redirect_chain[0][0] == "/dang-nhap/?next=" + quote(YEAR, safe="/")
    page = response.content.decode()
    assert "Phiên đăng nhập đã kết thúc sau 12 giờ kể từ khi đăng nhập" in page
    assert "_auth_user_id" not in client.session
    # signing in again starts a new twelve hours, and the cookie lasts no longer than that
    again = client.post("/dang-nhap/", {"username": "dantien", "password": DEMO_PASSWORD})
    assert again.status_code == 302 and abs(client.session[SIGNED_IN] - time.time()) < 5
    assert again.cookies["sessionid"]["max-age"] == 12 * 3600
    help_page = Client().get("/huong-dan/").content.decode()  # the help says it too
    assert "kết thúc sau 12 giờ kể từ khi đăng nhập" in help_page


@pytest.mark.django_db
def test_a_session_in_use_stays_and_is_noted_at_most_once_a_minute() -> None:
    client = _signed_in()
    _idle_for(client, 119)
    assert client.get(YEAR).status_code == 200
    seen = client.session[LAST_SEEN]
    assert abs(seen - time.time()) < 5
    _idle_for(client, 0.5)
    before = client.session[LAST_SEEN]
    assert client.get("/").status_code == 200
    assert client.session[LAST_SEEN] == before  # not written again within the minute


@pytest.mark.django_db
@override_settings(PARSCORE_SESSION_IDLE_MINUTES=30)
def test_the_limit_is_a_setting_and_the_page_names_it() -> None:
    client = _signed_in()
    _idle_for(client, 31)
    page = client.get("/", follow=True).content.decode()
    assert "không có thao tác nào trong 30 phút" in page and 'name="password"' in page
    help_page = Client().get("/huong-dan/").content.decode()  # the help says it too
    assert "Không thao tác gì trên trang trong 30 phút" in help_page


@pytest.mark.django_db
def test_signing_out_after_the_session_ended_is_no_undone_work() -> None:
    """«Đăng xuất» pressed on a page left open over lunch said the work just done was not done
    and was to be done again (it took the sign-out for a form lost with the session)."""
    for ended in ("idle", "expired"):
        client = _signed_in()
        if ended == "idle":
            _idle_for(client, 121)
        else:
            client.cookies.clear()
        response = client.post("/dang-xuat/", HTTP_REFERER=f"http://testserver{YEAR}", follow=True)
        assert response.redirect_chain == [("/dang-nhap/", 302)], ended
        assert 'class="messages"' not in response.content.decode(), ended


@pytest.mark.django_db
def test_the_admin_site_signs_out_an_idle_session_too() -> None:
    client = Client()
    client.post("/quan-tri/login/", {"username": "quantri", "password": DEMO_PASSWORD})
    assert client.get("/quan-tri/").status_code == 200
    _idle_for(client, 121)
    response = client.get("/quan-tri/", follow=True)
    assert response.redirect_chain[-1][0] == "/quan-tri/login/?next=/quan-tri/"
    assert ENDED in response.content.decode()


@pytest.mark.django_db
def test_signing_in_never_leads_off_the_site() -> None:
    client = Client()
    for unsafe in ("https://ke-gian.example/", "//ke-gian.example/", "/\\ke-gian.example"):
        response = client.post(
            "/dang-nhap/", {"username": "dantien", "password": DEMO_PASSWORD, "next": unsafe}
        )
        assert response.status_code == 302 and response["Location"] == "/", unsafe
        client.post("/dang-xuat/")


@pytest.mark.django_db
def test_the_live_score_after_an_idle_sign_out_says_so_in_its_panel() -> None:
    client = _signed_in()
    values = form_values(client.get(YEAR).content.decode())
    _idle_for(client, 121)
    values["m-plan_tasks_done"] = "41"
    response = client.post(YEAR + "xem-truoc/", values, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200 and ENDED in text and "chưa được lưu" in text
    assert "<html" not in text and 'name="password"' not in text  # not the sign-in page
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("ended", ["idle", "lifetime"])
def test_a_form_saved_after_an_idle_sign_out_changes_nothing_and_is_kept(ended: str) -> None:
    client = _signed_in()
    values = form_values(client.get(YEAR).content.decode())
    if ended == "idle":
        _idle_for(client, 121)
    else:  # in use, but signed in 13 hours ago
        _signed_in_hours_ago(client, 13)
    values["m-plan_tasks_done"] = "41"
    before = list(MetricValue.objects.order_by("pk").values_list("pk", "value"))
    sent = client.post(YEAR + "luu/", values, HTTP_REFERER=f"http://testserver{YEAR}")
    assert (
        sent.status_code == 302
        and sent["Location"] == "/dang-nhap/?next=%2Fxa%2Fdan-tien%2F2025%2F"
    )
    page = client.get(sent["Location"]).content.decode()
    why = ENDED if ended == "idle" else "Phiên đăng nhập đã kết thúc sau 12 giờ kể từ khi đăng nhập"
    assert f"{why} nên số liệu chưa được lưu" in page
    assert list(MetricValue.objects.order_by("pk").values_list("pk", "value")) == before


def test_a_bad_idle_setting_stops_the_server_before_anything_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parscore.errors import UsageError
    from parscore.web.env_settings import idle_minutes, vi_minutes
    from parscore.web.server import prepare

    assert idle_minutes(None) == idle_minutes(" ") == 120
    assert idle_minutes("30") == 30
    for bad in ("abc", "0", "-5", "1,5", "99999", "٣٠"):
        with pytest.raises(ValueError, match="PARSCORE_SESSION_IDLE_MINUTES"):
            idle_minutes(bad)
    assert [vi_minutes(m) for m in (45, 60, 90, 120)] == [
        "45 phút", "1 giờ", "1 giờ 30 phút", "2 giờ",
    ]  # fmt: skip
    monkeypatch.setenv("PARSCORE_SESSION_IDLE_MINUTES", "hai giờ")
    with pytest.raises(UsageError) as refused:
        prepare(tmp_path / "du-lieu")
    issue = refused.value.issues[0]
    assert issue.code == "PS604" and "cần số phút" in issue.message
    assert not (tmp_path / "du-lieu").exists()
