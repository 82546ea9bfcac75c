"""The pack comparison's downloads: the Excel and CSV files say which packs and data they were
made from, each commune's criteria rows split into points and rescaling, and the sheets print one
A4 page wide; the criteria that moved a commune most read the same in Excel, in the CSV and on
the page."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from parscore.resources import shipped_rules_dir
from parscore.web.models import (
    PackVersion,
)

from ..xlsx_pages import assert_readable, printed
from .conftest import login

COMPARE = "/tinh/thai-nguyen/so-sanh-goi/?tu=2024&den=2025"
PROVINCE_ONLY = {"province", "auditor", "admin"}


@pytest.mark.django_db
def test_the_excel_comparison_says_which_packs_and_data_it_was_made_from() -> None:
    """The downloaded table alone did not say which two packs were compared."""
    data = login("auditor").get("/tinh/thai-nguyen/so-sanh-goi.xlsx?tu=2024&den=2025").content
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == [
        "Điểm theo hai gói",
        "Theo tiêu chí",
        "Toàn tỉnh theo tiêu chí",
        "Thông tin",
    ]
    about = {r[0]: r[1] for r in book["Thông tin"].iter_rows(values_only=True)}
    assert about["Tỉnh"] == "Thái Nguyên"
    assert about["Gói cũ"].startswith("Năm 2024: thai-nguyen/xa/2024 (lần sửa 1")
    assert about["Gói mới"].startswith("Năm 2025: thai-nguyen/xa/2025 (lần sửa 1")
    assert len(about["Gói mới: SHA-256"]) == 64 and about["Số liệu của xã"] == "năm 2025"
    assert "Chênh lệch = điểm theo gói mới − điểm theo gói cũ" in about["Cách đọc"]


@pytest.mark.django_db
def test_the_csv_comparison_of_two_revisions_names_both_packs(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two revisions of one year's pack were saved under one name (the years only), and the CSV
    did not say which packs it compared."""
    rules = shipped_rules_dir()
    assert rules is not None
    text = (rules / "2025.yaml").read_text(encoding="utf-8")
    assert "\n  revision: 1\n" in text
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "2025.yaml").write_text(
        text.replace("\n  revision: 1\n", "\n  revision: 2\n"), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    stored = PackVersion.objects.get(pack_id="thai-nguyen/xa/2025")
    query = f"?tu=v{stored.pk}&den=2025.yaml"
    client = login("auditor")
    response = client.get(f"/tinh/thai-nguyen/so-sanh-goi.csv{query}")
    assert response["Content-Disposition"] == (
        'attachment; filename="so-sanh-goi-thai-nguyen-'
        'thai-nguyen-xa-2025-r1-thai-nguyen-xa-2025-r2.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Xã" and rows[0][-2:] == ["Gói cũ", "Gói mới"]  # one table, header first
    assert rows[1][-2].startswith("thai-nguyen/xa/2025, lần sửa 1, SHA-256 ")
    assert rows[1][-1].startswith("thai-nguyen/xa/2025, lần sửa 2, SHA-256 ")
    excel = client.get(f"/tinh/thai-nguyen/so-sanh-goi.xlsx{query}")
    assert excel["Content-Disposition"].endswith('-r1-thai-nguyen-xa-2025-r2.xlsx"')


def _vi(text: str) -> Decimal:
    """A signed Vietnamese number as the page writes it (``+0,76``, ``−0,5``, ``0``)."""
    return Decimal(text.replace("−", "-").replace("+", "").replace(",", "."))


MOVER = re.compile(
    r"(?P<code>[\d.]+(?: → [\d.]+)?): (?P<delta>[+−]\d+(?:,\d{1,2})?) \((?:do điểm "
    r"(?P<points>[+−]\d+(?:,\d{1,2})?); do quy đổi (?P<rescale>[+−]\d+(?:,\d{1,2})?)"
    r"|chỉ do điểm|chỉ do quy đổi)\)"
)


@pytest.mark.django_db
def test_the_criteria_that_moved_most_read_as_on_the_page() -> None:
    """A text column: Vietnamese decimals with their sign, rounded as the page shows them, each
    criterion's change of the total with its two parts (they add up), or the one part that moved
    it alone; a line each in Excel (the column said the change alone, not why)."""
    client = login("auditor")
    query = "?tu=2023&den=2025"  # Dân Tiến's 4.2.1 → 4.2.3 moved by its points and rescaling
    page = client.get(f"/tinh/thai-nguyen/so-sanh-goi/{query}").content.decode()
    book = load_workbook(
        io.BytesIO(client.get(f"/tinh/thai-nguyen/so-sanh-goi.xlsx{query}").content)
    )
    sheet = book["Điểm theo hai gói"]
    headers = [c.value for c in sheet[1]]
    column = headers.index("Tiêu chí thay đổi nhiều nhất") + 1
    names = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    lines = sheet.cell(names["Dân Tiến"], column).value.split("\n")
    assert len(lines) == 3
    both = 0
    for line in lines:
        found = MOVER.fullmatch(line)
        assert found, line
        if found["points"]:
            assert _vi(found["points"]) + _vi(found["rescale"]) == _vi(found["delta"]), line
            both += 1
        split = line.split(" (", 1)[1]
        assert f'<span class="moved">{found["code"]}: {found["delta"]}</span> ' in page
        assert f'<span class="split">({split}</span>' in page  # the page's own figures
    assert both
    csv_text = client.get(f"/tinh/thai-nguyen/so-sanh-goi.csv{query}").content.decode()
    assert "; ".join(lines) in csv_text  # one line a row
    about = {r[0]: r[1] for r in book["Thông tin"].iter_rows(values_only=True)}
    assert "«do quy đổi»" in about["Tiêu chí thay đổi nhiều nhất"]


@pytest.mark.django_db
def test_each_communes_detail_splits_its_rows_into_points_and_rescaling() -> None:
    """Each row's change of the total is split into the part due to the criterion's points and
    the part due to the rescaling: the parts add up to the row, and the rows' parts to the
    commune's «do điểm tiêu chí» and «do quy đổi thang điểm»."""
    page = login("auditor").get(COMPARE)
    row = next(r for r in page.context["rows"] if r["commune"].slug == "dan-tien")
    detail = row["detail"]
    for r in detail.rows:
        assert _vi(r.points) + _vi(r.rescale) == _vi(r.delta), r
    assert sum(_vi(r.points) for r in detail.rows) == _vi(detail.points_effect)
    assert sum(_vi(r.rescale) for r in detail.rows) == _vi(detail.rescale_effect)
    rows = {r.code: r for r in detail.rows}
    assert rows["5.1"].points == "0"  # its points did not change: only the rescaling moved it
    text = page.content.decode()
    assert '<th class="num">Do điểm tiêu chí</th><th class="num">Do quy đổi thang điểm</th>' in text


@pytest.mark.django_db
def test_the_criteria_rows_download_with_their_two_parts() -> None:
    """The Excel file's sheet «Theo tiêu chí» and the CSV of the criteria: one row per commune
    and criterion that moved its score, numbers as numbers (decimal commas in the CSV for a
    Vietnamese Excel), the two parts adding up to the row and the rows to the field columns."""
    client = login("auditor")
    data = client.get("/tinh/thai-nguyen/so-sanh-goi.xlsx?tu=2024&den=2025").content
    book = load_workbook(io.BytesIO(data))
    sheet = book["Theo tiêu chí"]
    headers = [c.value for c in sheet[1]]
    assert headers == [
        "Xã",
        "Mã tiêu chí",
        "Tiêu chí",
        "Thay đổi tiêu chí",
        "Điểm theo gói cũ",
        "Điểm theo gói mới",
        "Thay đổi tổng điểm",
        "Do điểm tiêu chí",
        "Do quy đổi thang điểm",
        "Nguyên nhân (thay đổi quy tắc)",
    ]
    rows = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "Dân Tiến"]
    assert rows
    for r in rows:
        assert round(Decimal(str(r[7])) + Decimal(str(r[8])), 2) == round(Decimal(str(r[6])), 2)
    main = book["Điểm theo hai gói"]
    first = [c.value for c in main[1]]
    line = next(r for r in main.iter_rows(min_row=2, values_only=True) if r[0] == "Dân Tiến")
    fields = sum(
        Decimal(str(line[i] or 0)) for i, h in enumerate(first) if str(h).startswith("Lĩnh vực")
    )
    assert round(sum(Decimal(str(r[6])) for r in rows), 2) == round(fields, 2)
    assert ("5.1", 0) in {(r[1], r[7]) for r in rows}
    response = client.get("/tinh/thai-nguyen/so-sanh-goi-tieu-chi.csv?tu=2024&den=2025&excel=vi")
    assert response["Content-Disposition"] == (
        'attachment; filename="so-sanh-goi-tieu-chi-thai-nguyen-'
        'thai-nguyen-xa-2024-r1-thai-nguyen-xa-2025-r1.csv"'
    )
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert table[0] == [*headers, "Gói cũ", "Gói mới"]
    mine = [r for r in table if r[0] == "Dân Tiến"]
    assert len(mine) == len(rows)
    for r in mine:
        delta, points, rescale = (Decimal(v.replace(",", ".")) for v in r[6:9])
        assert points + rescale == delta
    assert any("," in r[6] for r in mine)  # decimals with a comma for a Vietnamese Excel
    page = client.get(COMPARE).content.decode()
    assert "/tinh/thai-nguyen/so-sanh-goi-tieu-chi.csv?tu=" in page


@pytest.mark.django_db
def test_the_criteria_sheet_prints_one_page_wide_with_names_and_causes_whole() -> None:
    """Ten columns at their default widths (names and causes 60 wide, one line each) ran three
    A4 pages across, the names cut at the column's edge."""
    data = login("auditor").get("/tinh/thai-nguyen/so-sanh-goi.xlsx?tu=2024&den=2025").content
    sheet = load_workbook(io.BytesIO(data))["Theo tiêu chí"]
    assert_readable(sheet)
    _scale, pages = printed(sheet)
    assert pages == [list(range(1, 11))]
    long = next(r for r in range(2, sheet.max_row + 1) if len(sheet.cell(r, 3).value) > 80)
    assert sheet.cell(long, 3).alignment.wrap_text and sheet.row_dimensions[long].height
    assert sheet.cell(long, 10).alignment.wrap_text
    assert sheet.row_dimensions[1].height  # the number headers on two lines, shown whole


@pytest.mark.django_db
def test_the_drift_sheet_prints_one_page_wide_with_its_fields_headers_wrapped() -> None:
    """The table's columns at their default widths (every field 14 wide, the movers 60) ran two
    to six A4 pages across: a page of communes' names, then pages of numbers without them."""
    data = login("auditor").get("/tinh/thai-nguyen/so-sanh-goi.xlsx?tu=2024&den=2025").content
    sheet = load_workbook(io.BytesIO(data))["Điểm theo hai gói"]
    assert_readable(sheet)
    _scale, pages = printed(sheet)
    assert pages == [list(range(1, sheet.max_column + 1))]
    field = next(c for c in range(1, sheet.max_column + 1) if "Lĩnh vực" in sheet.cell(1, c).value)
    assert sheet.cell(1, field).alignment.wrap_text and sheet.row_dimensions[1].height
    movers = sheet.max_column - 1
    assert sheet.cell(1, movers).value == "Tiêu chí thay đổi nhiều nhất"
    assert sheet.cell(2, movers).alignment.wrap_text


@pytest.mark.django_db
def test_the_criteria_moving_the_province_most_split_their_mean_change_everywhere() -> None:
    """The province's table of the criteria moving its scores most said only the mean change,
    while each commune's movers said its two parts; nor was it in the downloads. On the page, in
    Excel (its own sheet, one A4 page wide) and in a CSV of its own: the mean change of the total
    and its parts «do điểm tiêu chí» and «do quy đổi thang điểm», adding up to it."""
    client = login("auditor")
    query = "?tu=2023&den=2025"
    page = client.get(f"/tinh/thai-nguyen/so-sanh-goi/{query}")
    movers = page.context["criteria_movers"]
    assert movers
    for m in movers:
        assert _vi(m["points"]) + _vi(m["rescale"]) == _vi(m["mean"]), m
    assert any(_vi(m["points"]) and _vi(m["rescale"]) for m in movers)  # both parts somewhere
    text = page.content.decode()
    table = text.split('id="criteria-movers"', 1)[1].split("</table>", 1)[0]
    assert (
        '<th class="num">Do điểm tiêu chí</th><th class="num">Do quy đổi thang điểm</th>' in table
    )
    first = movers[0]
    cells = f'<td class="num">{first["mean"]}</td><td class="num">{first["points"]}</td>'
    assert cells in table
    data = client.get(f"/tinh/thai-nguyen/so-sanh-goi.xlsx{query}").content
    sheet = load_workbook(io.BytesIO(data))["Toàn tỉnh theo tiêu chí"]
    headers = [c.value for c in sheet[1]]
    assert headers[4:] == [
        "Thay đổi trung bình (điểm)",
        "Do điểm tiêu chí (trung bình)",
        "Do quy đổi thang điểm (trung bình)",
    ]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) >= len(movers)  # every criterion that moved: the page shows the first ten
    for row, m in zip(rows, movers, strict=False):
        assert (row[0], row[3]) == (m["code"], m["communes"])
        mean, points, rescale = (Decimal(str(v)) for v in row[4:7])
        assert (mean, points, rescale) == (_vi(m["mean"]), _vi(m["points"]), _vi(m["rescale"]))
    assert_readable(sheet)
    _scale, pages = printed(sheet)
    assert pages == [list(range(1, 8))]
    response = client.get(f"/tinh/thai-nguyen/so-sanh-goi-nhieu-nhat.csv{query}&excel=vi")
    assert response["Content-Disposition"].startswith(
        'attachment; filename="so-sanh-goi-nhieu-nhat-thai-nguyen-'
    )
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == [*headers, "Gói cũ", "Gói mới"]
    assert [r[0] for r in lines[1:]] == [r[0] for r in rows]
    for r in lines[1:]:
        mean, points, rescale = (Decimal(v.replace(",", ".")) for v in r[4:7])
        assert points + rescale == mean, r
    assert "/tinh/thai-nguyen/so-sanh-goi-nhieu-nhat.csv?tu=" in text
