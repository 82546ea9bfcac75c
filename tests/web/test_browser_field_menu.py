"""Real browser: the menu of fields (lĩnh vực) of the year's page and of the council's round, on a
phone (390 px) and on a desktop (held at the top of the screen on both), with and without
JavaScript; the council's notes as boxes of
several lines that grow with what is typed."""

from __future__ import annotations

from typing import Any

import pytest

from . import test_browser
from .test_browser import _login, _page, _shot
from .test_browser_phone import _phone

browser = test_browser.browser  # the same fixtures: one Chromium per module
site = test_browser.site

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

YEAR = "/xa/dan-tien/2025/"
ROUND_1 = "/xa/tong-hop-0002/2025/tham-dinh/"
PHONE = 390


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def _lands_below_the_menu(page: Any, target: str) -> None:
    """The field jumped to is on the screen, its heading under the menu (not hidden by it), the
    menu still at the top of the screen, the page no wider than the phone."""
    menu, head = _box(page, "nav.field-nav"), _box(page, target)
    height = page.viewport_size["height"]
    assert -1 <= menu["y"] <= 20, menu
    assert menu["y"] + menu["height"] <= head["y"] + 1 < height, (menu, head)
    widths = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1], widths


def test_on_a_phone_the_year_s_fields_are_a_tap_away_and_the_score_stays(
    browser: Any, site: str
) -> None:
    page = _phone(browser)
    _login(page, site, "dantien")
    page.goto(site + YEAR)
    menu = page.get_by_role("navigation", name="Đến lĩnh vực")
    assert menu.count() == 1
    # one line, a finger high: not a block of the screen
    assert _box(page, "nav.field-nav")["height"] < 80
    _shot(page, "f1-linh-vuc-dien-thoai")
    # far down the form: a field's link, read with its name and points
    link = menu.get_by_role("link", name="7 Xây dựng và phát triển chính quyền điện tử")
    assert "/21,75 điểm" in (link.text_content() or "")
    link.click()
    page.wait_for_function("location.hash === '#linh-vuc-7'")
    _lands_below_the_menu(page, "#linh-vuc-7 h2")
    bar = _box(page, "#bar-score")  # the total in the save bar, still on the screen
    assert bar["y"] + bar["height"] <= page.viewport_size["height"]
    _shot(page, "f2-linh-vuc-7-dien-thoai")
    # the keyboard: a link of the menu, Enter, then Tab goes on inside that field
    menu.get_by_role("link").nth(2).focus()
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#linh-vuc-4'")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('#linh-vuc-4')")
    # the live score: the field's points in the menu follow what is typed
    assert page.inner_text("#lv-1").startswith("11,25/13,75")
    page.fill("#m-plan_tasks_done", "42")
    page.wait_for_function("document.querySelector('#lv-1').innerText.startsWith('12,5/13,75')")
    assert page.inner_text("#bar-score").startswith("Điểm (chưa lưu): 88,05")


def test_without_javascript_the_menu_still_jumps(browser: Any, site: str) -> None:
    context = browser.new_context(
        viewport={"width": PHONE, "height": 844}, locale="vi-VN", java_script_enabled=False
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    _login(page, site, "tinh")
    page.goto(site + YEAR)
    # no save bar for a viewer: the total is first in the menu, on the screen before any scroll
    total = _box(page, "nav.field-nav a[href='#score-panel']")
    assert total["x"] + total["width"] <= PHONE
    page.locator("nav.field-nav a[href='#linh-vuc-8']").click()
    page.wait_for_url("**#linh-vuc-8")
    _lands_below_the_menu(page, "#linh-vuc-8 h2")
    score = page.locator("nav.field-nav a[href='#score-panel']")
    assert score.inner_text() == "Điểm: 86,79/100"
    score.click()
    page.wait_for_url("**#score-panel")
    assert page.locator("#total-score").is_visible()


def test_on_a_desktop_the_menu_is_a_short_block_held_at_the_top(browser: Any, site: str) -> None:
    """A laptop's screen (1366 x 768): the menu scrolled away with the top of the form, so a
    long field was read without it."""
    page = _page(browser)
    page.set_viewport_size({"width": 1366, "height": 768})
    _login(page, site, "dantien")
    page.goto(site + YEAR)
    menu = _box(page, "nav.field-nav")
    assert menu["height"] < 100  # every field on three short lines, nothing scrolled
    for link in page.locator("nav.field-nav a").all():
        box = link.bounding_box()
        assert box is not None and box["x"] + box["width"] <= menu["x"] + menu["width"]
    assert page.locator("nav.field-nav .fn-score").is_hidden()  # the panel is beside the form
    panel = _box(page, "#score-panel")
    assert panel["y"] < 400  # the score where it was, beside the form's top
    form = _box(page, "#metrics")
    assert menu["y"] + menu["height"] <= form["y"]  # above the form, over nothing
    _shot(page, "f3-linh-vuc-may-tinh")
    # far down a long field: the menu still at the top of the screen, the field marked
    for _ in range(6):
        page.mouse.wheel(0, 700)
        page.wait_for_timeout(100)
        held = _box(page, "nav.field-nav")
        assert -1 <= held["y"] <= held["y"] + held["height"] <= 120, held
    assert page.evaluate("scrollY") > 3000
    page.wait_for_selector("nav.field-nav a[aria-current]")
    # beside the score panel, not over it
    assert held["x"] + held["width"] <= _box(page, "#score-panel")["x"]
    _shot(page, "f3b-linh-vuc-may-tinh-cuon")
    # a field jumped to lands under it
    page.locator("nav.field-nav a[href='#linh-vuc-7']").click()
    page.wait_for_function("location.hash === '#linh-vuc-7'")
    _lands_below_the_menu(page, "#linh-vuc-7 h2")
    # on paper: where it was, above the form
    page.emulate_media(media="print")
    position = "getComputedStyle(document.querySelector('nav.field-nav')).position"
    assert page.evaluate(position) == "static"
    page.emulate_media(media="screen")
    # a window too low to spare the lines: above the form, as before
    page.set_viewport_size({"width": 1366, "height": 560})
    assert page.evaluate(position) == "static"


def test_on_a_narrower_desktop_a_field_jumped_to_lands_under_the_menu_s_real_height(
    browser: Any, site: str
) -> None:
    """The room left above a field jumped to was a fixed 6,6rem, the menu's height on a laptop:
    a narrower window (or a pack of more fields) wraps the menu to more lines, and the field's
    top, then its heading, went under it. The room now follows the menu as drawn."""
    page = _page(browser, width=1101)
    _login(page, site, "dantien")
    page.goto(site + YEAR)
    laptop = 84  # the menu's height at 1366 px: three lines
    assert _box(page, "nav.field-nav")["height"] > laptop + 20  # four lines here
    page.locator("nav.field-nav a[href='#linh-vuc-7']").click()
    page.wait_for_function("location.hash === '#linh-vuc-7'")
    _lands_below_the_menu(page, "#linh-vuc-7")  # the field's box, its top edge too
    _lands_below_the_menu(page, "#linh-vuc-7 h2")
    _shot(page, "f3c-linh-vuc-may-tinh-hep")
    # a pack of twice as many fields: the menu's lines double, the room follows
    page.evaluate(
        """() => { const list = document.querySelector('nav.field-nav ol');
        [...list.children].forEach(li => list.appendChild(li.cloneNode(true))); }"""
    )
    page.wait_for_function(
        "parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop)"
        " > document.querySelector('nav.field-nav').getBoundingClientRect().height"
    )
    assert _box(page, "nav.field-nav")["height"] > 180
    page.locator("nav.field-nav a[href='#linh-vuc-4']").first.click()
    page.wait_for_function("location.hash === '#linh-vuc-4'")
    _lands_below_the_menu(page, "#linh-vuc-4 h2")
    # back to a laptop's width: the room shrinks with the menu, nothing left in between
    page.evaluate("location.hash = ''")
    page.set_viewport_size({"width": 1366, "height": 800})
    page.reload()
    page.locator("nav.field-nav a[href='#linh-vuc-7']").click()
    page.wait_for_function("location.hash === '#linh-vuc-7'")
    menu, field = _box(page, "nav.field-nav"), _box(page, "#linh-vuc-7")
    assert 0 <= field["y"] - (menu["y"] + menu["height"]) <= 20, (menu, field)


def test_on_a_phone_the_round_s_fields_are_a_tap_away(browser: Any, site: str) -> None:
    page = _phone(browser)
    _login(page, site, "hoidong")
    page.goto(site + ROUND_1)
    menu = page.get_by_role("navigation", name="Đến lĩnh vực")
    link = menu.get_by_role("link", name="6 Cải cách tài chính công")
    assert "đã chấm 0/9 tiêu chí, vòng 1" in (link.text_content() or "")
    link.click()
    page.wait_for_function("location.hash === '#linh-vuc-6'")
    _lands_below_the_menu(page, "#linh-vuc-6")
    _shot(page, "f4-tham-dinh-linh-vuc-dien-thoai")


def test_on_a_phone_a_note_is_a_box_of_lines_growing_with_what_is_typed(
    browser: Any, site: str
) -> None:
    """A note is a sentence or a few: a one-line input showed a few words of it at a time."""
    page = _phone(browser)
    _login(page, site, "hoidong")
    page.goto(site + ROUND_1)
    # a box of two lines, growing with what is typed, up to ten lines then scrolling
    note = page.locator("textarea[name='n-6.1.1']")
    note.scroll_into_view_if_needed()
    empty = note.bounding_box()
    assert empty is not None and empty["x"] + empty["width"] <= PHONE
    note.fill("Thiếu quyết định giao dự toán.\nĐề nghị xã bổ sung.\nĐã nhắc lần 2.\nHạn 15/01.")
    grown = note.bounding_box()
    assert grown is not None and grown["height"] > 1.6 * empty["height"], (empty, grown)
    note.fill("\n".join(f"Dòng {n}" for n in range(30)))
    tall = note.bounding_box()
    assert tall is not None and tall["height"] < 6 * empty["height"], (empty, tall)
    assert note.evaluate("e => e.scrollHeight > e.clientHeight")  # the rest scrolls inside
    # Enter is a new line in a note, not a save
    note.fill("Dòng một")
    note.press("End")
    note.press("Enter")
    note.type("Dòng hai")
    assert note.input_value() == "Dòng một\nDòng hai"
    assert page.url == site + ROUND_1
    _shot(page, "f5-ghi-chu-dien-thoai")
    page.get_by_role("button", name="Lưu điểm thẩm định").click()
    page.wait_for_selector(".messages .success")
    from parscore.web.models import AppraisedPoint

    saved = AppraisedPoint.objects.get(
        assessment__commune__slug="tong-hop-0002", round=1, code="6.1.1"
    )
    assert saved.note == "Dòng một\nDòng hai"
