"""Real browser: an auditor compares the packs of two years and sees a commune's drift."""

from __future__ import annotations

from typing import Any

import pytest

from ..page_scripts import FOLDED_SHOWN
from . import test_browser
from .test_browser import _login, _page, _shot

browser = test_browser.browser  # the same fixtures: one Chromium per module
site = test_browser.site

# how many lines of text each element's text takes (a range over its text, not its box)
LINES = """els => els.map(e => {
  const range = document.createRange(); range.selectNodeContents(e);
  return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; })"""

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_auditor_opens_the_comparison_and_sees_a_communes_drift(browser: Any, site: str) -> None:
    page = _page(browser)
    _login(page, site, "thamdinh")
    page.goto(f"{site}/tinh/thai-nguyen/2025/")
    page.click("#kiem-tra a:has-text('So sánh gói quy tắc')")
    page.wait_for_selector("#drift")
    row = page.locator("#drift-dan-tien")
    assert row.locator("td").nth(1).inner_text() == "63,94"  # 2024 rules
    assert row.locator("td").nth(2).inner_text() == "86,79"  # 2025 rules: the page's own score
    assert row.locator("td").nth(3).inner_text() == "+22,85"
    _shot(page, "20-so-sanh-goi")
    row.locator("a").click()
    assert page.locator("#chi-tiet-dan-tien").is_visible()
    page.goto(f"{site}/tinh/thai-nguyen/2025/doi-soat/")
    assert "Tổng hợp 0001" in page.locator("#reconciliation").inner_text()
    # a commune's name reads on one line (it was squeezed to a word a line by the headings)
    names = page.locator("#reconciliation td.commune-name a")
    assert names.count() == 8
    assert names.evaluate_all("links => links.map(a => a.getClientRects().length)") == [1] * 8
    rows = page.locator("#reconciliation tbody tr").evaluate_all(
        "rows => rows.map(r => r.getBoundingClientRect().height)"
    )
    # a state («Đã có kết quả thẩm định») on two lines at most, not five: a row of two lines is
    # less than twice a row of one (the cells' padding is counted once)
    assert max(rows) < 2 * min(rows)
    _shot(page, "21-doi-soat")


def test_on_a_phone_the_criteria_that_moved_read_a_line_each(browser: Any, site: str) -> None:
    """The drift table scrolls sideways on a phone, yet its last column («Tiêu chí thay đổi nhiều
    nhất») was squeezed to a few letters: «4.2.1 → 4.2.3: −3,13» stood on four lines, a change
    of band on four, and each commune's row was ten lines tall."""
    page = _page(browser, width=390)
    _login(page, site, "thamdinh")
    page.goto(f"{site}/tinh/thai-nguyen/so-sanh-goi/?tu=2023&den=2025")
    page.wait_for_selector("#drift")
    movers = page.locator("#drift td.movers span")
    assert movers.count() > 0
    assert movers.evaluate_all("s => s.map(e => e.getClientRects().length)") == [1] * movers.count()
    line = page.locator("#drift td.commune-name a").first.bounding_box()  # one line of text
    rows = page.locator("#drift tbody tr").evaluate_all(
        "rows => rows.map(r => r.getBoundingClientRect().height)"
    )
    assert line is not None and rows
    # two lines at most and the cells' padding («Trung bình → Tốt» on one line), not four or ten
    assert max(rows) < 4.5 * line["height"], (rows, line)
    page.locator("#drift").scroll_into_view_if_needed()
    _shot(page, "21-so-sanh-goi-dien-thoai")


def test_on_a_desktop_the_drift_table_fits_and_its_headers_read_a_line(
    browser: Any, site: str
) -> None:
    """On a desktop screen the drift table fits without scrolling sideways, a criterion that
    moved a commune most reads a line (its two parts under it when the column is narrow), and a
    field's heading over an empty column is not broken in two («LV» over «2»)."""
    page = _page(browser)
    _login(page, site, "thamdinh")
    page.goto(f"{site}/tinh/thai-nguyen/so-sanh-goi/?tu=2023&den=2025")
    page.wait_for_selector("#drift")
    table = page.locator("#drift")
    assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth")
    headers = page.locator("#drift thead th[title]")
    assert headers.count() == 8
    assert headers.evaluate_all(LINES) == [1] * 8
    movers = page.locator("#drift td.movers .mover")
    assert movers.count() > 0
    assert page.locator("#drift td.movers .moved").evaluate_all(LINES) == [1] * movers.count()
    splits = page.locator("#drift td.movers .split")
    assert splits.count() > 0 and splits.evaluate_all(LINES) == [1] * splits.count()
    _shot(page, "20-so-sanh-goi-may-tinh")


def test_a_printed_comparison_shows_what_is_folded_on_screen(browser: Any, site: str) -> None:
    """Each commune's detail and the changes that move no score are folded on the page; paper
    cannot be clicked open, so a printed comparison (or its PDF) shows them."""
    page = _page(browser)
    _login(page, site, "thamdinh")
    page.goto(f"{site}/tinh/thai-nguyen/so-sanh-goi/?tu=2024&den=2025")
    page.wait_for_selector("#drift")
    on_screen = page.evaluate(FOLDED_SHOWN)
    assert on_screen and not any(on_screen)
    page.emulate_media(media="print")
    assert page.evaluate(FOLDED_SHOWN) == [True] * len(on_screen)
