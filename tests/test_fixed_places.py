"""Province rankings write the columns of points with the pack's places always (``82,60``, not
``82,6``), as official ranking tables and Excel's ``0.00`` do; machine formats keep plain numbers."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from parscore.batch import BatchSummary, CommuneScore, summarise
from parscore.batch_run import score_files
from parscore.evidence_yaml import dump_evidence
from parscore.loader import load_pack
from parscore.numbers import plain, vi_fixed
from parscore.report.batch_html import render_batch_html
from parscore.report.batch_table import batch_csv, render_batch_text, table_headers
from parscore.report.batch_xlsx import batch_xlsx
from parscore.report.filters import Formatter
from parscore.synthetic import synthetic_communes

from .conftest import SAMPLE_PACK

D = Decimal


@pytest.mark.parametrize(
    ("value", "places", "mode", "shown"),
    [
        (D("82.6"), 2, "half_up", "82,60"),
        (D("82.6"), 0, "half_up", "83"),
        (D("0.90625"), 2, "half_up", "0,91"),
        (D("82.625"), 2, "half_even", "82,62"),
        (D("82.629"), 2, "down", "82,62"),
        (D("1E+2"), 2, "half_up", "100,00"),
        (D("1250.5"), 2, "half_up", "1.250,50"),
        (D("-3.2"), 1, "half_up", "-3,2"),
        (D("-0.001"), 2, "half_up", "0,00"),
        (7, 1, "half_up", "7,0"),
    ],
)
def test_vi_fixed_rounds_once_and_writes_the_places(
    value: Decimal | int, places: int, mode: str, shown: str
) -> None:
    assert vi_fixed(value, places, mode) == shown


def test_a_signed_change_in_a_column_keeps_the_places() -> None:
    fmt = Formatter(2, "half_up")
    assert fmt.signed(D("3.2"), fixed=True) == "+3,20"
    assert fmt.signed(D("-0.5"), fixed=True) == "−0,50"
    assert fmt.signed(D("0.001"), fixed=True) == "0,00"
    assert fmt.signed(D("3.2")) == "+3,2"  # elsewhere: trimmed, as before


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> BatchSummary:
    folder = tmp_path_factory.mktemp("communes")
    pack = load_pack(SAMPLE_PACK)
    for name, evidence in synthetic_communes(pack, 12, 3):
        (folder / name).write_text(dump_evidence(evidence), encoding="utf-8")
    outcomes = score_files(sorted(str(p) for p in folder.iterdir()), pack, str(SAMPLE_PACK))
    scored = [o for o in outcomes if isinstance(o, CommuneScore)]
    # last year's results, a point lower, so that the change columns show too
    before = []
    for s in scored:
        official = replace(s.totals.official, score=s.totals.official.score - D("1.5"))
        older = replace(s.totals.pack, year=s.totals.pack.year - 1)
        totals = replace(s.totals, pack=older, total=official, stages={})
        before.append(replace(s, file="old-" + s.file, totals=totals))
    return summarise(scored, [], previous=before)


def _trimmed(summary: BatchSummary) -> list[Decimal]:
    """The scores whose plain text has fewer decimals than the pack's places (``82.6``)."""
    places = summary.pack.places
    return [s for s in summary.scores() if len(plain(s).partition(".")[2]) < places]


def test_the_text_table_writes_every_score_with_the_places(summary: BatchSummary) -> None:
    assert _trimmed(summary), "no score with a trailing zero: the test shows nothing"
    text = render_batch_text(summary)
    for c in summary.communes:
        score = c.score.totals.official.score
        line = next(x for x in text.splitlines() if f" {c.score.commune} " in x)
        assert f" {vi_fixed(score, 2)} " in line, line
        assert f" {vi_fixed(c.previous.totals.official.score, 2)} " in line, line
        assert line.endswith("+1,50"), line
    for f in summary.fields:
        assert re.search(rf"\d,\d\d / {re.escape(vi_fixed(f.max, 2))}$", text, re.M)
    # prose stays trimmed
    assert (
        f"Điểm trung bình: {plain(summary.rounded(summary.average_score)).replace('.', ',')}\n"
        in text
    )


def test_the_batch_page_writes_every_column_of_points_with_the_places(
    summary: BatchSummary,
) -> None:
    page = render_batch_html(summary)
    ranking = page.split("<h2>Bảng xếp hạng</h2>")[1].split("</table>")[0]
    cells = re.findall(r'<td class="num[^"]*">([^<]*)</td>', ranking)
    points = [c for c in cells if "," in c or not c.isdigit()]  # all but the ranks
    assert len(points) >= len(summary.communes) * (3 + len(summary.fields))
    assert all(re.fullmatch(r"[+−]?\d+,\d\d", c) for c in points), points
    for s in _trimmed(summary):
        assert f'<td class="num">{vi_fixed(s, 2)}</td>' in ranking
    averages = page.split("<h2>Điểm trung bình theo lĩnh vực</h2>")[1].split("</table>")[0]
    for f in summary.fields:
        assert f'<td class="num">{vi_fixed(f.max, 2)}</td>' in averages


def test_csv_keeps_plain_numbers(summary: BatchSummary) -> None:
    text = batch_csv(summary).decode("utf-8-sig")
    for s in _trimmed(summary):
        assert f",{plain(s)}," in text


@pytest.mark.parametrize(("places", "code"), [(0, "0"), (1, "0.0"), (2, "0.00")])
def test_every_points_column_of_the_workbook_has_the_places(
    summary: BatchSummary, places: int, code: str
) -> None:
    changed = replace(summary, pack=replace(summary.pack, places=places))
    book = openpyxl.load_workbook(io.BytesIO(batch_xlsx(changed)))
    sheet = book["Xếp hạng"]
    headers = table_headers(changed)
    points = [
        i
        for i, h in enumerate(headers, 1)
        if h in ("Điểm", "Điểm năm trước", "Thay đổi") or h.startswith("Lĩnh vực")
    ]
    assert len(points) == 3 + len(summary.fields)
    for row in range(2, sheet.max_row + 1):
        for col in points:
            assert sheet.cell(row, col).number_format == code, (row, headers[col - 1])


def test_the_sample_pack_reports_two_places() -> None:
    assert load_pack(Path(SAMPLE_PACK)).model.pack.rounding.places == 2
