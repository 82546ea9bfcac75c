"""Real browser, the first hour of commune staff working with the keyboard alone: a refused save
takes them to what went wrong and from there to the field."""

from __future__ import annotations

from typing import Any

import pytest

from . import test_browser
from .test_browser import _login, _page, _shot

browser = test_browser.browser  # the same fixtures: one Chromium per module
site = test_browser.site

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

YEAR = "/xa/dan-tien/2025/"
IN_VIEW = """id => { const e = document.getElementById(id), r = e.getBoundingClientRect(),
  bar = document.querySelector('.save-bar'), top = bar ? bar.getBoundingClientRect().top
  : innerHeight; return r.top >= 0 && r.bottom <= top; }"""


@pytest.mark.parametrize("width", [1366, 390])
def test_a_refused_save_brings_the_keyboard_to_the_problem_and_on_to_its_field(
    browser: Any, site: str, width: int
) -> None:
    """A wrong value far down the form, Enter: the page came back with the cursor nowhere (a
    keyboard or screen-reader user started again from the top of a form metres long, with two
    boxes saying the same), and nothing led to the field."""
    page = _page(browser, width=width)
    _login(page, site, "dantien")
    page.goto(site + YEAR)
    field = "m-website_missing_items"
    page.fill(f"#{field}", "nhiều")
    with page.expect_navigation():
        page.press(f"#{field}", "Enter")
    assert page.evaluate("document.activeElement.id") == "o-chua-luu"
    assert page.evaluate(IN_VIEW, "o-chua-luu")
    # the browser's own autofocus may come after "load", or not at all (a "#…" in the address):
    # the cursor then goes where the page's autofocus says, not to the field past the list
    page.evaluate("document.activeElement.blur(); window.dispatchEvent(new Event('load'))")
    assert page.evaluate("document.activeElement.id") == "o-chua-luu"
    summary = page.locator("#o-chua-luu")
    assert summary.get_attribute("role") == "alert"
    assert "1 ô chưa hợp lệ" in summary.inner_text()
    assert page.locator(".messages .error").count() == 0  # said once, not twice
    link = summary.locator(f"a[href='#{field}']")
    assert "Cần một số" in summary.inner_text() and link.count() == 1
    assert "website_missing_items" not in summary.inner_text()  # the label, not the key
    _shot(page, f"13-loi-luu-ban-phim-{width}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == f"#{field}"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == field
    assert page.evaluate(IN_VIEW, field)
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Đã lưu" in page.locator(".messages").inner_text()


def test_on_a_phone_the_plans_tasks_read_as_sentences(browser: Any, site: str) -> None:
    """The plan's table scrolls sideways on a phone, yet its criterion, task and lead agency
    were squeezed to a word a line: «Bổ sung Báo cáo số lượng, …» stood on 22 lines."""
    page = _page(browser, width=390)
    _login(page, site, "dantien")
    page.goto(site + YEAR + "ke-hoach/")
    table = page.locator("table.grid").first  # the tasks
    assert "Việc cần làm" in table.locator("thead").inner_text()
    cells = table.locator(  # criterion, task, lead agency
        "tbody td:nth-child(2), tbody td:nth-child(3), tbody td:nth-child(7)"
    )
    assert cells.count() >= 2
    widths = cells.evaluate_all("cs => cs.map(c => c.getBoundingClientRect().width)")
    assert min(widths) >= 200, widths  # lines of words
    rows = table.locator("tbody tr").evaluate_all(
        "rs => rs.map(r => r.getBoundingClientRect().height)"
    )
    assert max(rows) < 250, rows  # a task of a few lines (it was over 450 px tall)
    table.scroll_into_view_if_needed()
    _shot(page, "14-ke-hoach-dien-thoai")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_criterions_upload_link_opens_the_upload_form_ready(
    browser: Any, site: str, width: int
) -> None:
    """«Tải lên tài liệu» beside a criterion opened the top of the documents' list: with a year's
    twenty documents the form was screens below, and the cursor nowhere."""
    page = _page(browser, width=width)
    _login(page, site, "dantien")
    page.goto(site + YEAR)
    link = page.locator("#tc-3\\.1\\.6 a.upload-link")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "file"
    assert page.evaluate(
        "() => { const r = document.querySelector('.upload-form').getBoundingClientRect();"
        " return r.top >= 0 && r.top < innerHeight / 2; }"
    )
    assert page.locator("#tai-len").inner_text() == "Tải lên tài liệu cho tiêu chí 3.1.6"
    chosen = page.locator("input[name=supports]:checked")
    assert chosen.evaluate_all("bs => bs.map(b => b.value)") == ["3.1.6"]
    assert chosen.evaluate(  # the box of criteria scrolled to it
        """b => { const r = b.getBoundingClientRect(),
          box = b.closest('.check-list').getBoundingClientRect();
          return r.top >= box.top && r.bottom <= box.bottom; }"""
    )


@pytest.mark.parametrize("path", ["/", YEAR, YEAR + "ke-hoach/"])
def test_the_first_tab_offers_to_skip_the_menu(browser: Any, site: str, path: str) -> None:
    """A keyboard user went through the menu, the sign-out and a dozen links of the toolbar on
    every page before the first field: the first Tab now offers to skip to the content."""
    page = _page(browser)
    _login(page, site, "dantien")
    page.goto(site + path)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate(
        "document.activeElement.getBoundingClientRect().top >= 0"
    )  # shown when it has the cursor
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_a_wrong_password_leaves_the_cursor_in_the_password_said_why(
    browser: Any, site: str
) -> None:
    """After a wrong password the cursor went back to the name (already filled in), and the
    refusal was a box a screen reader did not read: typing the password again meant going
    back to the name field and on."""
    page = _page(browser, width=390)
    page.goto(site + "/dang-nhap/")
    page.keyboard.type("dantien")
    page.keyboard.press("Tab")
    page.keyboard.type("sai-mat-khau")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_password"
    error = page.locator("#loi-dang-nhap")
    assert error.get_attribute("role") == "alert"
    assert "không đúng" in error.inner_text()
    assert page.get_attribute("#id_password", "aria-describedby") == "loi-dang-nhap"
    page.keyboard.type("parscore-demo")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site + "/"


def test_the_live_score_is_read_out_where_a_screen_reader_listens(browser: Any, site: str) -> None:
    """The panel marked to be read out is drawn anew at each change, so a screen reader heard
    nothing while the score moved: a status region that stays now says the new total."""
    page = _page(browser)
    _login(page, site, "dantien")
    page.goto(site + YEAR)
    status = page.locator("#diem-doc")
    assert status.get_attribute("role") == "status" and status.inner_text() == ""
    page.fill("#m-plan_tasks_done", "42")
    page.wait_for_function("document.querySelector('#total-score').innerText === '88,05'")
    page.wait_for_function("document.querySelector('#diem-doc').textContent !== ''")
    assert status.text_content() == (
        "Điểm tính từ số liệu (chưa lưu): 88,05 trên 100, xếp loại Tốt; mục tiêu 90: còn thiếu"
        " 1,95 điểm."
    )
    page.fill("#m-plan_tasks_done", "nhiều")
    page.wait_for_function("document.querySelector('#diem-doc').textContent.includes('ô chưa')")
