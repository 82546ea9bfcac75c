"""Real browser, as a phone shows the pages (390 px wide, touch, a pixel ratio of 2): headings,
table headings and the page's header read as lines of words, never a word alone on a line."""

from __future__ import annotations

from typing import Any

import pytest

from . import test_browser
from .test_browser import _login, _shot

browser = test_browser.browser  # the same fixtures: one Chromium per module
site = test_browser.site

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _phone(browser: Any) -> Any:
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
    )
    context.set_default_timeout(20_000)
    return context.new_page()


# the words of each element matching a selector, line by line, as ``[text, [[word, ...], ...]]``
LINES = """sel => Array.from(document.querySelectorAll(sel)).filter(e => e.offsetParent).map(e => {
  const lines = [];
  let top = null;
  const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  for (let n; (n = walk.nextNode());) {
    for (const m of n.data.matchAll(/\\S+/g)) {
      const r = document.createRange();
      r.setStart(n, m.index);
      r.setEnd(n, m.index + m[0].length);
      const box = r.getBoundingClientRect();
      if (!box.width) continue;
      if (top === null || Math.abs(box.top - top) > 4) { lines.push([]); top = box.top; }
      lines[lines.length - 1].push(m[0]);
    }
  }
  return [e.textContent.trim(), lines];
})"""

PAGES = [
    ("dantien", "/"),
    ("dantien", "/xa/dan-tien/2025/"),
    ("dantien", "/xa/dan-tien/2025/ke-hoach/"),
    ("hoidong", "/xa/tong-hop-0004/2025/tham-dinh/"),
    ("tinh", "/tinh/thai-nguyen/2023/"),
    ("tinh", "/tinh/thai-nguyen/2025/doi-soat/"),
    ("tinh", "/tinh/thai-nguyen/so-sanh-goi/"),
]


@pytest.mark.parametrize("user", sorted({u for u, _ in PAGES}))
def test_short_headings_are_not_broken_a_word_a_line_on_a_phone(
    browser: Any, site: str, user: str
) -> None:
    """On a phone «Đăng xuất» stood on two lines, the menu a link a line beside the name (the
    header a third of the screen); table headings of two words («Xếp loại», «Trạng thái»,
    «Vòng 1», «Tự chấm») were a word a line; «năm 2023» ended the ranking's title alone; a
    field's «tối đa 10,5 điểm» broke before «điểm»."""
    page = _phone(browser)
    _login(page, site, user)
    for path in (p for u, p in PAGES if u == user):
        page.goto(site + path)
        header = page.locator("header.top").bounding_box()
        assert header is not None and header["height"] < 150, (path, header)
        for text, lines in page.evaluate(LINES, ".top nav a, .who .link, h2 small, h3 small"):
            assert len(lines) <= 1, (path, text, lines)
        for text, lines in page.evaluate(LINES, "table.grid thead th"):
            if len(text.split()) <= 2:  # one Vietnamese word: never broken
                assert len(lines) <= 1, (path, text, lines)
        for text, lines in page.evaluate(LINES, "table.grid td"):  # «Thẩm định vòng / 1»
            assert ["1"] not in lines[1:] and ["2"] not in lines[1:], (path, text, lines)
        for text, lines in page.evaluate(LINES, "td.step-name"):  # «Thẩm định vòng 1 (chính
            assert len(lines) <= 2, (path, text, lines)  # thức)» stood on six lines
        for text, lines in page.evaluate(LINES, "h1, h2"):
            if len(lines) > 1:
                assert len(lines[-1]) > 1, (path, text, lines)  # no word left alone
    _shot(page, f"p1-tieu-de-dien-thoai-{user}")


# the field that has the cursor, and whether it is on the screen
FOCUSED = """() => { const e = document.activeElement, r = e.getBoundingClientRect();
  return [e.name || e.id, r.top >= 0 && r.bottom <= innerHeight]; }"""


@pytest.mark.parametrize(
    "user, path, field, typed, button",
    [
        ("tinh", "/tinh/thai-nguyen/2025/", "round_1_deadline", "31/02/2026", ".deadlines button"),
        ("hoidong", "/xa/tong-hop-0002/2025/tham-dinh/", "p-8.1.5", "99", ".save-bar .primary"),
        (
            "hoidong",
            "/xa/tong-hop-0004/2025/hop-tham-dinh/",
            "date",
            "32/13/2026",
            ".meeting-form button.primary",
        ),
    ],
)
def test_a_refused_form_puts_the_cursor_in_its_first_wrong_field_on_a_phone(
    browser: Any, site: str, user: str, path: str, field: str, typed: str, button: str
) -> None:
    """The deadlines, the round's points and the meeting came back refused with the cursor
    nowhere and the page at its top: on a phone the wrong field was screens below, a reason at
    the top said to look for red. The first wrong field now has the cursor, on the screen."""
    page = _phone(browser)
    _login(page, site, user)
    page.goto(site + path)
    page.fill(f"[name='{field}']", typed)
    with page.expect_navigation():
        page.locator(button).first.tap()
    page.wait_for_load_state("load")
    assert page.evaluate(FOCUSED) == [field, True]


def test_a_file_over_the_limit_is_refused_before_it_is_sent_and_nothing_typed_is_lost(
    browser: Any, site: str, settings: Any
) -> None:
    """A scan over the limit by more than the server's margin was answered by the server's
    front door with a bare English page («Request Entity Too Large»): the title, the date and
    the criteria typed with it were gone. The browser now says it as the file is chosen, in
    the words the server uses, and does not send the form."""
    settings.PARSCORE_MAX_UPLOAD = 1024 * 1024
    page = _phone(browser)
    _login(page, site, "dantien")
    page.goto(site + "/xa/dan-tien/2025/?tai-lieu-cho=3.1.6#tai-len")
    page.fill("input[name=title]", "Báo cáo quét 600 dpi")
    big = {
        "name": "quet.pdf",
        "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4\n" + b"0" * 1200000,
    }
    page.set_input_files("input[name=file]", big)
    said = page.locator("#upload-file-size")
    assert said.inner_text().startswith("Tệp quá lớn: tối đa 1 MB, tệp “quet.pdf” 1,1 MB.")
    url = page.url
    page.locator(".upload-form button").tap()
    page.wait_for_timeout(500)
    assert page.url == url  # not sent
    assert page.evaluate("document.activeElement.name") == "file"
    assert page.input_value("input[name=title]") == "Báo cáo quét 600 dpi"
    page.set_input_files("input[name=file]", {**big, "buffer": b"%PDF-1.4\n%%EOF\n"})
    assert said.count() == 0  # a smaller file: the reason goes
    _shot(page, "p2-tep-qua-lon-dien-thoai")
