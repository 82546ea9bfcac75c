"""Every batch output shows the score the ranks use (the official one: the last appraisal round
in the file) and, when the pack has bonus and penalty items, what each score includes of them.

Three communes under ``tests/data/bonus/pack.yaml``: the fixture (89,29 with +3 / −0,5), the
same with an appraisal round that gives 1.1 one point (official 88,03, computed still 89,29), and
the same without items (86,79)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from parscore.cli.main import main

from .conftest import DATA, ROOT

PACK = DATA / "bonus" / "pack.yaml"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    text = (DATA / "bonus" / "dan-tien-2025.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    appraised = text.replace("commune: Dân Tiến\n", "commune: Xã Thẩm Định\n", 1)
    (tmp_path / "b.yaml").write_text(appraised + 'appraisal: { "1.1": 1 }\n', encoding="utf-8")
    plain = (ROOT / "evidence" / "dan-tien-2025.yaml").read_text(encoding="utf-8")
    plain = plain.replace("commune: Dân Tiến\n", "commune: Xã Không Thưởng\n", 1)
    (tmp_path / "c.yaml").write_text(plain, encoding="utf-8")
    return tmp_path


def _batch(folder: Path, suffix: str, pack: Path = PACK) -> Path:
    out = folder / "out" / f"xep-hang.{suffix}"
    out.parent.mkdir(exist_ok=True)
    assert main(["batch", str(folder), "--pack", str(pack), "-o", str(out), "--force"]) == 0
    return out


EXPECTED = [
    ("Dân Tiến", "89.29", "3", "0.5"),
    ("Xã Thẩm Định", "88.03", "3", "0.5"),  # official: round 1 (computed 89.29)
    ("Xã Không Thưởng", "86.79", "0", "0"),
]


def test_csv_shows_the_official_score_and_the_bonus_and_penalty(folder: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_batch(folder, "csv").read_text("utf-8-sig"))))
    got = [(r["Xã"], r["Điểm"], r["Điểm thưởng"], r["Điểm trừ"]) for r in rows]
    assert got == EXPECTED
    assert [r["Hạng"] for r in rows] == ["1", "2", "3"]


def test_json_shows_the_official_score_and_the_bonus_and_penalty(folder: Path) -> None:
    data = json.loads(_batch(folder, "json").read_text("utf-8"))
    got = [(c["commune"], c["score"], c["bonus"], c["penalty"]) for c in data["communes"]]
    assert got == EXPECTED


def test_html_and_xlsx_show_the_official_score(folder: Path) -> None:
    page = _batch(folder, "html").read_text("utf-8")
    row = page.split("Xã Thẩm Định</td>")[1].split("</tr>")[0]
    assert '<td class="num">88,03</td>' in row and "+3" in row and "−0,5" in row
    assert "cộng điểm thưởng, trừ điểm trừ" in page
    from openpyxl import load_workbook

    sheet = load_workbook(_batch(folder, "xlsx"))["Xếp hạng"]
    values = list(sheet.iter_rows(values_only=True))
    head = list(values[0])
    rows = {r[1]: r for r in values[1:]}
    assert rows["Xã Thẩm Định"][head.index("Điểm")] == pytest.approx(88.03)
    assert rows["Xã Thẩm Định"][head.index("Điểm thưởng")] == 3


def test_packs_without_items_keep_their_columns(folder: Path) -> None:
    for name in ("a.yaml", "b.yaml"):  # the bundled pack has no items to list
        path = folder / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.split("\nadjustments:")[0] + "\n", encoding="utf-8")
    out = _batch(folder, "csv", ROOT / "rules" / "2025.yaml")
    head = out.read_text("utf-8-sig").splitlines()[0]
    assert "Điểm thưởng" not in head and "Điểm trừ" not in head


def test_csv_score_is_the_official_one_without_items_too(folder: Path) -> None:
    """The score column once held the computed score while the ranks used the official one."""
    for name in ("a.yaml", "b.yaml"):
        path = folder / name
        text = path.read_text(encoding="utf-8").split("\nadjustments:")[0] + "\n"
        path.write_text(text + ('appraisal: { "1.1": 1 }\n' if name == "b.yaml" else ""), "utf-8")
    out = _batch(folder, "csv", ROOT / "rules" / "2025.yaml")
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    # 84,6725 / 99 → 85,53 for the appraised one, 86,79 computed for the two others
    assert [(r["Hạng"], r["Xã"], r["Điểm"]) for r in rows] == [
        ("1", "Dân Tiến", "86.79"),
        ("1", "Xã Không Thưởng", "86.79"),
        ("3", "Xã Thẩm Định", "85.53"),
    ]
