"""The appraisal council's meetings (phiên họp thẩm định): the details its minutes print.

One meeting of a province's year may appraise several communes (the council usually meets for
a group of communes); each commune's year belongs to at most one meeting and has its own
conclusion. :func:`meeting_section` gives a year's meeting as the evidence's
``appraisal_meeting`` section, so the web's biên bản, the exported evidence YAML and
``parscore minutes`` on that file print the same details.

What a person types is hostile until checked (:func:`read_meeting`): a real date (dd/mm/yyyy)
from the assessed year to a year from today, times as ``8 giờ 00``, text without control
characters and within :mod:`parscore.web.texts`' lengths. Who may record: the province's
officers, administrators and council members assigned to the whole commune
(:func:`may_record`). A published year is frozen. Every change is logged.

Two people on the meeting's form at once (two secretaries, two tabs, two communes of one
meeting) are merged per field as the year's form is (:mod:`parscore.web.form_merge`):
:func:`merge_meeting` keeps what the other saved in the fields this sender did not touch.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from ..forms.cells import read_date
from .access import can_manage_years
from .audit import record
from .form_merge import SHOWN, Merged, merge_cells
from .models import Assessment, CouncilAssignment, CouncilMeeting, MeetingCommune
from .posted import whole_number
from .texts import LINE, LONG, text_problem
from .workflow import Refused, check_deadline, today

__all__ = [
    "FIELD_LABELS",
    "FUTURE_DAYS",
    "MAX_MEMBERS",
    "TARGET",
    "TOGETHER",
    "MeetingInput",
    "may_record",
    "meeting_of",
    "meeting_section",
    "meeting_texts",
    "merge_meeting",
    "people_texts",
    "read_meeting",
    "save_meeting",
    "together_ids",
    "together_text",
]

FUTURE_DAYS = 366  # a meeting is entered at most this far ahead
TARGET = "Cuộc họp hội đồng thẩm định"  # what the audit log names
MAX_MEMBERS = 50
_TIME = re.compile(r"(\d{1,2})\s*(?::|h|g|giờ)\s*(?:(\d{1,2})\s*(?:phút|p)?)?", re.IGNORECASE)
# form field -> its limit (characters)
TEXTS = {
    "authority": LINE,
    "council": LINE,
    "number": 100,
    "start": 50,
    "end": 50,
    "place": LINE,
    "chair_name": LINE,
    "chair_position": LINE,
    "secretary_name": LINE,
    "secretary_position": LINE,
    "members": LONG,
    "commune_people": LONG,
    "conclusion": LONG,
}

TOGETHER = "together"  # the form's checkboxes: the other communes of the meeting
# each field of the form as a person reads it (what was kept, what both changed)
FIELD_LABELS = {
    "authority": "Cơ quan chủ quản",
    "council": "Tên hội đồng",
    "number": "Số biên bản",
    "date": "Ngày họp",
    "start": "Giờ bắt đầu",
    "end": "Giờ kết thúc",
    "place": "Địa điểm",
    "chair_name": "Họ tên người chủ trì",
    "chair_position": "Chức vụ người chủ trì",
    "secretary_name": "Họ tên thư ký",
    "secretary_position": "Chức vụ thư ký",
    "members": "Thành viên hội đồng có mặt",
    "commune_people": "Đại diện UBND xã dự họp",
    "conclusion": "Kết luận của Hội đồng",
    TOGETHER: "Các xã cùng cuộc họp",
}


@dataclass
class MeetingInput:
    """A meeting form, read: the values, the text as typed, and problems by form field."""

    texts: dict[str, str]
    date: dt.date | None = None
    start: str = ""
    end: str = ""
    chair: dict[str, str] | None = None
    secretary: dict[str, str] | None = None
    members: list[dict[str, str]] = field(default_factory=list)
    commune_people: list[dict[str, str]] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=dict)

    def problem(self, key: str, text: str) -> None:
        self.problems.setdefault(key, []).append(text)


def _time(text: str) -> tuple[str, str]:
    """``8:00``, ``8h``, ``14 giờ 30`` -> ``8 giờ 00`` (the minutes' wording), or a problem."""
    if not text:
        return "", ""
    match = _TIME.fullmatch(text)
    hour, minute = (int(match.group(1)), int(match.group(2) or 0)) if match else (99, 0)
    if hour > 23 or minute > 59:
        return "", f"giờ “{text}” không hợp lệ (ví dụ 8:00 hoặc 14 giờ 30)"
    return f"{hour} giờ {minute:02d}", ""


def _person(name: str, position: str) -> tuple[dict[str, str] | None, str]:
    if not name:
        return None, "cần ghi họ tên trước chức vụ" if position else ""
    return ({"name": name, "position": position} if position else {"name": name}), ""


def read_meeting(post: Mapping[str, Any], year: int) -> MeetingInput:
    """The meeting form of a commune's ``year``, read and checked (nothing is saved here)."""
    texts = {k: str(post.get(k, "")).strip() for k in ("date", *TEXTS)}
    form = MeetingInput(texts=texts)
    for key, limit in TEXTS.items():
        found = text_problem(texts[key], limit)
        if found:
            form.problem(key, found)
    if form.problems:
        return form  # nothing else is read from text refused as a whole
    if not texts["date"]:
        form.problem("date", "cần ngày họp (dd/mm/yyyy)")
    else:
        form.date, found = read_date(texts["date"][:20])
        if found:
            form.problem("date", found)
        elif form.date is not None:
            _check_day(form, form.date, year)
    for key in ("start", "end"):
        value, found = _time(texts[key])
        setattr(form, key, value)
        if found:
            form.problem(key, found)
    for key in ("chair", "secretary"):
        person, found = _person(texts[f"{key}_name"], texts[f"{key}_position"])
        setattr(form, key, person)
        if found:
            form.problem(f"{key}_name", found)
    form.members = _people(form, "members")
    form.commune_people = _people(form, "commune_people")
    return form


def _people(form: MeetingInput, key: str) -> list[dict[str, str]]:
    """One person a line, ``Họ tên, chức vụ``."""
    lines = [line.strip() for line in form.texts[key].splitlines() if line.strip()]
    if len(lines) > MAX_MEMBERS:
        form.problem(key, f"quá nhiều dòng ({len(lines)}, tối đa {MAX_MEMBERS})")
    people = []
    for line in lines[:MAX_MEMBERS]:
        name, _, position = (part.strip() for part in line.partition(","))
        if len(line) > LINE:
            form.problem(key, f"dòng “{line[:40]}…” quá dài (tối đa {LINE} ký tự)")
        elif name:
            people.append(_person(name, position)[0] or {"name": name})
        else:
            form.problem(key, f"dòng “{line[:40]}” thiếu họ tên (viết: Họ tên, chức vụ)")
    return people


def together_ids(values: Iterable[Any]) -> set[int]:
    """The commune years' ids of the form's checkboxes (a value that is not an id: 0)."""
    return {whole_number(str(v)) or 0 for v in values}


def together_text(ids: Iterable[int]) -> str:
    """The checkboxes as one cell of the form (``12,40``), the same whatever their order."""
    return ",".join(str(n) for n in sorted(set(ids)))


def people_texts(m: CouncilMeeting) -> dict[str, str]:
    """The chair's and the secretary's name and position, as the form's fields."""
    return {
        f"{key}_{part}": (getattr(m, key) or {}).get(part, "")
        for key in ("chair", "secretary")
        for part in ("name", "position")
    }


def _lines(people: list[dict[str, str]]) -> str:
    return "\n".join(", ".join(v for v in (p["name"], p.get("position", "")) if v) for p in people)


def meeting_texts(link: MeetingCommune) -> dict[str, str]:
    """The form's fields as the recorded meeting of a commune's year fills them (with the
    other communes of the meeting ticked)."""
    m = link.meeting
    others = MeetingCommune.objects.filter(meeting=m).exclude(assessment_id=link.assessment_id)
    return {
        "authority": m.authority,
        "council": m.council,
        "number": link.number,
        "date": f"{m.date:%d/%m/%Y}",
        "start": m.start,
        "end": m.end,
        "place": m.place,
        **people_texts(m),
        "members": _lines(m.members),
        "commune_people": _lines(link.people),
        "conclusion": link.conclusion,
        TOGETHER: together_text(others.values_list("assessment_id", flat=True)),
    }


def _value(key: str, text: str) -> Any:
    """What a field's text means: the same date, time or list of people typed another way (a
    browser sends a textarea's lines ending in CR LF) is the same value."""
    text = text.strip()
    if key == "date":
        day, problem = read_date(text[:20])
        return text if problem else day
    if key in ("start", "end"):
        time, problem = _time(text)
        return text if problem else time
    if key == TOGETHER:
        return together_ids(text.split(",")) - {0}
    return tuple(" ".join(line.split()) for line in text.splitlines() if line.strip())


def merge_meeting(
    post: Mapping[str, Any], shown: Mapping[str, str] | None, link: MeetingCommune | None
) -> Merged:
    """The meeting form ``post`` merged with the meeting recorded now (``link``: none
    recorded, nothing to keep), field by field; the ticked communes are one field."""
    getlist = getattr(post, "getlist", None)
    ticked = getlist(TOGETHER) if getlist is not None else post.get(TOGETHER, [])
    cells = {k: str(post.get(k, "")) for k in ("date", *TEXTS)}
    cells[TOGETHER] = together_text(together_ids([ticked] if isinstance(ticked, str) else ticked))
    cells[SHOWN] = str(post.get(SHOWN, ""))
    return merge_cells(cells, shown, meeting_texts(link) if link else {}, _value)


def _check_day(form: MeetingInput, day: dt.date, year: int) -> None:
    latest = today() + dt.timedelta(days=FUTURE_DAYS)
    if day.year < year:
        form.problem("date", f"ngày họp {day:%d/%m/%Y} trước năm được thẩm định ({year})")
    elif day > latest:
        form.problem("date", f"ngày họp {day:%d/%m/%Y} quá xa (muộn nhất {latest:%d/%m/%Y})")


def may_record(user: Any, assessment: Assessment) -> bool:
    """The province's officers, administrators, and council members of the whole commune."""
    if can_manage_years(user, assessment.commune):
        return True
    row = CouncilAssignment.objects.filter(user=user, commune_id=assessment.commune_id).first()
    return row is not None and row.whole


def meeting_of(assessment: Assessment) -> MeetingCommune | None:
    return MeetingCommune.objects.filter(assessment=assessment).select_related("meeting").first()


def meeting_section(assessment: Assessment) -> dict[str, Any] | None:
    """The year's meeting as the evidence's ``appraisal_meeting`` section (``None``: none)."""
    link = meeting_of(assessment)
    if link is None:
        return None
    m = link.meeting
    out: dict[str, Any] = {"number": link.number} if link.number else {}
    out.update({key: getattr(m, key) for key in ("authority", "council") if getattr(m, key)})
    out["date"] = m.date
    for key in ("start", "end", "place"):
        if getattr(m, key):
            out[key] = getattr(m, key)
    for key in ("chair", "secretary"):
        if getattr(m, key):
            out[key] = dict(getattr(m, key))
    if m.members:
        out["members"] = [dict(p) for p in m.members]
    if link.people:
        out["commune"] = [dict(p) for p in link.people]
    if link.conclusion:
        out["conclusion"] = link.conclusion
    return out


def _summary(section: dict[str, Any] | None) -> str:
    """What the audit log keeps of a meeting: ``12/03/2024 8 giờ 00, Hội trường…, chủ trì …``."""
    if section is None:
        return ""
    parts = [f"{section['date']:%d/%m/%Y} {section.get('start', '')}".strip()]
    parts += [section[k] for k in ("number", "place") if k in section]
    if "chair" in section:
        parts.append(f"chủ trì {section['chair']['name']}")
    parts.append(f"{len(section.get('members', []))} thành viên")
    if "conclusion" in section:
        parts.append(f"kết luận: {section['conclusion'][:200]}")
    return ", ".join(parts)


def save_meeting(
    user: Any,
    assessment: Assessment,
    form: MeetingInput,
    together: list[Assessment],
) -> CouncilMeeting:
    """Record the meeting of ``assessment`` with its conclusion (and of the communes' years in
    ``together``, which replace the meeting's other communes). Refused (and logged) when the
    user may not, a year is published or in another meeting, or a commune the user may not
    record would be added or taken out (one already in the meeting stays in it); ``form`` must
    have no problems."""
    try:
        link = meeting_of(assessment)
        for one in (assessment, *together):
            other = meeting_of(one)
            same = link is not None and other is not None and other.meeting_id == link.meeting_id
            if (
                one is not assessment
                and other
                and (not link or other.meeting_id != link.meeting_id)
            ):
                raise Refused(
                    f"Xã {one.commune.name} đã thuộc cuộc họp ngày {other.meeting.date:%d/%m/%Y}."
                )
            if one is not assessment and one.status in Assessment.EDITABLE and not same:
                raise Refused(  # (the page offers only years handed in; a forged request)
                    f"Xã {one.commune.name} còn đang tự đánh giá: chưa thể ghi vào cuộc họp thẩm"
                    " định."
                )
            # a commune the province put in the meeting stays in it, whoever saves the meeting
            if not (one is not assessment and same) and not may_record(user, one):
                raise Refused(
                    f"Bạn không được ghi cuộc họp thẩm định của xã {one.commune.name}"
                    " (chỉ cán bộ tỉnh hoặc thành viên hội đồng phụ trách cả xã)."
                )
            check_deadline(one, None, "ghi thông tin cuộc họp")
        wanted = {assessment.pk, *(a.pk for a in together)}
        for gone in _members(link) if link else []:  # taken out: theirs to take out too
            if gone.pk not in wanted and not may_record(user, gone):
                raise Refused(
                    f"Bạn không được bỏ xã {gone.commune.name} khỏi cuộc họp này (chỉ cán bộ tỉnh"
                    " hoặc thành viên hội đồng phụ trách cả xã đó): hãy để xã này được chọn."
                )
        if form.problems or form.date is None:
            raise Refused("Thông tin cuộc họp chưa hợp lệ: chưa lưu.")
    except Refused as exc:
        record(user, "refused", assessment, "meeting", "", str(exc))
        raise
    with transaction.atomic():
        before = {a.pk: meeting_section(a) for a in _members(link)} if link else {}
        meeting = link.meeting if link else CouncilMeeting(
            province_id=assessment.commune.province_id, year=assessment.year
        )  # fmt: skip
        meeting.date, meeting.start, meeting.end = form.date, form.start, form.end
        meeting.place = form.texts["place"]
        meeting.authority, meeting.council = form.texts["authority"], form.texts["council"]
        meeting.chair, meeting.secretary = form.chair, form.secretary
        meeting.members, meeting.updated_by = form.members, user
        meeting.save()
        wanted = {assessment.pk, *(a.pk for a in together)}
        for gone in MeetingCommune.objects.filter(meeting=meeting).exclude(assessment__in=wanted):
            record(user, "meeting", gone.assessment, TARGET,
                   _summary(before.get(gone.assessment_id)), "")  # fmt: skip
            gone.delete()
        for one in (assessment, *together):
            row, _ = MeetingCommune.objects.update_or_create(
                assessment=one,
                defaults={"meeting": meeting},
            )
            if one.pk == assessment.pk:
                row.number, row.people = form.texts["number"], form.commune_people
                row.conclusion = form.texts["conclusion"]
                row.save(update_fields=["number", "people", "conclusion"])
            old, new = before.get(one.pk), meeting_section(one)
            if old != new:
                record(user, "meeting", one, TARGET, _summary(old), _summary(new))
    return meeting


def _members(link: MeetingCommune) -> list[Assessment]:
    return [
        row.assessment
        for row in MeetingCommune.objects.filter(meeting=link.meeting).select_related(
            "assessment__commune"
        )
    ]
