"""A value written the Vietnamese way in a YAML file (``98,5``, ``1.250``, ``85%``,
``31/10/2025``, ``có``) is refused with how to write it, at its place."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from parscore.cli.main import main
from parscore.value_hints import value_hint

from .conftest import SAMPLE_COMMUNE, SAMPLE_PACK

Capture = pytest.CaptureFixture[str]


@pytest.mark.parametrize(
    ("kind", "value", "hint"),
    [
        ("percent", "98,5", "trong tệp YAML số thập phân viết bằng dấu chấm: 98.5"),
        ("count", "1.250", "viết số không có dấu ngăn cách hàng nghìn: 1250"),
        ("number", "1.250.000", "viết số không có dấu ngăn cách hàng nghìn: 1250000"),
        ("count", "1 250", "viết số không có dấu ngăn cách hàng nghìn: 1250"),
        ("percent", "85,5%", "viết số không kèm dấu %: 85.5"),
        ("count", Decimal("3.418"), "không có dấu chấm ngăn cách hàng nghìn: 3418"),
        ("date", "31/10/2025", "viết ngày dạng YYYY-MM-DD: 2025-10-31"),
        ("date", "5.8.2025", "viết ngày dạng YYYY-MM-DD: 2025-08-05"),
        ("date", "31/02/2025", "ngày 31/02/2025 không có thật"),
        ("bool", "có", "trong tệp YAML viết true (có)"),
        ("bool", "Không", "trong tệp YAML viết false (không)"),
    ],
)
def test_the_hint_says_how_to_write_it(kind: str, value: object, hint: str) -> None:
    assert hint in value_hint(kind, value)


@pytest.mark.parametrize(("kind", "value"), [("count", Decimal("3.5")), ("text", "x"), ("bool", 7)])
def test_no_hint_where_no_reading_is_likely(kind: str, value: object) -> None:
    assert value_hint(kind, value) == ""


@pytest.mark.parametrize(
    ("old", "new", "where", "hint"),
    [
        ("dossiers_received: 1250", 'dossiers_received: "1.250"', ":9:3: PS504", "1250"),
        ("dossiers_received: 1250", "dossiers_received: 1.250", ":9:3: PS504", "1250"),
        ("online_rate: 80", 'online_rate: "80,5"', ":15:3: PS504", "dấu chấm: 80.5"),
        ("online_rate: 80", "online_rate: 80%", ":15:3: PS504", "không kèm dấu %: 80"),
        (
            "cchc_plan_issued: 2025-08-05",
            "cchc_plan_issued: 05/08/2025",
            ":12:3: PS504",
            "2025-08-05",
        ),
        ("plan_done: true", "plan_done: có", ":13:3: PS504", "viết true (có)"),
        ("as_of: 2025-10-31", "as_of: 31/10/2025", ":6:1: PS203", "2025-10-31"),
        (
            "as_of: 2025-10-31",
            "as_of: 2025-10-31\ngoal: 90",
            ":7:1: PS203",
            "viết dạng { total: … }",
        ),
        ('supports: [ "3.2.2" ]', 'supports: "3.2.2"', ":27:5: PS203", 'danh sách: [ "…", "…" ]'),
        ('supports: [ "3.2.2" ]', "supports: [ 3.20 ]", ":27:17: PS203", 'ngoặc kép, ví dụ "3.20"'),
    ],
)
def test_score_says_how_to_write_the_value(
    old: str, new: str, where: str, hint: str, tmp_path: Path, capsys: Capture
) -> None:
    text = SAMPLE_COMMUNE.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "xa.yaml"
    bad.write_text(text.replace(old, new), encoding="utf-8")
    assert main(["score", str(bad), "--pack", str(SAMPLE_PACK)]) == 2
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if where in x)
    assert "(gợi ý: " in line and hint in line.split("(gợi ý: ", 1)[1]
