"""Real browser on a phone (390 px): the reasons the commune types (why a criterion does not
apply, why a bonus item is proposed) are boxes of several lines growing with what is typed, as
the council's notes are (by a script where the browser's CSS cannot); the menu of fields (lĩnh
vực) marks the field being read."""

from __future__ import annotations

from typing import Any

import pytest

from parscore.web.models import Assessment, NotApplicable, ProposedAdjustment
from parscore.web.packs import freeze_pack

from ..conftest import DATA
from ..page_scripts import WITHOUT_FIELD_SIZING
from . import test_browser
from .test_browser import _login, _shot
from .test_browser_phone import _phone

browser = test_browser.browser  # the same fixtures: one Chromium per module
site = test_browser.site

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

YEAR = "/xa/dan-tien/2025/"
ROUND_1 = "/xa/tong-hop-0002/2025/tham-dinh/"
PHONE = 390
MARKED = "document.querySelector('nav.field-nav a[aria-current]')"


def _grows(page: Any, box: Any) -> None:
    """Two lines empty, on the screen's width; taller with four lines; ten lines at most, the
    rest scrolling inside; Enter is a new line (the form is not sent)."""
    box.scroll_into_view_if_needed()
    box.fill("")
    empty = box.bounding_box()
    assert empty is not None and empty["x"] >= 0 and empty["x"] + empty["width"] <= PHONE, empty
    box.fill("Dòng một.\nDòng hai.\nDòng ba.\nDòng bốn.")
    grown = box.bounding_box()
    assert grown is not None and grown["height"] > 1.6 * empty["height"], (empty, grown)
    box.fill("\n".join(f"Dòng {n}" for n in range(30)))
    tall = box.bounding_box()
    assert tall is not None and tall["height"] < 6 * empty["height"], (empty, tall)
    assert box.evaluate("e => e.scrollHeight > e.clientHeight")
    url = page.url
    box.fill("Dòng một")
    box.press("End")
    box.press("Enter")
    box.type("Dòng hai")
    assert box.input_value() == "Dòng một\nDòng hai"
    assert page.url == url
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE


def test_on_a_phone_a_not_applicable_reason_is_a_box_of_lines(browser: Any, site: str) -> None:
    page = _phone(browser)
    _login(page, site, "dantien")
    page.goto(site + YEAR)
    reason = page.locator("textarea#na-3\\.2\\.1")
    assert page.get_by_label("Không áp dụng tiêu chí 3.2.1 – lý do").count() == 1
    _grows(page, reason)
    _shot(page, "r1-ly-do-khong-ap-dung-dien-thoai")
    page.get_by_role("button", name="Lưu số liệu").click()
    page.wait_for_selector(".messages .success")
    saved = NotApplicable.objects.get(assessment__commune__slug="dan-tien", code="3.2.1")
    assert saved.reason == "Dòng một\nDòng hai"
    assert page.locator("textarea#na-3\\.2\\.1").input_value() == "Dòng một\nDòng hai"


def test_on_a_phone_a_bonus_reason_is_a_box_of_lines(browser: Any, site: str) -> None:
    a = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    a.pack = freeze_pack(DATA / "bonus" / "pack.yaml")
    a.status = Assessment.DRAFT
    a.save(update_fields=["pack", "status"])
    page = _phone(browser)
    _login(page, site, "dantien")
    page.goto(site + YEAR + "giai-trinh/")
    reason = page.locator("textarea[aria-label='Lý do T1']")
    _grows(page, reason)
    button = page.locator("form:has(textarea[aria-label='Lý do T1']) button")
    box = button.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE, box
    button.click()
    page.wait_for_selector(".messages .success")
    assert ProposedAdjustment.objects.get(assessment=a, code="T1").reason == "Dòng một\nDòng hai"
    shown = page.locator("#thuong-tru td[data-label='Đề nghị']").first.inner_text()
    assert shown.startswith("Dòng một\nDòng hai")  # read as lines
    page.locator("#thuong-tru h2").evaluate("e => e.scrollIntoView({block: 'start'})")
    _shot(page, "r2-ly-do-diem-thuong-dien-thoai")


def _marked(page: Any) -> str:
    return str(page.evaluate(f"{MARKED} && {MARKED}.getAttribute('href')"))


def test_on_a_phone_the_menu_marks_the_field_being_read(browser: Any, site: str) -> None:
    page = _phone(browser)
    _login(page, site, "dantien")
    page.goto(site + YEAR)
    menu = page.locator("nav.field-nav")
    # a field jumped to from the menu: its link marked, in view in the menu's line
    menu.locator("a[href='#linh-vuc-7']").click()
    page.wait_for_function(f"{MARKED} && {MARKED}.getAttribute('href') === '#linh-vuc-7'")
    link = menu.locator("a[aria-current='location']")
    assert link.count() == 1
    box, line = link.bounding_box(), menu.locator("ol").bounding_box()
    assert box is not None and line is not None
    assert line["x"] <= box["x"] and box["x"] + box["width"] <= line["x"] + line["width"] + 1
    other = menu.locator("a[href='#linh-vuc-6']")
    colours = [e.evaluate("e => getComputedStyle(e).backgroundColor") for e in (link, other)]
    assert colours[0] != colours[1], colours  # seen, not only read out
    _shot(page, "r3-linh-vuc-dang-doc-dien-thoai")
    # scrolled by hand back to a criterion of field 4: the mark follows
    page.locator("#tc-4\\.2\\.1").evaluate("e => e.scrollIntoView({block: 'center'})")
    page.wait_for_function(f"{MARKED} && {MARKED}.getAttribute('href') === '#linh-vuc-4'")
    assert menu.locator("a[aria-current]").count() == 1
    box = menu.locator("a[aria-current]").bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE
    # past the form (the documents): no field marked
    page.locator("#tai-lieu").evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_function(f"!{MARKED}")
    # the council's round: a field is its heading row and the rows under it
    council = _phone(browser)
    _login(council, site, "hoidong")
    council.goto(site + ROUND_1)
    council.locator("textarea[name='n-6.1.1']").evaluate("e => e.scrollIntoView({block: 'center'})")
    council.wait_for_function(f"{MARKED} && {MARKED}.getAttribute('href') === '#linh-vuc-6'")
    assert _marked(council) == "#linh-vuc-6"


def test_without_css_field_sizing_a_script_grows_the_boxes(browser: Any, site: str) -> None:
    """Firefox and an older Safari do not size a box by its text: the page's script does, as
    the text is typed and for a note of several lines already stored."""
    page = _phone(browser)
    page.context.add_init_script(WITHOUT_FIELD_SIZING)
    _login(page, site, "hoidong")
    page.goto(site + ROUND_1)
    assert (
        page.evaluate("getComputedStyle(document.querySelector('textarea.lines')).fieldSizing")
        == "fixed"
    )
    assert page.evaluate("!CSS.supports('field-sizing', 'content')")
    note = page.locator("textarea[name='n-6.1.1']")
    _grows(page, note)
    note.fill("Dòng một\nDòng hai\nDòng ba\nDòng bốn\nDòng năm")
    page.get_by_role("button", name="Lưu điểm thẩm định").click()
    page.wait_for_selector(".messages .success")
    stored, empty = (
        page.locator("textarea[name='n-6.1.1']"),
        page.locator("textarea[name='n-6.1.2']"),
    )
    heights = [b.evaluate("e => e.getBoundingClientRect().height") for b in (stored, empty)]
    assert heights[0] > 2 * heights[1], heights  # the five lines shown whole on load
