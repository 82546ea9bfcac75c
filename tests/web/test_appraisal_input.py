"""Hostile input on the council's and the province's forms: bonus and penalty proposals,
publication reasons, conflicting round saves. Each is refused with a Vietnamese message, changes
nothing, and never breaks a page afterwards."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from parscore.numbers import vi_number
from parscore.web.appraising import round_rows
from parscore.web.evidence import load_assessment
from parscore.web.models import (
    AppraisalYear,
    AppraisedPoint,
    Assessment,
    AuditEntry,
    ProposedAdjustment,
    Publication,
)
from parscore.web.score_cache import totals_of
from parscore.web.workflow import today

from .conftest import login
from .test_appraisal import YEAR, _dan_tien, _with_adjustments

PAGES = ["tham-dinh/", "", "giai-trinh/", "bien-ban.html", "minh-chung.yaml"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reason", "word"),
    [("Bằng khen\x07của tỉnh", "ký tự điều khiển"), ("Bằng khen " + "x" * 5000, "văn bản quá dài")],
)
def test_a_bonus_reason_the_evidence_would_refuse_is_refused_and_pages_keep_working(
    reason: str, word: str
) -> None:
    a = _dan_tien(Assessment.EXPLANATION)
    _with_adjustments(a)
    leader = login("leader")
    page = leader.post(YEAR + "thuong-tru/", {"code": "T1", "reason": reason}, follow=True)
    assert word in page.content.decode() and "Lý do của mục thưởng, trừ" in page.content.decode()
    assert not ProposedAdjustment.objects.filter(assessment=a).exists()
    _dan_tien(Assessment.ROUND_2)
    council = login("council")
    council.post(YEAR + "thuong-tru/", {"code": "T1", "reason": reason})  # the council alike
    assert not ProposedAdjustment.objects.filter(assessment=a).exists()
    council.post(YEAR + "thuong-tru/", {"code": "T1", "decision": "accepted"})
    for url in PAGES:
        assert council.get(YEAR + url).status_code == 200, url
    assert login("province").get("/tinh/thai-nguyen/2025/").status_code == 200


@pytest.mark.django_db
def test_a_stored_bad_reason_cannot_be_accepted() -> None:
    a = _dan_tien(Assessment.ROUND_2)
    _with_adjustments(a)
    ProposedAdjustment.objects.create(assessment=a, code="T1", reason="cũ\x0bhỏng")  # older data
    page = login("council").post(
        YEAR + "thuong-tru/", {"code": "T1", "decision": "accepted"}, follow=True
    )
    assert "không chấp nhận được, cần đề nghị lại" in page.content.decode()
    assert ProposedAdjustment.objects.get(assessment=a).decision == ProposedAdjustment.PENDING
    assert page.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["X" * 400, "T\x001", "<b>T1</b>"])
def test_a_made_up_item_code_is_refused_without_repeating_it(code: str) -> None:
    a = _dan_tien(Assessment.ROUND_2)
    _with_adjustments(a)
    council = login("council")
    for data in ({"code": code, "reason": "căn cứ"}, {"code": code, "decision": "accepted"}):
        page = council.post(YEAR + "thuong-tru/", data, follow=True)
        assert page.status_code == 200
    assert not ProposedAdjustment.objects.filter(assessment=a).exists()
    refused = AuditEntry.objects.filter(action="refused", target__startswith="adjustment")
    assert refused.count() == 2
    for entry in refused:
        assert len(entry.target) <= 300 and "\x00" not in entry.target + entry.new


@pytest.mark.django_db
def test_a_new_reason_for_a_decided_item_waits_for_a_new_decision() -> None:
    a = _dan_tien(Assessment.ROUND_1)
    _with_adjustments(a)
    council = login("council")
    council.post(YEAR + "thuong-tru/", {"code": "T1", "reason": "QĐ 12/QĐ-UBND"})
    council.post(YEAR + "thuong-tru/", {"code": "T1", "decision": "accepted"})
    assert set(load_assessment(a)[0].model.adjustments) == {"T1"}
    _dan_tien(Assessment.EXPLANATION)
    leader = login("leader")
    leader.post(YEAR + "thuong-tru/", {"code": "T1", "reason": "Một lý do khác"})
    row = ProposedAdjustment.objects.get(assessment=a, code="T1")
    assert (row.reason, row.decision, row.by_council) == ("Một lý do khác", "pending", False)
    assert load_assessment(a)[0].model.adjustments == {}  # the council has not seen it
    trail = AuditEntry.objects.filter(target="T1").order_by("-pk")
    assert [(e.action, e.old, e.new) for e in trail[:2]] == [
        ("adjustment_decide", "accepted", "pending"),
        ("adjustment_propose", "QĐ 12/QĐ-UBND", "Một lý do khác"),
    ]
    _dan_tien(Assessment.ROUND_2)
    council.post(YEAR + "thuong-tru/", {"code": "T1", "decision": "accepted"})
    leader_again = ProposedAdjustment.objects.get(assessment=a, code="T1")
    assert leader_again.decision == "accepted"
    _dan_tien(Assessment.EXPLANATION)
    leader.post(YEAR + "thuong-tru/", {"code": "T1", "reason": "Một lý do khác"})  # unchanged
    assert ProposedAdjustment.objects.get(assessment=a, code="T1").decision == "accepted"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reason", "word"),
    [("Khiếu nại\x00của xã", "ký tự điều khiển"), ("Khiếu nại " + "x" * 5000, "văn bản quá dài")],
)
def test_a_publication_reason_with_control_characters_or_too_long_is_refused(
    reason: str, word: str
) -> None:
    ranking = "/tinh/thai-nguyen/2023/"
    year = AppraisalYear.objects.get(province__slug="thai-nguyen", year=2023)
    history = Publication.objects.count()
    province = login("province")
    page = province.post(ranking + "thu-hoi/", {"reason": reason}, follow=True).content.decode()
    assert word in page and "Lý do chưa hợp lệ" in page
    year.refresh_from_db()
    assert year.published and Publication.objects.count() == history
    province.post(ranking + "thu-hoi/", {"reason": "Khiếu nại của xã"})
    page = province.post(ranking + "cong-bo/", {"reason": reason}, follow=True).content.decode()
    assert word in page and "Lý do chưa hợp lệ" in page
    year.refresh_from_db()
    assert not year.published and Publication.objects.count() == history + 1
    refused = AuditEntry.objects.filter(action="refused", target__startswith="publish").last()
    assert refused is not None and "\x00" not in refused.new and len(refused.new) < 400


def _version(page: str, code: str) -> str:
    match = re.search(rf'name="v-{re.escape(code)}" value="(\d+)"', page)
    assert match is not None, code
    return match.group(1)


def _field(page: str, name: str) -> str:
    """A field's value as the page shows it: an input's value, a text area's text."""
    match = re.search(rf'name="{re.escape(name)}"[^>]* value="([^"]*)"', page) or re.search(
        rf'<textarea name="{re.escape(name)}"[^>]*>([^<]*)</textarea>', page
    )
    assert match is not None, name
    return match.group(1)


@pytest.mark.django_db
def test_a_conflicting_save_keeps_what_was_typed_and_shows_the_newer_points() -> None:
    a = _dan_tien(Assessment.ROUND_1)
    first, second = [r.code for r in round_rows(a) if not r.na and r.max > 1][:2]
    mine, theirs = login("council"), login("admin")
    old_page = mine.get(YEAR + "tham-dinh/").content.decode()
    form = {f"p-{first}": "1", f"v-{first}": _version(old_page, first)}
    theirs.post(YEAR + "tham-dinh/luu/", form)  # someone else saves the first criterion
    response = mine.post(  # from the older page: the first criterion and another one
        YEAR + "tham-dinh/luu/",
        {
            f"p-{first}": "0,5",
            f"n-{first}": "Thiếu biên bản",
            f"v-{first}": _version(old_page, first),
            f"p-{second}": "1,25",
            f"n-{second}": "Đủ tài liệu",
            f"v-{second}": _version(old_page, second),
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert f"Chưa lưu: quantri vừa sửa tiêu chí {first} (từ một trang khác" in page
    assert "bạn đã nhập “0,5”, ghi chú “Thiếu biên bản”" in page
    assert _field(page, f"p-{first}") == "1"  # the newer points, at their version
    assert _field(page, f"p-{second}") == "1,25" and _field(page, f"n-{second}") == "Đủ tài liệu"
    stored = {p.code: p.points for p in AppraisedPoint.objects.filter(assessment=a, round=1)}
    assert stored == {first: "1"}  # nothing of the refused save
    again = {  # saving the page as shown keeps the other member's points and adds mine
        f"p-{first}": _field(page, f"p-{first}"),
        f"v-{first}": _version(page, first),
        f"p-{second}": _field(page, f"p-{second}"),
        f"n-{second}": _field(page, f"n-{second}"),
        f"v-{second}": _version(page, second),
    }
    assert mine.post(YEAR + "tham-dinh/luu/", again).status_code == 302
    stored = {p.code: p.points for p in AppraisedPoint.objects.filter(assessment=a, round=1)}
    assert stored == {first: "1", second: "1.25"}


@pytest.mark.django_db
def test_the_commune_list_and_page_show_the_official_score_of_an_appraised_year() -> None:
    a = _dan_tien(Assessment.FINAL)
    row = next(r for r in round_rows(a) if not r.na and r.computed > 0)
    AppraisedPoint.objects.create(assessment=a, round=2, code=row.code, points="0")
    totals = totals_of([a])[a.pk]
    official, computed = totals.official, totals.total
    assert official.score < computed.score  # the council took points away
    for page in (login("leader").get("/"), login("leader").get("/xa/dan-tien/")):
        html = page.content.decode()
        cells = html.split('href="/xa/dan-tien/2025/">2025</a>', 1)[1].split("</tr>", 1)[0]
        assert f'<td class="num">{vi_number(official.score)}</td>' in cells
        assert vi_number(computed.score) not in cells


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["1E-999999", "1e-100000000000", "0," + "0" * 40 + "1", "9" * 70])
def test_points_too_fine_or_too_long_to_write_out_are_refused(typed: str) -> None:
    a = _dan_tien(Assessment.ROUND_1)
    code = next(r.code for r in round_rows(a) if not r.na and r.max > 1)
    response = login("council").post(
        YEAR + "tham-dinh/luu/", {f"p-{code}": typed, f"v-{code}": "0"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "số có quá nhiều chữ số sau dấu thập phân" in page or "số quá" in page
    assert len(page) < 2_000_000  # what was typed is shown back as typed, never written out
    assert not AppraisedPoint.objects.filter(assessment=a).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["²", "٣", "9" * 5000, "99999999999999999999", "-1"])
def test_numbers_a_browser_sends_that_are_not_plain_digits_never_break_a_page(number: str) -> None:
    a = _dan_tien(Assessment.ROUND_1)
    code = next(r.code for r in round_rows(a) if not r.na and r.max > 1)
    AppraisedPoint.objects.create(assessment=a, round=1, code=code, points="1", version=1)
    response = login("council").post(
        YEAR + "tham-dinh/luu/", {f"p-{code}": "0,5", f"v-{code}": number}
    )
    assert response.status_code == 409  # not the version saved: refused, nothing changed
    assert AppraisedPoint.objects.get(assessment=a, round=1, code=code).points == "1"
    trail = login("auditor").get(f"/xa/dan-tien/nhat-ky/?nam={number}")
    assert trail.status_code == 200
    province = login("province")
    assignments = province.post("/tinh/thai-nguyen/phan-cong/", {"bo": number})
    assert assignments.status_code == 302
    for url in ("so-sanh-goi/", "so-sanh-goi.csv"):
        for query in (f"?tu={number}&den=2025", f"?tu=2023&den={number}"):
            assert province.get(f"/tinh/thai-nguyen/{url}{query}").status_code in (200, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("xa", ["dan-tien\x00", "\x00", "dan tiến", "dan-tien\n"])
def test_the_audit_log_of_a_commune_code_that_cannot_exist_is_empty_not_an_error(xa: str) -> None:
    """(PostgreSQL refuses a NUL in any query: the code is checked before it is asked for.)"""
    response = login("province").get("/nhat-ky/", {"xa": xa})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert login("province").get("/nhat-ky/", {"xa": "dan-tien"}).context["page"].paginator.count


@pytest.mark.django_db
def test_after_the_explanation_deadline_the_commune_proposes_no_more() -> None:
    a = _dan_tien(Assessment.EXPLANATION)
    _with_adjustments(a)
    year = AppraisalYear.objects.get(province__slug="thai-nguyen", year=2025)
    year.explanation_deadline = today() - dt.timedelta(days=1)
    year.save()
    page = login("leader").post(
        YEAR + "thuong-tru/", {"code": "T1", "reason": "QĐ 12"}, follow=True
    )
    assert "Đã quá hạn" in page.content.decode()
    assert not ProposedAdjustment.objects.filter(assessment=a).exists()
    year.explanation_deadline = today()  # the deadline day itself is allowed
    year.save()
    login("leader").post(YEAR + "thuong-tru/", {"code": "T1", "reason": "QĐ 12"})
    assert ProposedAdjustment.objects.filter(assessment=a, code="T1").exists()


@pytest.mark.django_db
def test_a_save_after_the_council_closed_the_year_names_no_round() -> None:
    a = _dan_tien(Assessment.FINAL)
    code = next(r.code for r in round_rows(a) if not r.na and r.max > 1)
    page = login("council").post(YEAR + "tham-dinh/luu/", {f"p-{code}": "1"}, follow=True)
    html = page.content.decode()
    assert (
        "Chưa lưu điểm thẩm định: không vòng nào đang mở, hồ sơ đang ở bước “Đã có kết quả thẩm "
        "định”" in html
    )
    assert "thẩm định vòng 1: vòng" not in html  # the page was round 2's: no round is open now
    assert not AppraisedPoint.objects.filter(assessment=a).exists()


@pytest.mark.django_db
def test_a_form_sent_after_the_session_expired_comes_back_to_its_page_after_signing_in() -> None:
    from django.test import Client

    from parscore.web.demo import DEMO_PASSWORD
    from parscore.web.expired import EXPIRED

    a = _dan_tien(Assessment.ROUND_1)
    code = next(r.code for r in round_rows(a) if not r.na and r.max > 1)
    page = f"http://testserver{YEAR}tham-dinh/"
    browser = Client()  # signed out: the session has expired
    sent = browser.post(YEAR + "tham-dinh/luu/", {f"p-{code}": "1"}, HTTP_REFERER=page)
    assert sent.status_code == 302
    assert sent.url == "/dang-nhap/?next=%2Fxa%2Fdan-tien%2F2025%2Ftham-dinh%2F"
    login_page = browser.get(sent.url).content.decode()
    assert EXPIRED in login_page
    signed_in = browser.post(
        sent.url, {"username": "hoidong", "password": DEMO_PASSWORD, "next": f"{YEAR}tham-dinh/"}
    )
    assert signed_in.url == YEAR + "tham-dinh/"
    assert browser.get(signed_in.url).status_code == 200
    assert not AppraisedPoint.objects.filter(assessment=a).exists()  # nothing was done
    elsewhere = Client().post(YEAR + "tham-dinh/luu/", {}, HTTP_REFERER="https://evil.example/x")
    assert elsewhere.url == "/dang-nhap/?next=/xa/dan-tien/2025/tham-dinh/luu/"  # as before
