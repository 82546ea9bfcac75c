"""The appraisal workflow's data (thẩm định): a year's deadlines and publication per province,
council assignments (to communes or to fields), the council's meetings (for the minutes), the council's points per criterion and round, explanation requests and the
commune's answers, and proposed bonus and penalty items.

The state of a commune's year is :attr:`Assessment.status`; only
:func:`parscore.web.workflow.move` changes it. Points are stored as the text evidence YAML holds;
:mod:`parscore.web.evidence` turns these rows into the evidence's ``appraisal``,
``appraisal_final``, ``appraisal_notes``, ``explanations`` and ``adjustments`` sections.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .models import Assessment, Commune, Province

__all__ = [
    "AppraisalYear",
    "AppraisedPoint",
    "CouncilAssignment",
    "CouncilMeeting",
    "ExplanationRequest",
    "MeetingCommune",
    "ProposedAdjustment",
]


class AppraisalYear(models.Model):
    """A province's year: its deadlines (last day allowed) and whether its results are published."""

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="years")
    year = models.IntegerField("năm")
    self_deadline = models.DateField("hạn tự đánh giá", null=True, blank=True)
    round_1_deadline = models.DateField("hạn thẩm định vòng 1", null=True, blank=True)
    explanation_deadline = models.DateField("hạn giải trình", null=True, blank=True)
    round_2_deadline = models.DateField("hạn thẩm định vòng 2", null=True, blank=True)
    published = models.BooleanField("đã công bố", default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="one_year_per_province")
        ]
        verbose_name = "năm thẩm định"
        verbose_name_plural = "các năm thẩm định"

    def __str__(self) -> str:
        return f"{self.province} {self.year}"


# a province's year's deadlines in their order, with their names on the pages and in the log
DEADLINES = [
    ("self_deadline", "Hạn tự đánh giá"),
    ("round_1_deadline", "Hạn thẩm định vòng 1"),
    ("explanation_deadline", "Hạn giải trình"),
    ("round_2_deadline", "Hạn thẩm định vòng 2"),
]


class CouncilAssignment(models.Model):
    """A council member (role ``council``) assigned to appraise a commune: the whole commune
    (``fields`` empty; such a member also moves the year's steps and decides bonus and penalty
    items) or only the criteria of some fields (lĩnh vực: codes of the pack's top-level
    criteria)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="assignments")
    fields = models.JSONField("lĩnh vực", default=list, blank=True)

    @property
    def whole(self) -> bool:
        return not self.fields

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "commune"], name="one_assignment")]
        verbose_name = "phân công thẩm định"
        verbose_name_plural = "phân công thẩm định"


class AppraisedPoint(models.Model):
    """The council's points for one criterion in one round, with a note. ``version`` grows on
    every save (optimistic locking: a save made on an older version is refused)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="appraised_points"
    )
    round = models.IntegerField("vòng")
    code = models.CharField(max_length=50)
    points = models.CharField(max_length=50, blank=True, default="")
    note = models.TextField(blank=True, default="")
    version = models.IntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "round", "code"], name="one_point_per_round"
            )
        ]


class ExplanationRequest(models.Model):
    """The council asks the commune to explain one criterion (yêu cầu giải trình); the answer
    (text, and documents uploaded with ``supports`` of the criterion) is the commune's."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="explanation_requests"
    )
    code = models.CharField(max_length=50)
    answer = models.TextField("giải trình", blank=True, default="")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "code"], name="one_request")]


class ProposedAdjustment(models.Model):
    """A bonus or penalty item of the pack's ``adjustments``, proposed by the commune or the
    council; only ``accepted`` items reach the evidence (the engine applies the caps)."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DECISIONS = [
        (PENDING, "Chờ quyết định"),
        (ACCEPTED, "Chấp nhận"),
        (REJECTED, "Không chấp nhận"),
    ]

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="proposed_adjustments"
    )
    code = models.CharField(max_length=50)
    reason = models.TextField()
    by_council = models.BooleanField(default=False)
    decision = models.CharField(max_length=20, choices=DECISIONS, default=PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "code"], name="one_adjustment")
        ]


class CouncilMeeting(models.Model):
    """A meeting of the appraisal council (phiên họp thẩm định) of a province's year, appraising
    one or more communes; its details fill the minutes (the evidence's ``appraisal_meeting``)."""

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="meetings")
    year = models.IntegerField("năm")
    authority = models.CharField("cơ quan chủ quản", max_length=300, blank=True, default="")
    council = models.CharField("tên hội đồng", max_length=300, blank=True, default="")
    date = models.DateField("ngày họp")
    start = models.CharField("giờ bắt đầu", max_length=50, blank=True, default="")
    end = models.CharField("giờ kết thúc", max_length=50, blank=True, default="")
    place = models.CharField("địa điểm", max_length=300, blank=True, default="")
    chair = models.JSONField("chủ trì", null=True, blank=True)  # {name, position}
    secretary = models.JSONField("thư ký", null=True, blank=True)
    members = models.JSONField("thành viên có mặt", default=list, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = "cuộc họp hội đồng thẩm định"
        verbose_name_plural = "các cuộc họp hội đồng thẩm định"

    def __str__(self) -> str:
        return f"{self.province} {self.year} – {self.date:%d/%m/%Y}"


class MeetingCommune(models.Model):
    """A commune's year appraised at a meeting (at most one meeting each), with what is the
    commune's own in its minutes: their number, the commune's representatives present and the
    council's conclusion (kết luận)."""

    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="communes")
    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="meeting_link"
    )
    number = models.CharField("số biên bản", max_length=100, blank=True, default="")
    people = models.JSONField("đại diện UBND xã", default=list, blank=True)  # [{name, position}]
    conclusion = models.TextField("kết luận", blank=True, default="")
