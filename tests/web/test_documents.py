"""Evidence documents: type checked by content, stored by hash, never deleted, served only to
users allowed to see the commune, always as a download."""

from __future__ import annotations

import hashlib
import html
import io
import re
import unicodedata
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import settings as fuzz_settings
from hypothesis import strategies as st

from parscore.web.evidence import load_assessment
from parscore.web.file_names import download_names
from parscore.web.files import detect_type, file_path
from parscore.web.models import Assessment, AuditEntry, EvidenceDocument

from .conftest import ROLE_USERS, login

YEAR = "/xa/dan-tien/2025/"
PDF = b"%PDF-1.4\n% parscore test\n%%EOF\n"


def _make_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(zipfile.ZipInfo("[Content_Types].xml", (2025, 1, 1, 0, 0, 0)), "<Types/>")
        z.writestr(zipfile.ZipInfo("word/document.xml", (2025, 1, 1, 0, 0, 0)), "<w:document/>")
    return buffer.getvalue()


DOCX = _make_docx()


def _docx() -> bytes:
    return DOCX


def _upload(client, content: bytes, name: str, **fields: object):  # type: ignore[no-untyped-def]
    data = {
        "title": "Báo cáo rà soát",
        "number": "25/BC-UBND",
        "issued": "15/10/2025",
        "kind": "van_ban",
        "supports": ["3.1.6", "4.1.2"],
        "file": SimpleUploadedFile(name, content),
        **fields,
    }
    return client.post(YEAR + "tai-lieu/", data, follow=True)


def _docs() -> list[EvidenceDocument]:
    a = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    return list(EvidenceDocument.objects.filter(assessment=a, sha256__gt=""))


@pytest.mark.django_db
def test_upload_stores_by_hash_and_supports_several_criteria() -> None:
    response = _upload(login("staff"), PDF, "bao-cao.pdf")
    assert "Đã thêm tài liệu" in response.content.decode()
    (doc,) = _docs()
    assert doc.sha256 == hashlib.sha256(PDF).hexdigest()
    assert doc.file_type == "pdf" and doc.supports == ["3.1.6", "4.1.2"]
    assert file_path(doc.sha256).read_bytes() == PDF
    evidence, _ = load_assessment(doc.assessment)
    assert any(
        d.id == doc.doc_id and d.supports == ["3.1.6", "4.1.2"] for d in evidence.model.documents
    )
    assert AuditEntry.objects.filter(action="document_add", target=doc.doc_id).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "bao-cao.pdf"),  # HTML named .pdf
        (b"MZ\x90\x00 not a document", "quyet-dinh.docx"),
        (b"PK\x03\x04 broken zip", "bieu-mau.xlsx"),
    ],
)
def test_files_that_are_not_documents_are_refused_by_content(content: bytes, name: str) -> None:
    response = _upload(login("staff"), content, name)
    assert "Chưa tải lên" in response.content.decode()
    assert _docs() == []


@pytest.mark.django_db
def test_an_unknown_criterion_is_refused_by_the_engine_and_nothing_is_stored() -> None:
    content = PDF + b"% only in this test\n"
    response = _upload(login("staff"), content, "a.pdf", supports=["9.9.9"])
    page = response.content.decode()
    assert "Chưa tải lên" in page and "không có tiêu chí" in page
    assert _docs() == []
    assert not file_path(hashlib.sha256(content).hexdigest()).exists()


def test_detect_type() -> None:
    assert detect_type(PDF[:16], PDF, "x") == "pdf"
    assert detect_type(_docx()[:16], _docx(), "x.docx") == "docx"
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 10
    assert detect_type(png, png, "anh") == "png"
    assert detect_type(b"<!doctype html>", b"<!doctype html>", "x.pdf") is None


@pytest.mark.django_db
def test_download_only_for_allowed_users_and_never_inline() -> None:
    _upload(login("staff"), _docx(), "quyet-dinh.docx")
    (doc,) = _docs()
    url = f"{YEAR}tai-lieu/{doc.pk}/tep/"
    for role in ROLE_USERS:
        response = login(role).get(url)
        if role in ("staff", "leader", "province", "auditor", "admin", "council", "field_council"):
            assert response.status_code == 200, role
            assert response["Content-Disposition"].startswith("attachment")
            assert response["Content-Type"].startswith("application/vnd.openxmlformats")
            assert response["X-Content-Type-Options"] == "nosniff"
            assert b"".join(response.streaming_content) == _docx()  # type: ignore[attr-defined]
        else:
            assert response.status_code == 403, role
    # the same document through another commune's URL is not found there
    assert login("admin").get(f"/xa/ha-chau/2023/tai-lieu/{doc.pk}/tep/").status_code == 404


@pytest.mark.django_db
def test_withdrawn_document_is_kept_but_no_longer_counts() -> None:
    client = login("staff")
    _upload(client, PDF, "a.pdf")
    (doc,) = _docs()
    a = doc.assessment
    evidence, _ = load_assessment(a)
    assert doc.doc_id in {d.id for d in evidence.model.documents}
    client.post(f"{YEAR}tai-lieu/{doc.pk}/rut/")
    doc.refresh_from_db()
    assert doc.withdrawn
    assert file_path(doc.sha256).is_file()  # never deleted
    evidence, _ = load_assessment(a)
    assert doc.doc_id not in {d.id for d in evidence.model.documents}
    assert login("leader").get(f"{YEAR}tai-lieu/{doc.pk}/tep/").status_code == 200
    assert AuditEntry.objects.filter(action="document_withdraw", target=doc.doc_id).exists()


@pytest.mark.django_db
def test_files_over_the_size_limit_are_refused(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PARSCORE_MAX_UPLOAD = 1024 * 1024
    big = PDF + b"0" * (1024 * 1024)
    response = _upload(login("staff"), big, "lon.pdf")
    page = html.unescape(response.content.decode())
    assert "Tệp quá lớn: tối đa 1 MB, tệp “lon.pdf” 1,0 MB. Hãy giảm dung lượng" in page
    assert _docs() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "limit", "label"),
    [("title", 500, "Trích yếu"), ("number", 100, "Số hiệu"), ("issuer", 300, "Cơ quan ban hành")],
)
def test_a_text_longer_than_its_column_is_refused(field: str, limit: int, label: str) -> None:
    """(PostgreSQL refuses it with a server error; SQLite would keep it whole.)"""
    page = _upload(login("staff"), PDF, "bao-cao.pdf", **{field: "Ư" * (limit + 1)})
    text = page.content.decode()
    assert "Chưa tải lên" in text
    assert f"<li>{label} dài {limit + 1} ký tự, tối đa {limit}.</li>" in text
    assert _docs() == []
    assert (
        "Đã thêm tài liệu"
        in _upload(login("staff"), PDF, "a.pdf", **{field: "Ư" * limit}).content.decode()
    )


@pytest.mark.django_db
def test_a_refused_upload_keeps_what_was_typed_beside_the_form() -> None:
    """A wrong file costs the official the file only: the title, number, date, issuer, kind and
    criteria come back in the form (not a bare page with an error at its top)."""
    response = _upload(
        login("staff"),
        b"MZ\x90\x00 not a document",
        "bao-cao.pdf",
        title="Báo cáo rà soát TTHC nội bộ & “đợt 2”",
        issued="15/10/2025",
        issuer="UBND xã Dân Tiến",
    )
    assert response.status_code == 422
    assert _docs() == []
    page = response.content.decode()
    form = page[page.index('id="upload-errors"') : page.index("Nhập từ tệp")]
    assert "Tệp không phải PDF" in form and "Chọn lại tệp (bao-cao.pdf)" in form
    assert 'value="Báo cáo rà soát TTHC nội bộ &amp; “đợt 2”"' in form
    assert 'value="25/BC-UBND"' in form and 'value="15/10/2025"' in form
    assert 'value="UBND xã Dân Tiến"' in form
    assert '<option value="van_ban" selected>' in form
    assert re.findall(r'<option value="([^"]+)" selected>', form) == ["van_ban"]
    chosen = re.findall(r'name="supports" value="([^"]+)" checked>', form)
    assert chosen == ["3.1.6", "4.1.2"]
    # a date that is no day is said, and kept as typed too
    page = _upload(login("staff"), PDF, "a.pdf", issued="31/02/2025").content.decode()
    assert "Ngày ban hành" in page and 'value="31/02/2025"' in page


@pytest.mark.django_db
def test_a_refused_upload_from_a_criterion_s_link_keeps_the_criterion_in_its_heading() -> None:
    """The form opened from criterion 3.1.6's link came back refused headed «Tải lên tài liệu»
    alone: the criterion came from the page's address, and the refused form is shown at the
    upload's address. The form's address now carries it."""
    client = login("staff")
    page = client.get(YEAR + "?tai-lieu-cho=3.1.6").content.decode()
    assert "Tải lên tài liệu cho tiêu chí 3.1.6</h3>" in page
    action = html.unescape(re.findall(r'action="([^"]+)" class="upload-form"', page)[0])
    data = {"title": "Báo cáo", "supports": ["3.1.6"], "file": SimpleUploadedFile("a.pdf", b"MZ")}
    refused = client.post(action, data).content.decode()
    assert "Chưa tải lên" in refused
    assert "Tải lên tài liệu cho tiêu chí 3.1.6</h3>" in refused
    # without a criterion's link: no criterion in the heading, nor in the form's address
    page = client.get(YEAR).content.decode()
    assert 'action="/xa/dan-tien/2025/tai-lieu/" class="upload-form"' in page


@pytest.mark.django_db
def test_a_documents_criteria_are_ticked_not_chosen_with_ctrl() -> None:
    """The criteria were a multiple select, «giữ Ctrl để chọn nhiều»: there is no Ctrl on a
    phone or a tablet, and a click without it on a computer dropped the others chosen. Each
    criterion is a check box, the one of the criterion's upload link ticked."""
    page = login("staff").get(YEAR + "?tai-lieu-cho=3.1.6").content.decode()
    assert "Ctrl" not in page and 'name="supports" multiple' not in page
    form = page[page.index('class="upload-form"') : page.index("Nhập từ tệp")]
    assert form.count('type="checkbox" name="supports"') > 20
    assert re.findall(r'name="supports" value="([^"]+)" checked>', form) == ["3.1.6"]


@pytest.mark.django_db
def test_a_wrong_file_and_a_wrong_criterion_are_said_in_one_round() -> None:
    """A wrong file skipped the check of the other fields: the official chose the file again,
    sent the form, and only then heard that a criterion was unknown. Every problem of the form
    is said at once, each once (a missing title is not said again by the engine)."""
    page = _upload(
        login("staff"), b"MZ\x90\x00 not a document", "a.pdf", supports=["3.1.6", "9.9.9"]
    ).content.decode()
    form = page[page.index('id="upload-errors"') : page.index("</ul>", page.index("upload-errors"))]
    assert "Tệp không phải PDF" in form and "không có tiêu chí &#x27;9.9.9&#x27;" in form
    assert 'value="9.9.9"' not in page  # not one of the pack's criteria: not offered
    page = _upload(login("staff"), b"MZ\x90\x00", "a.pdf", title="", supports=[]).content.decode()
    form = page[page.index('id="upload-errors"') : page.index("</ul>", page.index("upload-errors"))]
    assert form.count("<li>") == 4, form  # the title, the criteria, the file, choose it again
    assert "trích yếu" in form and "PS202" not in form
    assert _docs() == []
    # each wrong field marked, not only listed above the form
    wrong = re.findall(
        r'name="(\w+)"[^>]*aria-invalid="true" aria-describedby="upload-errors"', page
    )
    assert wrong == ["file", "title"], wrong
    assert '<div class="check-list wrong">' in page
    page = _upload(
        login("staff"), PDF, "a.pdf", issued="31/02/2025", supports=["9.9.9"]
    ).content.decode()
    wrong = re.findall(
        r'name="(\w+)"[^>]*aria-invalid="true" aria-describedby="upload-errors"', page
    )
    assert wrong == ["issued"] and '<div class="check-list wrong">' in page


@pytest.mark.django_db
def test_a_page_of_before_the_submission_says_why_its_document_forms_change_nothing() -> None:
    """Staff uploading, withdrawing a document or importing a file from a page drawn before the
    leader submitted got a 403 'no access' (as for another commune), nothing logged."""
    from django.core.files.uploadedfile import SimpleUploadedFile as File

    from parscore.web.models import AuditEntry

    staff = login("staff")
    assert login("leader").post(YEAR + "nop/").status_code == 302
    before = list(EvidenceDocument.objects.values_list("pk", "withdrawn"))
    listed = EvidenceDocument.objects.filter(assessment__commune__slug="dan-tien").first()
    assert listed is not None
    answers = [
        _upload(staff, PDF, "bao-cao.pdf"),
        staff.post(f"{YEAR}tai-lieu/{listed.pk}/rut/", follow=True),
        staff.post(YEAR + "nhap/", {"file": File("x.yaml", b"metrics: {}\n")}, follow=True),
        staff.post(YEAR + "nhap/ap-dung/", follow=True),
    ]
    for response in answers:
        assert response.status_code == 200
        assert "bản tự đánh giá năm 2025 đã nộp (dantien-lanhdao, lúc" in response.content.decode()
    assert list(EvidenceDocument.objects.values_list("pk", "withdrawn")) == before
    refused = AuditEntry.objects.filter(action="refused").order_by("pk")
    assert [e.target for e in refused] == ["document_add", "document_withdraw", "import", "import"]
    assert all(e.username == "dantien" and e.old == "submitted" for e in refused)


@pytest.mark.django_db
def test_an_upload_while_the_leader_submits_is_refused_under_the_years_lock(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from parscore.web.models import AuditEntry
    from parscore.web.views import documents

    checked = documents.check_evidence

    def and_meanwhile(*args, **kwargs):  # type: ignore[no-untyped-def]
        Assessment.objects.filter(commune__slug="dan-tien", year=2025).update(status="submitted")
        return checked(*args, **kwargs)

    monkeypatch.setattr(documents, "check_evidence", and_meanwhile)
    before = len(_docs())
    page = _upload(login("staff"), PDF, "bao-cao.pdf").content.decode()
    assert "Chưa tải lên tài liệu: bản tự đánh giá năm 2025 đã nộp" in page
    assert len(_docs()) == before
    assert AuditEntry.objects.get(action="refused").target == "document_add"


def _saved_as(response) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """The name a browser saves the file under (``filename*``) and the plain-ASCII fallback."""
    from urllib.parse import unquote

    found = re.fullmatch(
        r"""(?:attachment|inline); filename="([^"]*)"; filename\*=UTF-8''(\S+)""",
        response["Content-Disposition"],
    )
    assert found, response["Content-Disposition"]
    return unquote(found.group(2)), found.group(1)


@pytest.mark.django_db
def test_a_download_keeps_the_name_it_was_uploaded_with() -> None:
    """The dossier's files came back as «b-o-c-o-k-t-qu-ki-m-tra-cchc-n-m-2025.docx»: the
    document's id, with every Vietnamese letter cut out."""
    staff = login("staff")
    name = "Báo cáo kết quả kiểm tra CCHC năm 2025.docx"
    _upload(staff, _docx(), name, number="", title="Báo cáo kết quả kiểm tra CCHC năm 2025")
    (doc,) = _docs()
    assert doc.doc_id == "bao-cao-ket-qua-kiem-tra-cchc-nam-2025"  # Latin letters, not cut out
    saved, plain = _saved_as(staff.get(f"{YEAR}tai-lieu/{doc.pk}/tep/"))
    assert saved == name
    assert plain == "Bao-cao-ket-qua-kiem-tra-CCHC-nam-2025.docx"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "uploaded", "saved", "plain"),
    [
        # the suffix is the content's: a PNG named .pdf is saved as .png (and shown as one)
        (
            b"\x89PNG\r\n\x1a\n" + b"1" * 20,
            "Ảnh bộ phận một cửa.pdf",
            "Ảnh bộ phận một cửa.png",
            "Anh-bo-phan-mot-cua.png",
        ),
        # quotes, tags, what Windows refuses, a right-to-left override: none is saved
        (
            PDF,
            '"Tờ trình" <số 5>: bản|chính?*\u202efdp.exe.pdf',
            "Tờ trình số 5 bản chính fdp.exe.pdf",
            "To-trinh-so-5-ban-chinh-fdp.exe.pdf",
        ),
        # a name of dots only: the document's title
        (PDF, "...pdf", "Báo cáo rà soát.pdf", "Bao-cao-ra-soat.pdf"),
        # a very long name is cut, keeping its suffix
        (PDF, "Quyết định " * 40 + ".pdf", ("Quyết định " * 40)[:120].strip() + ".pdf", None),
    ],
)
def test_the_saved_name_is_cleaned_and_ends_as_the_content_is(
    content: bytes, uploaded: str, saved: str, plain: str | None
) -> None:
    staff = login("staff")
    _upload(staff, content, uploaded)
    (doc,) = _docs()
    for address in (f"{YEAR}tai-lieu/{doc.pk}/tep/", f"{YEAR}tai-lieu/{doc.pk}/xem/"):
        name, ascii_name = _saved_as(staff.get(address))
        assert name == saved
        assert ascii_name.isascii() and ascii_name.endswith(saved[-4:])
        if plain is not None:
            assert ascii_name == plain


@pytest.mark.django_db
def test_an_empty_file_is_said_to_be_empty() -> None:
    """A 0-byte file (a copy cut short) was called "not a PDF, Word, Excel or image"."""
    page = _upload(login("staff"), b"", "Quyết định 15.pdf").content.decode()
    assert "Tệp “Quyết định 15.pdf” rỗng (0 byte)" in page
    assert "không phải PDF" not in page
    assert _docs() == []


@pytest.mark.django_db
def test_a_problem_the_engine_finds_names_the_field_of_the_form() -> None:
    """A control character pasted into the title was refused as "PS205: văn bản chứa ký tự
    điều khiển…", without saying which of the form's fields holds it."""
    page = _upload(login("staff"), PDF, "a.pdf", title="Tờ trình\u0007 số 5").content.decode()
    assert "<li>Trích yếu: văn bản chứa ký tự điều khiển" in page
    page = _upload(login("staff"), PDF, "a.pdf", supports=["9.9.9"]).content.decode()
    assert "<li>Tiêu chí: gói quy tắc" in page
    assert _docs() == []


@pytest.mark.django_db
def test_a_title_saved_as_the_name_loses_its_invisible_marks() -> None:
    """A file named by its title (its own name was dots only) was saved with the title's
    right-to-left mark, zero-width space and soft hyphen: letters hidden, read in another order."""
    staff = login("staff")
    _upload(staff, PDF, "...pdf", title="Biên\u200f bản\u200b kiểm\xad tra\ufeff\u061c")
    (doc,) = _docs()
    name, plain = _saved_as(staff.get(f"{YEAR}tai-lieu/{doc.pk}/tep/"))
    assert (name, plain) == ("Biên bản kiểm tra.pdf", "Bien-ban-kiem-tra.pdf")


_INVISIBLE = {"Cc", "Cf", "Cs"}  # control, format (bidi marks, zero-width…), surrogates


@fuzz_settings(max_examples=500, deadline=None)
@given(st.text(), st.text(max_size=60), st.sampled_from([".pdf", ".docx", ".png"]))
def test_any_uploaded_name_is_saved_under_a_visible_safe_name(
    uploaded: str, title: str, suffix: str
) -> None:
    """Whatever name and title a file came with, the name it is saved under holds no control,
    invisible or reordering character, no path separator or character Windows refuses, is at
    most 120 characters before its suffix and ends with the suffix of its content; its plain
    form (``filename="…"`` of the header) is ASCII letters, digits, dots and dashes only."""
    name, plain = download_names(uploaded, title, "tai-lieu-1", suffix)
    assert not [c for c in name if unicodedata.category(c) in _INVISIBLE], ascii(name)
    assert not set(name) & set('\\/:*?"<>|'), name
    assert name.endswith(suffix) and len(name) <= 120 + len(suffix), name
    assert plain.endswith(suffix) and len(plain) <= 120 + len(suffix)
    assert re.fullmatch(r"[A-Za-z0-9._-]+", plain), plain


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_word_file_of_too_many_parts_is_refused_and_not_stored() -> None:
    """A .docx of 10 001 parts (a zip of empty entries, 1 MB) was kept as evidence."""
    parts = {"word/document.xml": b"<w:document/>", **{f"p/{i}": b"" for i in range(10_000)}}
    page = html.unescape(_upload(login("staff"), _zip(parts), "hop.docx").content.decode())
    assert "Tệp “hop.docx” chứa quá nhiều phần (10.001, tối đa 10.000)" in page
    assert _docs() == []


@pytest.mark.django_db
def test_a_zip_bomb_dressed_as_excel_is_refused_and_not_stored(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A .xlsx that unpacks far beyond its size (zeros compress a thousand times) was kept:
    the council member who opened it would have had their computer stop."""
    from parscore.web import files

    monkeypatch.setattr(files, "MAX_UNPACKED", 1024 * 1024)  # 1 MB here, 512 MB in use
    bomb = _zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\0" * 3_000_000})
    assert len(bomb) < 10_000
    page = html.unescape(_upload(login("staff"), bomb, "so-lieu.xlsx").content.decode())
    assert "Tệp “so-lieu.xlsx” khi giải nén quá lớn (3 MB, tối đa 1 MB)" in page
    assert _docs() == []
    # the same parts, of a sensible size: accepted
    fine = _zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\0" * 1000})
    _upload(login("staff"), fine, "so-lieu.xlsx")
    assert [d.file_type for d in _docs()] == ["xlsx"]
