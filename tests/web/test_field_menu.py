"""The long pages' menu of fields (lĩnh vực) as the server writes it: plain links to each field's
heading (no script needed), each field's points and missing data, kept live by the score's
update; the council's notes as multi-line boxes whose lines survive saving, the evidence file
and the Excel form; one source for the steps' tags."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from parscore.forms.reader import read_form
from parscore.web.council import pack_fields
from parscore.web.evidence import load_assessment
from parscore.web.models import AppraisedPoint, Assessment
from parscore.web.packs import loaded_pack
from parscore.web.templatetags.parscore_vi import status_tag
from parscore.web.texts import LONG

from .conftest import login
from .test_appraisal import YEAR, _dan_tien, _leaf

TEMPLATES = Path(__file__).parents[2] / "parscore" / "web" / "templates"


def _menu(page: str) -> str:
    found = re.search(r'<nav class="field-nav".*?</nav>', page, re.S)
    assert found is not None, "no menu of fields"
    return found.group(0)


def _targets(menu: str) -> list[str]:
    return re.findall(r'<a href="#([^"]+)"', menu)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "province"])
def test_the_year_page_lists_every_field_with_a_link_to_it_and_its_points(role: str) -> None:
    page = login(role).get(YEAR).content.decode()
    menu = _menu(page)
    a = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    pack = loaded_pack(a.pack)
    codes = [c.code for c in pack.model.criteria]
    fields = [t for t in _targets(menu) if t.startswith("linh-vuc-")]
    assert fields == [f"linh-vuc-{c}" for c in codes]
    for target in _targets(menu):  # every link lands on the page (a plain anchor)
        assert f'id="{target}"' in page, target
    for c in pack.model.criteria:  # the field's code, its title, its live state's place
        assert f'<b class="fn-code">{c.code}</b> <span class="fn-name">{c.title}</span>' in menu
        assert f'<span class="fn-state" id="lv-{c.code}">' in menu
    assert 'aria-labelledby="linh-vuc-nhan"' in menu and ">Đến lĩnh vực</h2>" in menu
    # each field's points as the panel's table has them; how many of its criteria lack data
    table = page.split('<table class="mini criteria">', 1)[1]
    lacking = re.findall(
        r'<a href="#tc-([^"]+)">', page.split("Thiếu số liệu (", 1)[1].split("</details>")[0]
    )
    assert lacking, "the demo year lacks some data"
    for c in pack.model.criteria:
        state = menu.split(f'id="lv-{c.code}">', 1)[1].split("</a>", 1)[0]
        if c.tracked:
            assert "theo dõi" in state
            continue
        points = re.search(
            rf'<a href="#tc-{c.code}">{c.code}</a></td>.*?<td class="num">([^<]+)</td>', table, re.S
        )
        assert points is not None and f">{points.group(1)}<" in state, (c.code, state)
        n = sum(1 for code in lacking if code.split(".")[0] == c.code)
        assert (f"thiếu {n}<" in state) == (n > 0), (c.code, state)
    # the total for those without the save bar (a phone shows it in the menu)
    assert ('href="#score-panel"><span>Điểm:' in menu) == (role == "province")


@pytest.mark.django_db
def test_the_live_score_updates_each_field_s_points_in_the_menu() -> None:
    staff = login("staff")
    page = staff.get(YEAR).content.decode()
    before = re.search(r'id="lv-1">(.*?)</span></a>', page, re.S)
    assert before is not None
    live = staff.post(YEAR + "xem-truoc/", {"m-plan_tasks_done": "42"}).content.decode()
    swapped = re.search(r'<span class="fn-state" id="lv-1" hx-swap-oob="true">(.*?)</span>'
                        r'(?=<span class="fn-state"|\Z|\s)', live, re.S)  # fmt: skip
    assert swapped is not None, live[-2000:]
    assert "/13,75" in swapped.group(1)
    for f in loaded_pack(
        Assessment.objects.get(commune__slug="dan-tien", year=2025).pack
    ).model.criteria:
        assert f'id="lv-{f.code}" hx-swap-oob="true"' in live


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["council", "field_council"])
def test_the_round_page_lists_every_field_with_a_link_to_its_heading(role: str) -> None:
    a = _dan_tien(Assessment.ROUND_1)
    page = login(role).get(YEAR + "tham-dinh/").content.decode()
    menu = _menu(page)
    fields = pack_fields(loaded_pack(a.pack))
    assert _targets(menu) == [f"linh-vuc-{f.code}" for f in fields]
    for f in fields:
        assert re.search(rf'<tr class="field-head[^"]*" id="linh-vuc-{f.code}">', page), f.code
        assert f'<span class="fn-name">{f.title}</span>' in menu
    assert "đã chấm 0/" in menu
    # a member of fields 3 and 7 sees the others are only to view
    assert (menu.count("chỉ xem") == len(fields) - 2) == (role == "field_council")


@pytest.mark.django_db
def test_a_note_is_a_multi_line_box_and_its_lines_are_kept_everywhere() -> None:
    a = _dan_tien(Assessment.ROUND_1)
    code, _ = _leaf(a)
    council = login("council")
    page = council.get(YEAR + "tham-dinh/").content.decode()
    assert re.search(rf'<textarea name="n-{re.escape(code)}" aria-label="Ghi chú {code}"', page)
    assert f'<input name="n-{code}"' not in page
    note = "Thiếu biên bản kiểm tra.\r\nĐề nghị xã bổ sung trước ngày 15/01/2026."
    form = {f"p-{code}": "1", f"n-{code}": note, f"v-{code}": "0", "vong": "1"}
    assert council.post(YEAR + "tham-dinh/luu/", form).status_code == 302
    stored = AppraisedPoint.objects.get(assessment=a, round=1, code=code).note
    assert stored == note.replace("\r\n", "\n")  # a browser's line ending, stored as one
    page = council.get(YEAR + "tham-dinh/").content.decode()
    assert f"{stored}</textarea>" in page  # shown as typed, its lines kept
    # the evidence file and the Excel form carry the note with its lines
    evidence, _ = load_assessment(a)
    assert evidence.model.appraisal_notes[code] == stored
    book = council.get(YEAR + "bieu-mau.xlsx")
    back, _ = read_form(
        io.BytesIO(book.content).getvalue(), "bieu-mau.xlsx", pack=loaded_pack(a.pack)
    )
    assert back.model.appraisal_notes[code] == stored
    assert stored.replace("\n", "\n  ") in council.get(
        YEAR + "minh-chung.yaml"
    ).content.decode() or (
        "Đề nghị xã bổ sung" in council.get(YEAR + "minh-chung.yaml").content.decode()
    )
    # the read-only page (the round closed) shows the lines as lines
    _dan_tien(Assessment.EXPLANATION)
    page = council.get(YEAR + "tham-dinh/").content.decode()
    assert "Thiếu biên bản kiểm tra.<br>Đề nghị xã bổ sung" in page


@pytest.mark.django_db
def test_a_note_keeps_its_limits() -> None:
    a = _dan_tien(Assessment.ROUND_1)
    code, _ = _leaf(a)
    council = login("council")
    for note, word in (("x" * (LONG + 1), "văn bản quá dài"), ("ghi\x07chú", "ký tự điều khiển")):
        form = {f"p-{code}": "1", f"n-{code}": note, f"v-{code}": "0", "vong": "1"}
        response = council.post(YEAR + "tham-dinh/luu/", form)
        assert response.status_code == 422 and word in response.content.decode()
    assert not AppraisedPoint.objects.filter(assessment=a, round=1, code=code).exists()


@pytest.mark.django_db
def test_the_commune_s_answer_keeps_one_line_ending_and_is_not_saved_again() -> None:
    a = _dan_tien(Assessment.EXPLANATION)
    code, _ = _leaf(a)
    a.explanation_requests.create(code=code)
    leader = login("leader")
    typed = "Xã đã bổ sung báo cáo.\r\nĐính kèm quyết định số 12."
    assert leader.post(YEAR + "giai-trinh/", {f"a-{code}": typed}).status_code == 302
    stored = a.explanation_requests.get(code=code).answer
    assert stored == "Xã đã bổ sung báo cáo.\nĐính kèm quyết định số 12."
    # the page sent again as a browser sends it (its box in \r\n, its shown copy in \n)
    again = leader.post(
        YEAR + "giai-trinh/", {f"a-{code}": typed, f"s-{code}": stored}, follow=True
    )
    assert (
        "0 mục thay đổi" in again.content.decode()
        or "không có gì thay đổi" in again.content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("state", [s for s, _ in Assessment.STATUSES])
def test_the_appraisal_page_s_step_is_the_shared_status_tag(state: str) -> None:
    _dan_tien(state)
    page = login("council").get(YEAR + "tham-dinh/").content.decode()
    tag = status_tag(state, "trang-thai")
    assert tag in page
    assert tag.replace(' id="trang-thai"', "") == status_tag(state)


def test_no_page_draws_a_step_s_tag_by_hand() -> None:
    """Every step's tag comes from the ``status_tag`` filter (its colours and words in one place):
    the appraisal page wrote its own from ``get_status_display``."""
    by_hand = re.compile(r'class="tag \{\{|get_status_display \}\}</span>')
    found = [
        str(p.relative_to(TEMPLATES))
        for p in TEMPLATES.rglob("*.html")
        if by_hand.search(p.read_text(encoding="utf-8"))
    ]
    assert found == []
