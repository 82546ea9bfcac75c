"""A leader takes a submission back (rút lại bản đã nộp) while the council has not begun: a
leader who submitted by mistake could not, only the province could reopen the year."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.contrib.auth import get_user_model

from parscore.web.models import AppraisalYear, Assessment, AuditEntry
from parscore.web.workflow import Refused, move, today

from .conftest import login

YEAR = "/xa/dan-tien/2025/"
BUTTON = re.compile(r"<button[^>]*>Rút lại bản đã nộp</button>")

pytestmark = pytest.mark.django_db


def _year() -> Assessment:
    return Assessment.objects.select_related("commune").get(commune__slug="dan-tien", year=2025)


def _set(state: str) -> Assessment:
    a = _year()
    a.status = state
    a.save(update_fields=["status"])
    return a


def _deadlines() -> AppraisalYear:
    return AppraisalYear.objects.get(province__slug="thai-nguyen", year=2025)


def _submitted() -> None:
    assert login("leader").post(YEAR + "nop/").status_code == 302
    assert _year().status == Assessment.SUBMITTED


def test_the_leader_withdraws_a_submission_and_the_commune_edits_again() -> None:
    _submitted()
    deadline = _deadlines().self_deadline
    assert deadline is not None
    leader = login("leader")
    page = leader.get(YEAR).content.decode()
    button = BUTTON.search(page)
    assert button is not None
    # posted (CSRF-protected form), and asks first, naming the deadline to submit again by
    form = page[page.rindex("<form", 0, button.start()) : button.end()]
    assert 'method="post" action="/xa/dan-tien/2025/rut-lai/"' in form
    assert "csrfmiddlewaretoken" in form
    asked = html.unescape(button.group(0))
    assert (
        'data-confirm="Rút lại bản đã nộp? Xã sửa được số liệu và phải nộp lại trước hạn '
        f'{deadline:%d/%m/%Y}: chưa nộp lại thì hội đồng không thẩm định được."' in asked
    )
    assert f"(được đến hết ngày <b>{deadline:%d/%m/%Y}</b>)" in page
    done = leader.post(YEAR + "rut-lai/", follow=True).content.decode()
    assert "Đã rút lại bản tự đánh giá: xã sửa được số liệu và tài liệu." in done
    assert f"Sửa xong, bấm Nộp bản tự đánh giá trước hạn {deadline:%d/%m/%Y}." in done
    a = _year()
    assert a.status == Assessment.DRAFT  # a first submission: back to the draft
    assert a.submitted_at is None and a.submitted_by is None
    entry = AuditEntry.objects.get(action="withdraw_submission")
    assert (entry.username, entry.target, entry.old, entry.new) == (
        "dantien-lanhdao",
        "status",
        "submitted",
        "draft",
    )
    assert entry.commune == a.commune and entry.year == 2025
    assert BUTTON.search(done) is None and "Nộp bản tự đánh giá</button>" in done
    assert login("staff").post(YEAR + "luu/", {}).status_code == 302  # editable again
    # the audit log names the step as the button does
    assert "Rút lại bản đã nộp" in login("leader").get("/nhat-ky/").content.decode()


def test_staff_neither_see_nor_post_it() -> None:
    _submitted()
    staff = login("staff")
    assert BUTTON.search(staff.get(YEAR).content.decode()) is None
    refused = staff.post(YEAR + "rut-lai/")
    assert refused.status_code == 403
    assert "Chỉ lãnh đạo xã Dân Tiến được rút lại bản đã nộp" in refused.content.decode()
    assert _year().status == Assessment.SUBMITTED
    entry = AuditEntry.objects.get(action="refused")
    assert (entry.username, entry.target) == ("dantien", "withdraw_submission")
    with pytest.raises(Refused, match="Chỉ lãnh đạo xã được rút lại bản đã nộp"):
        move(get_user_model().objects.get(username="dantien"), _year(), "withdraw_submission")


@pytest.mark.parametrize("role", ["council", "province", "auditor"])
def test_the_council_and_the_province_are_not_offered_it(role: str) -> None:
    _submitted()
    client = login(role)
    assert BUTTON.search(client.get(YEAR).content.decode()) is None
    assert client.post(YEAR + "rut-lai/").status_code == 403
    assert _year().status == Assessment.SUBMITTED


@pytest.mark.parametrize("state", [Assessment.ROUND_1, Assessment.EXPLANATION, Assessment.FINAL])
def test_refused_once_the_council_began(state: str) -> None:
    _submitted()
    _set(state)
    leader = login("leader")
    assert BUTTON.search(leader.get(YEAR).content.decode()) is None
    page = leader.post(YEAR + "rut-lai/", follow=True).content.decode()
    label = dict(Assessment.STATUSES)[state]
    assert (
        "Không thể rút lại bản đã nộp: hội đồng thẩm định đã bắt đầu thẩm định (hồ sơ đang ở "
        f"bước “{label}”). Muốn sửa, đề nghị cán bộ tỉnh mở lại để xã sửa."
    ) in html.unescape(page)
    assert _year().status == state
    assert not AuditEntry.objects.filter(action="withdraw_submission").exists()
    assert AuditEntry.objects.filter(action="refused", target="withdraw_submission").count() == 1


def test_refused_on_a_year_never_submitted() -> None:
    with pytest.raises(Refused, match="bản tự đánh giá năm 2025 chưa được nộp"):
        move(
            get_user_model().objects.get(username="dantien-lanhdao"), _year(), "withdraw_submission"
        )


def test_refused_after_the_self_assessment_deadline_and_allowed_on_its_day() -> None:
    _submitted()
    row = _deadlines()
    row.self_deadline = today() - dt.timedelta(days=1)
    row.save()
    leader = login("leader")
    page = leader.get(YEAR).content.decode()
    assert BUTTON.search(page) is None  # said instead, with what to do
    assert (
        f"Đã quá hạn tự đánh giá ({row.self_deadline:%d/%m/%Y}): không rút lại được bản đã nộp "
        "nữa. Muốn sửa, đề nghị cán bộ tỉnh mở lại."
    ) in page
    refused = leader.post(YEAR + "rut-lai/", follow=True).content.decode()
    assert f"Đã quá hạn {row.self_deadline:%d/%m/%Y}: không thể rút lại bản đã nộp nữa." in refused
    assert _year().status == Assessment.SUBMITTED
    row.self_deadline = today()
    row.save()
    assert BUTTON.search(leader.get(YEAR).content.decode()) is not None
    leader.post(YEAR + "rut-lai/")
    assert _year().status == Assessment.DRAFT


def test_refused_on_a_published_year() -> None:
    _submitted()
    AppraisalYear.objects.filter(pk=_deadlines().pk).update(published=True)
    leader = login("leader")
    assert BUTTON.search(leader.get(YEAR).content.decode()) is None
    page = leader.post(YEAR + "rut-lai/", follow=True).content.decode()
    assert "Kết quả năm 2025 đã công bố: không thay đổi được nữa." in page
    assert _year().status == Assessment.SUBMITTED


def test_a_year_the_province_had_reopened_stays_reopened() -> None:
    """Withdrawing a submission made after the province reopened the year leads back to
    "reopened" (its earlier appraisal still linked), not to a draft never appraised."""
    _submitted()
    move(get_user_model().objects.get(username="tinh"), _year(), "reopen")
    _submitted()
    login("leader").post(YEAR + "rut-lai/")
    assert _year().status == Assessment.REOPENED
    entry = AuditEntry.objects.get(action="withdraw_submission")
    assert (entry.old, entry.new) == ("submitted", "reopened")
    # and a stale second click says it was done, by whom
    page = login("leader").post(YEAR + "rut-lai/", follow=True).content.decode()
    assert "Việc rút lại bản đã nộp đã được làm rồi (dantien-lanhdao, lúc" in html.unescape(page)
    assert _year().status == Assessment.REOPENED


def _saved_by_staff() -> str:
    """What commune staff are told posting the year's form once it is submitted."""
    staff = login("staff")
    page = staff.get(YEAR).content.decode()
    response = staff.post(YEAR + "luu/", {"csrfmiddlewaretoken": "", "m-initiatives": "6"})
    assert response.status_code == 409 and page
    return html.unescape(response.content.decode())


OFFER = "lãnh đạo xã bấm “Rút lại bản đã nộp” ở cuối trang năm"


def test_staff_posting_to_a_submitted_year_are_told_the_leader_may_withdraw_it() -> None:
    """Told only to ask the province to reopen the year, though the leader could take it back;
    once the deadline passed the leader cannot, and it is not said."""
    _submitted()
    assert OFFER in _saved_by_staff()
    row = _deadlines()
    row.self_deadline = today() - dt.timedelta(days=1)
    row.save()
    page = _saved_by_staff()
    assert OFFER not in page and "Muốn sửa, đề nghị tỉnh mở lại." in page


def test_refused_once_the_council_put_the_year_into_a_meeting() -> None:
    """A submitted year the council recorded in a meeting has been taken up: the leader's
    button went on offering to take it back, and the withdrawal was done."""
    from .test_meetings import GOOD, MEETING

    _submitted()
    assert login("council").post(MEETING, GOOD).status_code == 302
    leader = login("leader")
    page = html.unescape(leader.get(YEAR).content.decode())
    assert BUTTON.search(page) is None
    said = (
        "Không thể rút lại bản đã nộp: hội đồng đã đưa hồ sơ vào phiên họp thẩm định ngày "
        "15/01/2026. Muốn sửa, đề nghị cán bộ tỉnh mở lại để xã sửa."
    )
    assert said in page  # why, instead of the button
    refused = html.unescape(leader.post(YEAR + "rut-lai/", follow=True).content.decode())
    assert said in refused
    assert _year().status == Assessment.SUBMITTED
    assert not AuditEntry.objects.filter(action="withdraw_submission").exists()
    assert OFFER not in _saved_by_staff()  # nor offered to the commune's staff
