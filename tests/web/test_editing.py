"""The year's form: Vietnamese input read, the engine's validation, rejected saves change nothing,
every change audited, the live score computed by the engine without saving."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parscore.loader import load_evidence
from parscore.scoring import score
from parscore.web.editing import read_posted
from parscore.web.evidence import load_assessment, parse_input
from parscore.web.models import Assessment, AuditEntry, MetricValue
from parscore.web.packs import loaded_pack

from ..conftest import ROOT
from .conftest import login
from .posted_forms import form_values

YEAR = "/xa/dan-tien/2025/"


def _assessment() -> Assessment:
    return Assessment.objects.get(commune__slug="dan-tien", year=2025)


def _stored() -> dict[str, str]:
    return dict(MetricValue.objects.filter(assessment=_assessment()).values_list("name", "value"))


@pytest.mark.django_db
def test_the_stored_year_scores_as_the_sample_file_does() -> None:
    evidence, pack = load_assessment(_assessment())
    sample, sample_pack = load_evidence(ROOT / "evidence" / "dan-tien-2025.yaml")
    assert pack.sha256 == sample_pack.sha256
    assert score(pack, evidence).to_dict() == score(sample_pack, sample).to_dict()


@pytest.mark.django_db
def test_unchanged_form_saves_nothing() -> None:
    client = login("staff")
    values = form_values(client.get(YEAR).content.decode())
    before = _stored()
    response = client.post(YEAR + "luu/", values)
    assert response.status_code == 302
    assert _stored() == before
    assert not AuditEntry.objects.filter(action="metric").exists()


@pytest.mark.django_db
def test_vietnamese_input_is_read_and_each_change_audited() -> None:
    client = login("staff")
    values = form_values(client.get(YEAR).content.decode())
    values["m-plan_tasks_done"] = "42"
    values["m-training_done"] = "1.234"  # a count: dots are thousands
    values["m-training_planned"] = "1.500"
    values["m-internal_tthc_reviewed_rate"] = "85,5"  # decimal comma
    values["m-decentral_inspection_date"] = "05/11/2025"  # dd/mm/yyyy
    values["m-tthc_posted_at_centre"] = "false"
    values["claim-1.1"] = "2,25"
    response = client.post(YEAR + "luu/", values)
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = _stored()
    assert stored["plan_tasks_done"] == "42"
    assert stored["training_done"] == "1234"
    assert stored["internal_tthc_reviewed_rate"] == "85.5"
    assert stored["decentral_inspection_date"] == "2025-11-05"
    assert stored["tthc_posted_at_centre"] == "false"
    entries = AuditEntry.objects.filter(action="metric", target__endswith="(plan_tasks_done)")
    assert [(e.username, e.old, e.new) for e in entries] == [("dantien", "38", "42")]
    assert entries[0].target.startswith("Số nhiệm vụ của Kế hoạch CCHC đã hoàn thành")
    claim = AuditEntry.objects.get(action="claim", target="1.1")
    assert (claim.old, claim.new) == ("3.5", "2.25")


@pytest.mark.django_db
def test_a_rejected_save_changes_nothing_and_says_why_beside_the_field() -> None:
    client = login("staff")
    values = form_values(client.get(YEAR).content.decode())
    values["m-plan_tasks_done"] = "40"  # valid, but the save is refused as a whole
    values["m-initiatives"] = "NHIỀU"  # not a number (reading)
    values["m-tthc_portal_public_rate"] = "120"  # above 100 (the engine's range check)
    values["m-training_done"] = "2,5"  # a count must be whole (the engine)
    values["claim-1.1"] = "9"  # above the criterion's maximum (the engine)
    values["na-3.2.2"] = "không có"  # not allowed for this criterion: the field is not shown
    before = _stored()
    response = client.post(YEAR + "luu/", values)
    assert response.status_code == 422
    assert _stored() == before
    assert not AuditEntry.objects.filter(action="metric").exists()
    page = response.content.decode()
    assert "Chưa lưu: 4 ô chưa hợp lệ" in page
    errors = re.findall(r'<span class="error">([^<]*)</span>', page)
    texts = " | ".join(html.unescape(e) for e in errors)
    assert "Cần một số, nhận được 'NHIỀU'" in texts  # as typed (it was lowered: 'nhiều')
    assert "giá trị 120 lớn hơn mức tối đa 100" in texts
    # as typed, with a comma (it said "2.5"), beside the field named by its label only (it
    # said the label again and the pack's name of the input: "… (training_done): …")
    assert "Cần một số nguyên (đếm), nhận được '2,5'" in texts
    assert "2.5" not in texts and "_rate)" not in texts and "training_done" not in texts
    assert "vượt điểm tối đa" in texts
    # what was typed is kept in the form
    assert 'value="NHIỀU"' in page and 'value="120"' in page


@pytest.mark.django_db
def test_not_applicable_declaration_where_allowed() -> None:
    client = login("staff")
    values = form_values(client.get(YEAR).content.decode())
    values["na-6.3.1"] = ""  # withdraw the declaration
    assert client.post(YEAR + "luu/", values).status_code == 302
    evidence, pack = load_assessment(_assessment())
    assert "6.3.1" not in evidence.model.not_applicable
    assert score(pack, evidence).leaf("6.3.1").status != "na"
    entry = AuditEntry.objects.get(action="not_applicable", target="6.3.1")
    assert entry.new == "" and entry.old.startswith("Các đơn vị")


@pytest.mark.django_db
def test_live_preview_scores_without_saving() -> None:
    client = login("staff")
    values = form_values(client.get(YEAR).content.decode())
    values["m-plan_tasks_done"] = "42"
    values["m-initiatives"] = "abc"
    response = client.post(YEAR + "xem-truoc/", values, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<span id="total-score">88,05</span>' in page  # the bad cell is left out
    assert "Ô chưa hợp lệ" in page and "abc" in page
    assert _stored()["plan_tasks_done"] == "38"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "admin"])
def test_a_live_score_reads_only_what_it_scores(role: str) -> None:
    """Sent on every keystroke: the year read once, none of the rows the posted form replaces
    (claims, not-applicable declarations), none of the menu's (the fragment shows no menu)."""
    client = login(role)
    values = form_values(client.get(YEAR).content.decode())
    with CaptureQueriesContext(connection) as queries:
        response = client.post(YEAR + "xem-truoc/", values, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="total-score"' in response.content.decode()
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum('FROM "web_assessment"' in q for q in sql) == 1
    for table in ("web_claim", "web_notapplicable", "web_province", "web_metricvalue"):
        assert not any(f'FROM "{table}"' in q for q in sql), table


@pytest.mark.django_db
def test_a_live_score_counts_the_posted_claims_and_declarations() -> None:
    client = login("staff")
    values = form_values(client.get(YEAR).content.decode())
    page = client.post(YEAR + "xem-truoc/", values, HTTP_HX_REQUEST="true").content.decode()
    assert "tự chấm 3,5, tính được 2,25" in page  # the stored claim of 1.1, posted back
    values["claim-1.1"] = "2"
    values["na-6.3.1"] = ""
    changed = client.post(YEAR + "xem-truoc/", values, HTTP_HX_REQUEST="true").content.decode()
    assert "tự chấm 3,5" not in changed
    assert 'id="st-6-3-1"' in changed and 's-na"' not in changed.split('id="st-6-3-1"')[1][:300]
    stored, _ = load_assessment(_assessment())
    assert stored.model.claims["1.1"] == Decimal("3.5") and "6.3.1" in stored.model.not_applicable


@pytest.mark.parametrize(
    ("kind", "text", "value"),
    [
        ("count", "1.250", 1250),
        ("count", "12", 12),
        ("number", "98,5", Decimal("98.5")),
        ("percent", "99.84", Decimal("99.84")),
        ("bool", "Có", True),
        ("bool", "false", False),
        ("date", "31/12/2025", "2025-12-31"),
        ("date", "2025-07-23", "2025-07-23"),
        ("count", "  ", None),
    ],
)
def test_parse_input(kind: str, text: str, value: Any) -> None:
    from parscore.model.pack import InputSpec

    parsed, problem = parse_input(InputSpec(label="x", type=kind), text)  # type: ignore[arg-type]
    assert problem == ""
    assert (parsed.isoformat() if kind == "date" and parsed else parsed) == value


@pytest.mark.django_db
def test_read_posted_keys_problems_like_engine_issues() -> None:
    pack = loaded_pack(_assessment().pack)
    posted = read_posted(pack, {"m-initiatives": "x", "claim-1.1": "y", "na-6.3.1": " lý do "})
    assert set(posted.problems) == {"metrics.initiatives", "claims.1.1"}
    assert posted.not_applicable == {"6.3.1": "lý do"}


@pytest.mark.django_db
def test_saved_numbers_come_back_as_typed_never_in_exponent_form() -> None:
    """``1e2`` or ``0,0000001`` are exact numbers: the form shows them back as ``100`` and
    ``0,0000001`` (Python writes them ``1E+2``, ``1E-7``), a self-score ``3,50`` as ``3,5``."""
    client = login("staff")
    values = form_values(client.get(YEAR).content.decode())
    values["m-tthc_portal_public_rate"] = "1e2"
    values["m-audit_amount_recovered"] = "0,0000001"
    values["claim-1.1"] = "3,50"
    assert client.post(YEAR + "luu/", values).status_code == 302
    shown = form_values(client.get(YEAR).content.decode())
    assert shown["m-tthc_portal_public_rate"] == "100"
    assert shown["m-audit_amount_recovered"] == "0,0000001"
    assert shown["claim-1.1"] == "3,5"


@pytest.mark.django_db
def test_a_refused_self_score_stays_in_its_field_as_typed() -> None:
    client = login("staff")
    values = form_values(client.get(YEAR).content.decode())
    values["claim-1.2"] = "3,5 điểm"  # not a number: refused, and still shown
    values["claim-1.3"] = "1e0"  # a number: kept as typed while the form is refused
    response = client.post(YEAR + "luu/", values)
    assert response.status_code == 422
    shown = form_values(response.content.decode())
    assert shown["claim-1.2"] == "3,5 điểm"
    assert shown["claim-1.3"] == "1e0"


def test_web_hint_keeps_what_a_browser_can_do() -> None:
    from parscore.errors import Issue
    from parscore.web.evidence import web_hint

    issue = Issue("PS506", "x", hint="thêm 'pack: <id>' hoặc chạy lệnh với --pack rules/a.yaml")
    assert web_hint(issue).hint == "thêm 'pack: <id>'"
    issue = Issue("PS506", "x", hint="a, hoặc b --pack, hoặc c")
    assert web_hint(issue).hint == "a hoặc c"
    assert web_hint(Issue("PS1", "x", hint="chỉ có --pack")).hint == ""
    plain = Issue("PS1", "x", hint="sửa ô B2")
    assert web_hint(plain) is plain


@pytest.mark.django_db
def test_a_form_saved_after_the_session_expired_is_filled_in_again_after_signing_in() -> None:
    from django.test import Client

    from parscore.web.demo import DEMO_PASSWORD
    from parscore.web.expired import EXPIRED_KEPT
    from parscore.web.views.assessment import UNSAVED_BACK

    values = form_values(login("staff").get(YEAR).content.decode())
    values["m-plan_tasks_done"] = "41"
    values["m-initiatives"] = "nhiều"  # a typo is kept too, to be put right
    values["claim-1.2"] = "3,5"
    before = _stored()
    browser = Client()  # signed out: the session has expired
    sent = browser.post(YEAR + "luu/", values, HTTP_REFERER=f"http://testserver{YEAR}")
    assert sent.url == "/dang-nhap/?next=%2Fxa%2Fdan-tien%2F2025%2F"
    assert EXPIRED_KEPT in browser.get(sent.url).content.decode()
    signed_in = browser.post(
        sent.url, {"username": "dantien", "password": DEMO_PASSWORD, "next": YEAR}
    )
    assert signed_in.url == YEAR
    page = browser.get(YEAR).content.decode()
    shown = form_values(page)
    assert shown["m-plan_tasks_done"] == "41" and shown["claim-1.2"] == "3,5"
    assert shown["m-initiatives"] == "nhiều" and "Cần một số" in page
    assert UNSAVED_BACK in page
    assert _stored() == before  # shown, not saved
    assert form_values(browser.get(YEAR).content.decode())["m-plan_tasks_done"] == "38"  # once
    # another commune's staff signing in on that browser is not shown the form
    other = Client()
    other.post(YEAR + "luu/", values, HTTP_REFERER=f"http://testserver{YEAR}")
    other.post("/dang-nhap/", {"username": "hachau", "password": DEMO_PASSWORD})
    assert other.get(YEAR).status_code == 403


@pytest.mark.django_db
def test_the_live_score_after_the_session_expired_says_so_in_its_panel() -> None:
    from django.test import Client

    response = Client().post(YEAR + "xem-truoc/", {"m-initiatives": "3"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Phiên đăng nhập đã hết hạn" in text and "chưa được lưu" in text
    assert "Tên đăng nhập" not in text and "<html" not in text  # not the sign-in page


@pytest.mark.django_db
def test_a_refused_field_is_marked_for_screen_readers_and_every_field_is_labelled() -> None:
    """A field in error says so (``aria-invalid``) and points at its message and hint
    (``aria-describedby``); a self-score names its criterion; the import's file has a label."""
    client = login("staff")
    values = form_values(client.get(YEAR).content.decode())
    values["m-initiatives"] = "nhiều"
    values["claim-1.1"] = "9"
    values["na-6.3.1"] = "x\x07"  # a control character
    page = client.post(YEAR + "luu/", values).content.decode()
    for key in ("m-initiatives", "claim-1.1", "na-6.3.1"):
        tag = re.search(rf'<(?:input|textarea) id="{re.escape(key)}"[^>]*>', page)
        assert tag is not None and 'aria-invalid="true"' in tag.group(0), key
        described = re.search(r'aria-describedby="([^"]+)"', tag.group(0))
        assert described is not None and f"{key}-err" in described.group(1).split(), key
        assert f'id="{key}-err"' in page, key
    tag = re.search(r'<input id="m-plan_tasks_done"[^>]*>', page)
    assert tag is not None and "aria-invalid" not in tag.group(0)
    assert 'aria-describedby="m-plan_tasks_done-hint"' in tag.group(0)
    assert '<label for="claim-1.1">Điểm tự chấm<span class="visually-hidden"> tiêu chí 1.1' in page
    assert re.search(r'<label>Tệp Excel hoặc YAML <input type="file" name="file"', page)


@pytest.mark.django_db
def test_a_number_typed_again_another_way_is_no_change() -> None:
    """``3,50`` for a stored ``3.5`` (or ``56,20`` for ``56.2``) is the same value: nothing to
    save, nothing in the audit trail (it read ``3,5 → 3,5``)."""
    client = login("staff")
    values = form_values(client.get(YEAR).content.decode())
    assert values["claim-1.1"] == "3,5" and values["m-audit_amount_recommended"] == "56,2"
    values["claim-1.1"] = "3,50"
    values["m-audit_amount_recommended"] = "56,20"
    before = _stored()
    response = client.post(YEAR + "luu/", values, follow=True)
    assert "Đã lưu: 0 giá trị thay đổi." in response.content.decode()
    assert _stored() == before
    assert not AuditEntry.objects.filter(action__in=["metric", "claim"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("shown_at", ["luu/", "tai-lieu/", "nhap/"])
def test_after_signing_in_again_a_page_drawn_by_a_form_gives_the_years_page(shown_at: str) -> None:
    """A refused save or upload, and an import's preview, are pages at addresses that take only
    POST: a form sent from one after the session expired brings the person back to the year's
    page after signing in, not to a bare "405" page."""
    from django.test import Client

    from parscore.web.demo import DEMO_PASSWORD

    browser = Client()  # signed out: the session has expired
    sent = browser.post(
        YEAR + "nhap/ap-dung/", {}, HTTP_REFERER=f"http://testserver{YEAR}{shown_at}"
    )
    assert sent.url == "/dang-nhap/?next=%2Fxa%2Fdan-tien%2F2025%2F"
    signed_in = browser.post(
        sent.url, {"username": "dantien", "password": DEMO_PASSWORD, "next": YEAR}
    )
    assert browser.get(signed_in.url).status_code == 200


def _open_twice() -> tuple[Any, dict[str, str], Any, dict[str, str]]:
    """Two people of the commune with the year's page open (or one person, two tabs)."""
    staff, leader = login("staff"), login("leader")
    return (
        staff,
        form_values(staff.get(YEAR).content.decode()),
        leader,
        form_values(leader.get(YEAR).content.decode()),
    )


@pytest.mark.django_db
def test_two_pages_open_at_once_each_save_only_what_was_changed_there() -> None:
    """The second save no longer puts back the first one's cells as its page showed them (it
    saved '2 giá trị thay đổi', silently undoing the other person's change)."""
    staff, first, leader, second = _open_twice()
    first["m-initiatives"] = "5"
    assert staff.post(YEAR + "luu/", first).status_code == 302
    second["m-plan_tasks_done"] = "39"
    second["claim-1.2"] = "2"
    page = leader.post(YEAR + "luu/", second, follow=True).content.decode()
    assert "Đã lưu: 2 giá trị thay đổi." in page
    assert "các ô bạn không sửa giữ giá trị mới đó: Số sáng kiến" in page
    assert _stored()["initiatives"] == "5" and _stored()["plan_tasks_done"] == "39"
    changes = AuditEntry.objects.filter(action__in=["metric", "claim"]).order_by("pk")
    assert [(e.username, e.old, e.new) for e in changes] == [
        ("dantien", "2", "5"),
        ("dantien-lanhdao", "38", "39"),
        ("dantien-lanhdao", "", "2"),
    ]


@pytest.mark.django_db
def test_a_cell_both_changed_is_refused_shows_the_newest_and_keeps_the_rest_typed() -> None:
    staff, first, leader, second = _open_twice()
    first["m-initiatives"] = "5"
    staff.post(YEAR + "luu/", first)
    second["m-initiatives"] = "9"
    second["m-plan_tasks_done"] = "40"
    response = leader.post(YEAR + "luu/", second)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Chưa lưu: Số sáng kiến" in page and "vừa được lưu từ một trang khác (người khác" in page
    assert (
        "Ô này vừa được lưu từ một trang khác: đây là giá trị mới nhất (bạn đã nhập “9”)." in page
    )
    assert "Chưa lưu: 1 ô vừa được lưu từ một trang khác (thông báo" in page
    again = form_values(page)
    assert again["m-initiatives"] == "5" and again["m-plan_tasks_done"] == "40"
    assert _stored()["initiatives"] == "5" and _stored()["plan_tasks_done"] == "38"
    refused = AuditEntry.objects.get(action="refused", target="save")
    assert refused.username == "dantien-lanhdao" and "Số sáng kiến" in refused.new
    # sent again as the page now stands: the other change is saved, the newer value kept
    assert leader.post(YEAR + "luu/", again).status_code == 302
    assert _stored()["initiatives"] == "5" and _stored()["plan_tasks_done"] == "40"


@pytest.mark.django_db
def test_a_page_of_before_the_year_was_submitted_says_so_and_lists_what_was_typed() -> None:
    """It answered 403 'Bạn không có quyền truy cập trang này' (as for another commune), with
    nothing logged and what was typed lost."""
    staff = login("staff")
    values = form_values(staff.get(YEAR).content.decode())
    assert login("leader").post(YEAR + "nop/").status_code == 302
    values["m-initiatives"] = "6"
    values["claim-1.2"] = "2,5"
    before = _stored()
    response = staff.post(YEAR + "luu/", values)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Chưa lưu: bản tự đánh giá năm 2025 đã nộp (dantien-lanhdao, lúc" in page
    assert (  # the leader may still take it back: said (html-escaped quotes)
        "Muốn sửa, lãnh đạo xã bấm “Rút lại bản đã nộp” ở cuối trang năm (trước khi hội đồng "
        "bắt đầu thẩm định và trước hạn tự đánh giá), hoặc đề nghị tỉnh mở lại."
    ) in html.unescape(page)
    assert "Những gì bạn đã nhập chưa được lưu" in page
    assert (
        "Số sáng kiến, giải pháp CCHC được công nhận phạm vi ảnh hưởng (initiatives): “6”" in page
    )
    assert "Điểm tự chấm tiêu chí 1.2: “2,5”" in page
    assert _stored() == before
    refused = AuditEntry.objects.get(action="refused", target="save")
    assert refused.username == "dantien" and refused.old == "submitted"


@pytest.mark.django_db(transaction=True)
def test_a_save_and_the_submission_at_once_never_save_after_the_submission(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """PostgreSQL, two requests at once: the leader submits while staff's save is being checked.
    The submission waits for the save (the year's row is locked by it), so no value is ever
    written after the year was submitted."""
    import threading

    from parscore.web.views import assessment as view

    from .conftest import seed

    if connection.vendor != "postgresql":
        pytest.skip("row locks of two transactions at once: PostgreSQL (PARSCORE_TEST_DB)")
    seed()
    staff = login("staff")
    values = form_values(staff.get(YEAR).content.decode())
    values["m-initiatives"] = "9"  # moves the total
    leader = login("leader")

    def submitting() -> None:
        try:
            leader.post(YEAR + "nop/")
        finally:
            connection.close()

    other = threading.Thread(target=submitting)
    checked = view.check_posted

    def and_meanwhile(*args: Any, **kwargs: Any) -> Any:
        other.start()
        other.join(timeout=1)
        return checked(*args, **kwargs)

    monkeypatch.setattr(view, "check_posted", and_meanwhile)
    staff.post(YEAR + "luu/", values)
    other.join(timeout=60)
    assert _assessment().status == "submitted"
    entries = list(AuditEntry.objects.filter(action__in=["metric", "submit"]).order_by("pk"))
    assert [e.action for e in entries] == ["metric", "submit"]
    # the total logged is the one of what was submitted (it was computed before the save)
    evidence, pack = load_assessment(_assessment())
    assert entries[1].new == f"submitted ({score(pack, evidence).total.score})"


@pytest.mark.django_db
def test_a_form_sent_twice_says_it_is_saved_already() -> None:
    """A double click on 'Lưu số liệu': the second answer (the one the person sees) read
    'Đã lưu: 0 giá trị thay đổi' as if the change had been lost."""
    staff = login("staff")
    values = form_values(staff.get(YEAR).content.decode())
    values["m-initiatives"] = "5"
    first = staff.post(YEAR + "luu/", values, follow=True).content.decode()
    assert "Đã lưu: 1 giá trị thay đổi." in first
    second = staff.post(YEAR + "luu/", values, follow=True).content.decode()
    assert "Số liệu đã như bạn nhập (đã được lưu trước đó" in second
    assert AuditEntry.objects.filter(action="metric").count() == 1


@pytest.mark.django_db
def test_the_year_says_by_when_and_who_submits_it() -> None:
    """Staff saw an empty box where the leader sees «Nộp bản tự đánh giá», and neither saw the
    deadline: nothing told staff that the leader submits, nor by when."""
    import datetime as dt

    from parscore.web.models_appraisal import AppraisalYear
    from parscore.web.workflow import today

    year = AppraisalYear.objects.get(province__slug="thai-nguyen", year=2025)
    deadline = year.self_deadline
    assert deadline is not None and deadline >= today()
    when = f"Bản tự đánh giá cần nộp chậm nhất ngày <b>{deadline:%d/%m/%Y}</b>."
    staff = login("staff").get("/xa/dan-tien/2025/").content.decode()
    assert when in staff
    assert "Cán bộ xã không nộp được" in staff and "(Chủ tịch UBND xã Dân Tiến (mẫu))" in staff
    assert "Nộp bản tự đánh giá</button>" not in staff
    leader = login("leader").get("/xa/dan-tien/2025/").content.decode()
    assert when in leader and "Nộp bản tự đánh giá</button>" in leader
    assert "Cán bộ xã không nộp được" not in leader
    province = login("province").get("/xa/dan-tien/2025/").content.decode()
    assert "cần nộp chậm nhất" not in province  # not theirs to submit
    year.self_deadline = today() - dt.timedelta(days=1)
    year.save()
    late = login("staff").get("/xa/dan-tien/2025/").content.decode()
    assert "(đã quá hạn: không nộp được nữa, liên hệ cán bộ tỉnh)" in late


@pytest.mark.django_db
def test_the_score_panel_names_the_score_computed_from_the_data_never_the_self_score() -> None:
    """The panel's 86,79 is computed from the data; "tự chấm" (88,05 in the sample) is what the
    leader submits, so the panel and its mode switch never call the computed score "tự đánh giá"."""
    client = login("staff")
    page = client.get(YEAR).content.decode()
    assert '<p class="panel-title">Điểm tính từ số liệu</p>' in page
    assert 'class="on">Tính từ số liệu</a>' in page and "Điểm tự đánh giá" not in page
    strict = client.get(YEAR, {"tham-dinh": "1"}).content.decode()
    assert '<p class="panel-title">Điểm như khi thẩm định</p>' in strict
    assert '<a href="?">Tính từ số liệu</a>' in strict
