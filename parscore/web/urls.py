"""URLs (Vietnamese paths for pages, English for the API)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.staticfiles.views import serve as serve_static
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, re_path, register_converter
from django.urls.converters import IntConverter

from .views import (
    api,
    appraisal,
    assessment,
    auditing,
    auth,
    communes,
    council,
    documents,
    guide,
    locks,
    migration,
    planning,
    province,
    reports,
    results,
)


class YearConverter(IntConverter):
    """A year in an address: four digits (a longer number is no year: not found, never passed
    on to the database or to a date)."""

    regex = "[0-9]{4}"


class IdConverter(IntConverter):
    """A row's id in an address: at most 18 digits (below 2^63, what every database holds; a
    longer number is not found instead of overflowing the database's integer)."""

    regex = "[0-9]{1,18}"


register_converter(YearConverter, "year")
register_converter(IdConverter, "id")

YEAR = "xa/<slug:slug>/<year:year>/"

web_patterns = [
    path("", communes.home, name="home"),
    path("dang-nhap/", auth.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("huong-dan/", guide.help_page, name="help"),
    path("nhat-ky/", auth.audit_log, name="audit"),
    path("tai-khoan/bi-khoa/", locks.locked_sign_ins, name="locks"),
    path("tai-khoan/bi-khoa/mo-khoa/", locks.unlock, name="unlock"),
    path("xa/<slug:slug>/", communes.commune_page, name="commune"),
    path("xa/<slug:slug>/mo-nam/", communes.open_year, name="open_year"),
    path(YEAR, assessment.assessment_page, name="assessment"),
    path(YEAR + "luu/", assessment.save, name="save"),
    path(YEAR + "xem-truoc/", assessment.preview, name="preview"),
    path(YEAR + "nop/", assessment.submit, name="submit"),
    path(YEAR + "mo-lai/", assessment.reopen, name="reopen"),
    path(YEAR + "rut-lai/", assessment.withdraw_submission, name="withdraw_submission"),
    path(YEAR + "tai-lieu/", documents.upload, name="upload"),
    path(YEAR + "tai-lieu/<id:pk>/rut/", documents.withdraw, name="withdraw"),
    path(YEAR + "tai-lieu/<id:pk>/tep/", documents.download, name="document"),
    path(YEAR + "tai-lieu/<id:pk>/xem/", documents.view, name="document_view"),
    path(YEAR + "ke-hoach/", planning.plan_page, name="plan"),
    path(YEAR + "ke-hoach/kich-ban.yaml", planning.scenario_download, name="scenario"),
    path(YEAR + "ke-hoach/luu/", planning.save_plan, name="save_plan"),
    path(YEAR + "ke-hoach/<id:pk>.yaml", planning.saved_download, name="saved_plan"),
    path(YEAR + "bao-cao.<str:fmt>", reports.report, name="report"),
    path(YEAR + "tham-dinh/", appraisal.appraisal_page, name="appraisal"),
    path(YEAR + "tham-dinh/luu/", appraisal.appraisal_save, name="appraisal_save"),
    path(YEAR + "thuong-tru/", appraisal.adjustment, name="adjustment"),
    path(YEAR + "tham-dinh/<str:action>/", appraisal.appraisal_move, name="appraisal_move"),
    path(YEAR + "giai-trinh/", appraisal.explain_page, name="explain"),
    path(YEAR + "bien-ban.<str:fmt>", appraisal.minutes, name="minutes"),
    path(YEAR + "bieu-mau.xlsx", reports.excel_form, name="excel"),
    path(YEAR + "nhap/", reports.import_preview, name="import"),
    path(YEAR + "nhap/ap-dung/", reports.import_apply, name="import_apply"),
    path("tinh/<slug:slug>/", province.ranking, name="province"),
    path("tinh/<slug:slug>/<year:year>/", province.ranking, name="province_year"),
    path(
        "tinh/<slug:slug>/<year:year>/xep-hang.<str:fmt>",
        province.ranking_export,
        name="province_export",
    ),
    path("tinh/<slug:slug>/<year:year>/cong-bo/", province.publish_year, name="publish"),
    path("tinh/<slug:slug>/<year:year>/han/", province.set_deadlines, name="deadlines"),
    path("tinh/<slug:slug>/<year:year>/doi-goi/", migration.migrate_pack, name="migrate_pack"),
    # council assignments and meetings (issue 14)
    path("tinh/<slug:slug>/phan-cong/", council.assignments, name="assignments"),
    path(YEAR + "hop-tham-dinh/", council.meeting_page, name="meeting"),
    path(YEAR + "minh-chung.yaml", council.evidence_yaml, name="evidence_yaml"),
    # auditor views: pack comparison with drift, reconciliation (over-claims), a commune's trail
    path("tinh/<slug:slug>/so-sanh-goi/", auditing.compare_packs, name="compare_packs"),
    path("tinh/<slug:slug>/so-sanh-goi.<str:fmt>", auditing.compare_export, name="compare_export"),
    path(
        "tinh/<slug:slug>/so-sanh-goi-tieu-chi.<str:fmt>",
        auditing.compare_criteria_export,
        name="compare_criteria_export",
    ),
    path(
        "tinh/<slug:slug>/so-sanh-goi-nhieu-nhat.<str:fmt>",
        auditing.compare_movers_export,
        name="compare_movers_export",
    ),
    path("tinh/<slug:slug>/<year:year>/doi-soat/", auditing.reconciliation, name="reconciliation"),
    path(
        "tinh/<slug:slug>/<year:year>/doi-soat.<str:fmt>",
        auditing.reconciliation_export,
        name="reconciliation_export",
    ),
    path(YEAR + "doi-soat/", auditing.commune_reconciliation, name="commune_reconciliation"),
    path("xa/<slug:slug>/nhat-ky/", auditing.trail, name="trail"),
    # official results: field and criterion rankings, withdrawing a publication
    path("tinh/<slug:slug>/<year:year>/thu-hoi/", results.withdraw_year, name="withdraw_year"),
    path(
        "tinh/<slug:slug>/<year:year>/xep-hang-<str:kind>/", results.rankings_page, name="rankings"
    ),
    path(
        "tinh/<slug:slug>/<year:year>/xep-hang-<str:kind>.<str:fmt>",
        results.rankings_export,
        name="rankings_export",
    ),
    path("api/v1/communes/", api.communes, name="api_communes"),
    path("api/v1/years/<year:year>/ranking", api.year_ranking, name="api_ranking"),
    path("api/v1/communes/<slug:slug>/<year:year>/result", api.result, name="api_result"),
]


def static(request: HttpRequest, path: str) -> HttpResponse:
    """The app's own CSS and JavaScript (and the admin's), served by the app itself."""
    response: HttpResponse = serve_static(request, path, insecure=True)
    response["Cache-Control"] = "max-age=3600"
    return response


handler403 = "parscore.web.views.denied.permission_denied"  # a refused change is logged
handler500 = "parscore.web.unavailable.server_error"  # Vietnamese; a database down is a 503
handler404 = "parscore.web.views.errors.page_not_found"  # the view's reason, in Vietnamese

urlpatterns = [
    re_path(r"^static/(?P<path>.+)$", static),
    path("quan-tri/", admin.site.urls),
    path("", include((web_patterns, "web"), namespace="web")),
]
