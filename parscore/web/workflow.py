"""The appraisal workflow's one state machine: who may move a commune's year from which state to
which, and until which deadline.

========================  ======================  ============================  ================
action                    from                    to                            who, deadline
========================  ======================  ============================  ================
``submit``                draft, reopened         submitted                     leader, self
``withdraw_submission``   submitted               draft, or reopened (the       leader, self
                                                  step it was submitted from)
``start_round_1``         submitted               round_1                       council, round 1
``ask_explanations``      round_1                 explanation                   council, round 1
``start_round_2``         round_1, explanation    round_2                       council, round 2
``finalise``              round_2                 final                         council, round 2
``reopen``                submitted … final       reopened                      province
========================  ======================  ============================  ================

A council member must be assigned to the whole commune (a member assigned to some fields only
saves points in those fields, see :mod:`parscore.web.council`); a province officer must be of its province;
administrators may do everything, deadlines still apply. A published year is frozen. A refused
move raises :class:`Refused` with a Vietnamese message, changes nothing and is logged, as is
every move.

``withdraw_submission`` (rút lại bản đã nộp) lets the leader take a submission back while the
council has not begun (once round 1 began, or the council put the year into one of its meetings,
only the province's ``reopen`` opens the year again: :func:`in_meeting`; :func:`withdrawable`
says whether the year's step and dates allow it now, whoever asks).
The year goes back to the step it was submitted from, as the log's ``submit`` entry says:
"draft" for a first submission, "reopened" for one made after the province reopened the year
(which stays a reopened year, its earlier appraisal kept in view); the submission's time and
author are cleared.

A year's publication (the province's officers only):

=====================  ============================  ==========================================
action                 from                          needs
=====================  ============================  ==========================================
:func:`publish`        not published                 every commune final; a reason when the year
                                                     was withdrawn before (re-publication)
:func:`withdraw`       published                     a reason
=====================  ============================  ==========================================

Withdrawing unfreezes the year (deadlines can be set again, communes reopened); each publication
and withdrawal adds a :class:`Publication` row (who, when, why). A commune of a published year is
reopened only after the year is withdrawn: ``reopen`` on a published year is refused and says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from .audit import record
from .models import (
    AppraisalYear,
    Assessment,
    AuditEntry,
    CouncilAssignment,
    Membership,
    ProposedAdjustment,
    Publication,
)
from .texts import text_problem

__all__ = [
    "ACTIONS",
    "Refused",
    "appraisal_year",
    "check",
    "check_council",
    "check_deadline",
    "in_meeting",
    "is_published",
    "move",
    "previous_published",
    "publish",
    "today",
    "withdraw",
    "withdrawable",
]

A = Assessment


@dataclass(frozen=True)
class Action:
    label: str  # Vietnamese, for messages and buttons
    sources: tuple[str, ...]
    target: str
    role: str  # Membership role allowed (or the council)
    deadline: str | None  # AppraisalYear field


ACTIONS: dict[str, Action] = {
    "submit": Action(
        "nộp bản tự đánh giá", (A.DRAFT, A.REOPENED), A.SUBMITTED, Membership.LEADER, "self_deadline"
    ),
    "withdraw_submission": Action(
        "rút lại bản đã nộp", (A.SUBMITTED,), A.DRAFT, Membership.LEADER, "self_deadline"
    ),
    "start_round_1": Action(
        "bắt đầu thẩm định vòng 1", (A.SUBMITTED,), A.ROUND_1, Membership.COUNCIL,
        "round_1_deadline",
    ),
    "ask_explanations": Action(
        "gửi yêu cầu giải trình", (A.ROUND_1,), A.EXPLANATION, Membership.COUNCIL,
        "round_1_deadline",
    ),
    "start_round_2": Action(
        "bắt đầu thẩm định vòng 2", (A.ROUND_1, A.EXPLANATION), A.ROUND_2, Membership.COUNCIL,
        "round_2_deadline",
    ),
    "finalise": Action(
        "chốt kết quả thẩm định", (A.ROUND_2,), A.FINAL, Membership.COUNCIL, "round_2_deadline"
    ),
    "reopen": Action(
        "mở lại để xã sửa",
        (A.SUBMITTED, A.ROUND_1, A.EXPLANATION, A.ROUND_2, A.FINAL),
        A.REOPENED,
        Membership.PROVINCE,
        None,
    ),
}  # fmt: skip


class Refused(Exception):
    """An action the workflow does not allow; ``str()`` is the Vietnamese message."""


def today() -> dt.date:
    return timezone.localdate()


def appraisal_year(assessment: Assessment) -> AppraisalYear | None:
    return AppraisalYear.objects.filter(
        province_id=assessment.commune.province_id, year=assessment.year
    ).first()


def _has_role(user: Any, assessment: Assessment, role: str) -> bool:
    if user.is_superuser:
        return True
    commune = assessment.commune
    for m in Membership.objects.filter(user=user, role=role):
        if role == Membership.LEADER and m.commune_id == commune.pk:
            return True
        if role == Membership.PROVINCE and m.province_id == commune.province_id:
            return True
        if role == Membership.COUNCIL:
            return True
    return False


def check_council(user: Any, assessment: Assessment, whole: bool = True) -> None:
    """Refuse unless ``user`` is a council member assigned to the commune (or an administrator);
    with ``whole``, assigned to the whole commune, not only to some of its fields."""
    if user.is_superuser:
        return
    if not _has_role(user, assessment, Membership.COUNCIL):
        raise Refused("Chỉ thành viên hội đồng thẩm định được làm việc này.")
    row = CouncilAssignment.objects.filter(user=user, commune=assessment.commune).first()
    if row is None:
        raise Refused(
            f"Bạn chưa được phân công thẩm định {assessment.commune.name}: không được làm việc này."
        )
    if whole and not row.whole:
        raise Refused(
            f"Bạn chỉ được phân công một số lĩnh vực của xã {assessment.commune.name}: việc này"
            " do thành viên hội đồng phụ trách cả xã làm."
        )


def check_deadline(assessment: Assessment, field: str | None, what: str) -> None:
    """Refuse after the year's deadline ``field`` (the deadline day itself is allowed)."""
    year = appraisal_year(assessment)
    if year is not None and year.published:
        raise Refused(f"Kết quả năm {assessment.year} đã công bố: không thay đổi được nữa.")
    deadline = getattr(year, field) if year is not None and field else None
    if deadline is not None and today() > deadline:
        raise Refused(f"Đã quá hạn {deadline:%d/%m/%Y}: không thể {what} nữa.")


def check(user: Any, assessment: Assessment, name: str) -> Action:
    """The action ``name`` if ``user`` may do it now on ``assessment``; else :class:`Refused`."""
    action = ACTIONS.get(name)
    if action is None:
        raise Refused("Thao tác không tồn tại.")
    if not user.is_authenticated:
        raise Refused("Cần đăng nhập.")
    if action.role == Membership.COUNCIL:
        check_council(user, assessment)
    elif not _has_role(user, assessment, action.role):
        who = dict(Membership.ROLES)[action.role].lower()
        raise Refused(f"Chỉ {who} được {action.label}.")
    if assessment.status not in action.sources:
        if _done(assessment, name, action):  # a second click, another tab, a colleague
            raise Refused(_already(assessment, name, action))
        if name == "withdraw_submission":
            raise Refused(_not_withdrawn(assessment))
        raise Refused(
            f"Không thể {action.label} khi hồ sơ đang ở bước “{assessment.get_status_display()}”."
        )
    if name == "reopen" and is_published(assessment.commune.province_id, assessment.year):
        raise Refused(
            f"Kết quả năm {assessment.year} đã công bố: muốn mở lại một xã, trước hết cán bộ tỉnh "
            "thu hồi công bố (ghi rõ lý do) trên trang xếp hạng."
        )
    check_deadline(assessment, action.deadline, action.label)
    if name == "withdraw_submission" and (meeting := in_meeting(assessment)):
        raise Refused(meeting)
    if name == "ask_explanations" and not assessment.explanation_requests.exists():
        raise Refused("Chưa chọn tiêu chí nào cần giải trình (đánh dấu rồi lưu điểm vòng 1 trước).")
    if name == "start_round_2" and assessment.status == A.ROUND_1:
        _check_requests_sent(assessment)
    if name == "finalise":
        pending = pending_adjustments(assessment)
        if pending:
            raise Refused(
                f"Còn mục thưởng, trừ chờ quyết định ({', '.join(pending)}): hội đồng chấp nhận"
                " hoặc không chấp nhận từng mục trước khi chốt kết quả."
            )
    return action


def _check_requests_sent(assessment: Assessment) -> None:
    """Round 2 is not begun from round 1 while criteria are marked for an explanation the
    commune has not given: the requests were never sent, the commune could not answer them."""
    asked = assessment.explanation_requests.filter(answer="").values_list("code", flat=True)
    codes = sorted(asked, key=lambda c: [int(p) if p.isdigit() else 0 for p in c.split(".")])
    if codes:
        raise Refused(
            f"Chưa bắt đầu vòng 2: {len(codes)} tiêu chí đã đánh dấu yêu cầu giải trình "
            f"({', '.join(codes)}) nhưng yêu cầu chưa được gửi cho xã. "
            "Bấm “Gửi yêu cầu giải trình” để xã trả lời trước vòng 2, "
            "hoặc bỏ đánh dấu rồi lưu điểm vòng 1 nếu không cần xã giải trình."
        )


def _last_move(assessment: Assessment, *names: str) -> AuditEntry | None:
    """The latest logged move of the year among ``names`` (every action when none)."""
    entries = AuditEntry.objects.filter(
        commune_id=assessment.commune_id, year=assessment.year, action__in=names or list(ACTIONS)
    )
    return entries.order_by("-at", "-pk").first()


def _done(assessment: Assessment, name: str, action: Action) -> bool:
    """The year is where ``name`` leads because ``name`` took it there. A withdrawal leads back
    to a step the year may be at without one (a draft never submitted): its last move tells."""
    if name != "withdraw_submission":
        return assessment.status == action.target
    if assessment.status not in A.EDITABLE:
        return False
    last = _last_move(assessment)
    return last is not None and last.action == name


def _not_withdrawn(assessment: Assessment) -> str:
    """Why a submission cannot be withdrawn at the year's step: not submitted, or the council
    has begun (then only the province reopens the year)."""
    step = f"hồ sơ đang ở bước “{assessment.get_status_display()}”"
    if assessment.status in A.EDITABLE:
        return f"Không thể rút lại: bản tự đánh giá năm {assessment.year} chưa được nộp ({step})."
    return (
        "Không thể rút lại bản đã nộp: hội đồng thẩm định đã bắt đầu thẩm định "
        f"({step}). Muốn sửa, đề nghị cán bộ tỉnh mở lại để xã sửa."
    )


def in_meeting(assessment: Assessment) -> str:
    """Why a submitted year recorded in a council meeting cannot be withdrawn: the council has
    begun on it (``""``: in no meeting)."""
    from .meetings import meeting_of  # meetings builds on this module

    link = meeting_of(assessment)
    if link is None:
        return ""
    return (
        "Không thể rút lại bản đã nộp: hội đồng đã đưa hồ sơ vào phiên họp thẩm định ngày "
        f"{link.meeting.date:%d/%m/%Y}. Muốn sửa, đề nghị cán bộ tỉnh mở lại để xã sửa."
    )


def withdrawable(assessment: Assessment) -> bool:
    """The year's step and dates let its leader take the submission back now (as :func:`check`
    allows ``withdraw_submission``, the user aside)."""
    action = ACTIONS["withdraw_submission"]
    if assessment.status not in action.sources:
        return False
    try:
        check_deadline(assessment, action.deadline, action.label)
    except Refused:
        return False
    return not in_meeting(assessment)


def _target(assessment: Assessment, name: str, action: Action) -> str:
    """Where ``name`` takes the year: a withdrawn submission goes back to the step it was
    submitted from (a year the province had reopened stays reopened), as its log says."""
    if name != "withdraw_submission":
        return action.target
    submitted = _last_move(assessment, "submit")
    return submitted.old if submitted is not None and submitted.old in A.EDITABLE else action.target


def _already(assessment: Assessment, name: str, action: Action) -> str:
    """The year is already where ``name`` leads: say who took it there and when, so a second
    click (or a colleague's) is not read as a failure."""
    done = (
        AuditEntry.objects.filter(
            commune_id=assessment.commune_id, year=assessment.year, action=name
        )
        .order_by("-at", "-pk")
        .first()
    )
    by = (
        f" ({done.username}, lúc {timezone.localtime(done.at):%H:%M %d/%m/%Y})"
        if done is not None
        else ""
    )
    return (
        f"Việc {action.label} đã được làm rồi{by}: hồ sơ đang ở bước "
        f"“{assessment.get_status_display()}”. Không làm lại lần nữa."
    )


def pending_adjustments(assessment: Assessment) -> list[str]:
    """The codes of the bonus and penalty items proposed and not yet decided (a year is not
    finalised with a proposal nobody answered)."""
    rows = assessment.proposed_adjustments.filter(decision=ProposedAdjustment.PENDING)
    return sorted(rows.values_list("code", flat=True))


def move(
    user: Any, assessment: Assessment, name: str, note: str | Callable[[Assessment], str] = ""
) -> Assessment:
    """Do the action ``name``: change the state and log it; a refusal is logged and re-raised
    with nothing changed. ``note`` (logged with the new state) may be computed from the year as
    it stands under the lock (a total submitted: what a save made just before gives)."""
    try:
        with transaction.atomic():
            fresh = Assessment.objects.select_for_update().get(pk=assessment.pk)
            fresh.commune = assessment.commune
            action = check(user, fresh, name)
            old = fresh.status
            fresh.status = _target(fresh, name, action)
            fields = ["status"]
            if name == "submit":
                fresh.submitted_at = timezone.now()
                fresh.submitted_by = user
                fields += ["submitted_at", "submitted_by"]
            if name == "withdraw_submission":  # no longer submitted
                fresh.submitted_at = fresh.submitted_by = None
                fields += ["submitted_at", "submitted_by"]
            fresh.save(update_fields=fields)
            said = note(fresh) if callable(note) else note
            record(user, name, fresh, "status", old, fresh.status + (f" ({said})" if said else ""))
    except Refused as exc:
        record(user, "refused", assessment, name, assessment.status, str(exc))
        raise
    assessment.status = fresh.status
    return fresh


def _check_province(user: Any, province: Any, what: str) -> None:
    allowed = user.is_authenticated and (
        user.is_superuser
        or Membership.objects.filter(
            user=user, role=Membership.PROVINCE, province=province
        ).exists()
    )
    if not allowed:
        raise Refused(f"Chỉ cán bộ tỉnh được {what}.")


def _history(user: Any, row: AppraisalYear, action: str, reason: str) -> Publication:
    return Publication.objects.create(
        year=row, action=action, by=user, username=user.get_username(), reason=reason
    )


def publish(user: Any, province: Any, year: int, reason: str = "") -> AppraisalYear:
    """Publish (and freeze) a province's year: the province's officers only, every commune's
    year final; publishing again after a withdrawal needs a reason. Refused (and logged)
    otherwise; each publication is a new history row."""
    reason = reason.strip()
    try:
        _check_province(user, province, "công bố kết quả")
        _check_reason(reason)
        with transaction.atomic():
            row, _ = AppraisalYear.objects.select_for_update().get_or_create(
                province=province, year=year
            )
            if row.published:  # a second click, another tab, a colleague
                raise Refused(f"Kết quả năm {year} đã được công bố{_by(row)}: không công bố lại.")
            # the communes' years locked too: a commune reopened meanwhile is seen (and one
            # being reopened now is waited for), never published while not final
            years = Assessment.objects.select_for_update(of=("self",)).filter(
                commune__province=province, year=year
            )
            waiting = sorted(a.commune.name for a in years.select_related("commune")
                             if a.status != Assessment.FINAL)  # fmt: skip
            if not years.exists():
                raise Refused(f"Năm {year} chưa có xã nào.")
            if waiting:
                raise Refused(
                    "Chưa công bố được: các xã sau chưa chốt kết quả thẩm định: "
                    + ", ".join(waiting)
                    + "."
                )
            again = row.publications.filter(action=Publication.WITHDRAW).exists()
            if again and not reason:
                raise Refused(
                    f"Kết quả năm {year} đã từng bị thu hồi: công bố lại cần ghi lý do "
                    "(đã sửa gì so với lần công bố trước)."
                )
            row.published = True
            row.published_at = timezone.now()
            row.published_by = user
            row.save()
            _history(user, row, Publication.PUBLISH, reason)
            new = "published again" if again else "published"
            record(user, "publish", None, f"{province.slug} {year}", "", new + _why(reason))
    except Refused as exc:
        record(user, "refused", None, f"publish {province.slug} {year}", "", str(exc))
        raise
    return row


def withdraw(user: Any, province: Any, year: int, reason: str) -> AppraisalYear:
    """Withdraw the publication of a province's year (thu hồi công bố), with a reason: the
    province's officers only. The year is unfrozen (communes may then be reopened) and the
    ranking API stops serving it until it is published again. Refused (and logged) otherwise."""
    reason = reason.strip()
    try:
        _check_province(user, province, "thu hồi công bố")
        _check_reason(reason)
        with transaction.atomic():
            row = (
                AppraisalYear.objects.select_for_update()
                .filter(province=province, year=year)
                .first()
            )
            if row is None or not row.published:
                raise Refused(
                    f"Kết quả năm {year} đang không được công bố: không có gì để thu hồi."
                )
            if not reason:
                raise Refused("Thu hồi công bố cần ghi rõ lý do.")
            row.published = False
            row.save(update_fields=["published"])
            _history(user, row, Publication.WITHDRAW, reason)
            record(user, "withdraw", None, f"{province.slug} {year}", "published", "withdrawn"
                   + _why(reason))  # fmt: skip
    except Refused as exc:
        record(user, "refused", None, f"withdraw {province.slug} {year}", "", str(exc))
        raise
    return row


def _by(row: AppraisalYear) -> str:
    """`` (tinh, lúc 16:40 03/12/2026)``: who published the year, and when."""
    if row.published_at is None:
        return ""
    who = row.published_by.get_username() if row.published_by is not None else ""
    when = f"lúc {timezone.localtime(row.published_at):%H:%M %d/%m/%Y}"
    return f" ({who}, {when})" if who else f" ({when})"


def _check_reason(reason: str) -> None:
    """A publication's reason is kept in its history and printed: plain text of a sensible
    length (as notes and explanations are)."""
    problem = text_problem(reason)
    if problem:
        raise Refused(f"Lý do chưa hợp lệ: {problem}. Chưa thay đổi gì.")


def _why(reason: str) -> str:
    return f" ({reason})" if reason else ""


def is_published(province_id: int, year: int) -> bool:
    return AppraisalYear.objects.filter(province_id=province_id, year=year, published=True).exists()


def previous_published(province_id: int, year: int) -> int | None:
    """The latest year before ``year`` whose results the province has published (and not
    withdrawn): what "change from last year" compares with."""
    row = (
        AppraisalYear.objects.filter(province_id=province_id, year__lt=year, published=True)
        .order_by("-year")
        .first()
    )
    return row.year if row is not None else None
