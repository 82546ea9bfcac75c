"""Reasons typed on the commune's pages as boxes of several lines, as the council's notes are: why
a criterion does not apply (the year's form) and why a bonus or penalty item is proposed. A
browser sends their lines ending in "\\r\\n": stored with one line ending, shown as typed, kept
by the evidence file and the Excel form (out and back in), never seen as a change by itself; a
control character other than a line break or a tab is still refused, as every typed text."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from parscore.forms.reader import read_form
from parscore.web.evidence import load_assessment
from parscore.web.models import Assessment, NotApplicable, ProposedAdjustment
from parscore.web.packs import freeze_pack, loaded_pack
from parscore.web.texts import LONG

from ..conftest import DATA
from .conftest import login
from .posted_forms import form_values

YEAR = "/xa/dan-tien/2025/"
CODE = "6.3.1"  # a criterion the pack lets a commune declare not applicable
TYPED = "Xã không có đơn vị sự nghiệp trực thuộc.\r\nCăn cứ Quyết định số 12/QĐ-UBND.\tTrang 2"
STORED = TYPED.replace("\r\n", "\n")


def _year() -> Assessment:
    return Assessment.objects.select_related("commune").get(commune__slug="dan-tien", year=2025)


def _save_reason(client: Any, reason: str) -> Any:
    values = form_values(client.get(YEAR).content.decode())
    values[f"na-{CODE}"] = reason
    return client.post(YEAR + "luu/", values)


@pytest.mark.django_db
def test_a_not_applicable_reason_is_a_box_of_lines_kept_everywhere() -> None:
    staff = login("staff")
    page = staff.get(YEAR).content.decode()
    assert re.search(
        rf'<textarea id="na-{re.escape(CODE)}" name="na-{CODE}"[^>]*class="lines"', page
    )
    assert f'<input id="na-{CODE}"' not in page
    assert _save_reason(staff, TYPED).status_code == 302
    a = _year()
    assert NotApplicable.objects.get(assessment=a, code=CODE).reason == STORED
    page = staff.get(YEAR).content.decode()
    assert f"{STORED}</textarea>" in page  # shown as typed, its lines kept
    # the evidence (every score), its YAML file and the Excel form, out and back in
    evidence, _ = load_assessment(a)
    assert evidence.model.not_applicable[CODE] == STORED
    exported = yaml.safe_load(staff.get(YEAR + "minh-chung.yaml").content.decode())
    assert exported["not_applicable"][CODE] == STORED
    book = staff.get(YEAR + "bieu-mau.xlsx").content
    back, _ = read_form(book, "bieu-mau.xlsx", pack=loaded_pack(a.pack))
    assert back.model.not_applicable[CODE] == STORED
    preview = staff.post(
        YEAR + "nhap/", {"file": SimpleUploadedFile("dan-tien.xlsx", book)}
    ).content.decode()
    assert f"Không áp dụng {CODE}" not in preview  # the same reason: no change to import


@pytest.mark.django_db
def test_a_reason_sent_back_as_shown_is_no_change_and_keeps_another_s_newer_one() -> None:
    """The page showed the reason with "\\n", the box sends it back with "\\r\\n": the same text,
    so a reason saved meanwhile from another page is kept (it was a conflict, the save refused)."""
    staff, leader = login("staff"), login("leader")
    assert _save_reason(staff, TYPED).status_code == 302
    values = form_values(staff.get(YEAR).content.decode())
    assert values[f"na-{CODE}"] == TYPED  # as a browser sends the box back
    values["m-initiatives"] = "3"
    assert _save_reason(leader, "Lý do mới\r\ncủa lãnh đạo xã").status_code == 302
    response = staff.post(YEAR + "luu/", values, follow=True)
    assert response.redirect_chain, response.content.decode()[:3000]
    kept = NotApplicable.objects.get(assessment=_year(), code=CODE).reason
    assert kept == "Lý do mới\ncủa lãnh đạo xã"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reason", "word"), [("x" * (LONG + 1), "văn bản quá dài"), ("lý\x07do", "ký tự điều khiển")]
)
def test_a_not_applicable_reason_keeps_its_limits(reason: str, word: str) -> None:
    staff = login("staff")
    before = list(NotApplicable.objects.filter(assessment=_year()).values_list("code", "reason"))
    response = _save_reason(staff, f"Dòng một\r\n{reason}")
    page = response.content.decode()
    assert response.status_code == 422
    beside = page.split(f'id="na-{CODE}-err">', 1)[1].split("</span></span>", 1)[0]
    assert beside.count(word) == 1, beside  # said once (the engine's loader is not asked too)
    assert re.search(rf'<textarea id="na-{re.escape(CODE)}"[^>]*aria-invalid="true"', page)
    assert "Dòng một\n" in page  # what was typed is shown again
    after = NotApplicable.objects.filter(assessment=_year()).values_list("code", "reason")
    assert list(after) == before  # nothing saved


def _bonus_year(state: str) -> Assessment:
    a = _year()
    a.status = state
    a.pack = freeze_pack(DATA / "bonus" / "pack.yaml")
    a.save(update_fields=["status", "pack"])
    return a


@pytest.mark.django_db
def test_a_proposal_s_reason_is_a_box_of_lines_kept_to_the_council_s_decision() -> None:
    a = _bonus_year(Assessment.DRAFT)
    staff = login("staff")
    page = staff.get(YEAR + "giai-trinh/").content.decode()
    assert re.search(r'<textarea name="reason" aria-label="Lý do T1" class="lines"', page)
    assert '<input name="reason"' not in page
    typed = "Sáng kiến «Tiếp nhận hồ sơ lưu động».\r\nQĐ 45/QĐ-UBND của UBND tỉnh."
    stored = typed.replace("\r\n", "\n")
    staff.post(YEAR + "thuong-tru/", {"code": "T1", "reason": typed})
    assert ProposedAdjustment.objects.get(assessment=a, code="T1").reason == stored
    page = staff.get(YEAR + "giai-trinh/").content.decode()
    assert stored.replace("\n", "<br>") in page  # read as lines
    # proposed again as the box sends it: the same reason, nothing changes
    again = staff.post(YEAR + "thuong-tru/", {"code": "T1", "reason": typed}, follow=True)
    assert "không có gì thay đổi" in again.content.decode()
    # the council decides on the reason its page showed, sent back by the browser in "\r\n"
    a.status = Assessment.ROUND_1
    a.save(update_fields=["status"])
    council = login("council")
    page = council.get(YEAR + "tham-dinh/").content.decode()
    assert f'name="ly-do" value="{stored}"' in page
    council.post(
        YEAR + "thuong-tru/",
        {"code": "T1", "decision": "accepted", "ly-do": typed, "da-quyet": "pending"},
    )
    assert ProposedAdjustment.objects.get(assessment=a, code="T1").decision == "accepted"
    # accepted, it is in the evidence, its YAML file and the Excel form with its lines
    evidence, _ = load_assessment(a)
    assert evidence.model.adjustments["T1"] == stored
    exported = yaml.safe_load(council.get(YEAR + "minh-chung.yaml").content.decode())
    assert exported["adjustments"]["T1"] == stored
    book = council.get(YEAR + "bieu-mau.xlsx").content
    back, _ = read_form(book, "bieu-mau.xlsx", pack=loaded_pack(a.pack))
    assert back.model.adjustments["T1"] == stored


@pytest.mark.django_db
def test_a_proposal_s_reason_keeps_its_limits() -> None:
    a = _bonus_year(Assessment.DRAFT)
    staff = login("staff")
    for reason, word in (("x" * (LONG + 1), "văn bản quá dài"), ("lý\x07do", "ký tự điều khiển")):
        page = staff.post(
            YEAR + "thuong-tru/", {"code": "T1", "reason": f"Dòng một\r\n{reason}"}, follow=True
        ).content.decode()
        assert word in page
    assert not ProposedAdjustment.objects.filter(assessment=a, code="T1").exists()


def test_a_text_too_long_says_by_how_much_and_what_to_do() -> None:
    from parscore.web.texts import text_problem

    assert text_problem("x" * 12, 10) == "văn bản quá dài (12 ký tự, tối đa 10; hãy rút gọn)"
