"""The year's page: the metrics form, live score, saving, submitting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
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
from ..audit import record
from ..editing import Posted, apply_posted, check_posted, read_posted
from ..evidence import load_assessment
from ..expired import take_unsaved
from ..files import too_big
from ..form_merge import conflict_message, newer_note
from ..layout import build_layout
from ..merging import SHOWN, Merged, cell_labels, merge_form, shown_json, shown_of, texts_of
from ..models import Assessment, Membership
from ..packs import loaded_pack
from ..post_only import post_only
from ..workflow import Refused, appraisal_year, in_meeting, move, today
from .common import closed_to_commune, get_assessment, panel_for

__all__ = [
    "assessment_page",
    "preview",
    "render_year",
    "reopen",
    "save",
    "submit",
    "withdraw_submission",
]


def render_year(
    request: HttpRequest,
    assessment: Assessment,
    pack: LoadedPack,
    posted: Posted | None = None,
    problems: dict[str, list[str]] | None = None,
    status: int = 200,
    upload: dict[str, Any] | None = None,
    upload_problems: list[str] | None = None,
    upload_wrong: set[str] | None = None,
    unsaved: list[tuple[str, str]] | None = None,
    newer: bool = False,
) -> HttpResponse:
    """The year's page; ``posted``/``problems``: a refused form shown again as typed;
    ``upload``/``upload_problems``: a refused upload's fields shown again, with why
    (``upload_wrong``: the keys of the fields marked in error, ``file`` for the file);
    ``unsaved``: what was typed and could not be saved (the year submitted meanwhile), listed
    as (cell, text). The form carries what it shows of the stored values (:mod:`..merging`)."""
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
        na = posted.na_texts  # as typed, a refused one too
        claims = posted.claim_texts  # as typed, a refused one too
        panel_evidence, _ = load_assessment(assessment)  # the stored values: nothing was saved
    shown = texts_of(pack, panel_evidence if posted is not None else evidence)
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
        "problem_cells": _problem_cells(pack, problems),
        "panel": panel,
        "leaf_info": {r["code"]: r for r in panel.rows},
        "strict": strict,
        # the menu of fields on a narrow screen: the total, for those without the save bar's
        "nav_score": None if editable(user, assessment) else panel.summary,
        "documents": documents,
        "doc_kinds": _doc_kinds(pack),
        "leaf_codes": _support_codes(pack),
        "upload": upload,
        "upload_for": wanted if wanted in pack.leaves else "",  # a criterion's upload link
        "upload_problems": upload_problems or [],
        "upload_wrong": upload_wrong or set(),
        # a file over the limit is refused by the browser before it is sent (the server's front
        # door answers one far over it with a bare page, everything typed lost)
        "max_upload": settings.PARSCORE_MAX_UPLOAD,
        "too_big": too_big("{name}", "{size}"),
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
        "submitting": _submitting(user, assessment),
        "withdrawing": _withdrawing(user, assessment),
        "explaining": _explaining(user, assessment),
        "shown": shown_json(shown),
        "shown_field": SHOWN,
        "unsaved": unsaved or [],
        "kept_typed": posted is not None,  # the cells hold what was typed, not saved
        "newer": newer,  # the problems are cells saved meanwhile from another page
    }
    return render(request, "web/assessment.html", context, status=status)


def _explaining(user: Any, assessment: Assessment) -> dict[str, Any] | None:
    """For the commune's editors while the council waits for explanations: what to do now (how
    many criteria to answer, how many are answered, until when)."""
    if assessment.status != Assessment.EXPLANATION or not can_edit(user, assessment.commune):
        return None
    answers = list(assessment.explanation_requests.values_list("answer", flat=True))
    year = appraisal_year(assessment)
    return {
        "asked": len(answers),
        "answered": sum(1 for a in answers if a.strip()),
        "deadline": year.explanation_deadline if year is not None else None,
    }


def _submitting(user: Any, assessment: Assessment) -> dict[str, Any] | None:
    """For the commune's editors while the year is open to them: the deadline of the
    self-assessment (and whether it has passed) and, for staff, who submits it (the commune's
    leaders: staff cannot)."""
    if not editable(user, assessment):
        return None
    year = appraisal_year(assessment)
    deadline = year.self_deadline if year is not None else None
    leaders = [
        m.user.get_full_name() or m.user.username
        for m in Membership.objects.filter(
            role=Membership.LEADER, commune=assessment.commune, user__is_active=True
        ).select_related("user")
    ]
    return {
        "deadline": deadline,
        "late": deadline is not None and today() > deadline,
        "leaders": leaders,
    }


def _withdrawing(user: Any, assessment: Assessment) -> dict[str, Any] | None:
    """For the commune's leaders while the submitted year waits for the council: until when the
    submission may be taken back (``late``: no longer, the deadline passed; ``meeting``: no
    longer, why: the council put the year into one of its meetings)."""
    if assessment.status != Assessment.SUBMITTED or not can_submit(user, assessment.commune):
        return None
    year = appraisal_year(assessment)
    if year is not None and year.published:
        return None
    deadline = year.self_deadline if year is not None else None
    late = deadline is not None and today() > deadline
    return {"deadline": deadline, "late": late, "meeting": "" if late else in_meeting(assessment)}


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
        evidence, _ = load_assessment(assessment)
        # what was changed meanwhile by others is kept in the cells this person did not touch
        merged = merge_form(pack, unsaved, shown_of(unsaved), texts_of(pack, evidence))
        posted = read_posted(pack, merged.data)
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
    """Save the cells this person changed (others' changes made meanwhile are kept; a cell both
    changed refuses the save), under the year's lock: a year submitted meanwhile refuses it,
    saying so, with what was typed listed."""
    assessment = get_assessment(request, slug, year)
    require(can_edit(request.user, assessment.commune))
    pack = loaded_pack(assessment.pack)
    with transaction.atomic():
        assessment = (
            Assessment.objects.select_for_update()
            .select_related("commune", "pack")
            .get(pk=assessment.pk)
        )
        stored, _ = load_assessment(assessment)
        merged = merge_form(pack, request.POST, shown_of(request.POST), texts_of(pack, stored))
        if assessment.status not in Assessment.EDITABLE:
            return _closed(request, assessment, pack, merged)
        posted = read_posted(pack, merged.data)
        if merged.conflicts:
            return _conflict(request, assessment, pack, posted, merged)
        evidence, problems = check_posted(assessment, pack, posted)
        if evidence is None:
            return render_year(request, assessment, pack, posted, problems, status=422)
        changed = apply_posted(assessment, posted, request.user, pack)
    if changed == 0 and merged.already:  # the same form sent twice (a double click, Back)
        messages.success(
            request,
            "Số liệu đã như bạn nhập (đã được lưu trước đó, có thể do bấm hai lần hoặc gửi lại "
            "trang cũ): không có gì thay đổi thêm.",
        )
    else:
        messages.success(request, f"Đã lưu: {changed} giá trị thay đổi.")
    if merged.kept:
        labels = cell_labels(pack)
        messages.info(
            request,
            "Số liệu của năm này đã được lưu từ một trang khác sau khi bạn mở trang này; các ô "
            "bạn không sửa giữ giá trị mới đó: "
            + "; ".join(labels.get(k, k) for k in merged.kept)
            + ".",
        )
    return redirect("web:assessment", slug=slug, year=year)


def _closed(
    request: HttpRequest, assessment: Assessment, pack: LoadedPack, merged: Merged
) -> HttpResponse:
    """The year was submitted (or further) after the page was drawn: nothing saved, said why,
    logged; what was typed is listed so that nothing is lost."""
    closed_to_commune(request, assessment, "lưu", "save")
    labels = cell_labels(pack)
    typed = [(labels.get(k, k), v) for k, v in merged.mine.items()]
    return render_year(request, assessment, pack, unsaved=typed, status=409)


def _conflict(
    request: HttpRequest, assessment: Assessment, pack: LoadedPack, posted: Posted, merged: Merged
) -> HttpResponse:
    """Someone else changed a cell this person changed too: nothing saved; those cells show the
    newer value with what was typed beside it, every other cell keeps what was typed."""
    labels = cell_labels(pack)
    problems: dict[str, list[str]] = {}
    for key, typed in merged.conflicts.items():
        what = f"bạn đã nhập “{typed}”" if typed.strip() else "bạn đã xóa ô này"
        problems.setdefault(_problem_key(key), []).append(newer_note("giá trị", what))
    message = conflict_message(
        [labels.get(k, k) for k in merged.conflicts],
        cells="ô",
        newest="giá trị",
        button="Lưu số liệu",
    )
    record(request.user, "refused", assessment, "save", assessment.status, message)
    messages.error(request, message)
    return render_year(request, assessment, pack, posted, problems, status=409, newer=True)


_SECTIONS = (("m-", "metrics."), ("claim-", "claims."), ("na-", "not_applicable."))


def _problem_cells(pack: LoadedPack, problems: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    """The cells a refused form has problems in (the inputs in the pack's order, then the
    criteria's cells), as (field id, label, first problem): the list above the form links each
    to its field."""
    cells = []
    for key, label in cell_labels(pack).items():
        found = problems.get(_problem_key(key))
        if found:
            spec = pack.model.inputs.get(key[2:]) if key.startswith("m-") else None
            cells.append((key, spec.label if spec else label, found[0]))  # an input: its label
    return cells


def _problem_key(key: str) -> str:
    """A cell's problems as the form keys them (``m-x`` -> ``metrics.x``)."""
    for prefix, section in _SECTIONS:
        if key.startswith(prefix):
            return section + key[len(prefix) :]
    return ""


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
    if not can_submit(request.user, assessment.commune):  # a role changed since the page?
        raise PermissionDenied(
            f"Chỉ lãnh đạo xã {assessment.commune.name} được nộp bản tự đánh giá: tài khoản của "
            "bạn không có vai trò này. Chưa nộp."
        )
    if _moved(request, assessment, "submit", _total):
        messages.success(
            request,
            "Đã nộp bản tự đánh giá. Cần sửa: bấm Rút lại bản đã nộp ở cuối trang, khi hội đồng "
            "chưa bắt đầu thẩm định và chưa quá hạn tự đánh giá; quá thời điểm đó, đề nghị tỉnh "
            "mở lại.",
        )
    return redirect("web:assessment", slug=slug, year=year)


@login_required
@post_only
def withdraw_submission(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The leader takes the submission back while the council has not begun (before the
    self-assessment deadline): the commune edits again and submits again."""
    assessment = get_assessment(request, slug, year)
    if not can_submit(request.user, assessment.commune):  # staff, or a role changed since
        raise PermissionDenied(
            f"Chỉ lãnh đạo xã {assessment.commune.name} được rút lại bản đã nộp: tài khoản của "
            "bạn không có vai trò này. Chưa rút lại."
        )
    if _moved(request, assessment, "withdraw_submission"):
        row = appraisal_year(assessment)
        deadline = row.self_deadline if row is not None else None
        by = f" trước hạn {deadline:%d/%m/%Y}" if deadline is not None else ""
        messages.success(
            request,
            "Đã rút lại bản tự đánh giá: xã sửa được số liệu và tài liệu. Sửa xong, bấm Nộp bản "
            f"tự đánh giá{by}.",
        )
    return redirect("web:assessment", slug=slug, year=year)


@login_required
@post_only
def reopen(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    assessment = get_assessment(request, slug, year)
    require(can_manage_years(request.user, assessment.commune))
    if _moved(request, assessment, "reopen"):
        messages.success(request, "Đã mở lại để xã chỉnh sửa.")
    return redirect("web:assessment", slug=slug, year=year)


def _total(assessment: Assessment) -> str:
    """The total submitted, as the year stands under the submission's lock."""
    evidence, pack = load_assessment(assessment)
    return str(panel_for(pack, evidence).result.total.score)


def _moved(
    request: HttpRequest,
    assessment: Assessment,
    action: str,
    note: str | Callable[[Assessment], str] = "",
) -> bool:
    """Move the year's state; a refusal becomes the page's error message."""
    try:
        move(request.user, assessment, action, note)
    except Refused as exc:
        messages.error(request, str(exc))
        return False
    return True


def _support_codes(pack: LoadedPack) -> list[tuple[str, str]]:
    """What a document may support: every leaf, then the pack's bonus and penalty items (the
    points an item brings are traced to its documents, as a criterion's are)."""
    codes = [(c, leaf.criterion.title) for c, leaf in pack.leaves.items()]
    for side, word in (("bonus", "Điểm thưởng"), ("penalty", "Điểm trừ")):
        group = getattr(pack.model.adjustments, side)
        codes.extend((i.code, f"{word}: {i.title}") for i in (group.items if group else ()))
    return codes
