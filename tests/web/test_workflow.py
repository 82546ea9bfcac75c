"""The appraisal workflow's state machine: every transition x every role, order, deadlines,
assignment, publication; a refusal changes nothing and is logged."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from parscore.web.models import AppraisalYear, Assessment, AuditEntry, ExplanationRequest
from parscore.web.workflow import ACTIONS, Refused, move, publish, today

from .conftest import ROLE_USERS

# action -> (a state it starts from, the one role allowed besides the administrator)
ALLOWED = {
    "submit": (Assessment.DRAFT, "leader"),
    "withdraw_submission": (Assessment.SUBMITTED, "leader"),
    "start_round_1": (Assessment.SUBMITTED, "council"),
    "ask_explanations": (Assessment.ROUND_1, "council"),
    "start_round_2": (Assessment.EXPLANATION, "council"),
    "finalise": (Assessment.ROUND_2, "council"),
    "reopen": (Assessment.FINAL, "province"),
}
ROLES = [r for r in ROLE_USERS if r != "admin"]


def _user(role: str):  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username=ROLE_USERS[role])


def _year(state: str) -> Assessment:
    a = Assessment.objects.select_related("commune").get(commune__slug="dan-tien", year=2025)
    a.status = state
    a.save(update_fields=["status"])
    return a


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(ALLOWED))
@pytest.mark.parametrize("role", [*ROLES, "admin"])
def test_transition_by_role(action: str, role: str) -> None:
    source, allowed = ALLOWED[action]
    a = _year(source)
    ExplanationRequest.objects.create(assessment=a, code="1.2")  # something to ask about
    refusals = AuditEntry.objects.filter(action="refused").count()
    if role in (allowed, "admin"):
        move(_user(role), a, action)
        assert Assessment.objects.get(pk=a.pk).status == ACTIONS[action].target
        assert AuditEntry.objects.filter(action=action, old=source).exists()
    else:
        with pytest.raises(Refused) as exc:
            move(_user(role), a, action)
        assert Assessment.objects.get(pk=a.pk).status == source  # nothing changed
        assert AuditEntry.objects.filter(action="refused").count() == refusals + 1
        if role == "other_council" and allowed == "council":
            assert "chưa được phân công" in str(exc.value)
        if role == "field_council" and allowed == "council":  # only some fields
            assert "phụ trách cả xã" in str(exc.value)


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(ALLOWED))
def test_out_of_order_move_is_refused(action: str) -> None:
    role = ALLOWED[action][1]
    for state, _ in Assessment.STATUSES:
        if state in ACTIONS[action].sources:
            continue
        a = _year(state)
        # already there: said so (a year never submitted is not one whose submission was withdrawn)
        done = state == ACTIONS[action].target and action != "withdraw_submission"
        with pytest.raises(Refused, match="đã được làm rồi" if done else "Không thể"):
            move(_user(role), a, action)
        assert Assessment.objects.get(pk=a.pk).status == state


@pytest.mark.django_db
def test_action_after_deadline_is_refused_and_the_deadline_day_allowed() -> None:
    year = AppraisalYear.objects.get(province__slug="thai-nguyen", year=2025)
    year.round_1_deadline = today() - dt.timedelta(days=1)
    year.save()
    a = _year(Assessment.SUBMITTED)
    with pytest.raises(Refused, match="Đã quá hạn"):
        move(_user("council"), a, "start_round_1")
    assert Assessment.objects.get(pk=a.pk).status == Assessment.SUBMITTED
    year.round_1_deadline = today()
    year.save()
    move(_user("council"), a, "start_round_1")
    assert Assessment.objects.get(pk=a.pk).status == Assessment.ROUND_1


@pytest.mark.django_db
def test_publish_needs_every_commune_final_and_the_province() -> None:
    from parscore.web.models import Province

    province = Province.objects.get(slug="thai-nguyen")
    with pytest.raises(Refused, match="Chỉ cán bộ tỉnh"):
        publish(_user("council"), province, 2025)
    with pytest.raises(Refused, match="chưa chốt"):
        publish(_user("province"), province, 2025)
    Assessment.objects.filter(commune__province=province, year=2025).update(status="final")
    publish(_user("province"), province, 2025)
    assert AppraisalYear.objects.get(province=province, year=2025).published
    with pytest.raises(Refused, match="đã công bố"):  # frozen: no reopening
        move(_user("province"), _year(Assessment.FINAL), "reopen")
    with pytest.raises(Refused, match="đã được công bố"):
        publish(_user("province"), province, 2025)


@pytest.mark.django_db
def test_the_ranking_page_says_what_the_publication_waits_for() -> None:
    """Until every commune was final the province's page had no word on publishing: the
    officer looked for a button that was not there, and for the communes it waited for."""
    from .conftest import login

    url = "/tinh/thai-nguyen/2025/"
    page = login("province").get(url).content.decode()
    wait = re.search(r'<p class="publish-wait print-hide" id="cho-cong-bo">(.*?)</p>', page)
    assert wait is not None
    assert "Còn 7 xã chưa: Dân Tiến (đang tự đánh giá); Tổng hợp 0001 (đã nộp);" in wait.group(1)
    assert "Tổng hợp 0005" not in wait.group(1)  # final
    assert "cho-cong-bo" not in login("auditor").get(url).content.decode()  # not theirs to do
    Assessment.objects.filter(commune__province__slug="thai-nguyen", year=2025).update(
        status="final"
    )
    page = login("province").get(url).content.decode()
    assert "cho-cong-bo" not in page and "Công bố kết quả chính thức</button>" in page


@pytest.mark.django_db
def test_province_sets_deadlines_which_the_workflow_then_enforces() -> None:
    from .conftest import login

    url = "/tinh/thai-nguyen/2025/han/"
    dates = {"round_1_deadline": "01/01/2020", "self_deadline": "31/12/2019"}
    assert login("council").post(url, dates).status_code == 403
    page = login("province").post(url, {**dates, "round_2_deadline": "31/02/2099"}, follow=True)
    assert "Chưa lưu" in page.content.decode()
    page = login("province").post(url, {**dates, "round_2_deadline": "2027-13-01"}, follow=True)
    shown = html.unescape(page.content.decode())
    assert "tháng 13 không có; ngày viết theo ngày/tháng/năm" in shown
    assert "tháng/ngày/năm" not in shown  # a year-first date is never read month first
    login("province").post(url, dates)
    page = login("province").get("/tinh/thai-nguyen/2025/").content.decode()
    assert 'name="round_2_deadline" value=""' in page and 'value="01/01/2020"' in page
    year = AppraisalYear.objects.get(province__slug="thai-nguyen", year=2025)
    assert year.round_1_deadline == dt.date(2020, 1, 1) and year.round_2_deadline is None
    assert AuditEntry.objects.filter(action="deadlines").exists()
    with pytest.raises(Refused, match="01/01/2020"):
        move(_user("council"), _year(Assessment.SUBMITTED), "start_round_1")


@pytest.mark.django_db
def test_deadlines_out_of_the_steps_order_are_refused() -> None:
    from .conftest import login

    url = "/tinh/thai-nguyen/2025/han/"
    dates = {"self_deadline": "15/01/2026", "round_1_deadline": "10/01/2026",
             "round_2_deadline": "28/02/2026"}  # fmt: skip
    before = AppraisalYear.objects.filter(province__slug="thai-nguyen", year=2025).first()
    page = login("province").post(url, dates, follow=True).content.decode()
    assert "Chưa lưu: Hạn thẩm định vòng 1 (10/01/2026) trước hạn tự đánh giá (15/01/2026)." in page
    after = AppraisalYear.objects.filter(province__slug="thai-nguyen", year=2025).first()
    assert (after and after.round_1_deadline) == (before and before.round_1_deadline)  # unchanged
    # a step left without a deadline is skipped: round 2 is compared with round 1
    dates["round_1_deadline"] = "20/01/2026"
    login("province").post(url, dates)
    year = AppraisalYear.objects.get(province__slug="thai-nguyen", year=2025)
    assert year.round_1_deadline == dt.date(2026, 1, 20)
    page = login("province").post(url, {**dates, "explanation_deadline": "01/03/2026"}, follow=True)
    assert (
        "Hạn thẩm định vòng 2 (28/02/2026) trước hạn giải trình (01/03/2026)."
        in page.content.decode()
    )


@pytest.mark.django_db
def test_pack_migration_shows_drift_first_then_moves_and_logs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parscore.resources import shipped_rules_dir

    from .conftest import login

    rules = shipped_rules_dir()
    assert rules is not None
    text = (rules / "2025.yaml").read_text(encoding="utf-8")
    (tmp_path / "rules").mkdir()
    revised = text.replace("revision: ", "revision: 1", 1)  # a later revision of the same pack
    (tmp_path / "rules" / "2025-sua.yaml").write_text(revised, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    url = "/tinh/thai-nguyen/2025/doi-goi/"
    assert login("council").get(url + "?goi=2025-sua.yaml").status_code == 403
    client = login("province")
    page = client.get(url + "?goi=2025-sua.yaml").content.decode()
    assert 'id="drift"' in page and "Dân Tiến" in page
    a = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    assert a.pack.text == text  # nothing moved by looking
    page = client.get(url + "?goi=2023.yaml", follow=True).content.decode()
    assert "dành cho năm 2023" in page
    # the same revision with other points: said once, above the drift table
    (tmp_path / "rules" / "2025-tay.yaml").write_text(
        text.replace("{ min: 90, points: 1.5 }", "{ min: 90, points: 1.25 }"), encoding="utf-8"
    )
    page = client.get(url + "?goi=2025-tay.yaml").content.decode()
    warning = "hai gói cùng mã thai-nguyen/xa/2025 và cùng lần sửa 1"
    assert page.count(warning) == 1 and page.index(warning) < page.index('id="drift"')
    client.post(url, {"goi": "2025-sua.yaml"})
    a.refresh_from_db()
    assert a.pack.text == revised
    assert AuditEntry.objects.filter(action="pack_migrate", commune__slug="dan-tien").exists()


@pytest.mark.django_db
def test_asking_explanations_needs_a_requested_criterion() -> None:
    a = _year(Assessment.ROUND_1)
    with pytest.raises(Refused, match="Chưa chọn tiêu chí nào"):
        move(_user("council"), a, "ask_explanations")
    assert Assessment.objects.get(pk=a.pk).status == Assessment.ROUND_1


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(ALLOWED))
def test_a_move_sent_twice_says_it_was_done_and_by_whom(action: str) -> None:
    """A double click, a second tab or a colleague: the second move changes nothing, is logged,
    and says the step was already taken (by whom, when), not that it cannot be done."""
    source, role = ALLOWED[action]
    a = _year(source)
    ExplanationRequest.objects.create(assessment=a, code="1.2")
    move(_user(role), a, action)
    stale = Assessment.objects.select_related("commune").get(pk=a.pk)
    stale.status = source  # as the page of before showed it
    with pytest.raises(Refused) as exc:
        move(_user(role), stale, action)
    message = str(exc.value)
    assert message.startswith(f"Việc {ACTIONS[action].label} đã được làm rồi ({ROLE_USERS[role]}")
    assert "Không làm lại lần nữa." in message
    assert Assessment.objects.get(pk=a.pk).status == ACTIONS[action].target
    assert AuditEntry.objects.filter(action=action).count() == 1
    assert AuditEntry.objects.filter(action="refused", new=message).count() == 1


@pytest.mark.django_db
def test_publishing_twice_says_by_whom() -> None:
    from parscore.web.models import Province

    province = Province.objects.get(slug="thai-nguyen")
    Assessment.objects.filter(commune__province=province, year=2025).update(status="final")
    publish(_user("province"), province, 2025)
    with pytest.raises(Refused, match=r"đã được công bố \(tinh, lúc .*\): không công bố lại"):
        publish(_user("province"), province, 2025)
    assert AuditEntry.objects.filter(action="publish", target="thai-nguyen 2025").count() == 1


@pytest.mark.django_db(transaction=True)
def test_publishing_while_a_commune_is_reopened_never_publishes_it_open(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """PostgreSQL, two requests at once: the province publishes the year while another officer
    reopens one of its communes (checked: not published; not yet committed). Publishing waits
    for the commune's row and then sees it reopened: refused, never a published year with a
    commune open again."""
    import threading

    from django.db import connection

    from parscore.web import workflow
    from parscore.web.models import Province

    from .conftest import seed

    if connection.vendor != "postgresql":
        pytest.skip("row locks of two transactions at once: PostgreSQL (PARSCORE_TEST_DB)")
    seed()
    province = Province.objects.get(slug="thai-nguyen")
    Assessment.objects.filter(commune__province=province, year=2025).update(status="final")
    officer = _user("province")
    outcome: dict[str, str] = {}

    def publishing() -> None:
        try:
            publish(officer, province, 2025)
            outcome["published"] = "yes"
        except Refused as exc:
            outcome["refused"] = str(exc)
        finally:
            connection.close()  # this thread's own connection

    other = threading.Thread(target=publishing)
    real = workflow.record

    def record(user, action, *args, **kwargs):  # type: ignore[no-untyped-def]
        entry = real(user, action, *args, **kwargs)
        if action == "reopen":  # inside the reopening transaction, before it commits
            other.start()
            other.join(timeout=1)
        return entry

    monkeypatch.setattr(workflow, "record", record)
    move(officer, _year(Assessment.FINAL), "reopen")
    other.join(timeout=60)
    assert "Dân Tiến" in outcome.get("refused", ""), outcome
    assert not AppraisalYear.objects.get(province=province, year=2025).published


@pytest.mark.django_db
def test_a_leader_made_staff_mid_session_is_refused_the_submission_and_it_is_logged() -> None:
    """The leader's page still shows 'Nộp bản tự đánh giá' after the role changed: the 403
    names why, nothing changes, and the refusal is in the audit log (it was not)."""
    from parscore.web.models import Membership

    from .conftest import login

    leader = login("leader")
    assert "Nộp bản tự đánh giá" in leader.get("/xa/dan-tien/2025/").content.decode()
    Membership.objects.filter(user=_user("leader"), role=Membership.LEADER).update(
        role=Membership.STAFF
    )
    response = leader.post("/xa/dan-tien/2025/nop/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Chỉ lãnh đạo xã Dân Tiến được nộp bản tự đánh giá" in page
    assert "vai trò hoặc phân công của bạn có thể vừa được đổi" in page
    assert _year(Assessment.DRAFT).status == Assessment.DRAFT
    entry = AuditEntry.objects.get(action="refused")
    assert (entry.username, entry.target, entry.old) == ("dantien-lanhdao", "submit", "draft")
    assert entry.commune is not None and entry.year == 2025


@pytest.mark.django_db
def test_a_refusal_the_view_logged_itself_is_logged_once() -> None:
    from parscore.web.models import CouncilAssignment

    from .conftest import login

    _year(Assessment.ROUND_1)
    council = login("council")
    CouncilAssignment.objects.filter(user=_user("council"), commune__slug="dan-tien").delete()
    response = council.post("/xa/dan-tien/2025/tham-dinh/luu/", {"vong": "1"})
    assert response.status_code == 403
    assert "Bạn chưa được phân công thẩm định xã Dân Tiến" in response.content.decode()
    assert AuditEntry.objects.filter(action="refused").count() == 1


def _deadlines_form(client) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The deadlines form as the ranking page draws it (what a browser sends back)."""
    import html
    import re

    page = client.get("/tinh/thai-nguyen/2025/").content.decode()
    form = page.split('class="deadlines"')[1].split("</form>")[0]
    return {m[1]: html.unescape(m[2]) for m in re.finditer(r'name="([^"]+)" value="([^"]*)"', form)}


@pytest.mark.django_db
def test_two_officers_setting_deadlines_keep_each_others_and_never_unpublish() -> None:
    """The deadlines form saved the whole year row read before: another officer's deadline made
    meanwhile was put back, and a publication made meanwhile was undone (published = False
    written back, no history row)."""
    from .conftest import login

    url = "/tinh/thai-nguyen/2025/han/"
    first, second = login("province"), login("admin")
    mine, theirs = _deadlines_form(first), _deadlines_form(second)
    mine["self_deadline"] = "10/01/2026"
    assert first.post(url, mine).status_code == 302
    theirs["round_2_deadline"] = "30/06/2027"
    assert second.post(url, theirs).status_code == 302
    row = AppraisalYear.objects.get(province__slug="thai-nguyen", year=2025)
    assert (row.self_deadline, row.round_2_deadline) == (dt.date(2026, 1, 10), dt.date(2027, 6, 30))
    # both changed one deadline: refused beside it, the newer shown
    mine, theirs = _deadlines_form(first), _deadlines_form(second)
    mine["self_deadline"] = "11/01/2026"
    first.post(url, mine)
    theirs["self_deadline"] = "12/01/2026"
    response = second.post(url, theirs)
    assert response.status_code == 422
    assert "vừa được lưu từ một trang khác là “11/01/2026” (bạn đã nhập “12/01/2026”)" in (
        response.content.decode()
    )
    assert AppraisalYear.objects.get(pk=row.pk).self_deadline == dt.date(2026, 1, 11)


@pytest.mark.django_db
def test_deadlines_saved_while_the_year_is_published_leave_it_published(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from parscore.web.views import province as view

    from .conftest import login

    form = _deadlines_form(login("province"))
    form["round_1_deadline"] = "02/02/2027"
    row = AppraisalYear.objects.get(province__slug="thai-nguyen", year=2025)
    read = view.read_date

    def and_meanwhile(text: str):  # type: ignore[no-untyped-def]
        AppraisalYear.objects.filter(pk=row.pk).update(published=True)
        return read(text)

    monkeypatch.setattr(view, "read_date", and_meanwhile)
    assert login("province").post("/tinh/thai-nguyen/2025/han/", form).status_code == 302
    assert AppraisalYear.objects.get(pk=row.pk).published


@pytest.mark.django_db
def test_reopening_asks_first_naming_the_step_the_council_is_at() -> None:
    """ "Mở lại để xã sửa" took the year out of the council's hands at one click (no question,
    unlike submitting and publishing)."""
    from .conftest import login

    _year(Assessment.ROUND_1)
    page = login("province").get("/xa/dan-tien/2025/").content.decode()
    button = re.search(r"<button[^>]*>Mở lại để xã sửa</button>", page)
    assert button is not None
    assert 'data-confirm="Mở lại hồ sơ năm 2025 của xã Dân Tiến để xã sửa?' in button.group(0)
    assert "đang ở bước “Thẩm định vòng 1”: xã sửa xong phải nộp lại" in button.group(0)


@pytest.mark.django_db
def test_round_2_is_not_begun_over_requests_never_sent_to_the_commune() -> None:
    """A member ticked "yêu cầu giải trình", saved, then pressed "Bắt đầu thẩm định vòng 2":
    round 2 began, the request was never sent and the commune could never answer it."""
    from .conftest import login

    a = _year(Assessment.ROUND_1)
    for code in ("1.2", "1.1", "10.1"):
        ExplanationRequest.objects.create(assessment=a, code=code)
    council = login("council")
    screen = council.get("/xa/dan-tien/2025/tham-dinh/").content.decode()
    assert "Gửi yêu cầu giải trình" in screen and "Bắt đầu thẩm định vòng 2" not in screen
    page = council.post("/xa/dan-tien/2025/tham-dinh/start_round_2/", follow=True)
    text = page.content.decode()
    assert "Chưa bắt đầu vòng 2: 3 tiêu chí đã đánh dấu yêu cầu giải trình (1.1, 1.2, 10.1)" in text
    assert "Bấm “Gửi yêu cầu giải trình” để xã trả lời trước vòng 2" in text
    a.refresh_from_db()
    assert a.status == Assessment.ROUND_1
    entry = AuditEntry.objects.filter(action="refused").latest("pk")
    assert entry.target == "start_round_2"
    # sent and answered (a year appraised again after reopening): round 2 may begin from round 1
    ExplanationRequest.objects.filter(assessment=a).update(answer="Đã bổ sung.")
    move(_user("council"), a, "start_round_2")
    assert a.status == Assessment.ROUND_2
