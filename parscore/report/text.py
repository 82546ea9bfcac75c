"""Terminal views of a result, in Vietnamese: the score table and one criterion's explanation."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import Decimal

from ..compiled import LoadedPack
from ..loader import LoadedEvidence
from ..model.citation import cite
from ..model.result import LeafResult, NodeResult, Result, Total
from ..numbers import vi_number, vi_points
from ..vi import SOURCE_STATUS_VI, strict_evidence_rule, vi_date
from ..wording import Wording, kind_words, rule_sources, rule_words
from .adjustment_words import (
    Claimed,
    adjustment_note,
    bonus_risk_codes,
    bonus_risk_words,
    missing_words,
    points_at_risk,
    result_claimed,
)

__all__ = [
    "SOURCE_VI",
    "STATUS_VI",
    "render_explain",
    "render_item_explain",
    "render_score_text",
    "result_header",
    "state_words",
]

STATUS_VI = {
    "full": "đạt tối đa",
    "partial": "một phần",
    "zero": "0 điểm",
    "missing": "thiếu số liệu",
    "na": "không áp dụng",
    "at_risk": "thiếu minh chứng",
}

# A tracked target (no points): met or not, never "full marks" or "0 points".
TRACKED_VI = {
    "full": "đạt",
    "partial": "đạt một phần",
    "zero": "chưa đạt",
    "missing": "thiếu số liệu",
    "na": "không áp dụng",
    "at_risk": "thiếu minh chứng",
}

SOURCE_VI = SOURCE_STATUS_VI


def state_words(status: str, tracked: bool = False) -> str:
    """A criterion's state in words; a tracked target's (no points) as met or not."""
    words = TRACKED_VI if tracked else STATUS_VI
    return words.get(status, status)


def status_words(node: LeafResult | NodeResult) -> str:
    """A criterion's state in words; a tracked one's as met or not."""
    return state_words(node.status, node.tracked)


def _r(result: Result, value: Decimal) -> str:
    """Points, or a maximum beside them, as reported: rounded by the pack's rule."""
    return vi_points(value, result.pack.places, result.pack.mode)


def _cut(text: str, width: int) -> str:
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def result_header(result: Result, heading: str | None = None) -> list[str]:
    """Who, which pack (with the provisional warning), data date, synthetic notice, strictness.
    ``heading`` defaults to the index's name."""
    heading = heading or result.pack.index
    lines = [f"{heading} – {result.commune}" + (f", năm {result.year}" if result.year else "")]
    pack = result.pack
    lines.append(f"Gói quy tắc: {pack.id} (lần sửa {pack.revision})")
    if pack.status == "provisional":
        lines.append(
            "  ⚠ Gói quy tắc TẠM THỜI: một số điểm, ngưỡng chưa lấy từ quyết định chính thức."
        )
    if result.as_of:
        lines.append(f"Số liệu tính đến ngày: {vi_date(result.as_of)}")
    if result.synthetic:
        lines.append(f"  ⚠ Dữ liệu mẫu: {result.synthetic}")
    if result.strict_evidence:
        lines.append(f"Chế độ thẩm định: {strict_evidence_rule(result.pack.adjustments)}.")
    return lines


def render_score_text(result: Result, claimed: Claimed | None = None) -> str:
    """Each field's points / max, then total, band, goal, gap and counts to act on."""
    lines = result_header(result)
    lines.append("")
    title_w = 52
    lines.append(f"{'Mã':<6}{'Lĩnh vực':<{title_w}}{'Điểm / Tối đa':>16}  Trạng thái")
    lines.append("-" * (6 + title_w + 16 + 14))
    for node in result.criteria:
        shown = f"{_r(result, node.points)} / {_r(result, node.applicable_max)}"
        if isinstance(node, NodeResult) and node.tracked:
            shown = "theo dõi"
        lines.append(
            f"{node.code:<6}{_cut(node.title, title_w - 2):<{title_w}}{shown:>16}  "
            f"{status_words(node)}"
        )
    lines.append("-" * (6 + title_w + 16 + 14))
    t = result.total
    scale = vi_number(result.scale)
    lines.append(
        f"Tổng điểm: {_r(result, t.points)} / {_r(result, t.applicable_max)} điểm áp dụng"
        f" → {vi_number(t.score)} / {scale} điểm"
        + ("" if t.applicable_max == result.scale else " (quy đổi về thang điểm)")
    )
    if result.pack.adjustments:
        note = adjustment_note(t, result.scale, result.pack.places, result.pack.mode, claimed)
        lines.append(
            f"Điểm thưởng: +{_r(result, t.bonus)}; điểm trừ: −{_r(result, t.penalty)} ({note})"
        )
    lines.append(f"Xếp loại: {t.band or '—'}")
    if t.goal is not None:
        status = "ĐẠT" if t.goal_met else f"CHƯA ĐẠT, còn thiếu {vi_number(t.gap or 0)} điểm"
        lines.append(f"Mục tiêu: ≥ {vi_number(t.goal)} điểm – {status}")
    lines.extend(stage_lines(result))
    all_leaves = list(result.leaves())
    leaves = [leaf for leaf in all_leaves if not leaf.tracked]
    tracked = [leaf for leaf in all_leaves if leaf.tracked and leaf.status != "na"]
    missing = [leaf for leaf in leaves if leaf.status == "missing"]
    at_risk = [leaf for leaf in leaves if leaf.status == "at_risk"]
    over = [leaf for leaf in leaves if leaf.over_claim]
    na = [leaf for leaf in leaves if leaf.status == "na"]
    # under strict evidence a criterion lacking documents is scored 0 already
    risk_words = "đã bị trừ khi thẩm định" if result.strict_evidence else "có nguy cơ bị trừ"
    lines.append(
        f"Tiêu chí thiếu số liệu: {len(missing)}; thiếu tài liệu kiểm chứng ({risk_words}): "
        f"{len(at_risk)}; không áp dụng: {len(na)}; tự chấm cao hơn điểm tính được: {len(over)}"
    )
    if missing:
        lines.append("  Thiếu số liệu: " + ", ".join(leaf.code for leaf in missing))
    bonus = bonus_risk_words(result, claimed)  # a bonus appraisal leaves out, in the total
    if at_risk or bonus:
        criteria = sum((leaf.at_risk_points for leaf in at_risk), Decimal(0))
        risk = points_at_risk(criteria, result, claimed)
        codes = [leaf.code for leaf in at_risk] + bonus_risk_codes(claimed)
        lines.append(
            "  Thiếu minh chứng: "
            + ", ".join(codes)
            + f" ({_r(result, risk)} điểm {risk_words}{_bonus_part(bonus, bool(at_risk))})"
        )
    if over:
        lines.append("  Tự chấm cao hơn: " + ", ".join(leaf.code for leaf in over))
    if tracked:
        met = sum(1 for leaf in tracked if leaf.met)
        unknown = sum(1 for leaf in tracked if leaf.status == "missing")
        lines.append(
            f"Chỉ tiêu theo dõi (không tính điểm): {met}/{len(tracked)} đạt"
            + (f", {unknown} chưa có số liệu" if unknown else "")
        )
    survey = [leaf for leaf in leaves if leaf.survey and leaf.status != "na"]
    if survey:
        lines.append(
            f"Ghi chú: {len(survey)} tiêu chí chấm qua điều tra xã hội học là điểm ước tính."
        )
    for w in result.warnings:
        if w.code != "W010":
            lines.append(f"Cảnh báo{' ' + w.criterion if w.criterion else ''}: {w.message}")
    lines.append("Xem chi tiết một tiêu chí: parscore explain <tệp minh chứng> <mã tiêu chí>")
    return "\n".join(lines) + "\n"


def _bonus_part(bonus: str, criteria: bool) -> str:
    """``, gồm 1 điểm thưởng của mục T1`` after criteria's points at risk, ``: 1 điểm thưởng …``
    when the bonus is all of them; "" without a bonus."""
    if not bonus:
        return ""
    return f", gồm {bonus}" if criteria else f": {bonus}"


STAGE_VI = {
    "computed": "Tính từ số liệu",
    "self": "Tự chấm",
    "round_1": "Thẩm định vòng 1",
    "round_2": "Thẩm định vòng 2",
}


def stage_lines(result: Result) -> list[str]:
    """The appraisal stages side by side with the computed total; the official one marked."""
    if not result.stages:
        return []
    columns = [("computed", result.total), *result.stages.items()]
    official = result.official_stage
    heads = [STAGE_VI[key] + (" *" if key == official else "") for key, _ in columns]
    width = max(18, *(len(h) + 2 for h in heads))
    rows = [
        ("Điểm đạt", [_r(result, t.points) for _, t in columns]),
        ("Điểm", [vi_number(t.score) for _, t in columns]),
        ("Xếp loại", [t.band or "—" for _, t in columns]),
    ]
    if result.pack.adjustments:
        rows.insert(1, ("Thưởng / trừ", [_adjusted(result, t) for _, t in columns]))
    out = ["", "Điểm theo giai đoạn:", f"{'':<14}" + "".join(f"{h:>{width}}" for h in heads)]
    out += [f"{label:<14}" + "".join(f"{v:>{width}}" for v in values) for label, values in rows]
    out.append(f"(* kết quả chính thức: {STAGE_VI[official].lower()})")
    return out


def _adjusted(result: Result, total: Total) -> str:
    return f"+{_r(result, total.bonus)} / −{_r(result, total.penalty)}"


def render_explain(result: Result, pack: LoadedPack, code: str, hints: list[str]) -> str:
    """One criterion: inputs, rule, points, evidence, owner, source and what would raise it."""
    node = result.find(code)
    assert node is not None
    lines = [f"Tiêu chí {node.code} – {node.title}"]
    if node.tracked:
        lines.append(f"Chỉ tiêu theo dõi (không tính điểm): {status_words(node)}")
    else:
        lines.append(
            f"Điểm: {_r(result, node.points)} / {_r(result, node.applicable_max)}"
            f" ({status_words(node)}), mất {_r(result, node.lost)} điểm"
        )
    crit = next(c for c in pack.walk() if c.code == node.code)
    if isinstance(node, NodeResult):
        lines.append("Gồm các tiêu chí:")
        for child in node.children:
            shown = (
                "theo dõi"
                if child.tracked
                else f"{_r(result, child.points)} / {_r(result, child.applicable_max)}"
            )
            lines.append(
                f"  {child.code:<8} {shown:>15}  {status_words(child):<18} {_cut(child.title, 60)}"
            )
        return "\n".join(lines) + "\n"
    assert isinstance(node, LeafResult)
    words = Wording(pack)
    compiled = pack.leaves[node.code].rule
    lines.append(f"Cách chấm: {kind_words(node.kind)}")
    if node.inputs:
        shown = "; ".join(
            f"{words.label(k)} = {words.measured(v, k)}" for k, v in node.inputs.items()
        )
        lines.append(f"Số liệu: {shown}")
    lines.append(f"Lý do: {words.explanation(node.explanation, rule_sources(compiled))}")
    lines.append(f"Quy tắc: {rule_words(words, compiled, node.max)}")
    ev = node.evidence
    if ev.required or ev.documents:
        docs = ", ".join(ev.documents) or "chưa có"
        lines.append(f"Tài liệu kiểm chứng: cần {ev.required}, có {ev.found} (tài liệu: {docs})")
        for title in ev.missing:
            lines.append(f"  Còn thiếu: {title}")
    if node.claim is not None:
        flag = " – CAO HƠN điểm tính được" if node.over_claim else ""
        lines.append(f"Điểm tự chấm: {_r(result, node.claim)}{flag}")
    if node.appraisal is not None:
        lines.append(f"Điểm thẩm định: {_r(result, node.appraisal)}")
    if node.stages and not node.tracked:
        shown = "; ".join(
            f"{STAGE_VI[key].lower()} {_r(result, value) if value is not None else '—'}"
            for key, value in node.stages
        )
        lines.append(f"Điểm theo giai đoạn: {shown}")
    if node.appraisal_note:
        lines.append(f"Ý kiến thẩm định: {node.appraisal_note}")
    if node.commune_explanation:
        lines.append(f"Giải trình của xã: {node.commune_explanation}")
    if crit.target:
        lines.append(f"Yêu cầu năm: {crit.target}")
    if crit.owner or crit.partners:
        lines.append(
            f"Cơ quan chủ trì: {crit.owner or '—'}; phối hợp: {', '.join(crit.partners) or '—'}"
        )
    if crit.deadline is not None:
        lines.append(f"Thời hạn: {vi_date(crit.deadline)}")
    if crit.source is not None:
        status = SOURCE_VI.get(crit.source.status, crit.source.status)
        note = f" – {crit.source.note}" if crit.source.note else ""
        lines.append(f"Nguồn: {cite(pack.model, crit.source)} ({status}){note}")
    if node.survey:
        lines.append("Ghi chú: chấm qua điều tra xã hội học; điểm là ước tính đến khi có kết quả.")
    if hints:
        lines.append("Để tăng điểm:")
        lines.extend(f"  - {h}" for h in hints)
    return "\n".join(lines) + "\n"


def render_item_explain(
    result: Result,
    pack: LoadedPack,
    evidence: LoadedEvidence,
    code: str,
    hints: Sequence[str] = (),
) -> str:
    """One bonus or penalty item (``explain EVIDENCE T1``): its points, its group's cap, the
    documents it requires, whether the evidence lists it (with the reason and its documents), how
    the total includes the items and the planner's hints (its missing documents attached)."""
    found = pack.model.adjustments.item(code)
    assert found is not None
    side, item = found
    group = getattr(pack.model.adjustments, side)
    bonus = side == "bonus"
    word = "điểm thưởng" if bonus else "điểm trừ"
    lines = [
        f"Mục {word} {item.code} – {item.title}",
        f"Điểm: {'+' if bonus else '−'}{_r(result, item.points)}"
        f" ({word} của mọi mục cộng lại tối đa {_r(result, group.max)} điểm)",
    ]
    if item.evidence:
        lines.append("Tài liệu kiểm chứng phải có: " + "; ".join(r.title for r in item.evidence))
    listed = evidence.model.adjustments
    line = next((a for a in result.adjustments if a.code == code), None)
    if code in listed and line is not None:
        lines.append(f"Tệp minh chứng liệt kê mục này, lý do: {listed[code]}")
        ev = line.evidence
        if ev.required:
            docs = ", ".join(ev.documents) or "chưa có"
            lines.append(
                f"Tài liệu kiểm chứng: cần {ev.required}, có {ev.found} (tài liệu: {docs})"
            )
            lines.extend(f"  Còn thiếu: {title}" for title in ev.missing)
            if ev.missing:
                lines.append(f"  → {missing_words(line)[0].upper()}{missing_words(line)[1:]}.")
        elif ev.documents:
            lines.append("Tài liệu kiểm chứng: " + ", ".join(ev.documents))
    else:
        lines.append("Tệp minh chứng không liệt kê mục này: không được tính.")
    t = result.total
    claimed = result_claimed(pack, result, evidence)
    note = adjustment_note(t, result.scale, result.pack.places, result.pack.mode, claimed)
    lines.append(
        f"Cả tệp: điểm thưởng +{_r(result, t.bonus)}, điểm trừ −{_r(result, t.penalty)} ({note})"
    )
    if item.source is not None:
        status = SOURCE_VI.get(item.source.status, item.source.status)
        source_note = f" – {item.source.note}" if item.source.note else ""
        lines.append(f"Nguồn: {cite(pack.model, item.source)} ({status}){source_note}")
    if hints:
        lines.append("Để tăng điểm:")
        lines.extend(f"  - {h}" for h in hints)
    return "\n".join(lines) + "\n"
