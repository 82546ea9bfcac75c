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
