"""The province's ranking pages write their columns of points with the pack's places always
(``82,60``, ``10,00``), as official ranking tables do; the stat above the table stays trimmed."""

from __future__ import annotations

import re

import pytest

from parscore.web.models import Assessment
from parscore.web.packs import loaded_pack

from .conftest import login

CELL = re.compile(r'<td class="num[^"]*">(.*?)</td>', re.S)
TAG = re.compile(r"<[^>]*>")


def _year() -> tuple[str, int, int]:
    """A province and year of the demo, and its pack's places."""
    a = Assessment.objects.select_related("commune__province", "pack").order_by("-year").first()
    assert a is not None
    places = loaded_pack(a.pack).model.pack.rounding.places
    return a.commune.province.slug, a.year, places


def _columns(table: str, wanted: slice) -> list[str]:
    """The text of the number cells ``wanted`` of each body row (by their place among the row's
    number cells): the columns of points, not the rank, share or count beside them."""
    body = table.split("<tbody>")[1].split("</tbody>")[0]
    rows = [r for r in body.split("<tr")[1:] if 'class="group"' not in r]
    return [TAG.sub("", c).strip() for r in rows for c in CELL.findall(r)[wanted]]


def _fixed(text: str, places: int) -> bool:
    number = r"\d{1,3}(?:\.\d{3})*" + (rf",\d{{{places}}}" if places else "")
    return re.fullmatch(rf"[+−]?{number}", text) is not None


@pytest.mark.django_db
def test_the_province_ranking_writes_points_with_the_places() -> None:
    slug, year, places = _year()
    page = login("province").get(f"/tinh/{slug}/{year}/").content.decode()
    table = page.split('<table class="grid ranking">')[1].split("</table>")[0]
    values = []
    for cell in _columns(table, slice(1, None)):  # all but the rank
        # a change reads "+1,50 · ↑2" (or "mới"), bonus and penalty "+1,00 / −0,50"
        values += [v.lstrip("+−") for v in re.split(r" · | / ", cell)]
    values = [v for v in values if v not in ("mới", "—") and not v.startswith(("↑", "↓", "="))]
    assert len(values) > 10
    assert all(_fixed(v, places) for v in values), [v for v in values if not _fixed(v, places)]
    foot = table.split("<tfoot>")[1]
    averages = [TAG.sub("", c) for c in re.findall(r'<th class="num">(.*?)</th>', foot)]
    assert averages and all(_fixed(a, places) for a in averages), averages


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["linh-vuc", "tieu-chi"])
def test_field_and_criterion_rankings_write_points_with_the_places(kind: str) -> None:
    slug, year, places = _year()
    page = login("province").get(f"/tinh/{slug}/{year}/xep-hang-{kind}/").content.decode()
    overview = page.split('<table class="grid overview">')[1].split("</table>")[0]
    ranking = page.split('<table class="grid ranking">')[1].split("</table>")[0]
    values = _columns(overview, slice(0, 2)) + _columns(
        ranking, slice(1, 2)
    )  # max, average; points
    values = [v for v in values if v not in ("Không áp dụng", "—")]
    assert len(values) > 10
    assert all(_fixed(v, places) for v in values), [v for v in values if not _fixed(v, places)]
