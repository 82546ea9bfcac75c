"""The province's other tables write their columns with fixed places, as the ranking does: the
reconciliation's totals and over-claims, the pack comparison's points, changes and fields'
parts (``82,60``, ``+3,20``), and the rankings' shares of the maximum with one decimal
(``64,3%``, ``100,0%``); a commune's own reconciliation page stays trimmed."""

from __future__ import annotations

import re

import pytest

from parscore.web.models import Assessment

from .conftest import login
from .test_fixed_columns import _columns, _fixed, _year


def _table(page: str, opening: str) -> str:
    return page.split(opening)[1].split("</table>")[0]


def _values(cells: list[str]) -> list[str]:
    """The numbers of the cells, signs off; blank and «—» cells (nothing to show) left out."""
    return [c.lstrip("+−") for c in cells if c not in ("", "—")]


@pytest.mark.django_db
def test_the_reconciliation_writes_its_columns_with_the_places() -> None:
    slug, year, places = _year()
    page = login("province").get(f"/tinh/{slug}/{year}/doi-soat/").content.decode()
    table = _table(page, '<table class="grid" id="reconciliation">')
    # self, computed, round 1, round 2, official; then (after the count) the three over-claims
    values = _values(_columns(table, slice(0, 5)) + _columns(table, slice(6, 9)))
    assert len(values) > 10
    assert all(_fixed(v, places) for v in values), [v for v in values if not _fixed(v, places)]
    assert any(v.endswith("0") for v in values)  # a value the trimmed form would shorten


@pytest.mark.django_db
def test_a_communes_own_reconciliation_stays_trimmed() -> None:
    _, year, _ = _year()
    pages = [  # the demo's communes, one of them with a total the places would end in 0
        login("province").get(f"/xa/{a.commune.slug}/{year}/doi-soat/").content.decode()
        for a in Assessment.objects.filter(year=year).select_related("commune")
    ]
    stats = [s for p in pages for s in re.findall(r'<span class="v">([^<]*)</span>', p)]
    numbers = [s for s in stats if re.fullmatch(r"[\d.]+,\d+", s)]
    assert len(numbers) > 5
    assert not any(n.endswith("0") for n in numbers), numbers


@pytest.mark.django_db
def test_the_pack_comparison_writes_its_columns_with_the_places() -> None:
    slug, _, places = _year()
    page = login("province").get(f"/tinh/{slug}/so-sanh-goi/?tu=2024&den=2025").content.decode()
    table = _table(page, '<table class="grid" id="drift">')
    values = _values(_columns(table, slice(None)))  # old, new, change, the fields' parts
    assert len(values) > 10
    assert all(_fixed(v, places) for v in values), [v for v in values if not _fixed(v, places)]
    # a change that rounds to zero is written without a sign, with its places
    zero = "0," + "0" * places if places else "0"
    assert all(not c.startswith(("+", "−")) for c in _columns(table, slice(None)) if c == zero)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["linh-vuc", "tieu-chi"])
def test_the_rankings_write_shares_with_one_decimal(kind: str) -> None:
    slug, year, _ = _year()
    page = login("province").get(f"/tinh/{slug}/{year}/xep-hang-{kind}/").content.decode()
    overview = _table(page, '<table class="grid overview">')
    ranking = _table(page, '<table class="grid ranking">')
    shares = _columns(overview, slice(2, 3)) + _columns(ranking, slice(2, 3))
    shares = [s for s in shares if s != "—"]
    assert len(shares) > 10
    wrong = [s for s in shares if not re.fullmatch(r"\d{1,3},\d%", s)]
    assert not wrong, wrong
    assert any(s.endswith(",0%") for s in shares)  # as 100% or a whole share is written


@pytest.mark.django_db
def test_the_tables_of_criteria_beside_them_write_their_points_with_the_places() -> None:
    """The reconciliation's «Tổng điểm vượt» read 6 under a table of 8,00; the comparison's
    table of the criteria moving the province most read +2,1 beside a table of +3,00."""
    slug, year, places = _year()
    client = login("province")
    page = client.get(f"/tinh/{slug}/{year}/doi-soat/").content.decode()
    over = _table(page, '<th class="num">Tổng điểm vượt</th>')
    comparison = client.get(f"/tinh/{slug}/so-sanh-goi/?tu=2024&den=2025").content.decode()
    movers = _table(comparison, 'id="criteria-movers"')
    values = _values(_columns(over, slice(1, 2)) + _columns(movers, slice(1, 4)))
    assert len(values) > 5
    assert all(_fixed(v, places) for v in values), [v for v in values if not _fixed(v, places)]
