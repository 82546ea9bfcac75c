"""Real-browser tests: Playwright driving Debian's Chromium against the app served by the tests.

Screenshots of the main pages go to ``out/screenshots/`` (reviewed by people, not compared).
Skipped, with a message, where Chromium is not installed (``apt-get install chromium``).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from parscore.web.demo import DEMO_PASSWORD

from ..conftest import ROOT
from .conftest import WANT_POSTGRES, seed

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "out" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# a minimal valid PDF
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>"
    b"endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("cần Chromium của Debian (apt-get install chromium libatomic1)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def site(live_server: Any) -> str:
    seed()
    return str(live_server.url)


def _page(browser: Any) -> Any:
    context = browser.new_context(
        viewport={"width": 1366, "height": 800}, locale="vi-VN", accept_downloads=True
    )
    context.set_default_timeout(20_000)
    return context.new_page()


def _shot(page: Any, name: str, full: bool = False) -> None:
    if WANT_POSTGRES:
        return  # the same pages: one set of screenshots is enough
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def _login(page: Any, site: str, username: str) -> None:
    page.goto(f"{site}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site}/")


def test_commune_staff_fills_metrics_uploads_and_downloads(browser: Any, site: str) -> None:
    page = _page(browser)
    page.goto(f"{site}/dang-nhap/")
    _shot(page, "01-dang-nhap")
    _login(page, site, "dantien")
    _shot(page, "02-danh-sach-xa")

    page.goto(f"{site}/xa/dan-tien/2025/")
    score = page.locator("#total-score")
    assert score.inner_text() == "86,79"
    _shot(page, "03-tu-danh-gia")

    # live score: typing a value re-scores without saving
    page.fill("#m-plan_tasks_done", "42")
    page.wait_for_function("document.querySelector('#total-score').innerText === '88,05'")
    assert "chưa lưu" in page.locator("#score-panel").inner_text()
    # the criterion's own points and explanation follow (1.2 reads plan_tasks_done)
    page.wait_for_function("document.querySelector('#st-1-2').innerText.startsWith('3,75 / 3,75')")
    assert "đạt tối đa" in page.locator("#st-1-2").inner_text()
    assert "≥ 100" in page.locator("#ex-1-2").inner_text()
    _shot(page, "04-diem-truc-tiep")

    # a wrong value: listed in the panel live, and refused on save next to its field
    page.fill("#m-initiatives", "nhiều")
    page.wait_for_selector("#score-panel .error-box")
    page.click(".save-bar button")
    page.wait_for_selector(".input.has-error .error")
    assert "cần một số" in page.locator(".input.has-error .error").first.inner_text().lower()
    _shot(page, "05-loi-nhap-lieu")

    # a correct save
    page.fill("#m-initiatives", "2")
    page.click(".save-bar button")
    page.wait_for_selector(".messages .success")
    assert page.locator("#total-score").inner_text() == "88,05"

    # upload a document for criterion 3.1.6 (at risk: its document is missing)
    page.goto(f"{site}/xa/dan-tien/2025/?tai-lieu-cho=3.1.6#tai-lieu")
    page.set_input_files(
        "input[name=file]", {"name": "bao-cao.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.fill("input[name=title]", "Báo cáo rà soát TTHC nội bộ năm 2025")
    page.fill("input[name=number]", "25/BC-UBND")
    page.fill("input[name=issued]", "15/10/2025")
    page.click(".upload-form button")
    page.wait_for_selector(".messages .success")
    assert "Báo cáo rà soát TTHC nội bộ" in page.locator("#tai-lieu").inner_text()
    # the kind the criterion asks for was preselected, so 3.1.6 is no longer at risk
    assert "3.1.6" not in page.locator("#score-panel").inner_text()
    page.locator("#tai-lieu").scroll_into_view_if_needed()
    _shot(page, "06-tai-lieu")

    # the Word report
    with page.expect_download() as info:
        page.click("a:has-text('Word')")
    download = info.value
    assert download.suggested_filename == "bao-cao-dan-tien-2025.docx"
    data = Path(download.path()).read_bytes()
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()

    # plan and what-if
    page.goto(f"{site}/xa/dan-tien/2025/ke-hoach/")
    assert "Kế hoạch nâng điểm" in page.inner_text("h1")
    _shot(page, "07-ke-hoach")

    # another commune's page
    response = page.goto(f"{site}/xa/ha-chau/2023/")
    assert response.status == 403
    assert "Không có quyền" in page.inner_text("h1")
    _shot(page, "08-xa-khac-403")


def test_province_sees_the_ranking(browser: Any, site: str) -> None:
    page = _page(browser)
    _login(page, site, "tinh")
    page.click("text=Xếp hạng Thái Nguyên")
    page.wait_for_selector("table.ranking")
    rows = page.locator("table.ranking tbody tr")
    assert rows.count() == 8
    assert rows.first.locator("td").first.inner_text() == "1"
    _shot(page, "09-xep-hang-tinh", full=True)
    page.goto(f"{site}/nhat-ky/")
    _shot(page, "10-nhat-ky")
