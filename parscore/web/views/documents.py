"""Evidence documents: upload (per criterion, one document may support several), withdraw,
download, view. Files are checked by content, stored by hash and never deleted. Only PDF and
images are ever shown in the browser (``view``), with their type read again from the stored bytes
and headers that keep them from running anything in the app's origin; everything else is a
download."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.clickjacking import xframe_options_sameorigin

from ...forms.cells import is_blank, read_date
from ...numbers import vi_number
from ...safe_text import clean_text
from ..access import can_edit, editable, require
from ..audit import record
from ..doc_fields import LABELS, too_long_fields
from ..evidence import check_evidence, evidence_data
from ..file_names import ascii_slug, download_names
from ..files import (
    HEAD,
    KINDS,
    archive_problem,
    detect_type,
    file_path,
    inline_type,
    store,
    too_big,
)
from ..models import Assessment, EvidenceDocument
from ..packs import loaded_pack
from ..post_only import post_only
from ..workflow import Refused, check_deadline
from .assessment import render_year
from .common import closed_to_commune, get_assessment

__all__ = ["INLINE_CSP", "download", "upload", "view", "withdraw"]

# A shown document may draw itself (Chromium's PDF viewer, an image) and nothing else: no script
# (``sandbox`` without ``allow-scripts`` also gives it an opaque origin), no form, no plugin of
# another origin; only the app's own pages may frame it.
INLINE_CSP = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox"
)
DOWNLOAD_CSP = "default-src 'none'; sandbox"


_DOC_FIELD = re.compile(r"documents\[\d+\]\.(\w+)")
_CHECKED = {**LABELS, "issued": "Ngày ban hành", "supports": "Tiêu chí"}


def _field_key(path: str) -> str:
    """The form's field a problem the engine found is about (``documents[14].title``: "title"),
    empty when it is about no field of the form."""
    found = _DOC_FIELD.match(path)
    return found.group(1) if found and found.group(1) in _CHECKED else ""


def _doc_id(number: str, title: str, taken: set[str]) -> str:
    base = ascii_slug(number) or ascii_slug(title) or "tai-lieu"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


@login_required
@post_only
def upload(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    assessment = get_assessment(request, slug, year)
    require(can_edit(request.user, assessment.commune))
    explaining = assessment.status == Assessment.EXPLANATION
    back = redirect("web:explain" if explaining else "web:assessment", slug=slug, year=year)
    if not (editable(request.user, assessment) or explaining):  # a page of before: said why
        closed_to_commune(request, assessment, "tải lên tài liệu", "document_add")
        return back
    pack = loaded_pack(assessment.pack)
    if explaining:  # extra documents of the commune's explanations, until their deadline
        try:
            check_deadline(assessment, "explanation_deadline", "bổ sung tài liệu giải trình")
        except Refused as exc:
            messages.error(request, str(exc))
            return back
    post = request.POST
    problems: list[str] = []
    refused: set[str] = set()  # the fields said wrong here: the engine would say it again
    title = post.get("title", "").strip()
    if not title:
        problems.append("Cần ghi trích yếu (tên) của tài liệu.")
        refused.add("title")
    supports = [c for c in post.getlist("supports") if c]
    if not supports:
        problems.append("Chọn ít nhất một tiêu chí mà tài liệu làm minh chứng.")
        refused.add("supports")
    issued = None
    if not is_blank(post.get("issued")):
        issued, problem = read_date(post.get("issued"))
        if problem:
            problems.append(f"Ngày ban hành: {problem}.")
            refused.add("issued")
    upload_file = request.FILES.get("file")
    sha, size, kind, name = "", 0, "", ""
    if upload_file is not None:
        name = upload_file.name or ""
        if not upload_file.size:
            problems.append(
                f"Tệp “{clean_text(name)}” rỗng (0 byte): có thể tệp bị hỏng khi sao chép hoặc "
                "chưa lưu xong; mở tệp trên máy để kiểm tra rồi chọn lại."
            )
            refused.add("file")
        elif upload_file.size > settings.PARSCORE_MAX_UPLOAD:
            megabytes = vi_number(Decimal(upload_file.size) / (1024 * 1024), 1)
            problems.append(too_big(clean_text(name), megabytes))
            refused.add("file")
        else:
            data = upload_file.read()
            unusual = archive_problem(data)
            detected = None if unusual else detect_type(data[:HEAD], data, name)
            if unusual:
                problems.append(f"Tệp “{clean_text(name)}” {unusual}.")
                refused.add("file")
            elif detected is None:
                problems.append(
                    "Tệp không phải PDF, Word, Excel hoặc ảnh (PNG, JPEG, GIF, WebP): kiểm tra theo "
                    "nội dung tệp, không theo tên."
                )
                refused.add("file")
            else:
                kind = detected
    taken = set(assessment.documents.values_list("doc_id", flat=True))
    doc_id = _doc_id(post.get("number", "").strip(), title, taken)
    fields: dict[str, Any] = {
        "doc_id": doc_id,
        "title": title,
        "kind": post.get("kind", "").strip(),
        "number": post.get("number", "").strip(),
        "issued": issued,
        "issuer": post.get("issuer", "").strip(),
        "supports": supports,
    }
    too_long = too_long_fields(fields)
    problems.extend(too_long.values())
    refused.update(too_long)
    # the engine checks the codes (and everything else) as for a YAML file, whatever was refused
    # above (a wrong file too): every problem of the form is said at once
    data = evidence_data(assessment, pack)
    new_doc = {k: v for k, v in fields.items() if v not in ("", None) and k != "doc_id"}
    new_doc.setdefault("title", doc_id)  # a stand-in for the missing title, said above
    data["documents"].append({"id": doc_id, **new_doc})
    engine_said = set()
    for path, found in check_evidence(data, pack).problems.items():
        key = _field_key(path)
        if key not in refused:
            label = _CHECKED.get(key, "")
            problems.extend(f"{label}: {m}" if label else m for m in found)
            engine_said.add(key)
    if problems:  # the page again, with what was typed (a file cannot be kept: chosen again)
        if upload_file is not None:
            problems.append(f"Chọn lại tệp ({clean_text(name)}) trước khi tải lên lần nữa.")
        typed = {**fields, "issued": post.get("issued", "").strip()}
        return render_year(
            request,
            assessment,
            pack,
            status=422,
            upload=typed,
            upload_problems=problems,
            upload_wrong=(refused | engine_said) - {""},  # the fields marked in error
        )
    if upload_file is not None:
        upload_file.seek(0)
        sha, size, _ = store(upload_file.chunks())
    with transaction.atomic():
        # the state again, under the year's lock: submitted (or past its explanations) while
        # the file was checked, the upload is refused
        fresh = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if fresh.status != assessment.status:
            assessment.status = fresh.status
            assessment.submitted_at, assessment.submitted_by = (
                fresh.submitted_at,
                fresh.submitted_by,
            )
            closed_to_commune(request, assessment, "tải lên tài liệu", "document_add")
            return back
        EvidenceDocument.objects.create(
            assessment=assessment,
            sha256=sha,
            file_name=name[:300],
            file_type=kind,
            size=size,
            uploaded_by=request.user,
            **fields,
        )
        record(request.user, "document_add", assessment, doc_id, "", f"{title} [{sha[:12]}]")
    messages.success(request, f"Đã thêm tài liệu “{title}” cho tiêu chí {', '.join(supports)}.")
    return back


@login_required
@post_only
def withdraw(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    assessment = get_assessment(request, slug, year)
    require(can_edit(request.user, assessment.commune))
    doc = get_object_or_404(EvidenceDocument, pk=pk, assessment=assessment)
    if not editable(request.user, assessment):  # a page of before the submission: said why
        closed_to_commune(request, assessment, f"rút tài liệu “{doc.title}”", "document_withdraw")
    elif not doc.withdrawn:
        doc.withdrawn = True
        doc.save(update_fields=["withdrawn"])
        record(request.user, "document_withdraw", assessment, doc.doc_id, "hiệu lực", "đã rút")
        messages.success(request, f"Đã rút tài liệu “{doc.title}” (tệp vẫn được lưu).")
    return redirect("web:assessment", slug=slug, year=year)


def _stored_file(request: HttpRequest, slug: str, year: int, pk: int) -> tuple[Any, Path]:
    """The document (of a year the user may see) and its file on disk; 404 without a file."""
    assessment = get_assessment(request, slug, year)
    doc = get_object_or_404(EvidenceDocument, pk=pk, assessment=assessment)
    if not doc.sha256 or doc.file_type not in KINDS:
        raise Http404("Tài liệu này không có tệp đính kèm.")
    path = file_path(doc.sha256)
    if not path.is_file():
        raise Http404("Không tìm thấy tệp.")
    return doc, path


def _file_response(
    path: Path, kind: str, doc: EvidenceDocument, disposition: str, csp: str
) -> FileResponse:
    """The file with the exact type of ``kind``, saved under the name it was uploaded with (the
    suffix of its type), and headers that keep the browser from guessing, caching for others or
    running it in the app's origin."""
    _, suffix, content_type = KINDS[kind]
    response = FileResponse(path.open("rb"), content_type=content_type)
    name, plain = download_names(doc.file_name, doc.title, doc.doc_id, suffix)
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"{plain}\"; filename*=UTF-8''{quote(name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = csp
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
def download(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    doc, path = _stored_file(request, slug, year, pk)
    return _file_response(path, doc.file_type, doc, "attachment", DOWNLOAD_CSP)


@login_required
@xframe_options_sameorigin
def view(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    """A PDF or an image shown in the browser (the viewer of the pages frames it); the type is
    the one its bytes say now, whatever the name or the stored type says."""
    doc, path = _stored_file(request, slug, year, pk)
    kind = inline_type(doc.sha256)
    if kind is None:
        raise Http404("Chỉ xem trực tiếp được tệp PDF và ảnh; hãy tải tài liệu này về.")
    return _file_response(path, kind, doc, "inline", INLINE_CSP)
