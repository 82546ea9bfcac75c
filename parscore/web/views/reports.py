"""Report downloads (HTML, Word, Markdown), the Excel form, and importing a filled form or an
evidence YAML into the year, with a preview of what will change before it is applied."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ...errors import EvidenceError, Issue, ParscoreError
from ...evidence_yaml import dump_evidence
from ...forms.archive import MAX_WORKBOOK_BYTES
from ...forms.reader import read_form
from ...forms.workbook import build_form
from ...loader import LoadedEvidence, evidence_from_data
from ...model.evidence import Document
from ...names import name_key
from ...numbers import vi_number
from ...planner import plan_fixes
from ...planning.appraisal import with_counterpart
from ...report.build import build_context
from ...report.plan_view import docx_plan_writer, plan_view
from ...report.render import render_report
from ...safe_text import clean_text
from ...scoring import score
from ...vi import vi_value
from ...yamlio import MAX_FILE_BYTES, parse_yaml
from ..access import can_edit, editable, require
from ..adjusting import proposals_from_file, propose_from_file
from ..audit import record
from ..doc_fields import too_long
from ..editing import Posted, apply_posted
from ..evidence import issue_text, load_assessment
from ..models import Assessment, EvidenceDocument
from ..packs import loaded_pack
from ..post_only import post_only
from .common import XLSX, attachment, closed_to_commune, get_assessment
from .planning import appraisal_mode

__all__ = ["excel_form", "import_apply", "import_preview", "report"]

REPORT_TYPES = {
    "html": ("text/html; charset=utf-8", "html"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "md": ("text/markdown; charset=utf-8", "md"),
}
_SESSION_KEY = "parscore-import"


@login_required
def report(request: HttpRequest, slug: str, year: int, fmt: str) -> HttpResponse:
    assessment = get_assessment(request, slug, year)
    if fmt not in REPORT_TYPES:
        raise Http404("Không có định dạng báo cáo này.")
    evidence, pack = load_assessment(assessment)
    strict = request.GET.get("tham-dinh") == "1"
    result = score(pack, evidence, strict_evidence=strict)
    # the plan section as the command line's: as the council scores unless asked otherwise
    plan_strict = strict or appraisal_mode(request)
    fixes = plan_fixes(pack, evidence, strict_evidence=plan_strict)
    plan = plan_view(with_counterpart(pack, evidence, fixes))
    ctx = build_context(result, pack, evidence, plan=plan)
    data = render_report(ctx, REPORT_TYPES[fmt][1], docx_plan_writer=docx_plan_writer)
    name = f"bao-cao-{assessment.commune.slug}-{assessment.year}.{fmt}"
    return attachment(data, REPORT_TYPES[fmt][0], name)


# the guide sheet's way back in: this app's page, not a command the commune cannot run
READ_BACK_WEB = (
    "Nhập lại vào hệ thống: trên trang tự đánh giá của năm, phần “Nhập từ tệp”, chọn tệp này rồi "
    "bấm “Xem trước”: hệ thống cho xem những gì sẽ thay đổi trước khi ghi."
)


@login_required
def excel_form(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    assessment = get_assessment(request, slug, year)
    evidence, pack = load_assessment(assessment)
    name = f"bieu-mau-{assessment.commune.slug}-{assessment.year}.xlsx"
    return attachment(build_form(pack, evidence, read_back=READ_BACK_WEB), XLSX, name)


def _is_yaml(name: str) -> bool:
    return name.lower().endswith((".yaml", ".yml"))


def _too_big(name: str, size: int) -> str:
    """Why a file chosen for import is refused before it is read (an Excel form or an evidence
    file is far smaller than these bounds), else ``""``."""
    limit = MAX_FILE_BYTES if _is_yaml(name) else MAX_WORKBOOK_BYTES
    if size <= limit:
        return ""
    megabytes = vi_number(Decimal(size) / (1024 * 1024), 1)
    return (
        f"{clean_text(name)}: tệp quá lớn ({megabytes} MB); tệp nhập tối đa "
        f"{MAX_WORKBOOK_BYTES // (1024 * 1024)} MB với biểu mẫu Excel, "
        f"{MAX_FILE_BYTES // (1024 * 1024)} MB với tệp minh chứng YAML. Hãy chọn đúng biểu mẫu "
        "đã tải từ trang này (hoặc tệp minh chứng của xã)."
    )


def _read_upload(name: str, data: bytes, assessment: Any) -> LoadedEvidence:
    pack = loaded_pack(assessment.pack)
    if _is_yaml(name):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise EvidenceError(
                [Issue("PS108", "tệp không phải văn bản UTF-8", file=name)]
            ) from None
        return evidence_from_data(parse_yaml(text, name), pack)
    evidence, _ = read_form(data, name, pack=pack)
    return evidence


_UNIT_WORDS = ("xã ", "phường ", "thị trấn ", "tỉnh ", "thành phố ")


def _place(name: str) -> str:
    """A commune's or province's name compared loosely: ``Xã Dân Tiến`` is ``dân tiến``."""
    text = name_key(name)
    for word in _UNIT_WORDS:
        text = text.removeprefix(word)
    return text


def _other_commune(name: str, evidence: LoadedEvidence, assessment: Any) -> list[str]:
    """A file of another commune (or province) is refused: its figures are not this one's."""
    commune = assessment.commune
    model = evidence.model
    problems = []
    if _place(model.commune) != _place(commune.name):
        problems.append(
            f"{name}: tệp là số liệu của xã {model.commune}, không phải xã {commune.name}. "
            "Hãy chọn đúng tệp của xã."
        )
    elif model.province and _place(model.province) != _place(commune.province.name):
        problems.append(
            f"{name}: tệp là số liệu của tỉnh {model.province}, không phải tỉnh "
            f"{commune.province.name}. Hãy chọn đúng tệp của xã."
        )
    return problems


def _changes(assessment: Any, evidence: LoadedEvidence) -> list[dict[str, str]]:
    """What applying ``evidence`` would change: metrics, not-applicable, self-scores."""
    current, pack = load_assessment(assessment)
    rows: list[dict[str, str]] = []
    inputs = pack.model.inputs
    for name in sorted(set(current.metrics) | set(evidence.metrics)):
        old, new = current.metrics.get(name), evidence.metrics.get(name)
        if old != new:
            label = inputs[name].label if name in inputs else name
            rows.append(_row(label, old, new))
    for section, word in (("not_applicable", "Không áp dụng"), ("claims", "Tự chấm")):
        old_map = getattr(current.model, section)
        new_map = getattr(evidence.model, section)
        for code in sorted(set(old_map) | set(new_map)):
            if old_map.get(code) != new_map.get(code):
                rows.append(_row(f"{word} {code}", old_map.get(code), new_map.get(code)))
    for doc in _new_documents(assessment, evidence):
        rows.append({"label": f"Tài liệu mới {doc.id}", "old": "(không có)", "new": doc.title})
    for code, word, old, new in proposals_from_file(assessment, evidence.model.adjustments):
        rows.append(
            {
                "label": f"Đề nghị {word.lower()} {code} (hội đồng quyết định)",
                "old": old or "(chưa đề nghị)",
                "new": new,
            }
        )
    return rows


def _long_documents(assessment: Any, evidence: LoadedEvidence) -> list[str]:
    """The new documents' texts longer than their columns, each named by its id."""
    problems = []
    for doc in _new_documents(assessment, evidence):
        fields = {"doc_id": doc.id, "title": doc.title, "kind": doc.kind}
        fields.update(number=doc.number, issuer=doc.issuer)
        shown = clean_text(doc.id if len(doc.id) <= 40 else doc.id[:40] + "…")
        problems += [f"Tài liệu {shown}: {m}" for m in too_long(fields)]
    return problems


def _new_documents(assessment: Any, evidence: LoadedEvidence) -> list[Document]:
    taken = set(assessment.documents.values_list("doc_id", flat=True))
    return [d for d in evidence.model.documents if d.id not in taken]


def _row(label: str, old: Any, new: Any) -> dict[str, str]:
    return {
        "label": label,
        "old": vi_value(old, exact=True) if old is not None else "(trống)",
        "new": vi_value(new, exact=True) if new is not None else "(trống)",
    }


@login_required
@post_only
def import_preview(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    assessment = get_assessment(request, slug, year)
    require(can_edit(request.user, assessment.commune))
    if not editable(request.user, assessment):  # a page of before the submission: said why
        closed_to_commune(request, assessment, "nhập tệp", "import")
        return redirect("web:assessment", slug=slug, year=year)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Chọn tệp Excel (.xlsx) hoặc tệp minh chứng (.yaml) để nhập.")
        return redirect("web:assessment", slug=slug, year=year)
    name = upload.name or "tep"
    too_big = _too_big(name, upload.size or 0)  # before a byte of it is read into memory
    if too_big:
        problems = [too_big]
    else:
        try:
            evidence = _read_upload(name, upload.read(), assessment)
        except ParscoreError as exc:
            problems = [issue_text(i) for i in exc.issues] or ["tệp không đọc được (cần UTF-8)"]
        else:
            problems = _other_commune(name, evidence, assessment) or _long_documents(
                assessment, evidence
            )
    if problems:
        return render(
            request,
            "web/import.html",
            {"a": assessment, "commune": assessment.commune, "problems": problems, "name": name},
            status=422,
        )
    changes = _changes(assessment, evidence)
    request.session[_SESSION_KEY] = {
        "assessment": assessment.pk,
        "name": name,
        "yaml": dump_evidence(evidence.model),
    }
    return render(
        request,
        "web/import.html",
        {
            "a": assessment,
            "commune": assessment.commune,
            "changes": changes,
            "name": name,
            "warnings": [
                issue_text(w) for w in evidence.warnings
            ],  # as the command line prints them, without the codes
        },
    )


@login_required
@post_only
def import_apply(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    assessment = get_assessment(request, slug, year)
    require(can_edit(request.user, assessment.commune))
    if not editable(request.user, assessment):  # a preview of before the submission: said why
        closed_to_commune(request, assessment, "nhập tệp", "import")
        return redirect("web:assessment", slug=slug, year=year)
    pending = request.session.pop(_SESSION_KEY, None)
    if not pending or pending.get("assessment") != assessment.pk:
        messages.error(request, "Không có dữ liệu chờ nhập; hãy chọn tệp lại.")
        return redirect("web:assessment", slug=slug, year=year)
    pack = loaded_pack(assessment.pack)
    try:  # read again under the year's pack now: it may have been changed since the preview
        evidence = evidence_from_data(parse_yaml(pending["yaml"], pending["name"]), pack)
    except ParscoreError as exc:
        problems = "; ".join(issue_text(i) for i in exc.issues[:3])
        messages.error(
            request,
            "Chưa nhập gì: số liệu đã xem trước không còn hợp lệ với gói quy tắc hiện tại của năm"
            f" (gói có thể vừa được đổi). Hãy chọn tệp lại để xem trước. ({problems})",
        )
        return redirect("web:assessment", slug=slug, year=year)
    posted = Posted(
        metrics=dict(evidence.metrics),
        not_applicable=dict(evidence.model.not_applicable),
        claims={pack.code_of(k) or k: v for k, v in evidence.model.claims.items()},
    )
    with transaction.atomic():
        fresh = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if fresh.status not in Assessment.EDITABLE:  # submitted while the file was read
            assessment.status = fresh.status
            assessment.submitted_at, assessment.submitted_by = (
                fresh.submitted_at,
                fresh.submitted_by,
            )
            closed_to_commune(request, assessment, "nhập tệp", "import")
            return redirect("web:assessment", slug=slug, year=year)
        changed = apply_posted(assessment, posted, request.user, pack)
        for doc in _new_documents(assessment, evidence):
            supports = [pack.code_of(c) or c for c in doc.supports]
            row = EvidenceDocument.from_evidence(assessment, doc, request.user)
            row.supports = supports
            row.save()
            record(request.user, "document_add", assessment, doc.id, "", doc.title)
            changed += 1
        proposed, refused = propose_from_file(request.user, assessment, evidence.model.adjustments)
        changed += proposed
        record(request.user, "import", assessment, pending["name"], "", f"{changed} thay đổi")
    messages.success(request, f"Đã nhập “{pending['name']}”: {changed} giá trị thay đổi.")
    for reason in refused:
        messages.error(request, f"Không nhập mục thưởng, trừ: {reason}")
    return redirect("web:assessment", slug=slug, year=year)
