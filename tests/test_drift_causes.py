"""Each drift row names the rule changes that moved it, so an auditor traces every changed point
to the rule behind it without reading the whole diff."""

from __future__ import annotations

import json

import pytest

from parscore.cli.main import main
from parscore.diffing import DriftCauses, compare
from parscore.diffing.causes import RESCALED_ONLY
from parscore.loader import load_pack, read_evidence_document
from parscore.report.diff_text import drift_view

from .conftest import ROOT


@pytest.fixture(scope="module")
def rows() -> dict[str, str]:
    """2024 → 2025 on Dân Tiến's evidence: each row's code and its causes."""
    old, new = load_pack(ROOT / "rules/2024.yaml"), load_pack(ROOT / "rules/2025.yaml")
    diff = compare(old, new, [read_evidence_document(ROOT / "evidence/dan-tien-2025.yaml")])
    view = drift_view(diff.drift[0], {}, DriftCauses(diff.changes, diff.readers))
    return {r.code: r.cause for r in view.rows}


def test_a_new_maximum_and_new_tier_points_are_named_with_their_values(
    rows: dict[str, str],
) -> None:
    assert rows["1.2"] == (
        "điểm tối đa 2,5 → 3,75; bậc 1: điểm 2,5 → 3,75; bậc 2: điểm 1,75 → 2,5; "
        "bậc 3: điểm 1 → 1,25"
    )
    assert rows["6.1.1"].startswith("điểm tối đa 1 → 1,5; bậc 1: ngưỡng ≥ 95 → ≥ 90")


def test_a_changed_formula_of_a_value_the_criterion_reads_is_named(rows: dict[str, str]) -> None:
    # 7.3.5's own rule is unchanged but for its maximum: the derived value it reads changed
    assert rows["7.3.5"].startswith("điểm tối đa 2 → 3; giá trị tính toán payment_attainment")
    assert "ratio(pay_tthc_rate, 70)" in rows["7.3.5"]
    # a renumbered criterion is traced too, with the input whose maximum moved
    assert "đầu vào ndxp_systems_connected: giá trị tối đa: 17 → 24" in rows["7.1.2 → 7.1.1"]


def test_a_new_condition_is_not_followed_by_the_inputs_it_reads(rows: dict[str, str]) -> None:
    assert rows["4.1.2"] == (
        "điểm tối đa 1,75 → 2,1; "
        "điều kiện: «leaders_count < non_leader_staff_count» → «leadership_structure_ok»"
    )


def test_unchanged_points_moved_only_by_rescaling_say_so(rows: dict[str, str]) -> None:
    assert rows["5.1"] == RESCALED_ONLY


def test_added_criteria_leave_it_to_their_mark(rows: dict[str, str]) -> None:
    assert rows["3.1.5"] == ""


def test_text_markdown_and_html_show_the_causes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    args = ["diff", "rules/2024.yaml", "rules/2025.yaml", "--evidence"]
    args.append("evidence/dan-tien-2025.yaml")
    cause = "điểm tối đa 2,5 → 3,75; bậc 1: điểm 2,5 → 3,75"
    for fmt, shown in (
        ("text", f"nguyên nhân: {cause}"),
        ("md", f"| +0,76 | +0,76 | 0 | {cause}"),
        ("html", f'<td class="cause">{cause}'),
    ):
        assert main([*args, "--format", fmt]) == 0
        assert shown in capsys.readouterr().out, fmt


def test_json_gives_each_criterion_its_cause(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    args = ["diff", "rules/2024.yaml", "rules/2025.yaml", "--format", "json", "--evidence"]
    assert main([*args, "evidence/dan-tien-2025.yaml"]) == 0
    rows = {c["code"]: c for c in json.loads(capsys.readouterr().out)["drift"][0]["criteria"]}
    assert rows["1.2"]["cause"].startswith("điểm tối đa 2,5 → 3,75; bậc 1: điểm 2,5 → 3,75")
    assert rows["5.1"]["cause"] == RESCALED_ONLY
    assert rows["3.1.5"]["cause"] == ""


def test_reports_import_the_pack_diff_never_the_reverse() -> None:
    for path in (ROOT / "parscore" / "diffing").glob("*.py"):
        imports = [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith(("from ", "import "))
        ]
        assert not [line for line in imports if "report" in line], path.name
