"""Every view x every role: access is decided on the server (another commune's page is 403).

:data:`VIEWS` names every address of the app (``test_every_address_is_in_the_table`` walks the
URL conf: a new address without a row fails), and :func:`test_view_by_role` opens each one as
every role: the commune's own people, another commune's staff, the province, another province's
officer, an auditor, council members assigned, assigned to some fields only, or assigned
nowhere (never assigned, or taken off), an administrator, a user without a role, and anonymous.
A refused request (403, or a form the workflow refuses) changes nothing.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from parscore.web.files import store
from parscore.web.models import Assessment, AuditEntry, EvidenceDocument, SavedScenario

from .conftest import login

ROLES = [
    "staff",
    "leader",
    "other_staff",
    "province",
    "other_province",
    "auditor",
    "council",
    "field_council",
    "other_council",
    "admin",
    "outsider",
    None,
]
VIEWERS = {"staff", "leader", "province", "auditor", "council", "field_council", "admin"}
EDITORS = {"staff", "leader", "admin"}
PROVINCE_VIEWERS = {"province", "auditor", "admin"}
PROVINCE_OFFICERS = {"province", "admin"}
YEAR = "/xa/dan-tien/2025/"
SUBMITTED = "/xa/tong-hop-0001/2025/"  # the demo leaves it submitted: the council may start
PDF = b"%PDF-1.4\n% parscore permissions\n%%EOF\n"


def _doc_pk() -> int:
    a = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    return EvidenceDocument.objects.filter(assessment=a).first().pk  # type: ignore[union-attr]


def _file_pk() -> int:
    """A document of Dân Tiến 2025 with a stored PDF (the demo's documents have no file)."""
    sha = hashlib.sha256(PDF).hexdigest()
    a = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    doc = EvidenceDocument.objects.filter(assessment=a, sha256=sha).first()
    if doc is None:
        store([PDF])
        doc = EvidenceDocument.objects.create(
            assessment=a, doc_id="quyen-xem", title="Tệp thử quyền", supports=["3.1.6"],
            sha256=sha, file_name="quyen.pdf", file_type="pdf", size=len(PDF),
        )  # fmt: skip
    return doc.pk


def _plan_pk() -> int:
    a = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    saved = a.scenarios.first() or SavedScenario.objects.create(
        assessment=a, title="Kịch bản thử quyền", text="title: thử\n"
    )
    return saved.pk


# name, method, url (or a function giving it), roles allowed, status when allowed
VIEWS: list[tuple[str, str, Any, set[str], int]] = [
    ("home", "get", "/", set(ROLES) - {None}, 200),
    ("commune", "get", "/xa/dan-tien/", VIEWERS, 200),
    ("assessment", "get", YEAR, VIEWERS, 200),
    ("assessment_strict", "get", YEAR + "?tham-dinh=1", VIEWERS, 200),
    ("preview", "post", YEAR + "xem-truoc/", VIEWERS, 200),
    ("plan", "get", YEAR + "ke-hoach/", VIEWERS, 200),
    ("plan_whatif", "post", YEAR + "ke-hoach/", VIEWERS, 200),  # a what-if: nothing saved
    ("scenario", "get", YEAR + "ke-hoach/kich-ban.yaml", VIEWERS, 200),
    ("save_plan", "post", YEAR + "ke-hoach/luu/", EDITORS, 302),
    ("saved_plan", "get", lambda: f"{YEAR}ke-hoach/{_plan_pk()}.yaml", VIEWERS, 200),
    ("report_html", "get", YEAR + "bao-cao.html", VIEWERS, 200),
    ("report_md", "get", YEAR + "bao-cao.md", VIEWERS, 200),
    ("excel", "get", YEAR + "bieu-mau.xlsx", VIEWERS, 200),
    ("save", "post", YEAR + "luu/", EDITORS, 302),
    ("upload", "post", YEAR + "tai-lieu/", EDITORS, 422),  # empty: the form again, with why
    ("document", "get", lambda: f"{YEAR}tai-lieu/{_file_pk()}/tep/", VIEWERS, 200),
    ("document_view", "get", lambda: f"{YEAR}tai-lieu/{_file_pk()}/xem/", VIEWERS, 200),
    ("withdraw", "post", lambda: f"{YEAR}tai-lieu/{_doc_pk()}/rut/", EDITORS, 302),
    ("import", "post", YEAR + "nhap/", EDITORS, 302),
    ("import_apply", "post", YEAR + "nhap/ap-dung/", EDITORS, 302),
    ("submit", "post", YEAR + "nop/", {"leader", "admin"}, 302),
    ("withdraw_submission", "post", YEAR + "rut-lai/", {"leader", "admin"}, 302),
    ("reopen", "post", YEAR + "mo-lai/", PROVINCE_OFFICERS, 302),
    ("open_year", "post", "/xa/dan-tien/mo-nam/", PROVINCE_OFFICERS, 302),
    (
        "audit",
        "get",
        "/nhat-ky/",
        {"leader", "province", "other_province", "auditor", "admin"},
        200,
    ),
    ("trail", "get", "/xa/dan-tien/nhat-ky/", VIEWERS, 200),
    # locked sign-ins and unlocking: whoever manages the accounts (the administrators)
    ("locks", "get", "/tai-khoan/bi-khoa/", {"admin"}, 200),
    ("unlock", "post", "/tai-khoan/bi-khoa/mo-khoa/", {"admin"}, 302),
    ("commune_reconciliation", "get", YEAR + "doi-soat/", VIEWERS, 200),
    ("province", "get", "/tinh/thai-nguyen/", PROVINCE_VIEWERS, 200),
    ("province_year", "get", "/tinh/thai-nguyen/2025/", PROVINCE_VIEWERS, 200),
    ("province_csv", "get", "/tinh/thai-nguyen/2025/xep-hang.csv", PROVINCE_VIEWERS, 200),
    ("appraisal", "get", YEAR + "tham-dinh/", VIEWERS, 200),
    # Dân Tiến is self-assessing, no round open: the page again, with the refusal
    ("appraisal_save", "post", YEAR + "tham-dinh/luu/", {"council", "field_council", "admin"}, 409),
    ("appraisal_move", "post", SUBMITTED + "tham-dinh/start_round_1/", {"council", "admin"}, 302),
    ("adjustment", "post", YEAR + "thuong-tru/", EDITORS | {"council", "field_council"}, 302),
    ("explain", "get", YEAR + "giai-trinh/", VIEWERS, 200),
    ("explain_answers", "post", YEAR + "giai-trinh/", EDITORS, 409),  # no explanation asked
    ("minutes", "get", YEAR + "bien-ban.docx", VIEWERS, 200),
    ("meeting", "get", YEAR + "hop-tham-dinh/", VIEWERS, 200),
    ("meeting_save", "post", YEAR + "hop-tham-dinh/", {"council", "province", "admin"}, 422),
    ("evidence_yaml", "get", YEAR + "minh-chung.yaml", VIEWERS, 200),
    ("assignments", "get", "/tinh/thai-nguyen/phan-cong/", PROVINCE_VIEWERS, 200),
    ("assign", "post", "/tinh/thai-nguyen/phan-cong/", PROVINCE_OFFICERS, 302),
    ("compare_packs", "get", "/tinh/thai-nguyen/so-sanh-goi/", PROVINCE_VIEWERS, 200),
    ("compare_csv", "get", "/tinh/thai-nguyen/so-sanh-goi.csv", PROVINCE_VIEWERS, 200),
    (
        "compare_criteria_csv",
        "get",
        "/tinh/thai-nguyen/so-sanh-goi-tieu-chi.csv",
        PROVINCE_VIEWERS,
        200,
    ),
    (
        "compare_movers_csv",
        "get",
        "/tinh/thai-nguyen/so-sanh-goi-nhieu-nhat.csv",
        PROVINCE_VIEWERS,
        200,
    ),
    ("reconciliation", "get", "/tinh/thai-nguyen/2025/doi-soat/", PROVINCE_VIEWERS, 200),
    ("reconciliation_csv", "get", "/tinh/thai-nguyen/2025/doi-soat.csv", PROVINCE_VIEWERS, 200),
    ("migrate_pack", "get", "/tinh/thai-nguyen/2025/doi-goi/", PROVINCE_OFFICERS, 200),
    ("migrate_pack_post", "post", "/tinh/thai-nguyen/2025/doi-goi/", PROVINCE_OFFICERS, 200),
    ("deadlines", "post", "/tinh/thai-nguyen/2025/han/", PROVINCE_OFFICERS, 302),
    ("publish", "post", "/tinh/thai-nguyen/2025/cong-bo/", PROVINCE_OFFICERS, 302),
    ("withdraw_year", "post", "/tinh/thai-nguyen/2023/thu-hoi/", PROVINCE_OFFICERS, 302),
    ("rankings_field", "get", "/tinh/thai-nguyen/2025/xep-hang-linh-vuc/", PROVINCE_VIEWERS, 200),
    (
        "rankings_criterion_xlsx",
        "get",
        "/tinh/thai-nguyen/2025/xep-hang-tieu-chi.xlsx",
        PROVINCE_VIEWERS,
        200,
    ),
    ("api_ranking", "get", "/api/v1/years/2023/ranking", PROVINCE_VIEWERS, 200),
    ("api_communes", "get", "/api/v1/communes/", set(ROLES) - {None}, 200),
    ("api_result", "get", "/api/v1/communes/dan-tien/2025/result", VIEWERS, 200),
]
# roles outside the allowed ones whose request passes the door but is refused by the workflow
# (a redirect with the reason said): nothing may change either
WORKFLOW_REFUSED = {"appraisal_move": {"province", "auditor"}}
# every role's own page, the way in and out, or the help: not a page of anything one may not see
OPEN_TO_ALL = {"login", "logout", "help"}  # the help page: read signed in or not


def _names(patterns: list[Any], namespace: str = "") -> set[str]:
    found = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace != "admin":  # Django's admin site: its own staff check
                found |= _names(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else "")
        elif isinstance(p, URLPattern) and p.name:
            found.add(f"{namespace}{p.name}")
    return found


@pytest.mark.django_db
def test_every_address_is_in_the_table() -> None:
    """A new address of the app has a row here (who may open it), or this test fails."""
    covered = {"web:" + n for n in OPEN_TO_ALL}
    for _name, _method, url, _allowed, _ok in VIEWS:
        match = resolve((url() if callable(url) else url).split("?")[0])
        covered.add(f"{match.namespace}:{match.url_name}")
    assert _names(get_resolver().url_patterns) - covered == set()


def _changes() -> int:
    """The audit log's entries of changes (a refusal is logged, and is no change)."""
    return AuditEntry.objects.exclude(action="refused").count()


@pytest.mark.django_db
@pytest.mark.parametrize("view", VIEWS, ids=[v[0] for v in VIEWS])
def test_view_by_role(view: tuple[str, str, Any, set[str], int]) -> None:
    name, method, url, allowed, ok = view
    for role in ROLES:
        client = login(role)
        target = url() if callable(url) else url
        before = _changes()
        response = getattr(client, method)(target)
        if role in allowed:
            assert response.status_code == ok, (name, role, response.status_code)
            continue
        assert _changes() == before, (name, role)  # a refused request changes nothing
        if role is None:
            expected = 401 if name.startswith("api") else 302
            assert response.status_code == expected, (name, role)
            if expected == 302:
                assert response["Location"].startswith("/dang-nhap/")
        elif role in WORKFLOW_REFUSED.get(name, ()):
            assert response.status_code == 302, (name, role, response.status_code)
        else:
            assert response.status_code == 403, (name, role, response.status_code)
            assert b"dan-tien" not in response.content or name == "home"


@pytest.mark.django_db
def test_the_way_in_and_out_is_open_to_all() -> None:
    for role in ROLES:
        client = login(role)
        assert client.get("/dang-nhap/").status_code == (200 if role is None else 302)
        assert client.get("/dang-xuat/").status_code == 405  # signing out only by a form
        assert client.post("/dang-xuat/").status_code == 302


@pytest.mark.django_db
def test_other_commune_is_403_for_every_year_page() -> None:
    client = login("staff")
    for url in ["/xa/ha-chau/", "/xa/ha-chau/2023/", "/xa/ha-chau/2023/bao-cao.docx",
                "/xa/ha-chau/2023/bieu-mau.xlsx", "/xa/ha-chau/2023/ke-hoach/"]:  # fmt: skip
        assert client.get(url).status_code == 403, url
    assert client.get("/api/v1/communes/ha-chau/2023/result").status_code == 403


@pytest.mark.django_db
def test_submitted_year_is_read_only_for_staff() -> None:
    assert login("leader").post(YEAR + "nop/").status_code == 302
    assert Assessment.objects.get(commune__slug="dan-tien", year=2025).status == "submitted"
    refused = login("staff").post(YEAR + "luu/", {})  # a page of before: said why, not a 403
    assert refused.status_code == 409
    assert "bản tự đánh giá năm 2025 đã nộp (dantien-lanhdao, lúc" in refused.content.decode()
    assert login("province").post(YEAR + "mo-lai/").status_code == 302
    assert Assessment.objects.get(commune__slug="dan-tien", year=2025).status == "reopened"
    assert login("staff").post(YEAR + "luu/", {}).status_code == 302  # editable again


@pytest.mark.django_db
def test_home_lists_only_visible_communes() -> None:
    page = login("staff").get("/").content.decode()
    assert "Dân Tiến" in page and "Hà Châu" not in page
    page = login("province").get("/").content.decode()
    assert "Dân Tiến" in page and "Hà Châu" in page and "Tổng hợp 0001" in page
    communes = login("other_staff").get("/api/v1/communes/").json()["communes"]
    assert [c["slug"] for c in communes] == ["ha-chau"]


def _other_communes_rows() -> tuple[int, int, int]:
    """A document with a file, a document and a saved plan of Hà Châu 2023."""
    other = Assessment.objects.get(commune__slug="ha-chau", year=2023)
    store([PDF])
    sha = hashlib.sha256(PDF).hexdigest()
    with_file = EvidenceDocument.objects.create(
        assessment=other, doc_id="cua-xa-khac", title="Tài liệu của xã khác", supports=["3.1.6"],
        sha256=sha, file_name="khac.pdf", file_type="pdf", size=len(PDF),
    )  # fmt: skip
    plain = EvidenceDocument.objects.filter(assessment=other).exclude(pk=with_file.pk).first()
    plan = SavedScenario.objects.create(assessment=other, title="Kịch bản xã khác", text="x: 1\n")
    return with_file.pk, (plain or with_file).pk, plan.pk


@pytest.mark.django_db
def test_another_communes_rows_are_not_reached_through_ones_own_address() -> None:
    """An id of another commune's document or plan put into one's own commune's address: not
    found (the row is looked up within the year of the address), and nothing is withdrawn."""
    file_pk, doc_pk, plan_pk = _other_communes_rows()
    client = login("staff")
    for url in (
        f"{YEAR}tai-lieu/{file_pk}/tep/",
        f"{YEAR}tai-lieu/{file_pk}/xem/",
        f"{YEAR}ke-hoach/{plan_pk}.yaml",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"PDF-1.4" not in response.content and b"x: 1" not in response.content
    assert client.post(f"{YEAR}tai-lieu/{doc_pk}/rut/").status_code == 404
    assert not EvidenceDocument.objects.get(pk=doc_pk).withdrawn
    # the other commune's own addresses: refused before anything is looked up
    for url in (
        f"/xa/ha-chau/2023/tai-lieu/{file_pk}/tep/",
        f"/xa/ha-chau/2023/ke-hoach/{plan_pk}.yaml",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/xa/ha-chau/2023/tai-lieu/{doc_pk}/rut/").status_code == 403


@pytest.mark.django_db
def test_a_hidden_id_of_another_province_changes_nothing() -> None:
    """The assignment form's hidden ids (an assignment to remove, a member, communes) name rows
    of the officer's own province only: another province's are not found."""
    from parscore.web.models import Commune, CouncilAssignment, Province

    province = Province.objects.get(slug="tinh-khac")
    commune = Commune.objects.create(province=province, slug="xa-tinh-khac", name="Xã Tỉnh Khác")
    theirs = CouncilAssignment.objects.create(
        user=AuditEntry._meta.get_field("user").related_model.objects.get(username="hoidong"),
        commune=commune,
    )
    client = login("province")
    client.post("/tinh/thai-nguyen/phan-cong/", {"bo": str(theirs.pk)})
    assert CouncilAssignment.objects.filter(pk=theirs.pk).exists()
    client.post(
        "/tinh/thai-nguyen/phan-cong/",
        {"member": "1", "communes": ["xa-tinh-khac"], "scope": "whole"},
    )
    assert not CouncilAssignment.objects.filter(commune=commune).exclude(pk=theirs.pk).exists()
    # and the other province's officer cannot post to this province's form at all
    assert (
        login("other_province")
        .post("/tinh/thai-nguyen/phan-cong/", {"bo": str(theirs.pk)})
        .status_code
        == 403
    )
