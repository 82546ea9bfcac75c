"""Terminal and Markdown views of a fix plan and of a what-if comparison, in Vietnamese."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..model.result import LeafResult, NodeResult, Result
from ..numbers import vi_number, vi_points
from ..planning.records import Candidate, Plan, PlannedFix
from ..vi import strict_evidence_rule, vi_date
from .plan_view import appraisal_note
from .text import result_header, status_words

if TYPE_CHECKING:  # what-if results are only read here: the scenario modules load with them
    from ..planning.whatif import NodeChange, WhatIf

__all__ = ["render_plan_md", "render_plan_text", "render_whatif_text"]


def _n(result: Result, value: Decimal) -> str:
    """A reported number, rounded by the pack's rule, with a decimal comma."""
    return vi_points(value, result.pack.places, result.pack.mode)


def _signed(result: Result, value: Decimal) -> str:
    """``+2,5`` / ``−0,25`` / ``0``, rounded by the pack's rule."""
    text = _n(result, abs(value))
    if text == "0":
        return text
    return ("+" if value > 0 else "−") + text


def _header(plan: Plan) -> list[str]:
    return result_header(plan.start, f"Kế hoạch nâng điểm {plan.start.pack.index}")


def _verdict(plan: Plan) -> list[str]:
    base, final = plan.start, plan.final
    start = f"{vi_number(plan.start_score)} ({base.total.band or '—'})"
    end = f"{vi_number(plan.final_score)} ({final.total.band or '—'})"
    lines = [f"Điểm hiện tại: {start}; mục tiêu: ≥ {vi_number(plan.target)} điểm"]
    if not plan.fixes and plan.reachable:
        lines.append("Đã đạt mục tiêu: không cần thêm việc nào.")
    elif plan.reachable:
        lines.append(
            f"ĐẠT mục tiêu với {len(plan.fixes)} việc, tổng công sức {plan.total_effort}: "
            f"{start} → {end}."
        )
    else:
        lines.append(
            f"KHÔNG THỂ đạt mục tiêu với các việc lập được kế hoạch. Điểm cao nhất có thể đạt: {end},"
            f" với {len(plan.fixes)} việc, tổng công sức {plan.total_effort}."
        )
    note = appraisal_note(plan)
    if note:
        lines.append(note)
    return lines


def _owner(c: Candidate) -> str:
    deadline = vi_date(c.deadline) if c.deadline is not None else "—"
    return f"chủ trì: {c.owner or '—'}; thời hạn: {deadline}"


def _extras(plan: Plan, top: int | None) -> list[str]:
    base = plan.start
    lines: list[str] = []
    secure = plan.secure()
    if secure:
        lines += [
            "",
            "Bảo đảm điểm đã có (bổ sung tài liệu kiểm chứng, tránh bị trừ khi thẩm định):",
        ]
        lines += [f"  - {c.code}: {c.description}; {_owner(c)}" for c in secure]
    if plan.candidates.blocked:
        lines += ["", "Không thể lập kế hoạch:"]
        lines += [f"  - {b.code} {b.title}: {b.reason}" for b in plan.candidates.blocked]
    if plan.candidates.missing:
        lines += ["", "Thiếu số liệu (khai báo rồi lập lại kế hoạch):"]
        lines += [
            f"  - {m.code} {m.title}: {'; '.join(m.labels or m.inputs)} (tới {_n(base, m.stake)}"
            " điểm tổng)"
            for m in plan.candidates.missing
        ]
    if top is not None:
        ranked = plan.candidates.ranked()[:top]
        lines += [
            "",
            f"{len(ranked)} việc hiệu quả nhất (điểm tổng trên một đơn vị công sức; mỗi việc làm"
            f" riêng, từ điểm hiện tại {vi_number(plan.start_score)}):",
        ]
        for i, c in enumerate(ranked, 1):
            after = f" → {vi_number(c.score_after)}" if c.score_after is not None else ""
            lines.append(
                f"  {i}. {c.code} {_signed(base, c.shown_gain(base))} điểm{after}, công sức"
                f" {c.effort} ({vi_number(c.shown_ratio(base))} điểm/công sức): {c.description}"
            )
        differ = _differ_from_plan(plan, ranked)
        if differ:
            lines.append(
                "  (Trong kế hoạch, điểm tăng của mỗi việc tính từ điểm tổng sau các việc làm trước"
                " nó, nên khác khi làm riêng: " + "; ".join(differ) + ".)"
            )
    if plan.notes:
        lines += ["", "Ghi chú:"] + [f"  - {note}" for note in plan.notes]
    return lines


def _differ_from_plan(plan: Plan, ranked: list[Candidate]) -> list[str]:
    """The listed fixes the plan also makes whose gain there differs from theirs alone
    (``3.1.6: +0,51 khi làm riêng, +0,5 ở việc 3``): a rounded total moves by a rounded step."""
    base = plan.start
    steps = {id(f.candidate): (i, f) for i, f in enumerate(plan.fixes, 1)}
    out: list[str] = []
    for c in ranked:
        step = steps.get(id(c))
        if step is None:
            continue
        i, fix = step
        alone = c.shown_gain(base)
        if fix.gain != alone:
            out.append(
                f"{c.code}: {_signed(base, alone)} khi làm riêng, {_signed(base, fix.gain)} ở việc {i}"
            )
    return out


def render_plan_text(plan: Plan, top: int | None = None) -> str:
    base = plan.start
    lines = [*_header(plan), "", *_verdict(plan)]
    if plan.fixes:
        lines += ["", "Các việc cần làm (theo thứ tự; điểm tổng sau mỗi việc):"]
        for i, fix in enumerate(plan.fixes, 1):
            c = fix.candidate
            lines.append(f"{i:>3}. [{c.code}] {c.shown_title}")
            lines.append(f"     {fix.change}")
            lines.append(
                f"     {_signed(base, fix.gain)} điểm → {vi_number(fix.score_after)};"
                f" công sức {fix.effort_text}; {_owner(c)}"
            )
    lines += _extras(plan, top)
    return "\n".join(lines) + "\n"


def _with_note(fix: PlannedFix) -> str:
    """A fix's task in a table, with why its effort is shared when it is (the effort's own
    column is too narrow for it)."""
    note = fix.effort_note
    return f"{fix.change} (công sức {fix.effort}: {note})" if note else fix.change


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render_plan_md(plan: Plan, top: int | None = None) -> str:
    base = plan.start
    lines = ["# " + _header(plan)[0], ""]
    lines += [f"- {line.strip()}" for line in _header(plan)[1:]]
    lines += [f"- {line}" for line in _verdict(plan)]
    if plan.fixes:
        lines += [
            "",
            "## Các việc cần làm",
            "",
            "| STT | Mã | Tiêu chí | Việc cần làm | Điểm tăng | Công sức | Điểm sau | Chủ trì | Thời hạn |",
            "|---:|---|---|---|---:|---:|---:|---|---|",
        ]
        for i, fix in enumerate(plan.fixes, 1):
            c = fix.candidate
            deadline = vi_date(c.deadline) if c.deadline is not None else "—"
            lines.append(
                f"| {i} | {c.code} | {_cell(c.shown_title)} | {_cell(_with_note(fix))}"
                f" | {_signed(base, fix.gain)} | {fix.effort} | {vi_number(fix.score_after)} | {_cell(c.owner or '—')}"
                f" | {_cell(deadline)} |"
            )
    extras = _extras(plan, top)
    out: list[str] = []
    for line in extras:
        if line and not line.startswith(" "):
            out += ([""] if out else []) + [f"## {line.rstrip(':')}", ""]
        elif line:
            out.append(line.strip())
    return "\n".join(lines + ([""] if out else []) + out) + "\n"


def render_whatif_text(w: WhatIf) -> str:
    base, new = w.base, w.new
    lines = [f"Kịch bản: {w.title or 'không tên'}", f"Xã: {new.commune}"]
    if base.pack.id != new.pack.id or base.pack.sha256 != new.pack.sha256:
        lines.append(f"Gói quy tắc: {base.pack.id} → {new.pack.id} (lần sửa {new.pack.revision})")
    else:
        lines.append(f"Gói quy tắc: {new.pack.id} (lần sửa {new.pack.revision})")
    if new.strict_evidence:
        lines.append(f"Chế độ thẩm định: {strict_evidence_rule(new.pack.adjustments)}.")
    t0, t1 = base.total, new.total
    lines.append(
        f"Tổng điểm: {vi_number(t0.score)} → {vi_number(t1.score)}"
        f" ({_signed(new, w.delta)}); xếp loại: {t0.band or '—'} → {t1.band or '—'}"
    )
    if t1.goal is not None:
        status = "ĐẠT" if t1.goal_met else f"còn thiếu {vi_number(t1.gap or 0)} điểm"
        lines.append(f"Mục tiêu ≥ {vi_number(t1.goal)}: {status}")
    if not w.changes:
        lines.append("Không tiêu chí nào thay đổi.")
    for title, rows in (("Theo lĩnh vực:", w.fields()), ("Theo tiêu chí:", w.leaves())):
        if rows:
            lines += ["", title] + [_change_row(w, c) for c in rows]
    if w.notes:
        lines += ["", "Ghi chú:"] + [f"  - {n}" for n in w.notes]
    return "\n".join(lines) + "\n"


def _change_row(w: WhatIf, c: NodeChange) -> str:
    def side(node: NodeResult | LeafResult | None, result: Result) -> str:
        if node is None:
            return "—"
        if node.tracked:  # no points: met or not
            return f"theo dõi ({status_words(node)})"
        return f"{_n(result, node.points)} ({status_words(node)})"

    delta = c.delta
    shown = f" [{_signed(w.new, delta)}]" if delta is not None else ""
    return f"  {c.code:<8} {side(c.before, w.base)} → {side(c.after, w.new)}{shown}  {c.title}"
