"""The year-end projection in words: terminal text, and the lines the report sections share."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..frozen_records import frozen_record
from ..model.result import Result
from ..planning.projection import ProjectedLeaf, Projection
from ..vi import COMPUTED_SCORE, strict_evidence_rule, vi_date
from .filters import Formatter

__all__ = [
    "METHOD",
    "ProjectionView",
    "leaf_risk",
    "projection_dict",
    "projection_lines",
    "projection_view",
    "render_projection_text",
]

METHOD = (
    "Cách dự báo: số liệu lũy kế từ đầu năm được kéo dài đến cuối năm theo nhịp hiện tại;"
    " phương án thận trọng tính phần còn lại của năm bằng một nửa nhịp hiện tại cho việc tốt"
    " và đủ nhịp cho việc xấu, giữ nguyên tỷ lệ đạt được của các phần trên tổng."
)


def method_text(p: Projection, f: Formatter) -> str:
    """How the projection is made; with bonus and penalty points, that the scores include them
    as they stand (the projection does not change them). Nothing when nothing was projected
    (``p.note`` says why: the year is over, no data date, nothing counted from 1 January)."""
    if p.note:
        return ""
    t = p.now.total
    if not (p.now.pack.adjustments and (t.bonus or t.penalty)):
        return METHOD
    return (
        f"{METHOD} Các điểm đã gồm điểm thưởng +{f.pts(t.bonus)} và điểm trừ −{f.pts(t.penalty)}"
        " như hiện có (dự báo không thay đổi các mục thưởng, trừ)."
    )


@frozen_record
class ProjectionView:
    """The projection as report templates see it: text already in Vietnamese, numbers formatted."""

    lines: tuple[str, ...]  # the verdict
    at_risk: bool
    inputs: tuple[tuple[str, str, str, str], ...]  # label, now, linear, conservative (with unit)
    criteria: tuple[
        tuple[str, str, str, str, str, str], ...
    ]  # code, title, now, linear, cons., risk
    overdue: tuple[str, ...]
    method: str


def projection_view(p: Projection) -> ProjectionView:
    f = Formatter(p.now.pack.places, p.now.pack.mode)

    def unit(u: str) -> str:
        return f" {u}" if u and u != "%" else ""

    return ProjectionView(
        lines=tuple(projection_lines(p, f)),
        at_risk=p.goal_at_risk,
        inputs=tuple(
            (
                i.label,
                f.pts(i.now),
                f.pts(i.linear) + unit(i.unit),
                f.pts(i.conservative) + unit(i.unit),
            )
            for i in p.inputs
        ),
        criteria=tuple(
            (
                leaf.code,
                leaf.title.rstrip("."),
                f"{f.pts(leaf.now)}/{f.pts(leaf.max)}",
                f.pts(leaf.linear),
                f.pts(leaf.conservative),
                leaf_risk(leaf, f, in_table=True) or "—",
            )
            for leaf in p.leaves
        ),
        overdue=tuple(
            f"{t.code} {t.title.rstrip('.')}: hạn {vi_date(t.deadline)} đã qua, đang đạt"
            f" {f.pts(t.points)}/{f.pts(t.max)} điểm"
            for t in p.overdue
        ),
        method=method_text(p, f),
    )


def leaf_risk(leaf: ProjectedLeaf, f: Formatter, *, in_table: bool = False) -> str:
    """What the cautious projection says of a criterion: points it has now that it may lose,
    and how far it stays below its maximum ("" when it reaches the maximum). Points lost
    already are not called a risk. ``in_table``: beside a column of the cautious projection,
    which then need not be named."""
    parts = []
    drop, short = f.pts(leaf.now - leaf.conservative), f.pts(leaf.max - leaf.conservative)
    if leaf.now > leaf.conservative and drop != "0":  # (as shown: rounded by the pack's rule)
        parts.append(f"có nguy cơ mất {drop} điểm đang có")
    if leaf.max > leaf.conservative and short != "0" and leaf.now < leaf.max:
        which = "" if in_table else "theo phương án thận trọng "
        parts.append(f"{which}còn thiếu {short} điểm so với tối đa")
    return ", ".join(parts)


def _shown(f: Formatter, result: Result) -> str:
    return f"{f.pts(result.total.score)} ({result.total.band or '—'})"


def projection_lines(p: Projection, f: Formatter) -> list[str]:
    """The verdict: elapsed share, the three totals, and whether the goal is at risk by how much."""
    if p.note:
        return [p.note, f"Điểm hiện tại: {_shown(f, p.now)}; mục tiêu: ≥ {f.pts(p.goal)} điểm."]
    share = f.pts(p.elapsed * 100)
    mode = (
        f" Điểm tính như khi thẩm định ({strict_evidence_rule(p.now.pack.adjustments)})."
        if p.now.strict_evidence
        else f" {COMPUTED_SCORE.capitalize()} (tài liệu thiếu vẫn giữ điểm)."
    )
    lines = [
        f"Số liệu đến ngày {vi_date(p.as_of)} (đã qua {share}% thời gian của năm); dự báo đến"
        f" ngày {vi_date(p.year_end)}.{mode}",
        f"Điểm hiện tại: {_shown(f, p.now)}; cuối năm theo nhịp hiện tại: {_shown(f, p.linear)};"
        f" theo phương án thận trọng: {_shown(f, p.conservative)}; mục tiêu: ≥ {f.pts(p.goal)} điểm.",
    ]
    linear_short = max(Decimal(0), p.goal - p.linear.total.score)
    if not p.goal_at_risk:
        lines.append("Đạt mục tiêu cả theo phương án thận trọng.")
    elif linear_short > 0:
        lines.append(
            f"NGUY CƠ KHÔNG ĐẠT mục tiêu: theo nhịp hiện tại còn thiếu {f.pts(linear_short)} điểm,"
            f" theo phương án thận trọng thiếu {f.pts(p.shortfall)} điểm."
        )
    else:
        lines.append(
            f"Có nguy cơ: theo nhịp hiện tại đạt mục tiêu, nhưng theo phương án thận trọng thiếu"
            f" {f.pts(p.shortfall)} điểm."
        )
    return lines


def render_projection_text(p: Projection, heading: str) -> str:
    f = Formatter(p.now.pack.places, p.now.pack.mode)
    lines = [heading, *projection_lines(p, f)]
    if p.inputs:
        lines += ["", "Số liệu lũy kế (hiện tại → cuối năm theo nhịp hiện tại / thận trọng):"]
        for i in p.inputs:
            unit = f" {i.unit}" if i.unit and i.unit != "%" else ""
            lines.append(
                f"  - {i.label}: {f.pts(i.now)} → {f.pts(i.linear)} / {f.pts(i.conservative)}{unit}"
            )
    if p.leaves:
        lines += ["", "Tiêu chí (điểm hiện tại → cuối năm theo nhịp hiện tại / thận trọng):"]
        for leaf in p.leaves:
            risk = leaf_risk(leaf, f)
            lines.append(
                f"  - {leaf.code} {leaf.title.rstrip('.')}: {f.pts(leaf.now)} → {f.pts(leaf.linear)} /"
                f" {f.pts(leaf.conservative)} trên {f.pts(leaf.max)} điểm{'; ' + risk if risk else ''}"
            )
    if p.overdue:
        lines += ["", "Việc đã quá hạn mà tiêu chí chưa đạt điểm tối đa:"]
        for t in p.overdue:
            lines.append(
                f"  - {t.code} {t.title.rstrip('.')}: hạn {vi_date(t.deadline)} đã qua, đang đạt"
                f" {f.pts(t.points)}/{f.pts(t.max)} điểm"
            )
    method = method_text(p, f)
    if method:
        lines += ["", method]
    return "\n".join(lines) + "\n"


def projection_dict(p: Projection) -> dict[str, Any]:
    r = p.now.pack.r
    return {
        "as_of": p.as_of.isoformat() if p.as_of else None,
        "year_end": p.year_end.isoformat(),
        "elapsed": r(p.elapsed * 100),
        "goal": r(p.goal),
        "score": {
            "now": r(p.now.total.score),
            "linear": r(p.linear.total.score),
            "conservative": r(p.conservative.total.score),
        },
        "goal_at_risk": p.goal_at_risk,
        "shortfall": r(p.shortfall),
        "inputs": {
            i.name: {"now": r(i.now), "linear": r(i.linear), "conservative": r(i.conservative)}
            for i in p.inputs
        },
        "criteria": [
            {
                "code": leaf.code,
                "max": r(leaf.max),
                "now": r(leaf.now),
                "linear": r(leaf.linear),
                "conservative": r(leaf.conservative),
                "at_risk": leaf.at_risk,
            }
            for leaf in p.leaves
        ],
        "overdue": [
            {"code": t.code, "deadline": t.deadline.isoformat(), "points": r(t.points)}
            for t in p.overdue
        ],
        "note": p.note,
    }
