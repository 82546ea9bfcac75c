"""The council's and the province's pages as their users read them: what a read-only page says
and shows (not a form that cannot be sent)."""

from __future__ import annotations

import pytest

from parscore.web.models import Assessment

from .conftest import login

pytestmark = pytest.mark.django_db

EXPLAINING = "/xa/tong-hop-0003/2025/giai-trinh/"  # the demo's commune at the explanation step


def test_the_council_reads_the_communes_explanations_as_text_not_as_a_dead_form() -> None:
    """At the explanation step the council was told 'no explanation is taken at this step' and
    shown empty greyed boxes with a save button: the step is the commune's to answer."""
    page = login("council").get(EXPLAINING).content.decode()
    assert "Không nhận giải trình ở bước này" not in page
    assert "Giải trình do xã nhập; trang này để bạn xem." in page
    assert "<textarea" not in page and "Lưu giải trình" not in page
    assert "xã chưa giải trình tiêu chí này" in page
    assert "– xã Tổng hợp 0003, năm 2025</h1>" in page  # whose explanations, as the round's page


def test_the_commune_is_told_when_it_may_answer() -> None:
    a = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    a.status = Assessment.ROUND_1
    a.save(update_fields=["status"])
    page = login("leader").get("/xa/dan-tien/2025/giai-trinh/").content.decode()
    assert "ở bước “Đang giải trình”; bước hiện tại là “Thẩm định vòng 1”" in page


def test_the_rankings_field_columns_are_named_without_a_mouse() -> None:
    """The field columns (1, 3, 4 …) were named only in a tooltip ('hover over a code'): none
    on a phone or a tablet, none read out; the list of fields was printed only."""
    page = login("province").get("/tinh/thai-nguyen/2025/").content.decode()
    assert "rê chuột" not in page
    legend = page.split('<p class="fields-legend" id="cac-linh-vuc">')[1].split("</p>")[0]
    assert "<b>1</b> Công tác chỉ đạo, điều hành CCHC" in legend
    assert '<span class="visually-hidden">Lĩnh vực </span>1</th>' in page


def test_a_refused_deadline_comes_back_as_typed_beside_its_field() -> None:
    """A wrong date sent the province back to the stored deadlines (all four typed again) with
    the reason at the top only; now each field keeps what was typed, the wrong one marked."""
    sent = {
        "self_deadline": "15/01/2026",
        "round_1_deadline": "31/02/2026",  # no such day
        "explanation_deadline": "01/03/2026",
        "round_2_deadline": "15/03/2026",
    }
    response = login("province").post("/tinh/thai-nguyen/2025/han/", sent)
    assert response.status_code == 422
    page = response.content.decode()
    for value in sent.values():
        assert f'value="{value}"' in page
    assert (
        'name="round_1_deadline" value="31/02/2026" placeholder="dd/mm/yyyy" size="10"'
        ' aria-invalid="true" aria-describedby="round_1_deadline-err" autofocus>' in page
    )
    assert '<span class="error" id="round_1_deadline-err">Hạn thẩm định vòng 1: ' in page
    assert page.count("aria-invalid") == 1
    # a deadline before the step before it is marked on the later one
    sent["round_1_deadline"] = "10/01/2026"
    page = login("province").post("/tinh/thai-nguyen/2025/han/", sent).content.decode()
    assert (
        'id="round_1_deadline-err">Hạn thẩm định vòng 1 (10/01/2026) trước hạn tự đánh giá' in page
    )


def test_a_refused_deadlines_form_puts_the_cursor_in_its_first_wrong_field() -> None:
    """The refused form came back with the cursor nowhere (on a phone, at the top of a long
    page): the commune's form takes the cursor to its problem, this one now to the first wrong
    date (its reason read out with it), and to that one only."""
    sent = {
        "self_deadline": "15/01/2026",
        "round_1_deadline": "10/01/2026",
        "explanation_deadline": "32/02/2026",  # no such day
        "round_2_deadline": "mai",
    }
    page = login("province").post("/tinh/thai-nguyen/2025/han/", sent).content.decode()
    assert page.count("autofocus") == 1
    assert (
        'name="explanation_deadline" value="32/02/2026" placeholder="dd/mm/yyyy" size="10"'
        ' aria-invalid="true" aria-describedby="explanation_deadline-err" autofocus>' in page
    )
    page = login("province").get("/tinh/thai-nguyen/2025/").content.decode()
    assert "autofocus" not in page  # a page not refused leaves the cursor alone


def test_the_pack_migration_offers_the_years_packs_by_name() -> None:
    """The choice listed every file by its name (2023.yaml first, a pack for another year that
    the page then refused), none marked as the one in use."""
    page = login("province").get("/tinh/thai-nguyen/2025/doi-goi/").content.decode()
    options = page.split('<select name="goi">')[1].split("</select>")[0]
    assert "2023.yaml" not in options and "2026.yaml" not in options
    assert (
        '<option value="2025.yaml">thai-nguyen/xa/2025 (lần sửa 1, tệp 2025.yaml) – gói đang dùng'
        in options
    )


def test_the_pack_migration_says_when_no_pack_is_written_for_the_year(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No pack for the year: an empty choice and a button, without a word; now what to do."""
    from parscore.web.views import migration

    monkeypatch.setattr(migration, "available_pack_files", lambda: [])
    page = login("province").get("/tinh/thai-nguyen/2025/doi-goi/").content.decode()
    assert "<select" not in page
    assert "Chưa có tệp gói quy tắc nào viết cho năm 2025" in page


def test_a_refused_appraisal_point_is_marked_on_its_field() -> None:
    """The round's refused point had its reason beside it but the field was not marked in error
    nor described by it (as the commune's form does)."""
    a = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    a.status = Assessment.ROUND_1
    a.save(update_fields=["status"])
    response = login("council").post(
        "/xa/dan-tien/2025/tham-dinh/luu/", {"p-1.2": "99", "v-1.2": "0"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    field = page.split('name="p-1.2"')[1].split(">")[0]
    assert 'aria-invalid="true" aria-describedby="p-1-2-err"' in field
    assert '<span class="errors" id="p-1-2-err"><span class="error">' in page
    assert page.count('aria-invalid="true"') == 1
    # the cursor in it: on a phone the criterion is screens below the message at the top
    assert field.endswith(" autofocus")


def test_a_refused_meeting_field_is_marked_and_described() -> None:
    response = login("council").post(
        "/xa/tong-hop-0004/2025/hop-tham-dinh/", {"date": "32/13/2026"}
    )
    page = response.content.decode()
    field = page.split('name="date"')[1].split(">")[0]
    assert 'aria-invalid="true" aria-describedby="date-err"' in field
    assert '<span class="errors" id="date-err"><span class="error">' in page


@pytest.mark.parametrize("role", ["council", "auditor"])
def test_the_council_s_list_of_communes_opens_each_year_at_its_appraisal(role: str) -> None:
    """A council member's (or an appraiser's) list of communes linked each year to the commune's
    self-assessment: the appraisal, their work, was a further click away. A year the commune
    has not submitted has no appraisal yet: its link stays the form."""
    client = login(role)
    home = client.get("/").content.decode()
    assert 'href="/xa/tong-hop-0002/2025/tham-dinh/">2025</a>' in home  # at round 1
    assert 'href="/xa/ha-chau/2023/tham-dinh/">2023</a>' in home  # settled
    assert 'href="/xa/dan-tien/2025/">2025</a>' in home  # still the commune's draft
    assert 'href="/xa/tong-hop-0002/2025/">' not in home
    commune = client.get("/xa/tong-hop-0002/").content.decode()
    assert '<td><a href="/xa/tong-hop-0002/2025/tham-dinh/">2025</a></td>' in commune


def test_the_commune_s_own_list_still_opens_its_form() -> None:
    for role in ("staff", "province"):
        home = login(role).get("/").content.decode()
        assert 'href="/xa/dan-tien/2025/">2025</a>' in home and "tham-dinh" not in home
    submitted = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    submitted.status = Assessment.SUBMITTED
    submitted.save(update_fields=["status"])
    page = login("staff").get("/xa/dan-tien/").content.decode()
    assert '<td><a href="/xa/dan-tien/2025/">2025</a></td>' in page
