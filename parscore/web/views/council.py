"""The council's organisation pages: the province's assignment of council members to communes
and fields, the meeting details of a commune's minutes, and the year's evidence as YAML (what
``parscore minutes`` reads to print the same minutes)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
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
from ..meetings import MeetingInput, may_record, meeting_of, read_meeting, save_meeting
from ..models import Assessment, CouncilAssignment, CouncilMeeting, MeetingCommune, Province
from ..packs import loaded_pack
from ..posted import whole_number
from ..workflow import Refused, is_published
from .common import attachment, get_assessment

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
    if link is None:
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
        return {**same, **(_people_texts(latest) if latest else {}), "members": "\n".join(names)}
    m = link.meeting
    return {
        "authority": m.authority,
        "council": m.council,
        "number": link.number,
        "date": f"{m.date:%d/%m/%Y}",
        "start": m.start,
        "end": m.end,
        "place": m.place,
        **_people_texts(m),
        "members": _lines(m.members),
        "commune_people": _lines(link.people),
        "conclusion": link.conclusion,
    }


def _people_texts(m: CouncilMeeting) -> dict[str, str]:
    """The chair's and the secretary's name and position, as the form's fields."""
    return {
        f"{key}_{part}": (getattr(m, key) or {}).get(part, "")
        for key in ("chair", "secretary")
        for part in ("name", "position")
    }


def _lines(people: list[dict[str, str]]) -> str:
    return "\n".join(", ".join(v for v in (p["name"], p.get("position", "")) if v) for p in people)


def _together(assessment: Assessment, user: Any) -> list[dict[str, Any]]:
    """The province's other communes of the year the meeting may also cover (submitted or
    further, and the user may record their meeting), and those already in this meeting."""
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
        out.append({"a": other, "checked": same, "elsewhere": theirs if not same else None})
    return out


@login_required
def meeting_page(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The meeting details of the commune's biên bản thẩm định."""
    assessment = get_assessment(request, slug, year)
    user = request.user
    published = is_published(assessment.commune.province_id, assessment.year)
    may = may_record(user, assessment) and not published
    form: MeetingInput | None = None
    status = 200
    if request.method == "POST":
        require(may_record(user, assessment))
        form = read_meeting(request.POST, assessment.year)
        wanted = {_int(v) for v in request.POST.getlist("together")} - {0}
        together = list(
            Assessment.objects.filter(
                pk__in=wanted, commune__province_id=assessment.commune.province_id, year=year
            ).select_related("commune")
        )
        if not form.problems:
            try:
                if len(together) != len(wanted):
                    message = "Có xã được chọn không thuộc tỉnh, năm này: chưa lưu."
                    record(user, "refused", assessment, "meeting", "", message)
                    raise Refused(message)
                save_meeting(user, assessment, form, together)
            except Refused as exc:  # the page again, as typed (the year published meanwhile…)
                messages.error(request, str(exc))
                published = is_published(assessment.commune.province_id, assessment.year)
                may = may_record(user, assessment) and not published
                status = 409
            else:
                messages.success(
                    request, "Đã lưu thông tin cuộc họp: biên bản thẩm định in các thông tin này."
                )
                return redirect("web:meeting", slug=slug, year=year)
        else:
            messages.error(request, "Chưa lưu: có thông tin chưa hợp lệ (xem thông báo đỏ).")
            status = 422
    link = meeting_of(assessment)
    return render(
        request,
        "web/meeting.html",
        {
            "a": assessment,
            "commune": assessment.commune,
            "texts": form.texts
            if form is not None
            else _initial(assessment)
            if may or link
            else {},
            "problems": form.problems if form is not None else {},
            "may": may,
            "published": published,
            "link": link,
            "together": _together(assessment, user) if may else [],
        },
        status=status,
    )


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
