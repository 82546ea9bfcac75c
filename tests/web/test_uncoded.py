"""The engine's message codes (PS505 …) stay on the command line: a web page says the Vietnamese
message and where it is, never the code, whichever way the problem reaches the page (a form's
field, an import's list, a flash message from an engine exception, the live score panel)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from parscore.errors import Issue, UsageError
from parscore.web.uncoded import uncoded

from .conftest import login
from .posted_forms import form_values
from .test_documents import PDF, _upload
from .test_reports import _filled_form

YEAR = "/xa/dan-tien/2025/"
CODE = re.compile(r"\bPS\d+")


def _no_code(page: str) -> str:
    assert not CODE.search(page), CODE.findall(page)
    return page


def test_a_code_is_left_out_wherever_the_engine_writes_it() -> None:
    located = Issue("PS505", "giá trị 150 lớn hơn mức tối đa 100", "Số liệu!G10", path="m.x")
    assert uncoded(located.format()) == "Số liệu!G10: m.x: giá trị 150 lớn hơn mức tối đa 100"
    assert located.format(coded=False) == uncoded(located.format())
    assert located.format().startswith("Số liệu!G10: PS505 ")  # the command line keeps it
    error = UsageError.single("không đọc được tệp", hint="chọn tệp khác", file="a.yaml")
    assert uncoded(str(error)) == "a.yaml: không đọc được tệp (gợi ý: chọn tệp khác)"
    assert uncoded("PS205: văn bản chứa ký tự điều khiển") == "văn bản chứa ký tự điều khiển"
    # a document's own number is not a code
    assert uncoded("Quyết định số PS12/QĐ, mã PS1234") == "Quyết định số PS12/QĐ, mã PS1234"


@pytest.mark.django_db
def test_an_excel_import_with_errors_says_where_and_what_without_codes() -> None:
    client = login("staff")
    data = _filled_form(client, {"plan_tasks_done": "nhiều", "tthc_portal_public_rate": 150})
    response = client.post(YEAR + "nhap/", {"file": SimpleUploadedFile("x.xlsx", data)})
    page = _no_code(response.content.decode())
    assert response.status_code == 422
    assert "Số liệu!" in page and "giá trị 150 lớn hơn mức tối đa 100" in page
    broken = client.post(YEAR + "nhap/", {"file": SimpleUploadedFile("x.yaml", b"a: [b")})
    assert "lỗi cú pháp YAML" in _no_code(broken.content.decode())


@pytest.mark.django_db
def test_a_bad_form_value_and_a_bad_upload_are_said_without_codes() -> None:
    client = login("staff")
    values = form_values(client.get(YEAR).content.decode())
    values["m-tthc_portal_public_rate"] = "120"  # the engine's range check
    values["claim-1.1"] = "9"  # above the criterion's maximum (the engine)
    values["na-1.1"] = "lý\x07do"  # a control character (the web's own check)
    response = client.post(YEAR + "luu/", values)
    page = _no_code(response.content.decode())
    assert response.status_code == 422 and "giá trị 120 lớn hơn mức tối đa 100" in page
    assert "vượt điểm tối đa" in page
    live = client.post(YEAR + "xem-truoc/", values)  # the score panel, as typed
    assert "lớn hơn mức tối đa" in _no_code(live.content.decode())
    upload = _upload(client, PDF, "a.pdf", title="Tờ trình\u0007 số 5", supports=["9.9.9"])
    page = _no_code(upload.content.decode())
    assert "Trích yếu: văn bản chứa ký tự điều khiển" in page
    assert "Tiêu chí: gói quy tắc" in page


def test_the_message_storage_takes_the_code_out_of_any_message() -> None:
    from django.contrib import messages
    from django.test import RequestFactory

    from parscore.web.uncoded import Messages

    request = RequestFactory().get("/")
    request.session = {}  # type: ignore[attr-defined]
    storage = Messages(request)
    error = UsageError.single("tệp quá lớn", file="a.xlsx")
    storage.add(messages.ERROR, f"Chưa nhập gì ({error})")
    assert [str(m) for m in storage] == ["Chưa nhập gì (a.xlsx: tệp quá lớn)"]


@pytest.mark.django_db
def test_a_flash_message_from_an_engine_error_has_no_code(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A broken pack chosen for the year's move: the engine's error, as the view passes it on
    (``str(exc)``), is the page's message, its place and words kept."""
    from parscore.web.views import migration

    broken = tmp_path / "2025.yaml"
    broken.write_text("pack: [khong-dong\n", encoding="utf-8")
    monkeypatch.setattr(migration, "available_pack_files", lambda: [broken])
    page = login("province").get("/tinh/thai-nguyen/2025/doi-goi/?goi=2025.yaml")
    said = [str(m) for m in get_messages(page.wsgi_request)]
    assert len(said) == 1 and said[0].startswith("Gói quy tắc không hợp lệ: ")
    assert "2025.yaml:" in said[0] and "lỗi cú pháp YAML" in said[0]
    _no_code(said[0])
    _no_code(page.content.decode())
