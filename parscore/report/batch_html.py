"""``parscore batch -o FILE.html``: a one-page province summary, self-contained.

Rendered by the report module's Jinja environment (autoescaped, strict undefined names, the
Vietnamese number filters) from ``templates/batch.html.j2``; the score distribution is an inline
SVG built here (no external files, fonts or scripts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from ..batch import BatchSummary
from ..numbers import vi_number
from .batch_table import adjusted, previous_packs_note
from .filters import Formatter, percent
from .render import make_environment

__all__ = ["BAND_COLORS", "distribution", "distribution_chart", "render_batch_html"]

BAND_COLORS = ("#2e7d32", "#1565c0", "#f9a825", "#c62828", "#6a1b9a", "#757575")
BINS = 20
WIDTH, HEIGHT = 720, 250
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 30, 40


@dataclass(frozen=True)
class Bin:
    low: Decimal
    high: Decimal
    counts: dict[str, int]  # band label -> communes whose score falls in [low, high)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def distribution(summary: BatchSummary, scale: Decimal) -> list[Bin]:
    """Communes per score bin (20 equal bins over 0..scale; the last includes the scale)."""
    width = scale / BINS
    bins = [
        Bin(width * i, width * (i + 1), {label: 0 for label in summary.band_order})
        for i in range(BINS)
    ]
    for c in summary.communes:
        total = c.score.totals.official
        index = min(max(int(total.score / width), 0), BINS - 1) if width > 0 else 0
        label = total.band or "—"
        bins[index].counts[label] = bins[index].counts.get(label, 0) + 1
    return bins


def distribution_chart(bins: Sequence[Bin], band_order: Sequence[str], scale: Decimal) -> Markup:
    """An ``<svg>`` histogram: one bar per bin, stacked by band."""
    peak = max((b.total for b in bins), default=0) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    bar_w = plot_w / len(bins)
    colors = {
        label: BAND_COLORS[min(i, len(BAND_COLORS) - 1)] for i, label in enumerate(band_order)
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" font-family="sans-serif" font-size="11" '
        'aria-labelledby="dist-title">',
        '<title id="dist-title">Phân bố điểm của các xã</title>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" stroke="#333"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#333"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{peak}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end">0</text>',
        f'<text x="{LEFT}" y="{TOP - 12}" fill="#333">Số xã theo khoảng điểm</text>',
    ]
    for i, b in enumerate(bins):
        x = LEFT + i * bar_w
        y: float = TOP + plot_h
        for label in [*band_order, *(k for k in b.counts if k not in band_order)]:
            n = b.counts.get(label, 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            color = colors.get(label, BAND_COLORS[-1])
            tip = f"{vi_number(b.low)}–{vi_number(b.high)} điểm, {label}: {n} xã"
            parts.append(
                f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                f'fill="{color}"><title>{escape(tip)}</title></rect>'
            )
        if b.total:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle">{b.total}</text>'
            )
    for i in range(0, len(bins) + 1, 2):
        x = LEFT + i * bar_w
        value = scale * i / len(bins)
        parts.append(
            f'<text x="{x:.1f}" y="{TOP + plot_h + 14}" text-anchor="middle">{vi_number(value)}</text>'
        )
    legend_x = LEFT
    for label in band_order:
        parts.append(
            f'<rect x="{legend_x}" y="{HEIGHT - 14}" width="10" height="10" fill="{colors[label]}"/>'
            f'<text x="{legend_x + 14}" y="{HEIGHT - 5}">{escape(label)}</text>'
        )
        legend_x += 24 + 7 * len(label)
    parts.append("</svg>")
    return Markup("".join(parts))


def render_batch_html(summary: BatchSummary, notice: str = "", warn: bool = False) -> str:
    """The page; ``notice`` is a line shown under the title (the web app says whether the results
    are official or provisional there), in a warning box when ``warn``."""
    pack = summary.pack
    formatter = Formatter(pack.places if pack else 2, pack.mode if pack else "half_up")
    env = make_environment("html", formatter)
    scale = summary.communes[0].score.totals.scale if summary.communes else Decimal(100)
    chart = distribution_chart(distribution(summary, scale), summary.band_order, scale)
    synthetic = sum(1 for c in summary.communes if c.score.totals.synthetic)
    strict = any(c.score.totals.strict_evidence for c in summary.communes)
    has_previous = any(c.previous is not None for c in summary.communes)
    return env.get_template("batch.html.j2").render(
        summary=summary,
        notice=notice,
        notice_warn=warn,
        pack=pack,
        index_name=summary.index_name,
        chart=chart,
        synthetic=synthetic,
        strict=strict,
        has_previous=has_previous,
        adjusted=adjusted(summary),
        matched=sum(1 for c in summary.communes if c.previous is not None),
        previous_note=previous_packs_note(other) if (other := summary.previous_packs()) else "",
        band_rows=[
            (label, count, percent(Decimal(count), Decimal(len(summary.communes))))
            for label, count in summary.bands.items()
        ],
        colors={
            label: BAND_COLORS[min(i, len(BAND_COLORS) - 1)]
            for i, label in enumerate(summary.band_order)
        },
    )
