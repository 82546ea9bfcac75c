"""What scoring as appraisal does (strict evidence) is said in one sentence, ``STRICT_EVIDENCE_RULE``,
by every output that says it: the text, Markdown, HTML and Word reports, plans and the commands'
help. It names the bonus too: a bonus item missing a required document is not added; a result
under a pack without bonus or penalty items says the criteria's part only."""

from __future__ import annotations

from pathlib import Path

from parscore.planner import plan_fixes, with_counterpart
from parscore.report.plan_text import render_plan_text
from parscore.report.plan_view import appraisal_note
from parscore.report.render import render_report
from parscore.report.text import render_score_text
from parscore.scoring import score
from parscore.vi import STRICT_EVIDENCE_RULE, strict_evidence_rule

from .report_helpers import CASES, context_for, docx_text, load_case

ROOT = Path(__file__).resolve().parent.parent
HEADER = f"Chế độ thẩm định: {STRICT_EVIDENCE_RULE}."


def test_the_rule_names_criteria_and_bonus_items() -> None:
    assert "tiêu chí thiếu tài liệu kiểm chứng bị tính 0 điểm" in STRICT_EVIDENCE_RULE
    assert "điểm thưởng thiếu tài liệu không được cộng" in STRICT_EVIDENCE_RULE


def test_no_output_writes_the_rule_by_hand() -> None:
    """Code and templates (the web app's too) use the constant: a copy would not follow it."""
    old = ("tài liệu kiểm chứng bị tính 0 điểm", "tài liệu kiểm chứng được 0 điểm")
    copies = [
        str(path.relative_to(ROOT))
        for folder in ("parscore", "templates")
        for path in sorted((ROOT / folder).rglob("*"))
        if path.suffix in (".py", ".j2", ".html")
        and path.name != "vi.py"
        and any(words in path.read_text(encoding="utf-8") for words in old)
    ]
    assert copies == []


def test_every_report_format_says_the_rule_under_strict_evidence() -> None:
    evidence, pack = load_case(CASES["staged"])
    ctx = context_for(evidence, pack, strict=True)
    said = f" {STRICT_EVIDENCE_RULE}."
    assert f"**Chế độ thẩm định:**{said}" in render_report(ctx, "md").decode()
    assert f"<strong>Chế độ thẩm định:</strong>{said}" in render_report(ctx, "html").decode()
    assert said in docx_text(render_report(ctx, "docx"))
    assert HEADER in render_score_text(score(pack, evidence, strict_evidence=True))
    assert STRICT_EVIDENCE_RULE not in render_report(context_for(evidence, pack), "md").decode()


def test_a_plan_says_the_rule_with_both_figures() -> None:
    evidence, pack = load_case(CASES["staged"])
    plan = with_counterpart(pack, evidence, plan_fixes(pack, evidence, strict_evidence=True))
    assert f"khi thẩm định ({STRICT_EVIDENCE_RULE})" in appraisal_note(plan)
    assert HEADER in render_plan_text(plan)


def test_a_pack_without_bonus_items_never_mentions_them() -> None:
    """Every commune of the real packs (none has bonus or penalty items) read that a bonus
    missing its documents is not added."""
    rule = strict_evidence_rule(False)
    assert rule == "tiêu chí thiếu tài liệu kiểm chứng bị tính 0 điểm"
    assert strict_evidence_rule(True) == STRICT_EVIDENCE_RULE
    evidence, pack = load_case(CASES["full"])
    ctx = context_for(evidence, pack, strict=True)
    assert not ctx.summary.adjusted
    outputs = {
        "md": render_report(ctx, "md").decode(),
        "html": render_report(ctx, "html").decode(),
        "docx": docx_text(render_report(ctx, "docx")),
        "text": render_score_text(score(pack, evidence, strict_evidence=True)),
    }
    plan = with_counterpart(pack, evidence, plan_fixes(pack, evidence, strict_evidence=True))
    outputs["plan"] = render_plan_text(plan) + appraisal_note(plan)
    for name, text in outputs.items():
        assert rule in text, name
        assert "điểm thưởng" not in text, name
