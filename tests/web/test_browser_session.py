"""Real browser: a session signed out for being left idle while the year's form is open. Typing
then re-scores nothing and the score panel says why (the sign-in page is never drawn inside the
panel); saving leads to the sign-in page, which says why, and signing in leads back to the
year's page with what was typed filled in again."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore

from parscore.web.demo import DEMO_PASSWORD
from parscore.web.expired import EXPIRED_KEPT
from parscore.web.idle import LAST_SEEN

from . import test_browser
from .test_browser import _login, _page, _shot

browser = test_browser.browser  # the same fixtures: one Chromium per module
site = test_browser.site

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

YEAR = "/xa/dan-tien/2025/"
ENDED = "Phiên đăng nhập đã kết thúc vì không có thao tác nào trong 2 giờ"


def _leave_idle(page: Any, hours: float) -> None:
    """As if the browser had made no request for ``hours``."""
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session[LAST_SEEN] = int(time.time() - hours * 3600)
    session.save()


def test_the_live_score_after_an_idle_sign_out_says_so_and_saving_signs_in_again(
    browser: Any, site: str
) -> None:
    page = _page(browser)
    _login(page, site, "dantien")
    page.goto(site + YEAR)
    assert page.locator("#total-score").inner_text() == "86,79"
    _leave_idle(page, 3)
    page.fill("#m-plan_tasks_done", "42")
    panel = page.locator("#score-panel")
    panel.get_by_text(ENDED).wait_for()
    assert "chưa được lưu" in panel.inner_text()
    assert panel.locator("input, form, header").count() == 0  # no sign-in page inside
    assert page.locator("#total-score").count() == 0  # no stale total shown as current
    assert page.url == site + YEAR and page.input_value("#m-plan_tasks_done") == "42"
    _shot(page, "30-het-phien-diem-truc-tiep")
    page.click(".save-bar button")
    page.wait_for_url(f"{site}/dang-nhap/?next=*")
    # the live score signed the session out: now it is a session that has expired
    assert EXPIRED_KEPT in page.locator(".messages").inner_text()
    page.fill("#id_username", "dantien")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(site + YEAR)
    assert page.input_value("#m-plan_tasks_done") == "42"  # filled in again, not yet saved
