"""The planner attaches a bonus item's missing required documents as it attaches a criterion's.

Under strict evidence (appraisal, the plan's default) a listed bonus missing a required document
is not counted, so attaching it is a fix of effort 1 gaining what the total then adds, within the
bonus cap; in a self-assessment it gains nothing and is listed under "Bảo đảm điểm đã có" with
what the appraised total would lose without it (within the same cap, not always the item's
points). A penalty item never gets such a fix: it counts whatever the documents.

Hand-worked on the staged sample (see ``adjustment_helpers``): criteria 87.5, T1 +1.5 requiring
a decision, T2 +1, bonus cap 2, penalties 2. Under strict evidence without the decision: 87.5 +
1 − 2 = 86.5; with it: 87.5 + 2 − 2 = 87.5 (T1 adds 1: the cap takes the other 0.5). Raising a
criterion costs 3 here (2.2: +7.5 → 94; 1.2: +5)."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from parscore.cli.main import main
from parscore.compiled import LoadedPack
from parscore.leaf_points import LeafPoints
from parscore.loader import LoadedEvidence, pack_from_text
from parscore.planner import DOCUMENT_EFFORT, fix_candidates, plan_fixes, with_counterpart
from parscore.report.plan_document import build_plan_document
from parscore.report.plan_text import render_plan_md, render_plan_text
from parscore.report.plan_view import plan_view
from parscore.scoring import score

from .adjustment_helpers import DECISION, item_evidence, item_files, item_pack_text
from .report_helpers import docx_text

T1_TASK = (
    f"Bổ sung {DECISION} (tài liệu kiểm chứng mục điểm thưởng T1): để 1 điểm thưởng được cộng khi"
    " thẩm định (mục T1 được 1,5 điểm, tổng điểm thưởng chỉ tính tối đa 2 điểm)"
)
T2_DOCUMENT = "Bằng khen của UBND tỉnh"
T1_TITLE = "Sáng kiến chuyển đổi số được cấp tỉnh công nhận"


@pytest.fixture(scope="module")
def pack() -> LoadedPack:
    return pack_from_text(item_pack_text(), "pack.yaml")


@pytest.fixture(scope="module")
def both() -> LoadedPack:
    """T2 requires a document too: alone T1 adds 1.5 and T2 1; together 2 (the cap)."""
    text = item_pack_text()
    [line] = [x for x in text.splitlines() if "code: T2," in x]
    extra = f", evidence: [ {{ kind: bang_khen, title: {T2_DOCUMENT} }} ] }}"
    return pack_from_text(text.replace(line, line.rstrip(" }") + extra), "pack.yaml")


def test_under_appraisal_attaching_the_bonus_document_is_the_cheapest_fix(
    pack: LoadedPack,
) -> None:
    evidence = item_evidence(pack)
    plan = plan_fixes(pack, evidence, target=D("87.5"), strict_evidence=True)
    assert plan.reachable and plan.start_score == D("86.5")
    [fix] = plan.fixes
    assert (fix.candidate.code, fix.candidate.action) == ("T1", "attach")
    assert (fix.gain, fix.effort, fix.score_after) == (D(1), DOCUMENT_EFFORT, D("87.5"))
    assert fix.change == T1_TASK
    assert plan.final_score == D("87.5") == plan.final.total.score
    [doc] = plan.documents
    assert (doc.kind, doc.title, doc.supports) == ("quyet_dinh", DECISION, ["T1"])
    [t1] = [a for a in plan.final.adjustments if a.code == "T1"]
    assert t1.counted and not t1.missing
    assert plan.to_dict()["fixes"][0]["documents"] == [DECISION]


def test_the_plan_weighs_the_bonus_fix_against_raising_criteria(pack: LoadedPack) -> None:
    evidence = item_evidence(pack)
    plan = plan_fixes(pack, evidence, target=D(95), strict_evidence=True)
    assert [(f.candidate.code, f.gain) for f in plan.fixes] == [("2.2", D("7.5")), ("T1", D(1))]
    assert (plan.total_effort, plan.final_score) == (4, D(95))  # not 2.2 and 1.2: effort 6


def test_the_bonus_cap_is_counted_across_bonus_fixes(both: LoadedPack) -> None:
    """Each alone: T1 +1.5, T2 +1; together +2. 95 from 85.5 needs 2.2 (+7.5) and both."""
    evidence = item_evidence(both)
    cands = {c.code: c for c in fix_candidates(both, evidence, strict_evidence=True).candidates}
    assert (cands["T1"].secures, cands["T2"].secures) == (D("1.5"), D(1))
    plan = plan_fixes(both, evidence, target=D(95), strict_evidence=True)
    steps = [(f.candidate.code, f.gain) for f in plan.fixes]
    assert steps == [("2.2", D("7.5")), ("T1", D("1.5")), ("T2", D("0.5"))]
    assert (plan.total_effort, plan.final_score) == (5, D(95))
    assert plan.fixes[2].change.endswith(
        "để 0,5 điểm thưởng được cộng khi thẩm định (mục T2 được 1 điểm, tổng điểm thưởng chỉ tính"
        " tối đa 2 điểm)"
    )
    assert plan_fixes(both, evidence, target=D("87.5"), strict_evidence=True).total_effort == 2


def test_in_a_self_assessment_the_bonus_document_secures_points(pack: LoadedPack) -> None:
    """What it secures is capped as the appraised total is: without the decision appraisal counts
    T2 alone (1), with it the cap (2), so T1's documents secure 1 point, not its 1.5."""
    evidence = item_evidence(pack)
    plan = with_counterpart(pack, evidence, plan_fixes(pack, evidence, strict_evidence=False))
    assert plan.reachable and not plan.fixes  # 87.5 ≥ the goal 80: nothing to gain
    [secure] = plan.secure()
    assert (secure.code, secure.gain, secure.secures) == ("T1", 0, D(1))
    assert secure.description == (
        f"Bổ sung {DECISION} (tài liệu kiểm chứng mục điểm thưởng T1): để 1 điểm thưởng được"
        " cộng cả khi thẩm định (mục T1 được 1,5 điểm, tổng điểm thưởng chỉ tính tối đa 2 điểm)"
    )
    assert plan.appraised.total.score == D("86.5")  # what the council gives without it
    assert plan.appraised.total.score + secure.secures == plan.start_score  # 87.5: all of it
    assert "- T1: Bổ sung Quyết định" in render_plan_text(plan)
    # the report's list says it is a bonus item, as the plan table does
    assert [i.title for i in plan_view(plan).secure] == [f"Điểm thưởng: {T1_TITLE}"]


def test_in_a_self_assessment_each_bonus_item_secures_within_the_cap(both: LoadedPack) -> None:
    """Both items lack their documents: appraisal counts neither (0); each alone would count its
    own points, under the cap of 2, as under strict evidence."""
    evidence = item_evidence(both)
    cands = {c.code: c for c in fix_candidates(both, evidence).candidates}
    strict = {c.code: c for c in fix_candidates(both, evidence, strict_evidence=True).candidates}
    assert (cands["T1"].secures, cands["T2"].secures) == (D("1.5"), D(1))
    assert (strict["T1"].secures, strict["T2"].secures) == (D("1.5"), D(1))
    assert cands["T1"].description.endswith("để 1,5 điểm thưởng được cộng cả khi thẩm định")


def test_penalties_and_documented_bonuses_get_no_fix(pack: LoadedPack) -> None:
    decision = {"id": "qd", "kind": "quyet_dinh", "title": DECISION, "supports": ["T1"]}
    for evidence, codes in (
        (item_evidence(pack), {"T1"}),
        (item_evidence(pack, documents=[decision]), set()),
    ):
        for strict in (True, False):
            cands = fix_candidates(pack, evidence, strict_evidence=strict).candidates
            assert {c.code for c in cands if c.action == "attach"} == codes  # V1 lacks one too


def test_a_bonus_document_moves_the_planners_totals_as_score_does(pack: LoadedPack) -> None:
    evidence = item_evidence(pack)
    [doc] = plan_fixes(pack, evidence, target=D("87.5"), strict_evidence=True).documents
    for strict in (True, False):
        quick = LeafPoints(pack, evidence, strict_evidence=strict).changed({}, [doc]).total
        full = score(pack, evidence.with_changes(documents=[doc]), strict_evidence=strict).total
        assert (quick.bonus, quick.score) == (full.bonus, full.score)


def test_every_plan_output_names_the_bonus_item(pack: LoadedPack) -> None:
    evidence = item_evidence(pack)
    plan = plan_fixes(pack, evidence, target=D("87.5"), strict_evidence=True)
    plan = with_counterpart(pack, evidence, plan)
    assert f"\n     {T1_TASK}\n     +1 điểm → 87,5; công sức 1;" in render_plan_text(plan)
    assert T1_TASK in render_plan_md(plan)
    # the "Tiêu chí" column says it is a bonus item, not a criterion
    title = f"Điểm thưởng: {T1_TITLE}"
    assert f"  1. [T1] {title}\n" in render_plan_text(plan)
    assert f"| 1 | T1 | {title} | {T1_TASK}" in render_plan_md(plan)
    assert [f.title for f in plan_view(plan).fixes] == [title]
    assert [f.title for f in plan_view(plan_fixes(pack, evidence, target=D(94))).fixes] == [
        "Tỷ lệ hồ sơ nộp trực tuyến"  # a criterion's title as it is
    ]
    document = build_plan_document(pack, evidence, plan)
    [tasks] = [s for s in document.sections if s.number == "III"]
    [line] = tasks.parts[0][1]
    assert line.startswith(f"- {T1_TASK} (dự kiến tăng 1 điểm)")  # not "tiêu chí T1"


def test_cli_plan_attaches_the_bonus_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack, commune = item_files(tmp_path)
    scenario = tmp_path / "ke-hoach.yaml"
    args = ["plan", str(commune), "--pack", str(pack), "--target", "87,5"]
    assert main([*args, "--emit-scenario", str(scenario)]) == 0
    out = capsys.readouterr().out
    assert "ĐẠT mục tiêu với 1 việc, tổng công sức 1: 86,5 (Tốt) → 87,5 (Tốt)." in out
    assert T1_TASK in out
    assert main(["whatif", str(commune), str(scenario), "--pack", str(pack)]) == 0
    assert "Tổng điểm: 86,5 → 87,5 (+1)" in capsys.readouterr().out
    assert main([*args, "--self-assessment"]) == 0
    out = capsys.readouterr().out
    assert "Đã đạt mục tiêu: không cần thêm việc nào." in out
    assert (
        "mục điểm thưởng T1): để 1 điểm thưởng được cộng cả khi thẩm định (mục T1 được 1,5 điểm,"
        " tổng điểm thưởng chỉ tính tối đa 2 điểm)" in out
    )
    for suffix in (".md", ".html", ".docx"):  # the report's plan section
        target = tmp_path / f"bao-cao{suffix}"
        report = ["report", str(commune), "--pack", str(pack), "--plan", "--target", "87,5"]
        assert main([*report, "-o", str(target)]) == 0
        data = target.read_bytes()
        text = docx_text(data) if suffix == ".docx" else data.decode("utf-8")
        assert T1_TASK in text
        assert f"Điểm thưởng: {T1_TITLE}" in text  # the plan table's "Tiêu chí" column
        # in a self-assessment the document is listed under "Bảo đảm điểm đã có", titled so too
        assert main([*report, "--self-assessment", "-o", str(target), "--force"]) == 0
        data = target.read_bytes()
        text = docx_text(data) if suffix == ".docx" else data.decode("utf-8")
        listed = text.split("Bảo đảm điểm đã có (bổ sung tài liệu kiểm chứng)")[1]
        assert f"Điểm thưởng: {T1_TITLE}: Bổ sung {DECISION}" in listed


def test_a_document_a_criterion_and_a_bonus_item_share_is_made_once() -> None:
    """T1 requires the decision and a report that 1.1 requires too (same title and kind): T1's
    fix, with more documents, makes the report; 1.1's then costs nothing and says from where.
    Strict: 1.1 scores 0 without it (13.5/20 → 67.5 + 1 − 2 = 66.5); both → 87.5 + 2 − 2."""
    report = "Báo cáo chuyển đổi số năm"
    wanted = f"{{ kind: bao_cao, title: {report} }}"
    text = item_pack_text().replace(
        f"{{ kind: quyet_dinh, title: {DECISION} }} ]",
        f"{{ kind: quyet_dinh, title: {DECISION} }}, {wanted} ]",
    )
    text = text.replace(
        "score: { check: plan_issued }",
        f"score: {{ check: plan_issued }}\n        evidence: [ {wanted} ]",
    )
    pack = pack_from_text(text, "pack.yaml")
    evidence = item_evidence(pack)
    plan = plan_fixes(pack, evidence, target=D("87.5"), strict_evidence=True)
    assert plan.start_score == D("66.5") and plan.final_score == D("87.5")
    assert [(f.candidate.code, f.effort) for f in plan.fixes] == [("T1", 1), ("1.1", 0)]
    shared = plan.fixes[1]
    assert shared.effort_note == "dùng chung tài liệu với mục điểm thưởng T1"
    assert shared.change.startswith(
        f"Dùng {report} (bổ sung ở việc của mục điểm thưởng T1) làm tài liệu kiểm chứng cả tiêu"
        " chí 1.1"
    )
    [doc] = [d for d in plan.documents if d.title == report]
    assert doc.supports == ["T1", "1.1"]


def test_explain_a_bonus_item_hints_its_missing_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``explain T1`` hints the planner's attach fix, worded as a criterion's hints; a penalty
    item and a bonus item with its documents get none."""
    pack, commune = item_files(tmp_path)
    args = ["explain", str(commune), "T1", "--pack", str(pack)]
    assert main([*args, "--strict-evidence"]) == 0
    out = capsys.readouterr().out
    assert out.endswith(f"Để tăng điểm:\n  - {T1_TASK} (+1 điểm tổng, công sức 1)\n")
    assert main(args) == 0  # a self-assessment: the fix secures what the cap leaves of it
    assert capsys.readouterr().out.endswith(
        f"Để tăng điểm:\n  - Bổ sung {DECISION} (tài liệu kiểm chứng mục điểm thưởng T1): để 1"
        " điểm thưởng được cộng cả khi thẩm định (mục T1 được 1,5 điểm, tổng điểm thưởng chỉ tính"
        " tối đa 2 điểm) (công sức 1)\n"
    )
    for code in ("V1", "T2"):
        assert main(["explain", str(commune), code, "--pack", str(pack)]) == 0
        assert "Để tăng điểm" not in capsys.readouterr().out
    documents = (
        f"documents:\n  - {{ id: qd, kind: quyet_dinh, title: {DECISION}, supports: [T1] }}\n"
    )
    pack, commune = item_files(tmp_path, documents)
    assert main(["explain", str(commune), "T1", "--pack", str(pack), "--strict-evidence"]) == 0
    assert "Để tăng điểm" not in capsys.readouterr().out


GAPS_HEADING = "3. Các lĩnh vực, mục điểm thưởng còn mất điểm hoặc có nguy cơ bị trừ điểm"


def _missing_points(pack: LoadedPack, evidence: LoadedEvidence) -> tuple[str, ...]:
    plan = with_counterpart(pack, evidence, plan_fixes(pack, evidence, strict_evidence=True))
    [goals] = [s for s in build_plan_document(pack, evidence, plan).sections if s.number == "II"]
    found = [(h, lines) for h, lines in goals.parts if h.startswith("3. ")]
    assert [h for h, _ in found] in ([], [GAPS_HEADING])  # the heading names bonus items too
    return found[0][1] if found else ()


def test_the_plan_document_lists_a_bonus_item_missing_its_document(
    pack: LoadedPack, both: LoadedPack
) -> None:
    """Section II.3 words it as a field losing points: what appraisal gives, what attaching the
    document adds (the cap named when it takes some); once attached, the line goes."""
    t1 = (
        f"- Mục điểm thưởng T1. {T1_TITLE}: đạt 0/1,5 điểm khi thẩm định (thiếu tài liệu kiểm chứng"
        f" {DECISION}), còn 1 điểm có thể tăng (tổng điểm thưởng chỉ tính tối đa 2 điểm)."
    )
    lines = _missing_points(pack, item_evidence(pack))  # under "… mục điểm thưởng …"
    assert lines[-1] == t1
    assert lines[0].startswith("- Lĩnh vực I. ")  # the fields' lines first
    decision = {"id": "qd", "kind": "quyet_dinh", "title": DECISION, "supports": ["T1"]}
    attached = _missing_points(pack, item_evidence(pack, documents=[decision]))
    assert not [x for x in attached if "điểm thưởng" in x]
    # each alone: T1 +1.5, T2 +1; together the cap takes 0.5: both lines name it
    t1, t2 = _missing_points(both, item_evidence(both))[-2:]
    assert t1.endswith("còn 1,5 điểm có thể tăng (tổng điểm thưởng chỉ tính tối đa 2 điểm).")
    assert t2.startswith("- Mục điểm thưởng T2. ")
    assert t2.endswith(
        f"(thiếu tài liệu kiểm chứng {T2_DOCUMENT}), còn 1 điểm có thể tăng (tổng điểm thưởng"
        " chỉ tính tối đa 2 điểm)."
    )
