"""Documents shown in the browser: only PDF and images, recognised by their bytes (never by the
name, the client's content type or the stored type), with headers that keep them from running
anything in the app's origin, and the same access rules as the download."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from parscore.web.files import detect_type, inline_type, store
from parscore.web.models import Assessment, EvidenceDocument

from .conftest import ROLE_USERS, login
from .samples import pdf, png

YEAR = "/xa/dan-tien/2025/"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"
# what each type is served as
SERVED = [
    (pdf(), "application/pdf"),
    (png(), "image/png"),
    (JPEG, "image/jpeg"),
    (GIF, "image/gif"),
    (WEBP, "image/webp"),
]


def _stored(content: bytes, file_type: str, slug: str = "dan-tien", year: int = 2025) -> int:
    """A document row with ``content`` as its file and ``file_type`` as its stored type
    (bypassing the upload's checks: what a tampered or older row could say)."""
    assessment = Assessment.objects.get(commune__slug=slug, year=year)
    sha, size, _ = store([content])
    doc = EvidenceDocument.objects.create(
        assessment=assessment,
        doc_id=f"tl-{sha[:8]}",
        title="Ảnh hiện trường",
        supports=[],
        sha256=sha,
        file_type=file_type,
        size=size,
    )
    return doc.pk


def _upload(content: bytes, name: str) -> EvidenceDocument | None:
    login("staff").post(
        YEAR + "tai-lieu/",
        {
            "title": "Ảnh buổi tiếp dân",
            "supports": ["3.1.6"],
            "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
    )
    return EvidenceDocument.objects.filter(title="Ảnh buổi tiếp dân").first()


def _view(pk: int, role: str | None = "staff", base: str = YEAR):  # type: ignore[no-untyped-def]
    return login(role).get(f"{base}tai-lieu/{pk}/xem/")


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content)


def _assert_safe_inline(response, content_type: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline; ")
    assert "filename*=UTF-8''" in disposition
    csp = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    assert "sandbox" in csp  # no script, an opaque origin: never the app's
    assert "default-src 'none'" in csp
    assert "frame-ancestors 'self'" in csp
    assert not any(p.startswith("script-src") for p in csp)
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cache-Control"].startswith("private")
    assert "no-store" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.django_db
def test_inline_type_reads_the_stored_bytes() -> None:
    sha, _, _ = store([png() + HTML])
    assert inline_type(sha) == "png"
    sha, _, _ = store([SVG])
    assert inline_type(sha) is None
    assert inline_type("0" * 64) is None  # no such file
    assert inline_type("../../etc/passwd") is None


def test_sniffing_reads_the_bytes_only() -> None:
    for content, _ in SERVED:
        kind = detect_type(content[:16], content, "ten-bat-ky.docx")
        assert kind in ("pdf", "png", "jpeg", "gif", "webp")
    for content in (SVG, HTML, b"<?xml version='1.0'?>" + SVG, b"RIFF\x00\x00\x00\x00AVI LIST"):
        assert detect_type(content[:16], content, "anh.png") is None
    # %PDF- must open the file: an HTML page with a PDF header further on is not a PDF
    later = HTML + pdf()
    assert detect_type(later[:16], later, "x.pdf") is None


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "content_type"), SERVED)
def test_every_inline_response_carries_the_safe_headers(content: bytes, content_type: str) -> None:
    response = _view(_stored(content, "docx"))  # the stored type is not what is served
    _assert_safe_inline(response, content_type)
    assert _body(response) == content


@pytest.mark.django_db
def test_a_png_named_pdf_is_shown_as_an_image() -> None:
    doc = _upload(png(), "bien-ban.pdf")
    assert doc is not None and doc.file_type == "png"
    response = _view(doc.pk)
    _assert_safe_inline(response, "image/png")
    assert (
        ".png" in response["Content-Disposition"] and ".pdf" not in response["Content-Disposition"]
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "name"), [(HTML, "bao-cao.pdf"), (SVG, "so-do.svg")])
def test_html_and_svg_are_refused_at_upload(content: bytes, name: str) -> None:
    assert _upload(content, name) is None


@pytest.mark.django_db
@pytest.mark.parametrize("content", [HTML, SVG, b"<?xml version='1.0'?>" + SVG])
@pytest.mark.parametrize("stored_type", ["pdf", "png", "jpeg"])
def test_html_or_svg_is_never_shown_whatever_the_row_says(content: bytes, stored_type: str) -> None:
    pk = _stored(content, stored_type)
    assert _view(pk).status_code == 404
    download = login("staff").get(f"{YEAR}tai-lieu/{pk}/tep/")  # a download, never inline
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_missing_file_or_no_file_is_not_found() -> None:
    pk = _stored(png(), "png")
    EvidenceDocument.objects.filter(pk=pk).update(sha256="ab" * 32)  # no such file on disk
    assert _view(pk).status_code == 404
    EvidenceDocument.objects.filter(pk=pk).update(sha256="")  # a document without a file
    assert _view(pk).status_code == 404


@pytest.mark.django_db
def test_word_and_excel_are_download_only() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40
    assert _view(_stored(ole, "doc")).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (pdf() + HTML, "application/pdf"),  # a PDF carrying a page: drawn as a PDF, sandboxed
        (png() + HTML, "image/png"),
        (b"GIF89a=1;alert(document.cookie)//" + GIF[6:], "image/gif"),  # GIF and script
        (JPEG + SVG, "image/jpeg"),
    ],
)
def test_polyglots_are_served_as_their_first_type_only(content: bytes, content_type: str) -> None:
    response = _view(_stored(content, "pdf"))
    _assert_safe_inline(response, content_type)
    assert _body(response) == content


@pytest.mark.django_db
def test_view_follows_the_download_access_rules() -> None:
    own = _stored(png(), "png")
    other = _stored(png(rgb=(0, 90, 200)), "png", slug="ha-chau", year=2023)
    allowed_own = {"staff", "leader", "province", "auditor", "admin", "council"}
    allowed_other = {"other_staff", "province", "auditor", "admin", "council"}
    for role in ROLE_USERS:
        for pk, base, allowed in (
            (own, YEAR, allowed_own),
            (other, "/xa/ha-chau/2023/", allowed_other),
        ):
            response = _view(pk, role, base)
            expected = 200 if role in allowed else 403
            assert response.status_code == expected, (role, base)
            download = login(role).get(f"{base}tai-lieu/{pk}/tep/")
            assert download.status_code == expected, (role, base)
    anonymous = _view(own, None)
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]
    # another commune's document: its own URL is 403 above; through a commune the user may see,
    # it is not found there
    assert _view(other, "leader", YEAR).status_code == 404
    assert _view(own, "other_staff", "/xa/ha-chau/2023/").status_code == 404
    assert _view(own, "admin", "/xa/ha-chau/2023/").status_code == 404


@pytest.mark.django_db
def test_pages_offer_xem_for_pdf_and_images_only() -> None:
    image = _upload(png(), "anh.png")
    assert image is not None
    word = _stored(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "doc")
    EvidenceDocument.objects.filter(pk=word).update(supports=["3.1.6"])
    view_url = f"{YEAR}tai-lieu/{image.pk}/xem/"
    page = login("staff").get(YEAR).content.decode()
    assert f'href="{view_url}"' in page and 'data-viewer="image"' in page
    assert f"{YEAR}tai-lieu/{word}/xem/" not in page
    assert f"{YEAR}tai-lieu/{word}/tep/" in page  # still downloadable
    assert 'id="xem-tai-lieu"' in page and "viewer.js" in page
    council = login("council").get(YEAR + "tham-dinh/").content.decode()
    assert f'href="{view_url}"' in council and 'id="xem-tai-lieu"' in council
    assert login("province").get(YEAR).content.decode().count(f'href="{view_url}"') == 1
