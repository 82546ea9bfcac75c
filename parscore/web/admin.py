"""The admin site: accounts, roles, communes; the audit log is read-only there too."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    AppraisalYear,
    Assessment,
    AuditEntry,
    Commune,
    CouncilAssignment,
    Membership,
    PackVersion,
    Province,
    Publication,
)
from .throttle import ThrottledAdminAuthenticationForm

admin.site.site_header = "parscore – quản trị"
admin.site.login_form = ThrottledAdminAuthenticationForm  # not a way around the sign-in lock
admin.site.site_title = "parscore"

admin.site.register(Province)
admin.site.register(Commune)
admin.site.register(Membership)
admin.site.register(Assessment)
admin.site.register(CouncilAssignment)  # which council member appraises which commune


class PublicationInline(admin.TabularInline):
    """The year's publications and withdrawals, read-only (made on the province page)."""

    model = Publication
    extra = 0
    can_delete = False
    fields = readonly_fields = ("action", "at", "username", "reason")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AppraisalYear)
class AppraisalYearAdmin(admin.ModelAdmin):
    """Deadlines are set here; publishing and withdrawing are done on the province page (they
    check and log)."""

    list_display = ("province", "year", "self_deadline", "round_1_deadline", "published")
    readonly_fields = ("published", "published_at", "published_by")
    inlines = [PublicationInline]


@admin.register(PackVersion)
class PackVersionAdmin(admin.ModelAdmin):
    list_display = ("pack_id", "revision", "year", "sha256")
    readonly_fields = ("pack_id", "revision", "year", "sha256", "title", "text")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "commune", "year", "action", "target", "old", "new")
    list_filter = ("action",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
