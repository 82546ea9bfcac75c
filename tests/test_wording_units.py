"""Units in the words people read beyond the rule itself: a criterion's reason («Lý do»), the
unit a ``count``/``deduct`` rule counts by, and the days of ``days_between``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from parscore.planning.levels import rule_levels
from parscore.report.build import build_context
from parscore.report.text import render_explain
from parscore.scoring import score
from parscore.wording import Wording, rule_words

from .test_planner import commune, make_pack

INPUTS = """\
  systems: { label: Số hệ thống đã kết nối, type: count, unit: hệ thống }
  late: { label: Số ngày chậm báo cáo, type: count, unit: ngày }
  overdue: { label: Số hồ sơ quá hạn, type: count, unit: hồ sơ }
  apologised: { label: Số hồ sơ quá hạn đã xin lỗi, type: count, unit: hồ sơ }
  online: { label: Tỷ lệ hồ sơ trực tuyến, type: percent }
  faults: { label: Số lần vi phạm, type: count }
  filed: { label: Ngày nộp báo cáo, type: date }
  decided: { label: Ngày ban hành quyết định, type: date }
"""
LEAVES = [
    (
        "1.1",
        "2",
        "score: { tiers: { of: systems, steps: [ { min: 17, points: 1.5 }, { min: 12, points: 1 } ] } }",
    ),
    ("1.2", "2", "score: { linear: { of: late, from: 10, to: 0 } }"),
    ("1.3", "2", "score: { count: { of: systems, each: 0.5 } }"),
    ("1.4", "1", 'score: { deduct: { of: "max(0, overdue - apologised)", each: 0.25 } }'),
    ("1.5", "1", "score: { deduct: { of: faults, each: 0.5 } }"),
    ("1.6", "1", "score: { count: { of: online, each: 0.1 } }"),
    ("1.7", "1", 'score: { check: "days_between(filed, decided) <= 5" }'),
]
VALUES = {
    "systems": Decimal(13),
    "late": Decimal(4),
    "overdue": Decimal(5),
    "apologised": Decimal(2),
    "online": Decimal(7),
    "faults": Decimal(1),
    "filed": dt.date(2025, 3, 3),
    "decided": dt.date(2025, 3, 6),
}


@pytest.fixture(scope="module")
def pack():  # type: ignore[no-untyped-def]
    return make_pack(INPUTS, LEAVES)


@pytest.fixture(scope="module")
def reasons(pack):  # type: ignore[no-untyped-def]
    result = score(pack, commune(dict(VALUES)))
    return {leaf.code: leaf.explanation for leaf in result.leaves()}


def test_a_reason_says_the_values_and_thresholds_in_their_unit(reasons) -> None:  # type: ignore[no-untyped-def]
    """«Giá trị 13 đạt bậc ≥ 12» said no unit where the rule says «≥ 12 hệ thống»."""
    assert reasons["1.1"] == (
        "Giá trị 13 hệ thống đạt bậc ≥ 12 hệ thống → 1 điểm; cần ≥ 17 hệ thống để được 1,5 điểm."
    )
    assert reasons["1.2"].startswith(
        "Điểm tỷ lệ theo giá trị 4 ngày trong khoảng 10 ngày → 0 ngày: "
    )
    assert reasons["1.3"].startswith("13 hệ thống × 0,5 điểm = 6,5, tối đa 2")


def test_a_deduction_says_what_each_unit_is(reasons) -> None:  # type: ignore[no-untyped-def]
    """The unit of a difference of two values in «hồ sơ» is «hồ sơ»; no unit: «mỗi vi phạm»."""
    assert reasons["1.4"] == "Trừ 0,25 điểm cho mỗi hồ sơ: 1 − 3 hồ sơ × 0,25 → 0,25 điểm."
    assert reasons["1.5"] == "Trừ 0,5 điểm cho mỗi vi phạm: 1 − 1 × 0,5 → 0,5 điểm."


def test_a_reason_below_the_lowest_step_says_the_unit(pack) -> None:  # type: ignore[no-untyped-def]
    result = score(pack, commune({**VALUES, "systems": Decimal(3)}))
    leaf = result.leaf("1.1")
    assert leaf.explanation == (
        "Giá trị 3 hệ thống chưa đạt bậc thấp nhất (≥ 12 hệ thống) → 0 điểm;"
        " cần ≥ 12 hệ thống để được 1 điểm."
    )


def test_explain_gives_the_reason_in_units(pack) -> None:  # type: ignore[no-untyped-def]
    result = score(pack, commune(dict(VALUES)))
    text = render_explain(result, pack, "1.4", [])
    assert "Lý do: Trừ 0,25 điểm cho mỗi hồ sơ: 1 − 3 hồ sơ × 0,25 → 0,25 điểm." in text, text


def test_count_and_deduct_rules_name_the_unit_they_count_by(pack) -> None:  # type: ignore[no-untyped-def]
    """«mỗi đơn vị của «Số hệ thống đã kết nối»» where the input declares «hệ thống»."""
    w = Wording(pack)

    def said(code: str) -> str:
        leaf = pack.leaves[code]
        return rule_words(w, leaf.rule, leaf.criterion.max)

    assert said("1.3") == (
        "0,5 điểm cho mỗi hệ thống trong «Số hệ thống đã kết nối», tối đa 2 điểm"
    )
    assert said("1.4") == (
        "Từ 1 điểm, trừ 0,25 điểm cho mỗi hồ sơ trong phần dương của («Số hồ sơ quá hạn»"
        " − «Số hồ sơ quá hạn đã xin lỗi»)"
    )
    assert said("1.6") == "0,1 điểm cho mỗi 1% trong «Tỷ lệ hồ sơ trực tuyến», tối đa 1 điểm"
    # no unit declared: as before
    assert said("1.5") == "Từ 1 điểm, trừ 0,5 điểm cho mỗi đơn vị của «Số lần vi phạm»"


def test_days_between_is_in_days(pack) -> None:  # type: ignore[no-untyped-def]
    w = Wording(pack)
    said = "số ngày từ «Ngày nộp báo cáo» đến «Ngày ban hành quyết định» ≤ 5 ngày"
    assert w.expression("days_between(filed, decided) <= 5") == said
    leaf = pack.leaves["1.7"]
    assert rule_words(w, leaf.rule, Decimal(1)) == f"1 điểm khi {said}; không đạt: 0 điểm"


def test_a_unit_is_guessed_only_when_the_values_share_one(pack) -> None:  # type: ignore[no-untyped-def]
    w = Wording(pack)
    assert w.unit_after("max(0, overdue - apologised)") == " hồ sơ"
    assert w.unit_after("systems - late") == ""  # two units
    assert w.unit_after("systems * 2") == ""  # a product: no unit
    assert w.unit_after("min(late, 30)") == " ngày"
    assert w.unit_after("unknown_name") == "" and w.unit_after("1 +") == ""


def test_the_report_lists_a_derived_value_in_its_unit_as_explain_does() -> None:
    """A difference of two values in «hồ sơ» is in «hồ sơ» in the report's «Số liệu» too."""
    derived_pack = make_pack(
        INPUTS,
        [("1.1", "1", "score: { deduct: { of: backlog, each: 0.25 } }")],
        derived="  backlog: max(0, overdue - apologised)\n",
    )
    evidence = commune(dict(VALUES))
    result = score(derived_pack, evidence)
    text = render_explain(result, derived_pack, "1.1", [])
    (gap,) = build_context(result, derived_pack, evidence).gaps
    shown = "; ".join(f"{i.label} = {i.display}" for i in gap.inputs)
    assert (
        shown.startswith("phần dương của («Số hồ sơ quá hạn» − «Số hồ sơ quá hạn đã xin lỗi»)")
        and " = 3 hồ sơ; " in shown
    ), shown
    assert f"Số liệu: {shown}\n" in text, text


def test_a_planner_level_says_its_bound_in_the_unit_of_what_it_bounds(pack) -> None:  # type: ignore[no-untyped-def]
    """«≥ 17 hệ thống» (tiers), «≥ 4 hệ thống» (count), «≤ 0 hồ sơ» (deduct of a difference)."""
    w = Wording(pack)

    def said(code: str) -> list[str]:
        leaf = pack.leaves[code]
        return [w.requirement(lv) for lv in rule_levels(leaf.rule, leaf.criterion.max, Decimal(0))]

    assert said("1.1") == [
        "«Số hệ thống đã kết nối» ≥ 12 hệ thống",
        "«Số hệ thống đã kết nối» ≥ 17 hệ thống",
    ]
    assert said("1.3")[-1] == "«Số hệ thống đã kết nối» ≥ 4 hệ thống"
    assert said("1.4")[-1].endswith(" ≤ 0 hồ sơ")
