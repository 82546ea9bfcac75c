"""Bonus and penalty items (điểm thưởng, điểm trừ) as the commune and the council meet them,
with the test pack ``tests/data/bonus/pack.yaml`` (the bundled 2025 pack with invented items):
every page that shows a total with bonus or penalty says how much of it they are."""

from __future__ import annotations

from pathlib import Path

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
    # the page the button «Giải trình, điểm thưởng/trừ» opens says it holds them
    assert (
        "<h1>Giải trình theo yêu cầu của hội đồng thẩm định, điểm thưởng và điểm trừ – xã" in page
    )


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


@pytest.mark.django_db
def test_the_commune_cannot_lift_an_accepted_penalty_or_rewrite_the_councils_penalty() -> None:
    from parscore.web.evidence import load_assessment
    from parscore.web.models import ProposedAdjustment

    a = _dan_tien(Assessment.DRAFT)
    staff = login("staff")
    staff.post(YEAR + "thuong-tru/", {"code": "V1", "reason": "Chậm báo cáo quý III"})
    staff.post(YEAR + "thuong-tru/", {"code": "T2", "reason": "Bằng khen"})
    a.status = Assessment.ROUND_1
    a.save(update_fields=["status"])
    council = login("council")
    page = council.post(YEAR + "thuong-tru/", {"code": "V1", "decision": "accepted"}, follow=True)
    assert "Đã ghi quyết định về mục “V1”: chấp nhận." in page.content.decode()
    council.post(YEAR + "thuong-tru/", {"code": "T2", "decision": "rejected"})
    page = council.post(
        YEAR + "thuong-tru/", {"code": "V3", "reason": "QĐ kỷ luật số 7"}, follow=True
    )
    assert "Đã ghi đề nghị mục “V3”; mục chỉ được tính khi hội đồng chấp nhận." in (
        page.content.decode()
    )
    a.status = Assessment.EXPLANATION
    a.save(update_fields=["status"])
    # a new reason would make the accepted penalty wait for a new decision: refused
    page = staff.post(YEAR + "thuong-tru/", {"code": "V1", "reason": "Đã nộp bù"}, follow=True)
    assert "Hội đồng đã chấp nhận mục trừ điểm này" in page.content.decode()
    page = staff.post(YEAR + "thuong-tru/", {"code": "V3", "reason": "Không đúng"}, follow=True)
    assert "Mục trừ điểm này do hội đồng đề nghị" in page.content.decode()
    rows = {p.code: p for p in ProposedAdjustment.objects.filter(assessment=a)}
    assert rows["V1"].decision == "accepted" and rows["V1"].reason == "Chậm báo cáo quý III"
    assert rows["V3"].by_council and rows["V3"].reason == "QĐ kỷ luật số 7"
    assert load_assessment(a)[0].model.adjustments == {"V1": "Chậm báo cáo quý III"}
    # a rejected bonus may be proposed again with a better reason
    staff.post(YEAR + "thuong-tru/", {"code": "T2", "reason": "Bằng khen số 1234/QĐ-UBND"})
    assert ProposedAdjustment.objects.get(assessment=a, code="T2").decision == "pending"
    page = staff.get(YEAR + "giai-trinh/").content.decode()
    assert 'aria-label="Lý do V1"' not in page and 'aria-label="Lý do V3"' not in page
    assert 'aria-label="Lý do T2"' in page and 'aria-label="Lý do V2"' in page


@pytest.mark.django_db
def test_the_ranking_and_its_csv_show_the_official_score_with_its_bonus_and_penalty() -> None:
    import csv
    import io

    from parscore.web.models import AppraisedPoint, ProposedAdjustment

    a = _dan_tien(Assessment.ROUND_1)
    ProposedAdjustment.objects.create(assessment=a, code="T1", reason="QĐ 45", decision="accepted")
    AppraisedPoint.objects.create(assessment=a, round=1, code="1.1", points="1")
    # round 1: 1.1 gets 1 of its computed 2,25 → 84,6725 / 99 → 85,53 + 1,5 = 87,03 (computed 88,29)
    province = login("province")
    page = province.get("/tinh/thai-nguyen/2025/").content.decode()
    assert "Thưởng / trừ</th>" in page
    row = page.split(">Dân Tiến</a>")[1].split("</tr>")[0]
    assert "<b>87,03</b>" in row and '<td class="num">+1,50 / −0,00</td>' in row
    data = province.get("/tinh/thai-nguyen/2025/xep-hang.csv").content.decode("utf-8-sig")
    found = next(r for r in csv.DictReader(io.StringIO(data)) if r["Xã"] == "Dân Tiến")
    assert (found["Điểm"], found["Điểm thưởng"], found["Điểm trừ"]) == ("87.03", "1.5", "0")
    # for Excel set for Vietnam: semicolons and decimal commas, offered beside the plain CSV
    assert "xep-hang.csv?excel=vi" in page
    data = province.get("/tinh/thai-nguyen/2025/xep-hang.csv?excel=vi").content.decode("utf-8-sig")
    rows = csv.DictReader(io.StringIO(data), delimiter=";")
    found = next(r for r in rows if r["Xã"] == "Dân Tiến")
    assert (found["Điểm"], found["Điểm thưởng"], found["Điểm trừ"]) == ("87,03", "1,5", "0")


@pytest.mark.django_db
def test_bonus_and_penalty_reasons_filled_in_the_excel_form_are_imported_as_proposals() -> None:
    """The form's sheet «Điểm thưởng, điểm trừ» was read and then silently dropped."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    from parscore.web.models import ProposedAdjustment

    a = _dan_tien(Assessment.DRAFT)
    ProposedAdjustment.objects.create(
        assessment=a, code="V1", reason="Chậm báo cáo quý III", decision="accepted"
    )
    staff = login("staff")
    book = load_workbook(io.BytesIO(staff.get(YEAR + "bieu-mau.xlsx").content))
    sheet = book["Điểm thưởng, điểm trừ"]
    reasons = {"T1": "QĐ 45/QĐ-UBND công nhận sáng kiến", "V1": "Đã nộp bù báo cáo"}
    for row in range(2, sheet.max_row + 1):
        code = sheet.cell(row, 1).value
        if code in reasons:
            sheet.cell(row, 5).value = reasons[code]
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("dan-tien.xlsx", out.getvalue())
    page = staff.post(YEAR + "nhap/", {"file": upload}).content.decode()
    assert "Đề nghị điểm thưởng T1 (hội đồng quyết định)" in page
    assert "QĐ 45/QĐ-UBND công nhận sáng kiến" in page
    page = staff.post(YEAR + "nhap/ap-dung/", follow=True).content.decode()
    t1 = ProposedAdjustment.objects.get(assessment=a, code="T1")
    assert (t1.reason, t1.decision, t1.by_council) == (reasons["T1"], "pending", False)
    # an accepted penalty keeps its reason and decision, and the page says why
    v1 = ProposedAdjustment.objects.get(assessment=a, code="V1")
    assert (v1.reason, v1.decision) == ("Chậm báo cáo quý III", "accepted")
    assert "Không nhập mục thưởng, trừ: “V1”: Hội đồng đã chấp nhận mục trừ điểm này" in page


@pytest.mark.django_db
def test_the_pages_name_the_index_the_pack_scores(tmp_path: Path) -> None:
    """``pack.index.name`` heads the commune's form and the province's ranking, as it heads
    every report (they said «Chỉ số CCHC» whatever the pack)."""
    text = (DATA / "bonus" / "pack.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  status: provisional\n", "  status: provisional\n  index: { name: Chỉ số Mẫu }\n", 1
    )
    (tmp_path / "pack.yaml").write_text(text, encoding="utf-8")
    for a in Assessment.objects.filter(year=2025):
        a.pack = freeze_pack(tmp_path / "pack.yaml")
        a.save(update_fields=["pack"])
    assert "<h1>Tự đánh giá Chỉ số Mẫu năm 2025 – xã Dân Tiến</h1>" in (
        login("staff").get(YEAR).content.decode()
    )
    page = login("province").get("/tinh/thai-nguyen/2025/").content.decode()
    assert "<h1>Xếp hạng Chỉ số Mẫu các xã – Thái Nguyên năm 2025</h1>" in page
    page = login("province").get("/tinh/thai-nguyen/2023/").content.decode()
    assert "<h1>Xếp hạng Chỉ số CCHC các xã – Thái Nguyên năm 2023</h1>" in page


@pytest.mark.django_db
def test_the_year_is_not_finalised_while_a_proposal_waits_for_a_decision() -> None:
    """A proposal nobody answered was left «Chờ quyết định» in a final, published year."""
    from parscore.web.models import ProposedAdjustment

    a = _dan_tien(Assessment.ROUND_2)
    ProposedAdjustment.objects.create(assessment=a, code="T2", reason="Bằng khen")
    council = login("council")
    page = council.get(YEAR + "tham-dinh/").content.decode()
    assert 'value="finalise"' not in page
    note = page.split('id="thuong-tru-cho"')[1].split("</p>")[0]
    assert "Còn 1 mục thưởng, trừ chờ hội đồng quyết định (T2)" in note
    page = council.post(YEAR + "tham-dinh/finalise/", follow=True).content.decode()
    assert "Còn mục thưởng, trừ chờ quyết định (T2)" in page
    a.refresh_from_db()
    assert a.status == Assessment.ROUND_2
    council.post(YEAR + "thuong-tru/", {"code": "T2", "decision": "rejected"})
    council.post(YEAR + "tham-dinh/finalise/")
    a.refresh_from_db()
    assert a.status == Assessment.FINAL


@pytest.mark.django_db
def test_the_audit_log_words_the_councils_decisions() -> None:
    """The log showed a decision as «pending → accepted»."""
    a = _dan_tien(Assessment.DRAFT)
    login("staff").post(YEAR + "thuong-tru/", {"code": "T1", "reason": "QĐ 45"})
    a.status = Assessment.ROUND_1
    a.save(update_fields=["status"])
    login("council").post(YEAR + "thuong-tru/", {"code": "T1", "decision": "accepted"})
    page = login("province").get("/nhat-ky/?xa=dan-tien").content.decode()
    row = page.split("Quyết định điểm thưởng, trừ")[1].split("</tr>")[0]
    assert "Chờ quyết định" in row and "Chấp nhận" in row
    assert "T1 – Có sáng kiến cải cách hành chính được cấp tỉnh công nhận" in row
    assert "pending" not in row and "accepted" not in row


@pytest.mark.django_db
def test_a_refused_pack_move_says_why_for_each_commune() -> None:
    """Moving back to a revision without the items a commune had accepted was refused naming
    only the commune."""
    from parscore.web.models import ProposedAdjustment

    a = _dan_tien(Assessment.ROUND_1)
    ProposedAdjustment.objects.create(assessment=a, code="T1", reason="QĐ 45", decision="accepted")
    province = login("province")
    preview = province.get("/tinh/thai-nguyen/2025/doi-goi/?goi=2025.yaml").content.decode()
    assert "gói mới: mục thưởng, trừ T1 – gói không có mục thưởng/trừ này" in preview
    page = province.post("/tinh/thai-nguyen/2025/doi-goi/", {"goi": "2025.yaml"}, follow=True)
    text = page.content.decode()
    assert "không hợp lệ theo gói mới: Dân Tiến (gói quy tắc" in text
    assert "không có mục điểm thưởng/điểm trừ &#x27;T1&#x27;" in text
    a.refresh_from_db()
    assert a.pack.revision == 2


@pytest.mark.django_db
def test_a_document_can_support_a_bonus_item_and_the_result_traces_it() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from parscore.scoring import score
    from parscore.web.evidence import load_assessment
    from parscore.web.models import EvidenceDocument, ProposedAdjustment

    a = _dan_tien(Assessment.DRAFT)
    ProposedAdjustment.objects.create(assessment=a, code="T1", reason="QĐ 45", decision="accepted")
    staff = login("staff")
    page = staff.get(YEAR).content.decode()
    assert 'name="supports" value="T1"> <span>T1 – Điểm thưởng: Có sáng kiến' in page
    data = {
        "title": "Quyết định số 45/QĐ-UBND công nhận sáng kiến",
        "number": "45/QĐ-UBND",
        "issued": "15/10/2025",
        "kind": "",
        "supports": ["T1"],
        "file": SimpleUploadedFile("qd.pdf", b"%PDF-1.4\n% parscore test\n%%EOF\n"),
    }
    assert "Đã thêm tài liệu" in staff.post(YEAR + "tai-lieu/", data, follow=True).content.decode()
    doc = EvidenceDocument.objects.get(assessment=a, supports=["T1"])
    evidence, pack = load_assessment(a)
    items = score(pack, evidence).to_dict()["adjustments"]["bonus"]["items"]
    assert [(i["code"], i["documents"]) for i in items] == [("T1", [doc.doc_id])]


@pytest.mark.django_db
def test_the_plan_page_attaches_an_accepted_bonus_items_missing_document(tmp_path: Path) -> None:
    """T1 requiring a decision, accepted without it: under appraisal (the page's default) the plan
    offers the decision as a task gaining T1's 1,5 points; in a self-assessment it secures them."""
    text = (DATA / "bonus" / "pack.yaml").read_text(encoding="utf-8")
    t1 = "points: 1.5, source:"
    assert text.count(t1) == 1
    decision = "Quyết định công nhận sáng kiến của UBND tỉnh"
    evidence = f"points: 1.5, evidence: [ {{ kind: quyet_dinh, title: {decision} }} ], source:"
    pack = tmp_path / "pack.yaml"
    pack.write_text(text.replace(t1, evidence), encoding="utf-8")
    a = Assessment.objects.select_related("commune").get(commune__slug="dan-tien", year=2025)
    a.status = Assessment.DRAFT
    a.pack = freeze_pack(pack)
    a.save(update_fields=["status", "pack"])
    staff = login("staff")
    staff.post(YEAR + "thuong-tru/", {"code": "T1", "reason": "QĐ 45/QĐ-UBND của UBND tỉnh"})
    a.status = Assessment.ROUND_1
    a.save(update_fields=["status"])
    login("council").post(YEAR + "thuong-tru/", {"code": "T1", "decision": "accepted"})
    task = (
        f"Bổ sung {decision} (tài liệu kiểm chứng mục điểm thưởng T1): để 1,5 điểm thưởng được cộng"
    )
    page = staff.get(YEAR + "ke-hoach/").content.decode()
    rows = page.split("<h2>Các việc cần làm</h2>")[1].split("</table>")[0]
    row = next(r for r in rows.split("<tr>") if r.startswith("<td>") and "T1 " in r)
    assert f"{task} khi thẩm định</td>" in row and '<td class="num">+1,5</td>' in row
    assert '<td class="long-text">T1 Điểm thưởng: Có sáng kiến cải cách hành chính' in row
    assert "điểm thưởng thiếu tài liệu không được cộng)</label>" in page  # the mode says so
    own = staff.get(YEAR + "ke-hoach/?cach-tinh=tu-danh-gia").content.decode()
    secure = own.split("<h3>Bảo đảm điểm đã có (bổ sung tài liệu)</h3>")[1].split("</ul>")[0]
    title = "Điểm thưởng: Có sáng kiến cải cách hành chính được cấp tỉnh công nhận"
    assert f"<li>T1 {title}: {task} cả" in secure  # titled as the table above titles it


def test_the_panel_counts_a_bonus_missing_its_document_at_risk(tmp_path: Path) -> None:
    """The score panel's points at risk are the reports' (one source): with T1's decision
    missing, the cap of 2 leaves appraisal 1 point of it (0,2 criteria points here, the total
    converted from 20 to 100); the label says it includes a bonus, the note which."""
    from django.template.loader import render_to_string

    from parscore.loader import load_evidence, load_pack
    from parscore.web.views.common import panel_for

    from ..adjustment_helpers import item_files
    from ..report_helpers import parse_html

    pack_path, commune = item_files(tmp_path)
    evidence, pack = load_evidence(commune, load_pack(pack_path))
    html = render_to_string("web/partials/score_panel.html", {"panel": panel_for(pack, evidence)})
    rows = parse_html(html).find("table", class_="mini").find_all("tr")
    [risk] = [t for r in rows if (t := " ".join(r.text().split())).startswith("Điểm có nguy")]
    assert risk == (
        "Điểm có nguy cơ bị trừ (thiếu minh chứng, gồm điểm thưởng) do thiếu tài liệu kiểm chứng"
        " (1 điểm thưởng của mục T1, tính bằng 0,2 điểm áp dụng) 0,2"
    )
    evidence, pack = load_evidence(DATA.parent.parent / "evidence" / "dan-tien-2025.yaml")
    html = render_to_string("web/partials/score_panel.html", {"panel": panel_for(pack, evidence)})
    assert (  # a pack without items: as before
        "<tr><th>Điểm có nguy cơ bị trừ (thiếu minh chứng)</th><td>2,6</td></tr>" in html
    )


def test_the_panels_list_at_risk_names_a_bonus_missing_its_document(tmp_path: Path) -> None:
    """The panel's list «Có nguy cơ bị trừ» names the bonus item after the criteria, titled as
    the plan titles it among them, with what the cap leaves of it (1 of T1's 1,5 under the cap
    of 3, T2 and T3 counted) in bonus points and the document it lacks; its count includes it."""
    from django.template.loader import render_to_string

    from parscore.loader import load_evidence, load_pack
    from parscore.web.views.common import panel_for

    from ..adjustment_helpers import bonus_pack
    from ..report_helpers import parse_html

    pack_path, commune = bonus_pack(tmp_path, "T1")
    evidence, pack = load_evidence(commune, load_pack(pack_path))
    html = render_to_string("web/partials/score_panel.html", {"panel": panel_for(pack, evidence)})
    [risk] = [d for d in parse_html(html).find_all("details") if "nguy cơ" in d.text()]
    assert (  # the reports' heading, without the reason its lines give
        " ".join(risk.find("summary").text().split())
        == "Tiêu chí, mục điểm thưởng có nguy cơ bị trừ điểm (3)"
    )
    items = [" ".join(li.text().split()) for li in risk.find_all("li")]
    assert [i.split(" ")[0] for i in items] == ["3.1.6", "4.1.2", "T1"]
    assert items[2] == (
        "T1 Điểm thưởng: Có sáng kiến cải cách hành chính được cấp tỉnh công nhận – 1 điểm thưởng"
        " – thiếu: Quyết định công nhận"
    )
    assert '<a href="#tai-lieu">T1</a>' in html  # the documents' section, where it is uploaded


def test_the_panel_as_at_appraisal_says_the_bonus_its_points_at_risk_are(tmp_path: Path) -> None:
    """«Như khi thẩm định» the points at risk are T1's bonus left out (0,99 criteria points), the
    criteria lacking documents being scored 0 already: the note under the label named only the
    criteria; it names the bonus first, as the reports' note does (one source)."""
    from django.template.loader import render_to_string

    from parscore.loader import load_evidence, load_pack
    from parscore.web.views.common import panel_for

    from ..adjustment_helpers import bonus_pack
    from ..report_helpers import parse_html

    pack_path, commune = bonus_pack(tmp_path, "T1")
    evidence, pack = load_evidence(commune, load_pack(pack_path))
    panel = panel_for(pack, evidence, strict=True)
    html = render_to_string("web/partials/score_panel.html", {"panel": panel, "strict": True})
    rows = parse_html(html).find("table", class_="mini").find_all("tr")
    [risk] = [t for r in rows if (t := " ".join(r.text().split())).startswith("Điểm có nguy")]
    assert risk == (
        "Điểm có nguy cơ bị trừ (thiếu minh chứng, gồm điểm thưởng) không được cộng do thiếu tài"
        " liệu kiểm chứng (1 điểm thưởng của mục T1, tính bằng 0,99 điểm áp dụng); 2 tiêu chí"
        " thiếu tài liệu kiểm chứng đã bị tính 0 điểm (2,6 điểm, đã tính trong điểm bị mất); bổ"
        " sung tài liệu để lấy lại 0,99"
    )


def test_the_panels_list_as_at_appraisal_is_headed_as_the_reports_head_it(tmp_path: Path) -> None:
    """«Như khi thẩm định» the criteria lacking documents are scored 0 and the bonus left out:
    the list was still headed «Có nguy cơ bị trừ»; it is headed with the reports' words (short)."""
    from django.template.loader import render_to_string

    from parscore.loader import load_evidence, load_pack
    from parscore.report.adjustment_words import at_risk_title
    from parscore.web.views.common import panel_for

    from ..adjustment_helpers import bonus_pack
    from ..report_helpers import parse_html

    pack_path, commune = bonus_pack(tmp_path, "T1")
    evidence, pack = load_evidence(commune, load_pack(pack_path))
    panel = panel_for(pack, evidence, strict=True)
    html = render_to_string("web/partials/score_panel.html", {"panel": panel, "strict": True})
    details = parse_html(html).find_all("details")
    summaries = [" ".join(d.find("summary").text().split()) for d in details]
    heading = "Tiêu chí bị tính 0 điểm, mục điểm thưởng không được cộng (3)"
    assert heading in summaries
    assert not [t for t in summaries if "nguy cơ" in t]
    # the reports' heading, with the reason
    assert at_risk_title(True, True, True) == heading[:-4] + " do thiếu tài liệu kiểm chứng"
