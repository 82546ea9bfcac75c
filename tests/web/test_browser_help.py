"""Real browser, the help page (/huong-dan/) on a computer and on a phone (390 px): reached from
the menu, the reader's own role open, and every section, opened, as wide as the screen."""

from __future__ import annotations

from typing import Any

import pytest

from . import test_browser
from .test_browser import _login, _page, _shot

browser = test_browser.browser  # the same fixtures: one Chromium per module
site = test_browser.site

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = 390
# how far the page reaches past the screen's right edge (0: nothing to scroll sideways)
SPILL = "document.documentElement.scrollWidth - innerWidth"


@pytest.mark.parametrize("width", [1366, PHONE])
def test_the_help_is_one_click_away_and_fits_the_screen(
    browser: Any, site: str, width: int
) -> None:
    page = _page(browser, width=width)
    _login(page, site, "dantien")
    page.click("#menu-huong-dan")
    page.wait_for_url(f"{site}/huong-dan/")
    own = page.locator("details.own")
    assert own.count() == 1 and own.get_attribute("id") == "vai-tro-xa"
    assert own.locator("ol").is_visible()  # open: the steps are read without a click
    assert not page.locator("#vai-tro-tinh ol").is_visible()  # the others folded
    _shot(page, f"h1-huong-dan-{width}", full=True)
    assert page.evaluate(SPILL) <= 0
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.evaluate(SPILL) <= 0  # every section opened: still the screen's width


def test_the_help_is_readable_before_signing_in(browser: Any, site: str) -> None:
    page = _page(browser, width=PHONE)
    page.goto(f"{site}/dang-nhap/")
    page.click("text=Hướng dẫn sử dụng")
    page.wait_for_url(f"{site}/huong-dan/")
    assert page.locator("details[open]").count() == 0
    page.click("#vai-tro-hoi-dong summary")
    assert page.locator("#vai-tro-hoi-dong ol").is_visible()
    assert page.evaluate(SPILL) <= 0
    _shot(page, "h2-huong-dan-chua-dang-nhap-390", full=True)
