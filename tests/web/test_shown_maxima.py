"""A maximum a page shows beside points is rounded by the pack's rule as the points are.

The demo's 2025 pack reported with one decimal place: its field 1 (13,75 points) reads 13,8 and
its criterion 1.2 (3,75) reads 3,8 wherever points are shown, as a criterion worth 0,90625 reads
0,91 under Lâm Đồng's pack (not "0,91 / 0,90625", points above their maximum)."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from parscore.web.models import Assessment
from parscore.web.packs import freeze_pack

from ..conftest import ROOT
from .conftest import login

YEAR = "/xa/dan-tien/2025/"


def _repack(tmp_path: Path, rounding: str) -> None:
    """Every 2025 year of the demo province under the 2025 pack with ``rounding``."""
    text = (ROOT / "rules" / "2025.yaml").read_text(encoding="utf-8")
    changed = text.replace("rounding: { places: 2, mode: half_up }", rounding)
    assert changed != text
    path = tmp_path / "2025.yaml"
    path.write_text(changed, encoding="utf-8")
    version = freeze_pack(path)
    for a in Assessment.objects.filter(year=2025, commune__province__slug="thai-nguyen"):
        a.pack = version
        a.save(update_fields=["pack"])


@pytest.fixture
def one_place(tmp_path: Path) -> None:
    """Every 2025 year of the demo province under the 2025 pack with one decimal place."""
    _repack(tmp_path, "rounding: { places: 1 }")


@pytest.fixture
def one_place_down(tmp_path: Path) -> None:
    """The same, rounding down: 13,75 reads 13,7 (Excel's own display would show 13,8)."""
    _repack(tmp_path, "rounding: { places: 1, mode: down }")


@pytest.mark.django_db
@pytest.mark.usefixtures("one_place")
def test_the_years_page_heads_fields_and_criteria_with_rounded_maxima() -> None:
    page = login("staff").get(YEAR).content.decode()
    assert re.search(r"1\. [^<]*<small>tối đa 13,8 điểm</small></h2>", page)
    assert "13,75" not in page
    # the score panel: points and applicable maximum alike
    [shown] = re.findall(r"<th>Điểm đạt / điểm áp dụng</th><td>([^<]*)</td>", page)
    assert re.fullmatch(r"\d+(,\d)? / \d+(,\d)?", shown)


@pytest.mark.django_db
@pytest.mark.usefixtures("one_place")
def test_the_councils_round_shows_rounded_maxima() -> None:
    a = Assessment.objects.get(commune__slug="dan-tien", year=2025)
    a.status = Assessment.ROUND_1
    a.save(update_fields=["status"])
    page = login("council").get(YEAR + "tham-dinh/").content.decode()
    row = re.search(r'<tr id="tc-1-2".*?</tr>', page, re.S)
    assert row is not None and '<td class="num" data-label="Tối đa">3,8</td>' in row.group(0)
    assert 'data-label="Tối đa">3,75<' not in page


@pytest.mark.django_db
@pytest.mark.usefixtures("one_place")
def test_rankings_and_the_province_page_show_rounded_maxima() -> None:
    client = login("province")
    page = client.get("/tinh/thai-nguyen/2025/xep-hang-linh-vuc/?ma=1").content.decode()
    assert "<small>tối đa 13,8 điểm</small>" in page
    assert re.search(r'\?ma=1#bang">1</a></td><td[^>]*>[^<]*</td><td class="num">13,8</td>', page)
    assert "13,75" not in page
    page = client.get("/tinh/thai-nguyen/2025/xep-hang-tieu-chi/?ma=1.2").content.decode()
    assert "<small>tối đa 3,8 điểm</small>" in page and ">3,75<" not in page
    page = client.get("/tinh/thai-nguyen/2025/").content.decode()
    assert "(tối đa 13,8)" in page and "13,75" not in page


@pytest.mark.django_db
@pytest.mark.usefixtures("one_place")
def test_the_reconciliation_shows_rounded_maxima() -> None:
    page = login("auditor").get(YEAR + "doi-soat/").content.decode()
    row = re.search(r'<tr id="c-1\.2".*?</tr>', page, re.S)
    assert row is not None and '<td class="num">3,8</td>' in row.group(0)


@pytest.mark.django_db
@pytest.mark.usefixtures("one_place_down")
def test_the_rankings_csv_carries_the_maximum_rounded_by_the_packs_rule() -> None:
    client = login("province")
    data = client.get("/tinh/thai-nguyen/2025/xep-hang-linh-vuc.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    at = rows[0].index("Điểm tối đa")
    assert {r[at] for r in rows[1:] if r[1] == "1"} == {"13.7"}
    assert "13.75" not in data
    data = client.get("/tinh/thai-nguyen/2025/xep-hang-tieu-chi.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    assert {r[at + 1] for r in rows[1:] if r[2] == "1.2"} == {"3.7"}


@pytest.mark.django_db
@pytest.mark.usefixtures("one_place_down")
def test_the_rankings_workbook_stores_maxima_and_averages_rounded_by_the_packs_rule() -> None:
    content = login("province").get("/tinh/thai-nguyen/2025/xep-hang-linh-vuc.xlsx").content
    book = load_workbook(io.BytesIO(content))
    sheet = book["Xếp hạng lĩnh vực"]
    headers = [c.value for c in sheet[1]]
    maxima = {
        r[headers.index("Điểm tối đa")] for r in sheet.iter_rows(2, values_only=True) if r[1] == "1"
    }
    assert maxima == {13.7}
    overview = book["Tổng hợp"]
    assert [c.value for c in overview[3]][2:4] == ["Điểm tối đa", "Điểm trung bình"]
    rows = {r[0]: r for r in overview.iter_rows(4, values_only=True)}
    assert rows["1"][2] == 13.7 and overview["C4"].number_format == "0.0"
    averages = [r[3] for r in rows.values() if r[3] is not None]
    assert averages and all(
        Decimal(str(a)) == Decimal(str(a)).quantize(Decimal("0.1")) for a in averages
    )
