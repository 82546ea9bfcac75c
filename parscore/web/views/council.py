"""The council's organisation pages: the province's assignment of council members to communes
and fields, the meeting details of a commune's minutes, and the year's evidence as YAML (what
``parscore minutes`` reads to print the same minutes)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from ...evidence_yaml import dump_evidence
from ..access import can_manage_years, can_publish, can_view_province, require
from ..audit import record
from ..council import (
    PackField,
    assign,
    assignees,
    council_members,
    fields_text,
    pack_fields,
    person_name,
    unassign,
)
from ..evidence import load_assessment
from ..form_merge import NEWER, SHOWN, Merged, shown_json, shown_of
from ..meetings import (
    FIELD_LABELS,
    TOGETHER,
    MeetingInput,
    may_record,
    meeting_of,
    meeting_texts,
    merge_meeting,
    people_texts,
    read_meeting,
    save_meeting,
    together_ids,
)
from ..models import Assessment, CouncilAssignment, CouncilMeeting, MeetingCommune, Province
from ..packs import loaded_pack
from ..posted import whole_number
from ..workflow import Refused, is_published
from .common import attachment, council_year, get_assessment
from .denied import typed_kept

__all__ = ["assignments", "evidence_yaml", "meeting_page"]


def _year_pack(province: Province, wanted: str) -> tuple[int | None, list[int], Any]:
    """The year whose pack names the fields (``?nam=``, else the newest), the years, its pack."""
    years = sorted(
        set(Assessment.objects.filter(commune__province=province).values_list("year", flat=True)),
        reverse=True,
    )
    year = _int(wanted) if _int(wanted) in years else (years or [None])[0]
    first = (
        Assessment.objects.filter(commune__province=province, year=year)
        .select_related("pack")
        .first()
    )
    return year, years, loaded_pack(first.pack) if first is not None else None


@login_required
def assignments(request: HttpRequest, slug: str) -> HttpResponse:
    """Who appraises which commune (the whole commune or some fields); the province's officers
    change it here, every change logged."""
    province = get_object_or_404(Province, slug=slug)
    require(can_view_province(request.user, province))
    may_change = can_publish(request.user, province)
    year, years, pack = _year_pack(province, request.GET.get("nam", ""))
    fields = pack_fields(pack) if pack is not None else []
    if request.method == "POST":
        require(may_change)
        _change(request, province, fields, pack)
        return redirect(request.get_full_path())
    communes = list(province.communes.all())
    rows = []
    for commune in communes:
        members = _by_member(commune, pack)
        rows.append({"commune": commune, "members": members,
                     "lead": any(m["whole"] for m in members)})  # fmt: skip
    return render(
        request,
        "web/council.html",
        {
            "province": province,
            "year": year,
            "years": years,
            "fields": fields,
            "rows": rows,
            "communes": communes,
            "members": list(council_members(province)),
            "may_change": may_change,
        },
    )


def _by_member(commune: Any, pack: Any) -> list[dict[str, Any]]:
    rows = CouncilAssignment.objects.filter(commune=commune).select_related("user")
    return [
        {
            "pk": row.pk,
            "name": person_name(row.user),
            "what": fields_text(pack, row.fields) if row.fields else "cả xã",
            "whole": row.whole,
        }
        for row in sorted(rows, key=lambda r: (not r.whole, person_name(r.user)))
    ]


def _change(request: HttpRequest, province: Province, fields: list[PackField], pack: Any) -> None:
    post = request.POST
    if post.get("bo"):
        row = CouncilAssignment.objects.filter(
            pk=_int(post["bo"]), commune__province=province
        ).first()
        if row is None:
            messages.error(request, "Không tìm thấy phân công này (có thể đã bị bỏ).")
            return
        unassign(request.user, row, pack)
        messages.success(request, f"Đã bỏ phân công {person_name(row.user)} – {row.commune}.")
        return
    member = council_members(province).filter(pk=_int(post.get("member"))).first()
    chosen = set(post.getlist("communes"))
    communes = [c for c in province.communes.all() if c.slug in chosen]
    codes = {f.code for f in fields}
    picked = [c for c in post.getlist("fields") if c in codes]
    problems = []
    if member is None:
        problems.append("chọn một thành viên hội đồng")
    if not communes:
        problems.append("chọn ít nhất một xã")
    if post.get("scope") == "fields" and not picked:
        problems.append("chọn ít nhất một lĩnh vực (hoặc chọn “Cả xã”)")
    if problems:
        messages.error(request, "Chưa phân công: " + "; ".join(problems) + ".")
        return
    assert member is not None
    picked = picked if post.get("scope") == "fields" else []
    changed = assign(request.user, member, communes, picked, pack)
    what = fields_text(pack, picked) if picked else "cả xã"
    messages.success(
        request,
        f"Đã phân công {person_name(member)} thẩm định {what} tại {len(communes)} xã"
        f" ({changed} thay đổi).",
    )


def _int(text: Any) -> int:
    """A posted id (0 when it is not one: never a 5 000-digit number)."""
    return whole_number(text) or 0


def _initial(assessment: Assessment) -> dict[str, str]:
    """The form's text: the recorded meeting; else the assigned members as attendees and the
    governing body, council, chair and secretary of the year's latest meeting."""
    link = meeting_of(assessment)
    if link is not None:
        return meeting_texts(link)
    whole, by_field = assignees(assessment.commune)
    names = dict.fromkeys([*whole, *(n for ns in by_field.values() for n in ns)])
    latest = (
        CouncilMeeting.objects.filter(
            province_id=assessment.commune.province_id, year=assessment.year
        )
        .order_by("-updated_at", "-pk")
        .first()
    )
    same = {"authority": latest.authority, "council": latest.council} if latest else {}
    return {**same, **(people_texts(latest) if latest else {}), "members": "\n".join(names)}


def _together(assessment: Assessment, user: Any, ticked: set[int] | None) -> list[dict[str, Any]]:
    """The province's other communes of the year the meeting may also cover (submitted or
    further, and the user may record their meeting), and those already in this meeting;
    ``ticked``: the ones the form had ticked (``None``: those of the meeting)."""
    link = meeting_of(assessment)
    others = list(
        Assessment.objects.filter(
            commune__province_id=assessment.commune.province_id, year=assessment.year
        )
        .exclude(pk=assessment.pk)
        .select_related("commune")
        .order_by("commune__name")
    )
    links = {
        row.assessment_id: row
        for row in MeetingCommune.objects.filter(assessment__in=others).select_related("meeting")
    }
    everywhere = can_manage_years(user, assessment.commune)
    whole = set(
        CouncilAssignment.objects.filter(user=user, fields=[]).values_list("commune_id", flat=True)
    )
    out = []
    for other in others:
        theirs = links.get(other.pk)
        same = link is not None and theirs is not None and theirs.meeting_id == link.meeting_id
        allowed = everywhere or other.commune_id in whole
        if not same and (other.status in Assessment.EDITABLE or not allowed):
            continue
        checked = same if ticked is None else other.pk in ticked
        out.append({"a": other, "checked": checked, "elsewhere": theirs if not same else None})
    return out


def _typed(post: Any) -> list[tuple[str, str]]:
    """The meeting form as sent, field by field (shown on a refusal's page)."""
    return [
        (label, str(post.get(key, ""))) for key, label in FIELD_LABELS.items() if key != TOGETHER
    ]


@login_required
def meeting_page(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The meeting details of the commune's biên bản thẩm định. A save changes only the fields
    its sender changed (:func:`..meetings.merge_meeting`): a field changed meanwhile from
    another page is kept; one both changed refuses the save, shown with what was typed."""
    user = request.user
    with typed_kept(lambda: _typed(request.POST)):
        if request.method != "POST":
            assessment = get_assessment(request, slug, year)
        else:  # a member taken off the commune meanwhile: said so, what was typed shown
            assessment = council_year(request, slug, year, "ghi thông tin cuộc họp")
        if request.method == "POST" and not may_record(user, assessment):
            raise PermissionDenied(_NOT_RECORDER.format(assessment.commune.name))
    published = is_published(assessment.commune.province_id, assessment.year)
    may = may_record(user, assessment) and not published
    form: MeetingInput | None = None
    ticked: set[int] | None = None
    problems: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        with transaction.atomic():
            # under the year's lock (and its meeting's): two saves are merged one after the other
            Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
            link = meeting_of(assessment)
            if link is not None:
                CouncilMeeting.objects.select_for_update().filter(pk=link.meeting_id).first()
            merged = merge_meeting(request.POST, shown_of(request.POST), link)
            form = read_meeting(merged.data, assessment.year)
            ticked = together_ids(merged.data[TOGETHER].split(",")) - {0}
            problems = form.problems
            if merged.conflicts:
                status = _conflict(request, assessment, merged, problems)
            elif form.problems:
                messages.error(request, "Chưa lưu: có thông tin chưa hợp lệ (xem thông báo đỏ).")
                status = 422
            else:
                status = _save(request, assessment, form, ticked)
        if status == 302:
            _saved(request, merged)
            return redirect("web:meeting", slug=slug, year=year)
        published = is_published(assessment.commune.province_id, assessment.year)
        may = may_record(user, assessment) and not published
    link = meeting_of(assessment)
    shown = _initial(assessment) if may or link else {}
    return render(
        request,
        "web/meeting.html",
        {
            "a": assessment,
            "commune": assessment.commune,
            "texts": form.texts if form is not None else shown,
            "problems": problems,
            "may": may,
            "published": published,
            "link": link,
            "together": _together(assessment, user, ticked) if may else [],
            "kept_typed": form is not None,  # the fields hold what was typed, not saved
            "shown": shown_json(shown),
            "shown_field": SHOWN,
        },
        status=status,
    )


_NOT_RECORDER = (
    "Bạn không được ghi cuộc họp thẩm định của xã {} (chỉ cán bộ tỉnh hoặc thành viên hội đồng"
    " phụ trách cả xã; phân công của bạn có thể vừa được đổi)."
)


def _save(
    request: HttpRequest, assessment: Assessment, form: MeetingInput, ticked: set[int]
) -> int:
    """Record the meeting (302), or say why not (409: the year published meanwhile…)."""
    together = list(
        Assessment.objects.filter(
            pk__in=ticked,
            commune__province_id=assessment.commune.province_id,
            year=assessment.year,
        ).select_related("commune")
    )
    try:
        if len(together) != len(ticked):
            message = "Có xã được chọn không thuộc tỉnh, năm này: chưa lưu."
            record(request.user, "refused", assessment, "meeting", "", message)
            raise Refused(message)
        save_meeting(request.user, assessment, form, together)
    except Refused as exc:  # the page again, as typed
        messages.error(request, str(exc))
        return 409
    return 302


def _saved(request: HttpRequest, merged: Merged) -> None:
    if not merged.mine and merged.already:  # the same form sent twice (a double click, Back)
        messages.success(request, "Thông tin cuộc họp đã như bạn nhập: không có gì thay đổi thêm.")
    else:
        messages.success(
            request, "Đã lưu thông tin cuộc họp: biên bản thẩm định in các thông tin này."
        )
    if merged.kept:
        messages.info(
            request,
            "Thông tin cuộc họp đã được lưu từ một trang khác sau khi bạn mở trang này; các mục "
            "bạn không sửa giữ nội dung mới đó: "
            + "; ".join(FIELD_LABELS.get(k, k) for k in merged.kept)
            + ".",
        )


def _conflict(
    request: HttpRequest,
    assessment: Assessment,
    merged: Merged,
    problems: dict[str, list[str]],
) -> int:
    """Someone changed a field this sender changed too: nothing saved (409, logged); those
    fields show the newer text with what was typed beside it, the others keep what was typed."""
    for key, typed in merged.conflicts.items():
        what = f"bạn đã nhập “{typed.strip()}”" if typed.strip() else "bạn đã xóa mục này"
        if key == TOGETHER:
            what = "bạn đã chọn khác"
        problems.setdefault(key, []).append(f"{NEWER}: đây là nội dung mới nhất ({what}).")
    message = (
        "Chưa lưu: "
        + "; ".join(FIELD_LABELS.get(k, k) for k in merged.conflicts)
        + " vừa được lưu từ một trang khác (người khác, hoặc bạn ở thẻ khác), các mục đó đã hiện "
        "nội dung mới nhất. Các mục khác giữ nguyên như bạn vừa nhập: kiểm tra rồi bấm Lưu "
        "thông tin cuộc họp lại."
    )
    record(request.user, "refused", assessment, "meeting", "", message)
    messages.error(request, message)
    return 409


@login_required
def evidence_yaml(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The year's evidence (metrics, documents, self-scores, appraisal rounds, notes,
    explanations, the meeting) as an evidence YAML file."""
    assessment = get_assessment(request, slug, year)
    evidence, _ = load_assessment(assessment)
    model = evidence.model.model_copy(update={"metrics": evidence.metrics})
    header = [
        f"Minh chứng của xã {assessment.commune.name} năm {assessment.year}, xuất từ parscore",
        f"Bước: {assessment.get_status_display()}",
    ]
    data = dump_evidence(model, header).encode("utf-8")
    return attachment(data, "application/yaml; charset=utf-8", f"minh-chung-{slug}-{year}.yaml")
