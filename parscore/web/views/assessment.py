"""The year's page: the metrics form, live score, saving, submitting."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from ...compiled import LoadedPack
from ...numbers import typed_number
from ..access import (
    can_appraise,
    can_edit,
    can_manage_years,
    can_see_audit,
    can_submit,
    editable,
    require,
)
from ..editing import Posted, apply_posted, check_posted, read_posted
from ..evidence import load_assessment
from ..expired import take_unsaved
from ..layout import build_layout
from ..models import Assessment
from ..packs import loaded_pack
from ..post_only import post_only
from ..workflow import Refused, move
from .common import get_assessment, panel_for

__all__ = ["assessment_page", "preview", "render_year", "reopen", "save", "submit"]


def render_year(
    request: HttpRequest,
    assessment: Assessment,
    pack: LoadedPack,
    posted: Posted | None = None,
    problems: dict[str, list[str]] | None = None,
    status: int = 200,
    upload: dict[str, Any] | None = None,
    upload_problems: list[str] | None = None,
) -> HttpResponse:
    """The year's page; ``posted``/``problems``: a refused form shown again as typed;
    ``upload``/``upload_problems``: a refused upload's fields shown again, with why."""
    problems = problems or {}
    wanted = request.GET.get("tai-lieu-cho", "")
    if upload is None:
        upload = {"supports": [wanted], "kind": _wanted_kind(pack, wanted)}
    if posted is None:
        evidence, _ = load_assessment(assessment)
        groups, rest = build_layout(pack, evidence.metrics, problems)
        na = dict(evidence.model.not_applicable)
        claims = {k: typed_number(v) for k, v in evidence.model.claims.items()}
        panel_evidence = evidence
    else:
        groups, rest = build_layout(pack, posted.texts, problems, typed=False)
        na = posted.not_applicable
        claims = posted.claim_texts  # as typed, a refused one too
        panel_evidence, _ = load_assessment(assessment)  # the stored values: nothing was saved
    strict = request.GET.get("tham-dinh") == "1"
    panel = panel_for(pack, panel_evidence, strict=strict)
    documents = list(assessment.documents.select_related("uploaded_by"))
    user = request.user
    context: dict[str, Any] = {
        "a": assessment,
        "commune": assessment.commune,
        "pack": pack,
        "meta": pack.model.pack,
        "has_adjustments": bool(pack.model.adjustments.codes()),
        "groups": groups,
        "rest": rest,
        "na": na,
        "claims": claims,
        "problems": problems,
        "problem_count": sum(len(v) for v in problems.values()),
        "panel": panel,
        "leaf_info": {r["code"]: r for r in panel.rows},
        "strict": strict,
        "documents": documents,
        "doc_kinds": _doc_kinds(pack),
        "leaf_codes": [(c, leaf.criterion.title) for c, leaf in pack.leaves.items()],
        "upload": upload,
        "upload_problems": upload_problems or [],
        "kind_words": KIND_WORDS,
        "can_edit": editable(user, assessment),
        "is_editor": can_edit(user, assessment.commune),
        "can_upload": editable(user, assessment)
        or (assessment.status == Assessment.EXPLANATION and can_edit(user, assessment.commune)),
        "can_submit": can_submit(user, assessment.commune)
        and assessment.status in Assessment.EDITABLE,
        "can_reopen": can_manage_years(user, assessment.commune)
        and assessment.status not in Assessment.EDITABLE,
        "can_appraise": can_appraise(user, assessment),
        "can_audit": can_see_audit(user),
    }
    return render(request, "web/assessment.html", context, status=status)


# What the common document kinds are called; other kinds are shown as written in the pack.
KIND_WORDS = {
    "bao_cao": "Báo cáo",
    "ke_hoach": "Kế hoạch",
    "quyet_dinh": "Quyết định",
    "bien_ban": "Biên bản",
    "van_ban": "Văn bản",
    "cong_van": "Công văn",
    "thong_bao": "Thông báo",
}


def _doc_kinds(pack: LoadedPack) -> list[tuple[str, str]]:
    kinds = {r.kind for leaf in pack.leaves.values() for r in leaf.criterion.evidence if r.kind}
    return [(k, KIND_WORDS.get(k, k)) for k in sorted(kinds)]


def _wanted_kind(pack: LoadedPack, code: str) -> str:
    """The kind the criterion's first required document asks for (to preselect on upload)."""
    leaf = pack.leaves.get(code)
    if leaf is None:
        return ""
    return next((r.kind for r in leaf.criterion.evidence if r.kind), "")


@login_required
def assessment_page(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    assessment = get_assessment(request, slug, year)
    pack = loaded_pack(assessment.pack)
    unsaved = take_unsaved(request, slug, year)
    if unsaved is not None and editable(request.user, assessment):
        posted = read_posted(pack, unsaved)
        _, problems = check_posted(assessment, pack, posted)
        messages.warning(request, UNSAVED_BACK)
        return render_year(request, assessment, pack, posted, problems)
    return render_year(request, assessment, pack)


UNSAVED_BACK = (
    "Những gì bạn đã gõ trước khi phiên đăng nhập hết hạn đã được điền lại nhưng CHƯA được lưu: "
    "kiểm tra rồi bấm Lưu số liệu."
)


@login_required
@post_only
def save(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    assessment = get_assessment(request, slug, year)
    require(editable(request.user, assessment))
    pack = loaded_pack(assessment.pack)
    posted = read_posted(pack, request.POST)
    evidence, problems = check_posted(assessment, pack, posted)
    if evidence is None:
        messages.error(
            request,
            "Chưa lưu: có ô chưa hợp lệ (xem thông báo đỏ bên cạnh). Dữ liệu cũ giữ nguyên.",
        )
        return render_year(request, assessment, pack, posted, problems, status=422)
    changed = apply_posted(assessment, posted, request.user, pack)
    messages.success(request, f"Đã lưu: {changed} giá trị thay đổi.")
    return redirect("web:assessment", slug=slug, year=year)


@login_required
@post_only
def preview(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Live score (htmx): the form as typed, scored without saving. A cell that does not pass the
    checks counts with its stored value (or as not declared) and is listed."""
    assessment = get_assessment(request, slug, year)
    pack = loaded_pack(assessment.pack)
    posted = read_posted(pack, request.POST)
    evidence, problems = check_posted(assessment, pack, posted)
    if evidence is None:
        stored, _ = load_assessment(assessment)
        for key in problems:
            section, _, name = key.partition(".")
            kept: Any = None
            if section == "metrics":
                kept = stored.metrics.get(name)
                target: dict[str, Any] = posted.metrics
            elif section == "claims":
                kept = stored.model.claims.get(name)
                target = posted.claims
            elif section == "not_applicable":
                kept = stored.model.not_applicable.get(name)
                target = posted.not_applicable
            else:
                continue
            if kept is None:
                target.pop(name, None)
            else:
                target[name] = kept
        posted.problems = {}
        evidence, _ = check_posted(assessment, pack, posted)
        if evidence is None:  # a problem not tied to one cell: the stored values
            evidence = stored
    strict = request.POST.get("tham-dinh") == "1"
    panel = panel_for(pack, evidence, strict=strict, problems=problems)
    # A fragment of the page: without the request's context (the menu's roles and provinces,
    # which the fragment does not show and which would cost their queries on every keystroke).
    context = {"panel": panel, "strict": strict, "live": True}
    return HttpResponse(render_to_string("web/partials/score_panel.html", context))


@login_required
@post_only
def submit(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    assessment = get_assessment(request, slug, year)
    require(can_submit(request.user, assessment.commune))
    evidence, pack = load_assessment(assessment)
    result = panel_for(pack, evidence).result
    if _moved(request, assessment, "submit", str(result.total.score)):
        messages.success(request, "Đã nộp bản tự đánh giá. Muốn sửa tiếp, đề nghị tỉnh mở lại.")
    return redirect("web:assessment", slug=slug, year=year)


@login_required
@post_only
def reopen(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    assessment = get_assessment(request, slug, year)
    require(can_manage_years(request.user, assessment.commune))
    if _moved(request, assessment, "reopen"):
        messages.success(request, "Đã mở lại để xã chỉnh sửa.")
    return redirect("web:assessment", slug=slug, year=year)


def _moved(request: HttpRequest, assessment: Assessment, action: str, note: str = "") -> bool:
    """Move the year's state; a refusal becomes the page's error message."""
    try:
        move(request.user, assessment, action, note)
    except Refused as exc:
        messages.error(request, str(exc))
        return False
    return True
