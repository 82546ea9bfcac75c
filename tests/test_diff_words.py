"""The pack diff as rules in words (what the auditor's comparison page shows)."""

from __future__ import annotations

import re

from parscore.diffing import describe, diff_packs
from parscore.loader import load_pack
from parscore.report.diff_words import readable_changes
from parscore.resources import shipped_rules_dir
from parscore.wording import Wording, rule_words

RULES = shipped_rules_dir()
assert RULES is not None
KIND_NAMES = re.compile(
    r"\((tiers|check|count|each|best_of|one_of|formula|linear|deduct|deadline)\)"
)


def _packs() -> tuple[object, object]:
    return load_pack(RULES / "2024.yaml"), load_pack(RULES / "2025.yaml")


def test_scoring_changes_read_as_rules_in_words() -> None:
    old, new = _packs()
    changes = diff_packs(old, new)  # type: ignore[arg-type]
    groups, other = readable_changes(old, new, changes)  # type: ignore[arg-type]
    rule_changes = [c for c in changes if c.kind in ("rule_changed", "threshold_changed")]
    lines = sum(len(g.lines) for g in groups) + other.count
    assert lines + len(rule_changes) == len(changes)  # every change is shown…
    rows = sum(len(g.rules) for g in groups)
    assert rows == len({c.key for c in rule_changes}) < len(rule_changes)  # …a rule once
    titles = [g.title for g in groups]
    assert titles == ["Tiêu chí và điểm tối đa", "Cách chấm điểm", "Số liệu đầu vào"]
    for group in groups:
        for line in group.lines:
            assert not KIND_NAMES.search(line), line
            assert "kiểu percent" not in line and "kiểu count" not in line, line
            assert not re.search(r"\bĐầu vào [a-z_]+:", line), line  # labels, not identifiers
    rules = next(g for g in groups if g.title == "Cách chấm điểm").rules
    assert len({r.code for r in rules}) == len(rules)  # one row per criterion
    one = next(r for r in rules if r.code == "3.2.1")
    for pack, text in ((old, one.old), (new, one.new)):
        leaf = pack.leaves["3.2.1"]  # type: ignore[attr-defined]
        assert text == rule_words(Wording(pack), leaf.rule, leaf.criterion.max)  # type: ignore[arg-type]
    assert "Theo bậc" in one.old and "Lấy phương án có điểm cao nhất" in one.new
    added = next(line for line in groups[0].lines if line.startswith("Thêm tiêu chí 3.1.6"))
    assert "(thuộc mục 3.1, tối đa 1 điểm): " in added
    inputs = next(g for g in groups if g.title == "Số liệu đầu vào").lines
    assert any(
        line.startswith("Thêm số liệu «") and line.endswith("(tỷ lệ %) (dùng ở tiêu chí 3.1.5)")
        for line in inputs
    )
    assert any(line.startswith("Thêm giá trị tính toán: tỷ lệ «") for line in inputs)


def test_describe_says_input_fields_and_document_requirements_in_words() -> None:
    old, new = _packs()
    lines = [describe(c) for c in diff_packs(old, new)]  # type: ignore[arg-type]
    assert not any("kind='" in line or "year_to_date" in line for line in lines)
    assert any("tính lũy kế từ đầu năm: không → có" in line for line in lines)
    assert any("tài liệu kiểm chứng: Kế hoạch CCHC năm 2024 của đơn vị (Kế hoạch)" in line
               for line in lines)  # fmt: skip


def test_same_pack_has_no_changes() -> None:
    old, _ = _packs()
    groups, other = readable_changes(old, old, diff_packs(old, old))  # type: ignore[arg-type]
    assert groups == [] and other.count == 0


def test_a_changed_value_names_the_criteria_reading_it() -> None:
    """Only a derived value's formula changes: its line says which criterion reads it (through
    another derived value too), so the criterion's drift is traced to it; in every format."""
    from parscore.diffing import compare
    from parscore.loader import pack_from_text
    from parscore.report.diff_html import render_diff_html
    from parscore.report.diff_text import render_diff_md, render_diff_text

    rules = shipped_rules_dir()
    assert rules is not None
    old = load_pack(rules / "2025.yaml")
    text = (rules / "2025.yaml").read_text(encoding="utf-8").replace("revision: 1", "revision: 2")
    text = text.replace(
        "plan_completion_rate: ratio(plan_tasks_done, plan_tasks_total) * 100",
        "plan_share: ratio(plan_tasks_done, plan_tasks_total)\n"
        "  plan_completion_rate: plan_share * 100 + 5",
    )
    text = text.replace(
        'label: "Tổng số nhiệm vụ tại Kế hoạch CCHC năm 2025 của xã"',
        'label: "Tổng số nhiệm vụ tại Kế hoạch"',
    )
    new = pack_from_text(text, "moi.yaml")
    diff = compare(old, new)
    lines = render_diff_text(diff, {}).splitlines()
    formula = next(line for line in lines if "plan_completion_rate: công thức" in line)
    share = "(«Số nhiệm vụ của Kế hoạch CCHC đã hoàn thành» / «Tổng số nhiệm vụ tại Kế hoạch»)"
    assert formula.endswith(f"→ ({share} × 100) + 5 (dùng ở tiêu chí 1.2)")  # in words
    added = next(line for line in lines if "Thêm giá trị tính toán plan_share" in line)
    assert added.endswith("(dùng ở tiêu chí 1.2)")
    label = next(
        line for line in lines if line.endswith("«Tổng số nhiệm vụ tại Kế hoạch» (đổi tên)")
    )
    assert "dùng ở" not in label  # words only: it moves no score
    back = render_diff_text(compare(new, old), {})
    old_total = "«Tổng số nhiệm vụ tại Kế hoạch CCHC năm 2025 của xã»"
    old_share = f"(«Số nhiệm vụ của Kế hoạch CCHC đã hoàn thành» / {old_total})"
    assert (
        f"Bỏ giá trị tính toán plan_share = {old_share}" not in back
    )  # the words of the pack it was in
    assert "Bỏ giá trị tính toán plan_share = " + share in back
    assert "(gói cũ dùng ở tiêu chí 1.2)" in back
    assert "(dùng ở tiêu chí 1.2)" in render_diff_md(diff, {})
    assert "(dùng ở tiêu chí 1.2)" in render_diff_html(diff, {})
    groups, _ = readable_changes(old, new, diff.changes)
    web = [line for g in groups for line in g.lines if "+ 5" in line]
    assert len(web) == 1 and web[0].endswith("(dùng ở tiêu chí 1.2)")


def test_a_values_source_status_is_its_own_open_group_not_folded_away() -> None:
    """2023 → 2024 turns some values from assumed to derived: how sure a value is matters to
    an auditor, so it is not folded among owners and citations."""
    old, new = load_pack(RULES / "2023.yaml"), load_pack(RULES / "2024.yaml")
    groups, other = readable_changes(old, new, diff_packs(old, new))  # type: ignore[arg-type]
    sure = next(g for g in groups if g.title.startswith("Mức tin cậy của giá trị"))
    assert "Tiêu chí 2.1: trạng thái nguồn: giả định → suy ra" in sure.lines
    assert not any("trạng thái nguồn" in line for line in other.lines)
