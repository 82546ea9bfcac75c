"""The web app's data: provinces, communes, roles, yearly self-assessments, documents, audit log.

A year's self-assessment (:class:`Assessment`) is tied to one frozen pack (:class:`PackVersion`:
id, revision, sha256 and the pack's text, stored when the year is opened), so rules edited later
never change a year already open. Values are stored as the text an evidence file would hold
(ISO dates, ``true``/``false``, decimal strings); :mod:`parscore.web.evidence` turns them into
evidence and the engine checks and scores it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

__all__ = [
    "ApiToken",
    "AppraisalYear",
    "AppraisedPoint",
    "Assessment",
    "AuditEntry",
    "Claim",
    "Commune",
    "CouncilAssignment",
    "CouncilMeeting",
    "DeviceKey",
    "EvidenceDocument",
    "ExplanationRequest",
    "LoginFailure",
    "MeetingCommune",
    "Membership",
    "MetricValue",
    "NotApplicable",
    "PackVersion",
    "ProposedAdjustment",
    "Province",
    "Publication",
    "SavedScenario",
    "ScoreCache",
]


class Province(models.Model):
    name = models.CharField("tên tỉnh", max_length=200)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "tỉnh"
        verbose_name_plural = "các tỉnh"

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes")
    name = models.CharField("tên xã", max_length=200)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "xã"
        verbose_name_plural = "các xã"

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """One role of a user: commune staff or leader (of a commune), province (of a province), or
    auditor (read-only, everything). Administrators are Django superusers."""

    STAFF = "staff"
    LEADER = "leader"
    PROVINCE = "province"
    AUDITOR = "auditor"
    COUNCIL = "council"
    ROLES = [
        (STAFF, "Cán bộ xã"),
        (LEADER, "Lãnh đạo xã"),
        (PROVINCE, "Cán bộ tỉnh"),
        (AUDITOR, "Thẩm định viên"),
        (COUNCIL, "Thành viên hội đồng thẩm định"),
    ]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("vai trò", max_length=20, choices=ROLES)
    commune = models.ForeignKey(Commune, null=True, blank=True, on_delete=models.CASCADE)
    province = models.ForeignKey(Province, null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"

    def __str__(self) -> str:
        where = self.commune or self.province or "toàn bộ"
        return f"{self.user} – {self.get_role_display()} – {where}"


class PackVersion(models.Model):
    """A rule pack frozen as it was when a year was opened."""

    pack_id = models.CharField("id gói", max_length=200)
    revision = models.IntegerField("lần sửa")
    sha256 = models.CharField(max_length=64, unique=True)
    title = models.CharField(max_length=500)
    year = models.IntegerField()
    text = models.TextField("nội dung gói (YAML)")
    added = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "pack_id", "-revision"]
        verbose_name = "gói quy tắc"
        verbose_name_plural = "gói quy tắc"

    def __str__(self) -> str:
        return f"{self.pack_id} (lần sửa {self.revision}, {self.sha256[:12]})"


class Assessment(models.Model):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ROUND_1 = "round_1"
    EXPLANATION = "explanation"
    ROUND_2 = "round_2"
    FINAL = "final"
    REOPENED = "reopened"
    STATUSES = [
        (DRAFT, "Đang tự đánh giá"),
        (SUBMITTED, "Đã nộp"),
        (ROUND_1, "Thẩm định vòng 1"),
        (EXPLANATION, "Đang giải trình"),
        (ROUND_2, "Thẩm định vòng 2"),
        (FINAL, "Đã có kết quả thẩm định"),
        (REOPENED, "Được mở lại"),
    ]
    EDITABLE = (DRAFT, REOPENED)  # the commune may change its values

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="assessments")
    year = models.IntegerField("năm")
    pack = models.ForeignKey(PackVersion, on_delete=models.PROTECT)
    as_of = models.DateField("số liệu đến ngày", null=True, blank=True)
    goal = models.DecimalField("mục tiêu", max_digits=8, decimal_places=4, null=True, blank=True)
    synthetic = models.TextField("dữ liệu giả lập", blank=True, default="")
    status = models.CharField(max_length=20, choices=STATUSES, default=DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["commune__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "year"], name="one_assessment_per_year")
        ]
        verbose_name = "bản tự đánh giá"
        verbose_name_plural = "bản tự đánh giá"

    def __str__(self) -> str:
        return f"{self.commune} {self.year}"


class MetricValue(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="metrics")
    name = models.CharField(max_length=200)
    value = models.CharField(max_length=200)  # as in evidence YAML: 12.5, true, 2025-07-23

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "name"], name="one_value")]


class NotApplicable(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="not_applicable"
    )
    code = models.CharField(max_length=50)
    reason = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "code"], name="one_na")]


class Claim(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="claims")
    code = models.CharField(max_length=50)
    points = models.CharField(max_length=50)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "code"], name="one_claim")]


class EvidenceDocument(models.Model):
    """A document (tài liệu kiểm chứng); its file is stored by content hash and never deleted."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="documents")
    doc_id = models.CharField("mã tài liệu", max_length=100)
    title = models.CharField("trích yếu", max_length=500)
    kind = models.CharField("loại", max_length=100, blank=True, default="")
    number = models.CharField("số hiệu", max_length=100, blank=True, default="")
    issued = models.DateField("ngày ban hành", null=True, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=300, blank=True, default="")
    supports = models.JSONField("tiêu chí", default=list)
    sha256 = models.CharField(max_length=64, blank=True, default="")
    file_name = models.CharField(max_length=300, blank=True, default="")
    file_type = models.CharField(max_length=20, blank=True, default="")
    size = models.IntegerField(default=0)
    withdrawn = models.BooleanField("đã rút", default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "doc_id"], name="one_doc_id")]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def from_evidence(cls, assessment: Assessment, doc: Any, user: Any = None) -> EvidenceDocument:
        """A row (without a file) for a document of an evidence file or imported form."""
        return cls(
            assessment=assessment,
            doc_id=doc.id,
            title=doc.title,
            kind=doc.kind or "",
            number=doc.number or "",
            issued=doc.issued,
            issuer=doc.issuer or "",
            supports=list(doc.supports),
            uploaded_by=user,
        )


class SavedScenario(models.Model):
    """A plan saved as a scenario file (``parscore whatif`` gives exactly its promised score)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="scenarios")
    title = models.CharField(max_length=300)
    text = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class AuditEntry(models.Model):
    """Append-only: who changed what, when, old -> new. Rows are never updated or deleted."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    username = models.CharField(max_length=150)
    commune = models.ForeignKey(Commune, null=True, blank=True, on_delete=models.SET_NULL)
    year = models.IntegerField(null=True, blank=True)
    action = models.CharField(max_length=50)
    target = models.CharField(max_length=300, blank=True, default="")
    old = models.TextField(blank=True, default="")
    new = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "nhật ký"
        verbose_name_plural = "nhật ký thay đổi"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("nhật ký chỉ được ghi thêm, không được sửa")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("nhật ký chỉ được ghi thêm, không được xóa")


class LoginFailure(models.Model):
    """A failed login, for throttling (by user name, by address, by known device); while a
    sign-in is being checked, the attempt itself (:mod:`parscore.web.throttle`)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=100, db_index=True)
    # the known device cookie's id for this user (parscore.web.known_device); "" without one
    device = models.CharField(max_length=32, blank=True, default="", db_index=True)


class DeviceKey(models.Model):
    """An account's key for its known browsers' cookies (:mod:`parscore.web.known_device`): made
    at its first sign-in, dropped when its password is set anew (not when Django rehashes it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    key = models.CharField(max_length=64)


class ApiToken(models.Model):
    """A read-only API token (``Authorization: Bearer …``); only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)


# The appraisal workflow's rows live in their own module; imported here so Django finds them.
from .models_appraisal import (  # noqa: E402
    AppraisalYear,
    AppraisedPoint,
    CouncilAssignment,
    CouncilMeeting,
    ExplanationRequest,
    MeetingCommune,
    ProposedAdjustment,
)
from .models_cache import ScoreCache  # noqa: E402
from .models_publication import Publication  # noqa: E402
