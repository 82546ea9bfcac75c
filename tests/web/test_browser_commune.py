"""Real browser, the commune's own pages as its staff meet them: on a phone (390 px wide), and
read by people with weaker eyes (text contrast)."""

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


def test_the_live_total_stays_in_view_on_a_phone(browser: Any, site: str) -> None:
    """On a phone the score panel is below a form tens of thousands of pixels long: the save bar
    carries the total, re-scored as the official types (and says it is not saved yet)."""
    page = _page(browser, width=PHONE)
    _login(page, site, "dantien")
    page.goto(site + YEAR)
    bar = page.locator(".save-bar #bar-score")
    assert bar.inner_text() == "Điểm: 86,79/100 · Tốt"
    assert not page.locator(".save-bar .bar-hint").is_visible()  # "the score on the right"
    page.fill("#m-website_missing_items", "0")  # far down the form
    page.wait_for_function(
        "document.querySelector('#bar-score').innerText.includes('chưa lưu')"
        " && document.querySelector('#total-score').innerText === '87,3'"
    )
    assert bar.inner_text() == "Điểm (chưa lưu): 87,3/100 · Tốt"
    box = bar.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 800
    _shot(page, "13-dien-thoai-diem-truc-tiep")
    # as the council scores (missing documents count 0): the bar says so, as the panel does
    page.goto(site + YEAR + "?tham-dinh=1")
    strict = page.locator("#total-score").inner_text()
    assert bar.inner_text() == f"Điểm khi thẩm định: {strict}/100 · Tốt"
    # beside the panel (a wide screen) the bar keeps its sentence and no second total
    wide = _page(browser)
    _login(wide, site, "dantien")
    wide.goto(site + YEAR)
    assert not wide.locator("#bar-score").is_visible()
    assert wide.locator(".save-bar .bar-hint").is_visible()


# Text whose colour stands out from its background less than WCAG AA asks (4.5:1; 3:1 for large
# text), as ``[tag.class colour on background ratio, text]``.
LOW_CONTRAST = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || [0, 0, 0, 0]).map(Number);
  const lin = c => (c /= 255) <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  const lum = ([r, g, b]) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  const under = e => {
    for (; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length < 4 || c[3] > 0.5) return c;
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const e of document.querySelectorAll("body *")) {
    const text = [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent)
      .join("").trim();
    const st = getComputedStyle(e);
    if (!text || !e.getClientRects().length || st.visibility === "hidden") continue;
    const a = lum(rgb(st.color)), b = lum(under(e));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(st.fontSize), bold = Number(st.fontWeight) >= 700;
    const large = size >= 24 || (size >= 18.66 && bold);
    if (ratio < (large ? 3 : 4.5))
      out.push(`${e.tagName}.${e.className} ${st.color} ${ratio.toFixed(2)}: ${text.slice(0, 40)}`);
  }
  return out;
}"""


def test_the_communes_pages_have_readable_contrast(browser: Any, site: str) -> None:
    """The orange of "một phần" and "còn thiếu …" on their tinted backgrounds was below 4.5:1."""
    page = _page(browser)
    _login(page, site, "dantien")
    for path in ("/", "/xa/dan-tien/", YEAR, YEAR + "ke-hoach/"):
        page.goto(site + path)
        assert page.evaluate(LOW_CONTRAST) == [], path


@pytest.mark.parametrize("width", [1366, PHONE])
def test_tabbing_through_the_form_never_leaves_a_field_under_the_save_bar(
    browser: Any, site: str, width: int
) -> None:
    page = _page(browser, width=width)
    _login(page, site, "dantien")
    page.goto(site + YEAR)
    page.focus("#m-initiatives")
    hidden = []
    for _ in range(40):
        page.keyboard.press("Tab")
        where = page.evaluate(
            "() => { const e = document.activeElement, f = e.getBoundingClientRect(),"
            " bar = document.querySelector('.save-bar').getBoundingClientRect();"
            " return [e.id, f.bottom, bar.top]; }"
        )
        if where[1] > where[2] + 1:
            hidden.append(where)
    assert hidden == []


def test_a_long_title_without_spaces_wraps_inside_the_page(browser: Any, site: str) -> None:
    """A document named like a file (``Bao_cao_ket_qua_…``) or a long number once stretched the
    documents' table, and the audit trail, to thousands of pixels under the score panel."""
    from parscore.web.audit import record
    from parscore.web.models import Assessment, EvidenceDocument

    name = "Bao_cao_ket_qua_ra_soat_thu_tuc_hanh_chinh_noi_bo_" * 8
    a = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    EvidenceDocument.objects.create(
        assessment=a, doc_id="dai", title=name, number="1/" + "X" * 90, supports=["3.1.6"]
    )
    record(None, "not_applicable", a, "6.3.1", "", name)
    page = _page(browser)
    _login(page, site, "dantien")
    for path in (YEAR, "/xa/dan-tien/nhat-ky/"):
        page.goto(site + path)
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], (path, widths)
    # on a phone the table scrolls inside itself, its text columns still a few words wide
    phone = _page(browser, width=PHONE)
    _login(phone, site, "dantien")
    phone.goto(site + YEAR)
    cells = phone.evaluate(
        "Array.from(document.querySelectorAll('table.docs td.free-text'),"
        " e => e.getBoundingClientRect().width)"
    )
    assert cells and min(cells) >= 120, min(cells)


def test_an_answer_refused_keeps_its_text_and_says_why_in_red_beside_it(
    browser: Any, site: str
) -> None:
    """The message beside an explanation's box was plain black text under it (styled only in
    the other pages' forms), easy to take for part of the page."""
    from parscore.web.models import Assessment, ExplanationRequest

    a = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    Assessment.objects.filter(pk=a.pk).update(status=Assessment.EXPLANATION)
    ExplanationRequest.objects.create(assessment=a, code="1.1")
    page = _page(browser)
    _login(page, site, "dantien")
    page.goto(site + YEAR + "giai-trinh/")
    typed = "Đã bổ sung. " + "x" * 5000
    page.fill("textarea[name='a-1.1']", typed)
    page.click("button:has-text('Lưu giải trình')")
    page.wait_for_load_state()
    assert page.input_value("textarea[name='a-1.1']") == typed
    message = page.locator("#a-1-1-err .error")
    assert "văn bản quá dài" in message.inner_text()
    assert message.evaluate("e => getComputedStyle(e).color") == "rgb(179, 38, 30)"  # --bad
    assert page.evaluate("document.activeElement.name") == "a-1.1"
    _shot(page, "13-giai-trinh-qua-dai")


def test_the_leader_takes_a_submission_back_after_asking(browser: Any, site: str) -> None:
    """A leader who submitted by mistake could not take it back (only the province reopens):
    'Rút lại bản đã nộp' asks first, naming the deadline; declined, nothing changes."""
    from parscore.web.models import Assessment, AuditEntry
    from parscore.web.models_appraisal import AppraisalYear

    deadline = AppraisalYear.objects.get(province__slug="thai-nguyen", year=2025).self_deadline
    assert deadline is not None
    Assessment.objects.filter(commune__slug="dan-tien", year=2025).update(
        status=Assessment.SUBMITTED
    )
    asked: list[str] = []
    answers = [False, True]  # first: not now; then: yes

    def answer(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.accept() if answers.pop(0) else dialog.dismiss()

    for width, name in ((1366, "14-rut-lai-ban-da-nop"), (PHONE, "14-rut-lai-dien-thoai")):
        page = _page(browser, width=width)
        _login(page, site, "dantien-lanhdao")
        page.goto(site + YEAR)
        page.locator("#rut-lai").scroll_into_view_if_needed()
        assert f"đến hết ngày {deadline:%d/%m/%Y}" in page.locator("#rut-lai").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        _shot(page, name)
    page.on("dialog", answer)
    button = page.get_by_role("button", name="Rút lại bản đã nộp")
    button.click()
    assert asked == [
        f"Rút lại bản đã nộp? Xã sửa được số liệu và phải nộp lại trước hạn {deadline:%d/%m/%Y}:"
        " chưa nộp lại thì hội đồng không thẩm định được."
    ]
    year = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    assert year.status == Assessment.SUBMITTED  # declined: nothing sent
    button.click()
    page.wait_for_selector(".messages .success")
    assert "Đã rút lại bản tự đánh giá" in page.locator(".messages").inner_text()
    assert Assessment.objects.get(pk=year.pk).status == Assessment.DRAFT
    assert AuditEntry.objects.filter(action="withdraw_submission").count() == 1
    assert page.get_by_role("button", name="Nộp bản tự đánh giá").is_visible()
    _shot(page, "14-da-rut-lai-dien-thoai")
