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
