"""Auditor views: who may see them, the drift numbers against the engine's own scores, the
over-claims against hand-worked cases, and a commune's audit trail."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from parscore.diffing.drift import adapt_evidence, drift
from parscore.loader import evidence_from_data, load_pack
from parscore.resources import shipped_rules_dir
from parscore.scoring import score
from parscore.web.audit import record
from parscore.web.drift import CommuneDrift, evidence_document, province_drift
from parscore.web.models import (
    AppraisedPoint,
    Assessment,
    AuditEntry,
    Claim,
    Commune,
    MetricValue,
    PackVersion,
    Province,
)
from parscore.web.packs import loaded_pack
from parscore.web.reconcile import over_claimed, reconcile
from parscore.web.views.comparing import drift_context
from parscore.yamlio import load_yaml

from ..conftest import ROOT
from .conftest import login
from .test_permissions import ROLES, VIEWERS

COMPARE = "/tinh/thai-nguyen/so-sanh-goi/?tu=2024&den=2025"
PROVINCE_ONLY = {"province", "auditor", "admin"}

VIEWS: list[tuple[str, str, set[str]]] = [
    ("compare", COMPARE, PROVINCE_ONLY),
    ("compare_default", "/tinh/thai-nguyen/so-sanh-goi/", PROVINCE_ONLY),
    ("compare_csv", "/tinh/thai-nguyen/so-sanh-goi.csv?tu=2024&den=2025", PROVINCE_ONLY),
    ("compare_xlsx", "/tinh/thai-nguyen/so-sanh-goi.xlsx?tu=2024&den=2025", PROVINCE_ONLY),
    (
        "compare_criteria_csv",
        "/tinh/thai-nguyen/so-sanh-goi-tieu-chi.csv?tu=2024&den=2025",
        PROVINCE_ONLY,
    ),
    (
        "compare_movers_xlsx",
        "/tinh/thai-nguyen/so-sanh-goi-nhieu-nhat.xlsx?tu=2024&den=2025",
        PROVINCE_ONLY,
    ),
    ("reconciliation", "/tinh/thai-nguyen/2025/doi-soat/", PROVINCE_ONLY),
    ("reconciliation_csv", "/tinh/thai-nguyen/2025/doi-soat.csv", PROVINCE_ONLY),
    ("reconciliation_xlsx", "/tinh/thai-nguyen/2025/doi-soat.xlsx", PROVINCE_ONLY),
    ("commune_reconciliation", "/xa/dan-tien/2025/doi-soat/", VIEWERS),
    ("trail", "/xa/dan-tien/nhat-ky/", VIEWERS),
    ("trail_year", "/xa/dan-tien/nhat-ky/?nam=2025", VIEWERS),
]


@pytest.mark.django_db
@pytest.mark.parametrize("view", VIEWS, ids=[v[0] for v in VIEWS])
def test_view_by_role(view: tuple[str, str, set[str]]) -> None:
    name, url, allowed = view
    for role in ROLES:
        response = login(role).get(url)
        if role in allowed:
            assert response.status_code == 200, (name, role, response.status_code)
        elif role is None:
            assert response.status_code == 302, (name, role)
            assert response["Location"].startswith("/dang-nhap/")
        else:
            assert response.status_code == 403, (name, role, response.status_code)
            assert b"dan-tien" not in response.content


@pytest.mark.django_db
def test_another_communes_reconciliation_and_trail_are_refused() -> None:
    for role in ("staff", "leader"):
        client = login(role)
        assert client.get("/xa/ha-chau/2023/doi-soat/").status_code == 403
        assert client.get("/xa/ha-chau/nhat-ky/").status_code == 403
        assert client.get("/tinh/thai-nguyen/2023/doi-soat/").status_code == 403
    assert login("other_staff").get("/xa/ha-chau/2023/doi-soat/").status_code == 200
    assert login("other_staff").get("/xa/ha-chau/nhat-ky/").status_code == 200


@pytest.mark.django_db
def test_unknown_export_format_and_pack_are_not_found_or_explained() -> None:
    client = login("auditor")
    assert client.get("/tinh/thai-nguyen/so-sanh-goi.pdf?tu=2024&den=2025").status_code == 404
    page = client.get("/tinh/thai-nguyen/so-sanh-goi/?tu=1999&den=2025").content.decode()
    assert "Không có gói quy tắc nào cho «1999»" in page
    page = client.get("/tinh/thai-nguyen/so-sanh-goi/?tu=2025&den=2025").content.decode()
    assert "chọn hai gói khác nhau" in page


def _packs() -> tuple[Any, Any]:
    rules = shipped_rules_dir()
    assert rules is not None
    version = PackVersion.objects.get(pack_id="thai-nguyen/xa/2025")
    return load_pack(rules / "2024.yaml"), loaded_pack(version)


@pytest.mark.django_db
def test_drift_equals_the_engines_score_under_each_pack() -> None:
    """Property over every demo commune of 2025: the old and new scores shown are the engine's
    ``score`` of the commune's evidence under each pack, the change is their difference, and the
    fields' shares add up to it."""
    old, new = _packs()
    years = list(Assessment.objects.filter(year=2025).select_related("commune__province", "pack"))
    assert len(years) >= 8
    rows = province_drift(old, new, years)
    page = login("auditor").get(COMPARE).content.decode()
    exported = {
        r[0]: r
        for r in csv.reader(
            io.StringIO(
                login("auditor")
                .get(COMPARE.replace("so-sanh-goi/", "so-sanh-goi.csv"))
                .content.decode("utf-8-sig")
            )
        )
    }
    bands = 0
    for row in rows:
        a, d = row.assessment, row.drift
        assert d is not None, row.problem
        doc = evidence_document(a, new)
        expected_new = score(new, evidence_from_data(doc, new)).total
        adapted, _ = adapt_evidence(doc, old, new, "old")
        expected_old = score(old, evidence_from_data(adapted, old)).total
        assert d.new.total.score == expected_new.score
        assert d.old.total.score == expected_old.score
        assert d.delta == expected_new.score - expected_old.score
        fields = sum((row.field_delta(f) for f in "123456789"), Decimal(0))
        assert fields == d.delta - d.adjustment_effect - d.rounding_effect
        bands += expected_old.band != expected_new.band
        line = page.split(f'id="drift-{a.commune.slug}"', 1)[1].split("</tr>", 1)[0]
        assert str(expected_new.score).replace(".", ",").rstrip("0").rstrip(",") in line
        assert Decimal(exported[a.commune.name][1]) == expected_old.score
        assert Decimal(exported[a.commune.name][3]) == d.delta
    assert f'<span class="v">{bands}</span>' in page


@pytest.mark.django_db
def test_exports_keep_text_as_text() -> None:
    commune = Commune.objects.get(slug="tong-hop-0001")
    commune.name = "=HYPERLINK(1)"
    commune.save()
    client = login("auditor")
    text = client.get("/tinh/thai-nguyen/so-sanh-goi.csv?tu=2024&den=2025").content.decode()
    assert "\n'=HYPERLINK(1)," in text.replace("\r\n", "\n")
    vi = client.get("/tinh/thai-nguyen/so-sanh-goi.csv?tu=2024&den=2025&excel=vi").content
    assert "\n'=HYPERLINK(1);" in vi.decode().replace("\r\n", "\n")
    data = client.get("/tinh/thai-nguyen/so-sanh-goi.xlsx?tu=2024&den=2025").content
    sheet = load_workbook(io.BytesIO(data)).active
    names = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    cell = sheet.cell(names["=HYPERLINK(1)"], 1)
    assert cell.data_type == "s" and cell.quotePrefix
    assert isinstance(sheet.cell(names["=HYPERLINK(1)"], 2).value, int | float)


# one of the criteria that moved a commune most: its change of the total and its two parts
def _worked_year() -> Assessment:
    """A commune of 2025 with one value (3 initiatives: criterion 1.1 computes 3,5 of 3,5;
    every other criterion lacks its values and computes 0), its own scores and the council's."""
    version = PackVersion.objects.get(pack_id="thai-nguyen/xa/2025")
    commune = Commune.objects.create(
        province=Commune.objects.get(slug="dan-tien").province, name="Đối Soát", slug="doi-soat"
    )
    a = Assessment.objects.create(commune=commune, year=2025, pack=version, status="round_2")
    MetricValue.objects.create(assessment=a, name="initiatives", value="3")
    for code, points in [("1.1", "3.5"), ("1.2", "2.5"), ("1.3", "1"), ("1.4", "3")]:
        Claim.objects.create(assessment=a, code=code, points=points)
    for round_, code, points in [(1, "1.1", "2"), (1, "1.2", "1"), (2, "1.2", "2"),
                                 (1, "1.3", "0"), (2, "3.1.1", "0.5")]:  # fmt: skip
        AppraisedPoint.objects.create(assessment=a, round=round_, code=code, points=points)
    return a


@pytest.mark.django_db
def test_over_claims_hand_worked() -> None:
    a = _worked_year()
    r = reconcile(a)
    lines = {line.code: line for line in r.lines}
    # 1.1: claimed 3,5 = computed 3,5; round 1 gave 2 (round 2 keeps it): 1,5 above appraised
    one = lines["1.1"]
    assert (one.computed, one.round_1, one.round_2) == (Decimal("3.5"), 2, 2)
    assert (one.over_computed, one.over_appraised, one.over) == (0, Decimal("1.5"), Decimal("1.5"))
    # 1.2: claimed 2,5, computed 0, round 1 gave 1, round 2 gave 2: 2,5 over computed, 0,5 over
    # appraised: the over-claim is the larger, 2,5
    two = lines["1.2"]
    assert (two.computed, two.round_1, two.round_2) == (0, 1, 2)
    assert (two.over_computed, two.over_appraised, two.over) == (Decimal("2.5"), Decimal("0.5"),
                                                                 Decimal("2.5"))  # fmt: skip
    # 1.3: claimed 1, computed 0, round 1 gave 0: 1 over both
    assert (lines["1.3"].over_computed, lines["1.3"].over_appraised) == (1, 1)
    # 1.4: claimed 3, computed 0, the council left it: appraised = the accepted claim
    four = lines["1.4"]
    assert (four.round_1, four.round_2, four.over_computed, four.over_appraised) == (3, 3, 3, 0)
    # 3.1.1: no claim (self = computed 0), round 2 gave 0,5: never an over-claim
    assert lines["3.1.1"].claim is None and lines["3.1.1"].over == 0
    assert r.over_total == Decimal("1.5") + Decimal("2.5") + 1 + 3
    assert (r.over_computed, r.over_appraised) == (Decimal("6.5"), Decimal("3"))  # 1,5+0,5+1
    assert [line.code for line in r.over_lines] == ["1.1", "1.2", "1.3", "1.4"]
    ranked = over_claimed([r, r], count=2)
    assert [(o.code, o.communes, o.points) for o in ranked] == [
        ("1.4", 2, Decimal(6)),
        ("1.2", 2, Decimal(5)),
    ]
    page = login("auditor").get("/xa/doi-soat/2025/doi-soat/?chi=vuot").content.decode()
    assert 'id="c-1.2"' in page and 'id="c-3.1.1"' not in page
    assert "2,5" in page.split('id="c-1.2"', 1)[1].split("</tr>", 1)[0]
    exported = login("province").get("/tinh/thai-nguyen/2025/doi-soat.csv").content
    rows = [r for r in csv.reader(io.StringIO(exported.decode("utf-8-sig"))) if r[0] == "Đối Soát"]
    assert [rows[1][1], *rows[1][3:]] == ["1.2", "3.75", "2.5", "0", "1", "2", "2.5", "0.5"]
    vi = login("province").get("/tinh/thai-nguyen/2025/doi-soat.csv?excel=vi").content
    text = vi.decode("utf-8-sig")
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=";") if r[0] == "Đối Soát"]
    assert [rows[1][1], *rows[1][3:]] == ["1.2", "3,75", "2,5", "0", "1", "2", "2,5", "0,5"]
    summary = login("province").get("/tinh/thai-nguyen/2025/doi-soat/").content.decode()
    first = summary.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert "Đối Soát" in first and "<b>" in first  # the largest over-claim comes first
    # a column of the province's table: the pack's places always written
    assert 'over-size">8,00<' in first and '"num">6,50<' in first and '"num">3,00<' in first


@pytest.mark.django_db
def test_trail_is_the_communes_own_readable_and_paginated() -> None:
    a = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    other = Assessment.objects.get(commune__slug="ha-chau", year=2023)
    record(None, "round_1", a, "1.1", "", "2")
    record(None, "submit", a, "status", "draft", "submitted")
    record(None, "claim", other, "9.9", "", "1")
    record(None, "refused", a, "adjustment TH1", "", "Đã quá hạn")
    for n in range(60):
        record(None, "metric", a, "Số sáng kiến", str(n), str(n + 1))
    client = login("staff")
    page = client.get("/xa/dan-tien/nhat-ky/").content.decode()
    assert "Trang 1/" in page and "Cũ hơn" in page and "9.9" not in page
    assert "Số sáng kiến" in page and '58</td><td class="free-text">59' in page
    older = client.get("/xa/dan-tien/nhat-ky/?trang=2&nam=2025").content.decode()
    assert "Đang tự đánh giá" in older and "Đã nộp" in older  # states in words
    assert "1.1 – " in older  # a criterion with its title
    assert "Điểm thưởng, trừ TH1" in older and "Bị từ chối" in older
    assert "Thời điểm" in client.get("/xa/dan-tien/nhat-ky/?nam=2023").content.decode()
    count = AuditEntry.objects.filter(commune__slug="dan-tien").count()
    assert count > 60


@pytest.mark.django_db
def test_links_from_the_province_and_commune_pages() -> None:
    page = login("province").get("/tinh/thai-nguyen/2025/").content.decode()
    assert "/tinh/thai-nguyen/so-sanh-goi/?den=2025" in page
    assert "/tinh/thai-nguyen/2025/doi-soat/" in page
    page = login("staff").get("/xa/dan-tien/").content.decode()
    assert "/xa/dan-tien/nhat-ky/" in page and "/xa/dan-tien/2025/doi-soat/" in page


@pytest.mark.django_db
def test_a_pack_year_without_data_is_compared_on_the_latest_year() -> None:
    page = login("auditor").get("/tinh/thai-nguyen/so-sanh-goi/?tu=2025&den=2026")
    text = page.content.decode()
    assert "Chưa xã nào có số liệu năm 2026: điểm được tính trên số liệu năm 2025" in text
    assert 'id="drift-dan-tien"' in text
    drifts = page.context["drifts"]
    assert all(r.assessment.year == 2025 and r.drift is not None for r in drifts)


@pytest.mark.django_db
def test_a_province_without_years_is_told_to_choose() -> None:
    Province.objects.create(name="Lâm Đồng", slug="lam-dong")
    page = login("auditor").get("/tinh/lam-dong/so-sanh-goi/").content.decode()
    assert "Tỉnh chưa có năm đánh giá nào" in page
    page = login("auditor").get("/tinh/lam-dong/so-sanh-goi/?tu=2024&den=2025").content.decode()
    assert "Chưa có số liệu năm 2025" not in page and "Không có xã nào để tính." in page
    assert login("province").get("/tinh/lam-dong/so-sanh-goi/").status_code == 403


@pytest.mark.django_db
def test_a_year_no_commune_has_opened_is_the_provinces_own_pack() -> None:
    # a province that has opened no year yet: no pack is "used", the shipped files of another
    # province (lam-dong-2025.yaml) must not win over its own pack of the year by their names
    Province.objects.create(name="Thái Nguyên", slug="thai-nguyen-moi")
    page = login("auditor").get("/tinh/thai-nguyen-moi/so-sanh-goi/?tu=2024&den=2025")
    assert page.context["new_choice"].load().id == "thai-nguyen/xa/2025"
    assert page.context["old_choice"].load().id == "thai-nguyen/xa/2024"


@pytest.mark.django_db
def test_a_pack_file_edited_without_a_new_revision_is_pointed_out(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = shipped_rules_dir()
    assert rules is not None
    text = (rules / "2025.yaml").read_text(encoding="utf-8")
    assert "{ min: 90, points: 1.5 }" in text
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "2025.yaml").write_text(
        text.replace("{ min: 90, points: 1.5 }", "{ min: 90, points: 1.25 }"), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    stored = PackVersion.objects.get(pack_id="thai-nguyen/xa/2025")
    warning = "hai gói cùng mã thai-nguyen/xa/2025 và cùng lần sửa 1"
    page = login("auditor").get(f"/tinh/thai-nguyen/so-sanh-goi/?tu=v{stored.pk}&den=2025.yaml")
    text = page.content.decode()
    # once, at the top: it was below the drift table and every commune's detail
    assert text.count(warning) == 1 and text.index(warning) < text.index('id="drift"')
    # two packs of one year: the heading does not speak of two years
    assert "<h1>So sánh hai gói quy tắc – Thái Nguyên</h1>" in text and "hai năm" not in text
    page = login("auditor").get("/tinh/thai-nguyen/so-sanh-goi/?tu=2024&den=2025")
    assert "cùng lần sửa" not in page.content.decode()


@pytest.mark.django_db
def test_trail_values_read_as_the_pages_write_them() -> None:
    """Values are stored as evidence YAML writes them; the trail shows them in Vietnamese: a
    decimal comma and thousands dots, no exponent, dates dd/mm/yyyy, Có/Không."""
    a = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    record(None, "metric", a, "Tỷ lệ (rate)", "99.5", "1E+2")
    record(None, "metric", a, "Số hồ sơ (dossiers)", "3414", "0.0000001")
    record(None, "metric", a, "Ngày kiểm tra (date)", "", "2025-10-20")
    record(None, "metric", a, "Đã kết nối (connected)", "true", "false")
    record(None, "metric", a, "Loại đơn vị (kind)", "xa", "phuong")
    record(None, "claim", a, "1.1", "3.50", "2.25")
    record(None, "submit", a, "status", "draft", "submitted (86.79)")
    page = login("staff").get("/xa/dan-tien/nhat-ky/?nam=2025").content.decode()
    cells = re.findall(r"<td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td></tr>", page)
    for pair in [
        ("99,5", "100"),
        ("3.414", "0,0000001"),
        ("", "20/10/2025"),
        ("Có", "Không"),
        ("xa", "phuong"),
        ("3,5", "2,25"),
        ("Đang tự đánh giá", "Đã nộp (86,79)"),
    ]:
        assert pair in cells, pair


@pytest.mark.django_db
def test_a_removed_criterion_and_one_renumbered_to_its_code_are_not_merged() -> None:
    """2024 → 2025: 7.1.1 (data centre) is removed and 7.1.2 becomes 7.1.1. A commune with points
    on both has two movers, each counted once and shown as the commune's detail shows it."""
    old, new = _packs()
    doc = load_yaml(ROOT / "evidence" / "ha-chau-2023.yaml")
    d = drift(old, new, doc)
    both = [c for c in d.criteria if c.code == "7.1.1"]
    assert {c.change for c in both} == {"matched", "removed"}  # the case under test
    a = Assessment.objects.get(commune__slug="ha-chau")
    context = drift_context(old, new, [CommuneDrift(a, d)])
    movers = {m["code"]: m for m in context["criteria_movers"]}
    assert movers["7.1.2 → 7.1.1"]["communes"] == 1
    assert movers["7.1.2 → 7.1.1"]["title"].startswith("Thực hiện kết nối")
    assert movers["7.1.1"]["communes"] == 1 and movers["7.1.1"]["mark"] == "đã bỏ"
    assert movers["7.1.1"]["title"].startswith("Triển khai Trung tâm dữ liệu")
    shown = [code for code, *_ in context["rows"][0]["movers"]]
    assert len(shown) == len(set(shown))
    rows = {r.code: r for r in context["rows"][0]["detail"].rows}
    assert set(movers) <= set(rows)  # the province's movers read as the commune's rows


@pytest.mark.django_db
def test_each_communes_detail_names_the_rule_changes_behind_its_rows() -> None:
    page = login("auditor").get(COMPARE)
    detail = next(r["detail"] for r in page.context["rows"] if r["commune"].slug == "dan-tien")
    causes = {r.code: r.cause for r in detail.rows}
    assert causes["1.3"] == "điểm tối đa 2,5 → 3,25"
    assert causes["5.1"] == "điểm tiêu chí không đổi: chỉ do quy đổi thang điểm"
    text = page.content.decode()
    assert "<th>Nguyên nhân (thay đổi quy tắc)</th>" in text
    assert '<td class="long-text">điểm tối đa 2,5 → 3,25</td>' in text


@pytest.mark.django_db
def test_another_provinces_pack_or_a_reversed_pair_is_pointed_out() -> None:
    auditor = login("auditor")
    page = auditor.get("/tinh/thai-nguyen/so-sanh-goi/?tu=2025&den=lam-dong-2025.yaml")
    assert page.status_code == 200
    assert "hai gói của hai tỉnh khác nhau" in page.content.decode()
    page = auditor.get("/tinh/thai-nguyen/so-sanh-goi/?tu=2025&den=2024")
    assert "gói cũ (năm 2025) mới hơn gói mới (năm 2024)" in page.content.decode()
    assert "canh-bao-cap-goi" not in auditor.get(COMPARE).content.decode()


@pytest.mark.django_db
def test_the_rankings_change_since_a_year_links_the_comparison_of_their_packs() -> None:
    page = login("auditor").get("/tinh/thai-nguyen/2025/").content.decode()
    assert "chênh lệch gồm cả phần do gói quy tắc năm 2025 khác gói năm 2023" in page
    assert "/tinh/thai-nguyen/so-sanh-goi/?tu=2023&amp;den=2025" in page


@pytest.mark.django_db
def test_the_log_names_a_provinces_year_its_deadlines_publication_and_packs_in_words() -> None:
    """Publishing, withdrawing and deadlines were logged as «thai-nguyen 2025», «published again»,
    «withdrawn» and ISO dates in a row; a pack migration as two bare hashes."""
    a = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    record(None, "deadlines", None, "thai-nguyen 2025", "- - - -", "2025-11-30 - 2026-01-15 -")
    record(None, "publish", None, "thai-nguyen 2025", "", "published again (sửa điểm xã A)")
    record(None, "withdraw", None, "thai-nguyen 2025", "published", "withdrawn (sai sót)")
    record(None, "refused", None, "publish thai-nguyen 2025", "", "Chưa công bố được")
    sha = a.pack.sha256
    record(None, "pack_migrate", a, "pack", sha[:12], sha[:12])
    page = login("auditor").get("/nhat-ky/").content.decode()
    for text in (
        "Thái Nguyên, năm 2025",
        "Hạn tự đánh giá: 30/11/2025; Hạn thẩm định vòng 1: —; Hạn giải trình: 15/01/2026",
        "đã công bố lại (sửa điểm xã A)",
        "đã thu hồi công bố (sai sót)",
        "Công bố kết quả – Thái Nguyên, năm 2025",
        f"{a.pack.pack_id}, lần sửa {a.pack.revision} ({sha[:12]}…)",
    ):
        assert text in page, text
    for raw in ("thai-nguyen 2025", "published", "withdrawn", "2025-11-30"):
        assert raw not in page, raw


@pytest.mark.django_db
def test_entries_recorded_with_an_engine_code_are_shown_without_it() -> None:
    """Refusals logged before the pages' messages lost the engine's codes hold «PS505: …»; the
    log and the commune's trail show the message without the code."""
    a = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    text = "tệp dan-tien.yaml, dòng 3: giá trị không hợp lệ"
    record(None, "refused", a, "save", a.status, f"PS505: {text}")
    for user, url in (("auditor", "/nhat-ky/"), ("staff", "/xa/dan-tien/nhat-ky/?nam=2025")):
        page = login(user).get(url).content.decode()
        assert text in page, url
        assert "PS505" not in page, url
