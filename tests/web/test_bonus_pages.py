"""Bonus and penalty items (điểm thưởng, điểm trừ) as the commune and the council meet them,
with the test pack ``tests/data/bonus/pack.yaml`` (the bundled 2025 pack with invented items):
every page that shows a total with bonus or penalty says how much of it they are."""

from __future__ import annotations

import pytest

from parscore.web.models import Assessment
from parscore.web.packs import freeze_pack

from ..conftest import DATA
from .conftest import login

YEAR = "/xa/dan-tien/2025/"
CAPS = "điểm thưởng tối đa 3 điểm; điểm trừ tối đa 5 điểm"


def _dan_tien(state: str) -> Assessment:
    a = Assessment.objects.select_related("commune").get(commune__slug="dan-tien", year=2025)
    a.status = state
    a.pack = freeze_pack(DATA / "bonus" / "pack.yaml")
    a.save(update_fields=["status", "pack"])
    return a


@pytest.mark.django_db
def test_while_self_assessing_the_page_does_not_call_the_open_proposals_read_only() -> None:
    _dan_tien(Assessment.DRAFT)
    page = login("staff").get(YEAR + "giai-trinh/").content.decode()
    assert 'aria-label="Lý do T1"' in page  # the proposals are open
    assert "trang này chỉ để xem" not in page
    assert "phần giải trình chỉ để xem" in page and "xã đề nghị được ngay" in page
    assert CAPS in page  # the pack's caps are named, not only "the pack's maximum"


@pytest.mark.django_db
def test_a_year_without_items_still_says_the_page_is_read_only() -> None:
    a = Assessment.objects.get(commune__slug="dan-tien", year=2025)  # the bundled pack: no items
    a.status = Assessment.DRAFT
    a.save(update_fields=["status"])
    page = login("staff").get(YEAR + "giai-trinh/").content.decode()
    assert "trang này chỉ để xem" in page and "xã đề nghị được ngay" not in page


@pytest.mark.django_db
def test_accepted_items_are_shown_beside_every_total_they_change() -> None:
    a = _dan_tien(Assessment.DRAFT)
    staff = login("staff")
    staff.post(YEAR + "thuong-tru/", {"code": "T1", "reason": "QĐ 45/QĐ-UBND của UBND tỉnh"})
    staff.post(YEAR + "thuong-tru/", {"code": "V1", "reason": "Chậm báo cáo quý III"})
    a.status = Assessment.ROUND_1
    a.save(update_fields=["status"])
    council = login("council")
    for code in ("T1", "V1"):
        council.post(YEAR + "thuong-tru/", {"code": code, "decision": "accepted"})
    # 86,79 converted (85,9225 / 99) + 1,5 − 0,5 = 87,79
    panel = staff.get(YEAR).content.decode()
    row = panel.split('id="thuong-tru-diem"')[1].split("</tr>")[0]
    assert "86,79 + 1,5 − 0,5 = 87,79" in row and "+1,5 / −0,5" in row
    stages = council.get(YEAR + "tham-dinh/").content.decode().split('id="theo-buoc"')[1]
    stages = stages.split("</table>")[0]
    assert "Gồm thưởng / trừ" in stages and "+1,5 / −0,5" in stages and "87,79" in stages
    commune = staff.get("/xa/dan-tien/").content.decode().split('id="ket-qua-2025"')[1]
    assert "đã gồm điểm thưởng, điểm trừ hội đồng chấp nhận: +1,5 / −0,5" in commune


@pytest.mark.django_db
def test_a_pack_without_items_shows_no_bonus_column() -> None:
    page = login("other_staff").get("/xa/ha-chau/2023/tham-dinh/").content.decode()
    assert "Gồm thưởng / trừ" not in page
    assert (
        'id="thuong-tru-diem"' not in login("other_staff").get("/xa/ha-chau/2023/").content.decode()
    )
