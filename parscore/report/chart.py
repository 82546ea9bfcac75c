"""The per-field bar chart as inline SVG: no external files, fonts or scripts; prints on A4.

Each field (lĩnh vực) gets one bar of its applicable maximum: points that are secured, points at
risk (computed but without the required evidence) and points lost. A dashed line marks the goal as a
share of the scale (e.g. 90%).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from markupsafe import Markup, escape

from .context import FieldRow
from .filters import Formatter, percent

__all__ = ["field_chart"]

WIDTH = 720
LABEL_W = 300
BAR_X = 310
BAR_W = 290
ROW_H = 38
TOP = 44  # room for the axis caption (y=14) and, under it, the goal's label
LINE_CHARS = 46
COLORS = {"secured": "#2e7d32", "at_risk": "#f9a825", "lost": "#e3e3e3", "goal": "#c62828"}


def field_chart(
    fields: Sequence[FieldRow], fmt: Formatter, goal: Decimal | None, scale: Decimal
) -> Markup:
    """An ``<svg>`` element: one bar per scored field (tracked fields are left out)."""
    rows = [f for f in fields if not f.tracked]
    height = TOP + ROW_H * len(rows) + 40
    parts: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" font-family="sans-serif" font-size="12" '
        f'aria-labelledby="chart-title">',
        '<title id="chart-title">Điểm theo lĩnh vực</title>',
        f'<text x="{BAR_X}" y="14" fill="#333">Tỷ lệ điểm đạt trên điểm tối đa áp dụng</text>',
    ]
    for i, row in enumerate(rows):
        parts.extend(_bar(row, TOP + i * ROW_H, fmt))
    if goal is not None and scale > 0:
        x = BAR_X + _frac(min(goal, scale), scale) * BAR_W
        bottom = TOP + ROW_H * len(rows) - 6
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{bottom}" stroke="{COLORS["goal"]}" '
            'stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{TOP - 9}" text-anchor="middle" fill="{COLORS["goal"]}" '
            f'font-size="11">Mục tiêu {escape(fmt.pts(goal))} điểm</text>'
        )
    parts.extend(_legend(TOP + ROW_H * len(rows) + 14))
    parts.append("</svg>")
    return Markup("\n".join(parts))


def _frac(part: Decimal, whole: Decimal) -> float:
    if whole <= 0:
        return 0.0
    return float(max(Decimal(0), min(part / whole, Decimal(1))))


def _bar(row: FieldRow, y: int, fmt: Formatter) -> list[str]:
    out: list[str] = []
    lines = _wrap(f"{row.code}. {row.title}", LINE_CHARS, 2)
    first_y = y + (12 if len(lines) > 1 else 18)
    for k, line in enumerate(lines):
        out.append(f'<text x="0" y="{first_y + 14 * k}" fill="#222">{escape(line)}</text>')
    bar_y, bar_h = y + 6, 18
    out.append(
        f'<rect x="{BAR_X}" y="{bar_y}" width="{BAR_W}" height="{bar_h}" fill="{COLORS["lost"]}"/>'
    )
    if row.applicable_max > 0:
        secured = row.points - row.at_risk
        w_secured = _frac(secured, row.applicable_max) * BAR_W
        w_risk = _frac(row.at_risk, row.applicable_max) * BAR_W
        if w_secured > 0:
            out.append(
                f'<rect x="{BAR_X}" y="{bar_y}" width="{w_secured:.1f}" height="{bar_h}" '
                f'fill="{COLORS["secured"]}"/>'
            )
        if w_risk > 0:
            out.append(
                f'<rect x="{BAR_X + w_secured:.1f}" y="{bar_y}" width="{w_risk:.1f}" height="{bar_h}" '
                f'fill="{COLORS["at_risk"]}"/>'
            )
        label = (
            f"{fmt.pts(row.points)}/{fmt.pts(row.applicable_max)} "
            f"({percent(row.points, row.applicable_max)})"
        )
    else:
        label = "không áp dụng"
    out.append(f'<text x="{BAR_X + BAR_W + 8}" y="{bar_y + 13}" fill="#222">{escape(label)}</text>')
    return out


def _legend(y: int) -> list[str]:
    items = (
        ("secured", "Điểm đạt"),
        ("at_risk", "Có nguy cơ bị trừ (thiếu minh chứng)"),
        ("lost", "Điểm bị mất"),
    )
    out: list[str] = []
    x = 0
    for key, text in items:
        out.append(
            f'<rect x="{x}" y="{y}" width="12" height="12" fill="{COLORS[key]}" stroke="#999" '
            'stroke-width="0.5"/>'
        )
        out.append(f'<text x="{x + 17}" y="{y + 10}" fill="#333">{escape(text)}</text>')
        x += 30 + 7 * len(text)
    return out


def _wrap(text: str, width: int, max_lines: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines
