"""Council assignment to communes and fields: who may save which criterion (refusals logged,
nothing changed), the round screen's read-only fields, and the province's assignment page."""

from __future__ import annotations

from typing import Any

import pytest

from parscore.web.appraising import round_rows
from parscore.web.council import fields_text
from parscore.web.models import (
    AppraisedPoint,
    Assessment,
    AuditEntry,
    CouncilAssignment,
    ExplanationRequest,
)

from .conftest import login

YEAR = "/xa/dan-tien/2025/"
PAGE = "/tinh/thai-nguyen/phan-cong/"


def _dan_tien(state: str) -> Assessment:
    a = Assessment.objects.select_related("commune").get(commune__slug="dan-tien", year=2025)
    a.status = state
    a.save(update_fields=["status"])
    return a


def _leaf(a: Assessment, field: str) -> str:
    """A scored criterion of ``field`` (the demo field member has fields 3 and 7)."""
    return next(r.code for r in round_rows(a) if r.field_code == field and not r.na and r.max)


def _refusals() -> int:
    return AuditEntry.objects.filter(action="refused").count()


def _post(role: str, data: dict[str, str]) -> Any:
    return login(role).post(YEAR + "tham-dinh/luu/", data, follow=True)


# role, field of the criterion saved, allowed
MATRIX = [
    ("field_council", "3", True),
    ("field_council", "7", True),
    ("field_council", "1", False),
    ("field_council", "5", False),
    ("council", "1", True),
    ("council", "3", True),
    ("admin", "7", True),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "field", "allowed"), MATRIX)
def test_assignment_role_field_matrix(role: str, field: str, allowed: bool) -> None:
    a = _dan_tien(Assessment.ROUND_1)
    code = _leaf(a, field)
    before = _refusals()
    data = {f"p-{code}": "0", f"n-{code}": "Thiếu tài liệu", f"v-{code}": "0", f"x-{code}": "1"}
    page = _post(role, data).content.decode()
    saved = AppraisedPoint.objects.filter(assessment=a, code=code).exists()
    asked = ExplanationRequest.objects.filter(assessment=a, code=code).exists()
    assert saved == allowed and asked == allowed
    assert _refusals() - before == (0 if allowed else 1)
    if not allowed:
        assert "Bạn chỉ được phân công thẩm định lĩnh vực 3" in page
        entry = AuditEntry.objects.filter(action="refused").first()
        assert entry is not None and entry.commune == a.commune and code in entry.new


@pytest.mark.django_db
def test_a_form_mixing_own_and_other_fields_saves_nothing() -> None:
    a = _dan_tien(Assessment.ROUND_1)
    own, other = _leaf(a, "3"), _leaf(a, "1")
    data = {f"p-{own}": "0", f"v-{own}": "0", f"p-{other}": "", f"x-{other}": "1"}
    page = _post("field_council", data).content.decode()
    assert "không được lưu tiêu chí " + other in page
    assert not AppraisedPoint.objects.filter(assessment=a).exists()
    assert not ExplanationRequest.objects.filter(assessment=a).exists()


@pytest.mark.django_db
def test_a_field_member_neither_moves_steps_nor_decides() -> None:
    a = _dan_tien(Assessment.ROUND_1)
    before = _refusals()
    client = login("field_council")
    page = client.post(YEAR + "tham-dinh/start_round_2/", follow=True).content.decode()
    assert "phụ trách cả xã" in page
    a.refresh_from_db()
    assert a.status == Assessment.ROUND_1 and _refusals() == before + 1
    screen = client.get(YEAR + "tham-dinh/").content.decode()
    assert "Bắt đầu thẩm định vòng 2" not in screen  # no button it could not use


@pytest.mark.django_db
def test_an_unassigned_member_is_refused_clearly_and_logged() -> None:
    a = _dan_tien(Assessment.ROUND_1)
    code = _leaf(a, "1")
    before = _refusals()
    response = login("other_council").post(YEAR + "tham-dinh/luu/", {f"p-{code}": "1"})
    assert response.status_code == 403
    assert "Bạn chưa được phân công thẩm định xã Dân Tiến" in response.content.decode()
    assert _refusals() == before + 1
    assert AuditEntry.objects.filter(action="refused").first().commune == a.commune  # type: ignore[union-attr]
    assert not AppraisedPoint.objects.filter(assessment=a).exists()
    move = login("other_council").post(YEAR + "tham-dinh/start_round_2/")
    assert move.status_code == 403 and _refusals() == before + 2


@pytest.mark.django_db
def test_the_round_screen_shows_own_fields_editable_and_others_labelled_read_only() -> None:
    a = _dan_tien(Assessment.ROUND_1)
    own, other = _leaf(a, "3"), _leaf(a, "1")
    page = login("field_council").get(YEAR + "tham-dinh/").content.decode()
    assert f'name="p-{own}"' in page and f'name="p-{other}"' not in page
    assert "Bạn được phân công thẩm định <b>lĩnh vực 3 (Cải cách thủ tục hành chính)" in page
    assert "chỉ xem" in page
    assert "thẩm định lĩnh vực: Thành viên hội đồng theo lĩnh vực (mẫu) (bạn)" in page
    whole = login("council").get(YEAR + "tham-dinh/").content.decode()
    assert f'name="p-{own}"' in whole and f'name="p-{other}"' in whole
    assert "chỉ xem" not in whole
    assert "phụ trách cả xã: Thành viên hội đồng thẩm định (mẫu) (bạn)" in whole


@pytest.mark.django_db
def test_a_round_note_with_a_control_character_is_refused_not_stored() -> None:
    a = _dan_tien(Assessment.ROUND_1)
    code = _leaf(a, "3")
    response = login("council").post(
        YEAR + "tham-dinh/luu/", {f"p-{code}": "1", f"n-{code}": "ghi\x07chú", f"v-{code}": "0"}
    )
    assert response.status_code == 422 and "ký tự điều khiển" in response.content.decode()
    assert not AppraisedPoint.objects.filter(assessment=a).exists()
    assert login("council").get(YEAR + "tham-dinh/").status_code == 200


@pytest.mark.django_db
def test_an_explanation_with_a_control_character_is_refused() -> None:
    a = _dan_tien(Assessment.EXPLANATION)
    code = _leaf(a, "3")
    ExplanationRequest.objects.create(assessment=a, code=code)
    page = login("leader").post(YEAR + "giai-trinh/", {f"a-{code}": "x\x00y"}, follow=True)
    assert "ký tự điều khiển" in page.content.decode()
    assert ExplanationRequest.objects.get(assessment=a).answer == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("province", 200),
        ("admin", 200),
        ("auditor", 200),
        ("council", 403),
        ("staff", 403),
        ("leader", 403),
        ("outsider", 403),
    ],
)
def test_the_assignment_page_by_role(role: str, status: int) -> None:
    response = login(role).get(PAGE)
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "Thành viên hội đồng theo lĩnh vực (mẫu): <b>lĩnh vực 3" in page
        assert ('id="giao-viec"' in page) == (role != "auditor")
    member = CouncilAssignment.objects.filter(user__username="hoidong-linhvuc").first()
    assert member is not None
    post = login(role).post(PAGE, {"bo": str(member.pk)})
    assert (post.status_code == 302) == (role in ("province", "admin"))


@pytest.mark.django_db
def test_the_province_assigns_fields_across_communes_and_it_is_logged() -> None:
    from django.contrib.auth import get_user_model

    member = get_user_model().objects.get(username="hoidong-khac")
    client = login("province")
    data = {
        "member": str(member.pk),
        "communes": ["ha-chau", "tong-hop-0001"],
        "scope": "fields",
        "fields": ["3", "99"],  # an unknown code is ignored
    }
    page = client.post(PAGE, data, follow=True).content.decode()
    assert "Đã phân công" in page
    rows = CouncilAssignment.objects.filter(user=member)
    assert {(r.commune.slug, tuple(r.fields)) for r in rows} == {
        ("ha-chau", ("3",)),
        ("tong-hop-0001", ("3",)),
    }
    logged = AuditEntry.objects.filter(action="assign", username="tinh")
    assert {e.commune.slug for e in logged if e.commune} == {"ha-chau", "tong-hop-0001"}
    client.post(PAGE, {**data, "communes": ["ha-chau"], "scope": "whole"})
    row = CouncilAssignment.objects.get(user=member, commune__slug="ha-chau")
    assert row.whole and row.fields == []
    refused = client.post(PAGE, {**data, "fields": ["99"]}, follow=True).content.decode()
    assert "chọn ít nhất một lĩnh vực" in refused
    client.post(PAGE, {"bo": str(row.pk)})
    assert not CouncilAssignment.objects.filter(pk=row.pk).exists()
    assert AuditEntry.objects.filter(action="unassign", commune__slug="ha-chau").exists()


@pytest.mark.django_db
def test_a_council_user_of_no_role_cannot_be_assigned() -> None:
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.get(username="dantien")
    page = login("province").post(
        PAGE, {"member": str(staff.pk), "communes": ["ha-chau"], "scope": "whole"}, follow=True
    )
    assert "chọn một thành viên hội đồng" in page.content.decode()
    assert not CouncilAssignment.objects.filter(user=staff).exists()


@pytest.mark.django_db
def test_existing_assignments_are_whole_commune() -> None:
    """Rows made before fields existed (and the demo's main member) keep the whole commune."""
    rows = CouncilAssignment.objects.filter(user__username="hoidong")
    assert rows.exists() and all(r.whole and r.fields == [] for r in rows)


@pytest.mark.django_db
def test_a_council_member_of_another_province_is_not_offered() -> None:
    from django.contrib.auth import get_user_model

    from parscore.web.models import Membership, Province

    elsewhere = Province.objects.create(name="Lâm Đồng", slug="lam-dong")
    member = get_user_model().objects.create_user("hoidong-lamdong", first_name="Hội đồng LĐ")
    Membership.objects.create(user=member, role=Membership.COUNCIL, province=elsewhere)
    Membership.objects.create(user=member, role=Membership.STAFF)  # no province: not a loophole
    client = login("province")
    assert "Hội đồng LĐ" not in client.get(PAGE).content.decode()
    data = {"member": str(member.pk), "communes": ["ha-chau"], "scope": "whole"}
    assert "chọn một thành viên hội đồng" in client.post(PAGE, data, follow=True).content.decode()
    assert not CouncilAssignment.objects.filter(user=member).exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_existing_assignments_as_whole_commune() -> None:
    """Assignments made before fields existed are whole-commune ones after migration 0004."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    old = [("web", "0003_score_cache")]  # the migration before this branch's
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("web")
    executor.migrate(old)
    apps = executor.loader.project_state(old).apps
    user = apps.get_model("auth", "User").objects.create(username="hoidong-cu")
    province = apps.get_model("web", "Province").objects.create(name="Tỉnh cũ", slug="tinh-cu")
    commune = apps.get_model("web", "Commune").objects.create(
        province=province, name="Xã cũ", slug="xa-cu"
    )
    historical = apps.get_model("web", "CouncilAssignment")
    historical.objects.create(user=user, commune=commune)
    pairs = set(historical.objects.values_list("user_id", "commune_id"))
    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    rows = CouncilAssignment.objects.all()
    assert {(r.user_id, r.commune_id) for r in rows} == pairs
    assert all(r.whole for r in rows)


@pytest.mark.django_db
def test_hostile_ids_on_the_assignment_page_change_nothing() -> None:
    client = login("province")
    before = CouncilAssignment.objects.count()
    assert client.get(PAGE + "?nam=" + "9" * 5000).status_code == 200
    for data in (
        {"bo": "9" * 5000},
        {"bo": "²"},
        {"member": "9" * 5000, "communes": ["ha-chau"], "scope": "whole"},
        {"member": "1", "communes": ["<script>"], "scope": "fields", "fields": ["\x00"]},
    ):
        assert client.post(PAGE, data).status_code == 302
    assert CouncilAssignment.objects.count() == before


@pytest.mark.django_db
def test_a_member_taken_off_the_commune_mid_round_sees_what_they_typed() -> None:
    """The province removed the member's assignment while they scored: the save is refused
    (403, logged, nothing saved) on a page that lists their points and notes to copy."""
    a = _dan_tien(Assessment.ROUND_1)
    code = _leaf(a, "1")
    client = login("council")
    assert client.get(YEAR + "tham-dinh/").status_code == 200
    CouncilAssignment.objects.filter(user__username="hoidong", commune=a.commune).delete()
    before = _refusals()
    posted = {"vong": "1", f"p-{code}": "1,25", f"n-{code}": "Thiếu biên bản kiểm tra",
              f"x-{code}": "1", f"v-{code}": "0"}  # fmt: skip
    response = client.post(YEAR + "tham-dinh/luu/", posted)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Bạn chưa được phân công thẩm định xã Dân Tiến: không lưu điểm thẩm định" in page
    assert "Những gì bạn đã nhập (chưa được lưu)" in page
    title = next(r.title for r in round_rows(a) if r.code == code)
    assert f"Vòng 1, tiêu chí {code} – {title}" in page
    assert "điểm 1,25; ghi chú: Thiếu biên bản kiểm tra; yêu cầu xã giải trình" in page
    assert _refusals() == before + 1
    assert not AppraisedPoint.objects.filter(assessment=a, code=code, round=1).exists()


@pytest.mark.django_db
def test_a_member_whose_role_was_taken_sees_the_bonus_reason_they_typed() -> None:
    from parscore.web.models import Membership

    a = _dan_tien(Assessment.ROUND_1)
    Membership.objects.filter(user__username="hoidong").delete()
    CouncilAssignment.objects.filter(user__username="hoidong").delete()
    response = login("council").post(
        YEAR + "thuong-tru/", {"code": "T1", "reason": "Xã được Bộ Nội vụ khen thưởng năm 2025"}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "Lý do đề nghị mục thưởng, trừ “T1”" in page
    assert "Xã được Bộ Nội vụ khen thưởng năm 2025" in page
    assert a.proposed_adjustments.count() == 0


@pytest.mark.django_db
def test_a_refusal_with_nothing_typed_shows_no_empty_typing_box() -> None:
    _dan_tien(Assessment.ROUND_1)
    response = login("other_council").post(YEAR + "tham-dinh/luu/", {"vong": "1"})
    page = response.content.decode()
    assert response.status_code == 403 and "<h1>Không có quyền truy cập</h1>" in page
    assert "Những gì bạn đã nhập" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "round_2", "heading"),
    [
        (Assessment.FINAL, False, "Kết quả thẩm định đã chốt – xã Dân Tiến"),
        (Assessment.FINAL, True, "Kết quả thẩm định đã chốt – xã Dân Tiến"),
        (Assessment.ROUND_2, False, "Thẩm định vòng 2 – xã Dân Tiến"),
        (Assessment.EXPLANATION, False, "Thẩm định vòng 1 (chờ xã giải trình) – xã Dân Tiến"),
        (Assessment.SUBMITTED, False, "Thẩm định (chưa bắt đầu vòng 1) – xã Dân Tiến"),
    ],
)
def test_the_council_page_is_headed_as_what_it_is(state: str, round_2: bool, heading: str) -> None:
    """A final year closed on round 1's points alone was headed "Thẩm định vòng 2" over an
    empty round-2 column."""
    a = _dan_tien(state)
    code = _leaf(a, "1")
    AppraisedPoint.objects.create(assessment=a, round=1, code=code, points="1", version=1)
    if round_2:
        AppraisedPoint.objects.create(assessment=a, round=2, code=code, points="1.5", version=1)
    page = login("council").get(YEAR + "tham-dinh/").content.decode()
    assert f"<h1>{heading}, năm 2025</h1>" in page
    closed_on_1 = state == Assessment.FINAL and not round_2
    shown = 2 if round_2 or state == Assessment.ROUND_2 else 1
    assert f"<th>Điểm thẩm định vòng {shown}</th>" in page
    assert ("chưa có điểm thẩm định vòng 2" in page) == closed_on_1


@pytest.mark.django_db
def test_a_closed_round_reads_as_text_not_as_greyed_boxes() -> None:
    """The final year's notes were greyed input boxes, cut after about thirty characters."""
    page = login("council").get("/xa/tong-hop-0005/2025/tham-dinh/").content.decode()
    assert 'name="p-' not in page and 'name="n-' not in page
    assert (
        '<td class="long-text" data-label="Ghi chú">Hội đồng thống nhất với điểm tự chấm (dữ liệu mẫu).</td>'
        in page
    )
    open_round = login("council").get("/xa/tong-hop-0004/2025/tham-dinh/").content.decode()
    assert 'name="n-' in open_round and 'name="p-' in open_round


@pytest.mark.django_db
def test_a_member_not_or_no_longer_assigned_is_told_so_on_the_page() -> None:
    """Reloading the round screen after being taken off the commune gave a bare "Bạn không có
    quyền truy cập trang này", as for a stranger."""
    response = login("other_council").get(YEAR + "tham-dinh/")
    assert response.status_code == 403
    assert "Bạn chưa được phân công thẩm định xã Dân Tiến (hoặc vừa được bỏ phân công)" in (
        response.content.decode()
    )
    stranger = login("outsider").get(YEAR + "tham-dinh/").content.decode()
    assert "Bạn không có quyền truy cập trang này." in stranger and "phân công" not in stranger


def test_fields_are_listed_in_the_natural_order_of_codes() -> None:
    """The council lists fields as every other page orders codes (parscore.code_order)."""
    assert fields_text(None, ["10", "T1", "9", "2"]) == "lĩnh vực 2, 9, 10, T1"
