"""The demo province's appraisal workflow: a council member assigned to every demo commune and
one assigned to two fields of some communes, deadlines for 2025 (counted from the day the demo
is loaded), communes of 2025 at every state, 2023 appraised and published, and the council's
meetings of the final communes recorded. Every row is invented data, as the rest of the demo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from .audit import record
from .demo_claims import self_score
from .meetings import TARGET
from .models import (
    AppraisalYear,
    AppraisedPoint,
    Assessment,
    CouncilAssignment,
    CouncilMeeting,
    ExplanationRequest,
    MeetingCommune,
    Province,
    Publication,
)

__all__ = ["COUNCIL_USER", "FIELD_USER", "load_workflow"]

COUNCIL_USER = "hoidong"
FIELD_USER = "hoidong-linhvuc"  # assigned to fields 3 and 7 of FIELD_COMMUNES only
FIELD_COMMUNES = ("dan-tien", "tong-hop-0002")
FIELDS = ["3", "7"]
SAMPLE = " (mẫu)"
# synthetic commune of 2025 -> the state the demo leaves it in
STATES = {
    "tong-hop-0001": Assessment.SUBMITTED,
    "tong-hop-0002": Assessment.ROUND_1,
    "tong-hop-0003": Assessment.EXPLANATION,
    "tong-hop-0004": Assessment.ROUND_2,
    "tong-hop-0005": Assessment.FINAL,
}
APPRAISED = 3  # criteria the demo council scores per round (the rest keep the self-score)


AGREED = "Hội đồng thống nhất với điểm tự chấm (dữ liệu mẫu)."
CORRECTED = "Điểm tự chấm cao hơn điểm tính từ số liệu: hội đồng chấm lại (dữ liệu mẫu)."


def _appraise(assessment: Assessment, rounds: int) -> None:
    computed = self_score(assessment)  # every demo state past the draft has self-scores
    claims = list(assessment.claims.order_by("code")[:APPRAISED])

    def points(c: Any) -> str:  # the council keeps a claim, or corrects it to the data
        return str(min(Decimal(c.points), computed.get(c.code, Decimal(c.points))))

    AppraisedPoint.objects.bulk_create(
        AppraisedPoint(
            assessment=assessment,
            round=n,
            code=c.code,
            points=points(c),
            note=AGREED if points(c) == c.points else CORRECTED,
            version=1,
        )
        for n in range(1, rounds + 1)
        for c in claims
    )
    if rounds and claims and assessment.status == Assessment.EXPLANATION:
        ExplanationRequest.objects.create(assessment=assessment, code=claims[0].code)


def _set_state(assessment: Assessment, state: str) -> None:
    assessment.status = state
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_at"])
    rounds = {Assessment.ROUND_1: 1, Assessment.EXPLANATION: 1}.get(state, 0)
    if state in (Assessment.ROUND_2, Assessment.FINAL):
        rounds = 2
    _appraise(assessment, rounds)
    record(None, "demo", assessment, "status", "draft", state)


def _meeting(province: Province, year: int, day: dt.date, slugs: list[str]) -> None:
    """A recorded council meeting for the communes ``slugs`` of ``year``."""
    meeting = CouncilMeeting.objects.create(
        province=province,
        year=year,
        authority="UBND tỉnh " + province.name,
        council=f"Hội đồng thẩm định Chỉ số CCHC cấp xã năm {year}",
        date=day,
        start="8 giờ 00",
        end="11 giờ 30",
        place="Hội trường Sở Nội vụ" + SAMPLE,
        chair={"name": "Nguyễn Văn An" + SAMPLE, "position": "Phó Giám đốc Sở Nội vụ"},
        secretary={"name": "Lê Thị Hoa" + SAMPLE, "position": "Chuyên viên Sở Nội vụ"},
        members=[
            {"name": "Thành viên hội đồng thẩm định" + SAMPLE},
            {"name": "Thành viên hội đồng theo lĩnh vực" + SAMPLE},
        ],
    )
    for assessment in Assessment.objects.filter(
        commune__province=province, commune__slug__in=slugs, year=year
    ):
        MeetingCommune.objects.create(
            meeting=meeting,
            assessment=assessment,
            number=f"{assessment.pk}/BB-HĐTĐ",
            people=[{"name": "Đại diện UBND xã" + SAMPLE, "position": "Chủ tịch UBND xã"}],
            conclusion="Hội đồng thống nhất kết quả thẩm định; đề nghị xã tiếp tục duy trì các"
            " tiêu chí đạt điểm tối đa (dữ liệu mẫu).",
        )
        record(None, "meeting", assessment, TARGET, "", f"{day:%d/%m/%Y} (mẫu)")


def load_workflow(province: Province, council: Any, field_member: Any) -> None:
    """Assign ``council`` to every commune and ``field_member`` to two fields of a few, set the
    demo states and meetings (once: a year already having deadlines is left alone)."""
    for commune in province.communes.all():
        CouncilAssignment.objects.get_or_create(user=council, commune=commune)
        if commune.slug in FIELD_COMMUNES:
            CouncilAssignment.objects.get_or_create(
                user=field_member, commune=commune, defaults={"fields": FIELDS}
            )
    if AppraisalYear.objects.filter(province=province).exists():
        return
    today = timezone.localdate()
    AppraisalYear.objects.create(
        province=province,
        year=2025,
        self_deadline=today + dt.timedelta(days=30),
        round_1_deadline=today + dt.timedelta(days=60),
        explanation_deadline=today + dt.timedelta(days=75),
        round_2_deadline=today + dt.timedelta(days=90),
    )
    for assessment in Assessment.objects.filter(commune__province=province, year=2025):
        state = STATES.get(assessment.commune.slug)
        if state is not None:
            _set_state(assessment, state)
    _meeting(province, 2025, today, ["tong-hop-0004", "tong-hop-0005"])
    old = list(Assessment.objects.filter(commune__province=province, year=2023))
    for assessment in old:
        _set_state(assessment, Assessment.FINAL)
    if old:
        _meeting(province, 2023, dt.date(2024, 3, 12), [a.commune.slug for a in old])
        published = AppraisalYear.objects.create(
            province=province,
            year=2023,
            self_deadline=dt.date(2024, 1, 15),
            round_1_deadline=dt.date(2024, 2, 15),
            explanation_deadline=dt.date(2024, 2, 28),
            round_2_deadline=dt.date(2024, 3, 15),
            published=True,
            published_at=timezone.now(),
        )
        Publication.objects.create(
            year=published, action=Publication.PUBLISH, username="(hệ thống)", reason="Dữ liệu mẫu."
        )
        record(None, "publish", None, f"{province.slug} 2023", "", "published (dữ liệu mẫu)")
