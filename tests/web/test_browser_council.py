"""Real browser, the council's and the province's pages as their officials meet them on a phone
(390 px) or a tablet (768 px): the page stays as wide as the screen, wide tables scroll inside."""

from __future__ import annotations

from typing import Any

import pytest

from . import test_browser
from .test_browser import _login, _page, _shot

browser = test_browser.browser  # the same fixtures: one Chromium per module
site = test_browser.site

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE, TABLET = 390, 768
ROUND_2 = "/xa/tong-hop-0004/2025/tham-dinh/"  # the demo's commune at round 2

# how far the page reaches past the screen's right edge (0: nothing to scroll sideways)
SPILL = "document.documentElement.scrollWidth - innerWidth"


@pytest.mark.parametrize("width", [PHONE, TABLET])
def test_the_round_screen_fits_a_phone_and_its_titles_read_as_lines(
    browser: Any, site: str, width: int
) -> None:
    """The round's table spilled past the screen (the page scrolled sideways, the score and
    note boxes cut off) and squeezed each criterion's title to one word a line."""
    page = _page(browser, width=width)
    _login(page, site, "hoidong")
    page.goto(site + ROUND_2)
    assert page.evaluate(SPILL) <= 0
    titles = page.evaluate(
        "Array.from(document.querySelectorAll('table.appraisal td.long-text'),"
        " e => e.getBoundingClientRect().width)"
    )
    assert titles and min(titles) >= 180, min(titles)  # was 36 px on a phone
    score = page.locator("input[name='p-5.1']")
    score.scroll_into_view_if_needed()  # the table scrolls inside its box to the field
    box = score.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    _shot(page, f"c1-tham-dinh-{width}")


# each criterion's row: how far its box reaches past the table's, and the labels its cells show
ROUND_ROWS = """() => Array.from(document.querySelectorAll('table.appraisal tbody tr[id^="tc-"]'), r => [
  Math.round(r.getBoundingClientRect().right - r.closest('.wide-table').getBoundingClientRect().right),
  Array.from(r.cells, c => getComputedStyle(c, '::before').content).join('|')])"""


@pytest.mark.parametrize(
    "path, labels",
    [
        (
            "/xa/tong-hop-0002/2025/tham-dinh/",
            [
                "Tối đa",
                "Tự chấm",
                "Tính từ số liệu",
                "Điểm thẩm định vòng 1",
                "Ghi chú",
                "Yêu cầu giải trình",
            ],
        ),
        (
            ROUND_2,
            ["Tối đa", "Tự chấm", "Tính từ số liệu", "Vòng 1", "Điểm thẩm định vòng 2", "Ghi chú"],
        ),
    ],
)
def test_on_a_phone_each_criterion_of_the_round_is_a_card_of_labelled_lines(
    browser: Any, site: str, path: str, labels: list[str]
) -> None:
    """The round's table scrolled sideways inside its box on a phone: the member scrolled right
    to the score box, left to the title, and the column headings had gone off the top. Each
    criterion is now a block as wide as the screen, each number and field named beside it."""
    page = _page(browser, width=PHONE)
    _login(page, site, "hoidong")
    page.goto(site + path)
    box = page.locator("table.appraisal").evaluate(
        "t => t.closest('.wide-table').scrollWidth - t.closest('.wide-table').clientWidth"
    )
    assert box <= 0  # nothing to scroll sideways, inside the table either
    rows = page.evaluate(ROUND_ROWS)
    assert len(rows) > 20
    for spill, shown in rows:
        assert spill <= 0
        for label in labels:
            assert f'"{label}: "' in shown, (label, shown)
    title = page.locator("table.appraisal tbody tr[id^='tc-'] td.long-text").first.bounding_box()
    assert title is not None and title["width"] >= 250  # lines of words beside the code
    score = page.locator("table.appraisal input[name^='p-']").first
    score.scroll_into_view_if_needed()
    score.fill("1")  # typed in the card, without a sideways scroll
    bar = page.locator(".save-bar").bounding_box()  # the bar leaves the screen to the cards
    assert bar is not None and bar["height"] < 100, bar
    page.locator("table.appraisal tbody tr[id^='tc-']").nth(2).scroll_into_view_if_needed()
    _shot(page, "c1-tham-dinh-the-dien-thoai")


# cells of a long text (a criterion's title) squeezed narrower than a few words, as
# ``[width, text]``
SQUEEZED = """() => Array.from(document.querySelectorAll('td'))
  .filter(e => e.innerText.trim().length >= 60 && e.getBoundingClientRect().width < 180)
  .map(e => [Math.round(e.getBoundingClientRect().width), e.innerText.trim().slice(0, 40)])"""

PROVINCE_PAGES = [
    "/tinh/thai-nguyen/2025/",
    "/tinh/thai-nguyen/2023/xep-hang-tieu-chi/",
    "/tinh/thai-nguyen/2023/xep-hang-linh-vuc/",
    "/tinh/thai-nguyen/2025/doi-soat/",
    "/xa/tong-hop-0005/2025/doi-soat/",
    "/tinh/thai-nguyen/so-sanh-goi/",
    ROUND_2,
]


def test_long_titles_in_the_provinces_tables_read_as_lines_on_a_phone(
    browser: Any, site: str
) -> None:
    """A criterion's title in the rankings, reconciliation and comparison tables was one or two
    words a line (the number columns' headings kept on one line took the width)."""
    page = _page(browser, width=PHONE)
    _login(page, site, "tinh")
    for path in PROVINCE_PAGES:
        page.goto(site + path)
        assert page.evaluate(SPILL) <= 0, path
        assert page.evaluate(SQUEEZED) == [], path
    _shot(page, "c2-xep-hang-tieu-chi-dien-thoai")


def test_a_tag_reads_on_one_line_on_a_phone(browser: Any, site: str) -> None:
    """'dữ liệu mẫu' beside each commune's name broke into a word a line (three lines high)."""
    page = _page(browser, width=PHONE)
    _login(page, site, "hoidong")
    for path in ("/", ROUND_2):
        page.goto(site + path)
        heights = page.evaluate(
            "Array.from(document.querySelectorAll('.tag'), e => e.getBoundingClientRect().height)"
        )
        assert heights and max(heights) < 25, (path, max(heights))


def test_the_pack_comparison_choices_stay_on_a_phone_screen(browser: Any, site: str) -> None:
    """A pack's long name made its select (and the page) wider than the phone."""
    page = _page(browser, width=PHONE)
    _login(page, site, "tinh")
    page.goto(site + "/tinh/thai-nguyen/so-sanh-goi/")
    assert page.evaluate(SPILL) <= 0
    for name in ("tu", "den"):
        box = page.locator(f"select[name={name}]").bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE


def test_a_step_taken_with_a_note_typed_and_not_saved_asks_first(browser: Any, site: str) -> None:
    """A member typed a note, then pressed 'Chốt kết quả thẩm định' instead of saving: the
    round closed and the note was gone without a word. Now the browser asks; declining keeps
    the page as typed and the step untaken. Once saved, the step asks nothing about the note.
    The demo's round 2 has 3 of its criteria scored, so the step also asks whether to settle a
    round whose unscored criteria keep the previous stage's points (asked on every press while
    some are unscored): after the question about the unsaved note, which once came second, so
    a member agreed to settle the round before being told their note would be lost."""
    from parscore.web.models import AppraisedPoint, Assessment

    page = _page(browser)
    _login(page, site, "hoidong")
    page.goto(site + ROUND_2)
    note = page.locator("textarea[name='n-5.1']")
    note.fill("Thiếu biên bản kiểm tra")
    asked: list[str] = []
    answers: list[bool] = [False, True, False, True]

    def answer(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.accept() if answers.pop(0) else dialog.dismiss()

    page.on("dialog", answer)
    unscored = "Chốt kết quả thẩm định? Vòng 2 đã chấm 3/"
    settle = page.get_by_role("button", name="Chốt kết quả thẩm định")
    settle.click()  # drop the note: no; nothing more is asked
    assert len(asked) == 1 and "vừa nhập chưa lưu" in asked[0]
    settle.click()  # drop the note: yes; settle a part-scored round: no
    assert len(asked) == 3 and "vừa nhập chưa lưu" in asked[1]
    assert asked[2].startswith(unscored) and "chưa chấm giữ điểm" in asked[2]
    assert note.input_value() == "Thiếu biên bản kiểm tra"
    year = Assessment.objects.get(commune__slug="tong-hop-0004", year=2025)
    assert year.status == Assessment.ROUND_2
    page.get_by_role("button", name="Lưu điểm thẩm định").click()  # its own form: no question
    page.wait_for_url(site + ROUND_2)
    assert len(asked) == 3
    assert AppraisedPoint.objects.get(assessment=year, round=2, code="5.1").note == (
        "Thiếu biên bản kiểm tra"
    )
    settle.click()
    page.wait_for_selector("text=Đã chốt kết quả thẩm định")
    assert len(asked) == 4 and asked[3].startswith(unscored)  # the note saved: no question on it
    assert Assessment.objects.get(pk=year.pk).status == Assessment.FINAL


MEETING = "/xa/tong-hop-0004/2025/hop-tham-dinh/"  # the demo's meeting of two communes


def test_two_people_on_the_meeting_page_keep_each_others_changes(browser: Any, site: str) -> None:
    """The secretary changed the place while a province officer, on a page drawn before,
    wrote the conclusion: the officer's save wrote the old place back. Now each keeps what the
    other saved (the browser's own lines, CR LF, in the lists of people count as unchanged)."""
    from parscore.web.meetings import meeting_of
    from parscore.web.models import Assessment

    secretary, officer = _page(browser), _page(browser, width=PHONE)
    _login(secretary, site, "hoidong")
    _login(officer, site, "tinh")
    secretary.goto(site + MEETING)
    officer.goto(site + MEETING)
    secretary.fill("input[name=place]", "Phòng họp tầng 3, Sở Nội vụ")
    secretary.get_by_role("button", name="Lưu thông tin cuộc họp").click()
    secretary.wait_for_selector("text=Đã lưu thông tin cuộc họp")
    officer.fill("textarea[name=conclusion]", "Thống nhất; đề nghị xã bổ sung tài liệu 3.1.")
    officer.get_by_role("button", name="Lưu thông tin cuộc họp").click()
    officer.wait_for_selector("text=các mục bạn không sửa giữ nội dung mới đó: Địa điểm.")
    assert officer.locator("input[name=place]").input_value() == "Phòng họp tầng 3, Sở Nội vụ"
    link = meeting_of(Assessment.objects.get(commune__slug="tong-hop-0004", year=2025))
    assert link is not None and link.meeting.place == "Phòng họp tầng 3, Sở Nội vụ"
    assert link.conclusion == "Thống nhất; đề nghị xã bổ sung tài liệu 3.1."
    assert [p["name"] for p in link.meeting.members] == [
        "Thành viên hội đồng thẩm định (mẫu)",
        "Thành viên hội đồng theo lĩnh vực (mẫu)",
    ]
    _shot(officer, "c3-hop-tham-dinh-hai-nguoi", full=True)


def test_leaving_the_meeting_page_with_typing_unsaved_asks_first(browser: Any, site: str) -> None:
    page = _page(browser)
    _login(page, site, "hoidong")
    page.goto(site + MEETING)
    page.fill("textarea[name=conclusion]", "Kết luận chưa lưu")
    asked: list[str] = []

    def answer(dialog: Any) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", answer)
    page.get_by_role("link", name="Thẩm định", exact=True).click()
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"] and page.url == site + MEETING


def test_a_long_note_stays_in_its_column_and_the_titles_keep_their_width(
    browser: Any, site: str
) -> None:
    """A note of a few sentences widened its box to the length of its line (the box grows with
    what is typed): the note column took half the table, every criterion's title squeezed."""
    page = _page(browser)
    _login(page, site, "hoidong")
    page.goto(site + "/xa/tong-hop-0002/2025/tham-dinh/")  # the demo's commune at round 1
    box = page.locator("textarea[name='n-1.1']")
    title = page.locator("#tc-1-1 td.long-text")
    before = (box.bounding_box()["width"], title.bounding_box()["width"])
    box.fill(
        "Biên bản kiểm tra chưa ghi rõ số vấn đề đã xử lý; đề nghị xã bổ sung báo cáo kết quả "
        "xử lý từng vấn đề, kèm văn bản chỉ đạo của Chủ tịch UBND xã và danh sách cơ quan. " * 2
    )
    page.wait_for_timeout(100)
    after = (box.bounding_box()["width"], title.bounding_box()["width"])
    assert after[0] <= before[0] + 1 and after[1] >= before[1] - 1, (before, after)
    assert box.evaluate("e => e.scrollHeight > e.clientHeight || e.rows > 2 || e.clientHeight > 60")
    _shot(page, "c2-ghi-chu-dai")
