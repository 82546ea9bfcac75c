"""The council's meeting details entered in the web: checked (hostile input refused, nothing
saved), printed in the biên bản, carried by the exported evidence YAML so that ``parscore
minutes`` prints the same minutes."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from pathlib import Path
from typing import Any

import pytest

from parscore.web.meetings import meeting_of
from parscore.web.models import Assessment, AuditEntry, MeetingCommune
from parscore.web.workflow import today

from .conftest import login

YEAR = "/xa/dan-tien/2025/"
MEETING = YEAR + "hop-tham-dinh/"
GOOD = {
    "authority": "UBND tỉnh Thái Nguyên",
    "council": "Hội đồng thẩm định Chỉ số CCHC cấp xã năm 2025",
    "number": "07/BB-HĐTĐ",
    "date": "15/01/2026",
    "start": "8:00",
    "end": "11h30",
    "place": "Hội trường UBND xã Dân Tiến",
    "chair_name": "Phạm Quốc Huy",
    "chair_position": "Phó Giám đốc Sở Nội vụ",
    "secretary_name": "Đỗ Thu Trang",
    "secretary_position": "Chuyên viên",
    "members": "Vũ Minh Đức, Trưởng phòng CCHC\nHoàng Lan\n",
    "commune_people": "Nguyễn Thị Mai, Chủ tịch UBND xã",
    "conclusion": "Đề nghị xã bổ sung báo cáo tiêu chí 1.2.",
}


def _dan_tien(state: str = Assessment.FINAL) -> Assessment:
    a = Assessment.objects.select_related("commune").get(commune__slug="dan-tien", year=2025)
    a.status = state
    a.save(update_fields=["status"])
    return a


def _docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


@pytest.mark.django_db
def test_the_minutes_print_the_meeting_entered_in_the_web() -> None:
    a = _dan_tien()
    client = login("council")
    form = client.get(MEETING).content.decode()
    assert "Thành viên hội đồng thẩm định (mẫu)\nThành viên hội đồng theo lĩnh vực (mẫu)" in form
    assert client.post(MEETING, GOOD).status_code == 302
    link = meeting_of(a)
    assert link is not None and link.meeting.date == dt.date(2026, 1, 15)
    assert link.meeting.start == "8 giờ 00" and link.meeting.end == "11 giờ 30"
    text = _docx_text(client.get(YEAR + "bien-ban.docx").content)
    for expected in (
        "UBND TỈNH THÁI NGUYÊN",
        "HỘI ĐỒNG THẨM ĐỊNH CHỈ SỐ CCHC CẤP XÃ NĂM 2025",
        "Số: 07/BB-HĐTĐ",
        "Nguyễn Thị Mai, Chủ tịch UBND xã",
        "ngày 15 tháng 01 năm 2026",
        "8 giờ 00",
        "11 giờ 30",
        "Hội trường UBND xã Dân Tiến",
        "Phạm Quốc Huy, Phó Giám đốc Sở Nội vụ – Chủ tịch Hội đồng",
        "Đỗ Thu Trang, Chuyên viên – Thư ký",
        "Vũ Minh Đức, Trưởng phòng CCHC – Thành viên",
        "Hoàng Lan – Thành viên",
        "Đề nghị xã bổ sung báo cáo tiêu chí 1.2.",
    ):
        assert expected in text, expected
    assert AuditEntry.objects.filter(action="meeting", commune=a.commune).exists()
    again = client.get(MEETING).content.decode()  # the form shows what was saved
    assert 'value="15/01/2026"' in again and "Hoàng Lan" in again


@pytest.mark.django_db
def test_exported_yaml_gives_the_cli_the_same_minutes(tmp_path: Path) -> None:
    from parscore.cli.main import main

    a = _dan_tien()
    client = login("council")
    client.post(MEETING, GOOD)
    exported = client.get(YEAR + "minh-chung.yaml")
    assert exported.status_code == 200
    text = exported.content.decode()
    assert "appraisal_meeting:" in text and '"Phạm Quốc Huy"' in text
    (tmp_path / "xa.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "goi.yaml").write_text(a.pack.text, encoding="utf-8")
    for suffix in ("html", "docx"):
        out = tmp_path / f"bien-ban.{suffix}"
        args = ["minutes", str(tmp_path / "xa.yaml"), "--pack", str(tmp_path / "goi.yaml")]
        assert main([*args, "-o", str(out)]) == 0
        web = client.get(YEAR + f"bien-ban.{suffix}").content
        if suffix == "html":
            assert out.read_bytes() == web
        else:
            assert _docx_text(out.read_bytes()) == _docx_text(web)


HOSTILE: list[tuple[dict[str, str], str, str]] = [
    ({"place": "Hội trường\x07"}, "place", "ký tự điều khiển"),
    ({"conclusion": "x" * 6000}, "conclusion", "quá dài"),
    ({"chair_name": "A" * 400}, "chair_name", "quá dài"),
    ({"date": "31/02/2026"}, "date", "không có thật"),
    ({"date": "15/06/2024"}, "date", "trước năm được thẩm định"),
    ({"date": ""}, "date", "cần ngày họp"),
    ({"date": "hôm qua"}, "date", "dd/mm/yyyy"),
    ({"start": "25:00"}, "start", "không hợp lệ"),
    ({"end": "8 giờ 75"}, "end", "không hợp lệ"),
    ({"chair_name": "", "chair_position": "Giám đốc"}, "chair_name", "cần ghi họ tên"),
    ({"members": "\n".join(f"Người {i}" for i in range(60))}, "members", "quá nhiều dòng"),
    ({"members": ", Trưởng phòng"}, "members", "thiếu họ tên"),
    ({"commune_people": "Ông A\x1b[31m"}, "commune_people", "ký tự điều khiển"),
    ({"number": "1" * 101}, "number", "quá dài"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "field", "message"), HOSTILE)
def test_hostile_meeting_input_is_refused_and_nothing_saved(
    change: dict[str, str], field: str, message: str
) -> None:
    a = _dan_tien()
    response = login("council").post(MEETING, {**GOOD, **change})
    assert response.status_code == 422
    page = response.content.decode()
    assert message.lower() in page.lower() and f'name="{field}"' in page
    assert meeting_of(a) is None


@pytest.mark.django_db
def test_a_date_far_in_the_future_is_refused() -> None:
    a = _dan_tien()
    far = today() + dt.timedelta(days=400)
    response = login("council").post(MEETING, {**GOOD, "date": f"{far:%d/%m/%Y}"})
    assert response.status_code == 422 and "quá xa" in response.content.decode()
    assert meeting_of(a) is None


@pytest.mark.django_db
def test_tags_are_kept_as_text_and_escaped_everywhere() -> None:
    _dan_tien()
    client = login("province")
    tag = "<script>alert(1)</script>"
    assert client.post(MEETING, {**GOOD, "place": tag}).status_code == 302
    assert tag not in client.get(MEETING).content.decode()
    html = client.get(YEAR + "bien-ban.html").content.decode()
    assert tag not in html and "&lt;script&gt;" in html
    assert tag in _docx_text(client.get(YEAR + "bien-ban.docx").content)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("council", True),
        ("province", True),
        ("admin", True),
        ("field_council", False),
        ("leader", False),
        ("staff", False),
        ("auditor", False),
        ("other_council", False),
    ],
)
def test_who_may_record_the_meeting(role: str, allowed: bool) -> None:
    a = _dan_tien()
    response = login(role).post(MEETING, GOOD)
    assert response.status_code == (302 if allowed else 403)
    assert (meeting_of(a) is not None) == allowed


@pytest.mark.django_db
def test_one_meeting_covers_several_communes_each_with_its_conclusion() -> None:
    a = _dan_tien()
    other = Assessment.objects.get(commune__slug="tong-hop-0001", year=2025)  # submitted
    busy = Assessment.objects.get(commune__slug="tong-hop-0005", year=2025)  # demo meeting
    client = login("council")
    form = client.get(MEETING).content.decode()
    assert f'name="together" value="{other.pk}"' in form
    assert "đã thuộc cuộc họp ngày" in form
    assert client.post(MEETING, {**GOOD, "together": [str(other.pk)]}).status_code == 302
    mine, theirs = meeting_of(a), meeting_of(other)
    assert mine is not None and theirs is not None and mine.meeting_id == theirs.meeting_id
    assert theirs.conclusion == "" and mine.conclusion == GOOD["conclusion"]
    before = AuditEntry.objects.filter(action="refused").count()
    page = client.post(MEETING, {**GOOD, "together": [str(busy.pk)]}, follow=True)
    assert "đã thuộc cuộc họp ngày" in page.content.decode()
    assert AuditEntry.objects.filter(action="refused").count() == before + 1
    busy_link = meeting_of(busy)
    assert busy_link is not None and busy_link.meeting_id != mine.meeting_id
    # unchecking the other commune takes it out of the meeting
    client.post(MEETING, GOOD)
    assert meeting_of(other) is None and MeetingCommune.objects.filter(assessment=a).exists()


@pytest.mark.django_db
def test_a_published_year_keeps_its_meeting() -> None:
    a = Assessment.objects.get(commune__slug="ha-chau", year=2023)
    link = meeting_of(a)
    assert link is not None  # the demo's meeting
    page = login("province").get("/xa/ha-chau/2023/hop-tham-dinh/").content.decode()
    assert "đã công bố" in page and "<fieldset disabled>" in page
    before = AuditEntry.objects.filter(action="refused").count()
    response = login("province").post("/xa/ha-chau/2023/hop-tham-dinh/", GOOD, follow=True)
    assert "đã công bố" in response.content.decode()
    assert AuditEntry.objects.filter(action="refused").count() == before + 1
    again = meeting_of(a)
    assert again is not None and again.meeting.date == link.meeting.date


@pytest.mark.django_db
def test_the_demo_minutes_have_a_filled_meeting() -> None:
    html = login("other_staff").get("/xa/ha-chau/2023/bien-ban.html").content.decode()
    assert "ngày 12 tháng 3 năm 2024" in html and "Hội trường Sở Nội vụ (mẫu)" in html
    assert "Nguyễn Văn An (mẫu), Phó Giám đốc Sở Nội vụ" in html


@pytest.mark.django_db
def test_the_commune_sees_the_meeting_read_only_and_no_suggestion_as_if_recorded() -> None:
    _dan_tien()
    page = login("staff").get(MEETING).content.decode()
    assert "Hội đồng chưa nhập thông tin cuộc họp" in page
    assert "Thành viên hội đồng thẩm định (mẫu)" not in page
    # no empty greyed form whose examples ("ví dụ: UBND tỉnh …") read as if recorded
    assert '<form method="post" class="meeting-form"' not in page and "ví dụ" not in page
    login("council").post(MEETING, GOOD)
    page = login("staff").get(MEETING).content.decode()
    assert "chưa nhập" not in page and 'value="Hội trường UBND xã Dân Tiến"' in page
    assert "<fieldset disabled>" in page and "data-unsaved" not in page


@pytest.mark.django_db
def test_hostile_commune_ids_in_a_meeting_are_refused() -> None:
    a = _dan_tien()
    client = login("council")
    before = AuditEntry.objects.filter(action="refused").count()
    page = client.post(MEETING, {**GOOD, "together": ["999999"]}, follow=True).content.decode()
    assert "không thuộc tỉnh, năm này" in page and meeting_of(a) is None
    assert AuditEntry.objects.filter(action="refused").count() == before + 1
    assert client.post(MEETING, {**GOOD, "together": ["9" * 5000, "²"]}).status_code == 302


@pytest.mark.django_db
def test_a_new_meeting_is_prefilled_from_the_years_latest() -> None:
    page = login("council").get("/xa/tong-hop-0003/2025/hop-tham-dinh/").content.decode()
    assert 'value="Nguyễn Văn An (mẫu)"' in page and 'value="UBND tỉnh Thái Nguyên"' in page
    assert "điền sẵn theo cuộc họp gần nhất" in page
    assert 'name="date" value=""' in page  # the date is never guessed


@pytest.mark.django_db
def test_a_year_still_self_assessed_cannot_be_put_in_a_meeting() -> None:
    """The page offers only years handed in; a forged request naming another is refused."""
    a = _dan_tien()
    draft = (
        Assessment.objects.filter(commune__province=a.commune.province, year=2025)
        .exclude(pk=a.pk)
        .filter(status__in=Assessment.EDITABLE)
        .first()
    )
    assert draft is not None
    client = login("province")
    assert f'name="together" value="{draft.pk}"' not in client.get(MEETING).content.decode()
    page = client.post(MEETING, {**GOOD, "together": [str(draft.pk)]}, follow=True)
    assert "còn đang tự đánh giá" in page.content.decode()
    assert meeting_of(draft) is None and meeting_of(a) is None


@pytest.mark.django_db
def test_a_meeting_refused_after_the_year_was_published_keeps_what_was_typed() -> None:
    """The province published while a member typed the meeting: the refusal redirected and
    the whole form (members, conclusion) was gone."""
    from parscore.web.models import AppraisalYear

    _dan_tien()
    AppraisalYear.objects.update_or_create(
        province=Assessment.objects.get(commune__slug="dan-tien", year=2025).commune.province,
        year=2025,
        defaults={"published": True},
    )
    response = login("council").post(MEETING, GOOD)
    assert response.status_code == 409
    page = response.content.decode()
    assert "đã công bố" in page
    assert "Đề nghị xã bổ sung báo cáo tiêu chí 1.2." in page and 'value="Phạm Quốc Huy"' in page
    assert meeting_of(Assessment.objects.get(commune__slug="dan-tien", year=2025)) is None


def _meeting_form(page: str) -> dict[str, Any]:
    """The meeting form as its page shows it (what a browser posts back, the hidden
    "what the page showed" field included; textarea lines end in CR LF as a browser sends)."""
    values: dict[str, Any] = {}
    for m in re.finditer(r'<input (?:type="hidden" )?name="([^"]+)" value="([^"]*)"', page):
        values[m.group(1)] = html.unescape(m.group(2))
    for m in re.finditer(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        values[m.group(1)] = html.unescape(m.group(2)).replace("\n", "\r\n")
    values["together"] = re.findall(r'name="together" value="(\d+)" checked', page)
    values.pop("csrfmiddlewaretoken", None)
    return values


@pytest.mark.django_db
def test_two_people_on_the_meeting_form_keep_each_others_changes() -> None:
    """The secretary and a province officer had the meeting's page open; each saved one field:
    the second save used to write back the whole page it had drawn, undoing the first."""
    a = _dan_tien()
    council, province = login("council"), login("province")
    assert council.post(MEETING, GOOD).status_code == 302
    mine = _meeting_form(council.get(MEETING).content.decode())
    theirs = _meeting_form(province.get(MEETING).content.decode())
    assert mine["members"] == "Vũ Minh Đức, Trưởng phòng CCHC\r\nHoàng Lan"
    mine["place"] = "Phòng họp số 2, UBND tỉnh"
    assert council.post(MEETING, mine).status_code == 302
    theirs["conclusion"] = "Đề nghị xã bổ sung báo cáo tiêu chí 1.2 và 3.1."
    saved = province.post(MEETING, theirs, follow=True)
    page = saved.content.decode()
    assert "các mục bạn không sửa giữ nội dung mới đó: Địa điểm." in page
    link = meeting_of(a)
    assert link is not None
    assert link.meeting.place == "Phòng họp số 2, UBND tỉnh"
    assert link.conclusion == "Đề nghị xã bổ sung báo cáo tiêu chí 1.2 và 3.1."
    assert [p["name"] for p in link.meeting.members] == ["Vũ Minh Đức", "Hoàng Lan"]
    # the same page sent again changes nothing and says so
    again = province.post(MEETING, theirs, follow=True).content.decode()
    assert "đã như bạn nhập" in again


@pytest.mark.django_db
def test_a_meeting_field_both_changed_is_refused_showing_the_newer_text() -> None:
    a = _dan_tien()
    council, province = login("council"), login("province")
    council.post(MEETING, GOOD)
    mine = _meeting_form(council.get(MEETING).content.decode())
    theirs = _meeting_form(province.get(MEETING).content.decode())
    mine["date"], mine["place"] = "16/01/2026", "Phòng họp số 2"
    assert council.post(MEETING, mine).status_code == 302
    theirs["date"], theirs["number"] = "17/01/2026", "08/BB-HĐTĐ"
    before = AuditEntry.objects.filter(action="refused").count()
    response = province.post(MEETING, theirs)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Chưa lưu: Ngày họp vừa được lưu từ một trang khác" in page
    assert 'name="date" value="16/01/2026"' in page and "bạn đã nhập “17/01/2026”" in page
    assert 'name="number" value="08/BB-HĐTĐ"' in page  # the rest as typed
    assert 'name="place" value="Phòng họp số 2"' in page  # kept: not touched there
    assert AuditEntry.objects.filter(action="refused").count() == before + 1
    link = meeting_of(a)
    assert link is not None and link.meeting.date == dt.date(2026, 1, 16)
    assert link.number == GOOD["number"]


@pytest.mark.django_db
def test_communes_added_to_the_meeting_elsewhere_are_not_dropped_by_an_old_page() -> None:
    """The communes of one meeting are a field too: a page drawn before a colleague added a
    commune does not take it out again."""
    a = _dan_tien()
    other = Assessment.objects.get(commune__slug="tong-hop-0001", year=2025)
    council, province = login("council"), login("province")
    council.post(MEETING, GOOD)
    old = _meeting_form(province.get(MEETING).content.decode())
    assert old["together"] == []
    assert council.post(MEETING, {**GOOD, "together": [str(other.pk)]}).status_code == 302
    old["conclusion"] = "Thống nhất."
    assert province.post(MEETING, old).status_code == 302
    mine, theirs = meeting_of(a), meeting_of(other)
    assert mine is not None and theirs is not None and theirs.meeting_id == mine.meeting_id
    assert mine.conclusion == "Thống nhất."


@pytest.mark.django_db
def test_a_member_taken_off_the_commune_keeps_the_meeting_they_typed() -> None:
    """Removed from the council mid-session: a logged 403 that lost the whole form."""
    from parscore.web.models import CouncilAssignment

    a = _dan_tien()
    client = login("council")
    form = _meeting_form(client.get(MEETING).content.decode())
    CouncilAssignment.objects.filter(user__username="hoidong", commune=a.commune).delete()
    before = AuditEntry.objects.filter(action="refused").count()
    response = client.post(MEETING, {**form, **GOOD})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Bạn chưa được phân công thẩm định xã Dân Tiến: không ghi thông tin cuộc họp" in page
    assert "Những gì bạn đã nhập (chưa được lưu)" in page
    assert "Đề nghị xã bổ sung báo cáo tiêu chí 1.2." in page and "Phạm Quốc Huy" in page
    assert "Vũ Minh Đức, Trưởng phòng CCHC<br>Hoàng Lan" in page
    assert AuditEntry.objects.filter(action="refused").count() == before + 1
    assert meeting_of(a) is None


@pytest.mark.django_db
def test_minutes_without_a_meeting_name_each_assigned_member_once_as_member() -> None:
    """Before the meeting was entered the minutes listed "…, Thành viên – Thành viên"."""
    _dan_tien()
    html_ = login("council").get(YEAR + "bien-ban.html").content.decode()
    assert "Thành viên hội đồng thẩm định (mẫu) – Thành viên" in html_
    assert "Thành viên – Thành viên" not in html_
    text = _docx_text(login("council").get(YEAR + "bien-ban.docx").content)
    assert "Thành viên hội đồng theo lĩnh vực (mẫu) – Thành viên." in text
    assert "Thành viên – Thành viên" not in text


@pytest.mark.django_db
def test_the_communes_of_the_meeting_changed_on_both_pages_is_said_beside_them() -> None:
    _dan_tien()
    one = Assessment.objects.get(commune__slug="tong-hop-0001", year=2025)
    council, province = login("council"), login("province")
    council.post(MEETING, GOOD)
    mine = _meeting_form(council.get(MEETING).content.decode())
    theirs = _meeting_form(province.get(MEETING).content.decode())
    assert council.post(MEETING, {**mine, "together": [str(one.pk)]}).status_code == 302
    busy = Assessment.objects.get(commune__slug="tong-hop-0003", year=2025)
    response = province.post(MEETING, {**theirs, "together": [str(busy.pk)]})
    assert response.status_code == 409
    page = response.content.decode()
    assert 'id="together-err"' in page and "bạn đã chọn khác" in page
    assert f'name="together" value="{one.pk}" checked' in page
    assert meeting_of(busy) is None


@pytest.mark.django_db
def test_a_member_cannot_drop_from_the_meeting_a_commune_they_may_not_record() -> None:
    """A council member of one commune only, saving its meeting, took out of the meeting the
    other communes the province had put in it (unticked: they were not theirs to tick)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from parscore.web.models import CouncilAssignment, Membership

    a = _dan_tien()
    other = Assessment.objects.get(commune__slug="tong-hop-0001", year=2025)  # submitted
    assert login("province").post(MEETING, {**GOOD, "together": [str(other.pk)]}).status_code == 302
    member = get_user_model().objects.create_user("hoidong-mot-xa")
    Membership.objects.create(user=member, role=Membership.COUNCIL)
    CouncilAssignment.objects.create(user=member, commune=a.commune)
    client = Client()
    client.force_login(member)
    page = client.post(MEETING, {**GOOD, "place": "Phòng họp số 2"}, follow=True)
    assert "Bạn không được bỏ xã Tổng hợp 0001" in html.unescape(page.content.decode())
    link, theirs = meeting_of(a), meeting_of(other)
    assert link is not None and theirs is not None and theirs.meeting_id == link.meeting_id
    assert link.meeting.place == GOOD["place"]  # nothing saved
    # ticked as the province left it, the member records the meeting of their commune
    kept = {**GOOD, "place": "Phòng họp số 2", "together": [str(other.pk)]}
    assert client.post(MEETING, kept).status_code == 302
    assert meeting_of(other) is not None and meeting_of(a).meeting.place == "Phòng họp số 2"  # type: ignore[union-attr]
