"""The council's round screens, the commune's explanations, the published ranking and the API:
points checked by the engine, optimistic locking, deadlines, and official totals that are the
engine's ``score`` of the final-stage evidence."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from parscore.evidence_yaml import dump_evidence
from parscore.loader import load_evidence
from parscore.scoring import score
from parscore.web.appraising import STALE, decimal_text, round_rows
from parscore.web.evidence import load_assessment
from parscore.web.models import AppraisalYear, AppraisedPoint, Assessment, ExplanationRequest
from parscore.web.workflow import today

from .conftest import login

YEAR = "/xa/dan-tien/2025/"


def _dan_tien(state: str) -> Assessment:
    a = Assessment.objects.select_related("commune").get(commune__slug="dan-tien", year=2025)
    a.status = state
    a.save(update_fields=["status"])
    return a


def _leaf(a: Assessment) -> tuple[str, Decimal]:
    row = next(r for r in round_rows(a) if not r.na and r.max > 1)
    return row.code, row.max


@pytest.mark.django_db
def test_round_1_points_are_checked_by_the_engine_and_nothing_is_saved_on_error() -> None:
    a = _dan_tien(Assessment.ROUND_1)
    code, top = _leaf(a)
    council = login("council")
    page = council.get(YEAR + "tham-dinh/").content.decode()
    assert "Chép điểm tự chấm" in page and f'name="p-{code}"' in page
    over = sum(1 for r in round_rows(a) if r.over_claim)
    assert (f"Đối chiếu: {over} tiêu chí" in page) == (over > 0)
    for bad, message in [(str(top + 1), "vượt điểm tối đa"), ("-1", ""), ("abc", "")]:
        response = council.post(YEAR + "tham-dinh/luu/", {f"p-{code}": bad, f"v-{code}": "0"})
        assert response.status_code == 422, bad
        assert message in response.content.decode()
    assert not AppraisedPoint.objects.filter(assessment=a).exists()
    half = str(top / 2).replace(".", ",")
    response = council.post(
        YEAR + "tham-dinh/luu/",
        {f"p-{code}": half, f"n-{code}": "Thiếu biên bản", f"v-{code}": "0", f"x-{code}": "1"},
    )
    assert response.status_code == 302
    saved = AppraisedPoint.objects.get(assessment=a, round=1, code=code)
    assert Decimal(saved.points) == top / 2 and saved.version == 1
    assert ExplanationRequest.objects.filter(assessment=a, code=code).exists()
    evidence, _ = load_assessment(a)
    assert evidence.model.appraisal[code] == top / 2


def _errors_of(page: str, code: str) -> str:
    """The messages shown beside ``code``'s points field."""
    key = re.escape(code.replace(".", "-"))
    found = re.search(rf'id="p-{key}-err">(.*?)</span></td>', page)
    return found.group(1) if found else ""


@pytest.mark.django_db
def test_every_wrong_point_is_said_at_once() -> None:
    """ "-5" was said only after "abc" in another row had been fixed and the form sent again."""
    a = _dan_tien(Assessment.ROUND_1)
    first, second = [r.code for r in round_rows(a) if not r.na][:2]
    response = login("council").post(
        YEAR + "tham-dinh/luu/",
        {f"p-{first}": "abc", f"v-{first}": "0", f"p-{second}": "-5", f"v-{second}": "0"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "abc" in _errors_of(page, first)
    assert "-5 phải ≥ 0" in _errors_of(page, second)
    assert not AppraisedPoint.objects.filter(assessment=a).exists()


@pytest.mark.django_db
def test_a_stale_save_is_refused_with_reload_message() -> None:
    a = _dan_tien(Assessment.ROUND_1)
    code, _ = _leaf(a)
    council = login("council")
    council.post(YEAR + "tham-dinh/luu/", {f"p-{code}": "1", f"v-{code}": "0"})
    response = council.post(
        YEAR + "tham-dinh/luu/", {f"p-{code}": "0", f"v-{code}": "0"}, follow=True
    )
    page = response.content.decode()
    assert STALE in page
    # the member's own save from another tab is said so, not blamed on someone else
    assert f"Chưa lưu: bạn vừa sửa tiêu chí {code} (từ một trang khác" in page
    assert AppraisedPoint.objects.get(assessment=a, round=1, code=code).points == "1"
    page = (
        login("admin")
        .post(YEAR + "tham-dinh/luu/", {f"p-{code}": "0", f"v-{code}": "0"})
        .content.decode()
    )
    assert f"Chưa lưu: Thành viên hội đồng thẩm định (mẫu) vừa sửa tiêu chí {code}" in page


@pytest.mark.django_db
def test_copy_self_score_fills_the_form_without_saving() -> None:
    a = _dan_tien(Assessment.ROUND_1)
    rows = round_rows(a)
    data = {f"p-{r.code}": "" for r in rows} | {f"v-{r.code}": "0" for r in rows}
    page = login("council").post(YEAR + "tham-dinh/luu/", {**data, "copy": "self"}).content.decode()
    first = rows[0]
    assert f'value="{str(first.self_score).replace(".", ",")}"' in page
    assert not AppraisedPoint.objects.filter(assessment=a).exists()
    for row in rows:  # every copied value as a person types it: no trailing zeros, comma
        assert f'value="{decimal_text(row.self_score)}"' in page


def test_copied_points_read_as_typed() -> None:
    assert decimal_text(Decimal("1.7600")) == "1,76"
    assert decimal_text("2.0") == "2"
    assert decimal_text(Decimal("0.6875")) == "0,6875"
    assert decimal_text(Decimal("0")) == "0"
    assert decimal_text("abc") == "abc"


@pytest.mark.django_db
def test_unassigned_council_member_and_wrong_round_are_refused() -> None:
    a = _dan_tien(Assessment.ROUND_1)
    code, _ = _leaf(a)
    assert login("other_council").get(YEAR + "tham-dinh/").status_code == 403
    assert login("staff").post(YEAR + "tham-dinh/luu/", {f"p-{code}": "1"}).status_code == 403
    _dan_tien(Assessment.EXPLANATION)
    page = login("council").post(YEAR + "tham-dinh/luu/", {f"p-{code}": "1"}, follow=True)
    assert "không vòng nào đang mở, hồ sơ đang ở bước “Đang giải trình”" in page.content.decode()
    assert not AppraisedPoint.objects.filter(assessment=a).exists()


def _round_form(a: Assessment, round_: int) -> dict[str, str]:
    """Every field of the round screen as the page drew it (``vong``: the round it shows)."""
    data = {"vong": str(round_)}
    for row in round_rows(a, None, round_):
        data[f"p-{row.code}"] = row.round_1 if round_ == 1 else row.round_2
        data[f"v-{row.code}"] = str(row.version)
        data[f"n-{row.code}"] = row.note
        if row.requested and round_ == 1:
            data[f"x-{row.code}"] = "1"
    return data


@pytest.mark.django_db
def test_a_round_1_page_sent_after_round_2_opened_saves_nothing_and_lists_what_was_typed() -> None:
    """A member left the round-1 screen open while another opened round 2: their save is not
    read as round 2 points (the page named no round before: empty round-2 rows took it), it is
    refused and logged, and what they typed is listed on the page (round 2 now)."""
    from parscore.web.models import AuditEntry

    a = _dan_tien(Assessment.ROUND_1)
    code, _ = _leaf(a)
    stale = _round_form(a, 1)
    _dan_tien(Assessment.ROUND_2)
    stale[f"p-{code}"] = "1,5"
    stale[f"n-{code}"] = "Thiếu quyết định <b>"
    response = login("council").post(YEAR + "tham-dinh/luu/", stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Chưa lưu điểm thẩm định vòng 1: vòng này không mở" in page
    assert "Thẩm định vòng 2 – xã" in page and 'name="vong" value="2"' in page
    assert "chưa được lưu" in page and "1,5" in page and "Thiếu quyết định &lt;b&gt;" in page
    assert f'name="p-{code}" aria-label="Điểm thẩm định {code}" value=""' in page
    assert not AppraisedPoint.objects.filter(assessment=a).exists()
    entry = AuditEntry.objects.filter(commune=a.commune).latest("pk")
    assert (entry.action, entry.target) == ("refused", "round_1")
    # the page of round 2 saves round 2
    fresh = _round_form(a, 2) | {f"p-{code}": "1,5"}
    assert login("council").post(YEAR + "tham-dinh/luu/", fresh).status_code == 302
    assert AppraisedPoint.objects.get(assessment=a, code=code).round == 2


@pytest.mark.django_db
def test_a_round_closed_while_the_save_was_being_checked_saves_nothing(monkeypatch) -> None:
    """The round's state is read again under the year's lock: a move that lands while the
    points are checked (the engine scores the evidence) wins, the save is refused."""
    from parscore.web import appraising

    a = _dan_tien(Assessment.ROUND_2)
    code, _ = _leaf(a)
    checked = appraising.check_evidence

    def and_meanwhile(*args, **kwargs):
        Assessment.objects.filter(pk=a.pk).update(status=Assessment.FINAL)
        return checked(*args, **kwargs)

    monkeypatch.setattr(appraising, "check_evidence", and_meanwhile)
    response = login("council").post(
        YEAR + "tham-dinh/luu/", _round_form(a, 2) | {f"p-{code}": "1"}
    )
    assert response.status_code == 409
    assert "vòng này không mở, hồ sơ đang ở bước “Đã có kết quả" in response.content.decode()
    assert not AppraisedPoint.objects.filter(assessment=a).exists()


@pytest.mark.django_db
def test_commune_answers_before_the_deadline_then_locked() -> None:
    a = _dan_tien(Assessment.EXPLANATION)
    code, _ = _leaf(a)
    ExplanationRequest.objects.create(assessment=a, code=code)
    leader = login("leader")
    assert f'name="a-{code}"' in leader.get(YEAR + "giai-trinh/").content.decode()
    leader.post(YEAR + "giai-trinh/", {f"a-{code}": "Đã bổ sung biên bản họp."})
    assert ExplanationRequest.objects.get(assessment=a).answer == "Đã bổ sung biên bản họp."
    assert load_assessment(a)[0].model.explanations[code] == "Đã bổ sung biên bản họp."
    year = AppraisalYear.objects.get(province__slug="thai-nguyen", year=2025)
    year.explanation_deadline = today() - dt.timedelta(days=1)
    year.save()
    page = leader.post(YEAR + "giai-trinh/", {f"a-{code}": "Sửa"}, follow=True).content.decode()
    assert "Đã quá hạn" in page
    assert ExplanationRequest.objects.get(assessment=a).answer == "Đã bổ sung biên bản họp."


@pytest.mark.django_db
def test_published_total_equals_score_of_final_stage_evidence_as_yaml(tmp_path: Path) -> None:
    """For every commune of the published demo year: the ranking API's official score is the
    engine's score of the evidence the database gives, written out as YAML and read back."""
    data = login("province").get("/api/v1/years/2023/ranking").json()
    assert data["ranking"], data
    for row in data["ranking"]:
        a = Assessment.objects.get(commune__slug=row["slug"], year=2023)
        assert a.status == Assessment.FINAL
        evidence, pack = load_assessment(a)
        path = tmp_path / f"{row['slug']}.yaml"
        path.write_text(dump_evidence(evidence.model), encoding="utf-8")
        again, _ = load_evidence(path, pack)
        result = score(pack, again)
        assert "round_2" in result.stages
        assert Decimal(row["score"]) == result.official.score
        assert row["band"] == result.official.band and row["rank"] == 1


@pytest.mark.django_db
def test_ranking_api_is_published_only_and_result_has_stages() -> None:
    client = login("province")
    assert client.get("/api/v1/years/2025/ranking").status_code == 404
    assert login("staff").get("/api/v1/years/2023/ranking").status_code == 403
    result = login("other_staff").get("/api/v1/communes/ha-chau/2023/result").json()
    assert set(result["stages"]) == {"self", "round_1", "round_2"}
    assert result["official"] == "round_2"


ADJUSTMENTS = """
adjustments:
  bonus:
    max: 2
    items:
      - {code: T1, title: Sáng kiến được công nhận, points: 1.5}
      - {code: T2, title: Bằng khen, points: 1}
  penalty:
    max: 3
    items:
      - {code: V1, title: Sự cố, points: 1}
"""


def _with_adjustments(a: Assessment, adjustments: str = ADJUSTMENTS) -> None:
    import hashlib

    from parscore.web.models import PackVersion

    text = a.pack.text + adjustments
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    a.pack = PackVersion.objects.create(
        pack_id=a.pack.pack_id,
        revision=a.pack.revision,
        sha256=sha,
        title=a.pack.title,
        year=a.pack.year,
        text=text,
    )
    a.save(update_fields=["pack"])


@pytest.mark.django_db
def test_bonus_proposed_by_commune_decided_by_council_capped_by_the_engine() -> None:
    a = _dan_tien(Assessment.EXPLANATION)
    _with_adjustments(a)
    evidence, pack = load_assessment(a)
    before = score(pack, evidence).official.score
    leader = login("leader")
    assert "Sáng kiến được công nhận" in leader.get(YEAR + "giai-trinh/").content.decode()
    leader.post(YEAR + "thuong-tru/", {"code": "T1", "reason": "QĐ 12/QĐ-UBND"})
    leader.post(YEAR + "thuong-tru/", {"code": "T2", "reason": "Bằng khen của tỉnh"})
    page = leader.post(YEAR + "thuong-tru/", {"code": "X9", "reason": "?"}, follow=True)
    assert "không có trong gói quy tắc" in page.content.decode()
    assert load_assessment(a)[0].model.adjustments == {}  # nothing counts before a decision
    council = login("council")
    page = council.post(YEAR + "thuong-tru/", {"code": "T1", "decision": "accepted"}, follow=True)
    assert "chỉ quyết định" in page.content.decode()  # not in a round
    _dan_tien(Assessment.ROUND_2)
    for code in ("T1", "T2"):
        council.post(YEAR + "thuong-tru/", {"code": code, "decision": "accepted"})
    evidence, pack = load_assessment(a)
    assert set(evidence.model.adjustments) == {"T1", "T2"}
    result = score(pack, evidence)
    assert result.official.bonus == 2  # 1.5 + 1 capped at 2
    assert result.official.score == min(before + 2, Decimal(100))


@pytest.mark.django_db
def test_the_items_table_says_which_documents_an_item_requires() -> None:
    a = _dan_tien(Assessment.EXPLANATION)
    decision = "{kind: quyet_dinh, title: Quyết định công nhận sáng kiến}"
    _with_adjustments(
        a,
        ADJUSTMENTS.replace("points: 1.5}", f"points: 1.5, evidence: [{decision}]}}"),
    )
    page = login("leader").get(YEAR + "giai-trinh/").content.decode()
    assert (
        'Sáng kiến được công nhận<br><span class="muted">Tài liệu kiểm chứng cần có: Quyết'
        " định công nhận sáng kiến (Quyết định) (thiếu thì không được tính khi thẩm định)" in page
    )
    assert "Bằng khen<br>" not in page  # an item requiring nothing says nothing


def test_graded_points_must_be_on_the_criterion_grid() -> None:
    from parscore.loader import load_pack
    from parscore.web.appraising import grid_problem

    from ..conftest import ROOT

    pack = load_pack(ROOT / "tests" / "data" / "danh-hieu" / "danh-hieu-2025.yaml")
    assert grid_problem(pack, "1.1", "6.5") == ""
    problem = grid_problem(pack, "1.1", "6.3")
    assert problem.startswith("6,3 không đúng bước 0,5") and "6 hoặc 6,5" in problem


@pytest.mark.django_db
def test_ranking_exports_the_printable_page_and_change_from_last_year() -> None:
    from parscore.web.models import Commune

    client = login("province")
    page = client.get("/tinh/thai-nguyen/2025/xep-hang.html")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "Dân Tiến" in page.content.decode()
    # a 2024 year for Dân Tiến (nothing declared yet): the page shows the change from it
    from parscore.resources import shipped_rules_dir
    from parscore.web.packs import freeze_pack
    from parscore.web.scores import year_total

    rules = shipped_rules_dir()
    assert rules is not None
    commune = Commune.objects.get(slug="dan-tien")
    old = Assessment.objects.create(
        commune=commune, year=2024, pack=freeze_pack(rules / "2024.yaml")
    )
    new = Assessment.objects.get(commune=commune, year=2025)
    change = year_total(new).official.score - year_total(old).official.score
    rows = client.get("/tinh/thai-nguyen/2025/").content.decode()
    assert "So với năm 2023" in rows  # 2024 is not published: the latest published year counts
    AppraisalYear.objects.create(province=commune.province, year=2024, published=True)
    rows = client.get("/tinh/thai-nguyen/2025/").content.decode()
    assert "So với năm 2024" in rows
    row = rows.split(">Dân Tiến</a>")[1].split("</tr>")[0]
    rank = int(rows.split(">Dân Tiến</a>")[0].rsplit('<td class="num">', 1)[1].split("<")[0])
    moved = "=" if rank == 1 else f"↓{rank - 1}"  # first (and alone) in 2024
    assert f'<td class="num change">+{str(change).replace(".", ",")} · {moved}</td>' in row
    other = rows.split('<td class="num change">')[1:]
    assert sum('<span class="tag">mới</span>' in cell for cell in other) == len(other) - 1


@pytest.mark.django_db
def test_the_leader_sees_the_total_at_each_stage_against_the_goal() -> None:
    page = login("other_staff").get("/xa/ha-chau/2023/tham-dinh/").content.decode()
    stages = page.split('id="theo-buoc"')[1].split("</table>")[0]
    for word in (
        "Tính từ số liệu",
        "Tự chấm",
        "Thẩm định vòng 1",
        "Thẩm định vòng 2 <b>(chính thức)</b>",
    ):
        assert word in stages


@pytest.mark.django_db
def test_minutes_name_the_assigned_council_members() -> None:
    page = login("other_staff").get("/xa/ha-chau/2023/bien-ban.html").content.decode()
    assert "Thành viên hội đồng thẩm định (mẫu)" in page
    assert "Tự chấm" in page and "Vòng&nbsp;1" in page and "Vòng&nbsp;2" in page


@pytest.mark.django_db
def test_the_explanations_link_names_bonus_and_penalty_only_when_the_pack_has_them() -> None:
    a = _dan_tien(Assessment.DRAFT)
    leader = login("leader")
    link = "Giải trình, điểm thưởng/trừ</a>"
    assert link not in leader.get(YEAR).content.decode()
    assert "Giải trình</a>" in leader.get(YEAR).content.decode()
    _with_adjustments(a)
    assert link in leader.get(YEAR).content.decode()


def _decide_form(client: Any, code: str) -> dict[str, str]:
    """The decision form of item ``code`` as the council's page draws it."""
    import html
    import re

    page = client.get(YEAR + "tham-dinh/").content.decode()
    form = re.search(
        rf'<input type="hidden" name="code" value="{code}"><input type="hidden" name="ly-do" '
        r'value="([^"]*)"><input type="hidden" name="da-quyet" value="([^"]*)">',
        page,
    )
    assert form is not None
    return {"code": code, "ly-do": html.unescape(form[1]), "da-quyet": form[2]}


@pytest.mark.django_db
def test_a_decision_is_made_on_the_proposal_the_page_showed() -> None:
    """The commune proposed anew (another reason) while the member's page showed the old one:
    the member's 'Chấp nhận' was recorded on a reason they never read. Another member's
    decision made meanwhile is not overwritten unseen either; a second click logs nothing."""
    from parscore.web.models import AuditEntry, ProposedAdjustment

    a = _dan_tien(Assessment.EXPLANATION)
    _with_adjustments(a)
    login("leader").post(YEAR + "thuong-tru/", {"code": "T1", "reason": "Bằng khen của tỉnh"})
    _dan_tien(Assessment.ROUND_2)
    council, admin = login("council"), login("admin")
    seen = _decide_form(council, "T1")
    assert seen["ly-do"] == "Bằng khen của tỉnh" and seen["da-quyet"] == "pending"
    ProposedAdjustment.objects.filter(assessment=a, code="T1").update(reason="Bằng khen của Bộ")
    page = council.post(YEAR + "thuong-tru/", seen | {"decision": "accepted"}, follow=True)
    assert "vừa được sửa (lý do mới: “Bằng khen của Bộ”): chưa ghi quyết định" in (
        page.content.decode()
    )
    assert ProposedAdjustment.objects.get(assessment=a).decision == "pending"
    seen = _decide_form(council, "T1")
    admin.post(YEAR + "thuong-tru/", _decide_form(admin, "T1") | {"decision": "rejected"})
    page = council.post(YEAR + "thuong-tru/", seen | {"decision": "accepted"}, follow=True)
    assert "Mục “T1” vừa được quantri ghi “Không chấp nhận”" in page.content.decode()
    assert ProposedAdjustment.objects.get(assessment=a).decision == "rejected"
    seen = _decide_form(council, "T1")
    for _ in range(2):  # a double click
        page = council.post(YEAR + "thuong-tru/", seen | {"decision": "accepted"}, follow=True)
    assert "“T1” đã như vậy: không có gì thay đổi" in page.content.decode()
    decisions = AuditEntry.objects.filter(action="adjustment_decide").order_by("pk")
    assert [(e.username, e.old, e.new) for e in decisions] == [
        ("quantri", "pending", "rejected"),
        ("hoidong", "rejected", "accepted"),
    ]


@pytest.mark.django_db
def test_a_bonus_proposed_while_the_year_is_submitted_is_refused_under_its_lock(
    monkeypatch,
) -> None:
    """The commune's proposal is checked again under the year's lock: the leader submitting
    while staff proposed left a proposal on a submitted year."""
    from parscore.web import adjusting
    from parscore.web.models import AuditEntry, ProposedAdjustment

    a = _dan_tien(Assessment.DRAFT)
    _with_adjustments(a)
    checked = adjusting._reason_problem

    def and_meanwhile(reason: str) -> str:
        Assessment.objects.filter(pk=a.pk).update(status=Assessment.SUBMITTED)
        return checked(reason)

    monkeypatch.setattr(adjusting, "_reason_problem", and_meanwhile)
    page = login("staff").post(YEAR + "thuong-tru/", {"code": "T1", "reason": "QĐ 12"}, follow=True)
    assert "Xã chỉ đề nghị được khi đang tự đánh giá hoặc giải trình." in page.content.decode()
    assert not ProposedAdjustment.objects.filter(assessment=a).exists()
    assert AuditEntry.objects.filter(action="refused", target="adjustment T1").exists()


def _step_questions(page: str) -> dict[str, str]:
    """The confirmation each step button asks (``""``: none), read as the browser reads it."""
    found = re.findall(r"""value="(\w+)"(?: data-confirm="(.*?)")?>""", page)
    return {
        name: html.unescape(text)
        for name, text in found
        if name in ("start_round_1", "ask_explanations", "start_round_2", "finalise")
    }


@pytest.mark.django_db
def test_a_step_that_settles_a_round_with_unscored_criteria_asks_first() -> None:
    """'Chốt kết quả thẩm định' settled a round scored 0/N in one click (the unscored criteria
    keep the previous stage's points): the button now asks, and only while some are unscored."""
    a = _dan_tien(Assessment.ROUND_2)
    codes = [r.code for r in round_rows(a)]
    council = login("council")
    asked = _step_questions(council.get(YEAR + "tham-dinh/").content.decode())
    assert asked["finalise"] == (
        f"Chốt kết quả thẩm định? Vòng 2 đã chấm 0/{len(codes)} tiêu chí;"
        " các tiêu chí chưa chấm giữ điểm của bước trước."
    )
    for code in codes[1:]:
        AppraisedPoint.objects.create(assessment=a, round=2, code=code, points="0")
    AppraisedPoint.objects.create(assessment=a, round=2, code=codes[0], note="chưa chấm")
    asked = _step_questions(council.get(YEAR + "tham-dinh/").content.decode())
    assert f"Vòng 2 đã chấm {len(codes) - 1}/{len(codes)} tiêu chí" in asked["finalise"]
    AppraisedPoint.objects.filter(assessment=a, round=2, code=codes[0]).update(points="0")
    assert _step_questions(council.get(YEAR + "tham-dinh/").content.decode()) == {"finalise": ""}
    a = _dan_tien(Assessment.ROUND_1)  # round 2 opens on round 1's points: those are counted
    asked = _step_questions(council.get(YEAR + "tham-dinh/").content.decode())
    assert asked["start_round_2"].startswith(
        f"Bắt đầu thẩm định vòng 2? Vòng 1 đã chấm 0/{len(codes)} tiêu chí;"
    )


@pytest.mark.django_db
def test_the_round_screen_words_the_engines_reasons_as_reports_do() -> None:
    """The council read «Điều kiện «tthc_portal_public_rate >= 100» được đáp ứng», the pack's
    identifiers and 90,4762%: the reasons are worded as `explain` words them (labels, units)."""
    rows = {r.code: r.explanation for r in round_rows(_dan_tien("round_1"))}
    assert "tthc_portal_public_rate" not in rows["3.1.1"]
    assert rows["3.1.1"].endswith("≥ 100% được đáp ứng → 1 điểm."), rows["3.1.1"]
    assert rows["1.2"].startswith("Giá trị 90,48% đạt bậc ≥ 90%"), rows["1.2"]
    identifier = re.compile(r"\b[a-z]+_[a-z_]+\b")
    assert not [(c, e) for c, e in rows.items() if identifier.search(e)]


@pytest.mark.django_db
def test_the_round_screen_names_the_computed_score_as_the_reconciliation_does() -> None:
    """The column of the points computed from the data read «Máy tính» (a computer), where the
    reconciliation pages and the score panel say «Tính từ số liệu»; on a phone each card's line
    is labelled alike."""
    _dan_tien(Assessment.ROUND_1)
    page = login("council").get(YEAR + "tham-dinh/").content.decode()
    assert "<th>Tự chấm</th><th>Tính từ số liệu</th>" in page
    assert 'data-label="Tính từ số liệu"' in page
    assert "Máy tính" not in page
