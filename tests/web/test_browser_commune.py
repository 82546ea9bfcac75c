"""Real browser, the commune's own year page as its staff meet it on a phone (390 px wide)."""

from __future__ import annotations

from typing import Any

import pytest

from . import test_browser
from .test_browser import _login, _page, _shot

browser = test_browser.browser  # the same fixtures: one Chromium per module
site = test_browser.site

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = 390
YEAR = "/xa/dan-tien/2025/"


def test_a_criterion_title_reads_across_a_phone_screen(browser: Any, site: str) -> None:
    """The points and state go below a criterion's title on a phone, not beside it (which left
    the title a column of one or two words a line)."""
    page = _page(browser, width=PHONE)
    _login(page, site, "dantien")
    page.goto(site + YEAR)
    widths = page.evaluate(
        "Array.from(document.querySelectorAll('.leaf .title'), e => e.getBoundingClientRect().width)"
    )
    assert widths and min(widths) >= 0.6 * PHONE, min(widths)
    page.locator("#tc-1\\.2").scroll_into_view_if_needed()
    _shot(page, "12-dien-thoai-tieu-chi")


def test_the_live_total_stays_in_view_on_a_phone(browser: Any, site: str) -> None:
    """On a phone the score panel is below a form tens of thousands of pixels long: the save bar
    carries the total, re-scored as the official types (and says it is not saved yet)."""
    page = _page(browser, width=PHONE)
    _login(page, site, "dantien")
    page.goto(site + YEAR)
    bar = page.locator(".save-bar #bar-score")
    assert bar.inner_text() == "Điểm: 86,79/100 · Tốt"
    assert not page.locator(".save-bar .bar-hint").is_visible()  # "the score on the right"
    page.fill("#m-website_missing_items", "0")  # far down the form
    page.wait_for_function(
        "document.querySelector('#bar-score').innerText.includes('chưa lưu')"
        " && document.querySelector('#total-score').innerText === '87,3'"
    )
    assert bar.inner_text() == "Điểm (chưa lưu): 87,3/100 · Tốt"
    box = bar.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 800
    _shot(page, "13-dien-thoai-diem-truc-tiep")
    # beside the panel (a wide screen) the bar keeps its sentence and no second total
    wide = _page(browser)
    _login(wide, site, "dantien")
    wide.goto(site + YEAR)
    assert not wide.locator("#bar-score").is_visible()
    assert wide.locator(".save-bar .bar-hint").is_visible()
