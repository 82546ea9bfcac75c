"""Every view x every role: access is decided on the server (another commune's page is 403)."""

from __future__ import annotations

from typing import Any

import pytest

from parscore.web.models import Assessment, EvidenceDocument

from .conftest import login

ROLES = [
    "staff",
    "leader",
    "other_staff",
    "province",
    "auditor",
    "council",
    "other_council",
    "admin",
    "outsider",
    None,
]
VIEWERS = {"staff", "leader", "province", "auditor", "council", "admin"}
EDITORS = {"staff", "leader", "admin"}
YEAR = "/xa/dan-tien/2025/"


def _doc_pk() -> int:
    a = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    return EvidenceDocument.objects.filter(assessment=a).first().pk  # type: ignore[union-attr]


# name, method, url (or a function giving it), roles allowed, status when allowed
VIEWS: list[tuple[str, str, Any, set[str], int]] = [
    ("home", "get", "/", set(ROLES) - {None}, 200),
    ("commune", "get", "/xa/dan-tien/", VIEWERS, 200),
    ("assessment", "get", YEAR, VIEWERS, 200),
    ("assessment_strict", "get", YEAR + "?tham-dinh=1", VIEWERS, 200),
    ("preview", "post", YEAR + "xem-truoc/", VIEWERS, 200),
    ("plan", "get", YEAR + "ke-hoach/", VIEWERS, 200),
    ("scenario", "get", YEAR + "ke-hoach/kich-ban.yaml", VIEWERS, 200),
    ("save_plan", "post", YEAR + "ke-hoach/luu/", EDITORS, 302),
    ("report_html", "get", YEAR + "bao-cao.html", VIEWERS, 200),
    ("report_md", "get", YEAR + "bao-cao.md", VIEWERS, 200),
    ("excel", "get", YEAR + "bieu-mau.xlsx", VIEWERS, 200),
    ("save", "post", YEAR + "luu/", EDITORS, 302),
    ("upload", "post", YEAR + "tai-lieu/", EDITORS, 422),  # empty: the form again, with why
    ("withdraw", "post", lambda: f"{YEAR}tai-lieu/{_doc_pk()}/rut/", EDITORS, 302),
    ("import", "post", YEAR + "nhap/", EDITORS, 302),
    ("import_apply", "post", YEAR + "nhap/ap-dung/", EDITORS, 302),
    ("submit", "post", YEAR + "nop/", {"leader", "admin"}, 302),
    ("reopen", "post", YEAR + "mo-lai/", {"province", "admin"}, 302),
    ("open_year", "post", "/xa/dan-tien/mo-nam/", {"province", "admin"}, 302),
    ("audit", "get", "/nhat-ky/", {"leader", "province", "auditor", "admin"}, 200),
    ("province", "get", "/tinh/thai-nguyen/", {"province", "auditor", "admin"}, 200),
    (
        "province_csv",
        "get",
        "/tinh/thai-nguyen/2025/xep-hang.csv",
        {"province", "auditor", "admin"},
        200,
    ),
    ("appraisal", "get", YEAR + "tham-dinh/", VIEWERS, 200),
    # Dân Tiến is self-assessing, no round open: the page again, with the refusal
    ("appraisal_save", "post", YEAR + "tham-dinh/luu/", {"council", "admin"}, 409),
    ("explain", "get", YEAR + "giai-trinh/", VIEWERS, 200),
    ("minutes", "get", YEAR + "bien-ban.docx", VIEWERS, 200),
    ("migrate_pack", "get", "/tinh/thai-nguyen/2025/doi-goi/", {"province", "admin"}, 200),
    ("deadlines", "post", "/tinh/thai-nguyen/2025/han/", {"province", "admin"}, 302),
    ("publish", "post", "/tinh/thai-nguyen/2025/cong-bo/", {"province", "admin"}, 302),
    ("withdraw_year", "post", "/tinh/thai-nguyen/2023/thu-hoi/", {"province", "admin"}, 302),
    (
        "rankings_field",
        "get",
        "/tinh/thai-nguyen/2025/xep-hang-linh-vuc/",
        {"province", "auditor", "admin"},
        200,
    ),
    (
        "rankings_criterion_xlsx",
        "get",
        "/tinh/thai-nguyen/2025/xep-hang-tieu-chi.xlsx",
        {"province", "auditor", "admin"},
        200,
    ),
    ("api_ranking", "get", "/api/v1/years/2023/ranking", {"province", "auditor", "admin"}, 200),
    ("api_communes", "get", "/api/v1/communes/", set(ROLES) - {None}, 200),
    ("api_result", "get", "/api/v1/communes/dan-tien/2025/result", VIEWERS, 200),
]


@pytest.mark.django_db
@pytest.mark.parametrize("view", VIEWS, ids=[v[0] for v in VIEWS])
def test_view_by_role(view: tuple[str, str, Any, set[str], int]) -> None:
    name, method, url, allowed, ok = view
    for role in ROLES:
        client = login(role)
        target = url() if callable(url) else url
        response = getattr(client, method)(target)
        if role in allowed:
            assert response.status_code == ok, (name, role, response.status_code)
        elif role is None:
            expected = 401 if name.startswith("api") else 302
            assert response.status_code == expected, (name, role)
            if expected == 302:
                assert response["Location"].startswith("/dang-nhap/")
        else:
            assert response.status_code == 403, (name, role, response.status_code)
            assert b"dan-tien" not in response.content or name == "home"


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
