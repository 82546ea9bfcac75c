"""The pack diff's change texts and drift causes say numbers and formulas as the rule in words
does: thresholds in the unit of the value they compare (``≥ 95%``), expressions with labels and
decimal commas, kinds by their Vietnamese names only; the JSON keeps its machine fields."""

from __future__ import annotations

import json

from parscore.compiled import LoadedPack
from parscore.diffing import compare, describe, diff_packs
from parscore.loader import load_pack, pack_from_text, read_evidence_document
from parscore.report.diff_text import render_diff_text
from parscore.resources import shipped_rules_dir
from parscore.yamlio import parse_yaml

OLD = """\
pack:
  id: mau/don-vi/2024
  title: Gói kiểm thử đơn vị của ngưỡng (tổng hợp)
  province: Mẫu
  level: xa
  year: 2024
  status: provisional
  total: 20
  rounding: { places: 2, mode: half_up }
  bands: [ { min: 0, label: Đạt } ]
inputs:
  on_time:   { label: Tỷ lệ hồ sơ đúng hạn, type: percent }
  reuse:     { label: Tỷ lệ tái sử dụng kết quả, type: percent }
  systems:   { label: Số hệ thống đã kết nối, type: count, max: 30 }
  trainings: { label: Số lớp bồi dưỡng, type: count }
derived:
  share: "reuse * 0.5"
criteria:
  - code: "1"
    title: Lĩnh vực kiểm thử
    max: 20
    children:
      - { code: "1.1", title: Hồ sơ rất đúng hạn, max: 2, score: { check: "on_time > 99.78" } }
      - code: "1.2"
        title: Tỷ lệ hồ sơ đúng hạn
        max: 4
        score: { tiers: { of: on_time, steps: [ { min: 95, points: 4 }, { min: 85, points: 2 } ] } }
      - code: "1.3"
        title: Bồi dưỡng
        max: 4
        score: { count: { of: trainings, each: 0.5 } }
      - code: "1.4"
        title: Kết nối hệ thống
        max: 4
        score: { tiers: { of: systems, steps: [ { min: 17, points: 4 } ] } }
      - code: "1.5"
        title: Tái sử dụng kết quả
        max: 2
        score:
          best_of:
            - { check: "on_time >= 100" }
            - { tiers: { of: reuse, steps: [ { min: 80, points: 2 } ] } }
      - code: "1.6"
        title: Tái sử dụng theo tỷ lệ
        max: 4
        score: { linear: { of: reuse, from: 50, to: 100 } }
"""


def _edit(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    return text


NEW = _edit(
    OLD,
    ("mau/don-vi/2024", "mau/don-vi/2025"),
    ("year: 2024", "year: 2025"),
    ('"on_time > 99.78"', '"on_time > 99.5"'),
    (
        "{ min: 95, points: 4 }, { min: 85, points: 2 }",
        "{ min: 90, points: 4 }, { min: 85, points: 2 }",
    ),
    ("each: 0.5", "each: 0.75"),
    ("{ min: 17, points: 4 }", "{ min: 24, points: 4 }"),
    ("{ min: 80, points: 2 }", "{ min: 70, points: 2 }"),
    ("from: 50, to: 100", "from: 50, to: 95"),
    ('share: "reuse * 0.5"', 'share: "reuse * 0.75"'),
    ("type: count, max: 30 }", "type: count, max: 24 }"),
)


def _packs() -> tuple[LoadedPack, LoadedPack]:
    return pack_from_text(OLD), pack_from_text(NEW)


def _lines(old: LoadedPack, new: LoadedPack) -> list[str]:
    return [describe(c, (old, new)) for c in diff_packs(old, new)]


def test_thresholds_take_the_unit_of_the_value_they_compare() -> None:
    lines = _lines(*_packs())
    assert "Tiêu chí 1.2: bậc 1: ngưỡng ≥ 95% → ≥ 90%" in lines
    assert "Tiêu chí 1.4: bậc 1: ngưỡng ≥ 17 → ≥ 24" in lines  # a count: no unit
    assert "Tiêu chí 1.5: phương án 2: bậc 1: ngưỡng ≥ 80% → ≥ 70%" in lines
    assert "Tiêu chí 1.6: điểm cuối khoảng tuyến tính: 100% → 95%" in lines


def test_formulas_read_with_labels_and_decimal_commas_kinds_without_their_keys() -> None:
    lines = _lines(*_packs())
    assert (
        "Tiêu chí 1.1: điều kiện: «Tỷ lệ hồ sơ đúng hạn» > 99,78% → «Tỷ lệ hồ sơ đúng hạn» > 99,5%"
        in lines
    )
    assert "Tiêu chí 1.3: điểm mỗi đơn vị: 0,5 → 0,75" in lines
    assert (
        "Giá trị tính toán share: công thức «Tỷ lệ tái sử dụng kết quả» × 0,5 → "
        "«Tỷ lệ tái sử dụng kết quả» × 0,75" in lines
    )


def test_a_whole_rule_and_an_added_criterion_read_in_vietnamese_only() -> None:
    old = pack_from_text(OLD)
    new = pack_from_text(
        _edit(
            OLD,
            (
                'score: { check: "on_time > 99.78" } }',
                'score: { best_of: [ { check: "on_time > 99.78" }, '
                "{ tiers: { of: on_time, steps: [ { min: 99.5, points: 2 } ] } } ] } }",
            ),
            (
                '      - code: "1.6"',
                '      - { code: "1.7", title: Mới, max: 0, score: { check: "systems >= 1" } }\n'
                '      - code: "1.6"',
            ),
        )
    )
    lines = _lines(old, new)
    assert (
        "Tiêu chí 1.1: cách chấm: điều kiện «Tỷ lệ hồ sơ đúng hạn» > 99,78% → phương án cao "
        "nhất: điều kiện «Tỷ lệ hồ sơ đúng hạn» > 99,78% | bậc theo «Tỷ lệ hồ sơ đúng hạn»: "
        "≥ 99,5% → 2 điểm" in lines
    )
    assert (
        "Thêm tiêu chí 1.7 «Mới» (thuộc mục 1, tối đa 0 điểm, chấm đạt hoặc không đạt điều kiện)"
        in lines
    )


COMMUNE = """\
commune: Xã Đơn Vị
pack: mau/don-vi/2024
year: 2024
metrics: { on_time: 92, reuse: 75, systems: 20, trainings: 2 }
"""


def test_drift_causes_and_json_messages_say_the_units_json_keys_stay(tmp_path) -> None:  # type: ignore[no-untyped-def]
    old, new = _packs()
    path = tmp_path / "xa.yaml"
    path.write_text(COMMUNE, encoding="utf-8")
    diff = compare(old, new, [read_evidence_document(path)])
    text = render_diff_text(diff, {})
    assert "nguyên nhân: bậc 1: ngưỡng ≥ 95% → ≥ 90%" in text
    assert "nguyên nhân: phương án 2: bậc 1: ngưỡng ≥ 80% → ≥ 70%" in text
    assert (
        "bậc 1: ngưỡng ≥ 17 → ≥ 24; đầu vào «Số hệ thống đã kết nối»: giá trị tối đa: 30 → 24"
        in text
    )
    data = json.loads(json.dumps(diff.to_dict(), ensure_ascii=False))
    tier = next(c for c in data["changes"] if c["code"] == "1.2")
    assert tier["kind"] == "threshold_changed" and tier["old"] == "95" and tier["new"] == "90"
    assert "[0]" in tier["field"] and tier["message"] == "Tiêu chí 1.2: bậc 1: ngưỡng ≥ 95% → ≥ 90%"


def test_a_cause_names_an_added_input_by_its_label(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """1.7 reads ``share``, whose new formula reads a new input: both are the row's causes."""
    row = '      - { code: "1.7", title: Chia sẻ, max: 2, score: { check: "share >= 40" } }\n'
    base = _edit(OLD, ("total: 20", "total: 22"), ("    max: 20\n", "    max: 22\n")) + row
    old = pack_from_text(base)
    new = pack_from_text(
        _edit(
            base,
            ('share: "reuse * 0.5"', 'share: "reuse * 0.5 + extra"'),
            ("derived:", "  extra: { label: Điểm cộng thêm, type: number, default: 0 }\nderived:"),
        )
    )
    path = tmp_path / "xa.yaml"
    path.write_text(COMMUNE.replace("trainings: 2", "trainings: 2, extra: 10"), encoding="utf-8")
    text = render_diff_text(compare(old, new, [read_evidence_document(path)]), {})
    assert "thêm đầu vào «Điểm cộng thêm»" in text, text


def test_an_input_changed_is_named_by_its_label_and_a_new_label_reads_as_a_renaming() -> None:
    """Auditors read «Đầu vào plan_tasks_done: tính lũy kế…»: the code name of the YAML file."""
    rules = shipped_rules_dir()
    assert rules is not None
    old = load_pack(rules / "2024.yaml")
    lines = render_diff_text(compare(old, load_pack(rules / "2025.yaml")), {}).splitlines()
    done = "Đầu vào «Số nhiệm vụ của Kế hoạch CCHC đã hoàn thành»: tính lũy kế từ đầu năm"
    assert any(line.strip().startswith(f"- {done}: không → có") for line in lines)
    renamed = (
        "- Đầu vào «Tổng số nhiệm vụ tại Kế hoạch CCHC năm 2024» → «Tổng số nhiệm vụ tại Kế"
        " hoạch CCHC năm 2025 của xã» (đổi tên)"
    )
    assert renamed in [line.strip() for line in lines]
    assert not [line for line in lines if line.strip().startswith("- Đầu vào plan_tasks")]


def test_thresholds_take_any_unit_the_pack_declares_not_only_percent() -> None:
    """A count the pack declares in «hệ thống» read «≥ 17 → ≥ 24», as a bare number: only a
    percentage had its unit; the cause of a commune's row says it the same way."""
    unit = ("type: count, max: 30 }", "type: count, max: 30, unit: hệ thống }")
    old = pack_from_text(_edit(OLD, unit))
    new = pack_from_text(
        _edit(NEW, ("type: count, max: 24 }", "type: count, max: 24, unit: hệ thống }"))
    )
    lines = _lines(old, new)
    assert "Tiêu chí 1.4: bậc 1: ngưỡng ≥ 17 hệ thống → ≥ 24 hệ thống" in lines
    assert "Tiêu chí 1.2: bậc 1: ngưỡng ≥ 95% → ≥ 90%" in lines  # a percentage: written close
    text = render_diff_text(compare(old, new, [parse_yaml(COMMUNE, "xa.yaml")]), {})
    assert "nguyên nhân: bậc 1: ngưỡng ≥ 17 hệ thống → ≥ 24 hệ thống" in text


def test_an_inputs_bounds_and_default_read_in_its_unit() -> None:
    """«giá trị tối đa: 30 → 24» for an input declared in «hệ thống»: its bounds are values of it."""
    unit = ("type: count, max: 30 }", "type: count, max: 30, unit: hệ thống }")
    old = pack_from_text(_edit(OLD, unit))
    new = pack_from_text(
        _edit(
            NEW,
            ("type: count, max: 24 }", "type: count, max: 24, min: 2, unit: hệ thống }"),
            ("on_time:   { label: Tỷ lệ hồ sơ đúng hạn, type: percent }",
             "on_time:   { label: Tỷ lệ hồ sơ đúng hạn, type: percent, default: 50 }"),
        )
    )  # fmt: skip
    lines = _lines(old, new)
    systems = "Đầu vào «Số hệ thống đã kết nối»"
    assert f"{systems}: giá trị tối đa: 30 hệ thống → 24 hệ thống" in lines, lines
    assert f"{systems}: giá trị tối thiểu: (không có) → 2 hệ thống" in lines
    assert "Đầu vào «Tỷ lệ hồ sơ đúng hạn»: giá trị mặc định: (không có) → 50%" in lines
    # without the packs, no unit is known
    bare = [describe(c) for c in diff_packs(old, new)]
    assert "Đầu vào systems: giá trị tối đa: 30 → 24" in bare, bare


def test_a_choice_inputs_default_reads_as_its_options_label() -> None:
    """«giá trị mặc định: «duoi_65» → «tu_80»»: the keys of the YAML file, not what people read;
    a default whose option the new pack dropped reads by the old pack's label."""
    band = (
        "  band:\n"
        "    label: Mức hồ sơ nộp trực tuyến\n"
        "    type: choice\n"
        "    options: { tu_80: Từ 80% trở lên, duoi_65: Dưới 65% }\n"
        "    default: duoi_65\n"
    )
    old = pack_from_text(_edit(OLD, ("derived:", band + "derived:")))
    new_band = band.replace("default: duoi_65", "default: tu_80").replace(", duoi_65: Dưới 65%", "")
    new = pack_from_text(_edit(NEW, ("derived:", new_band + "derived:")))
    lines = _lines(old, new)
    said = "Đầu vào «Mức hồ sơ nộp trực tuyến»: giá trị mặc định: «Dưới 65%» → «Từ 80% trở lên»"
    assert said in lines, lines


def test_a_count_or_deduction_names_the_unit_it_counts_by() -> None:
    """«điểm mỗi đơn vị: 0,5 → 0,75» for a count of «lớp»: the unit the input declares."""
    units = (
        ("trainings: { label: Số lớp bồi dưỡng, type: count }",
         "trainings: { label: Số lớp bồi dưỡng, type: count, unit: lớp }"),
        ("type: count, max: 30 }", "type: count, max: 30, unit: hệ thống }"),
        ("type: count, max: 24 }", "type: count, max: 24, unit: hệ thống }"),
    )  # fmt: skip
    old = pack_from_text(_edit(OLD, *units[:2]))
    count = "score: { count: { of: systems, each: 1 } }"
    new = pack_from_text(
        _edit(
            NEW,
            units[0],
            units[2],
            ("score: { tiers: { of: systems, steps: [ { min: 24, points: 4 } ] } }", count),
        )
    )
    lines = _lines(old, new)
    assert "Tiêu chí 1.3: điểm mỗi lớp: 0,5 → 0,75" in lines, lines
    rule = next(line for line in lines if line.startswith("Tiêu chí 1.4: cách chấm:"))
    assert rule.endswith("→ đếm «Số hệ thống đã kết nối», mỗi hệ thống 1 điểm"), rule
    # without the packs, no unit is known
    assert "Tiêu chí 1.3: điểm mỗi đơn vị: 0,5 → 0,75" in [
        describe(c) for c in diff_packs(old, new)
    ]
