"""Real browser: the council opens a commune's documents inline from the round screen (an image in
the viewer dialog, a PDF in the browser's PDF viewer inside it), and the leaders' standing panel."""

from __future__ import annotations

from typing import Any

import pytest

from parscore.web.files import store
from parscore.web.models import Assessment, EvidenceDocument

from . import test_browser
from .samples import pdf, png
from .test_browser import _login, _page, _shot

browser = test_browser.browser  # the same fixtures: one Chromium per module
site = test_browser.site

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ROUND_1 = "/xa/tong-hop-0002/2025/"
CODE = "3.1.6"


def _document(title: str, content: bytes, file_type: str) -> int:
    assessment = Assessment.objects.get(commune__slug="tong-hop-0002", year=2025)
    sha, size, _ = store([content])
    return EvidenceDocument.objects.create(
        assessment=assessment,
        doc_id=f"tl-{sha[:8]}",
        title=title,
        supports=[CODE],
        sha256=sha,
        file_type=file_type,
        size=size,
    ).pk


def test_council_round_screen_opens_an_image_and_a_pdf_inline(browser: Any, site: str) -> None:
    image = _document("Ảnh niêm yết thủ tục hành chính", png(320, 200), "png")
    paper = _document("Báo cáo kết quả rà soát", pdf(), "pdf")
    page = _page(browser)
    _login(page, site, "hoidong")
    page.goto(f"{site}{ROUND_1}tham-dinh/")
    row = page.locator(f"#tc-{CODE.replace('.', '-')}")
    row.locator("summary").click()
    row.locator(f"a.view-doc[href$='/tai-lieu/{image}/xem/']").click()
    dialog = page.locator("#xem-tai-lieu")
    dialog.wait_for(state="visible")
    assert dialog.locator("#xem-tieu-de").inner_text() == "Ảnh niêm yết thủ tục hành chính"
    page.wait_for_function(
        "() => { const i = document.querySelector('#xem-noi-dung img');"
        " return i && i.complete && i.naturalWidth === 320; }"
    )
    assert page.url.endswith("/tham-dinh/")  # shown on the page, not a download or a new tab
    _shot(page, "20-tham-dinh-xem-anh")
    dialog.locator("#xem-dong").click()
    dialog.wait_for(state="hidden")
    assert page.locator("#xem-noi-dung img").count() == 0

    row.locator(f"a.view-doc[href$='/tai-lieu/{paper}/xem/']").click()
    dialog.wait_for(state="visible")
    frame = page.locator("#xem-noi-dung iframe")
    assert frame.get_attribute("src", timeout=5_000).endswith(f"/tai-lieu/{paper}/xem/")
    page.wait_for_function(
        f"() => performance.getEntriesByType('resource')"
        f".some(e => e.name.endsWith('/tai-lieu/{paper}/xem/'))"
    )
    assert any(f.url.endswith(f"/tai-lieu/{paper}/xem/") for f in page.frames)
    for _ in range(50):  # Chromium's PDF viewer starts inside the frame: the screenshot shows it
        if any(f.url.startswith("chrome-extension://") for f in page.frames):
            break
        page.wait_for_timeout(100)
    page.wait_for_timeout(400)
    _shot(page, "21-tham-dinh-xem-pdf")
    page.context.close()


def test_leader_sees_the_year_against_the_goal_and_views_a_document(
    browser: Any, site: str
) -> None:
    assessment = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    sha, size, _ = store([png(480, 300, (40, 120, 60))])
    EvidenceDocument.objects.create(
        assessment=assessment,
        doc_id="anh-niem-yet",
        title="Ảnh bảng niêm yết thủ tục",
        supports=[CODE],
        sha256=sha,
        file_type="png",
        size=size,
    )
    page = _page(browser)
    _login(page, site, "dantien-lanhdao")
    page.goto(f"{site}/xa/dan-tien/")
    panel = page.locator("#ket-qua-2025")
    assert "Xã tự chấm" in panel.inner_text() and "Mục tiêu: 90" in panel.inner_text()
    _shot(page, "22-ket-qua-so-voi-muc-tieu", full=True)
    page.goto(f"{site}/xa/dan-tien/2025/#tai-lieu")
    page.locator("#tai-lieu a.view-doc").first.click()
    page.wait_for_function(
        "() => { const i = document.querySelector('#xem-noi-dung img');"
        " return i && i.complete && i.naturalWidth === 480; }"
    )
    _shot(page, "23-tai-lieu-xem-anh")
    page.context.close()
