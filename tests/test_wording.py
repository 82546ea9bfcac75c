"""The pack's names and expressions in plain Vietnamese: labels, units, rates, rules, task phrases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parscore.errors import PackError
from parscore.planning import fix_candidates
from parscore.wording import Wording, kind_words, rule_words, task_placeholders

from .test_planner import commune, make_pack

INPUTS = """\
  done: { label: Số lượt bồi dưỡng đã tổ chức, type: count, unit: lượt, task: "Tổ chức thêm {delta} lượt bồi dưỡng" }
  planned: { label: Số lượt bồi dưỡng theo kế hoạch, type: count, unit: lượt }
  online: { label: Tỷ lệ hồ sơ trực tuyến, type: percent }
  open: { label: Đã công khai TTHC, type: bool }
"""
DERIVED = "  rate: ratio(done, planned) * 100\n"
LEAVES = [
    (
        "1.1",
        "2",
        "score: { tiers: { of: rate, steps: [ { min: 100, points: 2 }, { min: 90, points: 1 } ] } }",
    ),
    ("1.2", "1", 'score: { check: "online >= 80 and open" }'),
    ("1.3", "1", 'score: { deduct: { of: "max(0, planned - done)", each: 0.5 } }'),
]


@pytest.fixture(scope="module")
def pack():  # type: ignore[no-untyped-def]
    return make_pack(INPUTS, LEAVES, DERIVED)


def test_names_and_expressions_in_words(pack) -> None:  # type: ignore[no-untyped-def]
    w = Wording(pack)
    assert w.label("done") == "Số lượt bồi dưỡng đã tổ chức"
    rate = "tỷ lệ «Số lượt bồi dưỡng đã tổ chức» trên «Số lượt bồi dưỡng theo kế hoạch»"
    assert w.label("rate") == rate and w.is_percent("rate") and not w.is_percent("done")
    assert w.expression("online >= 80 and open") == (
        "«Tỷ lệ hồ sơ trực tuyến» ≥ 80% và «Đã công khai TTHC»"
    )
    assert w.expression("max(0, planned - done)") == (
        "phần dương của («Số lượt bồi dưỡng theo kế hoạch» − «Số lượt bồi dưỡng đã tổ chức»)"
    )
    assert w.humanise("Điều kiện «online >= 80» sai; thiếu: planned", ["online >= 80"]) == (
        "Điều kiện «Tỷ lệ hồ sơ trực tuyến» ≥ 80% sai; thiếu: Số lượt bồi dưỡng theo kế hoạch"
    )


def test_numbers_never_longer_than_the_pack_allows(pack) -> None:  # type: ignore[no-untyped-def]
    w = Wording(pack)
    assert w.value(Decimal(38) / Decimal(42) * 100, "rate") == "90,48%"
    assert w.value(Decimal("1250")) == "1.250" and w.value(True) == "có"
    assert w.rounded("Giá trị 90,47619047 đạt; 1.250,125 hồ sơ; 3,5 điểm; mã 3.2.2") == (
        "Giá trị 90,48 đạt; 1.250,13 hồ sơ; 3,5 điểm; mã 3.2.2"
    )
    # computed numbers are cut, the pack's own thresholds inside expressions are kept whole
    assert w.explanation("Giá trị 85,1234 «online >= 80.125»", ["online >= 80.125"]) == (
        "Giá trị 85,12 «Tỷ lệ hồ sơ trực tuyến» ≥ 80,125%"
    )


def test_rules_in_words(pack) -> None:  # type: ignore[no-untyped-def]
    w = Wording(pack)
    text = rule_words(w, pack.leaves["1.1"].rule, Decimal(2))
    assert text.startswith("Theo bậc của tỷ lệ «Số lượt bồi dưỡng đã tổ chức»")
    assert "≥ 100%: 2 điểm; ≥ 90%: 1 điểm" in text
    assert kind_words("tiers") == "theo bậc" and kind_words("best_of") != "best_of"


def test_task_phrase_and_default_wording(pack) -> None:  # type: ignore[no-untyped-def]
    ev = commune({"done": Decimal(51), "planned": Decimal(60), "online": Decimal(70), "open": True})
    cands = fix_candidates(pack, ev)
    raise_rate = [c for c in cands.candidates if c.code == "1.1"][-1]
    assert raise_rate.description.startswith("Tổ chức thêm 9 lượt bồi dưỡng (tỷ lệ 85% → 100%)")
    online = next(c for c in cands.candidates if c.code == "1.2")
    assert online.description.startswith("Nâng «Tỷ lệ hồ sơ trực tuyến» từ 70% lên 80%")
    for c in cands.candidates:
        assert "done" not in c.description and "rate" not in c.description


def test_task_placeholders_are_checked() -> None:
    assert task_placeholders("Tổ chức thêm {delta} lượt, từ {from} lên {to} {unit}") == []
    assert task_placeholders("Thêm {so_luong} lượt") == ["so_luong"]
    bad = INPUTS.replace("{delta}", "{soluong}")
    with pytest.raises(PackError) as err:
        make_pack(bad, LEAVES, DERIVED)
    assert any(i.code == "PS430" for i in err.value.issues)


UNIT_INPUTS = """\
  systems: { label: Số hệ thống đã kết nối, type: count, unit: hệ thống }
  late: { label: Số ngày chậm báo cáo, type: count, unit: ngày }
  online: { label: Tỷ lệ hồ sơ trực tuyến, type: percent }
  band:
    label: Mức hồ sơ nộp trực tuyến
    type: choice
    options: { tu_80: Từ 80% trở lên, tu_65: Từ 65% đến dưới 80%, duoi_65: Dưới 65% }
"""
UNIT_LEAVES = [
    (
        "1.1",
        "2",
        "score: { tiers: { of: systems, steps: [ { min: 17, points: 1.5 }, { min: 12, points: 1 } ] } }",
    ),
    ("1.2", "2", "score: { linear: { of: late, from: 10, to: 0 } }"),
    ("1.3", "1", 'score: { check: "late <= 5 and online >= 80" }'),
    ("1.4", "1", "score: { check: \"band == 'tu_80'\" }"),
]


@pytest.fixture(scope="module")
def unit_pack():  # type: ignore[no-untyped-def]
    return make_pack(UNIT_INPUTS, UNIT_LEAVES)


def test_rules_in_words_say_the_unit_the_pack_declares(unit_pack) -> None:  # type: ignore[no-untyped-def]
    """«≥ 17: 1,5 điểm» where the pack comparison said «≥ 17 hệ thống»: only percent had its unit."""
    w = Wording(unit_pack)
    tiers = rule_words(w, unit_pack.leaves["1.1"].rule, Decimal(2))
    assert "≥ 17 hệ thống: 1,5 điểm; ≥ 12 hệ thống: 1 điểm;" in tiers
    linear = rule_words(w, unit_pack.leaves["1.2"].rule, Decimal(2))
    assert linear.endswith(": 10 ngày được 0 điểm, 0 ngày được 2 điểm")


def test_a_number_in_a_condition_takes_the_unit_of_the_input_it_compares(unit_pack) -> None:  # type: ignore[no-untyped-def]
    w = Wording(unit_pack)
    assert w.expression("late <= 5 and online >= 80") == (
        "«Số ngày chậm báo cáo» ≤ 5 ngày và «Tỷ lệ hồ sơ trực tuyến» ≥ 80%"
    )
    assert w.expression("0 < late <= 5") == "0 ngày < «Số ngày chậm báo cáo» ≤ 5 ngày"
    # a difference of two inputs: no unit guessed
    assert w.expression("systems - late >= 3") == (
        "(«Số hệ thống đã kết nối» − «Số ngày chậm báo cáo») ≥ 3"
    )
    assert rule_words(w, unit_pack.leaves["1.3"].rule, Decimal(1)).startswith(
        "1 điểm khi «Số ngày chậm báo cáo» ≤ 5 ngày"
    )


def test_an_option_compared_with_a_choice_input_reads_as_its_label(unit_pack) -> None:  # type: ignore[no-untyped-def]
    w = Wording(unit_pack)
    said = "«Mức hồ sơ nộp trực tuyến» = «Từ 80% trở lên»"
    assert w.expression("band == 'tu_80'") == said
    assert rule_words(w, unit_pack.leaves["1.4"].rule, Decimal(1)).startswith(f"1 điểm khi {said}")
    assert w.expression("'duoi_65' != band") == "«Dưới 65%» ≠ «Mức hồ sơ nộp trực tuyến»"
    assert w.expression("band in ('tu_80', 'tu_65')") == (
        "«Mức hồ sơ nộp trực tuyến» thuộc («Từ 80% trở lên»; «Từ 65% đến dưới 80%»)"
    )
    assert w.expression("band not in ['duoi_65']") == (
        "«Mức hồ sơ nộp trực tuyến» không thuộc («Dưới 65%»)"
    )
