"""A commune's drift rows as an auditor reads them: in the natural order of the criteria's codes
(a removed criterion in its place, not last), and without rows whose change rounds to 0 when
nothing else about the criterion changed (the totals still add up exactly)."""

from __future__ import annotations

from decimal import Decimal

from parscore.code_order import code_order
from parscore.compiled import LoadedPack
from parscore.diffing import compare, drift
from parscore.loader import pack_from_text
from parscore.report.diff_text import drift_view, render_diff_text
from parscore.yamlio import YamlDocument

PACK = """\
pack:
  id: mau/dong/2024
  title: Gói kiểm thử các dòng của một xã
  province: Mẫu
  level: xa
  year: 2024
  status: provisional
  total: TOTAL
  rounding: { places: 2, mode: half_up }
  bands: [ { min: 0, label: Đạt } ]
inputs:
  a: { label: Số việc đã làm, type: count }
criteria:
  - code: "4"
    title: Lĩnh vực
    max: TOTAL
    children:
"""


def _pack(total: str, *rows: str, year: int = 2024) -> LoadedPack:
    text = PACK.replace("TOTAL", total).replace("2024", str(year))
    return pack_from_text(text + "".join(f"      - {row}\n" for row in rows))


def _doc(a: int = 1) -> YamlDocument:
    data = {"commune": "Xã Mẫu", "pack": "mau/dong/2024", "year": 2024, "metrics": {"a": a}}
    return YamlDocument("xa-mau.yaml", data, {})


def _row(code: str, title: str, maximum: str, check: str = "a >= 1") -> str:
    return f'{{ code: "{code}", title: {title}, max: {maximum}, score: {{ check: "{check}" }} }}'


def test_a_removed_criterion_comes_in_its_place_in_code_order() -> None:
    """4.2.1 was removed: its row came after 4.10, the last of the new pack's criteria."""
    old = _pack(
        "100", _row("4.2.1", "Bỏ đi", "10"), _row("4.2.3", "Giữ", "40"), _row("4.10", "Mười", "50")
    )
    new = _pack("90", _row("4.2.3", "Giữ", "40"), _row("4.10", "Mười", "50"), year=2025)
    d = drift(old, new, _doc())
    assert [(c.code, c.change) for c in d.criteria] == [
        ("4.2.1", "removed"),
        ("4.2.3", "matched"),
        ("4.10", "matched"),
    ]
    assert [r.code for r in drift_view(d, {}).rows] == ["4.2.1", "4.2.3", "4.10"]


SMALL = _row("4.2", "Nhỏ", "0.5"), _row("4.10", "Lớn", "99.5")


def test_a_row_moved_by_less_than_the_last_decimal_is_not_listed() -> None:
    """A new criterion of 0,05 point rescales every other: 4.2 (0,5 point) by −0,00025, shown as
    a change of «0» (do điểm 0, do quy đổi 0) among the commune's changes."""
    old = _pack("100", *SMALL)
    new = _pack("100.05", *SMALL, _row("4.11", "Mới", "0.05", "a >= 5"), year=2025)
    diff = compare(old, new, [_doc()])
    d = diff.drift[0]
    assert [c.code for c in d.rows] == ["4.10"]
    assert d.delta == Decimal("-0.05") and sum(c.delta for c in d.rows) == d.delta
    assert d.rescale_effect == sum(c.rescale_delta for c in d.rows)
    # the criteria keep every one: their exact shares add up to the exact change
    assert [c.code for c in d.criteria] == ["4.2", "4.10"]
    assert d.criteria[0].exact != 0 and sum(c.exact for c in d.criteria) == d.exact
    text = render_diff_text(diff, {})
    assert "4.10" in text and "Nhỏ" not in text
    assert [c["code"] for c in diff.to_dict()["drift"][0]["criteria"]] == ["4.10"]


def test_a_row_whose_points_changed_is_listed_even_when_its_change_rounds_to_0() -> None:
    """What changed about a criterion stays listed: its points (here 0,004 more, exactly offset to
    the displayed 0), its applicability, its being new or removed."""
    old = _pack("100", *SMALL)
    new = _pack(
        "100",
        _row("4.2", "Nhỏ", "0.504"),
        _row("4.10", "Lớn", "99.496"),
        year=2025,
    )
    d = drift(old, new, _doc())
    rows = {c.code: c for c in d.rows}
    assert rows["4.2"].delta == 0 and rows["4.2"].old_points != rows["4.2"].new_points


def test_codes_sort_by_their_numbers() -> None:
    codes = ["4.10", "4.2.3", "10", "4.2.1", "4.2", "9"]
    assert sorted(codes, key=code_order) == ["4.2", "4.2.1", "4.2.3", "4.10", "9", "10"]


def test_a_code_with_a_digit_int_does_not_read_sorts_as_text() -> None:
    """``1.²`` (a superscript: a digit to ``str.isdigit``, not to ``int``) stopped every report."""
    assert sorted(["1.²", "1.10", "1.2", "1.b"], key=code_order) == ["1.2", "1.10", "1.b", "1.²"]
