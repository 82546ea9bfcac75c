"""The appraisal workflow's one state machine: who may move a commune's year from which state to
which, and until which deadline.

=====================  ============================  ==========================  ==============
action                 from                          to                          who, deadline
=====================  ============================  ==========================  ==============
``submit``             draft, reopened               submitted                   leader, self
``start_round_1``      submitted                     round_1                     council, round 1
``ask_explanations``   round_1                       explanation                 council, round 1
``start_round_2``      round_1, explanation          round_2                     council, round 2
``finalise``           round_2                       final                       council, round 2
``reopen``             submitted … final             reopened                    province
=====================  ============================  ==========================  ==============

A council member must be assigned to the whole commune (a member assigned to some fields only
saves points in those fields, see :mod:`parscore.web.council`); a province officer must be of its province;
administrators may do everything, deadlines still apply. A published year is frozen. A refused
move raises :class:`Refused` with a Vietnamese message, changes nothing and is logged, as is
every move.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from .audit import record
from .models import AppraisalYear, Assessment, CouncilAssignment, Membership

__all__ = [
    "ACTIONS",
    "Refused",
    "appraisal_year",
    "check",
    "check_council",
    "check_deadline",
    "is_published",
    "move",
    "publish",
    "today",
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
        "gửi điểm tự chấm", (A.DRAFT, A.REOPENED), A.SUBMITTED, Membership.LEADER, "self_deadline"
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
        "mở lại cho xã",
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
        raise Refused(
            f"Không thể {action.label} khi hồ sơ đang ở bước “{assessment.get_status_display()}”."
        )
    check_deadline(assessment, action.deadline, action.label)
    if name == "ask_explanations" and not assessment.explanation_requests.exists():
        raise Refused("Chưa chọn tiêu chí nào cần giải trình (đánh dấu rồi lưu điểm vòng 1 trước).")
    return action


def move(user: Any, assessment: Assessment, name: str, note: str = "") -> Assessment:
    """Do the action ``name``: change the state and log it; a refusal is logged and re-raised
    with nothing changed."""
    try:
        with transaction.atomic():
            fresh = Assessment.objects.select_for_update().get(pk=assessment.pk)
            fresh.commune = assessment.commune
            action = check(user, fresh, name)
            old = fresh.status
            fresh.status = action.target
            fields = ["status"]
            if name == "submit":
                fresh.submitted_at = timezone.now()
                fresh.submitted_by = user
                fields += ["submitted_at", "submitted_by"]
            fresh.save(update_fields=fields)
            record(user, name, fresh, "status", old, action.target + (f" ({note})" if note else ""))
    except Refused as exc:
        record(user, "refused", assessment, name, assessment.status, str(exc))
        raise
    assessment.status = fresh.status
    return fresh


def publish(user: Any, province: Any, year: int) -> AppraisalYear:
    """Publish (and freeze) a province's year: the province's officers only, every commune's
    year final. Refused (and logged) otherwise."""
    try:
        allowed = (
            user.is_superuser
            or Membership.objects.filter(
                user=user, role=Membership.PROVINCE, province=province
            ).exists()
        )
        if not allowed:
            raise Refused("Chỉ cán bộ tỉnh được công bố kết quả.")
        with transaction.atomic():
            row, _ = AppraisalYear.objects.select_for_update().get_or_create(
                province=province, year=year
            )
            if row.published:
                raise Refused(f"Kết quả năm {year} đã được công bố.")
            years = Assessment.objects.filter(commune__province=province, year=year)
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
            row.published = True
            row.published_at = timezone.now()
            row.published_by = user
            row.save()
            record(user, "publish", None, f"{province.slug} {year}", "", "published")
    except Refused as exc:
        record(user, "refused", None, f"publish {province.slug} {year}", "", str(exc))
        raise
    return row


def is_published(province_id: int, year: int) -> bool:
    return AppraisalYear.objects.filter(province_id=province_id, year=year, published=True).exists()
