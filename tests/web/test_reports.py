"""Reports, the Excel form and importing it back (with a preview), plan and what-if, ranking, API."""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from parscore.batch import summarise
from parscore.evidence_yaml import dump_evidence
from parscore.numbers import vi_number
from parscore.scoring import score
from parscore.web.evidence import load_assessment
from parscore.web.models import ApiToken, Assessment, AuditEntry, MetricValue, PackVersion

from ..conftest import ROOT
from .conftest import login

YEAR = "/xa/dan-tien/2025/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _assessment() -> Assessment:
    return Assessment.objects.get(commune__slug="dan-tien", year=2025)


@pytest.mark.django_db
def test_reports_in_three_formats() -> None:
    client = login("staff")
    html = client.get(YEAR + "bao-cao.html")
    assert html["Content-Disposition"] == 'attachment; filename="bao-cao-dan-tien-2025.html"'
    text = html.content.decode()
    assert "86,79" in text and "Kế hoạch nâng điểm" in text
    word = client.get(YEAR + "bao-cao.docx")
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(word.content)).namelist()
    md = client.get(YEAR + "bao-cao.md").content.decode()
    assert "86,79" in md
    strict = client.get(YEAR + "bao-cao.md?tham-dinh=1").content.decode()
    assert strict != md
    # the plan section is the command line's: as the council scores, with the other figure
    assert "Sau kế hoạch: 90,2 (Tốt) khi thẩm định" in md
    own = client.get(YEAR + "bao-cao.md?cach-tinh=tu-danh-gia").content.decode()
    assert "87,57 (Tốt), chưa đạt mục tiêu 90 điểm" in own
    assert client.get(YEAR + "bao-cao.exe").status_code == 404


def _filled_form(client, change: dict[str, object]) -> bytes:  # type: ignore[no-untyped-def]
    response = client.get(YEAR + "bieu-mau.xlsx")
    assert response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Số liệu"]
    header = [c.value for c in sheet[1]]
    name_col, value_col = header.index("Tên biến") + 1, header.index("Giá trị") + 1
    for row in range(2, sheet.max_row + 1):
        name = sheet.cell(row, name_col).value
        if name in change:
            sheet.cell(row, value_col).value = change[name]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_excel_import_previews_then_applies() -> None:
    client = login("staff")
    data = _filled_form(client, {"plan_tasks_done": 42, "initiatives": "3"})
    before = dict(MetricValue.objects.filter(assessment=_assessment()).values_list("name", "value"))
    upload = SimpleUploadedFile("dan-tien.xlsx", data)
    preview = client.post(YEAR + "nhap/", {"file": upload})
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Những thay đổi sẽ được ghi (2)" in page
    assert "Số nhiệm vụ của Kế hoạch CCHC đã hoàn thành" in page
    # nothing changed yet
    after_preview = MetricValue.objects.filter(assessment=_assessment()).values_list(
        "name", "value"
    )
    assert dict(after_preview) == before
    client.post(YEAR + "nhap/ap-dung/")
    stored = dict(MetricValue.objects.filter(assessment=_assessment()).values_list("name", "value"))
    assert stored["plan_tasks_done"] == "42" and stored["initiatives"] == "3"
    assert AuditEntry.objects.filter(action="import", target="dan-tien.xlsx").exists()


@pytest.mark.django_db
def test_bad_import_lists_located_problems_and_changes_nothing() -> None:
    client = login("staff")
    data = _filled_form(client, {"plan_tasks_done": "nhiều", "tthc_portal_public_rate": 150})
    before = dict(MetricValue.objects.filter(assessment=_assessment()).values_list("name", "value"))
    response = client.post(YEAR + "nhap/", {"file": SimpleUploadedFile("x.xlsx", data)})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Số liệu!" in page and "giá trị 150 lớn hơn mức tối đa 100" in page
    assert client.post(YEAR + "nhap/ap-dung/", follow=True).status_code == 200
    after = dict(MetricValue.objects.filter(assessment=_assessment()).values_list("name", "value"))
    assert after == before


@pytest.mark.django_db
def test_the_import_preview_shows_every_digit_of_a_change() -> None:
    """A change below the fourth decimal place is a change: the preview said ``0 → 0``."""
    client = login("staff")
    evidence, pack = load_assessment(_assessment())
    inputs = pack.model.inputs
    name = next(
        n
        for n, v in evidence.metrics.items()
        if type(v) is Decimal and inputs[n].type == "number" and inputs[n].step is None and v > 0
    )
    changed = evidence.with_changes(metrics={name: evidence.metrics[name] + Decimal("0.00001")})
    text = dump_evidence(changed.model.model_copy(update={"metrics": changed.metrics}))
    page = client.post(YEAR + "nhap/", {"file": SimpleUploadedFile("d.yaml", text.encode())})
    shown = re.sub(r"\s+", " ", html.unescape(page.content.decode()))
    assert "Những thay đổi sẽ được ghi (1)" in shown
    old, new = evidence.metrics[name], changed.metrics[name]
    assert f"<td>{vi_number(old)}</td><td><b>{vi_number(new)}</b></td>" in shown


@pytest.mark.django_db
def test_yaml_import() -> None:
    client = login("staff")
    evidence, _ = load_assessment(_assessment())
    changed = evidence.with_changes(metrics={"initiatives": 5})
    text = dump_evidence(changed.model.model_copy(update={"metrics": changed.metrics}))
    upload = SimpleUploadedFile("dan-tien.yaml", text.encode())
    page = client.post(YEAR + "nhap/", {"file": upload}).content.decode()
    assert "Những thay đổi sẽ được ghi (1)" in page
    assert "Cảnh báo" not in page
    bad = SimpleUploadedFile("x.yaml", b"commune: [unclosed")
    response = client.post(YEAR + "nhap/", {"file": bad})
    assert response.status_code == 422 and "lỗi cú pháp YAML" in response.content.decode()
    # what the command line warns of, the page says too (the import still goes ahead)
    odd = re.sub(r"(goal:\s*\{?\s*total:\s*)90", r"\g<1>150", text, count=1)
    assert odd != text
    page = client.post(YEAR + "nhap/", {"file": SimpleUploadedFile("g.yaml", odd.encode())})
    said = page.content.decode()
    assert "Cảnh báo" in said and "mục tiêu 150 điểm vượt thang điểm 100" in said
    assert "W021" not in said  # the command line's code, not the commune's
    assert "Ghi các thay đổi" in page.content.decode()


@pytest.mark.django_db
def test_plan_and_whatif_use_the_engine() -> None:
    client = login("staff")
    # as the council will score it (the command line's default too), and the other figure beside
    page = client.get(YEAR + "ke-hoach/").content.decode()
    assert "Điểm khi thẩm định: hiện tại <b>84,16</b>" in page and "đạt được" in page
    assert 'value="tham-dinh" checked' in page
    assert "Sau kế hoạch: 90,2 (Tốt) khi thẩm định" in page
    assert "; điểm tính từ số liệu tương ứng: 90,2 (Tốt)." in page  # as the score panel names it
    # on the computed score, the plan says what the council would give: short of the goal
    page = client.get(YEAR + "ke-hoach/?cach-tinh=tu-danh-gia").content.decode()
    assert (
        "Điểm tính từ số liệu: hiện tại <b>86,79</b>" in page
        and 'value="tu-danh-gia" checked' in page
    )
    assert "87,57 (Tốt), chưa đạt mục tiêu 90 điểm" in page
    assert "Sau kế hoạch: 90,2 (Tốt) theo điểm tính từ số liệu; khi thẩm định" in page
    response = client.post(YEAR + "ke-hoach/?cach-tinh=tu-danh-gia", {"m-plan_tasks_done": "42"})
    page = response.content.decode()
    assert "Tổng điểm 86,79 → <b>88,05</b> (+1,26)" in page
    # the page's what-if scores as its plan does
    page = client.post(YEAR + "ke-hoach/", {"m-plan_tasks_done": "42"}).content.decode()
    assert "Tổng điểm 84,16 → <b>85,43</b> (+1,27)" in page
    scenario = client.get(YEAR + "ke-hoach/kich-ban.yaml")
    assert scenario["Content-Disposition"].endswith('.yaml"')
    assert "plan_tasks_done: 42" in scenario.content.decode()
    bad = client.post(YEAR + "ke-hoach/", {"m-tthc_portal_public_rate": "150"}).content.decode()
    assert "giá trị 150 lớn hơn mức tối đa 100" in bad


@pytest.mark.django_db
def test_a_saved_plan_is_a_scenario_file_for_whatif(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from parscore.cli.main import main
    from parscore.web.models import SavedScenario

    client = login("staff")
    client.post(YEAR + "ke-hoach/luu/?muc-tieu=89")
    saved = SavedScenario.objects.get()
    assert (
        saved.title.startswith("Kế hoạch 84,16 → ") and " khi thẩm định (mục tiêu 89" in saved.title
    )
    page = client.get(YEAR + "ke-hoach/").content.decode()
    assert saved.title in page
    text = login("auditor").get(f"{YEAR}ke-hoach/{saved.pk}.yaml").content.decode()
    assert text == saved.text and "goal: { total: 89 }" in text
    assert login("other_staff").get(f"{YEAR}ke-hoach/{saved.pk}.yaml").status_code == 403
    # the saved file gives, under the command line's whatif, the score the plan promised
    evidence, _ = load_assessment(_assessment())
    (tmp_path / "xa.yaml").write_text(
        dump_evidence(evidence.model.model_copy(update={"metrics": evidence.metrics})),
        encoding="utf-8",
    )
    (tmp_path / "kb.yaml").write_text(text, encoding="utf-8")
    assert (
        main(
            [
                "whatif",
                str(tmp_path / "xa.yaml"),
                str(tmp_path / "kb.yaml"),
                "--pack",
                str(ROOT / "rules" / "2025.yaml"),
            ]
        )
        == 0
    )
    promised = saved.title.split("→ ")[1].split()[0]
    assert f"84,16 → {promised} " in capsys.readouterr().out
    assert AuditEntry.objects.filter(action="plan_saved").count() == 1


@pytest.mark.django_db
def test_province_ranking_is_batch_ranking() -> None:
    client = login("province")
    page = client.get("/tinh/thai-nguyen/2025/").content.decode()
    assert "Đã nộp" in page and "5 / 8"  # the demo has five communes past self-assessment in page
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/tinh/thai-nguyen/2025/xep-hang.csv").content.decode("utf-8-sig")
            )
        )
    )
    years = Assessment.objects.filter(year=2025).select_related("commune", "pack")
    from parscore.web.scores import province_summary

    summary = province_summary(years)
    assert [c.score.commune for c in summary.communes] == [r[1] for r in rows[1:]]
    dan_tien = next(c for c in summary.communes if c.score.commune == "Dân Tiến")
    assert dan_tien.score.totals.total.score == Decimal("86.79")
    assert summarise([c.score for c in summary.communes]).bands == summary.bands
    xlsx = client.get("/tinh/thai-nguyen/2025/xep-hang.xlsx")
    assert "Xếp hạng" in load_workbook(io.BytesIO(xlsx.content)).sheetnames


@pytest.mark.django_db
def test_api_result_is_the_engine_result_and_tokens_work() -> None:
    client = login("auditor")
    data = client.get("/api/v1/communes/dan-tien/2025/result").json()
    evidence, pack = load_assessment(_assessment())
    assert data == score(pack, evidence).to_dict() | {"as_of": "2025-10-31"}
    assert data["total"]["score"] == "86.79"
    from parscore.web.accounts import create_account

    token = create_account(
        "script", "mat-khau-dai", "province", province_slug="thai-nguyen", token=True
    )
    assert token and ApiToken.objects.count() == 1
    anonymous = login(None)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert anonymous.get("/api/v1/communes/ha-chau/2023/result", **headers).status_code == 200
    assert anonymous.get("/api/v1/communes/", HTTP_AUTHORIZATION="Bearer sai").status_code == 401
    listed = anonymous.get("/api/v1/communes/", **headers).json()["communes"]
    assert {
        "slug": "dan-tien",
        "name": "Dân Tiến",
        "province": "Thái Nguyên",
        "years": [2025],
    } in listed


@pytest.mark.django_db
def test_a_plan_target_that_is_not_a_usable_number_is_said_and_the_default_used() -> None:
    client = login("staff")
    for raw, why in [
        ("NaN", "số không hữu hạn"),
        ("-Infinity", "số không hữu hạn"),
        ("1e999999", "số quá lớn (tối đa 999.999.999.999.999, tức dưới 1 triệu tỷ"),
        ("chín mươi", "không phải là một số"),
        ("150", "nằm ngoài thang điểm 0–100"),
        ("0", "nằm ngoài thang điểm 0–100"),
    ]:
        response = client.get(YEAR + "ke-hoach/", {"muc-tieu": raw})
        page = response.content.decode()
        assert response.status_code == 200, raw
        assert f"Mục tiêu «{raw}»: " in page and why in page, raw
        assert "mục tiêu ≥ 90" in page  # the default target
        assert client.get(YEAR + "ke-hoach/kich-ban.yaml", {"muc-tieu": raw}).status_code == 200
    page = client.get(YEAR + "ke-hoach/", {"muc-tieu": "89,5"}).content.decode()
    assert "mục tiêu ≥ 89,5" in page and "dùng mục tiêu mặc định" not in page


def _other_commune_form(client, commune: str) -> bytes:  # type: ignore[no-untyped-def]
    book = load_workbook(io.BytesIO(client.get(YEAR + "bieu-mau.xlsx").content))
    sheet = book["Thông tin"]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == "Dân Tiến":
                cell.value = commune
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_another_communes_file_is_refused_not_imported() -> None:
    """A commune's file (Excel or YAML) of the same pack would fit any commune's year: one of
    another commune is refused, naming both, rather than its figures written into this one."""
    client = login("staff")
    evidence, _ = load_assessment(_assessment())
    changed = evidence.with_changes(metrics={"initiatives": 5})
    model = changed.model.model_copy(update={"metrics": changed.metrics})
    before = dict(MetricValue.objects.filter(assessment=_assessment()).values_list("name", "value"))
    for name, data in [
        ("ha-chau.yaml", dump_evidence(model.model_copy(update={"commune": "Hà Châu"})).encode()),
        ("ha-chau.xlsx", _other_commune_form(client, "Hà Châu")),
    ]:
        response = client.post(YEAR + "nhap/", {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 422, name
        page = response.content.decode()
        assert f"{name}: tệp là số liệu của xã Hà Châu, không phải xã Dân Tiến." in page
        assert "Ghi các thay đổi" not in page
        client.post(YEAR + "nhap/ap-dung/")  # nothing is waiting to be applied
    after = dict(MetricValue.objects.filter(assessment=_assessment()).values_list("name", "value"))
    assert after == before
    wrong_province = model.model_copy(update={"province": "Lâm Đồng"})
    page = client.post(
        YEAR + "nhap/",
        {"file": SimpleUploadedFile("x.yaml", dump_evidence(wrong_province).encode())},
    ).content.decode()
    assert "tệp là số liệu của tỉnh Lâm Đồng, không phải tỉnh Thái Nguyên" in page
    # the same commune written another way is this commune
    same = model.model_copy(update={"commune": "Xã  DÂN TIẾN", "province": "tỉnh Thái Nguyên"})
    response = client.post(
        YEAR + "nhap/", {"file": SimpleUploadedFile("d.yaml", dump_evidence(same).encode())}
    )
    assert (
        response.status_code == 200
        and "Những thay đổi sẽ được ghi (1)" in response.content.decode()
    )


@pytest.mark.django_db
def test_import_problems_give_no_command_line_way_out() -> None:
    """The loader's hints name command-line options (``--pack``) a commune official in a browser
    cannot use: the page keeps the rest of the hint."""
    client = login("staff")
    evidence, _ = load_assessment(_assessment())
    text = dump_evidence(evidence.model)
    other = re.sub(r"(?m)^pack: .*$", "pack: lam-dong/xa/2025", text)
    assert other != text
    response = client.post(YEAR + "nhap/", {"file": SimpleUploadedFile("a.yaml", other.encode())})
    page = response.content.decode()
    assert response.status_code == 422 and "lam-dong/xa/2025" in page
    assert "(gợi ý: sửa khóa &#x27;pack&#x27;)" in page and "--pack" not in page


@pytest.mark.django_db
def test_an_import_previewed_under_a_pack_changed_since_is_refused_not_a_500() -> None:
    """Between the preview and 'Ghi các thay đổi' the province may move the year to another pack:
    what was previewed is read again under the year's pack now, and refused with why."""
    client = login("staff")
    evidence, _ = load_assessment(_assessment())
    changed = evidence.with_changes(metrics={"initiatives": 5})
    text = dump_evidence(changed.model.model_copy(update={"metrics": changed.metrics}))
    page = client.post(YEAR + "nhap/", {"file": SimpleUploadedFile("d.yaml", text.encode())})
    assert "Những thay đổi sẽ được ghi (1)" in page.content.decode()
    assessment = _assessment()
    other = PackVersion.objects.exclude(pack_id=assessment.pack.pack_id).first()
    assert other is not None
    before = dict(MetricValue.objects.filter(assessment=assessment).values_list("name", "value"))
    Assessment.objects.filter(pk=assessment.pk).update(pack=other)
    response = client.post(YEAR + "nhap/ap-dung/")
    assert response.status_code == 302 and response["Location"] == YEAR
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(said) == 1 and said[0].startswith("Chưa nhập gì") and "gói quy tắc" in said[0]
    after = dict(MetricValue.objects.filter(assessment=assessment).values_list("name", "value"))
    assert after == before
    assert not AuditEntry.objects.filter(action="import").exists()


@pytest.mark.django_db
def test_the_web_form_and_its_import_speak_of_the_web_not_of_commands() -> None:
    """The Excel form downloaded from the year's page told the commune to read it back with
    «parscore import <tệp này>.xlsx -o …», and a broken form's refusal to use «biểu mẫu do
    parscore template tạo»: commands a commune office has never seen."""
    from parscore.forms.workbook import READ_BACK, build_form

    client = login("staff")
    book = load_workbook(io.BytesIO(client.get(YEAR + "bieu-mau.xlsx").content))
    guide = " ".join(str(c.value) for row in book["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert "parscore" not in guide
    assert "phần “Nhập từ tệp”, chọn tệp này rồi bấm “Xem trước”" in guide
    refused = client.post(YEAR + "nhap/", {"file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04")})
    text = html.unescape(refused.content.decode())
    assert "lưu dạng .xlsx" in text and "parscore template" not in text
    assert "biểu mẫu Excel tải từ trang của năm này (“Biểu mẫu Excel”)" in text
    # the command line's form keeps its command
    evidence, pack = load_assessment(_assessment())
    cli = load_workbook(io.BytesIO(build_form(pack, evidence)))
    assert READ_BACK in [c.value for row in cli["Hướng dẫn"].iter_rows() for c in row]


@pytest.mark.django_db
def test_a_form_with_a_row_deleted_or_a_date_typed_month_first_is_refused_at_its_place() -> None:
    """A deleted row of the form never reads as a blank one, and the way out names the web's own
    download; a date typed the English way is refused with the date it means."""
    client = login("staff")
    book = load_workbook(io.BytesIO(client.get(YEAR + "bieu-mau.xlsx").content))
    book["Thông tin"].delete_rows(9)  # Ghi chú
    out = io.BytesIO()
    book.save(out)
    response = client.post(YEAR + "nhap/", {"file": SimpleUploadedFile("x.xlsx", out.getvalue())})
    text = html.unescape(response.content.decode())
    assert response.status_code == 422
    assert "Thông tin!A10: trang 'Thông tin' thiếu dòng 'Ghi chú' (khóa note)" in text
    assert "biểu mẫu Excel tải từ trang của năm này" in text and "parscore template" not in text
    book = load_workbook(io.BytesIO(client.get(YEAR + "bieu-mau.xlsx").content))
    book["Thông tin"]["B6"] = "10/31/2025"
    out = io.BytesIO()
    book.save(out)
    response = client.post(YEAR + "nhap/", {"file": SimpleUploadedFile("x.xlsx", out.getvalue())})
    text = html.unescape(response.content.decode())
    assert response.status_code == 422
    assert "Thông tin!B6: ngày '10/31/2025' không có tháng 31" in text
    assert "dạng dd/mm/yyyy: 31/10/2025" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "size", "shown"),
    [
        ("bieu-mau.xlsx", 20 * 1024 * 1024 + 1, "20,0 MB"),
        ("du-lieu.yaml", 5 * 1024 * 1024 + 1, "5,0 MB"),
    ],
)
def test_an_import_too_big_is_refused_before_it_is_read(monkeypatch, name, size, shown) -> None:  # type: ignore[no-untyped-def]
    """A file chosen for import was read whole into memory whatever its size (the command line
    refuses a form over 20 MB before reading it): refused by its size first, in Vietnamese."""
    from parscore.web.views import reports

    def never(*args: object) -> None:
        raise AssertionError("a file over the bound was read")

    monkeypatch.setattr(reports, "_read_upload", never)
    client = login("staff")
    response = client.post(YEAR + "nhap/", {"file": SimpleUploadedFile(name, b"\0" * size)})
    assert response.status_code == 422
    page = html.unescape(response.content.decode())
    assert f"{name}: tệp quá lớn ({shown}); tệp nhập tối đa 20 MB với biểu mẫu Excel" in page
    assert "parscore-import" not in client.session  # nothing waits to be applied


@pytest.mark.django_db
def test_an_imported_document_longer_than_its_columns_is_refused_before_anything_is_written() -> (
    None
):
    """A document of an imported file was written as it came: PostgreSQL refused a title over
    its 500 characters with a server error at "Ghi các thay đổi" (SQLite kept it whole). The
    preview says which document and field, as the upload form does."""
    client = login("staff")
    evidence, _ = load_assessment(_assessment())
    first = evidence.model.documents[0]
    long = first.model_copy(
        update={"id": "tai-lieu-dai", "title": "Báo cáo " * 80, "number": "9" * 120}
    )
    model = evidence.model.model_copy(
        update={"metrics": evidence.metrics, "documents": [*evidence.model.documents, long]}
    )
    text = dump_evidence(model)
    response = client.post(YEAR + "nhap/", {"file": SimpleUploadedFile("d.yaml", text.encode())})
    page = html.unescape(response.content.decode())
    assert response.status_code == 422
    assert "Tài liệu tai-lieu-dai: Trích yếu dài 640 ký tự, tối đa 500." in page
    assert "Tài liệu tai-lieu-dai: Số hiệu dài 120 ký tự, tối đa 100." in page
    assert "parscore-import" not in client.session


@pytest.mark.django_db
def test_plan_page_says_a_year_to_date_rate_out_of_reach() -> None:
    # 7.3.4 (dossiers fully online, of those received: both year to date) cannot reach its next
    # level by 31 December even if every dossier still to come is fully online: said, not planned
    text = html.unescape(login("staff").get(YEAR + "ke-hoach/").content.decode())
    assert (
        "7.3.4 Tỷ lệ hồ sơ trực tuyến toàn trình: Không đạt được trước cuối năm: kể cả khi toàn bộ"
        in text
    )
    assert "thêm 324 hồ sơ (từ 1.476 lên 1.800)" not in text
