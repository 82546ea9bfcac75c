"""``parscore diff --format html``: one self-contained page, rendered by Jinja (autoescaped)."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..diffing import KIND_VI, PackDiff, describe
from .diff_text import diff_sections, drift_view, pack_line, summary_line

__all__ = ["render_diff_html"]


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("parscore.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["describe"] = describe
    env.filters["pack_line"] = pack_line
    env.filters["trend"] = lambda text: (
        "up" if text.startswith("+") else "down" if text.startswith("−") else ""
    )
    return env


def render_diff_html(diff: PackDiff, labels: dict[str, str]) -> str:
    template = _environment().get_template("diff.html.j2")
    return template.render(
        diff=diff,
        summary=summary_line(diff),
        sections=diff_sections(diff),
        kinds=KIND_VI,
        views=[drift_view(d, labels) for d in diff.drift],
    )
