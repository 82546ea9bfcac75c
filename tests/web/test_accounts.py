"""Login throttling and messages, the append-only audit log, frozen packs and opening a year,
accounts from the command line, database settings, security headers."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from parscore.cli.main import main
from parscore.web.dburl import database_settings
from parscore.web.demo import DEMO_PASSWORD
from parscore.web.models import Assessment, AuditEntry, Membership, PackVersion
from parscore.web.views.auth import ACTIONS as LOG_LABELS
from parscore.web.workflow import ACTIONS as WORKFLOW

from .conftest import login
from .test_help import TEMPLATES


@pytest.mark.django_db
def test_login_in_vietnamese_and_throttled() -> None:
    client = Client()
    page = client.post("/dang-nhap/", {"username": "dantien", "password": "sai"}).content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page
    for _ in range(4):
        client.post("/dang-nhap/", {"username": "dantien", "password": "sai"})
    response = client.post("/dang-nhap/", {"username": "dantien", "password": DEMO_PASSWORD})
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session
    other = Client().post("/dang-nhap/", {"username": "tinh", "password": DEMO_PASSWORD})
    assert other.status_code == 302 and other["Location"] == "/"


@pytest.mark.django_db
def test_forms_need_csrf() -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.get(username="dantien"))
    response = client.post("/xa/dan-tien/2025/luu/", {})
    page = response.content.decode()
    assert response.status_code == 403 and "Trang đã cũ: việc vừa làm chưa được thực hiện" in page
    assert "X-Forwarded-Proto: https" in page  # what an administrator behind a proxy checks
    assert "CSRF verification failed" not in page  # was Django's English page


@pytest.mark.django_db
def test_a_host_name_not_allowed_is_said_in_vietnamese() -> None:
    response = Client().get("/dang-nhap/", HTTP_HOST="10.1.2.3")
    page = response.content.decode()
    assert response.status_code == 400 and "Yêu cầu không hợp lệ" in page
    assert "PARSCORE_ALLOWED_HOSTS" in page and "Bad Request" not in page


def test_audit_log_names_workflow_steps_as_the_workflow_does() -> None:
    """The log had its own copies of the workflow's labels, and 'submit' had drifted apart
    ('Nộp bản tự đánh giá' in the log, 'gửi điểm tự chấm' in the messages)."""
    for name, action in WORKFLOW.items():
        assert LOG_LABELS[name] == action.label[0].upper() + action.label[1:]
    # the commune's year page writes its three buttons itself: named as the workflow names them
    year_page = (TEMPLATES / "web" / "assessment.html").read_text()
    for name in ("submit", "withdraw_submission", "reopen"):
        assert f">{LOG_LABELS[name]}</button>" in year_page


@pytest.mark.django_db
def test_audit_log_shows_a_workflow_step_by_its_label() -> None:
    AuditEntry.objects.create(
        username="truongxa", action="finalise", target="dan-tien/2025", commune_id=None
    )
    page = login("admin").get("/nhat-ky/").content.decode()
    assert "Chốt kết quả thẩm định" in page


@pytest.mark.django_db
def test_audit_log_is_append_only_and_scoped() -> None:
    entry = AuditEntry.objects.create(username="x", action="metric", target="a", old="1", new="2")
    entry.new = "3"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    login("staff").post("/xa/dan-tien/2025/tai-lieu/", {})  # refused upload: nothing logged
    page = login("leader").get("/nhat-ky/").content.decode()
    assert "Tạo dữ liệu mẫu" in page and "Dân Tiến" in page and "Hà Châu" not in page
    assert "Hà Châu" in login("auditor").get("/nhat-ky/").content.decode()
    assert login("admin").get("/quan-tri/web/auditentry/").status_code == 200
    assert login("admin").get(f"/quan-tri/web/auditentry/{entry.pk}/delete/").status_code == 403


@pytest.mark.django_db
def test_opening_a_year_freezes_the_pack() -> None:
    client = login("province")
    response = client.post(
        "/xa/ha-chau/mo-nam/", {"pack": "2026.yaml", "as_of": "30/06/2026", "goal": "92,5"}
    )
    assert response.status_code == 302 and response["Location"] == "/xa/ha-chau/2026/"
    a = Assessment.objects.get(commune__slug="ha-chau", year=2026)
    version = PackVersion.objects.get(pk=a.pack_id)
    assert version.pack_id == "thai-nguyen/xa/2026" and len(version.sha256) == 64
    assert str(a.goal) == "92.5000" and a.as_of.isoformat() == "2026-06-30"  # type: ignore[union-attr]
    assert "thai-nguyen/xa/2026" in version.text
    again = client.post("/xa/ha-chau/mo-nam/", {"pack": "2026.yaml"}, follow=True)
    assert "đã có bản tự đánh giá năm 2026" in again.content.decode()
    bad = client.post("/xa/ha-chau/mo-nam/", {"pack": "../secret.yaml"}, follow=True)
    assert "Chọn một gói quy tắc" in bad.content.decode()
    assert AuditEntry.objects.filter(action="open_year", year=2026).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("goal", "said"),
    [
        ("-5", "Mục tiêu: -5 nằm ngoài thang điểm 0–100"),  # the year then never loaded: a 500
        ("0", "Mục tiêu: 0 nằm ngoài thang điểm 0–100"),
        ("123456789", "Mục tiêu: 123.456.789 nằm ngoài thang điểm 0–100"),  # not read back: a 500
        ("92,123456", "Mục tiêu: tối đa 4 chữ số sau dấu phẩy"),
    ],
)
def test_a_goal_the_scale_cannot_give_is_refused_and_no_year_opened(goal: str, said: str) -> None:
    client = login("province")
    page = client.post("/xa/ha-chau/mo-nam/", {"pack": "2026.yaml", "goal": goal}, follow=True)
    assert page.status_code == 200
    assert f"Chưa mở năm: {said}" in html.unescape(page.content.decode())
    assert not Assessment.objects.filter(commune__slug="ha-chau", year=2026).exists()


@pytest.mark.django_db
def test_the_year_to_open_is_offered_newest_first_and_named() -> None:
    """The choice of pack listed file names oldest first («2023», «2024», …, «lam-dong-2025»)
    with 2023 chosen: one click on «Mở năm» opened 2023 for a commune starting 2026."""
    options = re.findall(
        r'<option value="([^"]+)"( selected)?>([^<]+)</option>',
        login("province").get("/xa/dan-tien/").content.decode(),
    )
    assert [o[0] for o in options[:4]] == ["2026.yaml", "2025.yaml", "2024.yaml", "2023.yaml"]
    assert [o[0] for o in options if o[1]] == ["2026.yaml"]  # the next year is chosen
    labels = {o[0]: o[2] for o in options}
    assert labels["2026.yaml"] == "Năm 2026: thai-nguyen/xa/2026 (lần sửa 1)"
    assert labels["2025.yaml"].endswith(" – xã đã có năm này")
    assert " – gói của Lâm Đồng" in labels["lam-dong-2025.yaml"]
    assert options[-1][0] == "lam-dong-2025.yaml"  # another province's pack comes last


@pytest.mark.django_db
def test_createuser_command(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from parscore.web.accounts import create_account

    create_account("canbo2", "mat-khau-123", "leader", commune_slug="dan-tien")
    user = get_user_model().objects.get(username="canbo2")
    assert user.check_password("mat-khau-123")
    assert Membership.objects.get(user=user).role == "leader"
    monkeypatch.setenv("MK", "ngan")
    assert (
        main(
            ["createuser", "x", "--role", "staff", "--commune", "dan-tien", "--password-env", "MK"]
        )
        == 2
    )
    assert "PS601" in capsys.readouterr().err
    assert main(["createuser", "x", "--role", "staff", "--password-env", "MK"]) == 2
    capsys.readouterr()
    monkeypatch.setenv("MK", "mat-khau-123")
    monkeypatch.setattr("parscore.web.server.prepare", lambda data_dir: None)
    misspelt = [
        "createuser",
        "x",
        "--role",
        "staff",
        "--commune",
        "dan-tein",
        "--password-env",
        "MK",
    ]
    assert main(misspelt) == 2
    assert "có phải ý bạn là 'dan-tien'?" in capsys.readouterr().err


def test_createuser_on_a_new_installation_says_where_communes_are_made() -> None:
    from parscore.web.accounts import _unknown_hint

    for what in ("xã", "tỉnh"):  # none made yet: the hint listed nothing ("các mã xã: ")
        hint = _unknown_hint("x", [], what)
        assert f"chưa có {what} nào" in hint and "/quan-tri/" in hint and "--role admin" in hint
    assert _unknown_hint("zz", ["b", "a"], "xã") == "các mã xã: a, b"


def test_database_settings(tmp_path: Path) -> None:
    sqlite = database_settings(None, tmp_path)
    assert sqlite["ENGINE"].endswith("sqlite3") and sqlite["NAME"] == str(
        tmp_path / "parscore.sqlite3"
    )
    pg = database_settings(
        "postgresql://tinh:m%40t@db.local:5433/parscore?sslmode=require", tmp_path
    )
    assert pg["ENGINE"] == "django.db.backends.postgresql"
    assert (pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"], pg["NAME"]) == (
        "tinh", "m@t", "db.local", "5433", "parscore",
    )  # fmt: skip
    # a server that never answers is reported after 10 s, unless the address says otherwise
    assert pg["OPTIONS"] == {"connect_timeout": "10", "sslmode": "require"}
    given = database_settings("postgresql://h/parscore?connect_timeout=3", tmp_path)
    assert given["OPTIONS"] == {"connect_timeout": "3"}
    with pytest.raises(ValueError, match="postgresql"):
        database_settings("mysql://x/y", tmp_path)
    with pytest.raises(ValueError, match="cổng phải là một số"):
        database_settings("postgresql://h:x/parscore", tmp_path)
    with pytest.raises(ValueError, match="thiếu tên cơ sở dữ liệu"):
        database_settings("postgresql://u@h:5432", tmp_path)


@pytest.mark.django_db
def test_security_headers() -> None:
    response = login("staff").get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_loading_the_demo_again_changes_nothing() -> None:
    from parscore.web.demo import load_demo
    from parscore.web.models import MetricValue

    before = (Assessment.objects.count(), MetricValue.objects.count(), Membership.objects.count())
    accounts = load_demo()
    assert [a[0] for a in accounts] == [
        "tinh",
        "dantien",
        "dantien-lanhdao",
        "hachau",
        "thamdinh",
        "hoidong",
        "hoidong-linhvuc",
    ]
    assert (
        Assessment.objects.count(),
        MetricValue.objects.count(),
        Membership.objects.count(),
    ) == before
    synthetic = Assessment.objects.filter(commune__slug__startswith="tong-hop")
    assert synthetic.count() == 7 and all("giả lập" in a.synthetic for a in synthetic)


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_asked_for() -> None:
    from django.db import connection

    from .conftest import WANT_POSTGRES

    assert connection.vendor == ("postgresql" if WANT_POSTGRES else "sqlite")


@pytest.mark.django_db
def test_the_lock_counts_every_way_of_typing_one_user_name() -> None:
    """Sign-in reads a user name Unicode-normalised and trimmed (``ｄａｎｔｉｅｎ``, fullwidth,
    signs in as ``dantien``), but failures were counted by the name as typed: each of the 128
    ways of typing a seven-letter name got its own five guesses (from one address: the pair
    (name, address) locks; from many, the name's own larger budget: test_sign_in_locks)."""
    for typed in ["ｄantien", "dａntien", " daｎtien", "danｔien\t", "DANTIEN"]:
        Client().post("/dang-nhap/", {"username": typed, "password": "sai"}, REMOTE_ADDR="10.0.0.7")
    client = Client()
    response = client.post(
        "/dang-nhap/",
        {"username": "ｄａｎｔｉｅｎ", "password": DEMO_PASSWORD},
        REMOTE_ADDR="10.0.0.7",
    )
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_admin_sites_sign_in_is_throttled_too() -> None:
    """The admin site's own sign-in page took any number of guesses at an administrator's
    password (30 wrong, then the right one signed in): a way around the lock."""
    for i in range(5):
        Client().post("/quan-tri/login/", {"username": "quantri", "password": f"sai{i}"})
    client = Client()
    response = client.post(
        "/quan-tri/login/?next=/quan-tri/", {"username": "quantri", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 200
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # and failures on one page count on the other
    assert (
        "Đăng nhập sai quá nhiều lần"
        in Client()
        .post("/dang-nhap/", {"username": "quantri", "password": DEMO_PASSWORD})
        .content.decode()
    )
