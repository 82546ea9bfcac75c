"""Real browser, the help page (/huong-dan/) on a computer and on a phone (390 px): reached from
the menu, the reader's own role open, and every section, opened, as wide as the screen."""

from __future__ import annotations

from typing import Any

import pytest

from parscore.web.models import Assessment

from . import test_browser
from .test_browser import _login, _page, _shot
from .test_browser_commune import LOW_CONTRAST

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


def test_each_step_of_a_year_has_its_own_readable_colour(browser: Any, site: str) -> None:
    """Only 'draft' and 'submitted' had a colour: the other steps were the same grey tag. Each
    step now has its own colour, readable (WCAG AA) and the same wherever a step shows."""
    page = _page(browser)
    _login(page, site, "tinh")
    page.goto(f"{site}/huong-dan/")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    tags = page.locator("dl.statuses .tag")
    assert tags.count() == len(Assessment.STATUSES)
    colours = tags.evaluate_all("ts => ts.map(t => getComputedStyle(t).backgroundColor)")
    assert len(set(colours)) == len(colours), colours
    assert "rgb(231, 235, 240)" not in colours  # the plain grey tag of other labels
    assert page.evaluate(LOW_CONTRAST) == []
    _shot(page, "h2-trang-thai", full=True)
    # the same tags in the lists: the communes, the ranking, a commune's years
    for path in ("/", "/tinh/thai-nguyen/2025/", "/xa/dan-tien/"):
        page.goto(site + path)
        shown = page.locator("td .tag").evaluate_all(
            "ts => ts.filter(t => !t.classList.contains('synthetic'))"
            ".map(t => [t.className, getComputedStyle(t).backgroundColor])"
        )
        assert shown, path
        for name, colour in shown:
            if name != "tag":  # a step's tag, not «mới»
                key = name.split()[1]
                assert colour == colours[[k for k, _ in Assessment.STATUSES].index(key)], path
        assert page.evaluate(LOW_CONTRAST) == [], path
    _shot(page, "h3-trang-thai-xa", full=True)
