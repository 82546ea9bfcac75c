"""The commune's explanations to the council (giải trình): answers kept when two pages answer at
once, the year page telling the commune to answer, a refused answer kept in its box, answers sent
after round 2 opened listed rather than lost."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from parscore.web.appraising import round_rows
from parscore.web.models import AppraisalYear, Assessment, ExplanationRequest
from parscore.web.workflow import today

from .conftest import login
from .test_appraisal import YEAR, _dan_tien


def _explaining(codes: int = 2) -> tuple[Assessment, list[str]]:
    a = _dan_tien(Assessment.EXPLANATION)
    asked = [r.code for r in round_rows(a) if not r.na][:codes]
    for code in asked:
        ExplanationRequest.objects.create(assessment=a, code=code)
    return a, asked


def _answers_form(client: Any) -> dict[str, str]:
    """The explanation page's fields as a browser sends them back."""
    import html
    import re

    page = client.get(YEAR + "giai-trinh/").content.decode()
    data = {m[1]: html.unescape(m[2]) for m in re.finditer(
        r'<textarea id="[^"]+" name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S)}  # fmt: skip
    for m in re.finditer(r'<input type="hidden" name="(s-[^"]+)" value="([^"]*)"', page):
        data[m[1]] = html.unescape(m[2])
    return data


@pytest.mark.django_db
def test_two_pages_answering_at_once_keep_each_others_answers() -> None:
    """The leader's page of before sent its empty answer for the criterion staff had just
    answered: that answer was erased."""
    a, (first, second) = _explaining()
    staff, leader = login("staff"), login("leader")
    mine, theirs = _answers_form(staff), _answers_form(leader)
    mine[f"a-{first}"] = "Đã bổ sung biên bản."
    assert staff.post(YEAR + "giai-trinh/", mine).status_code == 302
    theirs[f"a-{second}"] = "Có quyết định số 12."
    assert leader.post(YEAR + "giai-trinh/", theirs).status_code == 302
    stored = dict(a.explanation_requests.values_list("code", "answer"))
    assert stored == {first: "Đã bổ sung biên bản.", second: "Có quyết định số 12."}
    page = leader.post(YEAR + "giai-trinh/", theirs, follow=True).content.decode()  # twice
    assert "Giải trình đã như bạn nhập (đã được lưu trước đó" in page
    # both changed one answer: refused, the newer shown, what was typed kept elsewhere
    mine, theirs = _answers_form(staff), _answers_form(leader)
    mine[f"a-{first}"] = "Bản của cán bộ."
    staff.post(YEAR + "giai-trinh/", mine)
    theirs[f"a-{first}"] = "Bản của lãnh đạo."
    theirs[f"a-{second}"] = "Sửa lại."
    response = leader.post(YEAR + "giai-trinh/", theirs)
    assert response.status_code == 409
    page = response.content.decode()
    assert f"Chưa lưu giải trình: tiêu chí {first} vừa được lưu từ một trang khác" in page
    assert "(bạn đã nhập “Bản của lãnh đạo.”)" in page and ">Sửa lại.</textarea>" in page
    assert ">Bản của cán bộ.</textarea>" in page
    # the box in error is marked, described by its message, and takes the cursor
    box = re.search(rf'<textarea id="a-{re.escape(first)}"[^>]*>', page)
    described = f'aria-describedby="a-{first.replace(".", "-")}-err"'
    assert box is not None and 'aria-invalid="true"' in box.group(0), page
    assert described in box.group(0) and box.group(0).endswith(" autofocus>")
    assert len(re.findall(r"<textarea[^>]* autofocus>", page)) == 1
    assert a.explanation_requests.get(code=second).answer == "Có quyết định số 12."


@pytest.mark.django_db
def test_the_year_page_tells_the_commune_to_answer_the_council() -> None:
    """While the council waited for explanations the commune's year page said only "submitted:
    read-only, ask the province to reopen", nothing of the request or where to answer it."""
    a, (first, _) = _explaining()
    deadline = today() + dt.timedelta(days=10)
    AppraisalYear.objects.update_or_create(
        province=a.commune.province, year=2025, defaults={"explanation_deadline": deadline}
    )
    ExplanationRequest.objects.filter(assessment=a, code=first).update(answer="Đã bổ sung.")
    page = login("staff").get(YEAR).content.decode()
    assert "Hội đồng thẩm định yêu cầu xã giải trình 2 tiêu chí</b>" in page
    assert f"(hạn {deadline:%d/%m/%Y}); xã đã trả lời 1/2." in page
    assert f'<a href="{YEAR}giai-trinh/">Trả lời ở trang Giải trình</a>' in page
    assert "đề nghị tỉnh mở lại" not in page
    assert "yêu cầu xã giải trình" not in login("council").get(YEAR).content.decode()
    _dan_tien(Assessment.ROUND_2)
    page = login("leader").get(YEAR).content.decode()
    assert "yêu cầu xã giải trình" not in page and "đề nghị tỉnh mở lại" in page


@pytest.mark.django_db
def test_a_too_long_answer_stays_in_its_box_with_the_message_beside_it() -> None:
    """An answer over 5 000 characters emptied its box: the message was only at the top of
    the page and the text only in a list to copy from."""
    a, (first, second) = _explaining()
    leader = login("leader")
    data = _answers_form(leader)
    data[f"a-{first}"] = "Đã bổ sung. " + "x" * 5000
    data[f"a-{second}"] = "Có quyết định số 12."
    response = leader.post(YEAR + "giai-trinh/", data)
    assert response.status_code == 422
    page = response.content.decode()
    box = re.search(rf'<textarea id="a-{re.escape(first)}"[^>]*>(.*?)</textarea>', page, re.S)
    assert box is not None and box.group(1).strip() == data[f"a-{first}"]
    assert 'aria-invalid="true"' in box.group(0) and box.group(0).count(" autofocus>") == 1
    beside = f'<span class="errors" id="a-{first.replace(".", "-")}-err"><span class="error">'
    assert beside + "văn bản quá dài (5012 ký tự" in page
    assert ">Có quyết định số 12.</textarea>" in page
    assert f"Chưa lưu giải trình: tiêu chí {first}: văn bản quá dài" in page
    assert set(a.explanation_requests.values_list("answer", flat=True)) == {""}


@pytest.mark.django_db
def test_answers_sent_after_round_2_opened_are_listed_not_lost(monkeypatch) -> None:
    """The council opened round 2 while the commune typed (here: while its answers were being
    checked): refused under the year's lock, logged, and the answers listed on the page (it
    redirected, and what was typed was gone)."""
    from parscore.web import appraising
    from parscore.web.models import AuditEntry

    a, (first, _) = _explaining()
    leader = login("leader")
    data = _answers_form(leader)
    data[f"a-{first}"] = "Giải trình <dài> của xã."
    checked = appraising.text_problem

    def and_meanwhile(text: str) -> str:
        Assessment.objects.filter(pk=a.pk).update(status=Assessment.ROUND_2)
        return checked(text)

    monkeypatch.setattr(appraising, "text_problem", and_meanwhile)
    response = leader.post(YEAR + "giai-trinh/", data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "hồ sơ đang ở bước “Thẩm định vòng 2”" in page
    assert "Giải trình bạn đã nhập chưa được lưu" in page
    assert "“Giải trình &lt;dài&gt; của xã.”" in page
    assert a.explanation_requests.get(code=first).answer == ""
    entry = AuditEntry.objects.filter(commune=a.commune).latest("pk")
    assert (entry.action, entry.target, entry.old) == ("refused", "explain", "round_2")
