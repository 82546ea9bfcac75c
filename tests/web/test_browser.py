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


def _page(browser: Any, width: int = 1366) -> Any:
    context = browser.new_context(
        viewport={"width": width, "height": 800}, locale="vi-VN", accept_downloads=True
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
    # the score stays in view beside a criterion far down the form
    page.locator("#m-website_missing_items").scroll_into_view_if_needed()
    box = page.locator("#total-score").bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 800

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


def test_pages_fit_a_phone_screen(browser: Any, site: str) -> None:
    """On a phone the pages are as wide as the screen (wide tables scroll inside themselves)."""
    page = _page(browser, width=390)
    _login(page, site, "dantien")
    for path in ("/", "/xa/dan-tien/", "/xa/dan-tien/2025/", "/xa/dan-tien/2025/ke-hoach/"):
        page.goto(site + path)
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], (path, widths)
    page.goto(f"{site}/xa/dan-tien/2025/")
    _shot(page, "11-dien-thoai")


def _as(browser: Any, site: str, username: str) -> Any:
    page = _page(browser)
    page.on("dialog", lambda dialog: dialog.accept())
    _login(page, site, username)
    return page


def test_appraisal_journey_to_the_published_ranking(browser: Any, site: str) -> None:
    """Leader submits; the council scores round 1 asking one explanation; the commune answers;
    round 2; the province publishes; the ranking shows the official score; the minutes download
    with the three stage columns."""
    from parscore.scoring import score
    from parscore.web.evidence import load_assessment
    from parscore.web.models import Assessment

    year = f"{site}/xa/dan-tien/2025/"
    leader = _as(browser, site, "dantien-lanhdao")
    leader.goto(year)
    leader.click("text=Nộp bản tự đánh giá")
    leader.wait_for_selector(".messages .success")

    council = _as(browser, site, "hoidong")
    council.goto(year + "tham-dinh/")
    council.click("text=Bắt đầu thẩm định vòng 1")
    council.wait_for_selector(".messages .success")
    council.click("text=Chép điểm tự chấm")
    council.wait_for_selector(".messages .info")
    council.fill("input[name='p-1.2']", "2")
    council.fill("textarea[name='n-1.2']", "Chưa đủ báo cáo kết quả thực hiện")
    council.check("input[name='x-1.2']")
    council.click("text=Lưu điểm thẩm định")
    council.wait_for_selector(".messages .success")
    _shot(council, "11-tham-dinh-vong-1", full=True)
    council.click("text=Gửi yêu cầu giải trình")
    council.wait_for_selector(".messages .success")

    leader.goto(year + "giai-trinh/")
    leader.fill("textarea[name='a-1.2']", "Xã đã bổ sung báo cáo số 30/BC-UBND.")
    leader.click("text=Lưu giải trình")
    leader.wait_for_selector(".messages .success")
    _shot(leader, "12-giai-trinh")

    council.goto(year + "tham-dinh/")
    council.click("text=Bắt đầu thẩm định vòng 2")
    council.wait_for_selector(".messages .success")
    assert "Xã đã bổ sung báo cáo" in council.inner_text("table.appraisal")
    council.click("text=Chép điểm vòng 1")
    council.wait_for_selector(".messages .info")
    council.fill("input[name='p-1.2']", "3")
    council.press("input[name='p-1.2']", "Enter")  # Enter in a cell saves (never copies)
    council.wait_for_selector(".messages .success")
    council.click("text=Chốt kết quả thẩm định")
    council.wait_for_selector(".messages .success")
    assert "Đã có kết quả thẩm định" in council.inner_text("#trang-thai")
    council.click("text=Nhập thông tin cuộc họp")
    council.fill("input[name=date]", "20/01/2026")
    council.fill("input[name=place]", "Hội trường UBND xã Dân Tiến")
    council.fill("input[name=chair_name]", "Phạm Quốc Huy")
    council.fill("input[name=chair_position]", "Phó Giám đốc Sở Nội vụ")
    council.fill("textarea[name=conclusion]", "Đề nghị xã duy trì kết quả.")
    council.click("text=Lưu thông tin cuộc họp")
    council.wait_for_selector(".messages .success")
    _shot(council, "14-cuoc-hop-tham-dinh", full=True)

    # the other communes' appraisal is not this journey's: they are set final directly
    Assessment.objects.filter(year=2025).exclude(commune__slug="dan-tien").update(status="final")
    dan_tien = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    evidence, pack = load_assessment(dan_tien)
    official = score(pack, evidence).official.score

    province = _as(browser, site, "tinh")
    province.goto(f"{site}/tinh/thai-nguyen/2025/")
    province.click("text=Công bố kết quả chính thức")
    province.wait_for_selector("#cong-bo")
    row = province.locator("table.ranking tbody tr", has_text="Dân Tiến")
    assert str(official).replace(".", ",") in row.inner_text()
    _shot(province, "13-ket-qua-chinh-thuc", full=True)
    province.click("text=Xem xếp hạng theo: từng lĩnh vực >> a:has-text('từng lĩnh vực')")
    province.wait_for_selector("#bang")
    assert "Chính thức (đã công bố)" in province.inner_text("#tinh-trang")
    _shot(province, "14-xep-hang-linh-vuc", full=True)

    # a complaint: the province withdraws the publication (with a reason), then publishes again
    province.goto(f"{site}/tinh/thai-nguyen/2025/")
    province.click("text=Thu hồi công bố (để mở lại xã")
    province.fill(".withdraw-form textarea", "Xã Dân Tiến khiếu nại điểm tiêu chí 1.2")
    province.click(".withdraw-form button")
    province.wait_for_selector("#tam-thoi")
    assert province.request.get(f"{site}/api/v1/years/2025/ranking").status == 404
    province.fill(".publish-form textarea", "Giữ nguyên kết quả sau khi xem xét khiếu nại")
    province.click("text=Công bố lại kết quả chính thức")
    province.wait_for_selector("#cong-bo")
    assert "Xã Dân Tiến khiếu nại" in province.inner_text("#lich-su-cong-bo + table")
    assert province.request.get(f"{site}/api/v1/years/2025/ranking").status == 200
    _shot(province, "15-cong-bo-lai", full=True)

    council.goto(year + "tham-dinh/")
    with council.expect_download() as info:
        council.click("a:has-text('Word')")
    data = Path(info.value.path()).read_bytes()
    text = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert "Tự chấm" in text and "Vòng\u00a01" in text and "Vòng\u00a02" in text
    assert "ngày 20 tháng 01 năm 2026" in text and "Phạm Quốc Huy" in text
