"""Real browser, bonus and penalty items (điểm thưởng, điểm trừ) with the test pack
``tests/data/bonus/pack.yaml``: the commune proposes one on a phone, the council accepts it and
the commune's score panel shows what the total includes."""

from __future__ import annotations

from typing import Any

import pytest

from parscore.web.models import Assessment
from parscore.web.packs import freeze_pack

from ..conftest import DATA
from . import test_browser
from .test_browser import _login, _page, _shot

browser = test_browser.browser  # the same fixtures: one Chromium per module
site = test_browser.site

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = 390
YEAR = "/xa/dan-tien/2025/"


def test_a_bonus_is_proposed_on_a_phone_and_shown_in_the_panel(browser: Any, site: str) -> None:
    """On a phone the items' table is a list of labelled blocks: the reason field and its button
    are on the screen (they were in a column past its right edge, inside a scrolling table)."""
    a = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    a.pack = freeze_pack(DATA / "bonus" / "pack.yaml")
    a.status = Assessment.DRAFT
    a.save(update_fields=["pack", "status"])
    page = _page(browser, width=PHONE)
    _login(page, site, "dantien")
    page.goto(site + YEAR + "giai-trinh/")
    reason = page.locator("textarea[aria-label='Lý do T1']")
    button = page.locator("form:has(textarea[aria-label='Lý do T1']) button")
    for element in (reason, button):  # where they are, before anything scrolls them into view
        box = element.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE, box
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    reason.fill("Sáng kiến «Tiếp nhận hồ sơ lưu động» được UBND tỉnh công nhận")
    button.click()
    page.wait_for_load_state()
    assert "Đã ghi đề nghị mục “T1”" in page.locator("ul.messages").inner_text()
    _shot(page, "30-dien-thoai-de-nghi-diem-thuong", full=True)
    a.status = Assessment.ROUND_1
    a.save(update_fields=["status"])
    council = _page(browser)
    _login(council, site, "hoidong")
    council.goto(site + YEAR + "tham-dinh/")
    council.select_option("select[aria-label='Quyết định T1']", "accepted")
    council.click("form:has(select[aria-label='Quyết định T1']) button")
    council.wait_for_load_state()
    assert "+1,5 / −0" in council.locator("#theo-buoc").inner_text()
    page.goto(site + YEAR)
    row = page.locator("#thuong-tru-diem").inner_text()
    assert "86,79 + 1,5 − 0 = 88,29" in row and "+1,5 / −0" in row
