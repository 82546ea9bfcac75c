"""The publication history of a province's year: every publication (công bố) and withdrawal
(thu hồi công bố), who did it, when and why. Rows are only added, never changed; the year's
current state is :attr:`AppraisalYear.published`, which :mod:`parscore.web.workflow` keeps in
step with the last row."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from .models_appraisal import AppraisalYear

__all__ = ["Publication"]


class Publication(models.Model):
    PUBLISH = "publish"
    WITHDRAW = "withdraw"
    ACTIONS = [(PUBLISH, "Công bố"), (WITHDRAW, "Thu hồi công bố")]

    year = models.ForeignKey(AppraisalYear, on_delete=models.PROTECT, related_name="publications")
    action = models.CharField("thao tác", max_length=20, choices=ACTIONS)
    at = models.DateTimeField("lúc", default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    username = models.CharField("người thực hiện", max_length=150)
    reason = models.TextField("lý do", blank=True, default="")

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "lần công bố, thu hồi"
        verbose_name_plural = "lịch sử công bố"

    def __str__(self) -> str:
        return f"{self.year} {self.get_action_display()} {self.at:%d/%m/%Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("lịch sử công bố chỉ được ghi thêm, không được sửa")
        super().save(*args, **kwargs)
