"""The leaders' year-end view: on the commune page, each year's total at every stage against its
goal, equal to the engine's stage totals (``parscore.stages``) for demo communes at every state."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parscore.numbers import vi_number
from parscore.scoring import score
from parscore.web.evidence import load_assessment
from parscore.web.models import Assessment
from parscore.web.standing import year_standing

from .conftest import login

# demo commune -> (year, stages the demo leaves it with)
DEMO = {
    "dan-tien": (2025, ["computed", "self"]),
    "tong-hop-0001": (2025, ["computed", "self"]),
    "tong-hop-0002": (2025, ["computed", "self", "round_1"]),
    "tong-hop-0003": (2025, ["computed", "self", "round_1"]),
    "tong-hop-0004": (2025, ["computed", "self", "round_1", "round_2"]),
    "tong-hop-0005": (2025, ["computed", "self", "round_1", "round_2"]),
    "ha-chau": (2023, ["computed", "self", "round_1", "round_2"]),
}


def _section(page: str, year: int) -> str:
    return page.split(f'id="ket-qua-{year}"')[1].split("</section>")[0]


@pytest.mark.django_db
@pytest.mark.parametrize("slug", list(DEMO))
def test_the_panel_gives_the_engines_stage_totals(slug: str) -> None:
    year, keys = DEMO[slug]
    assessment = Assessment.objects.get(commune__slug=slug, year=year)
    evidence, pack = load_assessment(assessment)
    result = score(pack, evidence)  # stages by parscore.stages, as the report and the API
    expected = {"computed": result.total, **result.stages}
    assert list(expected) == keys

    response = login("province").get(f"/xa/{slug}/")
    assert response.status_code == 200
    (shown,) = [y["standing"] for y in response.context["years"] if y["a"].year == year]
    assert [s.key for s in shown.stages] == keys
    for s in shown.stages:
        total = expected[s.key]
        assert s.total.score == total.score and s.total.band == total.band
        assert s.total.goal == total.goal is not None
        assert s.official == (s.key == result.official_stage)
        if total.goal_met:
            above = total.score - total.goal
            assert s.gap == "" and s.ahead == (vi_number(above) if above else "")
        else:
            assert Decimal(s.gap.replace(",", ".")) == total.goal - total.score

    page = response.content.decode()
    section = _section(page, year)
    for s in shown.stages:
        row = section.split(f'data-stage="{s.key}"')[1].split("</tr>")[0]
        assert f'<td class="num">{vi_number(expected[s.key].score)}</td>' in row
        assert "." not in vi_number(expected[s.key].score)  # decimal comma
        if s.key == "computed":  # named as the report's stage tables name it
            assert "<td>Tính từ số liệu của xã</td>" in row
        if not expected[s.key].goal_met:
            assert f"còn thiếu {s.gap}" in row


@pytest.mark.django_db
def test_official_words_follow_the_state() -> None:
    final = _section(login("province").get("/xa/tong-hop-0005/").content.decode(), 2025)
    assert "Hội đồng thẩm định vòng 2 <b>(chính thức)</b>" in final
    assert "điểm chính thức" in final
    running = _section(login("province").get("/xa/tong-hop-0003/").content.decode(), 2025)
    assert "(mới nhất)" in running and "(chính thức)" not in running
    assert "thẩm định chưa chốt" in running
    draft = _section(login("leader").get("/xa/dan-tien/").content.decode(), 2025)
    assert "chưa có điểm thẩm định" in draft and "(chính thức)" not in draft


@pytest.mark.django_db
def test_goal_and_gap_follow_the_years_goal() -> None:
    assessment = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    assessment.goal = Decimal("80")
    assessment.save(update_fields=["goal"])
    standing = year_standing(assessment)
    computed = standing.stages[0]
    assert computed.goal == "80" and computed.met
    assert computed.ahead == vi_number(computed.total.score - 80)
    page = _section(login("leader").get("/xa/dan-tien/").content.decode(), 2025)
    assert f"Đạt mục tiêu, vượt {computed.ahead} điểm" in page


@pytest.mark.django_db
def test_the_panel_is_for_those_who_see_the_commune() -> None:
    for role in ("leader", "province", "staff", "auditor", "council"):
        page = login(role).get("/xa/dan-tien/").content.decode()
        assert 'id="ket-qua-2025"' in page, role
    assert login("other_staff").get("/xa/dan-tien/").status_code == 403
    assert login("outsider").get("/xa/dan-tien/").status_code == 403


@pytest.mark.django_db
def test_the_communes_report_carries_the_stages_against_the_goal() -> None:
    standing = year_standing(Assessment.objects.get(commune__slug="tong-hop-0005", year=2025))
    report = login("province").get("/xa/tong-hop-0005/2025/bao-cao.html").content.decode()
    row = report.split(f"So với mục tiêu {standing.goal}</th>")[1].split("</tr>")[0]
    for s in standing.stages:
        cell = row.split(f'data-goal="{s.key}">')[1].split("</td>")[0]
        assert cell == ("đạt" if s.met else f"còn thiếu {s.gap}")


@pytest.mark.django_db
def test_without_a_goal_the_panel_says_so() -> None:
    from dataclasses import replace

    from parscore.web.standing import stage_standing

    assessment = Assessment.objects.get(commune__slug="tong-hop-0005", year=2025)
    _, pack = load_assessment(assessment)
    totals = year_standing(assessment).totals
    unset = {"goal": None, "gap": None, "goal_met": None}
    bare = replace(
        totals,
        total=replace(totals.total, **unset),
        stages={k: replace(t, **unset) for k, t in totals.stages.items()},
    )
    for s in stage_standing(bare, pack):
        assert (s.goal, s.gap, s.ahead, s.met, s.goal_mark) == ("—", "", "", None, "")
        assert s.score == vi_number(s.total.score)


@pytest.mark.django_db
def test_the_commune_page_reads_the_cached_totals_until_the_year_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from parscore.web import score_cache
    from parscore.web.models import MetricValue

    client = login("leader")
    client.get("/xa/dan-tien/")  # fills the cache
    calls: list[int] = []
    real = score_cache._recomputed

    def counted(years: list[Assessment]) -> object:
        calls.extend(a.pk for a in years)
        return real(years)

    monkeypatch.setattr(score_cache, "_recomputed", counted)
    assert client.get("/xa/dan-tien/").status_code == 200
    assert calls == []  # every year from the cache
    year = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    row = MetricValue.objects.filter(assessment=year).first()
    assert row is not None
    row.save()  # even a write that changes nothing
    page = client.get("/xa/dan-tien/").content.decode()
    assert calls == [year.pk]  # only the changed year is scored again
    standing = year_standing(Assessment.objects.select_related("pack").get(pk=year.pk))
    assert standing.totals == score_cache.fresh_totals(year)
    assert standing.official.score in _section(page, 2025)
