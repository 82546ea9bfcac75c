"""A document several criteria need is made once in a plan, so its effort is counted once: in the
plan's total, in the optimiser's choice, in the order of the fixes and in every output that shows
a fix's effort ("công sức 0 (dùng chung tài liệu với tiêu chí 1.1)")."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from parscore.cli.main import main
from parscore.loader import LoadedEvidence, load_evidence, load_pack
from parscore.planning import plan_fixes
from parscore.report.plan_text import render_plan_md, render_plan_text
from parscore.report.plan_view import plan_view

from .conftest import ROOT
from .test_planner import commune, make_pack

REPORT = "evidence: [ { kind: bao_cao, title: Báo cáo kết quả năm } ]"


def _pack():  # type: ignore[no-untyped-def]
    # 1.1 and 1.2 score in full but both lack the same report (0 under appraisal); 1.3 is raised
    return make_pack(
        "  ok: { label: Đã làm, type: bool }\n  rate: { label: Tỷ lệ, type: percent }",
        [
            ("1.1", "2.5", f'score: {{ check: "ok" }}\n{REPORT}'),
            ("1.2", "2", f'score: {{ check: "ok" }}\n{REPORT}'),
            (
                "1.3",
                "5.5",
                "effort: 2\nscore: { tiers: { of: rate, steps: [ { min: 90, points: 5.5 } ] } }",
            ),
        ],
    )


def test_a_report_two_criteria_need_costs_one_effort():
    # target 40: attaching the report to 1.1 and 1.2 gives 45 (effort 1 once the report is made
    # once); raising 1.3 gives 55 for effort 2. Counting the report twice, the plan chose 1.3
    plan = plan_fixes(
        _pack(),
        commune({"ok": True, "rate": Decimal(50)}),
        target=Decimal(40),
        strict_evidence=True,
    )
    assert [(f.candidate.code, f.effort, f.shared_with) for f in plan.fixes] == [
        ("1.1", 1, ()),
        ("1.2", 0, ("1.1",)),
    ]
    assert plan.total_effort == 1
    assert plan.final_score == Decimal(45)
    made = [d for d in plan.documents if d.title == "Báo cáo kết quả năm"]
    assert len(made) == 1 and sorted(made[0].supports) == ["1.1", "1.2"]
    second = plan.fixes[1]
    assert second.effort_text == "0 (dùng chung tài liệu với tiêu chí 1.1)"
    text = render_plan_text(plan)
    assert "tổng công sức 1:" in text
    assert "công sức 0 (dùng chung tài liệu với tiêu chí 1.1);" in text
    assert "(công sức 0: dùng chung tài liệu với tiêu chí 1.1) | +" in render_plan_md(plan)
    assert [(f.effort, f.effort_note) for f in plan_view(plan).fixes] == [
        (1, ""),
        (0, "dùng chung tài liệu với tiêu chí 1.1"),
    ]
    fix = plan.to_dict()["fixes"][1]
    assert (fix["effort"], fix["shared_with"]) == (0, ["1.1"])


def test_the_fix_using_a_document_comes_right_after_the_fix_making_it():
    # the one gaining more makes the report, the other follows it at once; the two together gain
    # 45 for effort 1, so they come before 1.3 (55 for effort 2) though 1.1 alone gains 25 a unit
    plan = plan_fixes(
        _pack(),
        commune({"ok": True, "rate": Decimal(50)}),
        target=Decimal(100),
        strict_evidence=True,
    )
    assert [(f.candidate.code, f.effort) for f in plan.fixes] == [
        ("1.1", 1),
        ("1.2", 0),
        ("1.3", 2),
    ]
    assert plan.total_effort == 3


def _dan_tien_without_the_tthc_report() -> tuple[object, LoadedEvidence]:
    pack = load_pack(ROOT / "rules" / "2025.yaml")
    ev, _ = load_evidence(ROOT / "evidence" / "dan-tien-2025.yaml", pack)
    kept = [d for d in ev.model.documents if d.id != "bc-tthc-10-thang"]
    model = ev.model.model_copy(update={"documents": kept, "as_of": dt.date(2025, 10, 31)})
    return pack, LoadedEvidence(model=model, metrics=ev.metrics)


def test_dan_tien_the_tthc_report_for_3_2_1_and_3_2_2_is_counted_once():
    # both criteria need "Báo cáo kết quả tiếp nhận, giải quyết TTHC năm 2025": made at 3.2.2,
    # used by 3.2.1 right after it; the total counts it once (it said 29)
    pack, ev = _dan_tien_without_the_tthc_report()
    plan = plan_fixes(pack, ev, strict_evidence=True, target=Decimal(95))  # type: ignore[arg-type]
    steps = [(f.candidate.code, f.effort, f.shared_with) for f in plan.fixes]
    assert steps[:2] == [("3.2.2", 1, ()), ("3.2.1", 0, ("3.2.2",))]
    # 29: 7.3.4 at full marks is out of reach by 31 December (its year-to-date rate), 7.3.1 and
    # 3.2.4 make up for it
    assert plan.total_effort == sum(f.effort for f in plan.fixes) == 29
    assert plan.total_effort == sum(f.candidate.effort for f in plan.fixes) - 1


def test_word_and_html_report_plans_show_the_shared_effort(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from .report_helpers import cell_texts, docx_tables, parse_html

    text = (ROOT / "evidence" / "dan-tien-2025.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: bc-tthc-10-thang")
    end = text.index("  - id:", start + 1)
    evidence = tmp_path / "dan-tien.yaml"
    evidence.write_text(text[:start] + text[end:], encoding="utf-8")
    out = tmp_path / "bao-cao.docx"
    args = ["report", str(evidence), "--plan", "--target", "95", "--strict-evidence"]
    assert main([*args, "-o", str(out)]) == 0
    [fixes] = [t for t in docx_tables(out.read_bytes()) if t[0][:2] == ["STT", "Mã"]]
    rows = {row[1]: row for row in fixes[1:]}
    assert rows["3.2.1"][5] == "0"
    assert rows["3.2.1"][3].endswith("\nCông sức 0: dùng chung tài liệu với tiêu chí 3.2.2")
    assert rows["3.2.2"][5] == "1"
    page = tmp_path / "bao-cao.html"
    assert main([*args, "-o", str(page)]) == 0
    html = parse_html(page.read_text(encoding="utf-8"))
    shown = {
        r.attrs["data-code"]: cell_texts(r)
        for r in html.find("table", class_="gaps fixes").find_all("tr")
        if "data-code" in r.attrs
    }
    assert shown["3.2.1"][5] == "0"
    assert shown["3.2.1"][3].endswith("Công sức 0: dùng chung tài liệu với tiêu chí 3.2.2")
    capsys.readouterr()
    assert main(["plan", str(evidence), "--target", "95", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total_effort"] == sum(f["effort"] for f in data["fixes"]) == 29
    shared = [(f["code"], f["effort"], f["shared_with"]) for f in data["fixes"] if f["shared_with"]]
    assert shared == [("3.2.1", 0, ["3.2.2"])]
