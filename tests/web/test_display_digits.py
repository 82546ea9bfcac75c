"""No page of the demo shows points with more decimals than the pack reports: exact values stay
in the data, the UI rounds them by the pack's rule at the edge (decimal comma).

Checked: the number cells and figures of every page (``class="num"``, ``"big"``). The engine's rule
traces quote metric values and the exact points of a rule as the report does; they are not
checked here."""

from __future__ import annotations

import re

import pytest

from parscore.web.models import Assessment
from parscore.web.packs import loaded_pack

from .conftest import login

# a number with a decimal comma, as the UI writes points (``2,74``; ``1.250,5``)
NUMBER = re.compile(r"(?<![\d,.])\d{1,3}(?:\.\d{3})*,(\d+)(?![\d,])")
TAG = re.compile(r"<[^>]*>")
# a number cell or figure, up to the end of the element
FIGURE = re.compile(
    r'<(td|th|span|div)\b[^>]*class="[^"]*\b(?:num|big)\b[^"]*"[^>]*>(.*?)</\1>', re.S
)


def _digits(page: str) -> list[str]:
    cells = [TAG.sub(" ", m.group(2)) for m in FIGURE.finditer(page)]  # what the reader sees
    return [m.group(0) for cell in cells for m in NUMBER.finditer(cell)]


@pytest.mark.django_db
def test_no_demo_page_shows_more_digits_than_the_pack_reports() -> None:
    years = list(Assessment.objects.select_related("commune__province", "pack"))
    places = max(loaded_pack(a.pack).model.pack.rounding.places for a in years)
    council, province = login("council"), login("province")
    pages = [(province, "/"), (council, "/")]
    for a in years:
        base = f"/xa/{a.commune.slug}/{a.year}/"
        pages += [
            (province, f"/xa/{a.commune.slug}/"),
            (council, base + "tham-dinh/"),
            (council, base + "giai-trinh/"),
            (province, f"/tinh/{a.commune.province.slug}/{a.year}/"),
        ]
    seen = cells = 0
    for client, url in dict.fromkeys(pages):
        response = client.get(url)
        if response.status_code != 200:
            continue
        seen += 1
        numbers = _digits(response.content.decode())
        cells += len(numbers)
        long = [n for n in numbers if len(n.split(",")[-1]) > places]
        assert not long, f"{url}: {long[:5]}"
    assert seen > len(years) and cells > 100  # the pages and their figures were shown
