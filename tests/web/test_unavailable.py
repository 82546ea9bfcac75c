"""A database that cannot be used while the server runs: a Vietnamese page (503, Retry-After)
saying the action was not done, logged; any other server error a Vietnamese 500 page."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

from .conftest import login

YEAR = "/xa/dan-tien/2025/"


@pytest.mark.django_db
@pytest.mark.parametrize("why", ["database is locked", "server closed the connection"])
def test_a_database_that_cannot_be_used_is_said_so(why: str) -> None:
    client = login("staff")
    client.raise_request_exception = False
    assert client.get(YEAR).status_code == 200
    with (
        mock.patch.object(CursorWrapper, "execute", side_effect=OperationalError(why)),
        mock.patch("django.core.handlers.exception.log_response") as logged,
    ):
        response = client.post(YEAR + "luu/", {"m-plan_tasks_done": "42"})
    page = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Cơ sở dữ liệu tạm thời không dùng được" in page
    assert "việc bạn vừa làm\nchưa được thực hiện" in page and "Server Error" not in page
    assert logged.called  # the administrator sees it in the log, with its traceback


@pytest.mark.django_db
def test_any_other_server_error_is_a_vietnamese_page() -> None:
    client = login("staff")
    client.raise_request_exception = False
    with mock.patch("parscore.web.views.assessment.load_assessment", side_effect=RuntimeError):
        response = client.post(YEAR + "luu/", {"m-plan_tasks_done": "42"})
    page = response.content.decode()
    assert response.status_code == 500 and "Hệ thống gặp lỗi khi xử lý trang này" in page
    assert "Server Error" not in page and "báo cho quản trị hệ thống" in page
