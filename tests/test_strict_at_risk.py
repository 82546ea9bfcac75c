"""Under strict evidence (appraisal) a criterion lacking its documents is scored 0: its points
are among those lost, none is still at risk. The summary, the fields table's total and the text
output say so alike; without strict evidence they are at risk, as before."""

from __future__ import annotations

from pathlib import Path

from parscore.loader import load_evidence
from parscore.report.build import build_context
from parscore.report.render import render_report
from parscore.report.text import render_score_text
from parscore.scoring import score

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "evidence" / "dan-tien-2025.yaml"  # 3.1.6 and 4.1.2 lack documents: 2,6 points


def _row(markdown: str, start: str) -> str:
    return next(line for line in markdown.splitlines() if line.startswith(start))


def test_strict_evidence_counts_missing_documents_as_lost_not_at_risk() -> None:
    evidence, pack = load_evidence(SAMPLE)
    strict = score(pack, evidence, strict_evidence=True)
    ctx = build_context(strict, pack, evidence)
    assert ctx.summary.at_risk == 0 and ctx.summary.criteria_at_risk == 0
    assert sum(f.at_risk for f in ctx.fields) == 0  # the fields' rows add up to their total
    md = render_report(ctx, "md").decode()
    assert _row(md, "| Điểm có nguy cơ bị trừ |") == (
        "| Điểm có nguy cơ bị trừ | 0 | 2 tiêu chí thiếu tài liệu kiểm chứng đã bị tính 0 điểm"
        " (2,6 điểm, đã tính trong điểm bị mất); bổ sung tài liệu để lấy lại |"
    )
    assert _row(md, "| | **Tổng cộng** |").endswith("| 0 | |")
    assert "### Tiêu chí bị tính 0 điểm do thiếu tài liệu kiểm chứng" in md
    assert (
        "<h3>Tiêu chí bị tính 0 điểm do thiếu tài liệu kiểm chứng</h3>"
        in render_report(ctx, "html").decode()
    )
    text = render_score_text(strict)
    assert "thiếu tài liệu kiểm chứng (đã bị trừ khi thẩm định): 2;" in text
    assert "  Thiếu minh chứng: 3.1.6, 4.1.2 (2,6 điểm đã bị trừ khi thẩm định)" in text


def test_a_self_assessment_keeps_them_at_risk() -> None:
    evidence, pack = load_evidence(SAMPLE)
    result = score(pack, evidence)
    ctx = build_context(result, pack, evidence)
    assert ctx.summary.at_risk == ctx.summary.criteria_at_risk == sum(f.at_risk for f in ctx.fields)
    assert str(ctx.summary.at_risk) in ("2.6", "2.60")
    md = render_report(ctx, "md").decode()
    assert _row(md, "| Điểm có nguy cơ bị trừ |") == (
        "| Điểm có nguy cơ bị trừ | 2,6 | do thiếu tài liệu kiểm chứng (2 tiêu chí) |"
    )
    assert "### Tiêu chí có nguy cơ bị trừ điểm (thiếu tài liệu kiểm chứng)" in md
    text = render_score_text(result)
    assert "  Thiếu minh chứng: 3.1.6, 4.1.2 (2,6 điểm có nguy cơ bị trừ)" in text
